// Lean healing (train/lean.h) and the measured sizes of a fine-tune
// (finetuneSizes in sharelens/finetune_memory.h).
#include "train/lean.h"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/capture_batches.h"
#include "cluster/plan_parts.h"
#include "compare/closing.h"
#include "model/model_impl.h"
#include "sharelens/error.h"
#include "sharelens/finetune_memory.h"
#include "sharelens/safetensors.h"
#include "sharelens/sharing.h"
#include "io/torch_guard.h"
#include "train/distill.h"
#include "train/train_state.h"

namespace sharelens {

namespace {

bool inPart(const std::string& rel, const PlanUnit& unit, const ModelConfig& c) {
    return unit.part == "block" || unitPartOf(rel, c) == unit.part;
}

// Calls f(unit) for every member unit of the plan's groups of two or more.
template <typename F>
void forGroupedUnits(const SharingPlan& plan, F f) {
    for (const auto& g : plan.groups)
        if (g.members.size() >= 2)
            for (int m : g.members)
                if (m >= 0 && static_cast<size_t>(m) < plan.units.size()) f(g, plan.units[static_cast<size_t>(m)]);
}

// Parameters the shared model trains under TrainScope::Shared, counted on
// the baseline before it is built: per group the tied tensors once, each
// member's private norms, and each member's low-rank deltas (rank r of a
// [d0, d1] matrix: r (d0 + d1); a vector's: the vector).
int64_t sharedScopeParameters(const CausalLM& base, const SharingPlan& plan, const ShareOptions& share) {
    int64_t n = 0;
    const auto& c = base.config();
    for (const auto& g : plan.groups) {
        if (g.members.size() < 2 || g.members.front() < 0 ||
            static_cast<size_t>(g.members.front()) >= plan.units.size())
            continue;
        const auto& unit0 = plan.units[static_cast<size_t>(g.members.front())];
        if (unit0.layer < 0 || unit0.layer >= base.numBlocks()) continue;
        const auto block = base.block(unit0.layer);
        const auto names = block->tensorNames();
        const auto params = block->parameters(/*recurse=*/false);
        const int64_t members = static_cast<int64_t>(g.members.size());
        for (size_t k = 0; k < names.size() && k < params.size(); ++k) {
            if (!inPart(names[k], unit0, c)) continue;
            const std::string full = base.blockPrefix(unit0.layer) + names[k];
            const bool priv =
                share.privateNorms && std::count(unit0.privateTensors.begin(), unit0.privateTensors.end(), full) > 0;
            const auto& p = params[k];
            if (priv) {
                n += members * p.numel();
            } else {
                n += p.numel();
                if (share.deltaRank > 0)
                    n += members * (p.dim() == 2 ? std::min<int64_t>(share.deltaRank, std::min(p.size(0), p.size(1))) *
                                                       (p.size(0) + p.size(1))
                                                 : p.numel());
            }
        }
    }
    return n;
}

} // namespace

std::vector<torch::Tensor> sharedGroupTensors(const CausalLM& net, const SharingPlan& plan) {
    std::set<const void*> seen;
    std::vector<torch::Tensor> out;
    auto add = [&](const torch::Tensor& t) {
        if (t.defined() && seen.insert(t.unsafeGetTensorImpl()).second) out.push_back(t);
    };
    forGroupedUnits(plan, [&](const PlanGroup&, const PlanUnit& unit) {
        if (unit.layer < 0 || unit.layer >= net.numBlocks()) return;
        const auto block = net.block(unit.layer);
        const auto names = block->tensorNames();
        const auto parts = block->parts();
        for (size_t k = 0; k < names.size() && k < parts.size(); ++k) {
            if (!inPart(names[k], unit, net.config())) continue;
            add(parts[k].base);
            add(parts[k].a);
            add(parts[k].b);
        }
    });
    return out;
}

std::vector<torch::Tensor> scopeTensors(const Model& model, const SharingPlan* plan, const TrainOptions& o) {
    const auto& net = *model.impl().net;
    if (o.scope == TrainScope::All) return uniqueParameters(net);
    if (!plan && model.impl().plan) plan = &*model.impl().plan;
    if (!plan) throw Error(ErrorCode::TrainSharedNeedsSharedModel, {});
    auto out = sharedGroupTensors(net, *plan);
    if (out.empty()) throw Error(ErrorCode::TrainSharedNothingToTrain, {});
    return out;
}

int64_t tensorElements(const std::vector<torch::Tensor>& tensors) {
    int64_t n = 0;
    for (const auto& t : tensors) n += t.numel();
    return n;
}

void checkLeanTrainingMemory(const ModelConfig& config, const std::vector<int64_t>& trained, const TrainOptions& o,
                             int64_t teacherParameters) {
    FinetuneSizes s;
    s.config = config;
    s.sharedSharedScope = trained.empty() ? 0 : trained.back();
    s.baselineSharedScope = trained.size() > 1 ? trained.front() : 0;
    s.batch = o.batchSize;
    s.seqLen = o.seqLen;
    s.workers = captureWorkers(o.threads, static_cast<size_t>(std::max(1, o.batchSize)));
    s.teacherWeightBytes =
        o.distill == DistillMode::None ? 0 : static_cast<uint64_t>(std::max<int64_t>(0, teacherParameters)) * 4;
    s.teacherActivationBytes = distill::teacherOutputBytes(config, o);
    const FinetuneMode mode{TrainScope::Shared, trained.size() > 1, o.checkpointing};
    requireMemory(estimateFinetune(s, mode), "training",
                  o.checkpointing ? "use a smaller batch or sequence length"
                                  : "use --checkpointing, or a smaller batch or sequence length");
}

FinetuneSizes finetuneSizes(const Model& baseline, const SharingPlan& plan, const ShareOptions& share,
                            const TrainOptions& o) {
    const auto& net = *baseline.impl().net;
    FinetuneSizes s;
    s.config = baseline.config();
    std::map<std::string, uint64_t> byType;
    for (const auto& p : uniqueParameters(net)) {
        s.baselineParameters += p.numel();
        s.largestTensor = std::max<int64_t>(s.largestTensor, p.numel());
        byType[std::string(c10::toString(p.scalar_type()))] += static_cast<uint64_t>(p.nbytes());
    }
    for (const auto& [name, bytes] : byType) s.baselineWeights.emplace_back(name == "Float" ? "float32" : name, bytes);
    const auto grouped = sharedGroupTensors(net, plan);
    s.baselineSharedScope = tensorElements(grouped);
    if (o.scope == TrainScope::Shared) {
        // AdamW's temporaries follow the largest tensor the run trains (the
        // shared groups' are the baseline positions' own shapes).
        s.largestTensor = 0;
        for (const auto& t : grouped) s.largestTensor = std::max<int64_t>(s.largestTensor, t.numel());
    }
    std::set<const void*> inGroups;
    for (const auto& t : grouped) inGroups.insert(t.unsafeGetTensorImpl());
    for (const auto& p : uniqueParameters(net)) {
        if (p.scalar_type() == torch::kFloat32) continue; // anything else is a stored F16/BF16 matrix (copyTensor)
        s.storedBaselineBytes += static_cast<uint64_t>(p.nbytes());
        s.storedBaselineParameters += p.numel();
        if (inGroups.count(p.unsafeGetTensorImpl())) s.storedBaselineSharedScope += p.numel();
        if (o.compute == ComputeDtype::Float32)
            s.largestConvertedTensor = std::max(s.largestConvertedTensor, p.numel());
    }
    s.sharedSharedScope = sharedScopeParameters(net, plan, share);
    s.sharedParameters = s.baselineParameters - s.baselineSharedScope + s.sharedSharedScope;
    s.firstSharedLayer = net.numBlocks();
    forGroupedUnits(
        plan, [&](const PlanGroup&, const PlanUnit& u) { s.firstSharedLayer = std::min(s.firstSharedLayer, u.layer); });
    s.batch = o.batchSize;
    s.seqLen = o.seqLen;
    s.workers = captureWorkers(o.threads, static_cast<size_t>(std::max(1, o.batchSize)));
    // The closing comparison: its int8 copy (the largest of its models) and
    // one evaluation of the validation windows.
    s.comparisonModelBytes = comparisonModelBytes(baseline, o.compute);
    s.comparisonEvalBytes = evaluationBytes(s.config, o.evalSequences, o.seqLen);
    s.residentBytes = residentBytesNow();
    return s;
}

namespace {

// Validation loss of a model as it is (no training, no gradients).
EvalRecord evaluateUntrained(CausalLM& net, const torch::Tensor& ids) {
    torch::NoGradGuard noGrad;
    net.eval();
    std::vector<int64_t> lengths(static_cast<size_t>(ids.size(0)), ids.size(1));
    auto [sum, count] = nextTokenLossSum(net, ids, lengths);
    const double loss = sum / static_cast<double>(count);
    return EvalRecord{0, loss, std::exp(loss)};
}

} // namespace

PairResult trainSharedOnly(Model& baseline, Model& shared, const std::vector<int32_t>& trainTokens,
                           const std::vector<int32_t>& validationTokens, const TrainOptions& o,
                           const std::function<void(PairRun, const StepRecord&)>& onStep,
                           const std::function<void(PairRun, const EvalRecord&)>& onEval, const Progress& progress) {
    const auto& cfg = shared.config();
    trainer_detail::checkOptions(o, trainTokens.size(), validationTokens.size(), cfg.maxPositions);
    trainer_detail::checkTokens(validationTokens, cfg.vocabSize, "validation");
    PairResult result;
    const auto untrained = [&](Model& m, int step) {
        auto e = guardTorch("", [&] {
            return evaluateUntrained(*m.impl().net, trainer_detail::validationWindows(validationTokens, o));
        });
        e.step = step;
        return e;
    };
    // With evalEvery > 0 both models before training; with 0 (only at the
    // end) the shared model's one evaluation is train()'s last.
    EvalRecord sharedBefore;
    if (o.evalEvery > 0) {
        result.baseline.evals.push_back(untrained(baseline, 0));
        sharedBefore = untrained(shared, 0);
        if (onEval) onEval(PairRun::Baseline, result.baseline.evals.back());
        if (onEval) onEval(PairRun::Shared, sharedBefore);
    }
    const auto run = train(
        shared, trainTokens, validationTokens, o,
        [&](const StepRecord& r) {
            if (onStep) onStep(PairRun::Shared, r);
        },
        [&](const EvalRecord& e) {
            if (onEval) onEval(PairRun::Shared, e);
        },
        progress);
    result.shared = run;
    if (o.evalEvery > 0) result.shared.evals.insert(result.shared.evals.begin(), sharedBefore);
    if (o.evalEvery <= 0 && run.stop != StopReason::Cancelled) {
        // The untrained baseline's loss, computed once, at the step reached:
        // it is its loss before training too (and the comparison's baseline row).
        result.baseline.evals.push_back(untrained(baseline, run.steps.empty() ? 0 : run.steps.back().step));
        if (onEval) onEval(PairRun::Baseline, result.baseline.evals.back());
    }
    result.stop = run.stop;
    result.stopMessage = run.stop == StopReason::NonFinite ? "the shared model's " + run.stopMessage : run.stopMessage;
    return result;
}

} // namespace sharelens
