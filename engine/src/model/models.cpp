// GPT-2 and Llama-family decoders. Tensor names and layouts follow the
// Hugging Face checkpoints, so weights load without transposes (GPT-2's
// Conv1D keeps [in, out]; Llama's Linear keeps [out, in]).
#include "model/models.h"

#include <cmath>
#include <cstdlib>
#include <mutex>
#include <set>

#include <dlfcn.h>

#include "analysis/capture_batches.h" // runBatchesInOrder: evaluation on every CPU
#include "model/attention.h"
#include "model/layers.h"
#include "sharelens/error.h"
#include "sharelens/tensor_set.h"
#include "io/tensor_io.h"

namespace sharelens {

namespace {

namespace F = torch::nn::functional;

torch::Tensor reg(torch::nn::Module& m, const std::string& name, torch::Tensor t) {
    return registerComputeParameter(m, name, std::move(t));
}

// Module names may not contain '.', so HF names are registered with '_' and
// mapped back through this table.
struct Named {
    std::string hfName;
    std::string moduleName;
};

torch::Tensor gptLinear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, bool bf16) {
    // Conv1D: y = x @ W + b with W [in, out] (bf16: the product in bfloat16, the bias added in float32).
    auto x2 = x.reshape({-1, x.size(-1)});
    auto y = bf16                      ? torch::mm(asBFloat16(x2), asBFloat16(w)).to(torch::kFloat32) + asFloat(b)
             : viaStoredProduct(x2, w) ? StoredWeightProduct::apply(x2, w, /*transposed=*/false) + asFloat(b)
                                       : torch::addmm(asFloat(b), x2, asFloat(w));
    return y.view([&] {
        auto s = x.sizes().vec();
        s.back() = w.size(1);
        return s;
    }());
}

// GPT-2's "gelu_new" is the tanh approximation of GELU; LibTorch has it fused.
torch::Tensor geluNew(const torch::Tensor& x) { return torch::gelu(x, "tanh"); }

// ---------------------------------------------------------------- GPT-2

class Gpt2Block : public Block {
public:
    using Getter = std::function<torch::Tensor(const std::string&, std::vector<int64_t>)>;
    Gpt2Block(const ModelConfig& c, const Getter& get) : m_c(c) {
        const int64_t H = c.hiddenSize, I = c.intermediateSize;
        // Registered in blockTensorNames() order (namedTensors() and forwardWith() rely on it).
        reg(*this, "ln_1_weight", get("ln_1.weight", {H}));
        reg(*this, "ln_1_bias", get("ln_1.bias", {H}));
        reg(*this, "attn_c_attn_weight", get("attn.c_attn.weight", {H, 3 * H}));
        reg(*this, "attn_c_attn_bias", get("attn.c_attn.bias", {3 * H}));
        reg(*this, "attn_c_proj_weight", get("attn.c_proj.weight", {H, H}));
        reg(*this, "attn_c_proj_bias", get("attn.c_proj.bias", {H}));
        reg(*this, "ln_2_weight", get("ln_2.weight", {H}));
        reg(*this, "ln_2_bias", get("ln_2.bias", {H}));
        reg(*this, "mlp_c_fc_weight", get("mlp.c_fc.weight", {H, I}));
        reg(*this, "mlp_c_fc_bias", get("mlp.c_fc.bias", {I}));
        reg(*this, "mlp_c_proj_weight", get("mlp.c_proj.weight", {I, H}));
        reg(*this, "mlp_c_proj_bias", get("mlp.c_proj.bias", {H}));
    }

    // The same list the checkpoint check expects (sharelens/tensor_set.h).
    std::vector<std::string> tensorNames() const override { return blockTensorNames(m_c); }

