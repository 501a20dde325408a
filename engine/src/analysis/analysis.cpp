// Activation capture and streaming similarity (see sharelens/analysis.h).
#include "sharelens/analysis.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "analysis/capture_batches.h"
#include "analysis/importance_sums.h"
#include "cluster/plan_parts.h"
#include "model/model_impl.h"
#include "sharelens/error.h"
#include "sharelens/importance.h"
#include "sharelens/resources.h"
#include "sharelens/model.h"
#include "analysis/similarity_sums.h"
#include "io/torch_guard.h"

namespace sharelens {

namespace {

// "block i", or "attn i" and "mlp i", for the layers of `cfg` (with the
// attention type, " (sliding)" or " (global)", in models that mix them).
std::vector<std::string> unitNames(const ModelConfig& cfg, UnitKind units) {
    std::vector<std::string> names;
    for (int i = 0; i < cfg.numLayers; ++i) {
        const std::string type = attentionTypeSuffix(cfg, i);
        if (units == UnitKind::Blocks) {
            names.push_back("block " + std::to_string(i) + type);
        } else {
            names.push_back("attn " + std::to_string(i) + type);
            names.push_back("mlp " + std::to_string(i) + type);
        }
    }
    return names;
}

// Each worker holds one batch's forward and activations: fewer workers
// when that many would not fit, the usual message when one does not.
int similarityWorkers(const ModelConfig& cfg, const CaptureOptions& o, const CaptureBatches& cb) {
    return fitCaptureWorkers(
        o.threads, cb.count, [&](int w) { return estimateCapture(cfg, o.units, o.metric, cb.largest, cb.longest, w); },
        "capturing activations",
        std::string("use a smaller batch or sequence length") +
            (o.units == UnitKind::Sublayers ? ", blocks instead of sublayers" : "") +
            (o.metric == Metric::Cka ? ", or the pearson or cosine metric (CKA's state grows with "
                                       "(units x hidden)^2)"
                                     : ""));
}

// The similarity matrix of the chosen metric and its method text, from the
// sums over all calibration tokens.
void similarityFromSums(SimilaritySums& sums, Metric metric, SimilarityResult& result) {
    Eigen::MatrixXd S;
    if (metric == Metric::Cka) {
        S = ckaFromHsic(sums.hsic(), result.units);
        result.method = "linear CKA, tokens as samples, exact: feature-space cross-covariances "
                        "(||Y_c^T X_c||_F^2 / (||X_c^T X_c||_F ||Y_c^T Y_c||_F)) accumulated in double";
    } else {
        const bool pearson = metric == Metric::Pearson;
        similarityFromGram(sums.gram(), sums.sums(), sums.elements(), result.units, pearson ? &S : nullptr,
                           pearson ? nullptr : &S);
        result.method = pearson ? "Pearson correlation over all tokens and hidden dimensions, streaming sums in double"
                                : "cosine similarity over all tokens and hidden dimensions, streaming sums in double";
    }
    result.similarity = S;
}

// Checks the request and names the units: the start of every capture.
SimilarityResult startCapture(const Model& model, const Sequences& sequences, const CaptureOptions& o) {
    const auto& cfg = model.config();
    if (sequences.empty()) throw Error(ErrorCode::AgentsNoCalibrationSequencesTextId, {});
    if (o.batchSize < 1) throw Error(ErrorCode::AgentsBatchSizeMustLeast, {});
    validateSequences(sequences, cfg.vocabSize, cfg.maxPositions);
    const int U = o.units == UnitKind::Blocks ? cfg.numLayers : 2 * cfg.numLayers;
    if (U < 2) throw Error(ErrorCode::AnalysisModelSingleUnitSimilarityNeeds, {});
    SimilarityResult result;
    result.metric = o.metric;
    result.unitKind = o.units;
    result.units = unitNames(cfg, o.units);
    return result;
}

// One worker's buffers: the batch, its activations in double (reused across
// batches) and, with importance, the residual streams x_0 .. x_L.
struct CaptureSlot {
    CalibrationBatch batch;
    torch::Tensor A; // [U, N, H]; with block units and importance a view of Z's blocks 1 .. L
    torch::Tensor Z; // [L+1, N, H] with importance
    ImportanceBatch importance;
    // How far the batch in work is (read by the progress poll): its
    // sequences, and the units taken so far (0 when none is in work).
    std::atomic<int64_t> sequences{0};
    std::atomic<int> unitsTaken{0};
};

// Runs one batch's forward into the slot's buffers.
void captureBatch(CausalLM& net, const CaptureOptions& o, const ImportanceOptions* imp, CaptureSlot& st,
                  const std::atomic<bool>& stop) {
    const int L = net.numBlocks();
    const int U = o.units == UnitKind::Blocks ? L : 2 * L;
    const int64_t H = net.config().hiddenSize;
    const int64_t N = st.batch.tokens;
    const auto dopt = torch::TensorOptions().dtype(torch::kFloat64);
    // Each unit's kept rows go straight into one double buffer [U, N, H]:
    // one converting copy per activation (no stack, no second copy).
    if (!st.A.defined() || st.A.size(1) != N) {
        if (imp) st.Z = torch::empty({L + 1, N, H}, dopt);
        st.A = imp && o.units == UnitKind::Blocks ? st.Z.narrow(0, 1, L) : torch::empty({U, N, H}, dopt);
    }
    auto kept = [&](const torch::Tensor& x) {
        auto flat = x.reshape({-1, H});
        return st.batch.all ? flat : flat.index_select(0, st.batch.keepIdx);
    };
    auto take = [&](int u, const torch::Tensor& x) {
        checkStop(stop);
        st.A.select(0, u).copy_(kept(x));
        st.unitsTaken.store(u + 1);
    };
    BlockHook blockHook;
    if (o.units == UnitKind::Blocks)
        blockHook = [&](int k, const torch::Tensor& x) { take(k, x); };
    else if (imp)
        blockHook = [&](int k, const torch::Tensor& x) { st.Z.select(0, k + 1).copy_(kept(x)); };
    SubBlockHook subHook;
    if (o.units == UnitKind::Sublayers)
        subHook = [&](int k, int part, const torch::Tensor& x) { take(2 * k + part, x); };
    if (imp) st.Z.select(0, 0).copy_(kept(net.embedding(st.batch.ids)));
    // The capture needs the block outputs only: no final norm, no LM head.
    net.hidden(st.batch.ids, blockHook, subHook, /*finalNorm=*/false);
    if (imp) {
        checkStop(stop);
        st.importance = importanceOfBatch(st.Z, imp->angularTokens, st.batch.lastRows);
    }
}

// The capture behind computeSimilarity and computeSimilarityAndImportance;
// `imp` and `isums` are null without importance.
SimilarityResult capture(const Model& model, const Sequences& sequences, const CaptureOptions& o,
                         const ImportanceOptions* imp, ImportanceSums* isums, const Progress& progress) {
    const auto& cfg = model.config();
    SimilarityResult result = startCapture(model, sequences, o);
    const int U = static_cast<int>(result.units.size());
    const CaptureBatches cb = captureBatches(sequences, o.batchSize);
    const int workers = similarityWorkers(cfg, o, cb);

    return guardTorch(model.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        auto& net = *model.impl().net;
        ComputeScope compute(net, o.compute);
        SimilaritySums sums(o.metric, U, cfg.hiddenSize);
        std::vector<CaptureSlot> slots(static_cast<size_t>(workers));
        const RankBatches mine = rankBatches(cb.count);
        const size_t b0 = mine.first, b1 = mine.last;
        auto work = [&](int w, size_t k, const std::atomic<bool>& stop) {
            const size_t i = b0 + k;
            CaptureSlot& st = slots[static_cast<size_t>(w)];
            st.sequences.store(static_cast<int64_t>(cb.last(i) - cb.first(i)));
            st.batch = makeCalibrationBatch(sequences, cb.first(i), cb.last(i), o.skipFirstToken);
            if (imp) st.batch.lastRows = lastTokenRows(sequences, cb.first(i), cb.last(i), o.skipFirstToken);
            if (st.batch.tokens > 0) captureBatch(net, o, imp, st, stop);
        };
        // In batch order, one batch at a time: the sums do not depend on the workers.
        auto commit = [&](int w, size_t) {
            CaptureSlot& st = slots[static_cast<size_t>(w)];
            st.unitsTaken.store(0);
            if (st.batch.tokens == 0) return;
            sums.add(st.A);
            if (isums) isums->add(st.importance);
        };
        progress.check();
        // Sequences committed, plus the blocks done of the batches in work
        // (a batch of a large model takes minutes): never going back.
        const auto all = static_cast<double>(cb.last(b1 - 1) - cb.first(b0));
        double committed = 0, shown = 0;
        auto report = [&] {
            double inWork = 0;
            for (const auto& st : slots) inWork += static_cast<double>(st.sequences.load()) * st.unitsTaken.load() / U;
            shown = std::max(shown, std::min(1.0, (committed + inWork) / all));
            progress.report("Capturing activations", 1, 2, shown);
        };
        report(); // the stage starts now (the time left is measured from here)
        runBatchesInOrder(
            b1 - b0, workers, work, commit,
            [&](size_t k) {
                committed = static_cast<double>(cb.last(b0 + k) - cb.first(b0));
                report();
            },
            progress, report);
        sums.sumOverRanks();
        if (isums) isums->sumOverRanks();
        if (sums.tokens() < 2) throw Error(ErrorCode::AgentsCalibrationDataFewerThanTwo, {});
        progress.report("Computing similarity", 2, 2, 0.0);
        similarityFromSums(sums, o.metric, result);
        result.tokens = sums.tokens();
        result.workers = workers;
        result.sequences = static_cast<int64_t>(cb.sequences);
        progress.report("Computing similarity", 2, 2, 1.0);
        return result;
    });
}

} // namespace

SimilarityResult computeSimilarity(const Model& model, const Sequences& sequences, const CaptureOptions& o,
                                   const Progress& progress) {
    return capture(model, sequences, o, nullptr, nullptr, progress);
}

SimilarityResult computeSimilarityAndImportance(const Model& model, const Sequences& sequences,
                                                const CaptureOptions& capt, const ImportanceOptions& options,
                                                ImportanceResult& importance, const Progress& progress) {
    ImportanceSums isums(model.config().numLayers);
    SimilarityResult r = capture(model, sequences, capt, &options, &isums, progress);
    importance = isums.result(options.angularTokens);
    return r;
}

} // namespace sharelens
