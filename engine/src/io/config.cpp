// config.json of the GPT-2 and Llama families (Llama, Mistral, Qwen2).
#include "sharelens/config.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"

namespace sharelens {

namespace {

using json = nlohmann::json;

// Short text for a JSON value in a message. Structured values are named by
// type only: dumping them recurses, and deeply nested input would exhaust the stack.
std::string show(const json& v) {
    if (v.is_structured()) return std::string("an ") + v.type_name();
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

const char* kSupported = "\"gpt2\", \"llama\", \"mistral\", \"qwen2\", \"gemma2\" and \"gemma3_text\"";

class Reader {
public:
    Reader(const json& root, const std::string& path, std::string family)
        : m_root(root), m_path(path), m_family(std::move(family)) {}

    [[noreturn]] void fail(ErrorMessage message) const { throw Error(std::move(message), m_path); }

    // Present and not null.
    bool has(const char* key) const {
        auto it = m_root.find(key);
        return it != m_root.end() && !it->is_null();
    }

    int64_t integer(const char* key, ErrorCode what) const {
        const json& v = m_root.at(key);
        if (v.is_number_integer()) {
            if (v.is_number_unsigned()) {
                uint64_t u = v.get<uint64_t>();
                if (u > static_cast<uint64_t>(std::numeric_limits<int>::max()))
                    fail({ErrorCode::ConfigTooLarge, {key, ErrorMessage(what), std::to_string(u)}});
                return static_cast<int64_t>(u);
            }
            return v.get<int64_t>();
        }
        // Some tools write integral values as floats (e.g. 768.0).
        if (v.is_number_float()) {
            double d = v.get<double>();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= std::numeric_limits<int>::max())
                return static_cast<int64_t>(d);
        }
        fail({ErrorCode::ConfigMustInteger, {key, ErrorMessage(what), show(v)}});
    }

    int positive(const char* key, ErrorCode what) const {
        if (!has(key)) fail({ErrorCode::ConfigMissingConfigJsonNeedsFile, {key, ErrorMessage(what), m_family}});
        return positiveValue(key, what);
    }

    int positiveOr(const char* key, ErrorCode what, int fallback) const {
        return has(key) ? positiveValue(key, what) : fallback;
    }

    int positiveValue(const char* key, ErrorCode what) const {
        int64_t v = integer(key, what);
        if (v <= 0) fail({ErrorCode::ConfigMustPositive, {key, ErrorMessage(what), std::to_string(v)}});
        if (v > std::numeric_limits<int>::max())
            fail({ErrorCode::ConfigTooLarge, {key, ErrorMessage(what), std::to_string(v)}});
        return static_cast<int>(v);
    }

    double number(const char* key, double fallback, bool mustBePositive = true) const {
        if (!has(key)) return fallback;
        const json& v = m_root.at(key);
        if (!v.is_number()) fail({ErrorCode::ConfigMustNumber, {key, show(v)}});
        double d = v.get<double>();
        if (!std::isfinite(d) || (mustBePositive && d <= 0))
            fail({ErrorCode::ConfigMustPositiveNumber, {key, show(v)}});
        return d;
    }

    bool boolean(const char* key, bool fallback) const {
        if (!has(key)) return fallback;
        const json& v = m_root.at(key);
        if (!v.is_boolean()) fail({ErrorCode::ConfigMustTrueFalse, {key, show(v)}});
        return v.get<bool>();
    }

    std::string string(const char* key, const std::string& fallback) const {
        if (!has(key)) return fallback;
        const json& v = m_root.at(key);
        if (!v.is_string()) fail({ErrorCode::ConfigMustString, {key, show(v)}});
        return v.get<std::string>();
    }

    // Token ids: an integer, a list of integers (first one is used), or null.
    int tokenId(const char* key) const {
        if (!has(key)) return -1;
        const json* v = &m_root.at(key);
        if (v->is_array()) {
            if (v->empty()) return -1;
            v = &v->front();
        }
        if (!v->is_number_integer() || v->get<int64_t>() < 0 || v->get<int64_t>() > std::numeric_limits<int>::max())
            fail({ErrorCode::ConfigMustNonNegativeIntegerToken, {key, show(m_root.at(key))}});
        return static_cast<int>(v->get<int64_t>());
    }

private:
    const json& m_root;
    const std::string& m_path;
    std::string m_family;
};

void parseRopeScaling(const json& root, const Reader& r, ModelConfig& c) {
    auto it = root.find("rope_scaling");
    if (it == root.end() || it->is_null()) return;
    const json& rs = *it;
    if (!rs.is_object()) r.fail({ErrorCode::ConfigRopeScalingMustNullObject, {show(rs)}});
    std::string type;
    for (const char* key : {"rope_type", "type"}) {
        auto t = rs.find(key);
        if (t != rs.end() && !t->is_null()) {
            if (!t->is_string()) r.fail({ErrorCode::ConfigRopeScalingMustString, {key}});
            type = t->get<std::string>();
            break;
        }
    }
    if (type.empty()) r.fail({ErrorCode::ConfigRopeScalingNoRopeType, {}});
    if (type == "default") return; // plain RoPE, no scaling
    if (type != "linear" && type != "llama3") r.fail({ErrorCode::ConfigRopeScalingTypeNotSupported, {type}});
    auto num = [&](const char* key) -> double {
        auto f = rs.find(key);
        if (f == rs.end() || f->is_null()) r.fail({ErrorCode::ConfigRopeScalingTypeNeeds, {type, key}});
        if (!f->is_number() || !std::isfinite(f->get<double>()) || f->get<double>() <= 0)
            r.fail({ErrorCode::ConfigRopeScalingMustPositiveNumber, {key, show(*f)}});
        return f->get<double>();
    };
    c.ropeScalingType = type;
    c.ropeScalingFactor = num("factor");
    if (type == "llama3") {
        c.ropeLowFreqFactor = num("low_freq_factor");
        c.ropeHighFreqFactor = num("high_freq_factor");
        double orig = num("original_max_position_embeddings");
        if (orig != std::floor(orig) || orig > std::numeric_limits<int>::max())
            r.fail({ErrorCode::ConfigRopeScalingOriginalMaxPosition, {}});
        c.ropeOriginalMaxPositions = static_cast<int>(orig);
    }
}

} // namespace

std::string ModelConfig::architectureName() const {
    if (modelType == "gpt2") return "GPT-2";
    if (modelType == "llama") return "Llama";
    if (modelType == "mistral") return "Mistral";
    if (modelType == "qwen2") return "Qwen2";
    if (modelType == "gemma2") return "Gemma 2";
    if (modelType == "gemma3_text" || modelType == "gemma3") return "Gemma 3";
    return family == Family::Gpt2 ? "GPT-2" : "Llama";
}

namespace {

// The fields of a GPT-2 config.json (c.modelType is set).
void readGpt2(const Reader& r, ModelConfig& c) {
    c.family = Family::Gpt2;
    c.hiddenSize = r.positive("n_embd", ErrorCode::ConfigWhatHiddenSize);
    c.numLayers = r.positive("n_layer", ErrorCode::ConfigWhatLayers);
    c.numHeads = r.positive("n_head", ErrorCode::ConfigWhatHeads);
    c.vocabSize = r.positive("vocab_size", ErrorCode::ConfigWhatVocab);
    if (r.has("n_positions"))
        c.maxPositions = r.positiveValue("n_positions", ErrorCode::ConfigWhatMaxPositions);
    else if (r.has("n_ctx"))
        c.maxPositions = r.positiveValue("n_ctx", ErrorCode::ConfigWhatMaxPositions);
    else
        r.fail({ErrorCode::ConfigNPositionsMaximumSequenceLength, {}});
    if (c.hiddenSize % c.numHeads != 0)
        r.fail({ErrorCode::ConfigNHeadDoesNotDivide, {std::to_string(c.numHeads), std::to_string(c.hiddenSize)}});
    c.numKVHeads = c.numHeads;
    c.headDim = c.hiddenSize / c.numHeads;
    if (r.has("n_inner"))
        c.intermediateSize = r.positiveValue("n_inner", ErrorCode::ConfigWhatMlpWidth);
    else if (c.hiddenSize > std::numeric_limits<int>::max() / 4)
        r.fail({ErrorCode::ConfigNEmbdTooLarge, {}});
    else
        c.intermediateSize = 4 * c.hiddenSize;
    c.normEps = r.number("layer_norm_epsilon", 1e-5);
    c.activation = r.string("activation_function", "gelu_new");
    c.tieEmbeddings = r.boolean("tie_word_embeddings", true);
    c.bosTokenId = r.tokenId("bos_token_id");
    c.eosTokenId = r.tokenId("eos_token_id");
    c.torchDtype = r.string("torch_dtype", r.string("dtype", ""));
    c.attentionBias = true; // GPT-2's c_attn always has a bias
    c.mlpBias = true;
}

// The fields of a Llama-shaped config.json: llama, mistral, qwen2.
void readLlama(const json& root, const Reader& r, ModelConfig& c) {
    c.family = Family::Llama;
    c.hiddenSize = r.positive("hidden_size", ErrorCode::ConfigWhatHiddenSize);
    c.numLayers = r.positive("num_hidden_layers", ErrorCode::ConfigWhatLayers);
    c.numHeads = r.positive("num_attention_heads", ErrorCode::ConfigWhatHeads);
    c.intermediateSize = r.positive("intermediate_size", ErrorCode::ConfigWhatMlpWidth);
    c.vocabSize = r.positive("vocab_size", ErrorCode::ConfigWhatVocab);
    // Hugging Face defaults when absent.
    const int defaultPositions = c.modelType == "llama" ? 2048 : c.modelType == "mistral" ? 131072 : 32768;
    c.maxPositions = r.positiveOr("max_position_embeddings", ErrorCode::ConfigWhatMaxPositions, defaultPositions);
    c.numKVHeads = r.positiveOr("num_key_value_heads", ErrorCode::ConfigWhatKVHeads, c.numHeads);
    if (r.has("head_dim")) {
        c.headDim = r.positiveValue("head_dim", ErrorCode::ConfigWhatHeadSize);
    } else {
        if (c.hiddenSize % c.numHeads != 0)
            r.fail({ErrorCode::ConfigNumAttentionHeadsDoesNot,
                    {std::to_string(c.numHeads), std::to_string(c.hiddenSize)}});
        c.headDim = c.hiddenSize / c.numHeads;
    }
    if (c.numHeads % c.numKVHeads != 0)
        r.fail({ErrorCode::ConfigNumKeyValueHeadsDoes, {std::to_string(c.numKVHeads), std::to_string(c.numHeads)}});
    c.normEps = r.number("rms_norm_eps", 1e-6);
    c.ropeTheta = r.number("rope_theta", 10000.0);
    parseRopeScaling(root, r, c);
    c.tieEmbeddings = r.boolean("tie_word_embeddings", false);
    c.attentionBias = c.modelType == "qwen2" ? true : r.boolean("attention_bias", false);
    c.mlpBias = r.boolean("mlp_bias", false);
    c.activation = r.string("hidden_act", "silu");
    if (c.modelType == "mistral") {
        c.slidingWindow = r.has("sliding_window") ? r.positiveValue("sliding_window", ErrorCode::ConfigWhatWindow) : 0;
    } else if (c.modelType == "qwen2" && r.boolean("use_sliding_window", false)) {
        c.slidingWindow = r.has("sliding_window") ? r.positiveValue("sliding_window", ErrorCode::ConfigWhatWindow) : 0;
    }
    c.bosTokenId = r.tokenId("bos_token_id");
    c.eosTokenId = r.tokenId("eos_token_id");
    c.torchDtype = r.string("torch_dtype", r.string("dtype", ""));
}

// ---------------------------------------------------------------- Gemma 2 / Gemma 3 (text)

bool isGemmaType(const std::string& t) { return t == "gemma2" || t == "gemma3_text"; }

[[noreturn]] void notImplemented(const Reader& r, const std::string& field, const json& value, const std::string& family) {
    r.fail({ErrorCode::ConfigFieldNotImplemented, {field, show(value), family}});
}

// Fields a dense Gemma does not have, and options whose computation differs
// from the one implemented: refused by name rather than ignored.
void refuseGemmaExtras(const json& root, const Reader& r, const std::string& family) {
    for (const char* key : {"num_experts", "num_local_experts", "num_experts_per_tok", "moe_intermediate_size",
                            "rope_parameters", "altup_num_inputs", "laurel_rank"})
        if (r.has(key)) notImplemented(r, key, root.at(key), family);
    if (r.boolean("use_bidirectional_attention", false))
        notImplemented(r, "use_bidirectional_attention", root.at("use_bidirectional_attention"), family);
    if (r.boolean("attention_bias", false)) notImplemented(r, "attention_bias", root.at("attention_bias"), family);
    auto rs = root.find("rope_scaling");
    if (rs != root.end() && rs->is_object()) {
        for (const char* key : {"rope_type", "type"}) {
            auto t = rs->find(key);
            if (t == rs->end() || t->is_null()) continue;
            if (!t->is_string() || (*t != "linear" && *t != "default"))
                notImplemented(r, std::string("rope_scaling.") + key, *t, family);
            break;
        }
    }
}

// Per-layer attention types: layer_types when given, else the family's
// pattern (Gemma 2: every other layer sliding, from layer 0; Gemma 3: layer i
// global when (i + 1) % sliding_window_pattern == 0).
void readGemmaLayerTypes(const json& root, const Reader& r, ModelConfig& c, const std::string& family) {
    auto it = root.find("layer_types");
    if (it != root.end() && !it->is_null()) {
        if (!it->is_array())
            r.fail({ErrorCode::ConfigFieldInvalid,
                    {"layer_types", family, show(*it), "a list of \"sliding_attention\" and \"full_attention\""}});
        if (it->size() != static_cast<size_t>(c.numLayers))
            r.fail({ErrorCode::ConfigLayerTypesCount, {std::to_string(it->size()), std::to_string(c.numLayers)}});
        for (const json& e : *it) {
            if (!e.is_string() || (e != "sliding_attention" && e != "full_attention"))
                notImplemented(r, "layer_types", e, family);
            c.layerTypes.push_back(e.get<std::string>());
        }
        return;
    }
    int pattern = 2;
    if (c.modelType == "gemma3_text") {
        const char* key = r.has("sliding_window_pattern") ? "sliding_window_pattern" : "_sliding_window_pattern";
        pattern = r.positiveOr(key, ErrorCode::ConfigWhatLayers, 6);
    }
    for (int i = 0; i < c.numLayers; ++i)
        c.layerTypes.push_back((i + 1) % pattern != 0 ? "sliding_attention" : "full_attention");
}

// A soft-capping value: absent gives the family's default, null none.
double softcap(const json& root, const Reader& r, const char* key, double fallback) {
    auto it = root.find(key);
    if (it == root.end()) return fallback;
    return it->is_null() ? 0.0 : r.number(key, fallback);
}

// The fields of a Gemma 2 or Gemma 3 text config.json (c.modelType is set);
// Hugging Face's defaults where a field is absent.
void readGemma(const json& root, const Reader& r, ModelConfig& c) {
    const bool g2 = c.modelType == "gemma2";
    const std::string family = c.architectureName();
    refuseGemmaExtras(root, r, family);
    c.family = Family::Llama;
    c.hiddenSize = r.positive("hidden_size", ErrorCode::ConfigWhatHiddenSize);
    c.numLayers = r.positive("num_hidden_layers", ErrorCode::ConfigWhatLayers);
    c.numHeads = r.positive("num_attention_heads", ErrorCode::ConfigWhatHeads);
    c.intermediateSize = r.positive("intermediate_size", ErrorCode::ConfigWhatMlpWidth);
    c.vocabSize = r.positive("vocab_size", ErrorCode::ConfigWhatVocab);
    c.maxPositions = r.positiveOr("max_position_embeddings", ErrorCode::ConfigWhatMaxPositions, g2 ? 8192 : 131072);
    c.numKVHeads = r.positiveOr("num_key_value_heads", ErrorCode::ConfigWhatKVHeads, 4);
    c.headDim = r.positiveOr("head_dim", ErrorCode::ConfigWhatHeadSize, 256);
    if (c.headDim % 2 != 0)
        r.fail({ErrorCode::ConfigFieldInvalid, {"head_dim", family, std::to_string(c.headDim), "RoPE needs it even"}});
    if (c.numHeads % c.numKVHeads != 0)
        r.fail({ErrorCode::ConfigNumKeyValueHeadsDoes, {std::to_string(c.numKVHeads), std::to_string(c.numHeads)}});
    c.normEps = r.number("rms_norm_eps", 1e-6);
    c.ropeTheta = r.number("rope_theta", g2 ? 10000.0 : 1000000.0);
    parseRopeScaling(root, r, c);
    if (!g2) c.ropeLocalTheta = r.number("rope_local_base_freq", 10000.0);
    c.tieEmbeddings = r.boolean("tie_word_embeddings", true);
    c.activation = r.string("hidden_activation", r.string("hidden_act", "gelu_pytorch_tanh"));
    if (c.activation != "gelu_pytorch_tanh" && c.activation != "gelu_new" && c.activation != "gelu")
        notImplemented(r, r.has("hidden_activation") ? "hidden_activation" : "hidden_act", json(c.activation), family);
    c.queryPreAttnScalar = r.number("query_pre_attn_scalar", 256.0);
    c.attnSoftcap = softcap(root, r, "attn_logit_softcapping", g2 ? 50.0 : 0.0);
    c.finalSoftcap = softcap(root, r, "final_logit_softcapping", g2 ? 30.0 : 0.0);
    c.slidingWindow = r.positiveOr("sliding_window", ErrorCode::ConfigWhatWindow, 4096);
    readGemmaLayerTypes(root, r, c, family);
    c.normPlacement = NormPlacement::Sandwich;
    c.normAddsOne = true;
    c.scaleEmbeddings = true;
    c.qkNorm = g2 ? QkNorm::None : QkNorm::PerHead;
    c.bosTokenId = r.tokenId("bos_token_id");
    c.eosTokenId = r.tokenId("eos_token_id");
    c.torchDtype = r.string("torch_dtype", r.string("dtype", ""));
}

} // namespace

ModelConfig parseConfig(const std::string& jsonText, const std::string& path) {
    json root;
    checkJsonDepth(jsonText, path);
    try {
        root = json::parse(jsonText);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::ConfigConfigJsonNotValidJSON, {e.what()}, path);
    }
    if (!root.is_object()) throw Error(ErrorCode::ConfigConfigJsonMustHoldJSON, {root.type_name()}, path);
    auto mt = root.find("model_type");
    if (mt == root.end() || mt->is_null())
        throw Error(ErrorCode::ConfigModelTypeMissingSoArchitecture, {kSupported}, path);
    if (!mt->is_string()) throw Error(ErrorCode::ConfigModelTypeMustString, {show(*mt)}, path);

