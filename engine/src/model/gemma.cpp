// Gemma 2 and Gemma 3 (text) decoders, computed as Hugging Face's
// Gemma2ForCausalLM / Gemma3ForCausalLM do (in float32):
//   x = embed(ids) * sqrt(hidden)
//   per layer:  x += post_attention_layernorm(attn(input_layernorm(x)))
//               x += post_feedforward_layernorm(mlp(pre_feedforward_layernorm(x)))
//   logits = final_softcap(norm(x) @ embed^T)
// with RMSNorm(x) = x / rms(x) * (1 + w), GeGLU (gelu_pytorch_tanh), scores
// scaled by query_pre_attn_scalar^-1/2 and soft-capped, GQA, and a per-layer
// attention type: sliding layers see the last `sliding_window` tokens and
// (Gemma 3) use RoPE base rope_local_base_freq without scaling, global layers
// rope_theta with rope_scaling. Gemma 3 normalises each query and key head
// (q_norm, k_norm, also 1 + w) before RoPE.
#include <cmath>

#include "io/tensor_io.h"
#include "model/attention.h"
#include "model/layers.h"
#include "model/models.h"
#include "sharelens/tensor_set.h"

namespace sharelens {

namespace {

namespace F = torch::nn::functional;

torch::Tensor norm(const torch::Tensor& x, const torch::Tensor& w, double eps) { return rmsNorm(x, w, eps, true); }

class GemmaBlock : public Block {
public:
    using Getter = std::function<torch::Tensor(const std::string&, std::vector<int64_t>)>;
    GemmaBlock(const ModelConfig& c, const Getter& get) : m_c(c) {
        const int64_t H = c.hiddenSize, I = c.intermediateSize, hd = c.headDim;
        const int64_t q = c.numHeads * hd, kv = c.numKVHeads * hd;
        // Registered in blockTensorNames() order (namedTensors() and forwardWith() rely on it).
        for (const auto& n : blockTensorNames(c)) {
            std::vector<int64_t> shape{H};
            if (n == "self_attn.q_proj.weight") shape = {q, H};
            if (n == "self_attn.k_proj.weight" || n == "self_attn.v_proj.weight") shape = {kv, H};
            if (n == "self_attn.o_proj.weight") shape = {H, q};
            if (n == "self_attn.q_norm.weight" || n == "self_attn.k_norm.weight") shape = {hd};
            if (n == "mlp.gate_proj.weight" || n == "mlp.up_proj.weight") shape = {I, H};
            if (n == "mlp.down_proj.weight") shape = {H, I};
            std::string module = n;
            for (auto& ch : module)
                if (ch == '.') ch = '_';
            registerComputeParameter(*this, module, get(n, shape));
        }
    }

    std::vector<std::string> tensorNames() const override { return blockTensorNames(m_c); }

