// Agents mode: several models as the agents of one system (see sharelens/agents.h).
#include "sharelens/agents.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "analysis/capture_batches.h"
#include "io/json_integer.h"
#include "sharelens/tensor_set.h"
#include "model/model_impl.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/input_limits.h"
#include "sharelens/model.h"
#include "analysis/similarity_sums.h"
#include "io/tensor_io.h"
#include "io/torch_guard.h"
#include "train/train_state.h"

#include <nlohmann/json.hpp>

namespace sharelens {

const char* agentLevelName(AgentLevel l) { return l == AgentLevel::Layers ? "layers" : "agents"; }

bool parseAgentLevel(const std::string& s, AgentLevel& out) {
    if (s == "layers") {
        out = AgentLevel::Layers;
        return true;
    }
    if (s == "agents") {
        out = AgentLevel::Agents;
        return true;
    }
    return false;
}

std::vector<std::string> agentNames(const std::vector<std::string>& paths, const std::vector<std::string>& names) {
    if (!names.empty() && names.size() != paths.size())
        throw Error(ErrorCode::AgentsAgentNamesAgentsGiveOne,
                    {std::to_string(names.size()), std::to_string(paths.size())});
    std::vector<std::string> out;
    std::map<std::string, int> used;
    for (size_t k = 0; k < paths.size(); ++k) {
        std::string n = !names.empty() && !names[k].empty() ? names[k] : std::string();
        if (n.empty()) {
            auto p = std::filesystem::path(paths[k]).lexically_normal();
            if (!p.has_filename()) p = p.parent_path();
            if (std::filesystem::is_regular_file(paths[k])) p = p.parent_path();
            n = p.filename().string();
            if (n.empty() || n == ".") n = "agent" + std::to_string(k + 1);
        }
        if (n.find('/') != std::string::npos) throw Error(ErrorCode::AgentsAgentNameContainsSeparatesAgent, {n});
        out.push_back(n);
    }
    for (const auto& n : out) used[n]++;
    for (size_t k = 0; k < out.size(); ++k)
        if (used[out[k]] > 1) out[k] += "#" + std::to_string(k + 1);
    return out;
}

namespace {

std::string label(const Checkpoint& c, size_t k) { return "agent " + std::to_string(k + 1) + " (" + c.dir + ")"; }

std::string shapeText(const std::vector<int64_t>& s) {
    std::string t = "[";
    for (size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
    return t + "]";
}

int64_t numel(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

// Every config field that decides shapes or the computation, by its
// Hugging Face name, as text.
std::vector<std::pair<std::string, std::string>> configFields(const ModelConfig& c) {
    auto num = [](double v) {
        std::ostringstream os;
        os << v;
        return os.str();
    };
    return {{"model_type", c.modelType},
            {"num_hidden_layers", std::to_string(c.numLayers)},
            {"hidden_size", std::to_string(c.hiddenSize)},
            {"num_attention_heads", std::to_string(c.numHeads)},
            {"num_key_value_heads", std::to_string(c.numKVHeads)},
            {"head_dim", std::to_string(c.headDim)},
            {"intermediate_size", std::to_string(c.intermediateSize)},
            {"vocab_size", std::to_string(c.vocabSize)},
            {"max_position_embeddings", std::to_string(c.maxPositions)},
            {"tie_word_embeddings", c.tieEmbeddings ? "true" : "false"},
            {"attention_bias", c.attentionBias ? "true" : "false"},
            {"mlp_bias", c.mlpBias ? "true" : "false"},
            {"hidden_act", c.activation},
            {"norm epsilon", num(c.normEps)},
            {"rope_theta", num(c.ropeTheta)},
            {"rope_scaling", c.ropeScalingType.empty() ? "none" : c.ropeScalingType + " " + num(c.ropeScalingFactor)},
            {"sliding_window", std::to_string(c.slidingWindow)}};
}

} // namespace

void checkAgentsCompatible(const std::vector<Checkpoint>& cks) {
    if (cks.size() < 2) throw Error(ErrorCode::AgentsAgentsModeNeedsLeastTwo, {std::to_string(cks.size())});
    const auto& c0 = cks[0];
    const auto f0 = configFields(c0.config);
    std::map<std::string, const CheckpointTensor*> t0;
    for (const auto& t : c0.tensors)
        if (isParameterTensor(c0.config, t.name)) t0[t.name] = &t;
    for (size_t k = 1; k < cks.size(); ++k) {
        const auto& ck = cks[k];
        if (ck.config.family != c0.config.family)
            throw Error(ErrorCode::AgentsArchitectureAgentAllAgentsMust,
                        {label(ck, k), ck.config.architectureName(), c0.config.architectureName()});
        const auto fk = configFields(ck.config);
        for (size_t i = 0; i < f0.size(); ++i)
            if (fk[i].second != f0[i].second)
                throw Error(ErrorCode::AgentsAgentAllAgentsMustSame,
                            {label(ck, k), fk[i].first, fk[i].second, f0[i].second});
        std::set<std::string> seen;
        for (const auto& t : ck.tensors) {
            if (!isParameterTensor(ck.config, t.name)) continue;
            seen.insert(t.name);
            auto it = t0.find(t.name);
            if (it == t0.end()) throw Error(ErrorCode::AgentsTensorAgentLacks, {label(ck, k), t.name});
            if (it->second->shape != t.shape)
                throw Error(ErrorCode::AgentsTensorShapeAgent,
                            {label(ck, k), t.name, shapeText(t.shape), shapeText(it->second->shape)});
        }
        for (const auto& [name, t] : t0)
            if (!seen.count(name)) throw Error(ErrorCode::AgentsLacksTensorAgent, {label(ck, k), name});
    }
}

std::vector<const Model*> Agents::view() const {
    std::vector<const Model*> v;
    for (const auto& m : models) v.push_back(m.get());
    return v;
}

Agents loadAgents(const std::vector<std::string>& given, const std::vector<std::string>& names,
                  const Progress& progress) {
    // One folder holding a shared-pool export stands for its agents.
    const std::vector<std::string> paths =
        given.size() == 1 && isPoolExport(given.front()) ? poolAgentFolders(given.front()) : given;
    Agents a;
    a.names = agentNames(paths, names);
    std::vector<Checkpoint> cks;
    for (size_t k = 0; k < paths.size(); ++k) {
        progress.report("Reading headers", 1, 2, static_cast<double>(k) / static_cast<double>(paths.size()));
        cks.push_back(openCheckpoint(paths[k]));
    }
    // Agents that differ are named as such first; then each against its config.
    checkAgentsCompatible(cks);
    for (const auto& ck : cks) checkTensorSet(ck);
    // Agents of one shared pool take each pool tensor once, together.
    PoolTensors pool;
    for (size_t k = 0; k < cks.size(); ++k) {
        progress.check();
        progress.report("Mapping tensors", 2, 2, static_cast<double>(k) / static_cast<double>(cks.size()));
        a.models.push_back(guardTorch(cks[k].dir, [&] { return loadModel(cks[k], &pool); }));
    }
    progress.report("Mapping tensors", 2, 2, 1.0);
    return a;
}

std::string agentUnitName(const std::string& agent, int layer) { return agent + "/block" + std::to_string(layer); }

namespace {

// The inputs computeAgentSimilarity refuses, in the order it checks them.
void checkAgentSimilarityInputs(const std::vector<const Model*>& agents, const std::vector<std::string>& names,
                                const Sequences& sequences, const CaptureOptions& o) {
    if (agents.size() < 2) throw Error(ErrorCode::AgentsAgentsModeNeedsLeastTwo, {std::to_string(agents.size())});
    if (names.size() != agents.size()) throw Error(ErrorCode::AgentsOneNamePerAgentExpected, {});
    if (o.units != UnitKind::Blocks) throw Error(ErrorCode::AgentsAgentsModeComparesWholeBlocks, {});
    {
        std::vector<Checkpoint> cks;
        for (const auto* m : agents) cks.push_back(m->checkpoint());
        checkAgentsCompatible(cks);
    }
    const auto& cfg = agents[0]->config();
    if (sequences.empty()) throw Error(ErrorCode::AgentsNoCalibrationSequencesTextId, {});
    if (o.batchSize < 1) throw Error(ErrorCode::AgentsBatchSizeMustLeast, {});
    validateSequences(sequences, cfg.vocabSize, cfg.maxPositions);
}

// Both levels of similarity from the sums over every (agent, block) unit of
// A agents with L blocks each: fills r's matrices and method.
void agentSimilarityFromSums(SimilaritySums& sums, Metric metric, int A, int L, const std::vector<std::string>& names,
                             AgentSimilarityResult& r) {
    if (metric == Metric::Cka) {
        const Eigen::MatrixXd hsic = sums.hsic();
        r.similarity = ckaFromHsic(hsic, r.units);
        // Whole agents: the features of all blocks concatenated, so an
        // agent pair's HSIC is the sum over its blocks' pairs.
        Eigen::MatrixXd ah(A, A);
        for (int a = 0; a < A; ++a)
            for (int b = 0; b < A; ++b) ah(a, b) = hsic.block(a * L, b * L, L, L).sum();
        r.agentSimilarity = ckaFromHsic(ah, names);
        r.method = "linear CKA, tokens as samples, exact feature-space cross-covariances in double; agents: "
                   "features of all blocks concatenated";
    } else {
        const Eigen::MatrixXd G = sums.gram();
        const Eigen::VectorXd sv = sums.sums();
        const double elements = sums.elements();
        similarityFromGram(G, sv, elements, r.units, &r.pearson, &r.cosine);
        // Whole-agent vectors: all blocks concatenated; blocks line up element by element.
        Eigen::MatrixXd GA = Eigen::MatrixXd::Zero(A, A);
        Eigen::VectorXd sumA = Eigen::VectorXd::Zero(A);
        for (int a = 0; a < A; ++a) {
            for (int l = 0; l < L; ++l) sumA(a) += sv(a * L + l);
            for (int b = 0; b < A; ++b)
                for (int l = 0; l < L; ++l) GA(a, b) += G(a * L + l, b * L + l);
        }
        similarityFromGram(GA, sumA, elements * L, names, &r.agentPearson, &r.agentCosine);
        const bool pearson = metric == Metric::Pearson;
        r.similarity = pearson ? r.pearson : r.cosine;
        r.agentSimilarity = pearson ? r.agentPearson : r.agentCosine;
        r.method = std::string(pearson ? "Pearson correlation" : "cosine similarity") +
                   " over all tokens and hidden dimensions, streaming sums in double; agents: all blocks' outputs "
                   "concatenated";
    }
}

} // namespace

AgentSimilarityResult computeAgentSimilarity(const std::vector<const Model*>& agents,
                                             const std::vector<std::string>& names, const Sequences& sequences,
                                             const CaptureOptions& o, const Progress& progress) {
    checkAgentSimilarityInputs(agents, names, sequences, o);
    const auto& cfg = agents[0]->config();
    const int A = static_cast<int>(agents.size());
    const int L = cfg.numLayers;
    const int U = A * L;
    const int64_t H = cfg.hiddenSize;

    AgentSimilarityResult r;
    r.agents = names;
    r.layers = L;
    r.metric = o.metric;
    for (int a = 0; a < A; ++a)
        for (int l = 0; l < L; ++l) r.units.push_back(agentUnitName(names[static_cast<size_t>(a)], l));

    const CaptureBatches cb = captureBatches(sequences, o.batchSize);
    const int workers = fitCaptureWorkers(
        o.threads, cb.count,
        [&](int w) { return estimateCapture(cfg, UnitKind::Blocks, o.metric, cb.largest, cb.longest, w, A); },
        "capturing activations of " + std::to_string(A) + " agents",
        std::string("use a smaller batch or sequence length") +
            (o.metric == Metric::Cka ? ", or --metric pearson or cosine (CKA's state grows with (agents x blocks x "
                                       "hidden)^2)"
                                     : ""));

    return guardTorch(agents[0]->checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        std::vector<std::unique_ptr<ComputeScope>> compute;
        std::set<CausalLM*> nets; // once per net: agents may be one model
        for (const Model* m : agents)
            if (nets.insert(m->impl().net.get()).second)
                compute.push_back(std::make_unique<ComputeScope>(*m->impl().net, o.compute));
        const auto dopt = torch::TensorOptions().dtype(torch::kFloat64);
        SimilaritySums sums(o.metric, U, H);
        struct Slot {
            CalibrationBatch batch;
            torch::Tensor X; // [U, N, H] in double, agent-major; reused across batches
        };
        std::vector<Slot> slots(static_cast<size_t>(workers));
        const RankBatches mine = rankBatches(cb.count); // this rank's batches
        auto work = [&](int w, size_t k, const std::atomic<bool>& stop) {
            Slot& st = slots[static_cast<size_t>(w)];
            const size_t i = mine.first + k;
            st.batch = makeCalibrationBatch(sequences, cb.first(i), cb.last(i), o.skipFirstToken);
            const int64_t N = st.batch.tokens;
            if (N == 0) return;
            if (!st.X.defined() || st.X.size(1) != N) st.X = torch::empty({U, N, H}, dopt);
            for (int a = 0; a < A; ++a) {
                auto& net = *agents[static_cast<size_t>(a)]->impl().net;
                net.hidden(st.batch.ids, [&](int l, const torch::Tensor& x) {
                    checkStop(stop);
                    auto flat = x.reshape({-1, H});
                    st.X.select(0, a * L + l).copy_(st.batch.all ? flat : flat.index_select(0, st.batch.keepIdx));
                });
            }
        };
        auto commit = [&](int w, size_t) {
            Slot& st = slots[static_cast<size_t>(w)];
            if (st.batch.tokens > 0) sums.add(st.X);
        };
        progress.check();
        runBatchesInOrder(
            mine.count(), workers, work, commit,
            [&](size_t k) {
                const auto done = cb.last(mine.first + k) - cb.first(mine.first),
                           all = cb.last(mine.last - 1) - cb.first(mine.first);
                progress.report("Capturing activations of " + std::to_string(A) + " agents", 1, 2,
                                static_cast<double>(done) / static_cast<double>(all));
            },
            progress);
        sums.sumOverRanks();
        if (sums.tokens() < 2) throw Error(ErrorCode::AgentsCalibrationDataFewerThanTwo, {});
        progress.report("Computing similarity", 2, 2, 0.0);
        agentSimilarityFromSums(sums, o.metric, A, L, names, r);
        r.tokens = sums.tokens();
        r.sequences = static_cast<int64_t>(cb.sequences);
        progress.report("Computing similarity", 2, 2, 1.0);
        return r;
    });
}

namespace {

// One block's parameters as a single float64 vector (tensorNames() order).
torch::Tensor blockVector(const Model& m, int layer) {
    std::vector<torch::Tensor> parts;
    for (const auto& t : m.impl().net->block(layer)->tensors())
        parts.push_back(t.detach().reshape({-1}).to(torch::kFloat64));
    return torch::cat(parts);
}

} // namespace

WeightDifferenceResult computeWeightDifferences(const std::vector<const Model*>& agents,
                                                const std::vector<std::string>& names, int base,
                                                const Progress& progress) {
    if (agents.size() < 2) throw Error(ErrorCode::AgentsAgentsModeNeedsLeastTwo, {std::to_string(agents.size())});
    const int A = static_cast<int>(agents.size());
    if (base < -1 || base >= A)
        throw Error(ErrorCode::AgentsBaseAgentMustOneAgents, {std::to_string(A), std::to_string(base + 1)});
    {
        std::vector<Checkpoint> cks;
        for (const auto* m : agents) cks.push_back(m->checkpoint());
        checkAgentsCompatible(cks);
    }
    const int L = agents[0]->config().numLayers;
    WeightDifferenceResult r;
    r.agents = names;
    r.base = base;
    guardTorch(agents[0]->checkpoint().dir, [&] {
        torch::NoGradGuard ng;
        for (int l = 0; l < L; ++l) {
            progress.check();
            progress.report("Comparing weights", 1, 1, static_cast<double>(l) / L);
            std::vector<torch::Tensor> w;
            for (const auto* m : agents) w.push_back(blockVector(*m, l));
            auto W = torch::stack(w); // [A, P]
            Eigen::MatrixXd dn(A, A), rel(A, A), cosW(A, A), cosD(A, A);
            auto norms = W.norm(2, {1});
            auto na = norms.accessor<double, 1>();
            for (int a = 0; a < A; ++a)
                for (int b = 0; b < A; ++b) {
                    dn(a, b) = a == b ? 0.0 : (W[a] - W[b]).norm().item<double>();
                    rel(a, b) = na[b] > 0 ? dn(a, b) / na[b] : 0.0;
                    cosW(a, b) = (na[a] > 0 && na[b] > 0) ? (W[a] * W[b]).sum().item<double>() / (na[a] * na[b]) : 0.0;
                }
            auto ref = base >= 0 ? W[base] : W.mean(0);
            auto D = W - ref.unsqueeze(0);
            auto dg = toEigen(torch::mm(D, D.t()));
            for (int a = 0; a < A; ++a)
                for (int b = 0; b < A; ++b) {
                    const double den = std::sqrt(dg(a, a) * dg(b, b));
                    cosD(a, b) = a == b    ? (dg(a, a) > 0 ? 1.0 : 0.0)
                                 : den > 0 ? std::clamp(dg(a, b) / den, -1.0, 1.0)
                                           : 0.0;
                }
            for (int a = 0; a < A; ++a) {
                cosW(a, a) = na[a] > 0 ? 1.0 : 0.0;
                for (int b = 0; b < a; ++b) dn(a, b) = dn(b, a);
            }
            r.differenceNorm.push_back(dn);
            r.relativeDifference.push_back(rel);
            r.weightCosine.push_back(cosW);
            r.deltaCosine.push_back(cosD);
        }
        progress.report("Comparing weights", 1, 1, 1.0);
        return 0;
    });
    return r;
}

// ---------------------------------------------------------------- plans

AgentSharingPlan makeAgentPlan(const std::vector<Checkpoint>& cks, const std::vector<std::string>& names,
                               AgentLevel level, const std::vector<std::vector<int>>& groups, SharedInit init) {
    checkAgentsCompatible(cks);
    if (names.size() != cks.size()) throw Error(ErrorCode::AgentsOneNamePerAgentExpected, {});
    AgentSharingPlan p;
    p.agents = names;
    p.level = level;
    p.layers = cks[0].config.numLayers;
    const int A = static_cast<int>(cks.size());
    std::vector<int64_t> agentParams(cks.size(), 0);
    std::map<DType, int64_t> byType;
    for (size_t a = 0; a < cks.size(); ++a)
        for (const auto& t : cks[a].tensors) {
            if (!isParameterTensor(cks[a].config, t.name)) continue;
            agentParams[a] += numel(t.shape);
            p.baselineBytes += static_cast<uint64_t>(numel(t.shape)) * dtypeSize(t.dtype);
            if (a == 0) byType[t.dtype] += numel(t.shape);
        }
    DType dominant = DType::F32;
    int64_t best = -1;
    for (auto& [d, c] : byType)
        if (c > best) {
            best = c;
            dominant = d;
        }
    p.bytesPerParameter = static_cast<int>(dtypeSize(dominant));
    for (int a = 0; a < A; ++a) {
        p.baselineParameters += agentParams[static_cast<size_t>(a)];
        if (level == AgentLevel::Agents) {
            p.units.push_back({names[static_cast<size_t>(a)], a, -1, agentParams[static_cast<size_t>(a)]});
        } else {
            const auto blocks = planUnits(cks[static_cast<size_t>(a)], UnitKind::Blocks);
            for (int l = 0; l < p.layers; ++l)
                p.units.push_back(
                    {agentUnitName(names[static_cast<size_t>(a)], l), a, l, blocks[static_cast<size_t>(l)].parameters});
        }
    }
    const auto all = partitionUnits(groups, static_cast<int>(p.units.size()), ErrorCode::PlanWhoseAgents);
    int64_t saved = 0;
    for (auto& members : all) {
        PlanGroup g;
        g.members = members;
        g.init = init;
        g.sharedParameters = p.units[static_cast<size_t>(members.front())].parameters;
        for (int m : members)
            if (p.units[static_cast<size_t>(m)].parameters != g.sharedParameters)
                throw Error(ErrorCode::AgentsUnitsDifferentParameterCountsCannot,
                            {p.units[static_cast<size_t>(members.front())].name, p.units[static_cast<size_t>(m)].name});
        g.savedParameters = static_cast<int64_t>(members.size() - 1) * g.sharedParameters;
        g.savedBytes = static_cast<uint64_t>(g.savedParameters) * static_cast<uint64_t>(p.bytesPerParameter);
        saved += g.savedParameters;
        p.groups.push_back(std::move(g));
    }
    p.sharedParameters = p.baselineParameters - saved;
    p.sharedBytes = p.baselineBytes - static_cast<uint64_t>(saved) * static_cast<uint64_t>(p.bytesPerParameter);
    return p;
}

std::string agentPlanToJson(const AgentSharingPlan& p) {
    using json = nlohmann::json;
    json units = json::array();
    for (const auto& u : p.units)
        units.push_back({{"name", u.name}, {"agent", u.agent}, {"layer", u.layer}, {"parameters", u.parameters}});
    json groups = json::array();
    for (const auto& g : p.groups)
        groups.push_back({{"members", g.members},
                          {"init", sharedInitName(g.init)},
                          {"shared_parameters", g.sharedParameters},
                          {"saved_parameters", g.savedParameters},
                          {"saved_bytes", g.savedBytes}});
    json j{{"agents", p.agents},
           {"level", agentLevelName(p.level)},
           {"layers", p.layers},
           {"units", units},
           {"groups", groups},
           {"bytes_per_parameter", p.bytesPerParameter},
           {"parameters", {{"baseline", p.baselineParameters}, {"shared", p.sharedParameters}}},
           {"bytes", {{"baseline", p.baselineBytes}, {"shared", p.sharedBytes}}}};
    return j.dump(2);
}

AgentSharingPlan agentPlanFromJson(const std::string& text, const std::string& path) {
    using json = nlohmann::json;
    json j;
    checkJsonDepth(text, path);
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::AgentsNotValidJSON, {e.what()}, path);
    }
    auto fail = [&](const ErrorMessage& what) { return Error(ErrorCode::AgentsAgentsSharingPlan, {what}, path); };
    try {
        if (!j.is_object() || !j.contains("agents") || !j.contains("units") || !j.contains("groups"))
            throw fail({ErrorCode::AgentsExpectedObjectAgentsUnitsGroups, {}});
        AgentSharingPlan p;
        const ErrorCode what = ErrorCode::JsonWhatAgentsPlan;
        p.agents = j.at("agents").get<std::vector<std::string>>();
        if (!parseAgentLevel(j.value("level", std::string("layers")), p.level))
            throw fail({ErrorCode::AgentsLevelMustLayersAgents, {}});
        p.layers = jsonInteger<int>(j.at("layers"), "layers", what, path);
        if (p.layers < 1) throw fail({ErrorCode::AgentsLayersMustLeast, {}});
        const int A = static_cast<int>(p.agents.size());
        for (const auto& u : j.at("units")) {
            AgentPlanUnit pu{u.at("name").get<std::string>(), jsonInteger<int>(u.at("agent"), "agent", what, path),
                             jsonInteger<int>(u.at("layer"), "layer", what, path),
                             jsonInteger<int64_t>(u.at("parameters"), "parameters", what, path)};
            if (pu.agent < 0 || pu.agent >= A)
                throw fail({ErrorCode::AgentsUnitNamesAgent, {pu.name, std::to_string(pu.agent)}});
            if (p.level == AgentLevel::Layers && (pu.layer < 0 || pu.layer >= p.layers))
                throw fail({ErrorCode::AgentsUnitNamesLayer, {pu.name, std::to_string(pu.layer)}});
            p.units.push_back(pu);
        }
        const size_t expect = p.level == AgentLevel::Layers ? static_cast<size_t>(A) * static_cast<size_t>(p.layers)
                                                            : static_cast<size_t>(A);
        if (p.units.size() != expect)
            throw fail({ErrorCode::AgentsUnitsExpected, {std::to_string(p.units.size()), std::to_string(expect)}});
        std::vector<int> seen(p.units.size(), 0);
        for (const auto& g : j.at("groups")) {
            PlanGroup pg;
            const json& members = g.at("members");
            if (!members.is_array()) throw fail({ErrorCode::AgentsGroupSMembersMustArray, {}});
            for (const json& m : members) pg.members.push_back(jsonInteger<int>(m, "members", what, path));
            if (pg.members.empty()) throw fail({ErrorCode::AgentsGroupNoMembers, {}});
            for (int m : pg.members) {
                if (m < 0 || static_cast<size_t>(m) >= p.units.size())
                    throw fail({ErrorCode::AgentsGroupMemberNotUnitIndex, {std::to_string(m)}});
                if (seen[static_cast<size_t>(m)]++) throw fail({ErrorCode::AgentsUnitTwoGroups, {std::to_string(m)}});
            }
            if (!parseSharedInit(g.value("init", std::string("mean")), pg.init))
                throw fail({ErrorCode::AgentsUnknownInitUseMeanMedoid, {g.value("init", std::string())}});
            pg.sharedParameters = jsonInteger<int64_t>(g, "shared_parameters", 0, what, path);
            pg.savedParameters = jsonInteger<int64_t>(g, "saved_parameters", 0, what, path);
            pg.savedBytes = jsonInteger<uint64_t>(g, "saved_bytes", 0, what, path);
            p.groups.push_back(std::move(pg));
        }
        p.bytesPerParameter = jsonInteger<int>(j, "bytes_per_parameter", 4, what, path);
        if (j.contains("parameters")) {
            p.baselineParameters = jsonInteger<int64_t>(j["parameters"], "baseline", 0, what, path);
            p.sharedParameters = jsonInteger<int64_t>(j["parameters"], "shared", 0, what, path);
        }
        if (j.contains("bytes")) {
            p.baselineBytes = jsonInteger<uint64_t>(j["bytes"], "baseline", 0, what, path);
            p.sharedBytes = jsonInteger<uint64_t>(j["bytes"], "shared", 0, what, path);
        }
        return p;
    } catch (const json::exception& e) {
        throw fail({ErrorCode::AgentsFieldMissingWrongType, {e.what()}});
    }
}

