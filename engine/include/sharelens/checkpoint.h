// A Hugging Face model folder: config.json plus weights in one of
//   model.safetensors, model.safetensors.index.json (+ shards),
//   pytorch_model.bin / *.pt (PyTorch state_dict, where LibTorch can read it),
// and an optional tokenizer (tokenizer.json or tokenizer.model).
// Torch-free: describes what is there; engine/src/tensor_io.h loads tensors.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sharelens/config.h"
#include "sharelens/safetensors.h"

namespace sharelens {

enum class WeightFormat { Safetensors, ShardedSafetensors, TorchPickle, Gguf };

struct CheckpointTensor {
    std::string name;
    DType dtype;
    std::vector<int64_t> shape;
    std::string file; // which file holds it
    // Compact checkpoints: the stored tensor this name is an alias of (a
    // member position of a shared group); empty when stored under its own name.
    std::string storedAs;
    // The tensor's name inside `file` when it differs from `name`: a tensor an
    // agent takes from its shared pool (see poolFile) is listed under the
    // agent's own Hugging Face name and stored in the pool under another.
    std::string fileName;
};

// The sharing map of a ShareLens compact checkpoint (safetensors metadata
// "sharelens.map"): which Hugging Face name uses which stored tensor, and the
// low-rank / vector deltas a member position adds to it. The effective
// tensor of a name is stored(aliases[name] or name) + a @ b (matrix delta)
// or + a (vector delta, b empty).
struct SharingMap {
    struct Delta {
        std::string a, b;
    };
    // Whole blocks: every tensor under prefix P ("transformer.h.4.") that
    // the file does not store itself is the tensor of the same relative name
    // under prefix Q ("transformer.h.3."): blocks[P] = Q. Delta factors
    // ("*.delta_a" / "*.delta_b") are never implied this way.
    std::map<std::string, std::string> blocks;
    std::map<std::string, std::string> aliases; // name -> stored name (wins over blocks)
    std::map<std::string, Delta> deltas;
    bool empty() const { return blocks.empty() && aliases.empty() && deltas.empty(); }
};

// The compact format this version reads and writes (metadata "sharelens.format").
inline constexpr const char* kCompactFormat = "compact-v1";
// The shared pool of a multi-agent export (sharelens/export.h, exportAgentPool).
inline constexpr const char* kPoolFormat = "pool-v1";
inline constexpr const char* kPoolFileName = "pool.safetensors";

// JSON of a sharing map, {"blocks": {prefix: prefix}, "aliases": {name: stored},
// "deltas": {name: {"a": .., "b": ..}}},
// and back (throws sharelens::Error naming `path`).
std::string sharingMapToJson(const SharingMap& map);
SharingMap sharingMapFromJson(const std::string& text, const std::string& path);

struct Checkpoint {
    std::string dir;
    ModelConfig config;
    WeightFormat format = WeightFormat::Safetensors;
    std::vector<std::string> weightFiles;        // absolute paths
    std::vector<CheckpointTensor> tensors;       // sorted by name
    std::string tokenizerFile;                   // tokenizer.json / tokenizer.model, or empty
    std::map<std::string, std::string> metadata; // safetensors __metadata__ of the first file
    std::string compactFormat;                   // "compact-v1" for a ShareLens compact checkpoint, else empty
    SharingMap sharing;                          // compact checkpoints only
    // An agent of a shared-pool export: the pool file it takes tensors from
    // (absolute) and the pool's id; both empty otherwise.
    std::string poolFile;
    std::string poolId;

    const CheckpointTensor* find(const std::string& name) const;
    int64_t parameterCount() const;    // sum of numel over all stored tensors (aliases not counted)
    uint64_t weightBytes() const;      // sum of stored tensor bytes
    std::string dominantDtype() const; // dtype holding most parameters, e.g. "F16"
};

// False for tensors that are not model parameters: buffers some checkpoints
// carry (GPT-2's per-block causal mask "attn.bias" and "attn.masked_bias",
// rotary "inv_freq") and lm_head.weight when the embeddings are tied.
inline bool isParameterTensor(const ModelConfig& config, const std::string& name) {
    auto endsWith = [&](const std::string& s) {
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    if (config.tieEmbeddings && name == "lm_head.weight") return false;
    if (endsWith("attn.masked_bias") || endsWith("rotary_emb.inv_freq")) return false;
    // GPT-2 blocks: "h.N.attn.bias" is the mask buffer; c_attn.bias is a parameter.
    return !(config.family == Family::Gpt2 && endsWith(".attn.bias"));
}

// Reads config.json and the weight headers of a model folder (safetensors
// headers fully validated; .bin files listed without reading them). A
// ShareLens compact checkpoint (metadata "sharelens.format") is accepted: its
// sharing map is validated (every alias and delta names a stored tensor,
// delta shapes fit) and each alias is listed as a tensor with storedAs set.
// An agent folder of a shared-pool export (metadata "sharelens.pool") also
// reads the pool's header: the pool must be a file beside the agent's folder
// ("../pool.safetensors"), of format kPoolFormat and with the pool id the
// agent records; the pool tensors the agent uses are listed under the
// agent's names (file = the pool, fileName = the name in the pool). Accepts
// the folder or a path to a file inside it. Throws sharelens::Error naming
// the file and the problem.
Checkpoint openCheckpoint(const std::string& pathOrDir);

} // namespace sharelens
