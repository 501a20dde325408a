// sharelens-cli as a library: the tool's main program and the tests call
// run() with a command line and the streams to write to.
#pragma once

#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sharelens::cli {

// Bad usage (exit code 2).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Runs one command line (without the program name): results go to `out`,
// progress and messages to `err`. Returns the exit code: 0 done, 1 bad
// input (a one-line reason), 2 bad usage, 3 internal error, 130 cancelled.
int run(const std::vector<std::string>& args, std::ostream& out = std::cout, std::ostream& err = std::cerr);

} // namespace sharelens::cli
