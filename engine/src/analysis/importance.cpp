// Leave-one-out losses, the greedy removal order and the removal choices of
// the importance metrics (see sharelens/importance.h).
#include "sharelens/importance.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "sharelens/compress.h"
#include "sharelens/error.h"
#include "sharelens/model.h"

namespace sharelens {

const char* angularTokensName(AngularTokens t) { return t == AngularTokens::Last ? "last" : "all"; }

bool parseAngularTokens(const std::string& s, AngularTokens& out) {
    if (s == "all")
        out = AngularTokens::All;
    else if (s == "last")
        out = AngularTokens::Last;
    else
        return false;
    return true;
}

namespace {

// The loss of `model` without the blocks in `removed`.
double lossWithout(const Model& model, const std::set<int>& removed, const Sequences& sequences,
                   const Progress& cancelOnly) {
    auto m = removeLayers(model, std::vector<int>(removed.begin(), removed.end()));
    return m->evaluate(sequences, cancelOnly).loss;
}

void checkRemovalCount(int k, int layers) {
    if (k >= 0 && k < layers) return;
    throw Error(ErrorCode::ImportanceRemovalCount,
                {std::to_string(k), std::to_string(layers), std::to_string(layers - 1)});
}

} // namespace

void computeRemovalLosses(const Model& model, const Sequences& sequences, const ImportanceOptions& o,
                          ImportanceResult& r, const Progress& progress) {
    const int L = model.config().numLayers;
    const Progress quiet({}, progress.cancelFlag());
    const int steps = std::clamp(o.removalSteps < 0 ? L - 1 : o.removalSteps, 0, L - 1);
    // Evaluations: the baseline, L leave-one-out, then L - s for removal s >= 1.
    double total = 1.0 + L, done = 0.0;
    for (int s = 1; s < steps; ++s) total += L - s;
    auto tick = [&] { progress.report("Leave-one-out loss", 3, 3, ++done / total); };
    progress.report("Leave-one-out loss", 3, 3, 0.0);
    r.baselineLoss = model.evaluate(sequences, quiet).loss;
    tick();
    r.leaveOneOutLoss.assign(static_cast<size_t>(L), 0.0);
    for (int l = 0; l < L; ++l) {
        r.leaveOneOutLoss[static_cast<size_t>(l)] = lossWithout(model, {l}, sequences, quiet);
        tick();
    }
    r.removalOrder.clear();
    r.removalLoss.clear();
    if (steps == 0) return;
    std::vector<double> losses = r.leaveOneOutLoss; // per block: the loss when it is removed next
    std::set<int> removed;
    for (int s = 0; s < steps; ++s) {
        if (s > 0)
            for (int b = 0; b < L; ++b) {
                if (removed.count(b)) continue;
                auto with = removed;
                with.insert(b);
                losses[static_cast<size_t>(b)] = lossWithout(model, with, sequences, quiet);
                tick();
            }
        int best = -1;
        for (int b = 0; b < L; ++b)
            if (!removed.count(b) && (best < 0 || losses[static_cast<size_t>(b)] < losses[static_cast<size_t>(best)]))
                best = b;
        removed.insert(best);
        r.removalOrder.push_back(best);
        r.removalLoss.push_back(losses[static_cast<size_t>(best)]);
    }
}

std::vector<int> lowestInfluenceBlocks(const std::vector<double>& bi, int k) {
    checkRemovalCount(k, static_cast<int>(bi.size()));
    std::vector<int> idx(bi.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](int a, int b) { return bi[static_cast<size_t>(a)] < bi[static_cast<size_t>(b)]; });
    idx.resize(static_cast<size_t>(k));
    std::sort(idx.begin(), idx.end());
    return idx;
}

std::vector<int> bestAngularSpan(const std::vector<std::vector<double>>& angular, int k) {
    const int L = static_cast<int>(angular.size()) + 1;
    checkRemovalCount(k, L);
    if (k == 0) return {};
    const auto& row = angular[static_cast<size_t>(k - 1)];
    const int start = static_cast<int>(std::min_element(row.begin(), row.end()) - row.begin());
    std::vector<int> span(static_cast<size_t>(k));
    std::iota(span.begin(), span.end(), start);
    return span;
}

} // namespace sharelens
