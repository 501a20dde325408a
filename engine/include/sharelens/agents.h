// Agents mode: several models of one architecture treated as the
// agents of a multi-agent system. Their layers are compared with each other
// (activations over the same calibration sequences, and weights), clustered,
// and the units of a group use one shared set of parameters across agents.
//
// Torch-free: plain value types, Eigen matrices and the Model facade. Long
// work takes a Progress (report + cancel flag) as the rest of the engine does.
//
// Units. At the "layers" level a unit is (agent a, block l), numbered
// agent-major: unit = a * L + l, named "<agent>/block<l>" (e.g. "demo-a/block5").
// At the "agents" level a unit is a whole agent, named by the agent's name.
// Agent names are the folder names unless given; duplicates get "#<k>".
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sharelens/analysis.h"
#include "sharelens/checkpoint.h"
#include "sharelens/cluster.h"
#include "sharelens/data.h"
#include "sharelens/plan.h"
#include "sharelens/progress.h"
#include "sharelens/trainer.h"

namespace sharelens {

class Model;

enum class AgentLevel { Layers, Agents };
const char* agentLevelName(AgentLevel l); // "layers", "agents"
bool parseAgentLevel(const std::string& s, AgentLevel& out);

// Names for the agents at `paths`: names[k] when given and non-empty, else
// the folder name; a name used twice gets "#<k>" (1-based agent number).
// Throws sharelens::Error if names is non-empty and its size differs, or a
// name contains '/'.
std::vector<std::string> agentNames(const std::vector<std::string>& paths, const std::vector<std::string>& names = {});

// Checks that the checkpoints can be agents of one system: at least two, the
// same family, model type and every shape-determining config field, and the
// same parameter tensors with the same shapes (dtypes may differ). Throws
// sharelens::Error naming the first difference against agent 1, e.g.
//   "agent 3 (/path/c): hidden_size 256, agent 1 has 128".
void checkAgentsCompatible(const std::vector<Checkpoint>& checkpoints);

// Opens, checks (headers only, before any tensor is read) and loads agents.
// One path to a shared-pool export (sharelens/export.h) stands for its agent
// folders, named as in the pool. Agents of one pool get each pool tensor
// once: the loaded system shares them as the exported one did.
struct Agents {
    std::vector<std::string> names;
    std::vector<std::unique_ptr<Model>> models;
    std::vector<const Model*> view() const; // the models as const pointers
};
Agents loadAgents(const std::vector<std::string>& paths, const std::vector<std::string>& names = {},
                  const Progress& progress = {});

// Unit names and coordinates of the layers level.
std::string agentUnitName(const std::string& agent, int layer); // "agent/block<layer>"

// Similarity at both levels from ONE pass of the same sequences through every
// agent (blocks only; the metric of `options`, units must be Blocks).
//  - similarity: (A*L) x (A*L) over (agent, block) units, the metric
//    (as defined in docs/) on the units' activations (residual stream after
//    the block).
//  - agentSimilarity: A x A, the same metric on each agent's whole-model
//    activation: every block's output concatenated (per token, per hidden
//    dimension, per block), so for Pearson/cosine it is derived from the same
//    Gram matrix: <x_a, x_b> = sum_l <x_(a,l), x_(b,l)>; for CKA the features
//    of all blocks are concatenated: HSIC(a, b) = sum_(l,m) HSIC((a,l), (b,m)).
//  - pearson, cosine: both (A*L)^2 matrices whenever the metric is Pearson or
//    cosine (they come from the same sums); empty for CKA.
// Memory does not grow with the number of tokens. Throws as computeSimilarity.
struct AgentSimilarityResult {
    std::vector<std::string> agents;
    int layers = 0;
    std::vector<std::string> units;            // A*L names, agent-major
    Eigen::MatrixXd similarity;                // (A*L) x (A*L), options.metric
    Eigen::MatrixXd agentSimilarity;           // A x A, options.metric
    Eigen::MatrixXd pearson, cosine;           // (A*L) x (A*L), or empty (CKA)
    Eigen::MatrixXd agentPearson, agentCosine; // A x A, or empty (CKA)
    Metric metric = Metric::Pearson;
    int64_t tokens = 0; // per agent
    int64_t sequences = 0;
    std::string method;
};
AgentSimilarityResult computeAgentSimilarity(const std::vector<const Model*>& agents,
                                             const std::vector<std::string>& names, const Sequences& sequences,
                                             const CaptureOptions& options, const Progress& progress = {});

// Data-free view. For agent a and block l let w_a^l be the vector of all the
// block's parameter tensors (Hugging Face order, each flattened, float64).
//  - differenceNorm[l](a, b) = ||w_a^l - w_b^l||_2 (the Frobenius norm of the
//    weight difference over the whole block);
//  - relativeDifference[l](a, b) = differenceNorm[l](a, b) / ||w_b^l||_2
//    (the change relative to agent b's weights; not symmetric);
//  - weightCosine[l](a, b) = <w_a^l, w_b^l> / (||w_a^l|| ||w_b^l||);
//  - deltaCosine[l](a, b): with a base agent r, the cosine of the difference
//    vectors d_a = w_a^l - w_r^l and d_b = w_b^l - w_r^l (1 on the diagonal,
//    0 where a difference is exactly zero, e.g. for r itself); without a base
//    (base = -1) d_a is the difference to the mean of all agents' w^l.
// Each matrix is A x A; one per block.
struct WeightDifferenceResult {
    std::vector<std::string> agents;
    int base = -1; // the base agent, or -1 (the mean of all agents)
    std::vector<Eigen::MatrixXd> differenceNorm;
    std::vector<Eigen::MatrixXd> relativeDifference;
    std::vector<Eigen::MatrixXd> weightCosine;
    std::vector<Eigen::MatrixXd> deltaCosine;
};
WeightDifferenceResult computeWeightDifferences(const std::vector<const Model*>& agents,
                                                const std::vector<std::string>& names, int base = -1,
                                                const Progress& progress = {});

// A cross-agent sharing plan. Level layers: units are (agent, block) and the
// members of a group use one block (one set of tensors), wherever they sit;
// embeddings, final norm and head stay with each agent. Level agents: units
// are agents and the members of a group become one model (every tensor
// shared). Parameters count every agent's unique parameters (tied embeddings
// once per agent); bytes use agent 1's dominant storage dtype.
struct AgentPlanUnit {
    std::string name;
    int agent = 0;
    int layer = -1; // -1 at the agents level
    int64_t parameters = 0;
};

struct AgentSharingPlan {
    std::vector<std::string> agents;
    int layers = 0;
    AgentLevel level = AgentLevel::Layers;
    std::vector<AgentPlanUnit> units;
    std::vector<PlanGroup> groups; // every unit in exactly one group (singletons included)
    int bytesPerParameter = 4;
    int64_t baselineParameters = 0; // all agents, unshared
    int64_t sharedParameters = 0;   // the system after sharing
    uint64_t baselineBytes = 0;
    uint64_t sharedBytes = 0;
};

// Builds a plan from groups of unit indices (units not named are singletons).
// Throws sharelens::Error for an index out of range or a unit named twice.
AgentSharingPlan makeAgentPlan(const std::vector<Checkpoint>& agents, const std::vector<std::string>& names,
                               AgentLevel level, const std::vector<std::vector<int>>& groups,
                               SharedInit init = SharedInit::Mean);
// JSON with "agents", "level", "layers", "units", "groups", "parameters" and
// "bytes"; agentPlanFromJson reads it back (throws Error naming `path`).
std::string agentPlanToJson(const AgentSharingPlan& plan);
AgentSharingPlan agentPlanFromJson(const std::string& text, const std::string& path);

// The shared system: independent copies of the agents in which the units of
// every group use one set of tensors, initialised as the mean of the members,
// the first member, LaCo's merge (first + the others' differences from it) or the medoid (smallest summed squared
// distance to the other members). At the agents level the members of a group get the SAME Model (result[a] ==
// result[b]). The agents are not modified. Throws sharelens::Error when the plan does not fit the agents.
struct SharedAgentsInfo {
    int64_t parameters = 0; // unique parameters of the whole shared system
};
std::vector<std::shared_ptr<Model>> makeSharedAgents(const std::vector<const Model*>& agents,
                                                     const AgentSharingPlan& plan, SharedInit init,
                                                     SharedAgentsInfo* info = nullptr);
// Unique parameters of a set of models (tensors shared between them once).
int64_t systemParameterCount(const std::vector<const Model*>& models);

// One agent's training and validation tokens.
struct AgentTokens {
    std::vector<int32_t> train;
    std::vector<int32_t> validation;
};

// Shared multi-agent fine-tune against the unshared agents. Each system
// (baseline: independent agents; shared: the tied system) is trained by one
// optimiser over its unique tensors on the sum of the agents' next-token
// losses, every agent on a batch of its own text; both systems get the SAME
// batches each step and alternate which goes first (as trainPair). Step
// records are per system (loss = mean of the agents' losses; tokens/s counts
// every agent's tokens; model-state bytes and peak RSS as trainPair);
// validation loss per agent before training, every evalEvery steps and at
// the end. Gradient clipping applies to each system's whole gradient.
struct AgentsPairResult {
    TrainResult baseline; // system records; evals = mean over agents
    TrainResult shared;
    std::vector<std::vector<EvalRecord>> baselineAgentEvals; // [agent][eval]
    std::vector<std::vector<EvalRecord>> sharedAgentEvals;
    std::vector<std::vector<double>> baselineAgentLoss; // [step][agent] training loss
    std::vector<std::vector<double>> sharedAgentLoss;
    StopReason stop = StopReason::Completed;
    std::string stopMessage; // NonFinite: which system, which step and what to change
};
AgentsPairResult trainAgentsPair(const std::vector<Model*>& baseline, const std::vector<Model*>& shared,
                                 const std::vector<AgentTokens>& data, const TrainOptions& options,
                                 const std::function<void(PairRun, const StepRecord&)>& onStep = {},
                                 const std::function<void(PairRun, int agent, const EvalRecord&)>& onEval = {},
                                 const Progress& progress = {});

} // namespace sharelens
