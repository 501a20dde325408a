// The linear-map replacement baseline (linear_map.h).
#include "sharelens/linear_map.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "analysis/capture_batches.h"
#include "io/torch_guard.h"
#include "model/model_impl.h"
#include "model/models.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/resources.h"

namespace sharelens {

namespace {

// A block with the fitted map applied to the residual stream: before the
// block's own computation (the block after the removed span) or after it
// (the last kept block, when the span ends the model). Its tensors are the
// block's, then the map.
class MappedBlock : public Block {
public:
    MappedBlock(std::shared_ptr<Block> inner, const torch::Tensor& map, bool before)
        : m_inner(register_module("inner", std::move(inner))), m_before(before) {
        m_map = register_parameter("linear_map", map, /*requires_grad=*/false);
    }
    torch::Tensor forwardWith(const std::vector<torch::Tensor>& w, const torch::Tensor& x,
                              const ForwardContext& ctx) override {
        const std::vector<torch::Tensor> own(w.begin(), w.end() - 1);
        if (m_before) return m_inner->forwardWith(own, torch::matmul(x, w.back()), ctx);
        return torch::matmul(m_inner->forwardWith(own, x, ctx), w.back());
    }
    std::vector<std::string> tensorNames() const override {
        auto n = m_inner->tensorNames();
        n.push_back("linear_map.weight");
        return n;
    }
    std::vector<torch::Tensor> tensors() const override {
        auto t = m_inner->tensors();
        t.push_back(m_map);
        return t;
    }
    std::vector<TensorParts> parts() const override {
        auto p = m_inner->parts();
        p.push_back({m_map, {}, {}});
        return p;
    }

private:
    std::shared_ptr<Block> m_inner;
    torch::Tensor m_map;
    bool m_before;
};

void checkSpan(int start, int length, int L) {
    if (length < 1 || length >= L)
        throw Error(ErrorCode::LinearMapSpanLength, {std::to_string(length), std::to_string(L), std::to_string(L - 1)});
    if (start < 0 || start + length > L)
        throw Error(ErrorCode::LinearMapSpanOutOfRange, {std::to_string(start), std::to_string(start + length - 1),
                                                         std::to_string(L - 1), std::to_string(L - length)});
}

// The normal-equation sums of every candidate span, in double:
// A[i] = X_s^T X_s, B[i] = X_s^T X_{s+k}, C[i] = sum |X_{s+k}|^2 for s = starts[i].
struct SpanSums {
    std::vector<int> starts;
    int length = 0;
    std::vector<torch::Tensor> A, B;
    std::vector<double> C;
    int64_t tokens = 0;
};

// The residual streams x_0..x_L of one batch's counted tokens, [N, H] double
// each (undefined where not needed). x_0 is x_1 minus block 0's attention and
// MLP contributions (the sub-block hook's deltas): the forward exposes block
// outputs only, and this avoids a family-specific embedding.
std::vector<torch::Tensor> batchStreams(CausalLM& net, const CalibrationBatch& b, const std::vector<bool>& need) {
    const auto H = net.config().hiddenSize;
    std::vector<torch::Tensor> x(need.size());
    auto take = [&](const torch::Tensor& t) {
        auto flat = t.reshape({-1, H});
        return (b.all ? flat : flat.index_select(0, b.keepIdx)).to(torch::kFloat64);
    };
    torch::Tensor a0, m0;
    const SubBlockHook sub = [&](int block, int part, const torch::Tensor& delta) {
        if (block == 0 && need[0]) (part == 0 ? a0 : m0) = delta.detach();
    };
    net.hidden(
        b.ids,
        [&](int k, const torch::Tensor& out) {
            if (need[static_cast<size_t>(k) + 1]) x[static_cast<size_t>(k) + 1] = take(out);
        },
        need[0] ? sub : SubBlockHook{}, /*finalNorm=*/false);
    if (need[0]) x[0] = x[1] - take(a0) - take(m0);
    return x;
}

void accumulate(CausalLM& net, const Sequences& seqs, SpanSums& s, const Progress& progress) {
    const int L = net.numBlocks();
    std::vector<bool> need(static_cast<size_t>(L) + 1, false);
    for (int st : s.starts) need[static_cast<size_t>(st)] = need[static_cast<size_t>(st + s.length)] = true;
    need[1] = need[1] || need[0]; // x_0 is derived from x_1
    size_t longest = 1;
    for (const auto& q : seqs) longest = std::max(longest, q.size());
    const size_t per = std::max<size_t>(1, 4096 / longest);
    for (size_t first = 0; first < seqs.size(); first += per) {
        progress.check();
        const auto b = makeCalibrationBatch(seqs, first, std::min(seqs.size(), first + per), false);
        if (b.tokens == 0) continue;
        const auto x = batchStreams(net, b, need);
        for (size_t i = 0; i < s.starts.size(); ++i) {
            const auto& X = x[static_cast<size_t>(s.starts[i])];
            const auto& Y = x[static_cast<size_t>(s.starts[i] + s.length)];
            s.A[i].addmm_(X.t(), X);
            s.B[i].addmm_(X.t(), Y);
            s.C[i] += Y.pow(2).sum().item<double>();
        }
        s.tokens += b.tokens;
        progress.report("Fitting the linear map", 1, 1, static_cast<double>(b.last) / static_cast<double>(seqs.size()));
    }
}

// Solves A T = B by Cholesky; when A is not positive definite, adds the
// smallest ridge lambda = 1e-10 * trace(A) / H * 10^j (j = 0..8) that makes it so.
torch::Tensor solveNormal(const torch::Tensor& A, const torch::Tensor& B, double& ridge) {
    ridge = 0.0;
    auto [chol, info] = torch::linalg_cholesky_ex(A);
    const double scale = A.diagonal().sum().item<double>() / static_cast<double>(A.size(0));
    for (int j = 0; info.item<int64_t>() != 0 && j <= 8; ++j) {
        ridge = 1e-10 * std::max(scale, 1e-300) * std::pow(10.0, j);
        std::tie(chol, info) = torch::linalg_cholesky_ex(A + ridge * torch::eye(A.size(0), A.options()));
    }
    if (info.item<int64_t>() != 0) throw Error(ErrorCode::LinearMapSingular, {});
    return torch::cholesky_solve(B, chol);
}

} // namespace

LinearMapFit fitLinearMap(const Model& base, int start, int length, const Sequences& calibration,
                          const Progress& progress) {
    auto& net = *base.impl().net;
    const int L = net.numBlocks();
    checkSpan(std::max(start, 0), length, L);
    if (calibration.empty()) throw Error(ErrorCode::ModelNoSequencesEvaluateTextId, {});
    validateSequences(calibration, base.config().vocabSize, base.config().maxPositions);
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t H = base.config().hiddenSize;
    SpanSums s;
    s.length = length;
    for (int st = start < 0 ? 0 : start; st <= (start < 0 ? L - length : start); ++st) s.starts.push_back(st);
    MemoryEstimate need;
    const auto h = static_cast<uint64_t>(H);
    need.add("normal-equation sums in double", static_cast<uint64_t>(2 * s.starts.size()) * h * h * 8u);
    requireMemory(need, "fitting the linear map", "give the span's start (fewer candidate spans)");
    return guardTorch(base.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        const auto dopt = torch::TensorOptions().dtype(torch::kFloat64);
        for (size_t i = 0; i < s.starts.size(); ++i) {
            s.A.push_back(torch::zeros({H, H}, dopt));
            s.B.push_back(torch::zeros({H, H}, dopt));
            s.C.push_back(0.0);
        }
        accumulate(net, calibration, s, progress);
        if (s.tokens == 0) throw Error(ErrorCode::ModelNoSequencesEvaluateTextId, {});
        LinearMapFit best;
        best.relativeResidual = std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < s.starts.size(); ++i) {
            progress.check();
            LinearMapFit f;
            const auto T = solveNormal(s.A[i], s.B[i], f.ridge);
            // |X T - Y|^2 = tr(T^T A T) - 2 tr(T^T B) + |Y|^2 (A without the ridge).
            f.residual = std::max(0.0, (T * torch::mm(s.A[i], T)).sum().item<double>() -
                                           2.0 * (T * s.B[i]).sum().item<double>() + s.C[i]);
            f.relativeResidual = s.C[i] > 0 ? f.residual / s.C[i] : 0.0;
            if (!(f.relativeResidual < best.relativeResidual) && !best.matrix.empty()) continue;
            f.start = s.starts[i];
            f.length = length;
            f.hidden = H;
            f.tokens = s.tokens;
            const auto c = T.contiguous();
            f.matrix.assign(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
            best = std::move(f);
        }
        best.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return best;
    });
}