// ---------------------------------------------------------------- shared system

namespace {

// An independent copy of a model (same checkpoint description, own tensors).
std::unique_ptr<Model> copyModel(const Model& m) {
    auto out = Model::create(m.config(), 0);
    out->impl().checkpoint = m.checkpoint();
    auto src = m.impl().net->namedTensors();
    auto dst = out->impl().net->namedTensors();
    if (src.size() != dst.size()) throw Error(ErrorCode::AgentsInternalModelCopyDifferentTensor, {});
    for (size_t k = 0; k < src.size(); ++k) dst[k].second.copy_(src[k].second);
    out->impl().net->eval();
    return out;
}

// Initial shared values of tensor lists, one list per member (same order).
std::vector<torch::Tensor> sharedValues(const std::vector<std::vector<torch::Tensor>>& member, SharedInit init) {
    const size_t m = member.size(), k = member.front().size();
    size_t chosen = 0;
    if (init == SharedInit::Medoid) {
        // Summed squared distance of every member's flattened tensors to the others'.
        std::vector<torch::Tensor> flat;
        for (const auto& mem : member) {
            std::vector<torch::Tensor> parts;
            for (const auto& t : mem) parts.push_back(t.reshape({-1}).to(torch::kFloat64));
            flat.push_back(torch::cat(parts));
        }
        auto F = torch::stack(flat);
        auto d = torch::cdist(F.unsqueeze(0), F.unsqueeze(0)).squeeze(0).pow(2).sum(1);
        chosen = static_cast<size_t>(d.argmin().item<int64_t>());
    }
    std::vector<torch::Tensor> out;
    for (size_t i = 0; i < k; ++i) {
        if (init == SharedInit::Mean) {
            std::vector<torch::Tensor> all;
            for (size_t a = 0; a < m; ++a) all.push_back(member[a][i].to(torch::kFloat64));
            out.push_back(torch::stack(all).mean(0).to(torch::kFloat32));
        } else if (init == SharedInit::Laco) {
            const auto first = member[0][i].to(torch::kFloat64);
            auto sum = first.clone();
            for (size_t a = 1; a < m; ++a) sum += member[a][i].to(torch::kFloat64) - first;
            out.push_back(sum.to(torch::kFloat32));
        } else {
            out.push_back(member[chosen][i].clone());
        }
    }
    return out;
}

void checkPlanFits(const std::vector<const Model*>& agents, const AgentSharingPlan& plan) {
    if (agents.size() != plan.agents.size())
        throw Error(ErrorCode::AgentsPlanMadeAgentsModelsWere,
                    {std::to_string(plan.agents.size()), std::to_string(agents.size())});
    if (agents[0]->config().numLayers != plan.layers)
        throw Error(ErrorCode::AgentsPlanMadeAgentsLayers,
                    {std::to_string(plan.layers), std::to_string(agents[0]->config().numLayers)});
    const size_t expect =
        plan.level == AgentLevel::Layers ? agents.size() * static_cast<size_t>(plan.layers) : agents.size();
    if (plan.units.size() != expect) throw Error(ErrorCode::AgentsPlanSUnitListDoes, {});
    std::vector<int> seen(plan.units.size(), 0);
    for (const auto& g : plan.groups)
        for (int m : g.members) {
            if (m < 0 || static_cast<size_t>(m) >= plan.units.size())
                throw Error(ErrorCode::AgentsPlanSGroupMemberNot, {std::to_string(m)});
            if (seen[static_cast<size_t>(m)]++) throw Error(ErrorCode::PlanPlanPutsUnitIntoTwo, {std::to_string(m)});
        }
    std::vector<Checkpoint> cks;
    for (const auto* m : agents) cks.push_back(m->checkpoint());
    checkAgentsCompatible(cks);
}

} // namespace

