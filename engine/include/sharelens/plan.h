// A sharing plan: groups of units whose members would use one set of
// parameters, and what that saves (see Definitions in the design document
// under docs/).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sharelens/analysis.h"
#include "sharelens/checkpoint.h"
#include "sharelens/error.h"

namespace sharelens {

// Laco: LaCo's merge (Yang et al. 2024), the first member plus the sum of the
// other members' differences from it: theta_l + sum_k (theta_{l+k} - theta_l).
enum class SharedInit { Mean, Medoid, First, Laco };
const char* sharedInitName(SharedInit i); // "mean", "medoid", "first", "laco"
bool parseSharedInit(const std::string& s, SharedInit& out);

struct PlanUnit {
    std::string name; // "block 3", "attn 3", "mlp 3"
    int layer = 0;
    std::string part;                        // "block", "attn", "mlp"
    std::vector<std::string> tensors;        // Hugging Face names of the unit's tensors
    std::vector<std::string> privateTensors; // kept per member when norms are private
    int64_t parameters = 0;                  // all tensors of the unit
    int64_t privateParameters = 0;
};

struct PlanGroup {
    std::vector<int> members; // unit indices, increasing
    SharedInit init = SharedInit::Mean;
    int64_t sharedParameters = 0; // parameters stored once for the group
    int64_t savedParameters = 0;  // (members - 1) * shared parameters
    uint64_t savedBytes = 0;
};

struct SharingPlan {
    std::vector<PlanUnit> units;
    std::vector<PlanGroup> groups; // every unit in exactly one group (singletons included)
    bool privateNorms = false;
    int bytesPerParameter = 4;      // of the checkpoint's dominant dtype
    int64_t baselineParameters = 0; // whole model, unique
    int64_t sharedParameters = 0;   // whole model after sharing
    uint64_t baselineBytes = 0;
    uint64_t sharedBytes = 0;
};

// The units of a checkpoint with their tensors and parameter counts.
std::vector<PlanUnit> planUnits(const Checkpoint& checkpoint, UnitKind kind);

// Every unit 0..n-1 in exactly one group: the given groups (members sorted,
// empty groups dropped) plus a singleton for each unit not named, all sorted.
// Throws sharelens::Error for an index outside 0..n-1 ("... but <whose>
// units 0..n-1", whose = ErrorCode::PlanWhoseModel: "the model has") or a
// unit named in two groups.
std::vector<std::vector<int>> partitionUnits(const std::vector<std::vector<int>>& groups, int n, ErrorCode whose);

// Units of different kinds ("attn" and "mlp" parts) have different shapes and
// cannot share parameters: throws sharelens::Error (PlanMixesUnitKinds) for
// the first group (by its index in `groups`) that joins two parts. Indices
// outside `units` are left to the other checks.
void checkGroupKinds(const std::vector<PlanUnit>& units, const std::vector<std::vector<int>>& groups);

// Builds a plan from groups of unit indices (each unit in at most one group;
// units not named become singletons). Throws sharelens::Error for an index
// out of range, a unit named twice or a group of units of different kinds.
SharingPlan makePlan(const Checkpoint& checkpoint, UnitKind kind, const std::vector<std::vector<int>>& groups,
                     SharedInit init = SharedInit::Mean, bool privateNorms = false);

// JSON with "units", "groups", "parameters" {"baseline","shared"} and
// "bytes"; planFromJson reads it back (throws sharelens::Error naming `path`,
// also for a group of units of different kinds).
std::string planToJson(const SharingPlan& plan);
SharingPlan planFromJson(const std::string& text, const std::string& path);

} // namespace sharelens
