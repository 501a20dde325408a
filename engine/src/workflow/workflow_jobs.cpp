// The analyse, compare and export workflows (see sharelens/workflow.h).
#include "sharelens/workflow.h"

#include <algorithm>
#include <filesystem>
#include <new>
#include <set>

#include "sharelens/error.h"
#include "sharelens/model.h"

namespace sharelens::workflow {

ClusterOutcome cluster(const Eigen::MatrixXd& similarity, const ClusterRequest& rq) {
    const auto dist = similarityToDistance(similarity);
    ClusterOutcome out;
    out.linkage = linkageByKind(dist, rq.method, rq.contiguous, rq.kinds);
    out.groups = cutGroups(out.linkage, rq.threshold, rq.constraints);
    return out;
}

AnalyseOutcome analyse(const Model& model, const AnalyseRequest& rq, const Progress& progress) try {
    AnalyseOutcome out;
    if (rq.importance) {
        ImportanceResult imp;
        out.similarity = computeSimilarityAndImportance(model, rq.sequences, rq.capture, *rq.importance, imp, progress);
        progress.check();
        if (rq.importance->leaveOneOut) computeRemovalLosses(model, rq.sequences, *rq.importance, imp, progress);
        out.importance = std::move(imp);
    } else {
        out.similarity = computeSimilarity(model, rq.sequences, rq.capture, progress);
    }
    progress.check();
    if (rq.cluster) {
        ClusterRequest crq = *rq.cluster;
        if (crq.kinds.empty()) crq.kinds = unitKinds(out.similarity.units);
        out.clustering = cluster(out.similarity.similarity, crq);
        out.plan = makePlan(model.checkpoint(), rq.capture.units, out.clustering.groups);
    }
    return out;
} catch (const std::bad_alloc&) {
    throw Error(ErrorCode::OutOfMemory, {"the analysis"});
}

AgentsAnalyseOutcome analyseAgents(const std::vector<const Model*>& agents, const std::vector<std::string>& names,
                                   const AgentsAnalyseRequest& rq, const Progress& progress) {
    AgentsAnalyseOutcome out;
    // The engine calls report their own stages k of n; they fill ours.
    const Progress weights(
        [&progress](const ProgressInfo& i) {
            progress.report(i.stage, 1, 3, (i.stageIndex - 1 + i.fraction) / std::max(1, i.stageCount));
        },
        progress.cancelFlag());
    const Progress similarity(
        [&progress](const ProgressInfo& i) {
            progress.report(i.stage, 1 + std::clamp(i.stageIndex, 1, 2), 3, i.fraction);
        },
        progress.cancelFlag());
    out.weights = computeWeightDifferences(agents, names, rq.weightBase, weights);
    progress.check();
    out.similarity = computeAgentSimilarity(agents, names, rq.sequences, rq.capture, similarity);
    progress.check();
    if (rq.cluster) {
        const bool layers = rq.level == AgentLevel::Layers;
        out.clustering = cluster(layers ? out.similarity.similarity : out.similarity.agentSimilarity, *rq.cluster);
        std::vector<Checkpoint> cks;
        for (const auto* m : agents) cks.push_back(m->checkpoint());
        out.plan = makeAgentPlan(cks, names, rq.level, out.clustering.groups);
    }
    return out;
}

const std::vector<std::string>& knownBaselines() {
    static const std::vector<std::string> names{"removal", "last-k", "int8", "bi", "angular", "linear-map"};
    return names;
}

std::vector<std::string> parseBaselines(const std::string& list, const std::string& option) {
    std::vector<std::string> out;
    std::string all;
    for (const auto& k : knownBaselines()) all += (all.empty() ? "" : ", ") + k;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = std::min(list.find(',', start), list.size());
        const std::string name = list.substr(start, comma - start);
        const auto& known = knownBaselines();
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            throw Error(ErrorCode::CompareUnknownBaseline, {option, name, all});
        }
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
        start = comma + 1;
    }
    return out;
}