int64_t systemParameterCount(const std::vector<const Model*>& models) {
    std::set<const void*> seen;
    int64_t n = 0;
    for (const auto* m : models)
        for (const auto& p : m->impl().net->parameters(/*recurse=*/true))
            if (seen.insert(p.unsafeGetTensorImpl()).second) n += p.numel();
    return n;
}

std::vector<std::shared_ptr<Model>> makeSharedAgents(const std::vector<const Model*>& agents,
                                                     const AgentSharingPlan& plan, SharedInit init,
                                                     SharedAgentsInfo* info) {
    checkPlanFits(agents, plan);
    return guardTorch(agents[0]->checkpoint().dir, [&] {
        torch::NoGradGuard ng;
        const size_t A = agents.size();
        std::vector<std::shared_ptr<Model>> out(A);
        if (plan.level == AgentLevel::Agents) {
            for (const auto& g : plan.groups) {
                std::shared_ptr<Model> merged = copyModel(*agents[static_cast<size_t>(g.members.front())]);
                if (g.members.size() > 1) {
                    std::vector<std::vector<torch::Tensor>> member;
                    for (int a : g.members) {
                        std::vector<torch::Tensor> ts;
                        for (auto& [name, t] : agents[static_cast<size_t>(a)]->impl().net->namedTensors())
                            ts.push_back(t.detach());
                        member.push_back(std::move(ts));
                    }
                    const auto values = sharedValues(member, init);
                    auto dst = merged->impl().net->namedTensors();
                    for (size_t k = 0; k < dst.size(); ++k) dst[k].second.copy_(values[k]);
                }
                for (int a : g.members) out[static_cast<size_t>(a)] = merged;
            }
        } else {
            for (size_t a = 0; a < A; ++a) out[a] = copyModel(*agents[a]);
            for (const auto& g : plan.groups) {
                if (g.members.size() < 2) continue;
                std::vector<std::vector<torch::Tensor>> member;
                for (int u : g.members) {
                    const auto& pu = plan.units[static_cast<size_t>(u)];
                    std::vector<torch::Tensor> ts;
                    for (const auto& t : agents[static_cast<size_t>(pu.agent)]->impl().net->block(pu.layer)->tensors())
                        ts.push_back(t.detach());
                    member.push_back(std::move(ts));
                }
                const auto values = sharedValues(member, init);
                const auto& first = plan.units[static_cast<size_t>(g.members.front())];
                auto core = out[static_cast<size_t>(first.agent)]->impl().net->block(first.layer);
                auto params = core->parameters(/*recurse=*/false);
                if (params.size() != values.size()) throw Error(ErrorCode::AgentsInternalBlockTensorListMismatch, {});
                for (size_t k = 0; k < params.size(); ++k) params[k].copy_(values[k]);
                for (int u : g.members) {
                    const auto& pu = plan.units[static_cast<size_t>(u)];
                    out[static_cast<size_t>(pu.agent)]->impl().net->setBlock(pu.layer, core);
                }
            }
        }
        if (info) {
            std::vector<const Model*> v;
            for (const auto& m : out) v.push_back(m.get());
            info->parameters = systemParameterCount(v);
        }
        return out;
    });
}

