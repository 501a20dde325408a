// A loaded decoder (GPT-2 or Llama family). Torch-free facade: LibTorch stays
// inside the engine. Tensors come from the checkpoint's memory map.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sharelens/checkpoint.h"
#include "sharelens/progress.h"

namespace sharelens {

struct SharingPlan;

struct ModelSummary {
    std::string architecture; // "GPT-2", "Llama", ...
    std::string modelType;    // config.json model_type
    int layers = 0;
    int hiddenSize = 0;
    int heads = 0;
    int kvHeads = 0;
    int vocabSize = 0;
    int intermediateSize = 0;
    int maxPositions = 0;
    int64_t parameters = 0; // unique parameters (tied embeddings counted once)
    std::string dtype;      // storage dtype of most parameters
    int tensorCount = 0;
    uint64_t bytes = 0;    // bytes of tensor data in the weight files
    std::string format;    // "safetensors", "sharded safetensors", "PyTorch state_dict"
    std::string tokenizer; // "bpe", "bytes", "sentencepiece" or "none"
};

// Summary from headers only: cheap, no tensor data is read.
ModelSummary summarize(const Checkpoint& checkpoint);

struct EvalResult {
    double loss = 0.0;  // mean next-token cross-entropy (nats)
    int64_t tokens = 0; // number of predicted tokens
};

struct PoolTensors; // engine-internal: shared-pool tensors of agents loaded together

class Model {
public:
    // Loads weights (mapped, converted to float32 for compute) and builds the
    // modules. Throws sharelens::Error for missing tensors or wrong shapes.
    static std::unique_ptr<Model> load(const Checkpoint& checkpoint, const Progress& progress = {});
    static std::unique_ptr<Model> load(const std::string& dir, const Progress& progress = {});
    // A freshly initialised model for pre-training (GPT-2-style init).
    static std::unique_ptr<Model> create(const ModelConfig& config, uint64_t seed);
    ~Model();

    const Checkpoint& checkpoint() const;
    const ModelConfig& config() const;
    ModelSummary summary() const;

    // A shared model's plan (made by makeSharedModel or read from a compact
    // checkpoint); null for a plain model.
    const SharingPlan* sharingPlan() const;
    // How a shared model was made: "init", "private_norms", "delta_rank" from
    // makeSharedModel; a compact checkpoint's stored provenance ("source",
    // "metric", "threshold", "seed", ...). Empty for a plain model.
    const std::map<std::string, std::string>& provenance() const;

    // Logits for one sequence, row-major [ids.size(), vocab].
    std::vector<float> logits(const std::vector<int32_t>& ids) const;

    // Mean next-token loss over the sequences (each of length >= 2), batched.
    EvalResult evaluate(const std::vector<std::vector<int32_t>>& sequences, const Progress& progress = {},
                        int batchSize = 8) const;

    // Writes config.json and model.safetensors (Hugging Face names, tied
    // embeddings stored once; a shared model's tensors written out per
    // position, deltas applied) into `dir`, each file atomically. For
    // whole-folder exports see sharelens/export.h.
    void save(const std::string& dir, DType storage, const std::map<std::string, std::string>& metadata = {}) const;

    // Engine-internal access (engine/src/models.h).
    struct Impl;
    Impl& impl() const { return *m_impl; }

private:
    friend std::unique_ptr<Model> loadModel(const Checkpoint&, PoolTensors*, const Progress&);
    explicit Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace sharelens
