// The pruning curve (see sharelens/curve.h).
#include "sharelens/curve.h"

#include <algorithm>
#include <set>

#include "sharelens/compress.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"

namespace sharelens::workflow {

namespace {

// The sharing line: the plan cut at each threshold, shared with mean init.
void sharingLine(const Model& model, const CurveRequest& rq, const Sequences& seqs, const Progress& quiet,
                 const std::function<void()>& tick, std::vector<CurvePoint>& out) {
    ClusterRequest crq = rq.cluster;
    crq.threshold = 0;
    const ClusterOutcome c = cluster(rq.similarity, crq);
    std::vector<double> thresholds = rq.thresholds;
    if (thresholds.empty()) {
        std::set<double> heights;
        for (const auto& link : c.linkage) heights.insert(std::clamp(link[2], 0.0, 2.0));
        thresholds.assign(heights.begin(), heights.end());
    }
    size_t lastGroups = 0;
    for (double t : thresholds) {
        const auto groups = cutGroups(c.linkage, t, crq.constraints);
        tick();
        if (groups.size() == lastGroups) continue; // the same plan as the threshold before
        lastGroups = groups.size();
        const SharingPlan plan = makePlan(model.checkpoint(), rq.units, groups);
        if (planSharesNothing(plan)) continue;
        ShareOptions share;
        share.init = SharedInit::Mean;
        share.allowMixedAttention = rq.allowMixedAttention;
        auto shared = makeSharedModel(model, plan, share);
        const int saved = static_cast<int>(plan.units.size() - plan.groups.size());
        out.push_back({"sharing", saved, t, shared->summary().parameters, shared->evaluate(seqs, quiet).loss});
    }
}

} // namespace

std::vector<CurvePoint> pruningCurve(const Model& model, const CurveRequest& rq, const Sequences& seqs,
                                     const Progress& progress) {
    const int L = model.config().numLayers;
    const int maxK = std::clamp(rq.maxRemoved < 0 ? L - 1 : rq.maxRemoved, 0, L - 1);
    const Progress quiet({}, progress.cancelFlag());
    const bool importance = rq.importance && static_cast<int>(rq.importance->blockInfluence.size()) == L;
    const double total = 1.0 + static_cast<double>(rq.similarity.rows()) + maxK * (importance ? 3.0 : 1.0);
    double done = 0;
    auto tick = [&] { progress.report("Pruning curve", 1, 1, std::min(1.0, ++done / total)); };
    std::vector<CurvePoint> out;
    out.push_back({"baseline", 0, 0, model.summary().parameters, model.evaluate(seqs, quiet).loss});
    tick();
    sharingLine(model, rq, seqs, quiet, tick, out);
    auto removal = [&](const std::string& name, const std::function<std::vector<int>(int)>& choose) {
        for (int k = 1; k <= maxK; ++k) {
            auto m = removeLayers(model, choose(k));
            out.push_back({name, k, 0, m->summary().parameters, m->evaluate(seqs, quiet).loss});
            tick();
        }
    };
    if (importance) {
        removal("bi", [&](int k) { return lowestInfluenceBlocks(rq.importance->blockInfluence, k); });
        removal("angular", [&](int k) { return bestAngularSpan(rq.importance->angularDistance, k); });
    }
    removal("last-k", [&](int k) { return lastLayers(L, k); });
    return out;
}

} // namespace sharelens::workflow
