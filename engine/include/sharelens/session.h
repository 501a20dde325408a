// A ShareLens session: everything a researcher did with one model (or one
// multi-agent system) that is worth reopening — which checkpoints, the
// calibration settings, the similarity result, the clustering settings and
// threshold, the sharing plan, and the finished fine-tune runs with their
// records and comparison at the same budget. Saved as one JSON file
// (".sharelens", format "sharelens-session", version 1) and read back to an
// identical value: doubles are written with 17 significant digits, so a
// save → open round trip reproduces every number bit for bit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sharelens/agents.h"
#include "sharelens/analysis.h"
#include "sharelens/cluster.h"
#include "sharelens/compress.h"
#include "sharelens/plan.h"
#include "sharelens/trainer.h"

namespace sharelens {

struct SessionCalibration {
    std::string textPath; // empty: the built-in calibration text
    // Non-empty: the calibration is this JSON array of token-id sequences
    // (`analyze --token-ids`), used as it is; textPath is then unused.
    std::string tokenIdsPath;
    int seqLen = 128;
    int sequences = 64;
    Metric metric = Metric::Pearson;
    UnitKind units = UnitKind::Blocks;
    bool skipFirstToken = false;
    bool operator==(const SessionCalibration& o) const {
        return textPath == o.textPath && tokenIdsPath == o.tokenIdsPath && seqLen == o.seqLen &&
               sequences == o.sequences && metric == o.metric && units == o.units && skipFirstToken == o.skipFirstToken;
    }
};

struct SessionClustering {
    LinkageMethod linkage = LinkageMethod::Average;
    bool contiguous = false;
    bool keepFirstLast = false; // first and last units stay unshared
    int maxGroupSize = 0;       // 0: no limit
    double threshold = 0.1;
    bool operator==(const SessionClustering& o) const {
        return linkage == o.linkage && contiguous == o.contiguous && keepFirstLast == o.keepFirstLast &&
               maxGroupSize == o.maxGroupSize && threshold == o.threshold;
    }
};

// One finished (or stopped) fine-tune of the baseline against the shared model.
struct SessionRun {
    // Settings, as `sharelens-cli finetune` takes them.
    std::string textPath; // empty: the built-in text
    int steps = 0;
    int batchSize = 0;
    int seqLen = 0;
    double learningRate = 0;
    std::string init; // "mean", "medoid", "first", or empty (the plan's)
    bool privateNorms = false;
    int deltaRank = 0;
    uint64_t seed = 1;
    // Results.
    TrainResult baseline;
    TrainResult shared;
    int64_t baselineParameters = 0;
    int64_t sharedParameters = 0;
    std::string stopReason; // empty when every step ran
    std::vector<BudgetPoint> budget;
    // Distillation of the shared run (TrainOptions::distill and its settings).
    DistillMode distill = DistillMode::None;
    double distillTemperature = 1.0;
    double distillWeight = 0.5;
    double distillHiddenWeight = 1.0;
};

// One system of an agents fine-tune (unshared or shared), summarised.
struct SessionSystemSummary {
    int64_t parameters = 0;
    double validationBefore = -1; // negative: not evaluated
    double validationAfter = -1;
    uint64_t modelStateBytes = 0;
    uint64_t peakRssBytes = 0;
    double meanTokensPerSecond = 0;
    int steps = 0;
};

// One agent's validation loss before and after, in both systems.
struct SessionAgentLosses {
    std::string name;
    double unsharedBefore = -1, unsharedAfter = -1; // negative: not evaluated
    double sharedBefore = -1, sharedAfter = -1;
};

// A cross-agent sharing plan as a session keeps it: the level, the groups of
// unit indices (every unit in one group, singletons included) and the
// system's size before and after sharing. The whole AgentSharingPlan is
// rebuilt from the agents' checkpoint headers with makeAgentPlan.
struct SessionAgentPlan {
    AgentLevel level = AgentLevel::Layers;
    std::vector<std::vector<int>> groups;
    int64_t baselineParameters = 0;
    int64_t sharedParameters = 0;
    uint64_t baselineBytes = 0;
    uint64_t sharedBytes = 0;
};
SessionAgentPlan sessionAgentPlan(const AgentSharingPlan& plan);

// One finished (or stopped) fine-tune of the unshared agents against the
// shared system of a plan: its settings and its summary.
struct SessionAgentsRun {
    std::vector<std::string> textPaths; // one per agent
    int steps = 0;
    int batchSize = 0;
    int seqLen = 0;
    double learningRate = 0;
    SharedInit init = SharedInit::Mean;
    uint64_t seed = 1;
    SessionAgentPlan plan; // the plan it trained
    SessionSystemSummary baseline, shared;
    std::vector<SessionAgentLosses> agents;
    std::string stopReason; // empty when every step ran
};

// Agents mode: the models of Session::models are the agents (two or more),
// calibrated together with Session::calibration (blocks only).
struct SessionAgents {
    std::vector<std::string> names;                  // as typed, one per model (empty = folder name)
    std::optional<AgentSimilarityResult> similarity; // both levels; absent until analysed
    std::optional<WeightDifferenceResult> weights;   // the data-free comparison
    AgentLevel level = AgentLevel::Layers;           // the level shown and planned
    LinkageMethod linkage = LinkageMethod::Average;
    double layersThreshold = -1; // < 0: not chosen yet
    double agentsThreshold = -1;
    std::optional<SessionAgentPlan> plan; // the plan at the level's threshold
    std::vector<std::string> agentTexts;  // fine-tune text per agent (empty = calibration)
    std::vector<SessionAgentsRun> runs;
};

struct Session {
    std::vector<std::string> models; // model folders (several: agents)
    SessionCalibration calibration;
    std::optional<SimilarityResult> similarity; // absent until analysed
    SessionClustering clustering;
    std::optional<SharingPlan> plan; // the plan at the threshold
    std::vector<SessionRun> runs;
    std::optional<SessionAgents> agents; // present in agents mode only
    std::string createdBy;               // "ShareLens 0.x"
    // Local worker processes the GUI runs the analysis and the fine-tune on
    // (a process group on this machine); 1: in the GUI's own process.
    int workers = 1;
};

// JSON text of a session, and back. An agents session adds an "agents"
// object; a file without one reads as a single-model session, as before. sessionFromJson throws sharelens::Error
// naming `path` and the field that is wrong (not a session, a newer version,
// a similarity matrix that is not square or does not match its units, a
// record of the wrong shape...).
std::string sessionToJson(const Session& session);
Session sessionFromJson(const std::string& text, const std::string& path);

// Whole-file save (atomic: temporary file, fsync, rename; an existing file
// is replaced only by a complete new one) and open.
void saveSession(const std::string& path, const Session& session);
Session loadSession(const std::string& path);

} // namespace sharelens