    torch::Tensor forwardWith(const std::vector<torch::Tensor>& w, const torch::Tensor& x,
                              const ForwardContext& ctx) override {
        // w in blockTensorNames() order.
        const auto &ln1w = w[0], &ln1b = w[1], &attnW = w[2], &attnB = w[3], &projW = w[4], &projB = w[5], &ln2w = w[6],
                   &ln2b = w[7], &fcW = w[8], &fcB = w[9], &fc2W = w[10], &fc2B = w[11];
        const int64_t H = m_c.hiddenSize, nh = m_c.numHeads, hd = H / nh;
        const auto B = x.size(0), T = x.size(1);
        auto h = F::layer_norm(x, F::LayerNormFuncOptions({H}).weight(ln1w).bias(ln1b).eps(m_c.normEps));
        auto qkv = gptLinear(h, attnW, attnB, ctx.bf16);
        auto parts = qkv.split(H, -1);
        auto shape = [&](const torch::Tensor& t) { return t.view({B, T, nh, hd}).transpose(1, 2); };
        auto y = multiHeadCausalAttention(shape(parts[0]), shape(parts[1]), shape(parts[2]), ctx.slidingWindow,
                                          kAttentionBlock, 0, 0, ctx.bf16);
        auto attnOut = gptLinear(y, projW, projB, ctx.bf16);
        if (ctx.subHook) (*ctx.subHook)(ctx.blockIndex, 0, attnOut);
        auto out = x + attnOut;
        h = F::layer_norm(out, F::LayerNormFuncOptions({H}).weight(ln2w).bias(ln2b).eps(m_c.normEps));
        auto m = gptLinear(h, fcW, fcB, ctx.bf16);
        m = (m_c.activation == "gelu" || m_c.activation == "gelu_python") ? torch::gelu(m) : geluNew(m);
        auto mlpOut = gptLinear(m, fc2W, fc2B, ctx.bf16);
        if (ctx.subHook) (*ctx.subHook)(ctx.blockIndex, 1, mlpOut);
        return out + mlpOut;
    }

private:
    ModelConfig m_c;
};

class Gpt2Model : public CausalLM {
public:
    Gpt2Model(const ModelConfig& c, const TensorSource* src, uint64_t seed) : CausalLM(c) {
        const int64_t H = c.hiddenSize, V = c.vocabSize, P = c.maxPositions, L = c.numLayers;
        // GPT-2 checkpoints come with and without the "transformer." prefix.
        m_prefix = (src && !src->contains("transformer.wte.weight") && src->contains("wte.weight"))
                       ? std::string()
                       : std::string("transformer.");
        if (!src) torch::manual_seed(seed);
        auto init = [&](std::vector<int64_t> shape, double std) { return torch::randn(shape) * std; };
        auto get = [&](const std::string& name, std::vector<int64_t> shape, double std, double fill) -> torch::Tensor {
            if (src) return src->getForCompute(name, shape);
            if (std == 0) return torch::full(shape, fill);
            return init(shape, std);
        };
        wte = reg(*this, "wte", get(m_prefix + "wte.weight", {V, H}, 0.02, 0));
        wpe = reg(*this, "wpe", get(m_prefix + "wpe.weight", {P, H}, 0.01, 0));
        const double residStd = 0.02 / std::sqrt(2.0 * static_cast<double>(L));
        std::vector<std::shared_ptr<Block>> blocks;
        for (int i = 0; i < c.numLayers; ++i) {
            const std::string p = blockPrefix(i);
            Gpt2Block::Getter g = [&](const std::string& n, std::vector<int64_t> shape) {
                const bool isBias = n.size() > 4 && n.compare(n.size() - 4, 4, "bias") == 0;
                const bool isLn = n.rfind("ln_", 0) == 0;
                const bool isResid = n == "attn.c_proj.weight" || n == "mlp.c_proj.weight";
                if (isLn) return get(p + n, shape, 0, isBias ? 0.0 : 1.0);
                if (isBias) return get(p + n, shape, 0, 0.0);
                return get(p + n, shape, isResid ? residStd : 0.02, 0);
            };
            blocks.push_back(std::make_shared<Gpt2Block>(c, g));
        }
        setBlocks(std::move(blocks));
        lnfW = reg(*this, "ln_f_weight", get(m_prefix + "ln_f.weight", {H}, 0, 1.0));
        lnfB = reg(*this, "ln_f_bias", get(m_prefix + "ln_f.bias", {H}, 0, 0.0));
        if (!c.tieEmbeddings) head = reg(*this, "lm_head", get("lm_head.weight", {V, H}, 0.02, 0));
    }

    std::string blockPrefix(int i) const override { return m_prefix + "h." + std::to_string(i) + "."; }

