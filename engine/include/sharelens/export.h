// Writing shared models out (DESIGN.md "Formats"; issue 6).
//
// Compact checkpoint (format "compact-v1"): a folder with config.json,
// model.safetensors and the source's tokenizer files, in which every tensor
// object of the model is stored ONCE under the Hugging Face name of the first
// position that uses it. The safetensors __metadata__ holds
//   "sharelens.format":     "compact-v1"
//   "sharelens.map":        the sharing map (sharelens/checkpoint.h, SharingMap):
//                           {"aliases": {hf name: stored name},
//                            "deltas": {hf name: {"a": name, "b": name}}}
//   "sharelens.plan":       the sharing plan's JSON (sharelens/plan.h) without
//                           the units' tensor name lists (the model's own)
//   "sharelens.provenance": a JSON object of strings (source, metric, linkage,
//                           threshold, init, delta rank, seed, version, ...)
// Delta factors are stored as "<hf name>.delta_a" / ".delta_b". Model::load
// (so every command's MODEL) opens it and rebuilds the tied model.
//
// Hugging Face export: a plain folder (config.json, model.safetensors with
// every position's effective tensors, tokenizer files, sharelens-recipe.json)
// that needs no ShareLens code to load.
//
// Both write the whole folder atomically (writeFolderAtomic in
// sharelens/data.h): an existing export at `dir` is swapped out in one
// rename, never left half-written.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sharelens/safetensors.h"

namespace sharelens {

class Model;

// Files an export writes into its folder (the ones an existing export may
// hold and be replaced with): config.json, model.safetensors,
// sharelens-recipe.json and the tokenizer files copied from the source.
const std::vector<std::string>& exportFileNames();

// Writes `model` (a shared model, a compact-loaded one or a plain one) as a
// compact checkpoint. `provenance` is merged over model.provenance(); its
// "sharelens_version" key also becomes metadata "sharelens.version".
// storage: F32, F16 or BF16. Throws sharelens::Error.
void saveCompact(const Model& model, const std::string& dir, DType storage,
                 const std::map<std::string, std::string>& provenance = {});

// Writes `model` as a plain Hugging Face folder with a recipe file
// ({"format", "source", "plan", "options": provenance, "version", "date"}).
void exportHuggingFace(const Model& model, const std::string& dir, DType storage,
                       const std::map<std::string, std::string>& provenance = {});

} // namespace sharelens
