// sharelens-cli: the command-line tool. See DESIGN.md's command-line contract.
// Progress goes to stderr, results to stdout or files; bad input exits 1 with
// a one-line reason, bad usage exits 2.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli_commands.h"
#include "sharelens/error.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return sharelens::cli::run(args);
    } catch (const sharelens::cli::UsageError& e) {
        std::cerr << "sharelens-cli: " << e.what() << "\nTry 'sharelens-cli --help'.\n";
        return 2;
    } catch (const sharelens::Cancelled&) {
        std::cerr << "sharelens-cli: cancelled\n";
        return 130;
    } catch (const sharelens::Error& e) {
        std::cerr << "sharelens-cli: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "sharelens-cli: internal error: " << e.what() << "\n";
        return 3;
    }
}
