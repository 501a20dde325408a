// Engine-internal: copies of a loaded model (shared models, layer removal,
// int8) that keep the weights they never write in their stored dtype.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "sharelens/config.h"
#include "sharelens/resources.h"

namespace sharelens {

class Model;
struct Checkpoint;

// `t` as a copy's tensor. A float32 tensor, or one the copy will write
// (`written`), becomes the copy's own float32 tensor; an F16/BF16 matrix kept
// in its stored dtype (loadModelInStorageDtype) is otherwise shared, detached:
// nothing writes a frozen tensor in place, and training one first gives it its
// own float32 master (set_data), which leaves `t` as it was.
torch::Tensor copyTensor(const torch::Tensor& t, bool written);

// A model with `config` (base's own when it has the same one) whose tensors
// are `tensors` by Hugging Face name, taken as they are: the checkpoint,
// compute dtype and directory are base's. Throws when one is missing or has
// another shape.
std::unique_ptr<Model> modelOver(const Model& base, const ModelConfig& config,
                                 std::map<std::string, torch::Tensor> tensors);

// The memory of opening `ck` with F16/BF16 matrices kept in their stored
// dtype: those count their file bytes, the rest float32.
MemoryEstimate storageDtypeLoad(const Checkpoint& ck);

} // namespace sharelens
