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

const std::vector<std::string>& compareBaselineNames() {
    static const std::vector<std::string> names{"removal", "last-k", "int8", "linear-map"};
    return names;
}

std::vector<std::string> defaultCompareBaselines() { return {"removal", "last-k", "int8"}; }

namespace {

void checkBaselineName(const std::string& b) {
    const auto& known = compareBaselineNames();
    if (std::find(known.begin(), known.end(), b) != known.end()) return;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ",") + k;
    // new-code: CompareUnknownBaseline
    throw Error("unknown baseline '" + b + "' in --baselines; choose from " + list);
}

} // namespace

std::vector<std::string> parseCompareBaselines(const std::string& list) {
    std::vector<std::string> out;
    size_t from = 0;
    while (from <= list.size()) {
        const size_t comma = std::min(list.find(',', from), list.size());
        const std::string b = list.substr(from, comma - from);
        if (!b.empty()) {
            checkBaselineName(b);
            out.push_back(b);
        }
        from = comma + 1;
    }
    if (out.empty()) // new-code: CompareNoBaselines
        throw Error(std::string("--baselines names no baseline; give a comma-separated list such as removal,int8"));
    return out;
}

namespace {

std::set<std::string> chosenBaselines(const std::vector<std::string>& asked) {
    std::set<std::string> out;
    for (const auto& b : asked.empty() ? defaultCompareBaselines() : asked) {
        checkBaselineName(b);
        out.insert(b);
    }
    return out;
}

// The baselines' rows in compareBaselineNames() order. Removal, last-k and
// the linear map remove as many blocks as the plan; a plan over sub-layers
// has no such baselines.
void addBaselines(CompareOutcome& out, const Model& baseline, const SharingPlan& plan, const Sequences& seqs,
                  const Sequences& fitSeqs, const std::set<std::string>& want, const Progress& progress,
                  const std::function<void(const char*)>& stage, const PointScorer& score) {
    const bool blocks = plan.units.empty() || plan.units.front().part == "block";
    const auto removed = blocks ? layersToRemoveForPlan(plan) : std::vector<int>{};
    const int k = static_cast<int>(removed.size());
    if (k > 0 && want.count("removal"))
        out.rows.push_back(budgetPoint("remove-shared-layers", *removeLayers(baseline, removed), seqs, progress, score));
    if (k > 0 && want.count("last-k"))
        out.rows.push_back(budgetPoint("drop-last-" + std::to_string(k), *dropLastLayers(baseline, k), seqs, progress, score));
    if (want.count("int8")) {
        QuantizeInfo qi;
        auto q = quantizeInt8(baseline, &qi);
        BudgetPoint p = budgetPoint("int8", *q, seqs, progress, score);
        p.bytes = qi.bytes;
        out.rows.push_back(p);
    }
    if (k > 0 && want.count("linear-map")) {
        stage("linear-map");
        LinearMapFit fit;
        out.rows.push_back(linearMapPoint(baseline, -1, k, fitSeqs.empty() ? seqs : fitSeqs, seqs, &fit, progress, score));
        out.linearMap = std::move(fit);
    }
}

} // namespace

CompareOutcome compare(const Model& baseline, const SharingPlan& plan, const Sequences& seqs, const Progress& progress,
                       const std::function<void(const std::string&)>& onStage, bool allowMixedAttention,
                       const std::vector<std::string>& baselines, const Sequences& fitSequences, SharedInit init,
                       const PointScorer& score) {
    auto stage = [&](const char* s) {
        if (onStage) onStage(s);
    };
    const auto want = chosenBaselines(baselines);
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
    addBaselines(out, baseline, plan, seqs, fitSequences, want, progress, stage, score);
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
