// The torch-free Model facade over the engine's LibTorch modules.
#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "io/compact.h"
#include "model/model_copy.h"
#include "model/model_impl.h"
#include "sharelens/plan.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/resources.h"
#include "sharelens/model.h"
#include "sharelens/compute.h"
#include "sharelens/tensor_set.h"
#include "sharelens/tokenizer.h"
#include "io/tensor_io.h"
#include "io/torch_guard.h"

namespace sharelens {

namespace {

const char* formatName(WeightFormat f) {
    switch (f) {
    case WeightFormat::Safetensors: return "safetensors";
    case WeightFormat::ShardedSafetensors: return "sharded safetensors";
    case WeightFormat::TorchPickle: return "PyTorch state_dict";
    case WeightFormat::Gguf: return "GGUF";
    }
    return "?";
}

// A compact checkpoint's model: buildModel gave every alias the stored
// tensor itself (TensorSource hands one tensor per stored name), so shared
// tensors are already one TensorImpl. Here positions whose tensors are all
// another position's become that position's module (tied blocks, as
// makeSharedModel makes them), and positions with deltas become views that
// add them. The plan and provenance come back from the metadata.
void restoreSharing(Model::Impl& impl, const TensorSource& source) {
    auto& net = *impl.net;
    const auto& map = impl.checkpoint.sharing;
    for (int i = 0; i < net.numBlocks(); ++i) {
        auto block = net.block(i);
        const auto names = block->tensorNames();
        const auto params = block->parameters(/*recurse=*/false);
        const std::string prefix = net.blockPrefix(i);
        std::vector<torch::Tensor> a(names.size()), b(names.size());
        bool anyDelta = false;
        for (size_t k = 0; k < names.size(); ++k) {
            auto d = map.deltas.find(prefix + names[k]);
            if (d == map.deltas.end()) continue;
            anyDelta = true;
            const auto shape = params[k].sizes().vec();
            if (d->second.b.empty()) {
                a[k] = source.getForCompute(d->second.a, shape);
            } else {
                const CheckpointTensor* ta = impl.checkpoint.find(d->second.a);
                const int64_t r = ta && ta->shape.size() == 2 ? ta->shape[1] : 0;
                a[k] = source.getForCompute(d->second.a, {shape[0], r});
                b[k] = source.getForCompute(d->second.b, {r, shape[1]});
            }
        }
        if (anyDelta) {
            net.setBlock(i, std::make_shared<SharedBlockView>(block, params, a, b));
            continue;
        }
        for (int j = 0; j < i; ++j) {
            const auto other = net.block(j)->parameters(/*recurse=*/false);
            bool same = other.size() == params.size();
            for (size_t k = 0; same && k < params.size(); ++k)
                same = other[k].unsafeGetTensorImpl() == params[k].unsafeGetTensorImpl();
            if (same) {
                net.setBlock(i, net.block(j));
                break;
            }
        }
    }
    const auto& md = impl.checkpoint.metadata;
    const std::string file =
        impl.checkpoint.weightFiles.empty() ? impl.checkpoint.dir : impl.checkpoint.weightFiles.front();
    if (auto p = md.find("sharelens.plan"); p != md.end()) {
        impl.plan = planFromJson(p->second, file);
        // The units' tensor names are not stored; they are the model's own.
        auto& units = impl.plan->units;
        if (!units.empty()) {
            const auto own =
                planUnits(impl.checkpoint, units.front().part == "block" ? UnitKind::Blocks : UnitKind::Sublayers);
            for (size_t u = 0; u < units.size() && u < own.size(); ++u)
                if (units[u].tensors.empty() && units[u].name == own[u].name) {
                    units[u].tensors = own[u].tensors;
                    units[u].privateTensors = own[u].privateTensors;
                }
        }
    }
    if (auto p = md.find("sharelens.provenance"); p != md.end()) impl.provenance = compactProvenance(p->second, file);
}

// The loss of a batch is not finite: where its forward pass first goes wrong.
Error lossNotFinite(CausalLM& net, const torch::Tensor& ids, double loss, const std::string& dir) {
    const std::string value = std::isnan(loss) ? "nan" : loss > 0 ? "inf" : "-inf";
    // Finite activations everywhere: the logits overflow only in the loss's float64 sums.
    const ErrorMessage where = net.firstNonFinite(ids).value_or(ErrorMessage(ErrorCode::NonFiniteInLossComputation));
    return Error(ErrorCode::LossNotFinite, {value, where}, dir);
}

} // namespace

ModelSummary summarize(const Checkpoint& ck) {
    ModelSummary s;
    const auto& c = ck.config;
    s.architecture = c.architectureName();
    s.modelType = c.modelType;
    s.layers = c.numLayers;
    s.hiddenSize = c.hiddenSize;
    s.heads = c.numHeads;
    s.kvHeads = c.numKVHeads;
    s.vocabSize = c.vocabSize;
    s.intermediateSize = c.intermediateSize;
    s.maxPositions = c.maxPositions;
    int64_t params = 0;
    int stored = 0;
    for (const auto& t : ck.tensors) {
        if (!t.storedAs.empty()) continue; // an alias of a shared tensor (compact checkpoints)
        ++stored;
        if (!isParameterTensor(c, t.name)) continue;
        int64_t n = 1;
        for (auto d : t.shape) n *= d;
        params += n;
    }
    s.parameters = params;
    s.dtype = ck.dominantDtype();
    s.tensorCount = stored;
    s.bytes = ck.weightBytes();
    s.format = ck.compactFormat.empty() ? formatName(ck.format) : "ShareLens compact (" + ck.compactFormat + ")";
    if (ck.tokenizerFile.empty())
        s.tokenizer = c.vocabSize == 256 ? "bytes" : "none";
    else
        s.tokenizer = ck.tokenizerFile.size() > 6 && ck.tokenizerFile.substr(ck.tokenizerFile.size() - 6) == ".model"
                          ? "sentencepiece"
                          : "bpe";
    return s;
}

Model::Model(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Model::~Model() = default;

std::unique_ptr<Model> Model::load(const std::string& dir, const Progress& progress) {
    progress.report("Reading headers", 1, 2, 0.0);
    return load(openCheckpoint(dir, OpenOptions{}), progress);
}

std::unique_ptr<Model> Model::load(const Checkpoint& checkpoint, const Progress& progress) {
    return loadModel(checkpoint, nullptr, progress);
}

std::unique_ptr<Model> loadModel(const Checkpoint& checkpoint, PoolTensors* pool, const Progress& progress) {
    // Kept in their stored dtype, F16/BF16 weights are not converted: the advice says so only when they are.
    const bool stored = KeepStorageDtypeScope::active();
    requireMemory(stored ? storageDtypeLoad(checkpoint) : estimateModelLoad(checkpoint), "opening this model",
                  stored ? "close other programs or use a machine with more memory"
                         : "close other programs or use a machine with more memory (F16 and BF16 weights are "
                           "converted to float32, twice their size on disk)");
    return guardTorch(checkpoint.dir, [&] {
        auto impl = std::make_unique<Model::Impl>();
        impl->checkpoint = checkpoint;
        progress.report("Mapping tensors", 2, 2, 0.0);
        progress.check();
        TensorSource source(impl->checkpoint, pool);
        impl->net = buildModel(impl->checkpoint.config, source);
        if (!impl->checkpoint.compactFormat.empty()) restoreSharing(*impl, source);
        impl->net->eval();
        progress.report("Mapping tensors", 2, 2, 1.0);
        return std::unique_ptr<Model>(new Model(std::move(impl)));
    });
}

void setComputeDtype(const Model& model, ComputeDtype dtype) { model.impl().net->setComputeDtype(dtype); }

ComputeDtype computeDtype(const Model& model) { return model.impl().net->computeDtype(); }

std::unique_ptr<Model> loadModelInStorageDtype(const Checkpoint& checkpoint, const Progress& progress) {
    KeepStorageDtypeScope keep;
    return Model::load(checkpoint, progress);
}

std::vector<HeldWeights> heldWeights(const Model& model) {
    return guardTorch(model.checkpoint().dir, [&] {
        std::map<std::string, HeldWeights> byType;
        std::set<const void*> seen;
        for (const auto& p : model.impl().net->parameters(/*recurse=*/true)) {
            if (!seen.insert(p.unsafeGetTensorImpl()).second) continue;
            const std::string name = dtypeName(fromTorchDtype(p.scalar_type()));
            HeldWeights& h = byType[name];
            h.dtype = name;
            h.bytes += static_cast<uint64_t>(p.nbytes());
            ++h.tensors;
            h.matrices += p.dim() >= 2;
        }
        std::vector<HeldWeights> out;
        for (auto& [name, h] : byType) out.push_back(h);
        return out;
    });
}

std::unique_ptr<Model> Model::create(const ModelConfig& config, uint64_t seed) {
    return guardTorch("", [&] {
        auto impl = std::make_unique<Impl>();
        impl->checkpoint.config = config;
        impl->net = createModel(config, seed);
        return std::unique_ptr<Model>(new Model(std::move(impl)));
    });
}

const Checkpoint& Model::checkpoint() const { return m_impl->checkpoint; }
const SharingPlan* Model::sharingPlan() const { return m_impl->plan ? &*m_impl->plan : nullptr; }
const std::map<std::string, std::string>& Model::provenance() const { return m_impl->provenance; }
const ModelConfig& Model::config() const { return m_impl->checkpoint.config; }

ModelSummary Model::summary() const {
    ModelSummary s = summarize(m_impl->checkpoint);
    s.parameters = m_impl->net->uniqueParameterCount();
    return s;
}

std::vector<float> Model::logits(const std::vector<int32_t>& ids) const {
    validateSequences({ids}, config().vocabSize, config().maxPositions);
    return guardTorch(m_impl->checkpoint.dir, [&] {
        torch::NoGradGuard ng;
        std::vector<int64_t> v(ids.begin(), ids.end());
        auto t = torch::tensor(v, torch::kInt64).unsqueeze(0);
        auto h = m_impl->net->hidden(t);
        auto l = m_impl->net->logits(h[0]).contiguous();
        return std::vector<float>(l.data_ptr<float>(), l.data_ptr<float>() + l.numel());
    });
}

EvalResult Model::evaluate(const std::vector<std::vector<int32_t>>& sequences, const Progress& progress,
                           int batchSize) const {
    if (sequences.empty()) throw Error(ErrorCode::ModelNoSequencesEvaluateTextId, {});
    if (batchSize < 1) throw Error(ErrorCode::AgentsBatchSizeMustLeast, {});
    // The last token is only a target (nextTokenLossSum): context + 1 tokens fit.
    validateSequences(sequences, config().vocabSize, config().maxPositions + 1);
    return guardTorch(m_impl->checkpoint.dir, [&] {
        double sum = 0;
        int64_t count = 0;
        const size_t n = sequences.size();
        for (size_t s = 0; s < n; s += static_cast<size_t>(batchSize)) {
            progress.check();
            const size_t e = std::min(n, s + static_cast<size_t>(batchSize));
            size_t maxLen = 0;
            for (size_t i = s; i < e; ++i) maxLen = std::max(maxLen, sequences[i].size());
            auto ids = torch::zeros({static_cast<int64_t>(e - s), static_cast<int64_t>(maxLen)}, torch::kInt64);
            auto acc = ids.accessor<int64_t, 2>();
            std::vector<int64_t> lengths;
            for (size_t i = s; i < e; ++i) {
                for (size_t t = 0; t < sequences[i].size(); ++t)
                    acc[static_cast<int64_t>(i - s)][static_cast<int64_t>(t)] = sequences[i][t];
                lengths.push_back(static_cast<int64_t>(sequences[i].size()));
            }
            auto [bs, bc] = nextTokenLossSum(*m_impl->net, ids, lengths);
            if (!std::isfinite(bs)) throw lossNotFinite(*m_impl->net, ids, bs, m_impl->checkpoint.dir);
            sum += bs;
            count += bc;
            progress.report("Evaluating", 1, 1, static_cast<double>(e) / static_cast<double>(n));
        }
        EvalResult r;
        r.loss = count ? sum / static_cast<double>(count) : 0.0;
        r.tokens = count;
        return r;
    });
}

void Model::save(const std::string& dir, DType storage, const std::map<std::string, std::string>& metadata) const {
    if (storage != DType::F32 && storage != DType::F16 && storage != DType::BF16)
        throw Error(ErrorCode::ModelModelsSavedFFBF, {});
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
        if (::mkdir(dir.c_str(), 0755) != 0)
            throw Error(ErrorCode::ModelCannotCreateFolder, {std::strerror(errno)}, dir);
    } else if (!S_ISDIR(st.st_mode)) {
        throw Error(ErrorCode::ModelNotFolder, {}, dir);
    }
    guardTorch(dir, [&] {
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        std::set<const void*> seen;
        for (auto& [name, t] : m_impl->net->namedTensors()) {
            tensors.emplace_back(name, t.detach().to(toTorchDtype(storage)).contiguous());
        }
        ModelConfig cfg = config();
        cfg.torchDtype = storage == DType::F32 ? "float32" : storage == DType::F16 ? "float16" : "bfloat16";
        auto md = metadata;
        md["format"] = "pt";
        saveSafetensors(dir + "/model.safetensors", tensors, md);
        writeFileAtomic(dir + "/config.json", configToJson(cfg));
        return 0;
    });
}

} // namespace sharelens
