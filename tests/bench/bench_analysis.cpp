// Activation capture + similarity benchmark: tokens per second and achieved
// GFLOP/s of the forward pass, printed as one JSON line so that
// run-analysis-bench.sh can put it beside the reference script's figures.
//
//   bench_analysis MODEL_DIR IDS.json [pearson|cosine|cka [WORKERS]]
#include <chrono>
#include <iostream>
#include <string>

#include "benchutil.h"
#include "sharelens/analysis.h"
#include "sharelens/data.h"
#include "sharelens/model.h"
#include "model/models.h"

using bench::cpuSeconds;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: bench_analysis MODEL_DIR IDS.json [metric]\n";
        return 2;
    }
    try {
        auto model = sharelens::Model::load(argv[1]);
        const auto seqs = sharelens::readTokenIds(argv[2]);
        const auto nSeq = seqs.size();
        const auto len = static_cast<double>(seqs.front().size());
        sharelens::CaptureOptions o;
        if (argc > 3 && !sharelens::parseMetric(argv[3], o.metric)) throw sharelens::Error("unknown metric");
        if (argc > 4) o.threads = std::stoi(argv[4]); // default: one capture worker per CPU
        model->evaluate({seqs[0]});                   // warm-up
        auto t0 = std::chrono::steady_clock::now();
        model->evaluate(seqs);
        const double forwardSecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        t0 = std::chrono::steady_clock::now();
        const double c0 = cpuSeconds();
        const auto r = sharelens::computeSimilarity(*model, seqs, o);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpu = cpuSeconds() - c0;
        // Forward FLOPs of the blocks: 2 * block parameters per token + attention scores and mixing.
        const auto& c = model->config();
        const double H = c.hiddenSize, L = c.numLayers, I = c.intermediateSize;
        const double perToken = L * (2.0 * (4 * H * H + 2 * H * I) + 2.0 * 2 * len * H / 2);
        const double tokens = static_cast<double>(nSeq) * len;
        std::cout << "{\"seconds\": " << secs << ", \"tokens\": " << tokens << ", \"tokens_per_s\": " << tokens / secs
                  << ", \"gflops\": " << perToken * tokens / secs / 1e9 << ", \"cpu_seconds\": " << cpu
                  << ", \"gflops_cpu\": " << perToken * tokens / cpu / 1e9
                  << ", \"forward_only_seconds\": " << forwardSecs << ", \"s01\": " << r.similarity(0, 1)
                  << ", \"blas_threads\": " << sharelens::blasThreadCount() << ", \"workers\": " << r.workers << "}\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_analysis: " << e.what() << "\n";
        return 1;
    }
}