    torch::Tensor forwardWith(const std::vector<torch::Tensor>& w, const torch::Tensor& x,
                              const ForwardContext& ctx) override {
        // w in blockTensorNames() order.
        size_t i = 0;
        const auto &inW = w[i++], &qW = w[i++], &kW = w[i++], &vW = w[i++], &oW = w[i++];
        torch::Tensor qNorm, kNorm;
        if (m_c.qkNorm == QkNorm::PerHead) {
            qNorm = w[i++];
            kNorm = w[i++];
        }
        const auto &postAttnW = w[i++], &preFfW = w[i++], &gateW = w[i++], &upW = w[i++], &downW = w[i++],
                   &postFfW = w[i++];
        const int64_t nh = m_c.numHeads, nkv = m_c.numKVHeads, hd = m_c.headDim;
        const auto B = x.size(0), T = x.size(1);
        const double eps = m_c.normEps;
        auto h = norm(x, inW, eps);
        auto q = computeLinear(h, qW, {}, ctx.bf16).view({B, T, nh, hd});
        auto k = computeLinear(h, kW, {}, ctx.bf16).view({B, T, nkv, hd});
        auto v = computeLinear(h, vW, {}, ctx.bf16).view({B, T, nkv, hd}).transpose(1, 2);
        if (qNorm.defined()) {
            q = norm(q, qNorm, eps);
            k = norm(k, kNorm, eps);
        }
        q = q.transpose(1, 2);
        k = k.transpose(1, 2);
        // The attention type is the position's (ctx.blockIndex), so a block
        // tied across types computes each position as its own layer would.
        const bool sliding = m_c.isSlidingLayer(ctx.blockIndex);
        const bool local = sliding && ctx.cosLocal.defined();
        const auto& cos = local ? ctx.cosLocal : ctx.cos;
        const auto& sin = local ? ctx.sinLocal : ctx.sin;
        q = q * cos + rotateHalf(q) * sin;
        k = k * cos + rotateHalf(k) * sin;
        const int64_t window = sliding && m_c.slidingWindow > 0 && T > m_c.slidingWindow ? m_c.slidingWindow : 0;
        const double scalar = m_c.queryPreAttnScalar > 0 ? m_c.queryPreAttnScalar : static_cast<double>(hd);
        auto y = multiHeadCausalAttention(q, k, v, window, kAttentionBlock, 1.0 / std::sqrt(scalar), m_c.attnSoftcap,
                                          ctx.bf16);
        auto attnOut = norm(computeLinear(y, oW, {}, ctx.bf16), postAttnW, eps);
        if (ctx.subHook) (*ctx.subHook)(ctx.blockIndex, 0, attnOut);
        auto out = x + attnOut;
        h = norm(out, preFfW, eps);
        auto gate = computeLinear(h, gateW, {}, ctx.bf16);
        gate = m_c.activation == "gelu" ? torch::gelu(gate) : torch::gelu(gate, "tanh");
        auto mlpOut =
            norm(computeLinear(gate * computeLinear(h, upW, {}, ctx.bf16), downW, {}, ctx.bf16), postFfW, eps);
        if (ctx.subHook) (*ctx.subHook)(ctx.blockIndex, 1, mlpOut);
        return out + mlpOut;
    }

private:
    ModelConfig m_c;
};

class GemmaModel : public CausalLM {
public:
    GemmaModel(const ModelConfig& c, const TensorSource* src, uint64_t seed) : CausalLM(c) {
        const int64_t H = c.hiddenSize, V = c.vocabSize, L = c.numLayers;
        if (!src) torch::manual_seed(seed);
        // Fresh norms are zero: (1 + w) starts as the identity, as Hugging Face initialises them.
        auto get = [&](const std::string& name, std::vector<int64_t> shape, double std) -> torch::Tensor {
            if (src) return src->getForCompute(name, shape);
            if (std == 0) return torch::zeros(shape);
            return torch::randn(shape) * std;
        };
        embedW = registerComputeParameter(*this, "embed_tokens", get("model.embed_tokens.weight", {V, H}, 0.02));
        const double residStd = 0.02 / std::sqrt(2.0 * static_cast<double>(L));
        std::vector<std::shared_ptr<Block>> blocks;
        for (int i = 0; i < c.numLayers; ++i) {
            const std::string p = blockPrefix(i);
            GemmaBlock::Getter g = [&](const std::string& n, std::vector<int64_t> shape) {
                if (n.find("norm") != std::string::npos) return get(p + n, shape, 0);
                const bool resid = n == "self_attn.o_proj.weight" || n == "mlp.down_proj.weight";
                return get(p + n, shape, resid ? residStd : 0.02);
            };
            blocks.push_back(std::make_shared<GemmaBlock>(c, g));
        }
        setBlocks(std::move(blocks));
        normW = registerComputeParameter(*this, "norm", get("model.norm.weight", {H}, 0));
        if (!c.tieEmbeddings) head = registerComputeParameter(*this, "lm_head", get("lm_head.weight", {V, H}, 0.02));
        m_invFreq = ropeInvFrequencies(c, c.ropeTheta);
        if (c.ropeLocalTheta > 0) {
            ModelConfig local = c; // sliding layers: plain RoPE on their own base
            local.ropeScalingType.clear();
            m_invFreqLocal = ropeInvFrequencies(local, c.ropeLocalTheta);
        }
    }

    std::string blockPrefix(int i) const override { return "model.layers." + std::to_string(i) + "."; }

    torch::Tensor logits(const torch::Tensor& h) override {
        auto l = computeHead(h, head.defined() ? head : embedW, bf16());
        const double cap = m_config.finalSoftcap;
        return cap > 0 ? torch::tanh(l / cap) * cap : l;
    }

protected:
    torch::Tensor embed(const torch::Tensor& ids) override {
        // Hugging Face multiplies by sqrt(hidden) rounded to the hidden states' dtype (float32 here).
        const auto normalizer = static_cast<float>(std::sqrt(static_cast<double>(m_config.hiddenSize)));
        return asFloat(embedW.index_select(0, ids.reshape({-1}))).view({ids.size(0), ids.size(1), -1}) * normalizer;
    }
    torch::Tensor finalNorm(const torch::Tensor& x) override { return norm(x, normW, m_config.normEps); }
    ForwardContext context(int64_t T) const override {
        ForwardContext ctx = CausalLM::context(T);
        std::tie(ctx.cos, ctx.sin) = ropeTables(m_invFreq, T);
        if (m_invFreqLocal.defined()) std::tie(ctx.cosLocal, ctx.sinLocal) = ropeTables(m_invFreqLocal, T);
        ctx.slidingWindow = m_config.slidingWindow; // the blocks apply it in sliding layers only
        return ctx;
    }
    std::vector<std::pair<std::string, torch::Tensor>> outerTensors() const override {
        std::vector<std::pair<std::string, torch::Tensor>> v{{"model.embed_tokens.weight", embedW},
                                                             {"model.norm.weight", normW}};
        if (head.defined()) v.emplace_back("lm_head.weight", head);
        return v;
    }

private:
    torch::Tensor embedW, normW, head, m_invFreq, m_invFreqLocal;
};

} // namespace

bool isGemmaFamily(const ModelConfig& config) {
    return config.modelType == "gemma2" || config.modelType == "gemma3_text";
}

std::shared_ptr<CausalLM> makeGemmaModel(const ModelConfig& config, const TensorSource* source, uint64_t seed) {
    return std::make_shared<GemmaModel>(config, source, seed);
}

} // namespace sharelens
