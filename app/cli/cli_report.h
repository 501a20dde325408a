// `sharelens-cli report`: the PDF report of a saved session.
#pragma once

#include <string>
#include <vector>

namespace sharelens::cli {

// report SESSION.sharelens [--out FILE.pdf]; returns the exit code.
int cmdReport(const std::vector<std::string>& rest);

} // namespace sharelens::cli
