// Causal attention over query blocks (see attention.h).
//
// Forward, for each block of query rows [q0, q0 + rows) whose visible keys
// are [k0, q0 + rows):
//   S = (q * scale) k^T             [N, rows, len]   (one batched GEMM; scale 1 / sqrt(d) unless given)
//   with soft-capping c: U = tanh(S / c), S = c U    (in place; U kept)
//   S[future or outside window] = -inf   (diagonal square, in place)
//   P = softmax(S)                  (in place)
//   O = P v                         [N, rows, d]
// Backward with the kept P (dO = gradient of O):
//   dP = dO v^T;  dS = P * (dP - rowsum(P * dP))   (softmax backward, in place)
//   with soft-capping: dS *= 1 - U^2   (the derivative of c tanh(s / c))
//   dq = dS k * scale;  dk += dS^T (q * scale);  dv += P^T dO
// Masked entries have P = 0, so they contribute nothing to any gradient.
// In bfloat16 compute every product above takes bfloat16 operands and gives
// a float32 result; S, P, the softmax and the gradients stay float32.
#include "model/attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace sharelens {

namespace {

struct QueryBlock {
    int64_t q0, rows; // query rows [q0, q0 + rows)
    int64_t k0, len;  // visible keys [k0, k0 + len), len = q0 + rows - k0
};

std::vector<QueryBlock> queryBlocks(int64_t T, int64_t window, int64_t block) {
    std::vector<QueryBlock> out;
    for (int64_t q0 = 0; q0 < T; q0 += block) {
        const int64_t rows = std::min(block, T - q0);
        const int64_t k0 = window > 0 ? std::max<int64_t>(0, q0 - window + 1) : 0;
        out.push_back({q0, rows, k0, q0 + rows - k0});
    }
    return out;
}

// Sets the scores a query may not see to -inf, in place. s: [N, rows, len].
void maskScores(torch::Tensor& s, const QueryBlock& b, int64_t window, const torch::Tensor& future) {
    const auto inf = -std::numeric_limits<double>::infinity();
    // Future keys lie only in the block's diagonal square (keys q0 .. q0 + rows).
    s.narrow(2, b.q0 - b.k0, b.rows).masked_fill_(future.narrow(0, 0, b.rows).narrow(1, 0, b.rows), inf);
    if (window > 0) {
        // Row q0 + a must not see key k0 + c when k0 + c <= q0 + a - window.
        const int64_t off = b.q0 - window - b.k0; // masked where c - a <= off
        if (off + b.rows - 1 >= 0) {
            auto a = torch::arange(b.rows, torch::kInt64).unsqueeze(1);
            auto c = torch::arange(b.len, torch::kInt64).unsqueeze(0);
            s.masked_fill_((c - a) <= off, inf);
        }
    }
}

double scoreScale(const torch::Tensor& q, double scale) {
    return scale > 0 ? scale : 1.0 / std::sqrt(static_cast<double>(q.size(2)));
}

torch::Tensor half(const torch::Tensor& t) { return t.to(torch::kBFloat16); }

// a b batched, on bfloat16 operands (already converted) with a float32 result.
torch::Tensor bmmBf16(const torch::Tensor& a, const torch::Tensor& b) { return torch::bmm(a, b).to(torch::kFloat32); }

// The forward pass; with `keep`, the probabilities of every block are kept
// (and with soft-capping the tanh of the scaled scores in `keepTanh`).
torch::Tensor forwardBlocks(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int64_t window,
                            int64_t block, double scale, double softcap, std::vector<torch::Tensor>* keep,
                            std::vector<torch::Tensor>* keepTanh, bool bf16) {
    const auto T = q.size(1);
    auto qs = q * scoreScale(q, scale); // contiguous, and the scale costs [N, T, d] instead of [N, T, T]
    auto kt = k.transpose(1, 2);
    torch::Tensor vv = v;
    if (bf16) {
        qs = half(qs);
        kt = half(k).transpose(1, 2);
        vv = half(v);
    }
    auto future = torch::ones({std::min(block, T), std::min(block, T)}, torch::kBool).triu(1);
    std::vector<torch::Tensor> outs;
    for (const auto& b : queryBlocks(T, window, block)) {
        auto s = bf16 ? bmmBf16(qs.narrow(1, b.q0, b.rows), kt.narrow(2, b.k0, b.len))
                      : torch::bmm(qs.narrow(1, b.q0, b.rows), kt.narrow(2, b.k0, b.len));
        if (softcap > 0) {
            s.div_(softcap).tanh_();
            if (keepTanh) keepTanh->push_back(s.clone());
            s.mul_(softcap);
        }
        maskScores(s, b, window, future);
        at::_softmax_out(s, s, -1, false);
        outs.push_back(bf16 ? bmmBf16(half(s), vv.narrow(1, b.k0, b.len)) : torch::bmm(s, v.narrow(1, b.k0, b.len)));
        if (keep) keep->push_back(std::move(s));
    }
    return outs.size() == 1 ? outs.front() : torch::cat(outs, 1);
}

class CausalAttentionFunction : public torch::autograd::Function<CausalAttentionFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& q, const torch::Tensor& k,
                                 const torch::Tensor& v, int64_t window, int64_t block, double scale, double softcap,
                                 bool bf16) {
        std::vector<torch::Tensor> probs, tanhs;
        auto out = forwardBlocks(q, k, v, window, block, scale, softcap, &probs, &tanhs, bf16);
        ctx->save_for_backward({q, k, v});
        ctx->saved_data["probs"] = probs;
        ctx->saved_data["tanhs"] = tanhs;
        ctx->saved_data["scale"] = scale;
        ctx->saved_data["softcap"] = softcap;
        ctx->saved_data["window"] = window;
        ctx->saved_data["block"] = block;
        ctx->saved_data["bf16"] = bf16;
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto &q = saved[0], &k = saved[1], &v = saved[2];
        const auto probs = ctx->saved_data["probs"].toTensorVector();
        const auto window = ctx->saved_data["window"].toInt();
        const auto block = ctx->saved_data["block"].toInt();
        const auto tanhs = ctx->saved_data["tanhs"].toTensorVector();
        const bool capped = ctx->saved_data["softcap"].toDouble() > 0;
        const auto gout = grads[0].contiguous();
        const double scale = scoreScale(q, ctx->saved_data["scale"].toDouble());
        auto qs = q * scale;
        auto dk = torch::zeros_like(k);
        auto dv = torch::zeros_like(v);
        std::vector<torch::Tensor> dq;
        const auto blocks = queryBlocks(q.size(1), window, block);
        if (ctx->saved_data["bf16"].toBool()) {
            dq = backwardBf16(blocks, probs, tanhs, half(qs), half(k), half(v), half(gout), dk, dv);
        } else {
            for (size_t i = 0; i < blocks.size(); ++i) {
                const auto& b = blocks[i];
                const auto& p = probs[i];
                auto go = gout.narrow(1, b.q0, b.rows);
                auto kb = k.narrow(1, b.k0, b.len);
                auto vb = v.narrow(1, b.k0, b.len);
                auto ds = torch::bmm(go, vb.transpose(1, 2)); // dP, turned into dS in place
                at::_softmax_backward_data_out(ds, ds, p, -1, p.scalar_type());
                if (capped) ds.mul_(1 - tanhs[i] * tanhs[i]);
                dv.narrow(1, b.k0, b.len).baddbmm_(p.transpose(1, 2), go);
                dk.narrow(1, b.k0, b.len).baddbmm_(ds.transpose(1, 2), qs.narrow(1, b.q0, b.rows));
                dq.push_back(torch::bmm(ds, kb));
            }
        }
        auto dqAll = (dq.size() == 1 ? dq.front() : torch::cat(dq, 1)).mul_(scale);
        return {dqAll, dk, dv, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }

private:
    // The backward's products on bfloat16 operands (qs, k, v, gout already
    // converted); dk and dv accumulate in float32. Returns dq per block (unscaled).
    static std::vector<torch::Tensor> backwardBf16(const std::vector<QueryBlock>& blocks,
                                                   const std::vector<torch::Tensor>& probs,
                                                   const std::vector<torch::Tensor>& tanhs, const torch::Tensor& qs,
                                                   const torch::Tensor& k, const torch::Tensor& v,
                                                   const torch::Tensor& gout, torch::Tensor& dk, torch::Tensor& dv) {
        std::vector<torch::Tensor> dq;
        for (size_t i = 0; i < blocks.size(); ++i) {
            const auto& b = blocks[i];
            const auto& p = probs[i];
            auto go = gout.narrow(1, b.q0, b.rows);
            auto ds = bmmBf16(go, v.narrow(1, b.k0, b.len).transpose(1, 2));
            at::_softmax_backward_data_out(ds, ds, p, -1, p.scalar_type());
            if (!tanhs.empty()) ds.mul_(1 - tanhs[i] * tanhs[i]);
            auto ds16 = half(ds);
            dv.narrow(1, b.k0, b.len).add_(torch::bmm(half(p).transpose(1, 2), go));
            dk.narrow(1, b.k0, b.len).add_(torch::bmm(ds16.transpose(1, 2), qs.narrow(1, b.q0, b.rows)));
            dq.push_back(bmmBf16(ds16, k.narrow(1, b.k0, b.len)));
        }
        return dq;
    }
};

