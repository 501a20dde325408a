#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace sharelens::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Runs one command line (without the program name); returns the exit code.
int run(const std::vector<std::string>& args);

} // namespace sharelens::cli
