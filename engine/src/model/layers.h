// Engine-internal: the pieces decoder blocks are made of (parameter
// registration, RMSNorm, rotary embeddings), shared by every family's code.
#pragma once

#include <torch/torch.h>

#include <cmath>
#include <string>

#include "sharelens/config.h"

namespace sharelens {

// Registers `t` (converted to float32 for compute) as a parameter of `m`.
inline torch::Tensor registerComputeParameter(torch::nn::Module& m, const std::string& name, torch::Tensor t) {
    if (t.scalar_type() != torch::kFloat32) t = t.to(torch::kFloat32);
    return m.register_parameter(name, t, /*requires_grad=*/false);
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
