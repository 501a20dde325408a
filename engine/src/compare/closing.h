// Engine-internal: the comparison at the same budget that closes a
// fine-tune, cheap at scale: the runs' final evaluations reused for the
// trained models' rows, and layer removal and int8 built as forward-only
// copies of the original that share its tensors (int8 quantizes matrix by
// matrix from the stored tensor), evaluated in the run's compute dtype.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sharelens/compress.h"
#include "sharelens/compute.h"
#include "sharelens/config.h"
#include "sharelens/data.h"

namespace sharelens {

// Losses the runs already computed on the comparison's sequences (the same
// windows, after the last step): the "baseline" and "shared" rows take them
// instead of evaluating their model again; an unset one is evaluated.
struct KnownLosses {
    std::optional<double> baseline, shared;
};

// budgetAfterTraining with known losses and every evaluation in `compute`.
std::vector<BudgetPoint> closingComparison(const Model& original, const Model& trainedBaseline,
                                           const Model& trainedShared, const SharingPlan& plan,
                                           const Sequences& sequences, const KnownLosses& known, ComputeDtype compute,
                                           const Progress& progress = {}, const PointScorer& score = {});

// The largest comparison model's own tensors beside the original (measured
// on it or on a model of the same tensors): int8's dequantized block
// matrices (bfloat16 in bf16 compute, else float32) and the float32
// temporaries of quantizing its largest matrix. Layer removal shares
// everything.
uint64_t comparisonModelBytes(const Model& original, ComputeDtype compute);

// One evaluation of `sequences` windows of seqLen + 1 tokens in one batch
// (as the trainer evaluates; Model::evaluate's batches of 8 need less): the
// forward's activations and attention blocks, and the LM head of 512
// positions with its float64 log-sum-exp.
uint64_t evaluationBytes(const ModelConfig& config, int sequences, int seqLen);

} // namespace sharelens
