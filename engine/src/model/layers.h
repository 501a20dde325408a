// Engine-internal: the pieces decoder blocks are made of (parameter
// registration, RMSNorm, rotary embeddings), shared by every family's code.
#pragma once

#include <torch/torch.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "sharelens/config.h"

namespace sharelens {

// Registers `t` as a parameter of `m`: float32, except F16 and BF16
// matrices a TensorSource kept in their stored dtype (loadModelInStorageDtype),
// which the forward converts per use (asFloat, asBFloat16).
inline torch::Tensor registerComputeParameter(torch::nn::Module& m, const std::string& name, torch::Tensor t) {
    const bool stored = t.dim() >= 2 && (t.scalar_type() == torch::kBFloat16 || t.scalar_type() == torch::kFloat16);
    if (t.scalar_type() != torch::kFloat32 && !stored) t = t.to(torch::kFloat32);
    return m.register_parameter(name, t, /*requires_grad=*/false);
}

// While one is alive on a thread, asFloat converts each stored-dtype tensor
// once and hands the same float32 copy out again: the row chunks of one LM
// head product (nextTokenLossSum) convert the head once, not per chunk. The
// copies go with the scope; open it only around repeated uses of a few
// tensors, never around a whole forward (that would hold a float32 copy of
// every matrix).
class ConversionReuseScope {
public:
    ConversionReuseScope() : m_outer(current()) { current() = &m_converted; }
    ~ConversionReuseScope() { current() = m_outer; }
    ConversionReuseScope(const ConversionReuseScope&) = delete;
    ConversionReuseScope& operator=(const ConversionReuseScope&) = delete;
    // (stored tensor, its float32 copy) pairs of the innermost scope; null outside one.
    static std::vector<std::pair<torch::Tensor, torch::Tensor>>*& current() {
        static thread_local std::vector<std::pair<torch::Tensor, torch::Tensor>>* active = nullptr;
        return active;
    }

private:
    std::vector<std::pair<torch::Tensor, torch::Tensor>> m_converted;
    std::vector<std::pair<torch::Tensor, torch::Tensor>>* m_outer;
};

inline torch::Tensor asFloat(const torch::Tensor& t) {
    if (!t.defined() || t.scalar_type() == torch::kFloat32) return t;
    auto* reuse = ConversionReuseScope::current();
    if (!reuse || t.requires_grad()) return t.to(torch::kFloat32);
    for (const auto& [stored, f32] : *reuse)
        if (stored.unsafeGetTensorImpl() == t.unsafeGetTensorImpl() && stored.sizes() == t.sizes() &&
            stored.strides() == t.strides() && stored.storage_offset() == t.storage_offset())
            return f32;
    reuse->emplace_back(t, t.to(torch::kFloat32));
    return reuse->back().second;
}
inline torch::Tensor asBFloat16(const torch::Tensor& t) {
    return t.scalar_type() == torch::kBFloat16 ? t : t.to(torch::kBFloat16);
}

// x w^T (or x w with `transposed` false) in float32 for a frozen w kept in a
// stored F16/BF16 dtype, when x needs a gradient: the same product as with
// asFloat(w), but the backward pass converts w again rather than autograd
// keeping its float32 copy until the step's backward (a frozen matrix's own
// gradient is never asked for), so a training step over stored weights stays
// near their size.
class StoredWeightProduct : public torch::autograd::Function<StoredWeightProduct> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& w,
                                 bool transposed) {
        ctx->saved_data["w"] = w;
        ctx->saved_data["transposed"] = transposed;
        const auto w32 = asFloat(w);
        return torch::matmul(x, transposed ? w32.t() : w32);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto w32 = asFloat(ctx->saved_data["w"].toTensor());
        const bool transposed = ctx->saved_data["transposed"].toBool();
        return {torch::matmul(grads[0], transposed ? w32 : w32.t()), torch::Tensor(), torch::Tensor()};
    }
};

// Whether x w^T over a stored-dtype w goes through StoredWeightProduct: x
// needs a gradient and w is a frozen F16/BF16 matrix. Otherwise the product
// is the converted model's own (linear, addmm, matmul on asFloat(w)), bit for bit.
inline bool viaStoredProduct(const torch::Tensor& x, const torch::Tensor& w) {
    return w.scalar_type() != torch::kFloat32 && !w.requires_grad() && x.requires_grad() &&
           torch::GradMode::is_enabled();
}

