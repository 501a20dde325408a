// A GGUF file as a Hugging Face style checkpoint: llama.cpp's metadata keys
// mapped to a config.json (read by the same parser as a real one, so the
// same checks apply) and its tensor names to Hugging Face names.
#include "io/gguf.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sharelens/config.h"
#include "sharelens/error.h"

namespace sharelens::gguf {

namespace {

using json = nlohmann::json;

std::string quote(const std::string& s) { return "\"" + s + "\""; }

const char* const kArchitectures = "\"llama\", \"qwen2\" and \"qwen3\"";

// Reads metadata keys, remembering which were used (the rest are named by `info`).
class Meta {
public:
    Meta(const Header& h, const std::string& path) : m_h(h), m_path(path) {}

    const Value* find(const std::string& key) {
        m_used.insert(key);
        return m_h.get(key);
    }
    std::string string(const std::string& key, const std::string& arch) {
        const Value* v = find(key);
        if (!v) throw Error(ErrorCode::GgufMissingKey, {key, arch}, m_path);
        if (v->type != 8) throw Error(ErrorCode::GgufBadValue, {key, describe(*v), "a string"}, m_path);
        return v->text;
    }
    // A positive integer (at most 2^30); absent: `def`, or GgufMissingKey when def < 0.
    int64_t positive(const std::string& key, const std::string& arch, int64_t def = -1) {
        const Value* v = find(key);
        if (!v) {
            if (def < 0) throw Error(ErrorCode::GgufMissingKey, {key, arch}, m_path);
            return def;
        }
        if (!v->isInteger || v->integer < 1 || v->integer > (1 << 30))
            throw Error(ErrorCode::GgufBadValue, {key, describe(*v), "a positive integer"}, m_path);
        return v->integer;
    }
    // A token id (-1 when absent).
    int64_t tokenId(const std::string& key) {
        const Value* v = find(key);
        if (!v) return -1;
        if (!v->isInteger || v->integer < 0 || v->integer > (1 << 30))
            throw Error(ErrorCode::GgufBadValue, {key, describe(*v), "a token id"}, m_path);
        return v->integer;
    }
    double number(const std::string& key, double def) {
        const Value* v = find(key);
        if (!v) return def;
        if (v->type == 8 || v->type == 9 || !std::isfinite(v->number) || v->number <= 0)
            throw Error(ErrorCode::GgufBadValue, {key, describe(*v), "a positive number"}, m_path);
        return v->number;
    }
    // Keys that change the model and were not read (general.* only describes the file).
    std::vector<std::string> unused() const {
        std::vector<std::string> out;
        for (const auto& [key, v] : m_h.kv)
            if (!m_used.count(key) && key.rfind("general.", 0) != 0) out.push_back(key);
        return out;
    }