    torch::Tensor logits(const torch::Tensor& h) override {
        return computeHead(h, head.defined() ? head : wte, bf16());
    }

protected:
    torch::Tensor embed(const torch::Tensor& ids) override {
        const auto T = ids.size(1);
        if (T > m_config.maxPositions)
            throw Error(ErrorCode::ModelsSequenceTokensLongerThanModel,
                        {std::to_string(T), std::to_string(m_config.maxPositions)});
        return asFloat(wte.index_select(0, ids.reshape({-1}))).view({ids.size(0), T, -1}) +
               asFloat(wpe.narrow(0, 0, T)).unsqueeze(0);
    }
    torch::Tensor finalNorm(const torch::Tensor& x) override {
        return F::layer_norm(
            x, F::LayerNormFuncOptions({m_config.hiddenSize}).weight(lnfW).bias(lnfB).eps(m_config.normEps));
    }
    std::vector<std::pair<std::string, torch::Tensor>> outerTensors() const override {
        std::vector<std::pair<std::string, torch::Tensor>> v{{m_prefix + "wte.weight", wte},
                                                             {m_prefix + "wpe.weight", wpe},
                                                             {m_prefix + "ln_f.weight", lnfW},
                                                             {m_prefix + "ln_f.bias", lnfB}};
        if (head.defined()) v.emplace_back("lm_head.weight", head);
        return v;
    }

private:
    std::string m_prefix;
    torch::Tensor wte, wpe, lnfW, lnfB, head;
};

// ---------------------------------------------------------------- Llama family

// Llama, Mistral, Qwen2/3, OLMo 2 and Phi-3 blocks. The config decides the
// variant: fused q/k/v and gate/up (Phi-3), q/k norms per head (Qwen3) or over
// the whole projection (OLMo 2), norms before (Pre) or after (Post: OLMo 2)
// the sub-layers.
class LlamaBlock : public Block {
public:
    using Getter = std::function<torch::Tensor(const std::string&, std::vector<int64_t>)>;
    LlamaBlock(const ModelConfig& c, const Getter& get) : m_c(c) {
        // Registered in blockTensorNames() order (namedTensors() and forwardWith() rely on it),
        // with the shapes the checkpoint check expects (one block's list).
        ModelConfig one = c;
        one.numLayers = 1;
        const std::string p = "model.layers.0.";
        for (const auto& t : architectureTensors(one, "")) {
            if (t.name.compare(0, p.size(), p) != 0) continue;
            const std::string rel = t.name.substr(p.size());
            std::string module = rel;
            for (auto& ch : module)
                if (ch == '.') ch = '_';
            m_slots.push_back(rel);
            reg(*this, module, get(rel, t.shape));
        }
    }

    std::vector<std::string> tensorNames() const override { return blockTensorNames(m_c); }

    torch::Tensor forwardWith(const std::vector<torch::Tensor>& w, const torch::Tensor& x,
                              const ForwardContext& ctx) override {
        const bool post = m_c.normPlacement == NormPlacement::Post;
        auto attnOut = attention(w, post ? x : rmsNorm(x, at(w, "input_layernorm.weight"), m_c.normEps), ctx);
        if (post) attnOut = rmsNorm(attnOut, at(w, "post_attention_layernorm.weight"), m_c.normEps);
        if (ctx.subHook) (*ctx.subHook)(ctx.blockIndex, 0, attnOut);
        auto out = x + attnOut;
        auto mlpOut = mlp(w, post ? out : rmsNorm(out, at(w, "post_attention_layernorm.weight"), m_c.normEps), ctx);
        if (post) mlpOut = rmsNorm(mlpOut, at(w, "post_feedforward_layernorm.weight"), m_c.normEps);
        if (ctx.subHook) (*ctx.subHook)(ctx.blockIndex, 1, mlpOut);
        return out + mlpOut;
    }

private:
    // The tensor named `rel` among w (blockTensorNames() order); undefined when the variant has none.
    torch::Tensor at(const std::vector<torch::Tensor>& w, const char* rel) const {
        for (size_t k = 0; k < m_slots.size(); ++k)
            if (m_slots[k] == rel) return w[k];
        return {};
    }