// x w^T of bfloat16 operands, left in bfloat16 (for a product whose only
// consumer takes bfloat16 operands anyway).
inline torch::Tensor computeLinearBf16(const torch::Tensor& x, const torch::Tensor& w) {
    return torch::nn::functional::linear(asBFloat16(x), asBFloat16(w));
}

// x w^T + b (nn.Linear's layout). bf16: the product of bfloat16 operands,
// returned in float32, the bias added in float32. Otherwise float32 exactly
// as torch::nn::functional::linear (a stored-dtype w is converted per use).
inline torch::Tensor computeLinear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, bool bf16) {
    if (!bf16) {
        if (!viaStoredProduct(x, w)) return torch::nn::functional::linear(x, asFloat(w), asFloat(b));
        auto y = StoredWeightProduct::apply(x, w, true);
        return b.defined() ? y + asFloat(b) : y;
    }
    auto y = computeLinearBf16(x, w).to(torch::kFloat32);
    return b.defined() ? y + asFloat(b) : y;
}

// h W^T for an LM head W [V, H], in the forward's matmul dtype.
inline torch::Tensor computeHead(const torch::Tensor& h, const torch::Tensor& w, bool bf16) {
    if (!bf16)
        return viaStoredProduct(h, w) ? StoredWeightProduct::apply(h, w, true) : torch::matmul(h, asFloat(w).t());
    return torch::matmul(asBFloat16(h), asBFloat16(w).t()).to(torch::kFloat32);
}

// x / rms(x) * w over the last dimension; Gemma's variant multiplies by (1 + w).
inline torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& w, double eps, bool addsOne = false) {
    auto var = x.pow(2).mean(-1, /*keepdim=*/true);
    return x * torch::rsqrt(var + eps) * (addsOne ? w + 1 : w);
}

// [x1, x2] -> [-x2, x1] over the last dimension (Hugging Face's rotate_half).
inline torch::Tensor rotateHalf(const torch::Tensor& x) {
    const auto half = x.size(-1) / 2;
    auto a = x.narrow(-1, 0, half);
    auto b = x.narrow(-1, half, half);
    return torch::cat({-b, a}, -1);
}

// Rotary inverse frequencies for base `theta`, with the config's "linear" and
// "llama3" scaling, as float32 [headDim / 2].
inline torch::Tensor ropeInvFrequencies(const ModelConfig& c, double theta) {
    const int64_t hd = c.headDim;
    std::vector<double> inv;
    for (int64_t i = 0; i < hd; i += 2)
        inv.push_back(1.0 / std::pow(theta, static_cast<double>(i) / static_cast<double>(hd)));
    if (c.ropeScalingType == "linear") {
        for (auto& f : inv) f /= c.ropeScalingFactor;
    } else if (c.ropeScalingType == "llama3") {
        const double old = c.ropeOriginalMaxPositions;
        const double lowWl = old / c.ropeLowFreqFactor, highWl = old / c.ropeHighFreqFactor;
        for (auto& f : inv) {
            const double wl = 2 * M_PI / f;
            if (wl < highWl) continue;
            if (wl > lowWl) {
                f /= c.ropeScalingFactor;
            } else {
                const double s = (old / wl - c.ropeLowFreqFactor) / (c.ropeHighFreqFactor - c.ropeLowFreqFactor);
                f = (1 - s) * f / c.ropeScalingFactor + s * f;
            }
        }
    }
    return torch::tensor(inv, torch::kFloat64).to(torch::kFloat32);
}

// cos and sin tables [T, headDim] for positions 0..T-1 (halves repeated, as
// rotateHalf expects).
inline std::pair<torch::Tensor, torch::Tensor> ropeTables(const torch::Tensor& invFreq, int64_t T) {
    auto pos = torch::arange(T, torch::kFloat32).unsqueeze(1);
    auto ang = pos * invFreq.unsqueeze(0);
    auto emb = torch::cat({ang, ang}, -1);
    return {emb.cos(), emb.sin()};
}

} // namespace sharelens
