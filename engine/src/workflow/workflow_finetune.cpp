// The fine-tune workflows (see sharelens/workflow.h).
#include "sharelens/workflow.h"

#include <cmath>
#include <new>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/model.h"
#include "sharelens/tokenizer.h"
#include "sharelens/compute.h"
#include "sharelens/tensor_set.h"
#include "compare/closing.h"
#include "model/model_copy.h"
#include "train/distill.h"
#include "train/lean.h"
#include "train/train_state.h"

namespace sharelens::workflow {

namespace {

void stage(const FinetuneCallbacks& cb, FinetuneStage s) {
    if (cb.onStage) cb.onStage(s);
}

// The run's baseline keeps F16/BF16 matrices in their stored dtype unless it
// trains every tensor (--train all with a baseline run): under --train shared
// only the shared groups get float32 masters, and without a baseline run it
// stays as loaded. The shared model then uses the frozen ones as they are.
bool keepsStorageDtype(const FinetuneRequest& rq) { return rq.train.scope == TrainScope::Shared || !rq.runBaseline; }

// The request's model, loaded again (as float32, or with `stored` F16/BF16
// matrices kept mapped in their stored dtype).
std::unique_ptr<Model> loadRequestModel(const FinetuneRequest& rq, bool stored, const Progress& progress = {}) {
    if (!stored)
        return rq.original ? Model::load(rq.original->checkpoint(), progress) : Model::load(rq.modelDir, progress);
    if (rq.original) return loadModelInStorageDtype(rq.original->checkpoint(), progress);
    progress.report("Reading headers", 1, 2, 0.0);
    return loadModelInStorageDtype(openCheckpoint(rq.modelDir, OpenOptions{}), progress);
}

// The provenance of a trained shared model (one model or a system).
Provenance trainedProvenance(const std::string& planFile, const std::string& from, const TrainOptions& o) {
    Provenance p = planFile.empty() ? Provenance{} : planProvenance(planFile);
    p.finetunedFrom = from;
    p.seed = o.seed;
    p.steps = o.steps;
    p.learningRate = o.learningRate;
    return p;
}

// Agent k's source: the one for all agents, or its own.
const TokenSource& agentSource(const AgentsFinetuneRequest& rq, size_t k) {
    return rq.data[rq.data.size() == 1 ? 0 : k];
}

// Agent k's tokens, split into training and validation.
AgentTokens agentTokens(const AgentsFinetuneRequest& rq, const Model& m, const std::string& name, size_t k,
                        int seqLen) {
    const TokenSource& src = agentSource(rq, k);
    std::vector<int32_t> ids;
    if (rq.perAgentChecks && src.kind == TokenSource::Kind::Text) {
        std::string text;
        try {
            text = readTextFile(src.path);
        } catch (const Error& e) {
            throw Error(ErrorCode::WorkflowAgentPrefix, {name, e.fullMessage()});
        }
        ids = loadTokenizerForModel(m.checkpoint().dir, m.config().vocabSize)->encode(text);
    } else {
        ids = readTokenStream(src, m);
    }
    auto split = splitTokens(ids, rq.validationFraction);
    const size_t need = static_cast<size_t>(seqLen) + 1;
    if (rq.perAgentChecks && (split.train.size() < need || split.validation.size() < need))
        throw Error(
            ErrorCode::WorkflowAgentTextTooShort,
            {name, std::to_string(split.train.size()), std::to_string(split.validation.size()), std::to_string(need)},
            src.path);
    return AgentTokens{std::move(split.train), std::move(split.validation)};
}

// The memory of the run's mode, measured on the loaded baseline: reported,
// then checked before anything big is allocated.
void checkFinetuneMemory(const FinetuneRequest& rq, const TrainOptions& o, const FinetuneCallbacks& cb,
                         FinetuneOutcome& out) {
    out.mode = FinetuneMode{o.scope, rq.runBaseline, o.checkpointing};
    out.memory = finetuneSizes(*out.baseline, rq.plan, rq.share, o);
    if (o.distill != DistillMode::None) {
        // The teacher is the caller's open model (resident already), the
        // untrained baseline itself (no baseline run), or a copy loaded for
        // the run with its F16/BF16 matrices mapped in their stored dtype.
        if (!rq.original && rq.runBaseline)
            out.memory.teacherWeightBytes = storageDtypeLoad(out.baseline->checkpoint()).bytes;
        out.memory.teacherActivationBytes = distill::teacherOutputBytes(out.baseline->config(), o);
    }
    // The closing comparison loads the original again unless the caller's
    // model, the untrained baseline or the teacher is it.
    if (!rq.original && rq.runBaseline && o.distill == DistillMode::None)
        out.memory.comparisonOriginalBytes = storageDtypeLoad(out.baseline->checkpoint()).bytes;
    if (cb.onMemory) cb.onMemory(out.memory, out.mode);
    requireFinetuneMemory(out.memory, out.mode);
}

// What training freed (gradients, moments, activations left in the heap's
// free lists) goes back to the system before the comparison allocates its
// own: its logits are mapped blocks that freed heap memory cannot serve.
void releaseFreedHeap() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

// The runs' evaluations the comparison reuses: each model's last one when it
// was made after the last step (on the very windows the comparison uses), and
// the untrained baseline's whenever it was made (it never changed).
KnownLosses knownLosses(const PairResult& records, int steps, bool baselineTrained) {
    KnownLosses k;
    const auto& b = records.baseline.evals;
    const auto& s = records.shared.evals;
    if (!b.empty() && (!baselineTrained || b.back().step == steps)) k.baseline = b.back().loss;
    if (!s.empty() && s.back().step == steps) k.shared = s.back().loss;
    return k;
}

} // namespace

std::vector<int32_t> readTokenStream(const TokenSource& source, const Model& model) try {
    if (source.kind == TokenSource::Kind::TokenIds) {
        std::vector<int32_t> ids;
        for (const auto& s : readTokenIds(source.path)) ids.insert(ids.end(), s.begin(), s.end());
        return ids;
    }
    auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
    return tok->encode(readTextFile(source.path));
} catch (const std::bad_alloc&) {
    throw Error(ErrorCode::OutOfMemory, {"reading and tokenising " + source.path});
}

int resolveSeqLen(int seqLen, const Model& model) {
    const int ctx = model.config().maxPositions;
    if (seqLen <= 0) return std::min(ctx, 128);
    if (seqLen > ctx)
        throw Error(ErrorCode::WorkflowSeqLenLongerThanContext, {std::to_string(seqLen), std::to_string(ctx)});
    return seqLen;
}

FinetuneOutcome finetune(const FinetuneRequest& rq, const FinetuneCallbacks& cb) {
    const Progress& progress = cb.progress;
    FinetuneOutcome out;
    stage(cb, FinetuneStage::Loading);
    out.baseline = loadRequestModel(rq, keepsStorageDtype(rq), progress);
    setComputeDtype(*out.baseline, rq.train.compute); // the shared model and the budget comparison inherit it
    progress.check();
    TrainOptions o = rq.train;
    o.seqLen = resolveSeqLen(o.seqLen, *out.baseline);
    stage(cb, FinetuneStage::ReadingData);
    const auto ids = readTokenStream(rq.data, *out.baseline);
    progress.check();
    const auto [trainIds, valIds] = splitTokens(ids, rq.validationFraction);
    checkFinetuneMemory(rq, o, cb, out);

    stage(cb, FinetuneStage::Building);
    out.shared = makeSharedModel(*out.baseline, rq.plan, rq.share, &out.info);
    // The comparison at the same budget evaluates every method on the very
    // windows the runs' validation losses use, so the trained baseline and
    // shared model show the same numbers in both places.
    const auto valSeqs = trainer_detail::validationSequences(valIds, o);
    out.setup = FinetuneSetup{trainIds.size(),
                              valIds.size(),
                              out.baseline->summary().parameters,
                              out.info.parameters,
                              out.info.deltaParameters,
                              static_cast<int>(valSeqs.size()),
                              o};
    if (cb.onReady) cb.onReady(out.setup);
    progress.check();
    std::shared_ptr<const Model> original = rq.original;
    if (o.distill != DistillMode::None && !o.teacher) {
        // The teacher is the original model, frozen: the caller's when given,
        // the baseline when it is not trained, else a copy loaded now (in its
        // stored dtype) after a check that counts its weights.
        if (!original && !rq.runBaseline) original = out.baseline;
        if (!original) {
            trainer_detail::checkTrainingMemory(
                out.baseline->config(), {out.setup.baselineParameters, out.info.parameters}, o,
                static_cast<int64_t>(storageDtypeLoad(out.baseline->checkpoint()).bytes / 4));
            original = loadRequestModel(rq, true, progress);
        }
        o.teacher = original;
    }

    stage(cb, FinetuneStage::Training);
    out.records =
        rq.runBaseline
            ? trainPair(*out.baseline, *out.shared, trainIds, valIds, o, cb.onStep, cb.onEval, progress)
            : trainSharedOnly(*out.baseline, *out.shared, trainIds, valIds, o, cb.onStep, cb.onEval, progress);
    out.stop = out.records.stop;
    out.stopMessage = out.records.stopMessage;
    o.teacher.reset();
    if (out.stop == StopReason::Completed && !valSeqs.empty()) {
        stage(cb, FinetuneStage::Comparing);
        releaseFreedHeap();
        // Without a baseline run the loaded baseline is still the original.
        if (!rq.runBaseline) original = out.baseline;
        if (!original) original = loadRequestModel(rq, true); // forward only: layer removal and int8 share it
        out.budget = closingComparison(*original, *out.baseline, *out.shared, rq.plan, valSeqs,
                                       knownLosses(out.records, o.steps, rq.runBaseline), o.compute, progress,
                                       rq.budgetScore);
    }
    out.provenance = trainedProvenance(rq.planFile, rq.original ? rq.original->checkpoint().dir : rq.modelDir, o);
    out.provenance.trainingData = rq.data.path;
    return out;
}

AgentsFinetuneOutcome finetuneAgents(const AgentsFinetuneRequest& rq, const FinetuneCallbacks& cb) {
    const Progress& progress = cb.progress;
    AgentsFinetuneOutcome out;
    stage(cb, FinetuneStage::Loading);
    Agents agents = loadAgents(rq.paths, rq.names, progress);
    progress.check();
    const size_t A = agents.models.size();
    TrainOptions o = rq.train;
    o.seqLen = resolveSeqLen(o.seqLen, *agents.models.front());
    stage(cb, FinetuneStage::ReadingData);
    for (size_t k = 0; k < A; ++k) {
        out.data.push_back(agentTokens(rq, *agents.models[k], agents.names[k], k, o.seqLen));
        progress.check();
    }

    stage(cb, FinetuneStage::Building);
    const auto view = agents.view();
    SharedAgentsInfo info;
    auto shared = makeSharedAgents(view, rq.plan, rq.init, &info);
    out.sharedParameters = info.parameters;
    out.setup.baselineParameters = systemParameterCount(view);
    out.setup.sharedParameters = info.parameters;
    out.setup.options = o;
    for (const auto& d : out.data) {
        out.setup.trainTokens += d.train.size();
        out.setup.validationTokens += d.validation.size();
    }
    if (cb.onReady) cb.onReady(out.setup);
    std::vector<Model*> baseModels, sharedModels;
    for (auto& m : agents.models) baseModels.push_back(m.get());
    for (auto& m : shared) sharedModels.push_back(m.get());
    progress.check();

    stage(cb, FinetuneStage::Training);
    // The system's validation loss, the mean over the agents (summed as the
    // trainer sums it), once the last agent's arrives.
    double mean[2] = {0, 0};
    const auto onEval = [&](PairRun r, int agent, const EvalRecord& e) {
        if (cb.onAgentEval) cb.onAgentEval(r, agent, e);
        double& m = mean[r == PairRun::Shared ? 1 : 0];
        m += e.loss / static_cast<double>(A);
        if (static_cast<size_t>(agent) + 1 == A) {
            if (cb.onEval) cb.onEval(r, EvalRecord{e.step, m, std::exp(m)});
            m = 0;
        }
    };
    out.records = trainAgentsPair(baseModels, sharedModels, out.data, o, cb.onStep, onEval, progress);
    out.stop = out.records.stop;
    out.stopMessage = out.records.stopMessage;
    out.names = agents.names;
    for (auto& m : agents.models) out.baseline.push_back(std::move(m));
    out.shared.assign(shared.begin(), shared.end());
    out.provenance = trainedProvenance(rq.planFile, joinPaths(rq.paths), o);
    out.provenance.init = sharedInitName(rq.init);
    return out;
}

} // namespace sharelens::workflow
