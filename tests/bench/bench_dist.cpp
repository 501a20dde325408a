// Data-parallel training steps of the baseline GPT-2 model through the
// engine's ModelTrainer, as one rank of a distributed job (the torchrun
// environment: RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT) or as one process
// (no environment; --threads N splits the batch over N step workers).
// Rank 0 prints one JSON line: tokens/s of the whole job (global batch x
// sequence length / median step time), the median time per step spent in
// the collectives (waiting for the slower rank included), and the time of
// the gradient reduction alone, measured after a barrier on the same bytes
// (the pure transfer cost). run-dist-bench.sh starts 1 and 2 processes.
//
//   bench_dist MODEL_DIR [--batch B] [--seq-len T] [--steps N] [--warmup W] [--threads N]
#include <torch/torch.h>

#include <iostream>
#include <string>
#include <vector>

#include "bench_step.h"
#include "benchutil.h"
#include "dist/collectives.h"
#include "model/model_impl.h"
#include "model/models.h"
#include "sharelens/distributed.h"
#include "sharelens/model.h"
#include "train/train_state.h"

namespace {

using bench::Clock;
using bench::median;
using bench::secs;

struct Options {
    int batch = 8, seqLen = 128, steps = 10, warmup = 2, threads = 1;
};

bool parseOptions(int argc, char** argv, Options& o) {
    return bench::parseIntOptions(argc, argv, 2,
                                  {{"--batch", &o.batch},
                                   {"--seq-len", &o.seqLen},
                                   {"--steps", &o.steps},
                                   {"--warmup", &o.warmup},
                                   {"--threads", &o.threads}});
}

// Median seconds of reducing `grads`-sized buffers after a barrier.
double pureReduceSeconds(const std::vector<torch::Tensor>& params, int rounds) {
    std::vector<double> t;
    for (int i = 0; i < rounds; ++i) {
        std::vector<torch::Tensor> bufs;
        for (const auto& p : params) bufs.push_back(torch::ones_like(p));
        sharelens::dist::barrier();
        const auto t0 = Clock::now();
        sharelens::dist::sumInRankOrder(bufs, "the benchmark's reduction");
        t.push_back(secs(t0, Clock::now()));
    }
    return median(t);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_dist MODEL_DIR [--batch B] [--seq-len T] [--steps N] [--warmup W] [--threads N]\n";
        return 2;
    }
    Options opt;
    if (!parseOptions(argc, argv, opt)) return 2;
    try {
        using namespace sharelens;
        dist::init(dist::fromEnvironment());
        auto [model, ids, o] = bench::loadStepInput(argv[1], opt.batch, opt.seqLen, opt.threads);
        auto& net = *model->impl().net;
        ModelTrainer tr(net, o);
        std::vector<double> step, comm;
        for (int s = 0; s < opt.warmup + opt.steps; ++s) {
            dist::resetCommunicationSeconds();
            const auto t0 = Clock::now();
            tr.step(ids, 1e-4);
            if (s >= opt.warmup) {
                step.push_back(secs(t0, Clock::now()));
                comm.push_back(dist::communicationSeconds());
            }
        }
        int64_t bytes = 0;
        for (const auto& p : tr.parameters()) bytes += p.numel() * p.element_size();
        const double pure = dist::active() ? pureReduceSeconds(tr.parameters(), 5) : 0.0;
        if (dist::isWriter())
            std::cout << "{\"processes\": " << dist::world()
                      << ", \"step_workers\": " << (dist::active() ? 1 : tr.workers())
                      << ", \"blas_threads\": " << blasThreadCount() << ", \"step_s\": " << median(step)
                      << ", \"tokens_per_s\": " << opt.batch * opt.seqLen / median(step)
                      << ", \"comm_s_per_step\": " << median(comm) << ", \"pure_reduce_s\": " << pure
                      << ", \"gradient_bytes\": " << bytes << "}\n";
        dist::shutdown();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_dist: " << e.what() << "\n";
        return 1;
    }
}
