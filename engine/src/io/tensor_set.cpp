// The tensors an architecture is made of, checked against a checkpoint's
// headers (sharelens/tensor_set.h).
#include "sharelens/tensor_set.h"

#include <algorithm>
#include <set>

#include "sharelens/error.h"

namespace sharelens {

namespace {

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// The shape each block tensor has under `config` (names as blockTensorNames).
std::vector<int64_t> blockTensorShape(const ModelConfig& c, const std::string& n) {
    const int64_t H = c.hiddenSize, I = c.intermediateSize;
    if (c.family == Family::Gpt2) {
        if (n == "attn.c_attn.weight") return {H, 3 * H};
        if (n == "attn.c_attn.bias") return {3 * H};
        if (n == "attn.c_proj.weight") return {H, H};
        if (n == "mlp.c_fc.weight") return {H, I};
        if (n == "mlp.c_fc.bias") return {I};
        if (n == "mlp.c_proj.weight") return {I, H};
        return {H}; // norms and the H-wide biases
    }
    const int64_t q = static_cast<int64_t>(c.numHeads) * c.headDim, kv = static_cast<int64_t>(c.numKVHeads) * c.headDim;
    if (n == "self_attn.qkv_proj.weight") return {q + 2 * kv, H};
    if (n == "mlp.gate_up_proj.weight") return {2 * I, H};
    if (n == "self_attn.q_norm.weight") return {c.qkNorm == QkNorm::Projection ? q : c.headDim};
    if (n == "self_attn.k_norm.weight") return {c.qkNorm == QkNorm::Projection ? kv : c.headDim};
    if (n == "self_attn.q_proj.weight") return {q, H};
    if (n == "self_attn.k_proj.weight" || n == "self_attn.v_proj.weight") return {kv, H};
    if (n == "self_attn.q_proj.bias") return {q};
    if (n == "self_attn.k_proj.bias" || n == "self_attn.v_proj.bias") return {kv};
    if (n == "self_attn.o_proj.weight") return {H, q};
    if (n == "mlp.gate_proj.weight" || n == "mlp.up_proj.weight") return {I, H};
    if (n == "mlp.down_proj.weight") return {H, I};
    if (n == "mlp.gate_proj.bias" || n == "mlp.up_proj.bias") return {I};
    return {H}; // norms, down_proj.bias
}

std::string blockPrefixOf(const ModelConfig& c, const std::string& gpt2Prefix) {
    return c.family == Family::Gpt2 ? gpt2Prefix + "h." : std::string("model.layers.");
}

// How many blocks the checkpoint's names hold: one more than the highest
// block index (0 when none). Indices past a billion count as that.
int64_t blocksInWeights(const Checkpoint& ck, const std::string& prefix) {
    int64_t count = 0;
    for (const auto& t : ck.tensors) {
        if (t.name.compare(0, prefix.size(), prefix) != 0) continue;
        std::size_t i = prefix.size();
        int64_t k = 0;
        while (i < t.name.size() && t.name[i] >= '0' && t.name[i] <= '9' && k < 1000000000)
            k = k * 10 + (t.name[i++] - '0');
        if (i > prefix.size() && i < t.name.size() && t.name[i] == '.') count = std::max(count, k + 1);
    }
    return count;
}

ErrorMessage layersText(int64_t n) {
    if (n == 1) return ErrorMessage(ErrorCode::CkptLayersOne);
    return ErrorMessage(ErrorCode::CkptLayersMany, {std::to_string(n), std::to_string(n - 1)});
}

void checkLayerCount(const Checkpoint& ck, const std::string& prefix) {
    const int64_t have = blocksInWeights(ck, prefix);
    if (have == 0 || have == ck.config.numLayers) return; // no blocks at all: the missing tensors say more
    throw Error(ErrorCode::CkptConfigDisagreesWeights,
                {ck.config.family == Family::Gpt2 ? "n_layer" : "num_hidden_layers",
                 std::to_string(ck.config.numLayers), layersText(have)},
                ck.dir + "/config.json");
}

// Present with the shape the model will ask for; the messages are the ones
// loading gives (TensorSource), so `info` and loading agree.
void checkPresent(const Checkpoint& ck, const std::vector<ArchitectureTensor>& expected) {
    const std::string where = ck.weightFiles.size() == 1 ? ck.weightFiles.front() : ck.dir;
    for (const auto& e : expected) {
        const CheckpointTensor* t = ck.find(e.name);
        if (!t)
            throw Error(ck.compactFormat.empty() ? ErrorCode::TensorIoMissingTensorCheckpointDoesNot
                                                 : ErrorCode::TensorIoMissingTensorCompactCheckpointNeither,
                        {e.name}, where);
        // An alias's shape is checked when it is loaded (a message naming its stored tensor).
        if (t->storedAs.empty() && t->shape != e.shape)
            throw Error(ErrorCode::TensorIoTensorShapeConfigImpliesConfig,
                        {e.name, shapeText(t->shape), shapeText(e.shape)}, t->file);
    }
}

std::vector<std::string> unusedOf(const Checkpoint& ck, const std::vector<ArchitectureTensor>& expected) {
    std::set<std::string> used;
    for (const auto& e : expected) used.insert(e.name);
    for (const auto& [name, d] : ck.sharing.deltas) {
        used.insert(d.a);
        if (!d.b.empty()) used.insert(d.b);
    }
    std::vector<std::string> out;
    for (const auto& t : ck.tensors)
        if (!used.count(t.name) && isParameterTensor(ck.config, t.name)) out.push_back(t.name);
    std::sort(out.begin(), out.end());
    return out;
}

// The expected tensors, with the block count bounded by what the weights
// hold (a config that claims ten million layers on weights without blocks
// needs only block 0's list to be refused).
std::vector<ArchitectureTensor> expectedFor(const Checkpoint& ck, const std::string& gpt2Prefix) {
    ModelConfig c = ck.config;
    if (blocksInWeights(ck, blockPrefixOf(c, gpt2Prefix)) != c.numLayers) c.numLayers = std::min(c.numLayers, 1);
    return architectureTensors(c, gpt2Prefix);
}

// Gemma 2 / 3: norms around both sub-layers (and Gemma 3's per-head q/k norms).
std::vector<std::string> sandwichBlockTensorNames(const ModelConfig& c) {
    std::vector<std::string> n{"input_layernorm.weight", "self_attn.q_proj.weight", "self_attn.k_proj.weight",
                               "self_attn.v_proj.weight", "self_attn.o_proj.weight"};
    if (c.qkNorm == QkNorm::PerHead) n.insert(n.end(), {"self_attn.q_norm.weight", "self_attn.k_norm.weight"});
    n.insert(n.end(), {"post_attention_layernorm.weight", "pre_feedforward_layernorm.weight", "mlp.gate_proj.weight",
                       "mlp.up_proj.weight", "mlp.down_proj.weight", "post_feedforward_layernorm.weight"});
    return n;
}

} // namespace

std::vector<std::string> blockTensorNames(const ModelConfig& c) {
    if (c.family != Family::Gpt2 && c.normPlacement == NormPlacement::Sandwich) return sandwichBlockTensorNames(c);
    if (c.family == Family::Gpt2)
        return {"ln_1.weight",        "ln_1.bias",        "attn.c_attn.weight", "attn.c_attn.bias",
                "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight",        "ln_2.bias",
                "mlp.c_fc.weight",    "mlp.c_fc.bias",    "mlp.c_proj.weight",  "mlp.c_proj.bias"};
    std::vector<std::string> n;
    if (c.normPlacement != NormPlacement::Post) n.push_back("input_layernorm.weight"); // OLMo 2 has none
    if (c.fusedQkv)
        n.push_back("self_attn.qkv_proj.weight"); // Phi-3: q, k and v stacked
    else
        n.insert(n.end(), {"self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight"});
    if (c.attentionBias) n.insert(n.end(), {"self_attn.q_proj.bias", "self_attn.k_proj.bias", "self_attn.v_proj.bias"});
    n.push_back("self_attn.o_proj.weight");
    if (c.qkNorm != QkNorm::None) n.insert(n.end(), {"self_attn.q_norm.weight", "self_attn.k_norm.weight"});
    n.push_back("post_attention_layernorm.weight");
    if (c.fusedGateUp)
        n.push_back("mlp.gate_up_proj.weight"); // Phi-3: gate rows first, then up
    else
        n.insert(n.end(), {"mlp.gate_proj.weight", "mlp.up_proj.weight"});
    n.push_back("mlp.down_proj.weight");
    if (c.mlpBias) n.insert(n.end(), {"mlp.gate_proj.bias", "mlp.up_proj.bias", "mlp.down_proj.bias"});
    if (c.normPlacement == NormPlacement::Post) n.push_back("post_feedforward_layernorm.weight");
    return n;
}

std::vector<ArchitectureTensor> architectureTensors(const ModelConfig& c, const std::string& gpt2Prefix) {
    const int64_t H = c.hiddenSize, V = c.vocabSize;
    const bool gpt2 = c.family == Family::Gpt2;
    const std::string outer = gpt2 ? gpt2Prefix : std::string("model.");
    std::vector<ArchitectureTensor> out;
    out.push_back({outer + (gpt2 ? "wte.weight" : "embed_tokens.weight"), {V, H}});
    if (gpt2) out.push_back({outer + "wpe.weight", {static_cast<int64_t>(c.maxPositions), H}});
    const auto names = blockTensorNames(c);
    const std::string blocks = blockPrefixOf(c, gpt2Prefix);
    for (int i = 0; i < c.numLayers; ++i)
        for (const auto& n : names) out.push_back({blocks + std::to_string(i) + "." + n, blockTensorShape(c, n)});
    if (gpt2) {
        out.push_back({outer + "ln_f.weight", {H}});
        out.push_back({outer + "ln_f.bias", {H}});
    } else {
        out.push_back({outer + "norm.weight", {H}});
    }
    if (!c.tieEmbeddings) out.push_back({"lm_head.weight", {V, H}});
    return out;
}

std::string gpt2PrefixOf(const Checkpoint& ck) {
    return !ck.find("transformer.wte.weight") && ck.find("wte.weight") ? std::string() : std::string("transformer.");
}

void checkTensorSet(const Checkpoint& ck, const OpenOptions& options) {
    const std::string gpt2Prefix = gpt2PrefixOf(ck);
    checkLayerCount(ck, blockPrefixOf(ck.config, gpt2Prefix));
    const auto expected = expectedFor(ck, gpt2Prefix);
    checkPresent(ck, expected);
    if (options.allowUnusedTensors) return;
    const auto unused = unusedOf(ck, expected);
    if (unused.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < unused.size() && i < 3; ++i) list += (i ? ", " : "") + unused[i];
    if (unused.size() > 3) list += ", …";
    throw Error(ErrorCode::CkptUnusedTensors, {std::to_string(unused.size()), ck.config.architectureName(), list},
                ck.dir + "/config.json");
}

std::vector<std::string> unusedTensors(const Checkpoint& ck) { return unusedOf(ck, expectedFor(ck, gpt2PrefixOf(ck))); }

} // namespace sharelens
