// Training loop: AdamW with linear warm-up and cosine decay, gradient
// clipping, fixed seed, next-token loss on random windows of a token stream,
// validation loss at intervals.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sharelens/compute.h"
#include "sharelens/progress.h"

namespace sharelens {

class Model;

// Which tensors a fine-tune trains: every parameter, or (lean healing) only
// the tensors of the plan's shared groups (the tied weights, the members'
// low-rank deltas and private norms); everything else stays frozen, with no
// gradient and no optimizer state.
enum class TrainScope { All = 0, Shared = 1 };
const char* trainScopeName(TrainScope s); // "all", "shared"
// Distillation healing of a shared model from the frozen unshared one:
// none; logits (KL of the next-token distributions at a temperature); hidden
// (MSE of the blocks' outputs); both.
enum class DistillMode { None = 0, Logits = 1, Hidden = 2, Both = 3 };
const char* distillModeName(DistillMode m); // "none", "logits", "hidden", "both"
// False (and *mode untouched) for any other text.
bool parseDistillMode(const std::string& text, DistillMode* mode);

struct TrainOptions {
    int steps = 100;
    int batchSize = 8;
    int seqLen = 128;
    double learningRate = 1e-3;
    double minLearningRate = 1e-4; // end of the cosine
    double warmupFraction = 0.05;
    double weightDecay = 0.1;
    double gradClip = 1.0;
    uint64_t seed = 1;
    int evalEvery = 50;     // steps; 0 = only at the end
    int evalSequences = 16; // validation windows per evaluation
    // Workers for a training step: the batch is split into this many row
    // chunks whose gradients are computed in parallel (one BLAS thread each)
    // and summed in chunk order. 0 = one per available CPU (divided by the
    // BLAS's own threads), never more than the batch. The summation order
    // depends on the number of chunks, so losses agree across worker counts
    // to rounding, and are bit-identical for the same count.
    int threads = 0;

    // Checkpoint and resume. With checkpointDir set, the whole training state
    // (weights, AdamW moments and step counts, the step reached, the batch
    // sampler's random state, and every record so far) is written atomically
    // to checkpointDir/trainer-checkpoint.pt every checkpointEvery steps
    // (0 = never on a schedule), whenever checkpointRequested() returns true
    // (polled after each step), when a run is cancelled, and at the end.
    // resumeFrom names such a folder (or the file): the run restores that
    // state and continues from the step after it, so a run of S steps and a
    // run stopped at step k then resumed to S give the same losses. The
    // checkpoint must come from the same kind of run (train or trainPair),
    // models of the same shapes and the same settings (batch, sequence
    // length, learning rates, warm-up, weight decay, clipping, seed); steps
    // may be raised to extend a finished run (the schedule then follows the
    // new step count). The records before the resumed step are returned and
    // handed to the callbacks again, so a caller sees the whole run.
    std::string checkpointDir;
    int checkpointEvery = 0;
    std::string resumeFrom;
    std::function<bool()> checkpointRequested;