    torch::Tensor attention(const std::vector<torch::Tensor>& w, const torch::Tensor& hIn, const ForwardContext& ctx) {
        const int64_t nh = m_c.numHeads, nkv = m_c.numKVHeads, hd = m_c.headDim;
        const auto h = sharedOperand(hIn, ctx);
        const auto B = h.size(0), T = h.size(1);
        torch::Tensor q, k, v;
        if (m_c.fusedQkv) {
            auto qkv = computeLinear(h, at(w, "self_attn.qkv_proj.weight"), torch::Tensor(), ctx.bf16);
            q = qkv.narrow(-1, 0, nh * hd);
            k = qkv.narrow(-1, nh * hd, nkv * hd);
            v = qkv.narrow(-1, (nh + nkv) * hd, nkv * hd);
        } else {
            q = computeLinear(h, at(w, "self_attn.q_proj.weight"), at(w, "self_attn.q_proj.bias"), ctx.bf16);
            k = computeLinear(h, at(w, "self_attn.k_proj.weight"), at(w, "self_attn.k_proj.bias"), ctx.bf16);
            v = computeLinear(h, at(w, "self_attn.v_proj.weight"), at(w, "self_attn.v_proj.bias"), ctx.bf16);
        }
        if (m_c.qkNorm == QkNorm::Projection) { // OLMo 2: over all heads at once
            q = rmsNorm(q, at(w, "self_attn.q_norm.weight"), m_c.normEps);
            k = rmsNorm(k, at(w, "self_attn.k_norm.weight"), m_c.normEps);
        }
        q = q.reshape({B, T, nh, hd});
        k = k.reshape({B, T, nkv, hd});
        v = v.reshape({B, T, nkv, hd}).transpose(1, 2);
        if (m_c.qkNorm == QkNorm::PerHead) { // Qwen3: each head on its own
            q = rmsNorm(q, at(w, "self_attn.q_norm.weight"), m_c.normEps);
            k = rmsNorm(k, at(w, "self_attn.k_norm.weight"), m_c.normEps);
        }
        q = q.transpose(1, 2);
        k = k.transpose(1, 2);
        q = q * ctx.cos + rotateHalf(q) * ctx.sin;
        k = k * ctx.cos + rotateHalf(k) * ctx.sin;
        // Per-layer types (Qwen3 layer_types): only sliding layers use the window.
        const int64_t window =
            m_c.layerTypes.empty() || m_c.isSlidingLayer(ctx.blockIndex) ? ctx.slidingWindow : int64_t{0};
        return computeLinear(multiHeadCausalAttention(q, k, v, window, kAttentionBlock, 0, 0, ctx.bf16),
                             at(w, "self_attn.o_proj.weight"), torch::Tensor(), ctx.bf16);
    }

    torch::Tensor mlp(const std::vector<torch::Tensor>& w, const torch::Tensor& hIn, const ForwardContext& ctx) {
        const auto h = sharedOperand(hIn, ctx);
        torch::Tensor gate, up;
        if (m_c.fusedGateUp) {
            auto gu = ctx.bf16 ? computeLinearBf16(h, at(w, "mlp.gate_up_proj.weight"))
                               : computeLinear(h, at(w, "mlp.gate_up_proj.weight"), torch::Tensor(), false);
            gate = gu.narrow(-1, 0, m_c.intermediateSize);
            up = gu.narrow(-1, m_c.intermediateSize, m_c.intermediateSize);
        } else if (ctx.bf16 && !at(w, "mlp.gate_proj.bias").defined() && !at(w, "mlp.up_proj.bias").defined()) {
            // bf16: gate and up stay in bfloat16, the down product's operand
            // dtype, so the widest tensors of a block are neither converted
            // to float32 and back nor held in float32 for the backward pass.
            gate = computeLinearBf16(h, at(w, "mlp.gate_proj.weight"));
            up = computeLinearBf16(h, at(w, "mlp.up_proj.weight"));
        } else {
            gate = computeLinear(h, at(w, "mlp.gate_proj.weight"), at(w, "mlp.gate_proj.bias"), ctx.bf16);
            up = computeLinear(h, at(w, "mlp.up_proj.weight"), at(w, "mlp.up_proj.bias"), ctx.bf16);
        }
        return computeLinear(torch::silu(gate) * up, at(w, "mlp.down_proj.weight"), at(w, "mlp.down_proj.bias"),
                             ctx.bf16);
    }

