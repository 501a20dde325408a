// Baselines for a sharing plan at a similar parameter budget: layer
// removal and int8 weight quantization. Each returns an independent Model that
// evaluate() runs unchanged, so all methods are judged on the same text.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sharelens/plan.h"
#include "sharelens/progress.h"

namespace sharelens {

class Model;

// A copy of `base` without the blocks at `layers` (block indices): the
// residual stream goes straight from the block before to the block after.
// The remaining blocks keep their order and are renumbered 0..L'-1; the
// config's numLayers is L - layers.size(). Unique parameters = base's minus
// the removed blocks' (for an unshared base). Throws sharelens::Error for an
// index out of range, an index named twice, or removing every block.
std::unique_ptr<Model> removeLayers(const Model& base, const std::vector<int>& layers);

// The layers a removal baseline drops for the same parameter budget as the
// plan: in every group the first member (lowest layer) is kept and the other
// members are dropped, since sharing the group stores one block for all of
// them. Increasing order. Throws sharelens::Error for a plan over sub-block
// (attention / MLP) units.
std::vector<int> layersToRemoveForPlan(const SharingPlan& plan);

// The last k blocks: {L-k, ..., L-1}. Throws for k < 0 or k >= L.
std::vector<int> lastLayers(int numLayers, int k);
// removeLayers(base, lastLayers(L, k)).
std::unique_ptr<Model> dropLastLayers(const Model& base, int k);

// Per-output-channel symmetric int8 quantization of one weight matrix:
// scale_c = max_i |w_ic| / 127 (1 for an all-zero channel), q = round(w / scale)
// clamped to [-127, 127]; dequantized value = q * scale. So
// |w - deq(q(w))| <= scale_c / 2 for every element.
struct Int8Matrix {
    int64_t rows = 0, cols = 0;
    bool channelsAreColumns = false; // GPT-2 Conv1D weights are [in, out]
    std::vector<int8_t> q;           // row-major, rows * cols
    std::vector<float> scales;       // one per output channel
    float dequantized(int64_t r, int64_t c) const;
    uint64_t bytes() const { return q.size() + scales.size() * sizeof(float); }
};
Int8Matrix quantizeMatrixInt8(const std::vector<float>& w, int64_t rows, int64_t cols, bool channelsAreColumns);

struct QuantizeInfo {
    int matrices = 0; // weight matrices quantized
    int64_t quantizedParameters = 0;
    int64_t parameters = 0;         // unique parameters of the model (all)
    uint64_t bytes = 0;             // int8 weights + float32 scales + untouched tensors as float32
    uint64_t float32Bytes = 0;      // the same model held entirely as float32
    double maxAbsError = 0.0;       // max |w - deq(q(w))| over the quantized weights
    double maxErrorOverScale = 0.0; // max |w - deq(q(w))| / scale_c (<= 0.5 by construction)
};

// A copy of `base` in which every 2-D weight matrix inside the blocks (linear
// / Conv1D weights: attention and MLP projections) is replaced by its int8
// quantization, dequantized to float32 for compute. Embeddings, norms and
// biases are untouched. Bytes are counted as a deployed int8 model stores them.
std::unique_ptr<Model> quantizeInt8(const Model& base, QuantizeInfo* info = nullptr);

// Bytes of a model's unique tensors held as float32 (4 per unique parameter).
uint64_t float32Bytes(const Model& model);

// One point of the comparison at a similar budget: a method, its unique
// parameters, its bytes as deployed (float32 tensors; int8 weights + float32
// scales for "int8") and its mean next-token loss on the given sequences.
struct BudgetPoint {
    std::string method; // "baseline", "shared", "remove-shared-layers", "drop-last-K", "int8"
    int64_t parameters = 0;
    uint64_t bytes = 0;
    double loss = 0.0;
    // Multiple-choice task accuracy (sharelens/tasks.h; compare --tasks) and
    // stride perplexity; taskItems / strideTokens are 0 when not measured.
    int taskItems = 0;
    double accuracy = 0.0, accuracyStderr = 0.0;
    double accuracyNorm = 0.0, accuracyNormStderr = 0.0;
    double strideLoss = 0.0;
    int64_t strideTokens = 0;
};

// More measurements of a point's model beyond its loss (task accuracy,
// stride perplexity), run on every point's model right after its loss.
using PointScorer = std::function<void(const Model& model, BudgetPoint& point)>;

// The compression baselines at the plan's budget, each built from `original`
// and evaluated on `sequences`: the plan's layers removed, the last K layers
// dropped (K = as many as the plan removes), and int8 weights. Throws
// Cancelled through `progress`, and Error as removeLayers / quantizeInt8 do.
std::vector<BudgetPoint> budgetBaselines(const Model& original, const SharingPlan& plan,
                                         const std::vector<std::vector<int32_t>>& sequences,
                                         const Progress& progress = {}, const PointScorer& score = {});

// The comparison after a fine-tune: the trained baseline ("baseline") and
// shared model ("shared"), then budgetBaselines of the untrained `original`,
// all on the same sequences.
std::vector<BudgetPoint> budgetAfterTraining(const Model& original, const Model& trainedBaseline,
                                             const Model& trainedShared, const SharingPlan& plan,
                                             const std::vector<std::vector<int32_t>>& sequences,
                                             const Progress& progress = {}, const PointScorer& score = {});

// `model` evaluated on `sequences` as one point named `method` (float32
// bytes), then `score`d when given.
BudgetPoint budgetPoint(const std::string& method, const Model& model,
                        const std::vector<std::vector<int32_t>>& sequences, const Progress& progress = {},
                        const PointScorer& score = {});

} // namespace sharelens
