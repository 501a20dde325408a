// The analyse, compare and export workflows (see sharelens/workflow.h).
#include "sharelens/workflow.h"

#include <algorithm>
#include <filesystem>
#include <new>

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
    out.similarity = computeSimilarity(model, rq.sequences, rq.capture, progress);
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

CompareOutcome compare(const Model& baseline, const SharingPlan& plan, const Sequences& seqs, const Progress& progress,
                       const std::function<void(const std::string&)>& onStage, bool allowMixedAttention,
                       const PointScorer& score) {
    auto stage = [&](const char* s) {
        if (onStage) onStage(s);
    };
    CompareOutcome out;
    stage("baseline");
    out.rows.push_back(budgetPoint("baseline", baseline, seqs, progress, score));
    {
        ShareOptions share;
        share.init = SharedInit::Mean;
        share.privateNorms = plan.privateNorms;
        share.allowMixedAttention = allowMixedAttention;
        auto shared = makeSharedModel(baseline, plan, share);
        stage("shared");
        out.rows.push_back(budgetPoint("shared", *shared, seqs, progress, score));
    }
    stage("baselines");
    for (auto& r : budgetBaselines(baseline, plan, seqs, progress, score)) out.rows.push_back(std::move(r));
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