    // The input of several products (q, k, v; gate, up) in their operand
    // dtype, converted once: bfloat16 in bf16 compute without autograd (with
    // it, each product's gradient reaches h through its own conversion, so
    // the three are summed in float32, not bfloat16).
    static torch::Tensor sharedOperand(const torch::Tensor& h, const ForwardContext& ctx) {
        const bool grad = torch::GradMode::is_enabled() && h.requires_grad();
        return ctx.bf16 && !grad ? asBFloat16(h) : h;
    }

    ModelConfig m_c;
    std::vector<std::string> m_slots; // blockTensorNames(m_c)
};

class LlamaModel : public CausalLM {
public:
    LlamaModel(const ModelConfig& c, const TensorSource* src, uint64_t seed) : CausalLM(c) {
        const int64_t H = c.hiddenSize, V = c.vocabSize, L = c.numLayers;
        if (!src) torch::manual_seed(seed);
        auto get = [&](const std::string& name, std::vector<int64_t> shape, double std, double fill) -> torch::Tensor {
            if (src) return src->getForCompute(name, shape);
            if (std == 0) return torch::full(shape, fill);
            return torch::randn(shape) * std;
        };
        embedW = reg(*this, "embed_tokens", get("model.embed_tokens.weight", {V, H}, 0.02, 0));
        const double residStd = 0.02 / std::sqrt(2.0 * static_cast<double>(L));
        std::vector<std::shared_ptr<Block>> blocks;
        for (int i = 0; i < c.numLayers; ++i) {
            const std::string p = blockPrefix(i);
            LlamaBlock::Getter g = [&](const std::string& n, std::vector<int64_t> shape) {
                if (n.find("layernorm") != std::string::npos || n.find("_norm.") != std::string::npos)
                    return get(p + n, shape, 0, 1.0);
                if (n.size() > 4 && n.compare(n.size() - 4, 4, "bias") == 0) return get(p + n, shape, 0, 0.0);
                const bool resid = n == "self_attn.o_proj.weight" || n == "mlp.down_proj.weight";
                return get(p + n, shape, resid ? residStd : 0.02, 0);
            };
            blocks.push_back(std::make_shared<LlamaBlock>(c, g));
        }
        setBlocks(std::move(blocks));
        normW = reg(*this, "norm", get("model.norm.weight", {H}, 0, 1.0));
        if (!c.tieEmbeddings) head = reg(*this, "lm_head", get("lm_head.weight", {V, H}, 0.02, 0));
        if (c.ropeScalingType == "longrope") {
            m_invFreq = longropeInvFrequencies(c, c.ropeShortFactor);
            m_invFreqLong = longropeInvFrequencies(c, c.ropeLongFactor);
        } else {
            m_invFreq = ropeInvFrequencies(c, c.ropeTheta);
        }
    }

    std::string blockPrefix(int i) const override { return "model.layers." + std::to_string(i) + "."; }

