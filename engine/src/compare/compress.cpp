// Layer removal and int8 weight quantization baselines (compress.h).
#include "sharelens/compress.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "compare/closing.h"
#include "model/model_copy.h"
#include "model/model_impl.h"
#include "model/models.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "io/torch_guard.h"

namespace sharelens {

namespace {

// A block matrix rewritten for a copy (int8: quantized and dequantized).
using Rewrite = std::function<torch::Tensor(const torch::Tensor&)>;

// A copy of `base` with base's blocks `keep` (in order) and `config`. The
// 2-D block tensors go through `rewrite` when given (once per tensor, so ties
// stay ties); every other tensor is base's own when `share` (a forward-only
// copy, evaluated while base lives: nothing is allocated for it), else as
// copyTensor takes a tensor the copy never writes (stored F16/BF16 matrices
// shared, float32 ones copied: an independent model).
std::unique_ptr<Model> copyModel(const Model& base, const ModelConfig& config, const std::vector<int>& keep, bool share,
                                 const Rewrite& rewrite = {}) {
    torch::NoGradGuard noGrad;
    const auto& net = *base.impl().net;
    std::map<std::string, torch::Tensor> src;
    for (auto& [name, t] : net.namedTensors()) src.emplace(name, t);
    std::map<const void*, torch::Tensor> rewritten;
    std::map<std::string, torch::Tensor> tensors;
    auto take = [&](const std::string& to, const std::string& from, bool inBlock) {
        const auto it = src.find(from);
        if (it == src.end()) throw Error(ErrorCode::CompressInternalCopyNeedsTensorModel, {from});
        const auto& t = it->second;
        if (rewrite && inBlock && t.dim() == 2) {
            auto& r = rewritten[t.unsafeGetTensorImpl()];
            if (!r.defined()) r = rewrite(t);
            tensors.emplace(to, r);
            return;
        }
        tensors.emplace(to, share ? t.detach() : copyTensor(t, false));
    };
    // Position j of the copy is base's block keep[j] (the same family: the same prefixes).
    for (size_t j = 0; j < keep.size(); ++j)
        for (const auto& rel : net.block(keep[j])->tensorNames())
            take(net.blockPrefix(static_cast<int>(j)) + rel, net.blockPrefix(keep[j]) + rel, true);
    std::set<std::string> blockNames;
    for (int i = 0; i < net.numBlocks(); ++i)
        for (const auto& rel : net.block(i)->tensorNames()) blockNames.insert(net.blockPrefix(i) + rel);
    for (const auto& [name, t] : net.namedTensors())
        if (!blockNames.count(name)) take(name, name, false);
    return modelOver(base, config, std::move(tensors));
}

// The blocks of `base` kept when `layers` are removed, checked.
std::vector<int> keptLayers(const Model& base, const std::vector<int>& layers) {
    const int L = base.impl().net->numBlocks();
    std::set<int> drop;
    for (int l : layers) {
        if (l < 0 || l >= L)
            throw Error(ErrorCode::CompressLayerRemoveOutRangeModel, {std::to_string(l), std::to_string(L - 1)});
        if (!drop.insert(l).second) throw Error(ErrorCode::CompressLayerNamedTwiceLayersRemove, {std::to_string(l)});
    }
    if (static_cast<int>(drop.size()) >= L) throw Error(ErrorCode::CompressCannotRemoveEveryLayerLeast, {});
    std::vector<int> keep;
    for (int l = 0; l < L; ++l)
        if (!drop.count(l)) keep.push_back(l);
    return keep;
}

std::unique_ptr<Model> removeLayersImpl(const Model& base, const std::vector<int>& layers, bool share) {
    const auto keep = keptLayers(base, layers);
    ModelConfig config = base.config();
    config.numLayers = static_cast<int>(keep.size());
    return guardTorch(base.checkpoint().dir, [&] { return copyModel(base, config, keep, share); });
}

// One matrix quantized per output channel (`channelDim`) from its stored
// tensor (converted to float32 here, one matrix at a time), counted in
// `inf`; the dequantized matrix in bfloat16 when `bf16` (what bf16 compute
// rounds it to anyway), else float32.
torch::Tensor quantizedMatrix(const torch::Tensor& stored, int64_t channelDim, bool bf16, QuantizeInfo& inf) {
    const auto w = stored.detach().to(torch::kFloat32);
    auto amax = w.abs().amax({1 - channelDim}, /*keepdim=*/true);
    auto scale = torch::where(amax > 0, amax / 127.0f, torch::ones_like(amax));
    auto deq = torch::round(w / scale).clamp(-127, 127).to(torch::kInt8).to(torch::kFloat32) * scale;
    auto err = (w - deq).abs();
    inf.maxAbsError = std::max(inf.maxAbsError, err.max().item<double>());
    inf.maxErrorOverScale = std::max(inf.maxErrorOverScale, (err / scale).max().item<double>());
    ++inf.matrices;
    inf.quantizedParameters += w.numel();
    inf.bytes += static_cast<uint64_t>(w.numel()) + static_cast<uint64_t>(scale.numel()) * 4u;
    return bf16 ? deq.to(torch::kBFloat16) : deq;
}

std::unique_ptr<Model> quantizeInt8Impl(const Model& base, bool share, ComputeDtype compute, QuantizeInfo* info) {
    return guardTorch(base.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        std::vector<int> all(static_cast<size_t>(base.config().numLayers));
        for (size_t l = 0; l < all.size(); ++l) all[l] = static_cast<int>(l);
        // GPT-2 Conv1D weights are [in, out]: output channels are columns.
        // Llama-family nn.Linear weights are [out, in]: output channels are rows.
        const int64_t channelDim = base.config().family == Family::Gpt2 ? 1 : 0;
        const bool bf16 = compute == ComputeDtype::BFloat16;
        QuantizeInfo inf;
        auto out = copyModel(base, base.config(), all, share,
                             [&](const torch::Tensor& w) { return quantizedMatrix(w, channelDim, bf16, inf); });
        out->impl().net->setComputeDtype(compute);
        inf.parameters = out->impl().net->uniqueParameterCount();
        inf.float32Bytes = static_cast<uint64_t>(inf.parameters) * 4u;
        inf.bytes += static_cast<uint64_t>(inf.parameters - inf.quantizedParameters) * 4u;
        if (info) *info = inf;
        return out;
    });
}

// The compression baselines, each model built, evaluated in `compute` and
// freed before the next is built; forward-only copies that share the
// original's tensors.
std::vector<BudgetPoint> baselinesIn(const Model& original, const SharingPlan& plan, const Sequences& sequences,
                                     ComputeDtype compute, const Progress& progress, const PointScorer& score) {
    std::vector<BudgetPoint> out;
    // Layer removal matches a plan over whole blocks; a sub-layer plan has no
    // such baseline.
    const bool blocks = plan.units.empty() || plan.units.front().part == "block";
    const auto removed = blocks ? layersToRemoveForPlan(plan) : std::vector<int>{};
    auto removal = [&](const std::string& method, const std::vector<int>& layers) {
        auto m = removeLayersImpl(original, layers, /*share=*/true);
        m->impl().net->setComputeDtype(compute);
        out.push_back(budgetPoint(method, *m, sequences, progress, score));
    };
    if (!removed.empty()) {
        removal("remove-shared-layers", removed);
        const int k = static_cast<int>(removed.size());
        removal("drop-last-" + std::to_string(k), lastLayers(original.config().numLayers, k));
    }
    QuantizeInfo qi;
    auto q = quantizeInt8Impl(original, /*share=*/true, compute, &qi);
    BudgetPoint p = budgetPoint("int8", *q, sequences, progress, score);
    p.bytes = qi.bytes;
    out.push_back(p);
    return out;
}

} // namespace

