// One training step (forward + backward + gradient clipping + AdamW step) of
// the baseline GPT-2 model, timed through the engine's ModelTrainer, with the
// phases timed separately; and the model-state bytes of the baseline against
// a shared model whose blocks are tied into groups of `--group` consecutive
// layers (12 layers, --group 3: {0,1,2},{3,4,5},{6,7,8},{9,10,11}). Prints one
// JSON line for run-train-bench.sh, which puts it beside reference_train.py.
//
//   bench_train MODEL_DIR [--batch B] [--seq-len T] [--steps N] [--warmup W] [--group G]
#include <torch/torch.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "bench_step.h"
#include "benchutil.h"
#include "model/model_impl.h"
#include "sharelens/checkpoint.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"
#include "train/train_state.h"

namespace {

using bench::Clock;
using bench::cpuSeconds;
using bench::median;
using bench::secs;

struct Options {
    int batch = 8, seqLen = 128, steps = 10, warmup = 3, group = 3, threads = 0;
};

// Reads the options after MODEL_DIR; false (after a message) on a bad one.
bool parseOptions(int argc, char** argv, Options& o) {
    return bench::parseIntOptions(argc, argv, 2,
                                  {{"--batch", &o.batch},
                                   {"--seq-len", &o.seqLen},
                                   {"--steps", &o.steps},
                                   {"--warmup", &o.warmup},
                                   {"--group", &o.group},
                                   {"--threads", &o.threads}});
}

struct BaselineTimes {
    std::vector<double> step, cpu, forward, backward, update;
    uint64_t stateBytes = 0;
    int workers = 1;
};

// The baseline's whole steps through ModelTrainer, then the same step split
// into phases on the trainer's parameters.
BaselineTimes timeBaseline(sharelens::CausalLM& net, const sharelens::TrainOptions& o, const torch::Tensor& ids,
                           int warmup, int steps) {
    using namespace sharelens;
    BaselineTimes b;
    ModelTrainer tr(net, o);
    b.workers = tr.workers();
    for (int s = 0; s < warmup + steps; ++s) {
        const auto t0 = Clock::now();
        const double c0 = cpuSeconds();
        tr.step(ids, 1e-4);
        if (s >= warmup) {
            b.step.push_back(secs(t0, Clock::now()));
            b.cpu.push_back(cpuSeconds() - c0);
        }
    }
    b.stateBytes = tr.modelStateBytes();
    torch::optim::AdamW opt(tr.parameters(), torch::optim::AdamWOptions(1e-4).betas({0.9, 0.95}));
    for (int s = 0; s < warmup + steps; ++s) {
        const auto t0 = Clock::now();
        for (auto& p : tr.parameters()) p.mutable_grad() = torch::Tensor();
        auto loss = nextTokenLoss(net, ids);
        loss.item<double>();
        const auto t1 = Clock::now();
        loss.backward();
        const auto t2 = Clock::now();
        torch::nn::utils::clip_grad_norm_(tr.parameters(), 1.0);
        opt.step();
        const auto t3 = Clock::now();
        if (s >= warmup) {
            b.forward.push_back(secs(t0, t1));
            b.backward.push_back(secs(t1, t2));
            b.update.push_back(secs(t2, t3));
        }
    }
    return b;
}

// Consecutive groups of `group` layers.
std::vector<std::vector<int>> consecutiveGroups(int layers, int group) {
    std::vector<std::vector<int>> groups;
    for (int l = 0; l < layers; l += group) {
        std::vector<int> g;
        for (int m = l; m < std::min(layers, l + group); ++m) g.push_back(m);
        groups.push_back(g);
    }
    return groups;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_train MODEL_DIR [--batch B] [--seq-len T] [--steps N] [--warmup W] [--group G] "
                     "[--threads N]\n";
        return 2;
    }
    Options opt;
    if (!parseOptions(argc, argv, opt)) return 2;
    const int batch = opt.batch, seqLen = opt.seqLen, steps = opt.steps, warmup = opt.warmup;
    try {
        using namespace sharelens;
        auto [model, ids, o] = bench::loadStepInput(argv[1], batch, seqLen, opt.threads);
        auto& net = *model->impl().net;
        const auto& cfg = model->config();
        const BaselineTimes base = timeBaseline(net, o, ids, warmup, steps);
        const uint64_t peakBaseline = peakResidentBytes(); // before the shared model exists
        // Shared model: consecutive groups of `group` layers, mean init.
        const auto plan = makePlan(model->checkpoint(), UnitKind::Blocks, consecutiveGroups(cfg.numLayers, opt.group));
        auto shared = makeSharedModel(*model, plan, ShareOptions{});
        uint64_t sharedState = 0;
        double sharedStep = 0;
        {
            ModelTrainer tr(*shared->impl().net, o);
            std::vector<double> t;
            for (int s = 0; s < warmup + std::max(1, steps / 2); ++s) {
                const auto t0 = Clock::now();
                tr.step(ids, 1e-4);
                if (s >= warmup) t.push_back(secs(t0, Clock::now()));
            }
            sharedState = tr.modelStateBytes();
            sharedStep = median(t);
        }
        const double step = median(base.step);
        std::cout << "{\"threads\": " << torch::get_num_threads() << ", \"blas_threads\": " << blasThreadCount()
                  << ", \"workers\": " << base.workers << ", \"step_s\": " << step
                  << ", \"tokens_per_s\": " << batch * seqLen / step << ", \"cpu_step_s\": " << median(base.cpu)
                  << ", \"cpu_tokens_per_s\": " << batch * seqLen / median(base.cpu)
                  << ", \"forward_s\": " << median(base.forward) << ", \"backward_s\": " << median(base.backward)
                  << ", \"optimizer_s\": " << median(base.update) << ", \"shared_step_s\": " << sharedStep
                  << ", \"shared_tokens_per_s\": " << batch * seqLen / sharedStep
                  << ", \"baseline_state_bytes\": " << base.stateBytes << ", \"shared_state_bytes\": " << sharedState
                  << ", \"plan_baseline_parameters\": " << plan.baselineParameters
                  << ", \"plan_shared_parameters\": " << plan.sharedParameters
                  << ", \"peak_rss_baseline_bytes\": " << peakBaseline
                  << ", \"peak_rss_bytes\": " << peakResidentBytes() << "}\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_train: " << e.what() << "\n";
        return 1;
    }
}