    torch::Tensor logits(const torch::Tensor& h) override {
        return computeHead(h, head.defined() ? head : embedW, bf16());
    }

protected:
    torch::Tensor embed(const torch::Tensor& ids) override {
        return asFloat(embedW.index_select(0, ids.reshape({-1}))).view({ids.size(0), ids.size(1), -1});
    }
    torch::Tensor finalNorm(const torch::Tensor& x) override { return rmsNorm(x, normW, m_config.normEps); }
    ForwardContext context(int64_t T) const override {
        ForwardContext ctx = CausalLM::context(T);
        // Phi-3's longrope: long factors once the sequence outgrows the
        // original context, and cos/sin scaled by the attention factor
        // (the rule is spelled out at parsePhi3RopeScaling in io/config.cpp).
        const bool longFactors = m_invFreqLong.defined() && T > m_config.ropeOriginalMaxPositions;
        std::tie(ctx.cos, ctx.sin) = ropeTables(longFactors ? m_invFreqLong : m_invFreq, T);
        if (m_config.ropeScalingType == "longrope" && m_config.ropeAttentionFactor != 1.0) {
            ctx.cos = ctx.cos * m_config.ropeAttentionFactor;
            ctx.sin = ctx.sin * m_config.ropeAttentionFactor;
        }
        // Mistral: token i sees tokens j with i - window < j <= i.
        if (m_config.slidingWindow > 0 && T > m_config.slidingWindow) ctx.slidingWindow = m_config.slidingWindow;
        return ctx;
    }
    std::vector<std::pair<std::string, torch::Tensor>> outerTensors() const override {
        std::vector<std::pair<std::string, torch::Tensor>> v{{"model.embed_tokens.weight", embedW},
                                                             {"model.norm.weight", normW}};
        if (head.defined()) v.emplace_back("lm_head.weight", head);
        return v;
    }

private:
    // 1 / (factor[i] * theta^(2i / head_dim)) as float32 [headDim / 2].
    static torch::Tensor longropeInvFrequencies(const ModelConfig& c, const std::vector<double>& factor) {
        std::vector<double> inv;
        for (int64_t i = 0; i < c.headDim / 2; ++i)
            inv.push_back(1.0 / (factor.at(static_cast<size_t>(i)) *
                                 std::pow(c.ropeTheta, static_cast<double>(2 * i) / static_cast<double>(c.headDim))));
        return torch::tensor(inv, torch::kFloat64).to(torch::kFloat32);
    }

    torch::Tensor embedW, normW, head, m_invFreq, m_invFreqLong;
};

} // namespace

// ---------------------------------------------------------------- threads

namespace {

using BlasSetThreads = void (*)(int);
using BlasGetThreads = int (*)();

// OpenBLAS (Debian's libblas.so.3 alternative, loaded with LibTorch) starts
// one thread per CPU and hands even tiny GEMMs to all of them. LibTorch runs
// its own element-wise work on at::get_num_threads() threads. On a machine
// whose cores are busy with other work the extra BLAS thread is often not
// scheduled, and every GEMM then waits for it: a batched attention GEMM of
// the demo model measured 5.9 ms with one BLAS thread against 360 ms with
// two on this 2-core machine under a load of 10. So the engine keeps one
// thread budget: BLAS gets as many threads as LibTorch's intra-op pool,
// unless the user set OPENBLAS_NUM_THREADS (or GOTO/OMP) explicitly. Looked
// up at run time, so another BLAS simply keeps its own setting.
void applyThreadPolicy() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (const char* var : {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"})
            if (std::getenv(var)) return;
        if (auto set = reinterpret_cast<BlasSetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
            set(std::max(1, at::get_num_threads()));
    });
}

} // namespace

int blasThreadCount() {
    applyThreadPolicy();
    if (auto get = reinterpret_cast<BlasGetThreads>(::dlsym(RTLD_DEFAULT, "openblas_get_num_threads"))) return get();
    return 0;
}

// ---------------------------------------------------------------- CausalLM

ForwardContext CausalLM::context(int64_t T) const {
    ForwardContext ctx;
    ctx.seqLen = T;
    ctx.bf16 = bf16();
    return ctx;
}

torch::Tensor CausalLM::hidden(const torch::Tensor& ids, const BlockHook& hook, const SubBlockHook& subHook,
                               bool applyFinalNorm) {
    if (ids.dim() != 2) throw Error(ErrorCode::ModelsTokenIdsMustBatchLength, {});
    auto x = embed(ids);
    ForwardContext ctx = context(ids.size(1));
    if (subHook) ctx.subHook = &subHook;
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        ctx.blockIndex = static_cast<int>(i);
        x = m_checkpointing && torch::GradMode::is_enabled() ? checkpointedBlock(m_blocks[i], x, ctx)
                                                             : m_blocks[i]->forward(x, ctx);
        if (hook) hook(static_cast<int>(i), x);
    }
    return applyFinalNorm ? finalNorm(x) : x;
}