std::unique_ptr<Model> removeLayers(const Model& base, const std::vector<int>& layers) {
    return removeLayersImpl(base, layers, /*share=*/false);
}

std::vector<int> layersToRemoveForPlan(const SharingPlan& plan) {
    std::vector<int> out;
    for (const auto& g : plan.groups) {
        for (size_t i = 0; i < g.members.size(); ++i) {
            const auto u = static_cast<size_t>(g.members[i]);
            if (u >= plan.units.size()) throw Error(ErrorCode::CompressPlanNamesUnitDoesNot, {std::to_string(u)});
            if (plan.units[u].part != "block")
                throw Error(ErrorCode::CompressLayerRemovalNeedsPlanOver, {plan.units[u].name});
            if (i > 0) out.push_back(plan.units[u].layer);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int> lastLayers(int numLayers, int k) {
    if (k < 0 || k >= numLayers)
        throw Error(ErrorCode::CompressCannotDropLastLayersK,
                    {std::to_string(k), std::to_string(numLayers), std::to_string(numLayers - 1)});
    std::vector<int> out;
    for (int l = numLayers - k; l < numLayers; ++l) out.push_back(l);
    return out;
}

std::unique_ptr<Model> dropLastLayers(const Model& base, int k) {
    return removeLayers(base, lastLayers(base.config().numLayers, k));
}

float Int8Matrix::dequantized(int64_t r, int64_t c) const {
    const float s = scales[static_cast<size_t>(channelsAreColumns ? c : r)];
    return static_cast<float>(q[static_cast<size_t>(r * cols + c)]) * s;
}

Int8Matrix quantizeMatrixInt8(const std::vector<float>& w, int64_t rows, int64_t cols, bool channelsAreColumns) {
    if (rows < 0 || cols < 0 || static_cast<int64_t>(w.size()) != rows * cols)
        throw Error(
            ErrorCode::CompressWeightMatrixXNeedsValues,
            {std::to_string(rows), std::to_string(cols), std::to_string(rows * cols), std::to_string(w.size())});
    Int8Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.channelsAreColumns = channelsAreColumns;
    const int64_t channels = channelsAreColumns ? cols : rows;
    std::vector<float> amax(static_cast<size_t>(channels), 0.0f);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) {
            auto& a = amax[static_cast<size_t>(channelsAreColumns ? c : r)];
            a = std::max(a, std::fabs(w[static_cast<size_t>(r * cols + c)]));
        }
    m.scales.resize(static_cast<size_t>(channels));
    for (size_t c = 0; c < amax.size(); ++c) m.scales[c] = amax[c] > 0.0f ? amax[c] / 127.0f : 1.0f;
    m.q.resize(w.size());
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) {
            const float s = m.scales[static_cast<size_t>(channelsAreColumns ? c : r)];
            const float v = std::nearbyint(w[static_cast<size_t>(r * cols + c)] / s);
            m.q[static_cast<size_t>(r * cols + c)] = static_cast<int8_t>(std::clamp(v, -127.0f, 127.0f));
        }
    return m;
}

uint64_t float32Bytes(const Model& model) {
    return static_cast<uint64_t>(model.impl().net->uniqueParameterCount()) * 4u;
}

std::unique_ptr<Model> quantizeInt8(const Model& base, QuantizeInfo* info) {
    return quantizeInt8Impl(base, /*share=*/false, base.impl().net->computeDtype(), info);
}

BudgetPoint budgetPoint(const std::string& method, const Model& model,
                        const std::vector<std::vector<int32_t>>& sequences, const Progress& progress,
                        const PointScorer& score) {
    BudgetPoint p;
    p.method = method;
    p.parameters = model.summary().parameters;
    p.bytes = float32Bytes(model);
    p.loss = model.evaluate(sequences, progress).loss;
    if (score) score(model, p);
    return p;
}

std::vector<BudgetPoint> budgetAfterTraining(const Model& original, const Model& trainedBaseline,
                                             const Model& trainedShared, const SharingPlan& plan,
                                             const std::vector<std::vector<int32_t>>& sequences,
                                             const Progress& progress, const PointScorer& score) {
    return closingComparison(original, trainedBaseline, trainedShared, plan, sequences, KnownLosses{},
                             original.impl().net->computeDtype(), progress, score);
}

std::vector<BudgetPoint> closingComparison(const Model& original, const Model& trainedBaseline,
                                           const Model& trainedShared, const SharingPlan& plan,
                                           const Sequences& sequences, const KnownLosses& known, ComputeDtype compute,
                                           const Progress& progress, const PointScorer& score) {
    auto point = [&](const char* method, const Model& model, const std::optional<double>& loss) {
        if (!loss) return budgetPoint(method, model, sequences, progress, score);
        BudgetPoint p;
        p.method = method;
        p.parameters = model.summary().parameters;
        p.bytes = float32Bytes(model);
        p.loss = *loss;
        if (score) score(model, p);
        return p;
    };
    std::vector<BudgetPoint> out{point("baseline", trainedBaseline, known.baseline),
                                 point("shared", trainedShared, known.shared)};
    for (auto& p : baselinesIn(original, plan, sequences, compute, progress, score)) out.push_back(std::move(p));
    return out;
}

std::vector<BudgetPoint> budgetBaselines(const Model& original, const SharingPlan& plan,
                                         const std::vector<std::vector<int32_t>>& sequences, const Progress& progress,
                                         const PointScorer& score) {
    return baselinesIn(original, plan, sequences, original.impl().net->computeDtype(), progress, score);
}

uint64_t comparisonModelBytes(const Model& original, ComputeDtype compute) {
    const auto& net = *original.impl().net;
    std::set<const void*> seen;
    uint64_t elements = 0, largest = 0;
    for (int i = 0; i < net.numBlocks(); ++i)
        for (const auto& w : net.block(i)->parameters(/*recurse=*/false))
            if (w.dim() == 2 && seen.insert(w.unsafeGetTensorImpl()).second) {
                elements += static_cast<uint64_t>(w.numel());
                largest = std::max(largest, static_cast<uint64_t>(w.numel()));
            }
    // The matrix as float32, |w|, w / scale, its rounding, the dequantized
    // matrix and its error: about six float32 copies of the largest matrix.
    return elements * (compute == ComputeDtype::BFloat16 ? 2u : 4u) + largest * 4u * 6u;
}

uint64_t evaluationBytes(const ModelConfig& c, int sequences, int seqLen) {
    const auto u = [](int64_t x) { return x < 0 ? uint64_t(0) : static_cast<uint64_t>(x); };
    const uint64_t B = u(std::max(1, sequences)), T = u(seqLen);
    const uint64_t H = u(c.hiddenSize), I = u(c.intermediateSize), A = u(c.numHeads), V = u(c.vocabSize);
    // Residual stream, norm, q/k/v, attention output and MLP (gate, up, product) of one block.
    const uint64_t forward = B * T * (8 * H + 3 * I) * 4 + B * A * 32 * T * 4 * 2;
    // 512 positions of logits (float32), their float64 copy and exp (nextTokenLossSum).
    const uint64_t head = std::min<uint64_t>(512, B * T) * V * (4 + 8 + 8);
    return forward + head;
}

} // namespace sharelens
