// The tensors a model of a given config.json is made of, and the check that a
// checkpoint's tensor set matches them (torch-free: names and shapes from the
// weight files' headers, so `info` runs it without loading any weight).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sharelens/checkpoint.h"
#include "sharelens/config.h"

namespace sharelens {

struct ArchitectureTensor {
    std::string name; // Hugging Face name, e.g. "transformer.h.3.ln_1.weight"
    std::vector<int64_t> shape;
};

// The tensor names of one block relative to its prefix, in the order the
// model registers (and computes with) them.
std::vector<std::string> blockTensorNames(const ModelConfig& config);

// Every tensor a model of `config` loads, in load order (embeddings, blocks,
// final norm, lm head unless tied). `gpt2Prefix` is "transformer." or "" (GPT-2
// checkpoints come with and without it); ignored for the Llama family.
std::vector<ArchitectureTensor> architectureTensors(const ModelConfig& config, const std::string& gpt2Prefix);

// The GPT-2 prefix the checkpoint's names use ("transformer." unless it holds
// "wte.weight" and not "transformer.wte.weight").
std::string gpt2PrefixOf(const Checkpoint& checkpoint);

struct OpenOptions {
    // Tensors the configured architecture does not use are ignored (listed
    // by unusedTensors) instead of refused.
    bool allowUnusedTensors = false;
};

// Checks the checkpoint's tensors against the architecture its config.json
// describes and throws sharelens::Error when they disagree: a block count
// other than the config's (CkptConfigDisagreesWeights), a tensor the model
// needs that is absent or of another shape (the messages loading gives), or
// tensors the model would not use (CkptUnusedTensors) unless allowed. Known
// buffers (GPT-2's attn.bias / attn.masked_bias, rotary inv_freq, a tied
// lm_head.weight) and a compact checkpoint's delta factors are not unused.
void checkTensorSet(const Checkpoint& checkpoint, const OpenOptions& options = {});

// The tensors checkTensorSet would call unused, sorted by name.
std::vector<std::string> unusedTensors(const Checkpoint& checkpoint);

// openCheckpoint, then checkTensorSet: what every path that opens a model
// to use it takes (Model::load(dir), loadAgents, the CLI's MODEL); plain
// openCheckpoint describes a folder without judging it.
Checkpoint openCheckpoint(const std::string& pathOrDir, const OpenOptions& options);

} // namespace sharelens
