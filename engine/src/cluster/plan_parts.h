// Engine-internal: which sub-block a block's tensor belongs to.
#pragma once

#include <string>

#include "sharelens/config.h"

namespace sharelens {

// "attn" or "mlp" for a block-relative tensor name ("ln_1.weight",
// "mlp.c_fc.weight", "self_attn.q_proj.weight", ...): the sub-layer unit
// whose tensors it counts among (each norm with the sub-block it feeds).
std::string unitPartOf(const std::string& rel, Family family);

} // namespace sharelens
