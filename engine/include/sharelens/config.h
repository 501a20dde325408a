// Hugging Face config.json for the GPT-2 and Llama families.
#pragma once

#include <string>

namespace sharelens {

enum class Family { Gpt2, Llama };

struct ModelConfig {
    Family family = Family::Gpt2;
    std::string modelType; // "gpt2", "llama", "mistral", "qwen2"
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

    std::string architectureName() const; // "GPT-2", "Llama", "Mistral", "Qwen2"
};

// Parses the text of a config.json. `path` names the file in messages.
// Throws sharelens::Error for invalid JSON, a missing required field, an
// unsupported model_type or inconsistent sizes (e.g. heads not dividing width).
ModelConfig parseConfig(const std::string& jsonText, const std::string& path);
ModelConfig loadConfig(const std::string& configPath);

// Serialises a config back to config.json text that Hugging Face tools read.
std::string configToJson(const ModelConfig& config);

} // namespace sharelens