    ModelConfig c;
    c.modelType = mt->get<std::string>();
    if (c.modelType == "gpt2") {
        readGpt2(Reader(root, path, "GPT-2"), c);
        return c;
    }
    if (c.modelType == "llama" || c.modelType == "mistral" || c.modelType == "qwen2") {
        readLlama(root, Reader(root, path, c.architectureName()), c);
        return c;
    }
    if (isGemmaType(c.modelType)) {
        readGemma(root, Reader(root, path, c.architectureName()), c);
        return c;
    }
    if (c.modelType == "gemma3") // the vision-language model: its weights live under other names
        throw Error(ErrorCode::ConfigFieldNotImplemented, {"model_type", "\"gemma3\" (Gemma 3 with vision)", "Gemma 3"},
                    path);
    throw Error(ErrorCode::ConfigModelTypeNotSupportedSupported, {c.modelType, kSupported}, path);
}

ModelConfig loadConfig(const std::string& configPath) {
    return parseConfig(readInputFile(configPath, kMaxJsonFileBytes, "a config.json", "a model configuration",
                                     "use the checkpoint's own config.json."),
                       configPath);
}

namespace {

// Gemma 2 / Gemma 3 text config.json fields, as Hugging Face writes them.
void gemmaToJson(const ModelConfig& c, nlohmann::ordered_json& j) {
    const bool g2 = c.modelType == "gemma2";
    auto orNull = [](double v) { return v > 0 ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); };
    j["architectures"] = {g2 ? "Gemma2ForCausalLM" : "Gemma3ForCausalLM"};
    j["model_type"] = c.modelType;
    j["vocab_size"] = c.vocabSize;
    j["hidden_size"] = c.hiddenSize;
    j["intermediate_size"] = c.intermediateSize;
    j["num_hidden_layers"] = c.numLayers;
    j["num_attention_heads"] = c.numHeads;
    j["num_key_value_heads"] = c.numKVHeads;
    j["head_dim"] = c.headDim;
    j["max_position_embeddings"] = c.maxPositions;
    j["rms_norm_eps"] = c.normEps;
    j["rope_theta"] = c.ropeTheta;
    if (!g2) j["rope_local_base_freq"] = c.ropeLocalTheta > 0 ? c.ropeLocalTheta : c.ropeTheta;
    if (c.ropeScalingType.empty())
        j["rope_scaling"] = nullptr;
    else
        j["rope_scaling"] = {{"rope_type", c.ropeScalingType}, {"factor", c.ropeScalingFactor}};
    j["hidden_activation"] = c.activation.empty() ? "gelu_pytorch_tanh" : c.activation;
    j["query_pre_attn_scalar"] = c.queryPreAttnScalar > 0 ? c.queryPreAttnScalar : c.headDim;
    j["attn_logit_softcapping"] = orNull(c.attnSoftcap);
    j["final_logit_softcapping"] = orNull(c.finalSoftcap);
    j["sliding_window"] = c.slidingWindow;
    j["layer_types"] = c.layerTypes;
    j["attention_bias"] = false;
    j["tie_word_embeddings"] = c.tieEmbeddings;
}

} // namespace

