// Writing shared models out (see File formats in the design document under
// docs/).
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

#include "sharelens/progress.h"
#include "sharelens/safetensors.h"

namespace sharelens {

class Model;
struct AgentSharingPlan;

// Files an export writes into its folder (the ones an existing export may
// hold and be replaced with): config.json, model.safetensors,
// sharelens-recipe.json and the tokenizer files copied from the source.
const std::vector<std::string>& exportFileNames();

// Writes `model` (a shared model, a compact-loaded one or a plain one) as a
// compact checkpoint. `provenance` is merged over model.provenance(); its
// "sharelens_version" key also becomes metadata "sharelens.version".
// storage: F32, F16 or BF16. Throws sharelens::Error.
// An existing non-empty `dir` is replaced only when it is a previous
// compact or Hugging Face export (its sharelens-recipe.json says so) holding
// only files an export writes; `force` replaces any folder there.
void saveCompact(const Model& model, const std::string& dir, DType storage,
                 const std::map<std::string, std::string>& provenance = {}, bool force = false);

// Writes `model` as a plain Hugging Face folder with a recipe file
// ({"format", "source", "plan", "options": provenance, "version", "date"}).
void exportHuggingFace(const Model& model, const std::string& dir, DType storage,
                       const std::map<std::string, std::string>& provenance = {}, bool force = false);

// Throws OutFolderNotOurs unless `dir` is missing, empty or a previous
// compact or Hugging Face export (what saveCompact and exportHuggingFace
// check first; callers run it before long work).
void checkModelExportFolder(const std::string& dir);

// Shared pool of a multi-agent system: a folder DIR holding
//   pool.safetensors  every tensor object that two or more agents use, once,
//                     under "<agent>/<hf name>" of its first user; metadata
//                     "sharelens.format": "pool-v1" (kPoolFormat),
//                     "sharelens.pool_id": SHA-256 (hex) of the file's data
//                       section (the bytes after the header), which names it,
//                     "sharelens.agents": JSON array of the agent names,
//                     "sharelens.agents_plan": the agents plan (if given),
//                     "sharelens.provenance", "sharelens.version";
//   <agent>/          one folder per agent, a compact checkpoint (compact-v1:
//                     config.json, tokenizer files, sharelens-recipe.json,
//                     model.safetensors) whose file stores only the agent's
//                     private tensors and whose sharing map names pool
//                     tensors by their pool names; its metadata adds
//                     "sharelens.pool": "../pool.safetensors",
//                     "sharelens.pool_id" (the pool's id) and "sharelens.agent".
// Model::load(DIR/<agent>) (so every command's MODEL) opens one agent alone;
// loadAgents({DIR}) or loadAgents(the agent folders) opens the system with
// each pool tensor loaded once and used by all its agents. A tensor two
// positions of ONE agent use stays in that agent's file (an alias there).
// `system` is the tied system (makeSharedAgents, or one trained by
// trainAgentsPair); the same Model may stand for several agents (agents
// level). DIR is written atomically as a whole; an existing pool export
// there is replaced, any other non-empty folder is refused (unless `force`).
// Throws sharelens::Error (a delta factor shared between agents, names that
// cannot be folder names, a plan for another number of agents), Cancelled.
struct PoolExportResult {
    std::string poolId;
    uint64_t poolFileBytes = 0;           // pool.safetensors
    uint64_t poolTensorBytes = 0;         // its data section
    int64_t poolParameters = 0;           // elements stored in the pool
    std::vector<uint64_t> agentFileBytes; // each agent's model.safetensors
    std::vector<int64_t> agentParameters; // elements stored in each agent's file
};
PoolExportResult exportAgentPool(const std::vector<const Model*>& system, const std::vector<std::string>& names,
                                 const std::string& dir, DType storage, const AgentSharingPlan* plan = nullptr,
                                 const std::map<std::string, std::string>& provenance = {},
                                 const Progress& progress = {}, bool force = false);
// Throws OutFolderNotOurs unless `dir` is missing, empty or a shared-pool
// export (a pool.safetensors naming its agents).
void checkPoolExportFolder(const std::string& dir);

// True when `dir` holds a pool.safetensors of a shared-pool export.
bool isPoolExport(const std::string& dir);
// The agent folders of the pool export at `dir`, in the pool's order.
// Throws sharelens::Error when dir holds no readable pool.
std::vector<std::string> poolAgentFolders(const std::string& dir);

} // namespace sharelens
