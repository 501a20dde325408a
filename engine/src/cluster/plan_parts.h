// Engine-internal: which sub-block a block's tensor belongs to.
#pragma once

#include <string>

#include "sharelens/config.h"

namespace sharelens {

// "attn" or "mlp" for a block-relative tensor name ("ln_1.weight",
// "mlp.c_fc.weight", "self_attn.q_proj.weight", ...): the sub-layer unit
// whose tensors it counts among (each norm with the sub-block it belongs to:
// the one it feeds or, for post-norms, the one whose output it normalises).
std::string unitPartOf(const std::string& rel, const ModelConfig& config);

// " (sliding)" or " (global)" for layer `layer` of a model whose layers are
// of both attention types (sliding-window and global), else empty: what unit
// names carry so that clustering keeps the types apart and shows them.
std::string attentionTypeSuffix(const ModelConfig& config, int layer);

// True for a block-relative name of a norm's tensor (layer norms, RMSNorms,
// the q/k norms): what "private norms" keeps per position.
bool isNormTensor(const std::string& rel);

} // namespace sharelens
