// What the one-model and the agents fine-tune commands share.
#pragma once

#include <iosfwd>

#include "commands.h"

namespace sharelens::cli {

// Agents mode of finetune (several MODELs or a pool folder).
int finetuneAgents(const Args& a, const Io& io);

// --steps, --batch, --lr, --seed, --eval-every, --threads and --compute (in this order).
TrainOptions trainOptions(const Args& a);

// A step record as a metrics.csv row, and every 10th (and the last) step as
// a line on err. lossParts: the row and the line also carry the loss's
// components (cross-entropy, distillation KL and hidden MSE).
void step(std::ostream& csv, const Io& io, int steps, PairRun r, const StepRecord& s, bool lossParts = false);

// One trained run in summary.json: parameters, steps, last training loss,
// mean speed, memory, validation loss (and perplexity) before and after.
json trainRunJson(const TrainResult& r, int64_t params);

// model_state_ratio (shared / baseline, when both runs have it) and
// plan_parameter_ratio of a summary.json.
void addRatios(json& summary, int64_t planBaseline, int64_t planShared);

// --train all|shared, --baseline run|skip and --checkpointing into `rq`.
void leanOptions(const Args& a, workflow::FinetuneRequest& rq);

// The memory estimate of a fine-tune's mode on err, before it starts: the
// figure, its parts, the predicted peak and what is available.
void printMemoryEstimate(const Io& io, const FinetuneSizes& sizes, const FinetuneMode& mode);

// summary.json's "memory": the estimate, the predicted peak, the available
// memory when the run started.
json memoryJson(const FinetuneSizes& sizes, const FinetuneMode& mode);

} // namespace sharelens::cli
