// The jobs ShareLens runs, each written once: analyse (one model, agents),
// fine-tune (one model, agents), compare at the same budget and export
// (compact, Hugging Face, shared pool). Each takes a request value and
// callbacks (progress and the cancel flag through sharelens::Progress,
// records as they come) and returns an outcome value; the command-line tool
// and the GUI only gather the request and present the outcome.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "sharelens/agents.h"
#include "sharelens/analysis.h"
#include "sharelens/cluster.h"
#include "sharelens/compress.h"
#include "sharelens/data.h"
#include "sharelens/export.h"
#include "sharelens/finetune_memory.h"
#include "sharelens/linear_map.h"
#include "sharelens/importance.h"
#include "sharelens/plan.h"
#include "sharelens/progress.h"
#include "sharelens/provenance.h"
#include "sharelens/safetensors.h"
#include "sharelens/sharing.h"
#include "sharelens/trainer.h"

namespace sharelens {

class Model;

namespace workflow {

// Where tokens come from: a plain text (tokenized with the model's
// tokenizer) or a JSON array of token-id sequences.
struct TokenSource {
    enum class Kind { Text, TokenIds };
    Kind kind = Kind::Text;
    std::string path;
};

// The whole source as one token stream (token-id sequences concatenated).
std::vector<int32_t> readTokenStream(const TokenSource& source, const Model& model);

// The sequence length asked for, or min(context, 128) when 0; throws Error
// when it is longer than the model's context.
int resolveSeqLen(int seqLen, const Model& model);

// ------------------------------------------------------------------ cluster

struct ClusterRequest {
    LinkageMethod method = LinkageMethod::Average;
    bool contiguous = false;
    double threshold = 0.1;
    GroupConstraints constraints;
    // Per unit (unitKinds of the unit names): units of different kinds never
    // group (linkageByKind). Empty: analyse() takes them from the units.
    std::vector<int> kinds;
};

struct ClusterOutcome {
    LinkageMatrix linkage;
    std::vector<std::vector<int>> groups;
};

// Calibration too small for the unit count: fewer than
// kMinCalibrationTokensPerUnit tokens per unit (10 x units); the similarities
// and a plan made from them then rest on too little data.
constexpr int64_t kMinCalibrationTokensPerUnit = 10;
inline bool calibrationTooSmall(int64_t tokens, size_t units) {
    return tokens < kMinCalibrationTokensPerUnit * static_cast<int64_t>(units);
}

// No group of two or more units: sharing the plan saves nothing, and a
// fine-tune trains the baseline against an identical copy.
inline bool planSharesNothing(const SharingPlan& plan) {
    for (const auto& g : plan.groups)
        if (g.members.size() >= 2) return false;
    return true;
}

// Linkage of 1 - similarity and its groups at the threshold.
ClusterOutcome cluster(const Eigen::MatrixXd& similarity, const ClusterRequest& request);

// ------------------------------------------------------------------ analyse

// One model: the similarity of its units on `sequences`, and (when cluster
// is set) the linkage, groups and sharing plan.
struct AnalyseRequest {
    Sequences sequences;
    CaptureOptions capture;
    std::optional<ClusterRequest> cluster;
    // Block importance from the same capture pass, and (leaveOneOut) the
    // losses with blocks removed, evaluated on `sequences`.
    std::optional<ImportanceOptions> importance;
};

struct AnalyseOutcome {
    SimilarityResult similarity;
    ClusterOutcome clustering;                  // empty without request.cluster
    SharingPlan plan;                           // empty without request.cluster
    std::optional<ImportanceResult> importance; // with request.importance
};

AnalyseOutcome analyse(const Model& model, const AnalyseRequest& request, const Progress& progress = {});

// Agents: the weight comparison and the one-pass similarity at both levels,
// and (when cluster is set) the clustering and plan at `level`.
struct AgentsAnalyseRequest {
    Sequences sequences;
    CaptureOptions capture; // units must be blocks
    int weightBase = -1;    // base agent of the delta cosine, -1 = the mean of all agents
    AgentLevel level = AgentLevel::Layers;
    std::optional<ClusterRequest> cluster;
};

struct AgentsAnalyseOutcome {
    AgentSimilarityResult similarity;
    WeightDifferenceResult weights;
    ClusterOutcome clustering;
    AgentSharingPlan plan;
};

// Progress: the weight comparison reports stage 1 of 3, the capture 2 of 3
// and the similarity 3 of 3.
AgentsAnalyseOutcome analyseAgents(const std::vector<const Model*>& agents, const std::vector<std::string>& names,
                                   const AgentsAnalyseRequest& request, const Progress& progress = {});

// ---------------------------------------------------------------- fine-tune

enum class FinetuneStage { Loading, ReadingData, Building, Training, Comparing };

// Known once the models are built, before the first step.
struct FinetuneSetup {
    size_t trainTokens = 0; // one model: its stream; agents: summed over the agents
    size_t validationTokens = 0;
    int64_t baselineParameters = 0;
    int64_t sharedParameters = 0;
    int64_t deltaParameters = 0; // one model: of which low-rank deltas
    int budgetSequences = 0;     // one model: windows the budget comparison will use
    TrainOptions options;        // as resolved (sequence length, evaluation interval)
};

struct FinetuneCallbacks {
    std::function<void(FinetuneStage)> onStage;
    std::function<void(const FinetuneSetup&)> onReady;
    std::function<void(PairRun, const StepRecord&)> onStep;
    // One model: each validation; agents: the system's (mean over agents)
    // once the last agent's is in.
    std::function<void(PairRun, const EvalRecord&)> onEval;
    std::function<void(PairRun, int agent, const EvalRecord&)> onAgentEval; // agents only
    Progress progress;                                                      // reports and the cancel flag
    // One model: the memory estimate of the run's mode, once the baseline is
    // loaded and before it is checked and the shared model is built.
    std::function<void(const FinetuneSizes&, const FinetuneMode&)> onMemory;
};

struct FinetuneRequest {
    std::string modelDir;                  // the model to fine-tune, loaded from here ...
    std::shared_ptr<const Model> original; // ... or from this model's checkpoint (it is not modified)
    SharingPlan plan;
    std::string planFile; // for the provenance (may be empty)
    TokenSource data;
    ShareOptions share;
    TrainOptions train; // seqLen 0: min(context, 128)
    double validationFraction = 0.1;
    // false: no fine-tuned baseline (no second optimiser, no baseline
    // gradients); the comparison uses the untrained baseline.
    bool runBaseline = true;
    // Run on every point of the budget comparison after training (task
    // accuracy); empty: the loss only.
    PointScorer budgetScore;
};

struct FinetuneOutcome {
    StopReason stop = StopReason::Completed;
    std::string stopMessage;
    PairResult records;
    FinetuneSetup setup;
    SharedModelInfo info;
    std::vector<BudgetPoint> budget; // completed runs with a validation window
    std::shared_ptr<Model> baseline; // trained in place
    std::shared_ptr<Model> shared;
    Provenance provenance; // of the trained shared model
    FinetuneSizes memory;  // what the memory estimate was made from
    FinetuneMode mode;     // the run's mode (scope, baseline run or skipped, checkpointing)
};

// Loads the baseline, reads and splits the data, checks the memory of the
// run's mode (refusing before the shared model is built, with the cheapest
// mode that fits), builds the shared model, trains both on the same batches
// (or the shared model alone without runBaseline) and (when every step ran)
// compares them with layer removal and int8 on the windows the runs'
// validation losses use.
// Throws Error for bad input and Cancelled when cancelled before training;
// a stop during training is the outcome's StopReason.
FinetuneOutcome finetune(const FinetuneRequest& request, const FinetuneCallbacks& callbacks);

struct AgentsFinetuneRequest {
    std::vector<std::string> paths;
    std::vector<std::string> names; // the plan's agent names
    AgentSharingPlan plan;
    std::string planFile;
    std::vector<TokenSource> data; // one for all agents or one per agent
    SharedInit init = SharedInit::Mean;
    TrainOptions train; // as FinetuneRequest
    double validationFraction = 0.1;
    // Errors reading one agent's text name the agent, and each agent's split
    // must hold one window of training and of validation tokens.
    bool perAgentChecks = false;
};

struct AgentsFinetuneOutcome {
    StopReason stop = StopReason::Completed;
    std::string stopMessage;
    AgentsPairResult records;
    FinetuneSetup setup;
    std::vector<std::string> names;
    std::vector<AgentTokens> data; // each agent's training and validation tokens
    int64_t sharedParameters = 0;
    std::vector<std::shared_ptr<Model>> baseline;
    std::vector<std::shared_ptr<Model>> shared;
    Provenance provenance;
};

AgentsFinetuneOutcome finetuneAgents(const AgentsFinetuneRequest& request, const FinetuneCallbacks& callbacks);

// ------------------------------------------------------------------ compare

struct CompareOutcome {
    std::vector<BudgetPoint> rows; // baseline, shared (untrained), then the baselines asked for
    std::vector<int> removedLayers;
    std::vector<int> biLayers, angularLayers; // the blocks "bi" and "angular" removed (when asked for)
    // With the "linear-map" baseline: its fit (span, residual, time).
    std::optional<LinearMapFit> linearMap;
};

// The baselines of the same-budget comparison, by name: "removal" (the
// plan's layers removed), "last-k" (the last K dropped), "int8", "bi" (the K
// blocks of lowest block influence removed), "angular" (the span of K blocks
// of lowest angular distance removed), "linear-map" (the span of K blocks
// whose least-squares linear map fits best, replaced by that map);
// K = layersToRemoveForPlan's count.
struct CompareBaselines {
    std::vector<std::string> names{"removal", "last-k", "int8"};
    // Block influence and angular distance for "bi" and "angular" (analysis.json's importance).
    std::optional<ImportanceResult> importance;
    // The windows "linear-map" is fitted on (empty: the evaluated sequences).
    Sequences fitSequences;
};
// The known names, in order; parseBaselines throws Error for an unknown one
// (or an empty list), naming the flag `option`.
const std::vector<std::string>& knownBaselines();
std::vector<std::string> parseBaselines(const std::string& commaList, const std::string& option);

// onStage gets "baseline", "shared" and "baselines" before each part
// ("linear-map" before the linear map's fit).
// allowMixedAttention: ShareOptions::allowMixedAttention for the shared model.
// baselines: the rows after baseline and shared ("bi" and "angular" need
// its importance). init: the shared row's init.
// score: run on every point's model after its loss (task accuracy, stride
// perplexity).
CompareOutcome compare(const Model& baseline, const SharingPlan& plan, const Sequences& sequences,
                       const Progress& progress = {}, const std::function<void(const std::string&)>& onStage = {},
                       bool allowMixedAttention = false, const CompareBaselines& baselines = {},
                       SharedInit init = SharedInit::Mean, const PointScorer& score = {});

// ------------------------------------------------------------------- export

enum class ExportFormat { Compact, HuggingFace };

struct ExportOutcome {
    int64_t parameters = 0;
    uint64_t fileBytes = 0; // DIR/model.safetensors
};

// Writes `model` (a shared model, or a compact checkpoint as it is) to `out`.
// `force`: replace a folder at `out` that is not a previous export.
ExportOutcome exportModel(const Model& model, ExportFormat format, const std::string& out, DType storage,
                          const Provenance& provenance, bool force = false);

struct PoolExportOutcome {
    PoolExportResult files;
    int64_t parameters = 0; // unique parameters of the shared system
};

// Builds the tied system of `plan` from the agents and writes it as a shared pool.
PoolExportOutcome exportPool(const std::vector<const Model*>& agents, const std::vector<std::string>& names,
                             const AgentSharingPlan& plan, SharedInit init, const std::string& out, DType storage,
                             const Provenance& provenance, const Progress& progress = {}, bool force = false);

} // namespace workflow
} // namespace sharelens