std::optional<ErrorMessage> CausalLM::firstNonFinite(const torch::Tensor& ids) {
    torch::NoGradGuard noGrad;
    auto bad = [](const torch::Tensor& t) { return !torch::isfinite(t).all().item<bool>(); };
    auto x = embed(ids);
    if (bad(x)) return ErrorMessage(ErrorCode::NonFiniteInEmbedding);
    ForwardContext ctx = context(ids.size(1));
    std::optional<ErrorMessage> where;
    const SubBlockHook sub = [&](int block, int part, const torch::Tensor& delta) {
        if (!where && bad(delta))
            where = ErrorMessage(part == 0 ? ErrorCode::NonFiniteInBlockAttention : ErrorCode::NonFiniteInBlockMlp,
                                 {std::to_string(block)});
    };
    ctx.subHook = &sub;
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        ctx.blockIndex = static_cast<int>(i);
        x = m_blocks[i]->forward(x, ctx);
        if (where) return where;
        if (bad(x)) return ErrorMessage(ErrorCode::NonFiniteInBlock, {std::to_string(i)});
    }
    auto h = finalNorm(x);
    if (bad(h)) return ErrorMessage(ErrorCode::NonFiniteInFinalNorm);
    auto flat = h.reshape({-1, h.size(-1)});
    for (int64_t s = 0; s < flat.size(0); s += 512)
        if (bad(logits(flat.narrow(0, s, std::min<int64_t>(512, flat.size(0) - s)))))
            return ErrorMessage(ErrorCode::NonFiniteInLmHead);
    return std::nullopt;
}

void CausalLM::setBlock(int i, std::shared_ptr<Block> b) {
    m_blocks.at(static_cast<size_t>(i)) = b;
    replace_module("block" + std::to_string(i), std::move(b));
}

void CausalLM::setBlocks(std::vector<std::shared_ptr<Block>> blocks) {
    m_blocks = std::move(blocks);
    for (size_t i = 0; i < m_blocks.size(); ++i) register_module("block" + std::to_string(i), m_blocks[i]);
}

std::vector<std::pair<std::string, torch::Tensor>> CausalLM::namedTensors() const {
    auto outer = outerTensors();
    std::vector<std::pair<std::string, torch::Tensor>> out;
    out.insert(out.end(), outer.begin(), outer.begin() + 2); // embeddings first
    for (int i = 0; i < numBlocks(); ++i) {
        const auto& b = m_blocks[static_cast<size_t>(i)];
        auto params = b->tensors();
        auto names = b->tensorNames();
        if (params.size() != names.size()) throw Error(ErrorCode::AgentsInternalBlockTensorListMismatch, {});
        for (size_t k = 0; k < names.size(); ++k) out.emplace_back(blockPrefix(i) + names[k], params[k]);
    }
    out.insert(out.end(), outer.begin() + 2, outer.end());
    return out;
}

std::vector<std::pair<std::string, TensorParts>> CausalLM::namedParts() const {
    auto outer = outerTensors();
    std::vector<std::pair<std::string, TensorParts>> out;
    for (size_t k = 0; k < 2; ++k) out.push_back({outer[k].first, {outer[k].second, {}, {}}});
    for (int i = 0; i < numBlocks(); ++i) {
        const auto& b = m_blocks[static_cast<size_t>(i)];
        auto parts = b->parts();
        auto names = b->tensorNames();
        if (parts.size() != names.size()) throw Error(ErrorCode::AgentsInternalBlockTensorListMismatch, {});
        for (size_t k = 0; k < names.size(); ++k) out.emplace_back(blockPrefix(i) + names[k], parts[k]);
    }
    for (size_t k = 2; k < outer.size(); ++k) out.push_back({outer[k].first, {outer[k].second, {}, {}}});
    return out;
}

int64_t CausalLM::uniqueParameterCount() const {
    std::set<const void*> seen;
    int64_t n = 0;
    for (const auto& p : parameters(/*recurse=*/true)) {
        if (seen.insert(p.unsafeGetTensorImpl()).second) n += p.numel();
    }
    return n;
}

std::shared_ptr<CausalLM> buildModel(const ModelConfig& config, const TensorSource& source) {
    applyThreadPolicy();
    if (config.family == Family::Gpt2) return std::make_shared<Gpt2Model>(config, &source, 0);
    if (isGemmaFamily(config)) return makeGemmaModel(config, &source, 0);
    return std::make_shared<LlamaModel>(config, &source, 0);
}

