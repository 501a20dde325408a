// Engine-internal: GPT-2 and Llama-family decoders as LibTorch modules.
//
// A model is: embed(ids) -> blocks[0..L) -> finalNorm -> lm head. Each block
// is its own module held through a shared_ptr, so that a sharing plan can
// make several positions use one block (tied parameters). The output of block
// i (the residual stream after it, before the final norm) is what the design
// document (docs/) calls the unit's activation; forward() reports it through
// a hook.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sharelens/compute.h"
#include "sharelens/config.h"
#include "sharelens/error.h"

namespace sharelens {

class TensorSource;

// What a sub-block adds to the residual stream: part 0 = attention, 1 = MLP.
using SubBlockHook = std::function<void(int block, int part, const torch::Tensor& delta)>;

// Per-forward constants shared by all blocks (rotary tables, attention window).
struct ForwardContext {
    int64_t seqLen = 0;
    int blockIndex = -1; // the block being run
    const SubBlockHook* subHook = nullptr;
    // > 0: in a sliding layer (ModelConfig::isSlidingLayer), query i also
    // ignores keys j <= i - slidingWindow (causal always).
    int64_t slidingWindow = 0;
    torch::Tensor cos, sin; // [T, headDim] (Llama family)
    // Sliding layers' own tables when their RoPE base differs (Gemma 3's
    // rope_local_base_freq); undefined otherwise.
    torch::Tensor cosLocal, sinLocal;
    // Matrix products in bfloat16 (ComputeDtype::BFloat16), results float32.
    bool bf16 = false;
};

// What one position computes a tensor from: base (+ a @ b for a matrix
// delta, + a for a vector delta). Plain blocks give {parameter, {}, {}}.
struct TensorParts {
    torch::Tensor base, a, b;
};

class Block : public torch::nn::Module {
public:
    // x: [B, T, H] -> [B, T, H], computed with tensors().
    torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) { return forwardWith(tensors(), x, ctx); }
    // The same computation with explicit tensors, given in tensorNames() order.
    // Sharing wrappers (sharing.cpp) run a shared block's code on their own
    // mix of shared, private and delta-adjusted tensors through this.
    virtual torch::Tensor forwardWith(const std::vector<torch::Tensor>& w, const torch::Tensor& x,
                                      const ForwardContext& ctx) = 0;
    // Names of this block's tensors relative to the block prefix, e.g. "ln_1.weight".
    virtual std::vector<std::string> tensorNames() const = 0;
    // The tensors this position computes with, in tensorNames() order: by
    // default its own parameters; a sharing wrapper gives its effective
    // (shared, private, shared + delta) tensors. Differentiable.
    virtual std::vector<torch::Tensor> tensors() const { return parameters(/*recurse=*/false); }
    // The stored pieces behind tensors(), in tensorNames() order (the same
    // TensorImpls the position trains): what a compact checkpoint writes.
    virtual std::vector<TensorParts> parts() const {
        std::vector<TensorParts> p;
        for (const auto& t : parameters(/*recurse=*/false)) p.push_back({t, {}, {}});
        return p;
    }
};