std::string configToJson(const ModelConfig& c) {
    nlohmann::ordered_json j;
    auto optId = [](int id) { return id >= 0 ? nlohmann::ordered_json(id) : nlohmann::ordered_json(nullptr); };
    if (c.family == Family::Gpt2) {
        j["architectures"] = {"GPT2LMHeadModel"};
        j["model_type"] = "gpt2";
        j["vocab_size"] = c.vocabSize;
        j["n_embd"] = c.hiddenSize;
        j["n_layer"] = c.numLayers;
        j["n_head"] = c.numHeads;
        j["n_inner"] = c.intermediateSize;
        j["n_positions"] = c.maxPositions;
        j["n_ctx"] = c.maxPositions;
        j["layer_norm_epsilon"] = c.normEps;
        j["activation_function"] = c.activation.empty() ? "gelu_new" : c.activation;
        j["tie_word_embeddings"] = c.tieEmbeddings;
        j["bos_token_id"] = optId(c.bosTokenId);
        j["eos_token_id"] = optId(c.eosTokenId);
    } else if (isGemmaType(c.modelType)) {
        gemmaToJson(c, j);
        j["bos_token_id"] = optId(c.bosTokenId);
        j["eos_token_id"] = optId(c.eosTokenId);
    } else {
        const std::string type = c.modelType.empty() ? "llama" : c.modelType;
        const char* arch = type == "mistral" ? "MistralForCausalLM"
                           : type == "qwen2" ? "Qwen2ForCausalLM"
                                             : "LlamaForCausalLM";
        j["architectures"] = {arch};
        j["model_type"] = type;
        j["vocab_size"] = c.vocabSize;
        j["hidden_size"] = c.hiddenSize;
        j["intermediate_size"] = c.intermediateSize;
        j["num_hidden_layers"] = c.numLayers;
        j["num_attention_heads"] = c.numHeads;
        j["num_key_value_heads"] = c.numKVHeads;
        j["head_dim"] = c.headDim;
        j["max_position_embeddings"] = c.maxPositions;
        j["rms_norm_eps"] = c.normEps;
        j["rope_theta"] = c.ropeTheta;
        if (c.ropeScalingType.empty()) {
            j["rope_scaling"] = nullptr;
        } else {
            nlohmann::ordered_json rs;
            rs["rope_type"] = c.ropeScalingType;
            rs["factor"] = c.ropeScalingFactor;
            if (c.ropeScalingType == "llama3") {
                rs["low_freq_factor"] = c.ropeLowFreqFactor;
                rs["high_freq_factor"] = c.ropeHighFreqFactor;
                rs["original_max_position_embeddings"] = c.ropeOriginalMaxPositions;
            }
            j["rope_scaling"] = rs;
        }
        j["hidden_act"] = c.activation.empty() ? "silu" : c.activation;
        j["tie_word_embeddings"] = c.tieEmbeddings;
        if (type == "llama") {
            j["attention_bias"] = c.attentionBias;
            j["mlp_bias"] = c.mlpBias;
        }
        if (type == "mistral")
            j["sliding_window"] = c.slidingWindow > 0 ? nlohmann::ordered_json(c.slidingWindow) : nullptr;
        if (type == "qwen2") {
            j["use_sliding_window"] = c.slidingWindow > 0;
            j["sliding_window"] = c.slidingWindow > 0 ? nlohmann::ordered_json(c.slidingWindow) : nullptr;
        }
        j["bos_token_id"] = optId(c.bosTokenId);
        j["eos_token_id"] = optId(c.eosTokenId);
    }
    if (!c.torchDtype.empty()) j["torch_dtype"] = c.torchDtype;
    return j.dump(2) + "\n";
}

} // namespace sharelens