std::unique_ptr<Model> replaceWithLinearMap(const Model& base, const LinearMapFit& fit) {
    const int L = base.config().numLayers;
    checkSpan(fit.start, fit.length, L);
    const int64_t H = base.config().hiddenSize;
    if (fit.hidden != H || static_cast<int64_t>(fit.matrix.size()) != H * H)
        throw Error(ErrorCode::LinearMapWrongSize, {std::to_string(fit.hidden), std::to_string(H)});
    std::vector<int> span;
    for (int l = fit.start; l < fit.start + fit.length; ++l) span.push_back(l);
    auto out = removeLayers(base, span);
    guardTorch(base.checkpoint().dir, [&] {
        auto T = torch::tensor(fit.matrix, torch::kFloat64).reshape({H, H}).to(torch::kFloat32);
        auto& net = *out->impl().net;
        // The block after the span is now at index fit.start; none when the span ended the model.
        const bool before = fit.start < net.numBlocks();
        const int at = before ? fit.start : fit.start - 1;
        net.setBlock(at, std::make_shared<MappedBlock>(net.block(at), T, before));
        net.eval();
        return 0;
    });
    out->impl().provenance["linear_map"] = "blocks " + std::to_string(fit.start) + ".." +
                                           std::to_string(fit.start + fit.length - 1) + " replaced by a " +
                                           std::to_string(H) + " x " + std::to_string(H) + " map";
    return out;
}

BudgetPoint linearMapPoint(const Model& base, int start, int length, const Sequences& calibration,
                           const Sequences& evaluation, LinearMapFit* fit, const Progress& progress,
                           const PointScorer& score) {
    const LinearMapFit f = fitLinearMap(base, start, length, calibration, progress);
    auto m = replaceWithLinearMap(base, f);
    BudgetPoint p = budgetPoint("linear-map-" + std::to_string(length), *m, evaluation, progress, score);
    if (fit) *fit = f;
    return p;
}

} // namespace sharelens
