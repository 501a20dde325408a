// LibTorch tensors of a mapped GGUF file. Engine-internal.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "io/gguf.h"

namespace sharelens::gguf {

// The tensor in torch's layout: F32, F16 and BF16 point into the map
// (copied only when misaligned for their element type), Q8_0 is
// dequantised to float32. `unpermuteHeads` > 0 undoes llama.cpp's
// interleaving of a Llama q/k projection (rows of each of that many heads
// reordered for its pairwise RoPE) back to Hugging Face's rotate_half
// layout.
torch::Tensor tensorFromMapped(const std::shared_ptr<MappedFile>& file, const TensorInfo& info, int unpermuteHeads);

// Q8_0 blocks (f16 scale, 32 int8) to float32: out[i] = scale * q[i].
void dequantizeQ8_0(const uint8_t* blocks, int64_t count, float* out);

} // namespace sharelens::gguf
