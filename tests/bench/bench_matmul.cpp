// The machine's single-precision matrix-multiply rate through the BLAS that
// LibTorch uses: the ceiling for the forward pass's GFLOP/s.
//   bench_matmul [N]   (default 1024)
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

// CPU seconds of the process: with one BLAS thread, the rate an idle core gives.
static double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

int main(int argc, char** argv) {
    const int64_t n = argc > 1 ? std::stoll(argv[1]) : 1024;
    auto a = torch::randn({n, n}), b = torch::randn({n, n}), c = torch::empty({n, n});
    torch::mm_out(c, a, b); // warm-up
    std::vector<double> rates, cpuRates;
    for (int r = 0; r < 15; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpuSeconds();
        torch::mm_out(c, a, b);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rates.push_back(2.0 * n * n * n / s / 1e9);
        cpuRates.push_back(2.0 * n * n * n / (cpuSeconds() - c0) / 1e9);
    }
    std::sort(rates.begin(), rates.end());
    std::sort(cpuRates.begin(), cpuRates.end());
    std::printf("{\"n\": %lld, \"threads\": %d, \"gflops_median\": %.2f, \"gflops_max\": %.2f, "
                "\"gflops_cpu_median\": %.2f}\n",
                static_cast<long long>(n), torch::get_num_threads(), rates[rates.size() / 2], rates.back(),
                cpuRates[cpuRates.size() / 2]);
    return 0;
}