namespace {

// The importance the "bi" and "angular" baselines need, or Error.
const ImportanceResult& importanceFor(const CompareBaselines& b, const std::string& name, int layers) {
    if (!b.importance || b.importance->blockInfluence.empty()) {
        throw Error(ErrorCode::CompareBaselineNeedsImportance, {name});
    }
    if (static_cast<int>(b.importance->blockInfluence.size()) != layers) {
        throw Error(ErrorCode::CompareImportanceLayerCount,
                    {std::to_string(b.importance->blockInfluence.size()), std::to_string(layers)});
    }
    return *b.importance;
}

// The baselines asked for at the plan's budget, in the order of `b.names`.
void addBaselines(const Model& baseline, const SharingPlan& plan, const Sequences& seqs, const CompareBaselines& b,
                  const Progress& progress, CompareOutcome& out, const std::function<void(const char*)>& stage,
                  const PointScorer& score) {
    auto& rows = out.rows;
    const bool blocks = plan.units.empty() || plan.units.front().part == "block";
    const auto removed = blocks ? layersToRemoveForPlan(plan) : std::vector<int>{};
    const int k = static_cast<int>(removed.size());
    const std::string K = std::to_string(k);
    const int L = baseline.config().numLayers;
    for (const auto& name : b.names) {
        if (name == "int8") {
            QuantizeInfo qi;
            auto q = quantizeInt8(baseline, &qi);
            BudgetPoint p = budgetPoint("int8", *q, seqs, progress, score);
            p.bytes = qi.bytes;
            rows.push_back(p);
            continue;
        }
        // Layer removal matches a plan over whole blocks; a sub-layer plan
        // (or one that removes nothing) has no such baseline.
        if (k == 0) continue;
        std::vector<int> drop;
        std::string method;
        if (name == "removal") {
            drop = removed, method = "remove-shared-layers";
        } else if (name == "last-k") {
            drop = lastLayers(L, k), method = "drop-last-" + K;
        } else if (name == "bi") {
            drop = out.biLayers = lowestInfluenceBlocks(importanceFor(b, name, L).blockInfluence, k);
            method = "remove-bi-" + K;
        } else if (name == "angular") {
            drop = out.angularLayers = bestAngularSpan(importanceFor(b, name, L).angularDistance, k);
            method = "remove-angular-" + K;
        } else if (name == "linear-map") {
            stage("linear-map");
            LinearMapFit fit;
            const Sequences& fitSeqs = b.fitSequences.empty() ? seqs : b.fitSequences;
            rows.push_back(linearMapPoint(baseline, -1, k, fitSeqs, seqs, &fit, progress, score));
            out.linearMap = std::move(fit);
            continue;
        } else {
            continue;
        }
        auto m = removeLayers(baseline, drop);
        rows.push_back(budgetPoint(method, *m, seqs, progress, score));
    }
}

} // namespace

CompareOutcome compare(const Model& baseline, const SharingPlan& plan, const Sequences& seqs, const Progress& progress,
                       const std::function<void(const std::string&)>& onStage, bool allowMixedAttention,
                       const CompareBaselines& baselines, SharedInit init, const PointScorer& score) {
    auto stage = [&](const char* s) {
        if (onStage) onStage(s);
    };
    CompareOutcome out;
    stage("baseline");
    out.rows.push_back(budgetPoint("baseline", baseline, seqs, progress, score));
    {
        ShareOptions share;
        share.init = init;
        share.privateNorms = plan.privateNorms;
        share.allowMixedAttention = allowMixedAttention;
        auto shared = makeSharedModel(baseline, plan, share);
        stage("shared");
        out.rows.push_back(budgetPoint("shared", *shared, seqs, progress, score));
    }
    stage("baselines");
    addBaselines(baseline, plan, seqs, baselines, progress, out, stage, score);
    if (plan.units.empty() || plan.units.front().part == "block") out.removedLayers = layersToRemoveForPlan(plan);
    return out;
}

ExportOutcome exportModel(const Model& model, ExportFormat format, const std::string& out, DType storage,
                          const Provenance& provenance, bool force) {
    const auto prov = provenanceMap(provenance);
    if (format == ExportFormat::Compact)
        saveCompact(model, out, storage, prov, force);
    else
        exportHuggingFace(model, out, storage, prov, force);
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(std::filesystem::path(out) / "model.safetensors", ec);
    return ExportOutcome{model.summary().parameters, ec ? 0 : static_cast<uint64_t>(bytes)};
}

PoolExportOutcome exportPool(const std::vector<const Model*>& agents, const std::vector<std::string>& names,
                             const AgentSharingPlan& plan, SharedInit init, const std::string& out, DType storage,
                             const Provenance& provenance, const Progress& progress, bool force) {
    SharedAgentsInfo info;
    const auto shared = makeSharedAgents(agents, plan, init, &info);
    std::vector<const Model*> system;
    for (const auto& m : shared) system.push_back(m.get());
    PoolExportOutcome r;
    r.parameters = info.parameters;
    r.files = exportAgentPool(system, names, out, storage, &plan, provenanceMap(provenance), progress, force);
    return r;
}

} // namespace sharelens::workflow
