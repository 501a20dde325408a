// Hugging Face config.json for the GPT-2 and Llama families (the Llama
// family: every decoder whose blocks live under "model.layers.": Llama,
// Mistral, Qwen2, Qwen3, Gemma 2/3, OLMo 2, Phi-3).
#pragma once

#include <string>
#include <vector>

namespace sharelens {

enum class Family { Gpt2, Llama };

// Where a Llama-family block's RMSNorms sit.
enum class NormPlacement {
    Pre,      // input_layernorm before attention, post_attention_layernorm before the MLP (Llama, Qwen, Phi-3)
    Sandwich, // Gemma 2/3: input_layernorm and post_attention_layernorm around attention,
              // pre_feedforward_layernorm and post_feedforward_layernorm around the MLP
    Post,     // OLMo 2: post_attention_layernorm on attention's output, post_feedforward_layernorm on the MLP's
};

// RMSNorm on queries and keys before RoPE (self_attn.q_norm / k_norm).
enum class QkNorm {
    None,
    PerHead,    // Qwen3, Gemma 3: weight [head_dim], applied to each head
    Projection, // OLMo 2: weight [heads * head_dim], over the whole projection
};

struct ModelConfig {
    Family family = Family::Gpt2;
    std::string modelType; // "gpt2", "llama", "mistral", "qwen2", "qwen3", "gemma2", "gemma3_text", "olmo2", "phi3"
    int vocabSize = 0;
    int hiddenSize = 0;         // n_embd / hidden_size
    int numLayers = 0;          // n_layer / num_hidden_layers
    int numHeads = 0;           // n_head / num_attention_heads
    int numKVHeads = 0;         // num_key_value_heads (== numHeads for GPT-2)
    int headDim = 0;            // head_dim, or hiddenSize / numHeads
    int intermediateSize = 0;   // n_inner (default 4*n_embd) / intermediate_size
    int maxPositions = 0;       // n_positions / max_position_embeddings
    double normEps = 1e-5;      // layer_norm_epsilon / rms_norm_eps
    double ropeTheta = 10000.0; // rope_theta (Llama family)
    // rope_scaling: "" (none), "linear" or "llama3"; other types are rejected.
    std::string ropeScalingType;
    double ropeScalingFactor = 1.0;
    double ropeLowFreqFactor = 1.0;   // llama3
    double ropeHighFreqFactor = 4.0;  // llama3
    int ropeOriginalMaxPositions = 0; // llama3: original_max_position_embeddings
    int slidingWindow = 0;            // mistral sliding_window; 0 = none
    bool tieEmbeddings = true;        // tie_word_embeddings
    bool attentionBias = false;       // q/k/v projections carry a bias (qwen2: true; llama: attention_bias)
    bool mlpBias = false;             // llama: mlp_bias
    std::string activation;           // "gelu_new", "silu", ...
    int bosTokenId = -1;
    int eosTokenId = -1;
    std::string torchDtype; // "float32", "float16", "bfloat16" or empty

    // Llama-family variants (defaults: plain Llama).
    NormPlacement normPlacement = NormPlacement::Pre;
    QkNorm qkNorm = QkNorm::None;
    bool normAddsOne = false;      // Gemma: RMSNorm multiplies by (1 + weight)
    bool scaleEmbeddings = false;  // Gemma: embeddings times sqrt(hidden_size)
    double attnSoftcap = 0;        // Gemma 2 attn_logit_softcapping (0 = none): scores = c * tanh(scores / c)
    double finalSoftcap = 0;       // Gemma 2 final_logit_softcapping (0 = none)
    double queryPreAttnScalar = 0; // Gemma query_pre_attn_scalar: scores scaled by its -1/2 power (0: head_dim)
    // Per layer "sliding_attention" or "full_attention" (Gemma 2/3, Qwen3
    // layer_types); empty = every layer alike (slidingWindow, if any, applies
    // to all). slidingWindow is the window of the sliding layers.
    std::vector<std::string> layerTypes;
    double ropeLocalTheta = 0; // Gemma 3 rope_local_base_freq: RoPE base of sliding layers (0 = ropeTheta)
    bool fusedQkv = false;     // Phi-3: self_attn.qkv_proj holds q, k and v
    bool fusedGateUp = false;  // Phi-3: mlp.gate_up_proj holds gate and up
    // Phi-3 "longrope"/"su" rope_scaling: per-frequency divisors for short and
    // long contexts and the attention factor the cos/sin tables are scaled by.
    std::vector<double> ropeShortFactor, ropeLongFactor;
    double ropeAttentionFactor = 1.0;
    // Fields of the file this version reads but does not use (named by `info`).
    std::vector<std::string> ignoredFields;

    // True when layer i uses sliding-window attention.
    bool isSlidingLayer(int i) const {
        if (layerTypes.empty()) return slidingWindow > 0;
        return i >= 0 && static_cast<size_t>(i) < layerTypes.size() &&
               layerTypes[static_cast<size_t>(i)] == "sliding_attention";
    }

    std::string architectureName() const; // "GPT-2", "Llama", "Mistral", "Qwen2", "Qwen3", "Gemma 2", ...
};

// Parses the text of a config.json. `path` names the file in messages.
// Throws sharelens::Error for invalid JSON, a missing required field, an
// unsupported model_type or inconsistent sizes (e.g. heads not dividing width).
ModelConfig parseConfig(const std::string& jsonText, const std::string& path);
ModelConfig loadConfig(const std::string& configPath);

// Serialises a config back to config.json text that Hugging Face tools read.
std::string configToJson(const ModelConfig& config);

} // namespace sharelens
