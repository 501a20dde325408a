// Engine-internal: the layout of a compact checkpoint. Built so that a
// shared pool (several models, one file of shared tensors) is the same walk
// over more than one model: add() every model with its own name prefix, and
// tensors already stored (the same TensorImpl) become aliases.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/models.h"
#include "sharelens/checkpoint.h"

namespace sharelens {

struct CompactLayout {
    // Every tensor object once, under the name of its first user.
    std::vector<std::pair<std::string, torch::Tensor>> stored;
    SharingMap map;
    std::map<const void*, std::string> storedName; // TensorImpl -> stored name

    // Adds `net`'s tensors as "<prefix><hf name>": a base tensor met before
    // becomes an alias; deltas are stored as "<name>.delta_a" / ".delta_b".
    void add(const CausalLM& net, const std::string& prefix = {});
};

} // namespace sharelens
