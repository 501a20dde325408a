// Training loop: AdamW with linear warm-up and cosine decay, gradient
// clipping, fixed seed, next-token loss on random windows of a token stream,
// validation loss at intervals.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sharelens/progress.h"

namespace sharelens {

class Model;

struct TrainOptions {
    int steps = 100;
    int batchSize = 8;
    int seqLen = 128;
    double learningRate = 1e-3;
    double minLearningRate = 1e-4;   // end of the cosine
    double warmupFraction = 0.05;
    double weightDecay = 0.1;
    double gradClip = 1.0;
    uint64_t seed = 1;
    int evalEvery = 50;              // steps; 0 = only at the end
    int evalSequences = 16;          // validation windows per evaluation
};

struct StepRecord {
    int step = 0;
    double loss = 0;
    double learningRate = 0;
    double stepSeconds = 0;
    double tokensPerSecond = 0;
};

struct EvalRecord {
    int step = 0;
    double loss = 0;
    double perplexity = 0;
};

struct TrainResult {
    std::vector<StepRecord> steps;
    std::vector<EvalRecord> evals;
};

// Trains `model` in place. Throws sharelens::Error for impossible settings or
// too little data, sharelens::Cancelled when cancelled, and Error when the
// loss becomes NaN or infinite.
TrainResult train(Model& model, const std::vector<int32_t>& trainTokens,
                  const std::vector<int32_t>& validationTokens, const TrainOptions& options,
                  const std::function<void(const StepRecord&)>& onStep = {},
                  const std::function<void(const EvalRecord&)>& onEval = {},
                  const Progress& progress = {});

} // namespace sharelens