// One member position of a shared group that keeps something of its own
// (private norms, low-rank deltas): it runs a block's code (forwardWith) on
// base tensors (shared ones are the very same TensorImpls in every member,
// private ones its own), base + A B for matrices with a delta and base + a
// for vectors with a delta. Only the tensors this position uses are
// registered (`code` is not a submodule).
class SharedBlockView : public Block {
public:
    SharedBlockView(std::shared_ptr<Block> code, const std::vector<torch::Tensor>& base,
                    const std::vector<torch::Tensor>& deltaA, const std::vector<torch::Tensor>& deltaB)
        : m_code(std::move(code)) {
        const size_t n = base.size();
        m_tensors.resize(n);
        m_a.resize(n);
        m_b.resize(n);
        for (size_t k = 0; k < n; ++k) {
            const std::string i = std::to_string(k);
            m_tensors[k] = register_parameter("base_" + i, base[k], false);
            if (k < deltaA.size() && deltaA[k].defined()) m_a[k] = register_parameter("delta_a_" + i, deltaA[k], false);
            if (k < deltaB.size() && deltaB[k].defined()) m_b[k] = register_parameter("delta_b_" + i, deltaB[k], false);
        }
    }
    torch::Tensor forwardWith(const std::vector<torch::Tensor>& w, const torch::Tensor& x,
                              const ForwardContext& ctx) override {
        return m_code->forwardWith(w, x, ctx);
    }
    std::vector<std::string> tensorNames() const override { return m_code->tensorNames(); }
    std::vector<torch::Tensor> tensors() const override {
        std::vector<torch::Tensor> w(m_tensors.size());
        for (size_t k = 0; k < w.size(); ++k)
            w[k] = !m_a[k].defined()  ? m_tensors[k]
                   : m_b[k].defined() ? f32(m_tensors[k]) + torch::mm(f32(m_a[k]), f32(m_b[k]))
                                      : f32(m_tensors[k]) + f32(m_a[k]);
        return w;
    }
    std::vector<TensorParts> parts() const override {
        std::vector<TensorParts> p;
        for (size_t k = 0; k < m_tensors.size(); ++k) p.push_back({m_tensors[k], m_a[k], m_b[k]});
        return p;
    }

private:
    // Deltas are applied in float32 also to tensors kept in a stored dtype.
    static torch::Tensor f32(const torch::Tensor& t) {
        return t.scalar_type() == torch::kFloat32 ? t : t.to(torch::kFloat32);
    }
    std::shared_ptr<Block> m_code;
    std::vector<torch::Tensor> m_tensors, m_a, m_b;
};

using BlockHook = std::function<void(int block, const torch::Tensor& output)>;

class CausalLM : public torch::nn::Module {
public:
    explicit CausalLM(ModelConfig config) : m_config(std::move(config)) {}
    const ModelConfig& config() const { return m_config; }

    // ids: [B, T] int64. Returns hidden states after the final norm, [B, T, H]
    // (before it when finalNorm is false: activation capture needs no more).
    torch::Tensor hidden(const torch::Tensor& ids, const BlockHook& hook = {}, const SubBlockHook& subHook = {},
                         bool finalNorm = true);
    // The embedding output (the residual stream entering block 0), [B, T, H].
    torch::Tensor embedding(const torch::Tensor& ids) { return embed(ids); }
    // Final hidden [N, H] -> logits [N, V].
    virtual torch::Tensor logits(const torch::Tensor& hidden) = 0;
    torch::Tensor forward(const torch::Tensor& ids) { return logits(hidden(ids)); }
    // Where a forward pass over `ids` first computes a value that is not
    // finite, as a message: "the embedding", "block 3 (attention)", "block 3
    // (MLP)", "block 3", "the final norm" or "the lm head"; none when nowhere.
    std::optional<ErrorMessage> firstNonFinite(const torch::Tensor& ids);

    int numBlocks() const { return static_cast<int>(m_blocks.size()); }
    std::shared_ptr<Block> block(int i) const { return m_blocks.at(static_cast<size_t>(i)); }
    // Puts `b` at position i (several positions may hold one block: tied).
    void setBlock(int i, std::shared_ptr<Block> b);
    // Hugging Face prefix of block i's tensors, e.g. "transformer.h.3." or "model.layers.3.".
    virtual std::string blockPrefix(int i) const = 0;
    // (HF name, tensor) for every tensor of the model, shared ones once per
    // position (the plain Hugging Face view), in a stable order.
    std::vector<std::pair<std::string, torch::Tensor>> namedTensors() const;
    // (HF name, stored parts) for every tensor of the model in namedTensors()
    // order: the sharing structure (identical base TensorImpls are shared).
    std::vector<std::pair<std::string, TensorParts>> namedParts() const;
    // Unique parameters (each shared tensor counted once).
    int64_t uniqueParameterCount() const;
    // The dtype of the matrix products of every forward (sharelens/compute.h).
    ComputeDtype computeDtype() const { return m_compute; }
    void setComputeDtype(ComputeDtype d) { m_compute = d; }
    // Gradient checkpointing: while on, hidden() with autograd enabled keeps
    // only each block's input and recomputes the block in the backward pass
    // (checkpointedBlock). The trainer turns it on for its run.
    void setCheckpointing(bool on) { m_checkpointing = on; }
    bool checkpointing() const { return m_checkpointing; }

protected:
    virtual torch::Tensor embed(const torch::Tensor& ids) = 0;
    virtual torch::Tensor finalNorm(const torch::Tensor& x) = 0;
    virtual ForwardContext context(int64_t seqLen) const;
    // (HF name, tensor) of the non-block tensors.
    virtual std::vector<std::pair<std::string, torch::Tensor>> outerTensors() const = 0;
    void setBlocks(std::vector<std::shared_ptr<Block>> blocks);

