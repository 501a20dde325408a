// Activation capture and streaming similarity (see sharelens/analysis.h).
#include "sharelens/analysis.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "capture_batches.h"
#include "model_impl.h"
#include "sharelens/error.h"
#include "sharelens/resources.h"
#include "sharelens/model.h"
#include "torch_guard.h"

namespace sharelens {

namespace {

// Streaming accumulators.
struct GramState { // Pearson and cosine: all hidden dims of all tokens flattened
    torch::Tensor gram; // [U, U] double: sum over elements of a_i * a_j
    torch::Tensor sum;  // [U] double
    int64_t elements = 0;
};

struct CkaState { // linear CKA: feature-space cross-covariances of all units
    torch::Tensor cross; // [U*H, U*H] double: sum over tokens of z z^T
    torch::Tensor sum;   // [U*H] double
    int64_t tokens = 0;
};

[[noreturn]] void zeroVariance(const std::string& unit, const char* what) {
    throw Error("the activations of " + unit + " are constant over the calibration data (zero " + what +
                "), so its similarity is undefined; use more or more varied calibration text, or "
                "another metric");
}

} // namespace

SimilarityResult computeSimilarity(const Model& model, const Sequences& sequences, const CaptureOptions& o,
                                   const Progress& progress) {
    const auto& cfg = model.config();
    if (sequences.empty()) throw Error("no calibration sequences: the text or id list is empty");
    if (o.batchSize < 1) throw Error("batch size must be at least 1");
    validateSequences(sequences, cfg.vocabSize, cfg.maxPositions);
    const int L = cfg.numLayers;
    const int U = o.units == UnitKind::Blocks ? L : 2 * L;
    const int64_t H = cfg.hiddenSize;
    if (U < 2) throw Error("the model has a single unit; similarity needs at least two");

    SimilarityResult result;
    result.metric = o.metric;
    result.unitKind = o.units;
    for (int i = 0; i < L; ++i) {
        if (o.units == UnitKind::Blocks) {
            result.units.push_back("block " + std::to_string(i));
        } else {
            result.units.push_back("attn " + std::to_string(i));
            result.units.push_back("mlp " + std::to_string(i));
        }
    }

    size_t longest = 0;
    for (const auto& seq : sequences) longest = std::max(longest, seq.size());
    const size_t n = sequences.size();
    const auto bs = static_cast<size_t>(o.batchSize);
    const size_t batches = (n + bs - 1) / bs;
    const int batch = static_cast<int>(std::min(n, bs));
    // Each worker holds one batch's forward and activations: fewer workers
    // when that many would not fit, the usual message when one does not.
    int workers = captureWorkers(o.threads, batches);
    while (workers > 1 && estimateCapture(cfg, o.units, o.metric, batch, static_cast<int>(longest), workers).bytes >
                              availableMemory())
        --workers;
    requireMemory(estimateCapture(cfg, o.units, o.metric, batch, static_cast<int>(longest), workers),
                  "capturing activations",
                  std::string("use a smaller batch or sequence length") +
                      (o.units == UnitKind::Sublayers ? ", blocks instead of sublayers" : "") +
                      (o.metric == Metric::Cka ? ", or the pearson or cosine metric (CKA's state grows with "
                                                 "(units x hidden)^2)"
                                               : ""));

    return guardTorch(model.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        auto& net = *model.impl().net;
        GramState g;
        CkaState c;
        const auto dopt = torch::TensorOptions().dtype(torch::kFloat64);
        if (o.metric == Metric::Cka) {
            c.cross = torch::zeros({U * H, U * H}, dopt);
            c.sum = torch::zeros({U * H}, dopt);
        } else {
            g.gram = torch::zeros({U, U}, dopt);
            g.sum = torch::zeros({U}, dopt);
        }

        struct Slot {
            CalibrationBatch batch;
            torch::Tensor A; // [U, N, H] activations of the batch in double, reused across batches
        };
        std::vector<Slot> slots(static_cast<size_t>(workers));
        int64_t tokens = 0;
        auto work = [&](int w, size_t i, const std::atomic<bool>& stop) {
            Slot& st = slots[static_cast<size_t>(w)];
            st.batch = makeCalibrationBatch(sequences, i * bs, std::min(n, i * bs + bs), o.skipFirstToken);
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
                net.hidden(st.batch.ids, [&](int k, const torch::Tensor& x) { take(k, x); }, {}, /*finalNorm=*/false);
            } else {
                net.hidden(st.batch.ids, {}, [&](int k, int part, const torch::Tensor& x) { take(2 * k + part, x); },
                           /*finalNorm=*/false);
            }
        };
        // In batch order, one batch at a time: the sums do not depend on the workers.
        auto commit = [&](int w, size_t) {
            Slot& st = slots[static_cast<size_t>(w)];
            const int64_t N = st.batch.tokens;
            if (N == 0) return;
            if (o.metric == Metric::Cka) {
                auto Z = st.A.permute({1, 0, 2}).reshape({N, U * H});
                c.cross.addmm_(Z.t(), Z);
                c.sum.add_(Z.sum(0));
                c.tokens += N;
            } else {
                auto F = st.A.reshape({U, N * H});
                g.gram.addmm_(F, F.t());
                g.sum.add_(F.sum(1));
                g.elements += N * H;
            }
            tokens += N;
        };
        progress.check();
        runBatchesInOrder(batches, workers, work, commit, [&](size_t i) {
            progress.report("Capturing activations", 1, 2,
                            static_cast<double>(std::min(n, (i + 1) * bs)) / static_cast<double>(n));
        }, progress);
        if (tokens < 2) throw Error("the calibration data has fewer than two usable tokens; use more text");
        progress.report("Computing similarity", 2, 2, 0.0);

        Eigen::MatrixXd S(U, U);
        if (o.metric == Metric::Cka) {
            const double Nt = static_cast<double>(c.tokens);
            // Centred in place: one [UH, UH] matrix at a time (a temporary
            // outer product and difference would need three more).
            c.cross.addr_(c.sum, c.sum, 1.0, -1.0 / Nt);
            const auto& centred = c.cross; // [UH, UH]
            auto hsic = torch::zeros({U, U}, dopt);
            auto ha = hsic.accessor<double, 2>();
            for (int i = 0; i < U; ++i)
                for (int j = i; j < U; ++j) {
                    auto blk = centred.narrow(0, i * H, H).narrow(1, j * H, H);
                    ha[i][j] = ha[j][i] = blk.pow(2).sum().item<double>();
                }
            for (int i = 0; i < U; ++i)
                if (!(ha[i][i] > 0)) zeroVariance(result.units[static_cast<size_t>(i)], "variance");
            for (int i = 0; i < U; ++i)
                for (int j = 0; j < U; ++j) S(i, j) = ha[i][j] / std::sqrt(ha[i][i] * ha[j][j]);
            result.method = "linear CKA, tokens as samples, exact: feature-space cross-covariances "
                            "(||Y_c^T X_c||_F^2 / (||X_c^T X_c||_F ||Y_c^T Y_c||_F)) accumulated in double";
        } else {
            auto G = g.gram.accessor<double, 2>();
            auto sum = g.sum.accessor<double, 1>();
            const double ne = static_cast<double>(g.elements);
            std::vector<double> scale(static_cast<size_t>(U));
            for (int i = 0; i < U; ++i) {
                if (o.metric == Metric::Pearson) {
                    const double var = G[i][i] / ne - (sum[i] / ne) * (sum[i] / ne);
                    // Relative test: rounding leaves tiny positive values for constant data.
                    if (!(var > 1e-12 * std::max(1e-300, G[i][i] / ne)))
                        zeroVariance(result.units[static_cast<size_t>(i)], "variance");
                    scale[static_cast<size_t>(i)] = std::sqrt(var);
                } else {
                    if (!(G[i][i] > 0)) zeroVariance(result.units[static_cast<size_t>(i)], "norm");
                    scale[static_cast<size_t>(i)] = std::sqrt(G[i][i]);
                }
            }
            for (int i = 0; i < U; ++i)
                for (int j = 0; j < U; ++j) {
                    const auto si = static_cast<size_t>(i), sj = static_cast<size_t>(j);
                    if (o.metric == Metric::Pearson) {
                        const double cov = G[i][j] / ne - (sum[i] / ne) * (sum[j] / ne);
                        S(i, j) = cov / (scale[si] * scale[sj]);
                    } else {
                        S(i, j) = G[i][j] / (scale[si] * scale[sj]);
                    }
                }
            result.method = o.metric == Metric::Pearson
                                ? "Pearson correlation over all tokens and hidden dimensions, streaming sums in double"
                                : "cosine similarity over all tokens and hidden dimensions, streaming sums in double";
        }
        for (int i = 0; i < U; ++i) {
            S(i, i) = 1.0;
            for (int j = 0; j < i; ++j) S(i, j) = S(j, i) = std::clamp(0.5 * (S(i, j) + S(j, i)), -1.0, 1.0);
        }
        result.similarity = S;
        result.tokens = tokens;
        result.workers = workers;
        result.sequences = static_cast<int64_t>(n);
        progress.report("Computing similarity", 2, 2, 1.0);
        return result;
    });
}

} // namespace sharelens
