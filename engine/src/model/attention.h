// Engine-internal: causal self-attention that computes only the lower
// triangle of the scores.
//
// softmax(q k^T / sqrt(d) + mask) v with a causal mask (and optionally a
// sliding window: query i sees keys j with i - window < j <= i). The queries
// are taken in blocks of `block` rows; block b multiplies against keys
// [first visible, end of block) only, so QK^T and P·V cost about half of the
// full T×T products for long sequences. The mask is applied in place to the
// diagonal square of each block (no T×T mask tensor, no separate scale or
// mask pass), softmax runs in place, and under autograd only the
// probabilities of the computed blocks are kept for backward (about half of
// one [B·heads, T, T] tensor), with a hand-written backward.
#pragma once

#include <torch/torch.h>

namespace sharelens {

inline constexpr int64_t kAttentionBlock = 32;

// q, k, v: [N, T, d] (N = batch × heads; k and v already repeated for
// grouped-query attention). Returns [N, T, d]. Differentiable in q, k and v
// (first derivatives); float32 or float64. With bf16, the products (QK^T,
// P·V and their gradients) run on bfloat16 operands; scores, softmax and
// gradients stay float32.
torch::Tensor causalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                              int64_t window = 0, int64_t block = kAttentionBlock, double scale = 0, double softcap = 0,
                              bool bf16 = false);

// `scale` multiplies the scores (0: 1 / sqrt(d)); `softcap` > 0 caps them
// as softcap * tanh(scores / softcap) before the mask (Gemma 2's attention
// logit soft-capping).
//
// Multi-head form: q [B, heads, T, d], k and v [B, kvHeads, T, d] with
// heads a multiple of kvHeads (grouped-query attention: query head h uses
// key/value head h / (heads / kvHeads)). Returns [B, T, heads * d], heads
// merged in order.
torch::Tensor multiHeadCausalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                       int64_t window = 0, int64_t block = kAttentionBlock, double scale = 0,
                                       double softcap = 0, bool bf16 = false);

} // namespace sharelens