    // The dtype of the matrix products (sharelens/compute.h): float32, or
    // mixed precision with bfloat16 products and float32 masters, optimizer
    // state, norms, softmax, reductions and loss.
    ComputeDtype compute = ComputeDtype::Float32;
    // Lean healing. scope Shared needs a shared model (makeSharedModel); a
    // baseline trained beside it (trainPair) then trains the same block
    // positions' tensors. checkpointing: each block's activations are
    // recomputed in the backward pass instead of kept (same gradients, less
    // memory, about one more forward's time).
    TrainScope scope = TrainScope::All;
    bool checkpointing = false;
    // Distillation (trainPair: the shared run; train(): the trained model).
    // The loss is (1 - w) CE + w T^2 KL(teacher || student at temperature T)
    // + h MSE(block outputs), where w = distillWeight counts only with
    // logits (else the loss is CE + h MSE) and h = distillHiddenWeight only
    // with hidden. teacher: the frozen unshared model (the same config as
    // the student), run once per batch without gradients and never trained;
    // required unless distill is None.
    DistillMode distill = DistillMode::None;
    double distillTemperature = 1.0;  // > 0
    double distillWeight = 0.5;       // in [0, 1]
    double distillHiddenWeight = 1.0; // >= 0
    std::shared_ptr<const Model> teacher;
};

// The file a trainer checkpoint is written to inside checkpointDir.
inline constexpr const char* kTrainerCheckpointFile = "trainer-checkpoint.pt";

struct StepRecord {
    int step = 0;
    double loss = 0;
    double learningRate = 0;
    double stepSeconds = 0;
    double tokensPerSecond = 0;
    uint64_t modelStateBytes = 0; // parameters + gradients + optimizer state, each tensor once
    uint64_t peakRssBytes = 0;    // the process's peak resident memory since this run started
    // The loss's components (loss = their weighted sum, TrainOptions::distill):
    double crossEntropy = 0;  // next-token cross-entropy (= loss without distillation)
    double distillKl = 0;     // KL(teacher || student) at the temperature, before T^2 and weight; 0 unless logits
    double distillHidden = 0; // MSE of the block outputs, before the weight; 0 unless hidden
};

struct EvalRecord {
    int step = 0;
    double loss = 0;
    double perplexity = 0;
};

// Why a training run ended: every step ran, the progress's cancel flag was
// raised (the records so far are kept), or a loss became NaN or infinite.
enum class StopReason { Completed = 0, Cancelled = 1, NonFinite = 2 };
const char* stopReasonName(StopReason r); // "completed", "cancelled", "non-finite"

struct TrainResult {
    std::vector<StepRecord> steps;
    std::vector<EvalRecord> evals;
    StopReason stop = StopReason::Completed; // set by train(); a pair's runs leave it Completed
    std::string stopMessage;                 // NonFinite: which step and what to change
};

// The text a session file stores for a stop ("stop_reason"): empty when
// completed, "cancelled", or the non-finite message.
std::string stopReasonText(StopReason reason, const std::string& message);

// Trains `model` in place. Throws sharelens::Error for impossible settings or
// too little data. A cancel or a NaN or infinite loss stops the run cleanly:
// the result holds the records so far and the StopReason (one stop path with
// trainPair()).
TrainResult train(Model& model, const std::vector<int32_t>& trainTokens, const std::vector<int32_t>& validationTokens,
                  const TrainOptions& options, const std::function<void(const StepRecord&)>& onStep = {},
                  const std::function<void(const EvalRecord&)>& onEval = {}, const Progress& progress = {});

// Which model of a pair a record belongs to.
enum class PairRun { Baseline = 0, Shared = 1 };
const char* pairRunName(PairRun r); // "baseline", "shared"

struct PairResult {
    TrainResult baseline; // evals start with step 0 (before training) when evalEvery > 0
    TrainResult shared;
    StopReason stop = StopReason::Completed;
    std::string stopMessage; // NonFinite: which model, which step and what to change
};

// Trains `baseline` and `shared` in place on the SAME batches (one random
// draw per step), alternating their steps (which goes first alternates too),
// with one optimizer each over unique tensors, so speed and memory are
// compared under the same conditions. Validation loss of both before
// training and every evalEvery steps (when evalEvery > 0), and at the end. Throws sharelens::Error
// for impossible settings or too little data (as train()); a cancel or a NaN
// or infinite loss stops both cleanly and is reported in stop (and
// stopMessage) with the records so far.
PairResult trainPair(Model& baseline, Model& shared, const std::vector<int32_t>& trainTokens,
                     const std::vector<int32_t>& validationTokens, const TrainOptions& options,
                     const std::function<void(PairRun, const StepRecord&)>& onStep = {},
                     const std::function<void(PairRun, const EvalRecord&)>& onEval = {}, const Progress& progress = {});

} // namespace sharelens