    static std::string describe(const Value& v) {
        if (v.type == 8) return quote(v.text.substr(0, 40));
        if (v.type == 9) return "an array of " + std::to_string(v.strings.size() + v.numbers.size()) + " elements";
        if (v.isInteger) return std::to_string(v.integer);
        std::ostringstream os;
        os << v.number;
        return os.str();
    }

private:
    const Header& m_h;
    const std::string& m_path;
    std::set<std::string> m_used;
};

[[noreturn]] void notImplemented(const std::string& what, const std::string& path) {
    throw Error(ErrorCode::GgufFeatureNotImplemented, {what}, path);
}

void readRope(Meta& m, const Header& h, const std::string& arch, int64_t headDim, json& cfg, const std::string& path) {
    cfg["rope_theta"] = m.number(arch + ".rope.freq_base", 10000.0);
    const Value* dims = m.find(arch + ".rope.dimension_count");
    if (dims && (!dims->isInteger || dims->integer != headDim))
        notImplemented("rotary embeddings over " + Meta::describe(*dims) + " of " + std::to_string(headDim) +
                           " head dimensions (" + arch + ".rope.dimension_count)",
                       path);
    const Value* scaling = m.find(arch + ".rope.scaling.type");
    if (scaling && scaling->type == 8 && scaling->text == "linear") {
        cfg["rope_scaling"] = {{"rope_type", "linear"}, {"factor", m.number(arch + ".rope.scaling.factor", 1.0)}};
    } else if (scaling && !(scaling->type == 8 && scaling->text == "none")) {
        notImplemented("RoPE scaling " + Meta::describe(*scaling) + " (" + arch + ".rope.scaling.type)", path);
    }
    if (h.find("rope_freqs.weight"))
        notImplemented("per-frequency RoPE factors (tensor \"rope_freqs.weight\", Llama 3.1 scaling)", path);
}

// The config.json a Hugging Face checkpoint of this model has.
json configJson(Meta& m, const Header& h, const std::string& path) {
    const std::string arch = m.string("general.architecture", "GGUF");
    if (arch != "llama" && arch != "qwen2" && arch != "qwen3")
        throw Error(ErrorCode::GgufArchitecture, {arch, kArchitectures}, path);
    const std::string a = arch + ".";
    json cfg;
    cfg["model_type"] = arch;
    cfg["hidden_size"] = m.positive(a + "embedding_length", arch);
    cfg["num_hidden_layers"] = m.positive(a + "block_count", arch);
    cfg["intermediate_size"] = m.positive(a + "feed_forward_length", arch);
    const int64_t heads = m.positive(a + "attention.head_count", arch);
    cfg["num_attention_heads"] = heads;
    cfg["num_key_value_heads"] = m.positive(a + "attention.head_count_kv", arch, heads);
    const int64_t headDim = m.positive(a + "attention.key_length", arch, cfg["hidden_size"].get<int64_t>() / heads);
    if (m.positive(a + "attention.value_length", arch, headDim) != headDim)
        notImplemented("value heads of another size than key heads (" + a + "attention.value_length)", path);
    // Only the fields a Hugging Face config.json of this family has.
    if (arch == "qwen3" || headDim * heads != cfg["hidden_size"].get<int64_t>()) cfg["head_dim"] = headDim;
    cfg["max_position_embeddings"] = m.positive(a + "context_length", arch);
    cfg["rms_norm_eps"] = m.number(a + "attention.layer_norm_rms_epsilon", -1);
    if (cfg["rms_norm_eps"].get<double>() < 0)
        throw Error(ErrorCode::GgufMissingKey, {a + "attention.layer_norm_rms_epsilon", arch}, path);
    readRope(m, h, arch, headDim, cfg, path);
    cfg["hidden_act"] = "silu";
    cfg["tie_word_embeddings"] = h.find("output.weight") == nullptr;
    if (arch != "qwen2") cfg["attention_bias"] = h.find("blk.0.attn_q.bias") != nullptr;
    const Value* tokens = m.find("tokenizer.ggml.tokens");
    const TensorInfo* embd = h.find("token_embd.weight");
    if (tokens && tokens->type == 9 && !tokens->strings.empty())
        cfg["vocab_size"] = tokens->strings.size();
    else if (embd)
        cfg["vocab_size"] = embd->shape.front();
    else
        throw Error(ErrorCode::GgufMissingKey, {"tokenizer.ggml.tokens", arch}, path);
    for (const char* id : {"bos", "eos"}) {
        const int64_t v = m.tokenId(std::string("tokenizer.ggml.") + id + "_token_id");
        if (v >= 0) cfg[std::string(id) + "_token_id"] = v;
    }
    return cfg;
}

// ggml dtype of a tensor as the checkpoint lists it.
DType listedDtype(TensorType t) {
    switch (t) {
    case TensorType::F32: return DType::F32;
    case TensorType::F16: return DType::F16;
    case TensorType::BF16: return DType::BF16;
    case TensorType::Q8_0: return DType::I8;
    }
    return DType::F32;
}

} // namespace

std::string hfTensorName(const std::string& g) {
    // structure: data table (llama.cpp's names -> Hugging Face's)
    static const std::pair<const char*, const char*> block[] = {
        {"attn_norm", "input_layernorm"},    {"attn_q", "self_attn.q_proj"},
        {"attn_k", "self_attn.k_proj"},      {"attn_v", "self_attn.v_proj"},
        {"attn_output", "self_attn.o_proj"}, {"attn_q_norm", "self_attn.q_norm"},
        {"attn_k_norm", "self_attn.k_norm"}, {"ffn_norm", "post_attention_layernorm"},
        {"ffn_gate", "mlp.gate_proj"},       {"ffn_up", "mlp.up_proj"},
        {"ffn_down", "mlp.down_proj"}};
    if (g == "token_embd.weight") return "model.embed_tokens.weight";
    if (g == "output_norm.weight") return "model.norm.weight";
    if (g == "output.weight") return "lm_head.weight";
    if (g.rfind("blk.", 0) != 0) return {};
    const std::size_t dot = g.find('.', 4);
    if (dot == std::string::npos || dot == 4 || dot > 13) return {};
    const std::string layer = g.substr(4, dot - 4);
    if (!std::all_of(layer.begin(), layer.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
    const std::size_t last = g.rfind('.');
    if (last <= dot) return {};
    const std::string part = g.substr(dot + 1, last - dot - 1), suffix = g.substr(last + 1);
    if (suffix != "weight" && suffix != "bias") return {};
    for (const auto& [from, to] : block)
        if (part == from) return "model.layers." + layer + "." + to + "." + suffix;
    return {};
}

Checkpoint checkpointFromHeader(const Header& h, const std::string& path) {
    Meta m(h, path);
    const json cfg = configJson(m, h, path);
    Checkpoint c;
    c.dir = path;
    c.format = WeightFormat::Gguf;
    c.config = parseConfig(cfg.dump(), path);
    c.weightFiles.push_back(path);
    for (const TensorInfo& t : h.tensors) {
        std::string name = hfTensorName(t.name);
        if (name.empty()) name = t.name; // not a tensor of the model: named as it is (an unused tensor)
        c.tensors.push_back({name, listedDtype(t.type), t.shape, path, {}, t.name});
    }
    std::sort(c.tensors.begin(), c.tensors.end(),
              [](const CheckpointTensor& a, const CheckpointTensor& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < c.tensors.size(); ++i)
        if (c.tensors[i].name == c.tensors[i - 1].name)
            throw Error(ErrorCode::GgufBadHeader,
                        {"tensors " + quote(c.tensors[i - 1].fileName) + " and " + quote(c.tensors[i].fileName) +
                         " both stand for " + quote(c.tensors[i].name)},
                        path);
    if (const Value* model = m.find("tokenizer.ggml.model")) {
        c.tokenizerFile = path;
        for (const char* k : {"tokens", "scores", "token_type", "merges", "pre", "add_bos_token", "add_eos_token",
                              "unknown_token_id", "padding_token_id", "add_space_prefix"})
            m.find(std::string("tokenizer.ggml.") + k);
        (void)model;
    }
    c.metadata["gguf.version"] = std::to_string(h.version);
    c.metadata["gguf.architecture"] = c.config.modelType;
    if (const Value* bos = h.get("tokenizer.ggml.add_bos_token"); bos && bos->isInteger)
        c.metadata["gguf.add_bos_token"] = bos->integer ? "true" : "false";
    for (const std::string& k : m.unused()) c.config.ignoredFields.push_back(k);
    return c;
}

Checkpoint openCheckpoint(const std::string& path) {
    std::error_code ec;
    const std::string abs = std::filesystem::absolute(path, ec).lexically_normal().string();
    const auto file = MappedFile::open(ec ? path : abs);
    return checkpointFromHeader(file->header(), file->path());
}

} // namespace sharelens::gguf