    bool bf16() const { return m_compute == ComputeDtype::BFloat16; }

    ModelConfig m_config;
    std::vector<std::shared_ptr<Block>> m_blocks;
    ComputeDtype m_compute = ComputeDtype::Float32;
    bool m_checkpointing = false;
};

// Sets a model's compute dtype for a scope and restores the previous one.
class ComputeScope {
public:
    ComputeScope(CausalLM& net, ComputeDtype d) : m_net(net), m_old(net.computeDtype()) { net.setComputeDtype(d); }
    ~ComputeScope() { m_net.setComputeDtype(m_old); }
    ComputeScope(const ComputeScope&) = delete;
    ComputeScope& operator=(const ComputeScope&) = delete;

private:
    CausalLM& m_net;
    ComputeDtype m_old;
};

// block->forward(x, ctx) without keeping the block's intermediate values for
// autograd: the forward runs without a graph, and the backward pass runs it
// again with one to get the gradients of x and of the block's parameters
// (model/block_checkpoint.cpp). The same gradients as the plain forward.
torch::Tensor checkpointedBlock(const std::shared_ptr<Block>& block, const torch::Tensor& x, const ForwardContext& ctx);

// Builds a model from a checkpoint's tensors (float32 compute; F32 tensors
// stay zero-copy over the file map). Throws sharelens::Error naming the tensor
// when one is missing or has the wrong shape.
std::shared_ptr<CausalLM> buildModel(const ModelConfig& config, const TensorSource& source);

// Gemma 2 / Gemma 3 text (model/gemma.cpp): a Llama-family config whose
// model_type is "gemma2" or "gemma3_text"; source null gives fresh weights.
bool isGemmaFamily(const ModelConfig& config);
std::shared_ptr<CausalLM> makeGemmaModel(const ModelConfig& config, const TensorSource* source, uint64_t seed);

// A freshly initialised model (GPT-2-style init: N(0, 0.02), residual
// projections scaled by 1/sqrt(2L)), for pre-training from scratch.
std::shared_ptr<CausalLM> createModel(const ModelConfig& config, uint64_t seed);

// Threads of the BLAS in use (OpenBLAS; 0 when it cannot be asked). The
// engine sets OpenBLAS to LibTorch's intra-op thread count when the first
// model is built, unless OPENBLAS_NUM_THREADS / OMP_NUM_THREADS is set.
int blasThreadCount();

// Mean next-token cross-entropy, summed over valid positions.
// ids: [B, T]; lengths: valid tokens per row (rows are right-padded).
// Returns (sum of losses in double, count). Computes logits in row chunks so
// memory stays bounded for large vocabularies. Off a capture worker, the rows
// are split over one worker per CPU (captureWorkers) and the parts added in
// row order.
std::pair<double, int64_t> nextTokenLossSum(CausalLM& model, const torch::Tensor& ids,
                                            const std::vector<int64_t>& lengths);

// The threads nextTokenLossSum runs `rows` rows on from the calling thread:
// one per CPU (at most `rows`), 1 on a capture worker's thread.
int lossSumWorkers(int64_t rows);

// Same loss as a differentiable scalar mean (for training; rows full length).
torch::Tensor nextTokenLoss(CausalLM& model, const torch::Tensor& ids);

} // namespace sharelens