void checkShapes(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
    TORCH_CHECK(q.dim() == 3 && k.sizes() == q.sizes() && v.sizes() == q.sizes(),
                "causalAttention: q, k and v must all be [N, T, d]");
}

} // namespace

torch::Tensor causalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int64_t window,
                              int64_t block, double scale, double softcap, bool bf16) {
    checkShapes(q, k, v);
    TORCH_CHECK(block >= 1, "causalAttention: block must be at least 1");
    auto kc = k.contiguous(), vc = v.contiguous();
    const bool grad = torch::GradMode::is_enabled() && (q.requires_grad() || k.requires_grad() || v.requires_grad());
    if (grad) return CausalAttentionFunction::apply(q, kc, vc, window, block, scale, softcap, bf16);
    return forwardBlocks(q, kc, vc, window, block, scale, softcap, nullptr, nullptr, bf16);
}

torch::Tensor multiHeadCausalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                       int64_t window, int64_t block, double scale, double softcap, bool bf16) {
    TORCH_CHECK(q.dim() == 4 && k.dim() == 4 && v.sizes() == k.sizes() && k.size(0) == q.size(0) &&
                    k.size(2) == q.size(2) && k.size(3) == q.size(3) && k.size(1) >= 1 && q.size(1) % k.size(1) == 0,
                "multiHeadCausalAttention: q must be [B, heads, T, d] and k, v [B, kvHeads, T, d]");
    const auto B = q.size(0), nh = q.size(1), T = q.size(2), hd = q.size(3), nkv = k.size(1);
    torch::Tensor kk = k, vv = v;
    if (nkv != nh) {
        const auto rep = nh / nkv;
        kk = k.unsqueeze(2).expand({B, nkv, rep, T, hd}).reshape({B, nh, T, hd});
        vv = v.unsqueeze(2).expand({B, nkv, rep, T, hd}).reshape({B, nh, T, hd});
    }
    auto y = causalAttention(q.reshape({B * nh, T, hd}), kk.reshape({B * nh, T, hd}), vv.reshape({B * nh, T, hd}),
                             window, block, scale, softcap, bf16);
    return y.view({B, nh, T, hd}).transpose(1, 2).reshape({B, T, nh * hd});
}

} // namespace sharelens
