// Linkage benchmark: seconds per call of sharelens::linkage for n = 80, 500
// and 2000 units (average and ward, uniform random distances in [0, 2)).
// Prints one line per case, "METHOD N SECONDS", the same shape as
// bench_linkage_scipy.py prints for SciPy; run-linkage-bench.sh compares them.
//
//   bench_linkage [N ...]   (default 80 500 2000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "sharelens/cluster.h"

namespace {

Eigen::MatrixXd randomDistances(int n, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0.0, 2.0);
    Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) d(i, j) = d(j, i) = u(rng);
    return d;
}

// Best of several timed runs, each repeating the call until ~0.2 s has passed.
double secondsPerCall(const Eigen::MatrixXd& d, sharelens::LinkageMethod m) {
    using clock = std::chrono::steady_clock;
    double best = 1e300;
    volatile double sink = 0;
    for (int run = 0; run < 5; ++run) {
        int calls = 0;
        const auto t0 = clock::now();
        double elapsed = 0;
        do {
            sink = sink + sharelens::linkage(d, m).back()[2];
            ++calls;
            elapsed = std::chrono::duration<double>(clock::now() - t0).count();
        } while (elapsed < 0.2);
        best = std::min(best, elapsed / calls);
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    std::mt19937_64 rng(12345);
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i) sizes.push_back(std::stoi(argv[i]));
    if (sizes.empty()) sizes = {80, 500, 2000};
    for (int n : sizes) {
        const Eigen::MatrixXd d = randomDistances(n, rng);
        for (auto m : {sharelens::LinkageMethod::Average, sharelens::LinkageMethod::Ward})
            std::printf("%s %d %.9f\n", sharelens::linkageName(m), n, secondsPerCall(d, m));
    }
    return 0;
}
