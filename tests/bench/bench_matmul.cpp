// The machine's matrix-multiply rate through LibTorch: the ceiling for the
// forward pass's GFLOP/s.
//   bench_matmul [M] [f32|bf16] [K] [N] [THREADS]
// (M×K)·(K×N) products (default 1024, f32, square; LibTorch's default
// threads); bf16 goes through LibTorch's oneDNN path (AMX where the CPU has it).
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "benchutil.h"

using bench::cpuSeconds;

int main(int argc, char** argv) {
    const int64_t m = argc > 1 ? std::stoll(argv[1]) : 1024;
    const std::string dtype = argc > 2 ? argv[2] : "f32";
    const int64_t k = argc > 3 ? std::stoll(argv[3]) : m;
    const int64_t n = argc > 4 ? std::stoll(argv[4]) : m;
    if (argc > 5) torch::set_num_threads(std::stoi(argv[5]));
    const auto type = dtype == "bf16" ? torch::kBFloat16 : torch::kFloat32;
    auto a = torch::randn({m, k}).to(type), b = torch::randn({k, n}).to(type), c = torch::empty({m, n}, type);
    torch::mm_out(c, a, b); // warm-up
    std::vector<double> rates, cpuRates;
    const double flop = 2.0 * static_cast<double>(m) * static_cast<double>(k) * static_cast<double>(n);
    const int rounds = flop > 1e10 ? 7 : 15;
    for (int r = 0; r < rounds; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpuSeconds();
        torch::mm_out(c, a, b);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rates.push_back(flop / s / 1e9);
        cpuRates.push_back(flop / (cpuSeconds() - c0) / 1e9);
    }
    std::sort(rates.begin(), rates.end());
    std::sort(cpuRates.begin(), cpuRates.end());
    std::printf("{\"n\": %lld, \"m\": %lld, \"k\": %lld, \"dtype\": \"%s\", \"threads\": %d, \"gflops_median\": %.2f, "
                "\"gflops_max\": %.2f, \"gflops_cpu_median\": %.2f}\n",
                static_cast<long long>(n), static_cast<long long>(m), static_cast<long long>(k),
                type == torch::kBFloat16 ? "bf16" : "f32", torch::get_num_threads(), rates[rates.size() / 2],
                rates.back(), cpuRates[cpuRates.size() / 2]);
    return 0;
}
