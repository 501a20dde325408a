// Activation capture and streaming similarity (see sharelens/analysis.h).
#include "sharelens/analysis.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "analysis/capture_batches.h"
#include "cluster/plan_parts.h"
#include "model/model_impl.h"
#include "sharelens/error.h"
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

} // namespace

SimilarityResult computeSimilarity(const Model& model, const Sequences& sequences, const CaptureOptions& o,
                                   const Progress& progress) {
    const auto& cfg = model.config();
    if (sequences.empty()) throw Error(ErrorCode::AgentsNoCalibrationSequencesTextId, {});
    if (o.batchSize < 1) throw Error(ErrorCode::AgentsBatchSizeMustLeast, {});
    validateSequences(sequences, cfg.vocabSize, cfg.maxPositions);
    const int L = cfg.numLayers;
    const int U = o.units == UnitKind::Blocks ? L : 2 * L;
    const int64_t H = cfg.hiddenSize;
    if (U < 2) throw Error(ErrorCode::AnalysisModelSingleUnitSimilarityNeeds, {});

    SimilarityResult result;
    result.metric = o.metric;
    result.unitKind = o.units;
    result.units = unitNames(cfg, o.units);

    const CaptureBatches cb = captureBatches(sequences, o.batchSize);
    const int workers = similarityWorkers(cfg, o, cb);

    return guardTorch(model.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        auto& net = *model.impl().net;
        ComputeScope compute(net, o.compute);
        const auto dopt = torch::TensorOptions().dtype(torch::kFloat64);
        SimilaritySums sums(o.metric, U, H);

        struct Slot {
            CalibrationBatch batch;
            torch::Tensor A; // [U, N, H] activations of the batch in double, reused across batches
        };
        std::vector<Slot> slots(static_cast<size_t>(workers));
        const RankBatches mine = rankBatches(cb.count);
        const size_t b0 = mine.first, b1 = mine.last;
        auto work = [&](int w, size_t k, const std::atomic<bool>& stop) {
            const size_t i = b0 + k;
            Slot& st = slots[static_cast<size_t>(w)];
            st.batch = makeCalibrationBatch(sequences, cb.first(i), cb.last(i), o.skipFirstToken);
            const int64_t N = st.batch.tokens;
            if (N == 0) return;
            // Each unit's kept rows go straight into one double buffer [U, N, H]:
            // one converting copy per activation (no stack, no second copy).
            if (!st.A.defined() || st.A.size(1) != N) st.A = torch::empty({U, N, H}, dopt);
            auto take = [&](int u, const torch::Tensor& x) {
                checkStop(stop);
                auto flat = x.reshape({-1, H});
                st.A.select(0, u).copy_(st.batch.all ? flat : flat.index_select(0, st.batch.keepIdx));
            };
            // The capture needs the block outputs only: no final norm, no LM head.
            if (o.units == UnitKind::Blocks) {
                net.hidden(
                    st.batch.ids, [&](int k, const torch::Tensor& x) { take(k, x); }, {}, /*finalNorm=*/false);
            } else {
                net.hidden(
                    st.batch.ids, {}, [&](int k, int part, const torch::Tensor& x) { take(2 * k + part, x); },
                    /*finalNorm=*/false);
            }
        };
        // In batch order, one batch at a time: the sums do not depend on the workers.
        auto commit = [&](int w, size_t) {
            Slot& st = slots[static_cast<size_t>(w)];
            if (st.batch.tokens > 0) sums.add(st.A);
        };
        progress.check();
        runBatchesInOrder(
            b1 - b0, workers, work, commit,
            [&](size_t k) {
                const auto done = cb.last(b0 + k) - cb.first(b0), all = cb.last(b1 - 1) - cb.first(b0);
                progress.report("Capturing activations", 1, 2, static_cast<double>(done) / static_cast<double>(all));
            },
            progress);
        sums.sumOverRanks();
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

} // namespace sharelens
