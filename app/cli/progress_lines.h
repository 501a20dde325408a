// sharelens-cli analyze|finetune --progress-json: every rank of a job (rank
// 0 and the others alike) writes its progress to its own stderr as lines
//   sharelens-progress {"rank":R,"world":N,"kind":"stage",...}
//   sharelens-progress {"rank":R,"world":N,"kind":"step",...}
// one JSON object a line, each written whole in one write() (a line is far
// shorter than a pipe's atomic size, so ranks sharing one stderr do not
// interleave inside a line). The GUI's worker processes are read this way.
#pragma once

#include <cstdint>

#include "sharelens/progress.h"
#include "sharelens/trainer.h"

namespace sharelens::cli::progresslines {

// Switched on by --progress-json (for this process).
void enable(bool on);
bool enabled();

// This rank's calibration tokens (analyze), so the capture stage's lines
// carry tokens/s.
void setRankTokens(int64_t tokens);

// The Progress of stderrProgress() in this mode: a "stage" line per report
// (stage, index, count, fraction, tokens_per_s while capturing), at most
// five a second plus every stage's start and end.
Progress stageProgress();

// A "step" line for a training step of `run` ("baseline" or "shared"):
// every field of the record (doubles to the last bit), and the steps asked for.
void step(PairRun run, const StepRecord& s, int steps);
// An "eval" line: a validation of `run` (step, loss, perplexity).
void eval(PairRun run, const EvalRecord& e);
// A "setup" line (the fine-tune's data and sizes, before the first step)
// and a "phase" line (the fine-tune's stage: "loading", "reading",
// "building", "training", "comparing").
void setup(int64_t trainTokens, int64_t validationTokens, int budgetSequences);
void phase(const char* name);

} // namespace sharelens::cli::progresslines
