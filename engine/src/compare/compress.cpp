// Layer removal and int8 weight quantization baselines (compress.h).
#include "sharelens/compress.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "model/model_copy.h"
#include "model/model_impl.h"
#include "model/models.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "io/torch_guard.h"

namespace sharelens {

namespace {

// An independent copy of `base` with base's blocks `keep` (in order) and
// `config`: each tensor the copy's own float32 tensor, or where base keeps it
// in a stored F16/BF16 dtype and the copy never writes it (`writesMatrices`:
// int8 rewrites the block matrices), base's own (copyTensor).
std::unique_ptr<Model> copyModel(const Model& base, const ModelConfig& config, const std::vector<int>& keep,
                                 bool writesMatrices) {
    torch::NoGradGuard noGrad;
    const auto& net = *base.impl().net;
    std::map<std::string, torch::Tensor> src;
    for (auto& [name, t] : net.namedTensors()) src.emplace(name, t);
    std::map<std::string, torch::Tensor> tensors;
    auto take = [&](const std::string& to, const std::string& from) {
        const auto it = src.find(from);
        if (it == src.end()) throw Error(ErrorCode::CompressInternalCopyNeedsTensorModel, {from});
        tensors.emplace(to, copyTensor(it->second, writesMatrices && it->second.dim() == 2));
    };
    // Position j of the copy is base's block keep[j] (the same family: the same prefixes).
    for (size_t j = 0; j < keep.size(); ++j)
        for (const auto& rel : net.block(keep[j])->tensorNames())
            take(net.blockPrefix(static_cast<int>(j)) + rel, net.blockPrefix(keep[j]) + rel);
    std::set<std::string> blockNames;
    for (int i = 0; i < net.numBlocks(); ++i)
        for (const auto& rel : net.block(i)->tensorNames()) blockNames.insert(net.blockPrefix(i) + rel);
    for (const auto& [name, t] : net.namedTensors())
        if (!blockNames.count(name)) take(name, name);
    return modelOver(base, config, std::move(tensors));
}

} // namespace

std::unique_ptr<Model> removeLayers(const Model& base, const std::vector<int>& layers) {
    const auto& baseNet = *base.impl().net;
    const int L = baseNet.numBlocks();
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
    ModelConfig config = base.config();
    config.numLayers = static_cast<int>(keep.size());
    return guardTorch(base.checkpoint().dir, [&] { return copyModel(base, config, keep, false); });
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
    return guardTorch(base.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        std::vector<int> all(static_cast<size_t>(base.config().numLayers));
        for (size_t l = 0; l < all.size(); ++l) all[l] = static_cast<int>(l);
        auto out = copyModel(base, base.config(), all, true);
        auto& net = *out->impl().net;
        // GPT-2 Conv1D weights are [in, out]: output channels are columns.
        // Llama-family nn.Linear weights are [out, in]: output channels are rows.
        const int64_t channelDim = base.config().family == Family::Gpt2 ? 1 : 0;
        const int64_t reduceDim = 1 - channelDim;
        QuantizeInfo inf;
        std::set<const void*> done;
        for (int i = 0; i < net.numBlocks(); ++i) {
            for (auto& w : net.block(i)->parameters(/*recurse=*/false)) {
                if (w.dim() != 2 || !done.insert(w.unsafeGetTensorImpl()).second) continue;
                auto amax = w.abs().amax({reduceDim}, /*keepdim=*/true);
                auto scale = torch::where(amax > 0, amax / 127.0f, torch::ones_like(amax));
                auto q = torch::round(w / scale).clamp(-127, 127).to(torch::kInt8);
                auto deq = q.to(torch::kFloat32) * scale;
                auto err = (w - deq).abs();
                inf.maxAbsError = std::max(inf.maxAbsError, err.max().item<double>());
                inf.maxErrorOverScale = std::max(inf.maxErrorOverScale, (err / scale).max().item<double>());
                w.copy_(deq);
                ++inf.matrices;
                inf.quantizedParameters += w.numel();
                inf.bytes += static_cast<uint64_t>(w.numel()) + static_cast<uint64_t>(scale.numel()) * 4u;
            }
        }
        inf.parameters = net.uniqueParameterCount();
        inf.float32Bytes = static_cast<uint64_t>(inf.parameters) * 4u;
        inf.bytes += static_cast<uint64_t>(inf.parameters - inf.quantizedParameters) * 4u;
        if (info) *info = inf;
        return out;
    });
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
    std::vector<BudgetPoint> out{budgetPoint("baseline", trainedBaseline, sequences, progress, score),
                                 budgetPoint("shared", trainedShared, sequences, progress, score)};
    for (auto& p : budgetBaselines(original, plan, sequences, progress, score)) out.push_back(std::move(p));
    return out;
}

std::vector<BudgetPoint> budgetBaselines(const Model& original, const SharingPlan& plan,
                                         const std::vector<std::vector<int32_t>>& sequences, const Progress& progress,
                                         const PointScorer& score) {
    std::vector<BudgetPoint> out;
    // Layer removal matches a plan over whole blocks; a sub-layer plan has no
    // such baseline.
    const bool blocks = plan.units.empty() || plan.units.front().part == "block";
    const auto removed = blocks ? layersToRemoveForPlan(plan) : std::vector<int>{};
    if (!removed.empty()) {
        auto m = removeLayers(original, removed);
        out.push_back(budgetPoint("remove-shared-layers", *m, sequences, progress, score));
        auto d = dropLastLayers(original, static_cast<int>(removed.size()));
        out.push_back(budgetPoint("drop-last-" + std::to_string(removed.size()), *d, sequences, progress, score));
    }
    QuantizeInfo qi;
    auto q = quantizeInt8(original, &qi);
    BudgetPoint p = budgetPoint("int8", *q, sequences, progress, score);
    p.bytes = qi.bytes;
    out.push_back(p);
    return out;
}

} // namespace sharelens
