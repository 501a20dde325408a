// The machine's single-precision matrix-multiply rate through the BLAS that
// LibTorch uses: the ceiling for the forward pass's GFLOP/s.
//   bench_matmul [N]   (default 1024)
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const int64_t n = argc > 1 ? std::stoll(argv[1]) : 1024;
    auto a = torch::randn({n, n}), b = torch::randn({n, n}), c = torch::empty({n, n});
    torch::mm_out(c, a, b); // warm-up
    std::vector<double> rates;
    for (int r = 0; r < 15; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        torch::mm_out(c, a, b);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rates.push_back(2.0 * n * n * n / s / 1e9);
    }
    std::sort(rates.begin(), rates.end());
    std::printf("{\"n\": %lld, \"threads\": %d, \"gflops_median\": %.2f, \"gflops_max\": %.2f}\n",
                static_cast<long long>(n), torch::get_num_threads(), rates[rates.size() / 2], rates.back());
    return 0;
}