std::shared_ptr<CausalLM> createModel(const ModelConfig& config, uint64_t seed) {
    applyThreadPolicy();
    std::shared_ptr<CausalLM> m;
    if (config.family == Family::Gpt2)
        m = std::make_shared<Gpt2Model>(config, nullptr, seed);
    else if (isGemmaFamily(config))
        m = makeGemmaModel(config, nullptr, seed);
    else
        m = std::make_shared<LlamaModel>(config, nullptr, seed);
    return m;
}

namespace {

// nextTokenLossSum's rows split over `workers` threads (rows [B c / W, B (c+1) / W)
// each, one BLAS thread each as the capture's workers run), the parts added in
// row order. A model's evaluation otherwise ran on one core: LibTorch's
// intra-op pool and OpenBLAS get one thread each (see applyThreadPolicy).
std::pair<double, int64_t> lossSumOnWorkers(CausalLM& model, const torch::Tensor& ids,
                                            const std::vector<int64_t>& lengths, int workers) {
    std::vector<std::pair<double, int64_t>> parts(static_cast<size_t>(workers));
    runRowChunks(ids.size(0), workers, [&](size_t c, int64_t r0, int64_t n) {
        const std::vector<int64_t> rowLengths(lengths.begin() + r0, lengths.begin() + r0 + n);
        parts[c] = nextTokenLossSum(model, ids.narrow(0, r0, n), rowLengths);
    });
    std::pair<double, int64_t> total{0.0, 0};
    for (const auto& [sum, count] : parts) {
        total.first += sum;
        total.second += count;
    }
    return total;
}

} // namespace

int lossSumWorkers(int64_t rows) {
    return rows > 1 && !inBatchWorker() ? captureWorkers(0, static_cast<size_t>(rows)) : 1;
}

std::pair<double, int64_t> nextTokenLossSum(CausalLM& model, const torch::Tensor& ids,
                                            const std::vector<int64_t>& lengths) {
    torch::NoGradGuard noGrad;
    const auto B = ids.size(0), T = ids.size(1);
    if (T < 2) return {0.0, 0};
    if (const int workers = lossSumWorkers(B); workers > 1) return lossSumOnWorkers(model, ids, lengths, workers);
    // The last token is only a target: the model sees T - 1 inputs, so a
    // window of context + 1 tokens fits a model of that context.
    auto h = model.hidden(ids.narrow(1, 0, T - 1)); // [B, T - 1, H]
    // Gather the positions that predict a real next token.
    std::vector<int64_t> rows, targets;
    auto idsAcc = ids.accessor<int64_t, 2>();
    for (int64_t b = 0; b < B; ++b) {
        for (int64_t t = 0; t + 1 < lengths[static_cast<size_t>(b)] && t + 1 < T; ++t) {
            rows.push_back(b * (T - 1) + t);
            targets.push_back(idsAcc[b][t + 1]);
        }
    }
    auto flat = h.reshape({B * (T - 1), h.size(2)});
    double sum = 0;
    const int64_t chunk = 512;
    const ConversionReuseScope convertHeadOnce; // a stored-dtype head in f32 compute
    const auto n = static_cast<int64_t>(rows.size());
    for (int64_t s = 0; s < n; s += chunk) {
        const auto len = std::min(chunk, n - s);
        auto r = torch::from_blob(rows.data() + s, {len}, torch::kInt64);
        auto tg = torch::from_blob(targets.data() + s, {len}, torch::kInt64);
        auto logits = model.logits(flat.index_select(0, r));
        auto lse = torch::logsumexp(logits.to(torch::kFloat64), -1);
        auto picked = logits.gather(1, tg.unsqueeze(1)).squeeze(1).to(torch::kFloat64);
        sum += (lse - picked).sum().item<double>();
    }
    return {sum, n};
}

torch::Tensor nextTokenLoss(CausalLM& model, const torch::Tensor& ids) {
    auto h = model.hidden(ids.narrow(1, 0, ids.size(1) - 1));
    auto logits = model.logits(h.reshape({-1, h.size(2)}));
    auto targets = ids.narrow(1, 1, ids.size(1) - 1).reshape({-1});
    return torch::nn::functional::cross_entropy(logits, targets);
}

} // namespace sharelens