// ---------------------------------------------------------------- training

namespace {

// The inputs trainAgentsPair refuses, in the order it checks them.
void checkAgentsPairInputs(const std::vector<Model*>& baseline, const std::vector<Model*>& shared,
                           const std::vector<AgentTokens>& data, const TrainOptions& o) {
    using namespace trainer_detail;
    const size_t A = baseline.size();
    if (A == 0 || shared.size() != A || data.size() != A)
        throw Error(ErrorCode::AgentsOneBaselineModelOneShared,
                    {std::to_string(A), std::to_string(shared.size()), std::to_string(data.size())});
    std::set<const void*> baseNets;
    for (auto* m : baseline) baseNets.insert(m->impl().net.get());
    for (auto* m : shared)
        if (baseNets.count(m->impl().net.get())) throw Error(ErrorCode::AgentsBaselineSharedAgentsMustDifferent, {});
    for (size_t a = 0; a < A; ++a) {
        const auto& cfg = baseline[a]->config();
        if (shared[a]->config().vocabSize != cfg.vocabSize || shared[a]->config().numLayers != cfg.numLayers)
            throw Error(ErrorCode::AgentsSharedAgentNotMadeBaseline, {std::to_string(a + 1), std::to_string(a + 1)});
        checkOptions(o, data[a].train.size(), data[a].validation.size(), cfg.maxPositions);
        checkTokens(data[a].train, cfg.vocabSize, "training");
        checkTokens(data[a].validation, cfg.vocabSize, "validation");
    }
}

} // namespace

