// config.json of the GPT-2 and Llama families (Llama, Mistral, Qwen2, Qwen3,
// OLMo 2, Phi-3).
#include "sharelens/config.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <set>

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

const char* kSupported = "\"gpt2\", \"llama\", \"mistral\", \"qwen2\", \"qwen3\", \"gemma2\", \"gemma3_text\", "
                         "\"olmo2\" and \"phi3\"";

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

// The families whose config.json is checked field by field (anything not
// implemented refused, anything unknown listed in ignoredFields).
bool isNewFamily(const std::string& t) { return t == "qwen3" || t == "olmo2" || t == "phi3"; }

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
    if (type != "linear" && type != "llama3") {
        if (isNewFamily(c.modelType))
            r.fail({ErrorCode::ConfigFieldNotImplemented,
                    {rs.contains("rope_type") ? "rope_scaling.rope_type" : "rope_scaling.type", show(type),
                     c.architectureName()}});
        r.fail({ErrorCode::ConfigRopeScalingTypeNotSupported, {type}});
    }
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

// Phi-3's rope_scaling: null, or {"type": "longrope" or "su" (the older name
// of the same thing), "short_factor": [...], "long_factor": [...]}, each list
// head_dim / 2 numbers. Hugging Face (rope_utils' longrope parameters and the
// dynamic frequency update of its rotary embedding) computes:
//   inv_freq[i] = 1 / (ext[i] * rope_theta^(2i / head_dim)), with ext =
//   long_factor when the sequence (largest position id + 1) is longer than
//   original_max_position_embeddings, else short_factor (a sequence of exactly
//   that length still uses short_factor);
//   cos and sin multiplied by the attention factor: rope_scaling's
//   attention_factor when given, else sqrt(1 + ln(s) / ln(orig)) with
//   s = max_position_embeddings / orig when s > 1, else 1;
// orig = the config's top-level original_max_position_embeddings (Phi-3's own
// field), else rope_scaling's, else 4096 (Phi3Config's default).
void parsePhi3RopeScaling(const json& root, const Reader& r, ModelConfig& c) {
    auto it = root.find("rope_scaling");
    if (it == root.end() || it->is_null()) return;
    const json& rs = *it;
    if (!rs.is_object()) r.fail({ErrorCode::ConfigRopeScalingMustNullObject, {show(rs)}});
    std::string type, typeKey;
    for (const char* key : {"rope_type", "type"}) {
        auto t = rs.find(key);
        if (t == rs.end() || t->is_null()) continue;
        if (!t->is_string()) r.fail({ErrorCode::ConfigRopeScalingMustString, {key}});
        type = t->get<std::string>();
        typeKey = key;
        break;
    }
    if (type.empty()) r.fail({ErrorCode::ConfigRopeScalingNoRopeType, {}});
    if (type == "default") return;
    if (type != "longrope" && type != "su")
        r.fail({ErrorCode::ConfigFieldNotImplemented, {"rope_scaling." + typeKey, show(type), "Phi-3"}});
    const size_t half = static_cast<size_t>(c.headDim / 2);
    auto factors = [&](const char* key) {
        auto f = rs.find(key);
        const std::string field = std::string("rope_scaling.") + key;
        const std::string rule = "a list of head_dim / 2 = " + std::to_string(half) + " positive numbers";
        if (f == rs.end() || !f->is_array() || f->size() != half)
            r.fail({ErrorCode::ConfigFieldInvalid,
                    {field, "Phi-3", f == rs.end() ? std::string("missing") : show(*f), rule}});
        std::vector<double> out;
        for (const auto& v : *f) {
            if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0)
                r.fail({ErrorCode::ConfigFieldInvalid, {field, "Phi-3", show(v), rule}});
            out.push_back(v.get<double>());
        }
        return out;
    };
    c.ropeScalingType = "longrope";
    c.ropeShortFactor = factors("short_factor");
    c.ropeLongFactor = factors("long_factor");
    int orig = 4096;
    if (r.has("original_max_position_embeddings")) {
        orig = r.positiveValue("original_max_position_embeddings", ErrorCode::ConfigWhatMaxPositions);
    } else if (auto o = rs.find("original_max_position_embeddings"); o != rs.end() && !o->is_null()) {
        if (!o->is_number_integer() || o->get<int64_t>() <= 0 || o->get<int64_t>() > std::numeric_limits<int>::max())
            r.fail({ErrorCode::ConfigRopeScalingOriginalMaxPosition, {}});
        orig = static_cast<int>(o->get<int64_t>());
    }
    c.ropeOriginalMaxPositions = orig;
    const double scale = static_cast<double>(c.maxPositions) / orig;
    c.ropeAttentionFactor = scale > 1 ? std::sqrt(1 + std::log(scale) / std::log(static_cast<double>(orig))) : 1.0;
    if (auto a = rs.find("attention_factor"); a != rs.end() && !a->is_null()) {
        if (!a->is_number() || !std::isfinite(a->get<double>()) || a->get<double>() <= 0)
            r.fail({ErrorCode::ConfigRopeScalingMustPositiveNumber, {"attention_factor", show(*a)}});
        c.ropeAttentionFactor = a->get<double>();
    }
}

} // namespace

