// Benchmarks: wall and CPU clocks, the median of repeated timings, and the
// "--name N" integer options after the positional arguments.
#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>
#include <initializer_list>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

inline double secs(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// CPU seconds of the whole process (all threads): with one compute thread
// this is the wall time an idle machine would show, and it hardly moves when
// other processes compete for the cores (the wall time does).
inline double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The upper median (0 for none).
inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// Reads "--name N" pairs from argv[first] on into the named integers; false
// (after a message on stderr) on a name not in `flags`.
inline bool parseIntOptions(int argc, char** argv, int first,
                            std::initializer_list<std::pair<const char*, int*>> flags) {
    for (int i = first; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const auto it = std::find_if(flags.begin(), flags.end(), [&](const auto& f) { return k == f.first; });
        if (it == flags.end()) {
            std::cerr << "unknown option " << k << "\n";
            return false;
        }
        *it->second = std::stoi(argv[i + 1]);
    }
    return true;
}

} // namespace bench
