// The training-step benchmarks' input (bench_train, bench_dist): the model
// of MODEL_DIR, a seeded random batch and the trainer options for it.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "sharelens/model.h"
#include "sharelens/trainer.h"

namespace bench {

struct StepInput {
    std::unique_ptr<sharelens::Model> model;
    torch::Tensor ids;               // batch x (seqLen + 1) random token ids, seed 1
    sharelens::TrainOptions options; // batchSize, seqLen and threads (step workers; 0 = one per CPU) set
};

inline StepInput loadStepInput(const std::string& dir, int batch, int seqLen, int threads) {
    StepInput in;
    in.model = sharelens::Model::load(dir);
    torch::manual_seed(1);
    in.ids = torch::randint(0, in.model->config().vocabSize, {batch, seqLen + 1}, torch::kInt64);
    in.options.batchSize = batch;
    in.options.seqLen = seqLen;
    in.options.threads = threads;
    return in;
}

} // namespace bench