std::string ModelConfig::architectureName() const {
    if (modelType == "gpt2") return "GPT-2";
    if (modelType == "llama") return "Llama";
    if (modelType == "mistral") return "Mistral";
    if (modelType == "qwen2") return "Qwen2";
    if (modelType == "qwen3") return "Qwen3";
    if (modelType == "olmo2") return "OLMo 2";
    if (modelType == "phi3") return "Phi-3";
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

// The required sizes every Llama-family config.json gives under the same
// names (Gemma's readers too), in the order their absence is reported.
void readLlamaSizes(const Reader& r, ModelConfig& c) {
    c.hiddenSize = r.positive("hidden_size", ErrorCode::ConfigWhatHiddenSize);
    c.numLayers = r.positive("num_hidden_layers", ErrorCode::ConfigWhatLayers);
    c.numHeads = r.positive("num_attention_heads", ErrorCode::ConfigWhatHeads);
    c.intermediateSize = r.positive("intermediate_size", ErrorCode::ConfigWhatMlpWidth);
    c.vocabSize = r.positive("vocab_size", ErrorCode::ConfigWhatVocab);
}

// The fields of a Llama-shaped config.json: llama, mistral, qwen2.
void readLlama(const json& root, const Reader& r, ModelConfig& c) {
    c.family = Family::Llama;
    readLlamaSizes(r, c);
    // Hugging Face defaults when absent.
    const int defaultPositions = c.modelType == "llama" || c.modelType == "olmo2" ? 2048
                                 : c.modelType == "mistral"                       ? 131072
                                 : c.modelType == "phi3"                          ? 4096
                                                                                  : 32768;
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
    c.normEps = r.number("rms_norm_eps", c.modelType == "olmo2" || c.modelType == "phi3" ? 1e-5 : 1e-6);
    c.ropeTheta = r.number("rope_theta", 10000.0);
    if (c.modelType == "phi3")
        parsePhi3RopeScaling(root, r, c);
    else
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

// Keys of a Qwen3, OLMo 2 or Phi-3 config.json that ShareLens reads, or that
// change nothing it computes (training-time dropout, caching, bookkeeping).
// structure: data table
bool isKnownKey(const std::string& t, const std::string& key) {
    static const std::set<std::string> common{
        "model_type", "architectures", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
        "vocab_size", "max_position_embeddings", "num_key_value_heads", "head_dim", "rms_norm_eps", "rope_theta",
        "rope_scaling", "rope_parameters", "tie_word_embeddings", "hidden_act", "bos_token_id", "eos_token_id",
        "torch_dtype", "dtype", "partial_rotary_factor", "num_experts", "num_local_experts", "num_experts_per_tok",
        "n_routed_experts",
        // harmless
        "_name_or_path", "transformers_version", "use_cache", "attention_dropout", "initializer_range", "pad_token_id",
        "resid_pdrop", "embd_pdrop", "auto_map"};
    static const std::set<std::string> qwen3{"attention_bias", "use_sliding_window", "sliding_window",
                                             "max_window_layers", "layer_types"};
    static const std::set<std::string> olmo2{"attention_bias"};
    // Phi-3 reads attention_bias as false whatever it says (its projections have no bias).
    static const std::set<std::string> phi3{"sliding_window", "original_max_position_embeddings", "attention_bias"};
    if (common.count(key)) return true;
    return (t == "qwen3" ? qwen3 : t == "olmo2" ? olmo2 : phi3).count(key) > 0;
}

// Qwen3's layer_types (also written by Hugging Face when it saves a config):
// one "full_attention" or "sliding_attention" per layer.
void readLayerTypes(const json& root, const Reader& r, ModelConfig& c) {
    auto it = root.find("layer_types");
    if (it == root.end() || it->is_null()) return;
    const std::string fam = c.architectureName();
    if (!it->is_array())
        r.fail({ErrorCode::ConfigFieldInvalid,
                {"layer_types", fam, show(*it), "a list of \"full_attention\" and \"sliding_attention\""}});
    if (it->size() != static_cast<size_t>(c.numLayers))
        r.fail({ErrorCode::ConfigLayerTypesCount, {std::to_string(it->size()), std::to_string(c.numLayers)}});
    for (size_t i = 0; i < it->size(); ++i) {
        const json& e = (*it)[i];
        const std::string field = "layer_types[" + std::to_string(i) + "]";
        if (!e.is_string() || (e != "full_attention" && e != "sliding_attention"))
            r.fail({ErrorCode::ConfigFieldNotImplemented, {field, show(e), fam}});
        c.layerTypes.push_back(e.get<std::string>());
    }
}

// Qwen3's window: sliding_window counts only when use_sliding_window is true;
// without layer_types, layers from max_window_layers on slide (Qwen3Config).
void readQwen3Window(const json& root, const Reader& r, ModelConfig& c) {
    int window = 0;
    if (r.boolean("use_sliding_window", false) && r.has("sliding_window"))
        window = r.positiveValue("sliding_window", ErrorCode::ConfigWhatWindow);
    readLayerTypes(root, r, c);
    if (c.layerTypes.empty() && window > 0) {
        const int64_t first =
            r.has("max_window_layers") ? r.integer("max_window_layers", ErrorCode::ConfigWhatLayers) : 28;
        for (int i = 0; i < c.numLayers; ++i)
            c.layerTypes.push_back(i >= first ? "sliding_attention" : "full_attention");
    }
    for (int i = 0; i < static_cast<int>(c.layerTypes.size()); ++i)
        if (window == 0 && c.layerTypes[static_cast<size_t>(i)] == "sliding_attention")
            r.fail({ErrorCode::ConfigFieldInvalid,
                    {"layer_types[" + std::to_string(i) + "]", "Qwen3", "\"sliding_attention\"",
                     "a sliding layer needs use_sliding_window = true and a sliding_window"}});
    c.slidingWindow = window;
}

// rope_parameters (newer Hugging Face configs): read when it only restates
// plain RoPE and its base.
void readRopeParameters(const json& root, const Reader& r, ModelConfig& c) {
    auto it = root.find("rope_parameters");
    if (it == root.end() || it->is_null()) return;
    const std::string fam = c.architectureName();
    if (!it->is_object()) r.fail({ErrorCode::ConfigFieldNotImplemented, {"rope_parameters", show(*it), fam}});
    for (const auto& [key, v] : it->items()) {
        if (key == "rope_type" && v == "default") continue;
        if (key == "rope_theta" && v.is_number() && std::isfinite(v.get<double>()) && v.get<double>() > 0) {
            c.ropeTheta = v.get<double>();
            continue;
        }
        r.fail({ErrorCode::ConfigFieldNotImplemented, {"rope_parameters." + key, show(v), fam}});
    }
}

// What Qwen3, OLMo 2 and Phi-3 add to readLlama's fields; refuses what this
// version does not compute and lists the keys it does not know.
void readFamilyFields(const json& root, const Reader& r, ModelConfig& c) {
    const std::string fam = c.architectureName();
    auto notImplemented = [&](const std::string& field, const json& v) {
        r.fail({ErrorCode::ConfigFieldNotImplemented, {field, show(v), fam}});
    };
    for (const char* k : {"num_experts", "num_local_experts", "num_experts_per_tok", "n_routed_experts"})
        if (r.has(k) && !(root.at(k).is_number() && root.at(k).get<double>() == 0)) notImplemented(k, root.at(k));
    if (r.number("partial_rotary_factor", 1.0) != 1.0)
        notImplemented("partial_rotary_factor", root.at("partial_rotary_factor"));
    if (c.activation != "silu") notImplemented("hidden_act", json(c.activation));
    readRopeParameters(root, r, c);
    c.mlpBias = false; // none of the three has MLP biases (mlp_bias is not their field)
    if (c.modelType == "phi3") {
        if (c.attentionBias) c.ignoredFields.push_back("attention_bias"); // as Hugging Face: no bias in Phi-3
        c.attentionBias = false;
        c.fusedQkv = c.fusedGateUp = true;
        if (r.has("sliding_window")) c.slidingWindow = r.positiveValue("sliding_window", ErrorCode::ConfigWhatWindow);
    } else if (c.attentionBias) {
        notImplemented("attention_bias", json(true)); // would add o_proj's bias too
    }
    if (c.modelType == "qwen3") {
        c.qkNorm = QkNorm::PerHead;
        readQwen3Window(root, r, c);
    } else if (c.modelType == "olmo2") {
        c.normPlacement = NormPlacement::Post;
        c.qkNorm = QkNorm::Projection;
    }
    for (const auto& [key, v] : root.items())
        if (!isKnownKey(c.modelType, key)) c.ignoredFields.push_back(key);
}

// ---------------------------------------------------------------- Gemma 2 / Gemma 3 (text)

bool isGemmaType(const std::string& t) { return t == "gemma2" || t == "gemma3_text"; }

[[noreturn]] void notImplemented(const Reader& r, const std::string& field, const json& value,
                                 const std::string& family) {
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
    readLlamaSizes(r, c);
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
    if (c.modelType == "llama" || c.modelType == "mistral" || c.modelType == "qwen2" || isNewFamily(c.modelType)) {
        const Reader r(root, path, c.architectureName());
        readLlama(root, r, c);
        if (isNewFamily(c.modelType)) readFamilyFields(root, r, c);
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

using ojson = nlohmann::ordered_json;

ojson optId(int id) { return id >= 0 ? ojson(id) : ojson(nullptr); }

// The sizes every Llama-family config.json writes under the same names.
void sizesJson(const ModelConfig& c, ojson& j) {
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
}

// Gemma 2 / Gemma 3 text config.json fields, as Hugging Face writes them.
void gemmaToJson(const ModelConfig& c, ojson& j) {
    const bool g2 = c.modelType == "gemma2";
    auto orNull = [](double v) { return v > 0 ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); };
    j["architectures"] = {g2 ? "Gemma2ForCausalLM" : "Gemma3ForCausalLM"};
    j["model_type"] = c.modelType;
    sizesJson(c, j);
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

void gpt2Json(const ModelConfig& c, ojson& j) {
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
}

ojson ropeScalingJson(const ModelConfig& c) {
    if (c.ropeScalingType.empty()) return nullptr;
    ojson rs;
    if (c.ropeScalingType == "longrope") {
        // Phi-3's layout (older transformers accept exactly these three keys).
        rs["type"] = "longrope";
        rs["short_factor"] = c.ropeShortFactor;
        rs["long_factor"] = c.ropeLongFactor;
        const double scale = static_cast<double>(c.maxPositions) / c.ropeOriginalMaxPositions;
        const double implied =
            scale > 1 ? std::sqrt(1 + std::log(scale) / std::log(static_cast<double>(c.ropeOriginalMaxPositions)))
                      : 1.0;
        if (c.ropeAttentionFactor != implied) rs["attention_factor"] = c.ropeAttentionFactor;
        return rs;
    }
    rs["rope_type"] = c.ropeScalingType;
    rs["factor"] = c.ropeScalingFactor;
    if (c.ropeScalingType == "llama3") {
        rs["low_freq_factor"] = c.ropeLowFreqFactor;
        rs["high_freq_factor"] = c.ropeHighFreqFactor;
        rs["original_max_position_embeddings"] = c.ropeOriginalMaxPositions;
    }
    return rs;
}

// The fields only Qwen3, OLMo 2 and Phi-3 write (their own names).
void familyJson(const ModelConfig& c, const std::string& type, ojson& j) {
    if (type == "qwen3" || type == "olmo2") j["attention_bias"] = false;
    if (type == "qwen3") {
        j["use_sliding_window"] = c.slidingWindow > 0;
        j["sliding_window"] = c.slidingWindow > 0 ? ojson(c.slidingWindow) : ojson(nullptr);
        j["max_window_layers"] = c.numLayers;
        if (!c.layerTypes.empty()) j["layer_types"] = c.layerTypes;
    }
    if (type == "phi3") {
        j["original_max_position_embeddings"] =
            c.ropeScalingType == "longrope" ? c.ropeOriginalMaxPositions : c.maxPositions;
        j["sliding_window"] = c.slidingWindow > 0 ? ojson(c.slidingWindow) : ojson(nullptr);
    }
}

void llamaJson(const ModelConfig& c, ojson& j) {
    const std::string type = c.modelType.empty() ? "llama" : c.modelType;
    const char* arch = type == "mistral" ? "MistralForCausalLM"
                       : type == "qwen2" ? "Qwen2ForCausalLM"
                       : type == "qwen3" ? "Qwen3ForCausalLM"
                       : type == "olmo2" ? "Olmo2ForCausalLM"
                       : type == "phi3"  ? "Phi3ForCausalLM"
                                         : "LlamaForCausalLM";
    j["architectures"] = {arch};
    j["model_type"] = type;
    sizesJson(c, j);
    j["rope_scaling"] = ropeScalingJson(c);
    j["hidden_act"] = c.activation.empty() ? "silu" : c.activation;
    j["tie_word_embeddings"] = c.tieEmbeddings;
    if (type == "llama") {
        j["attention_bias"] = c.attentionBias;
        j["mlp_bias"] = c.mlpBias;
    }
    if (type == "mistral") j["sliding_window"] = c.slidingWindow > 0 ? ojson(c.slidingWindow) : ojson(nullptr);
    if (type == "qwen2") {
        j["use_sliding_window"] = c.slidingWindow > 0;
        j["sliding_window"] = c.slidingWindow > 0 ? ojson(c.slidingWindow) : ojson(nullptr);
    }
    familyJson(c, type, j);
    j["bos_token_id"] = optId(c.bosTokenId);
    j["eos_token_id"] = optId(c.eosTokenId);
}

} // namespace

std::string configToJson(const ModelConfig& c) {
    ojson j;
    if (c.family == Family::Gpt2) {
        gpt2Json(c, j);
    } else if (isGemmaType(c.modelType)) {
        gemmaToJson(c, j);
        j["bos_token_id"] = optId(c.bosTokenId);
        j["eos_token_id"] = optId(c.eosTokenId);
    } else {
        llamaJson(c, j);
    }
    if (!c.torchDtype.empty()) j["torch_dtype"] = c.torchDtype;
    return j.dump(2) + "\n";
}

} // namespace sharelens