AgentsPairResult trainAgentsPair(const std::vector<Model*>& baseline, const std::vector<Model*>& shared,
                                 const std::vector<AgentTokens>& data, const TrainOptions& o,
                                 const std::function<void(PairRun, const StepRecord&)>& onStep,
                                 const std::function<void(PairRun, int, const EvalRecord&)>& onEval,
                                 const Progress& progress) {
    using namespace trainer_detail;
    checkAgentsPairInputs(baseline, shared, data, o);
    const size_t A = baseline.size();
    return guardTorch("", [&] {
        torch::manual_seed(o.seed);
        std::vector<std::unique_ptr<BatchSampler>> samplers;
        std::vector<torch::Tensor> valIds;
        for (size_t a = 0; a < A; ++a) {
            TrainOptions oa = o;
            oa.seed = o.seed + a; // each agent draws its own windows, the same for both systems
            samplers.push_back(std::make_unique<BatchSampler>(data[a].train, oa));
            valIds.push_back(validationWindows(data[a].validation, o));
        }
        std::vector<CausalLM*> nets[2];
        for (size_t a = 0; a < A; ++a) {
            nets[0].push_back(baseline[a]->impl().net.get());
            nets[1].push_back(shared[a]->impl().net.get());
        }
        ModelTrainer trainers[2] = {ModelTrainer(nets[0], o), ModelTrainer(nets[1], o)};
        AgentsPairResult result;
        result.baselineAgentEvals.resize(A);
        result.sharedAgentEvals.resize(A);
        TrainResult* runs[2] = {&result.baseline, &result.shared};
        std::vector<std::vector<EvalRecord>>* agentEvals[2] = {&result.baselineAgentEvals, &result.sharedAgentEvals};
        std::vector<std::vector<double>>* agentLoss[2] = {&result.baselineAgentLoss, &result.sharedAgentLoss};
        auto evaluate = [&](int r, int step) {
            double mean = 0;
            for (size_t a = 0; a < A; ++a) {
                auto e = trainers[r].evaluate(valIds[a], step, a);
                (*agentEvals[r])[a].push_back(e);
                mean += e.loss / static_cast<double>(A);
                if (onEval) onEval(static_cast<PairRun>(r), static_cast<int>(a), e);
            }
            runs[r]->evals.push_back(EvalRecord{step, mean, std::exp(mean)});
        };
        evaluate(0, 0);
        evaluate(1, 0);
        resetPeakResident(); // the memory chart shows this run's own peak
        for (int step = 0; step < o.steps; ++step) {
            if (progress.cancelled()) {
                result.stop = StopReason::Cancelled;
                break;
            }
            std::vector<torch::Tensor> ids;
            for (auto& s : samplers) ids.push_back(s->next());
            const double lr = scheduledRate(o, step);
            for (int k = 0; k < 2; ++k) {
                const int r = (step + k) % 2;
                std::vector<double> losses;
                const auto t0 = std::chrono::steady_clock::now();
                const double loss = trainers[r].step(ids, lr, &losses);
                const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                if (!std::isfinite(loss)) {
                    result.stop = StopReason::NonFinite;
                    result.stopMessage = std::string("the ") + pairRunName(static_cast<PairRun>(r)) + " agents' " +
                                         nonFiniteMessage(loss, step + 1);
                    break;
                }
                StepRecord rec{step + 1,
                               loss,
                               lr,
                               secs,
                               static_cast<double>(A) * o.batchSize * o.seqLen / secs,
                               trainers[r].modelStateBytes(),
                               peakResidentBytes()};
                runs[r]->steps.push_back(rec);
                agentLoss[r]->push_back(losses);
                if (onStep) onStep(static_cast<PairRun>(r), rec);
            }
            if (result.stop != StopReason::Completed) break;
            progress.report("Training unshared and shared agents", 1, 1, static_cast<double>(step + 1) / o.steps);
            if (evalDue(o, step + 1)) {
                evaluate(0, step + 1);
                evaluate(1, step + 1);
            }
        }
        return result;
    });
}

} // namespace sharelens
