// sharelens-cli's entry point: the tool itself is the sharelens_cli library.
#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) { return sharelens::cli::run(std::vector<std::string>(argv + 1, argv + argc)); }
