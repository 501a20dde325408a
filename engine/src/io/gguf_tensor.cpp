// LibTorch tensors of a mapped GGUF file (io/gguf_tensor.h).
#include "io/gguf_tensor.h"

#include <cstring>

#include <c10/util/Half.h>

#include "io/torch_guard.h"
#include "sharelens/error.h"

namespace sharelens::gguf {

void dequantizeQ8_0(const uint8_t* blocks, int64_t count, float* out) {
    for (int64_t b = 0; b < count; ++b) {
        const uint8_t* block = blocks + b * 34;
        c10::Half scale;
        const uint16_t bits = static_cast<uint16_t>(block[0] | (block[1] << 8));
        std::memcpy(&scale, &bits, 2);
        const float d = static_cast<float>(scale);
        for (int i = 0; i < 32; ++i) out[b * 32 + i] = d * static_cast<float>(static_cast<int8_t>(block[2 + i]));
    }
}

namespace {

torch::Tensor unpermute(const torch::Tensor& t, int heads) {
    const int64_t rows = t.size(0);
    if (heads <= 0 || rows % (2 * heads) != 0) return t;
    std::vector<int64_t> shape{heads, rows / heads / 2, 2};
    for (int64_t d = 1; d < t.dim(); ++d) shape.push_back(t.size(d));
    return t.reshape(shape).transpose(1, 2).reshape(t.sizes()).contiguous();
}

} // namespace

torch::Tensor tensorFromMapped(const std::shared_ptr<MappedFile>& file, const TensorInfo& info, int unpermuteHeads) {
    return guardTorch(file->path(), [&]() -> torch::Tensor {
        uint8_t* ptr = file->data(info);
        torch::Tensor t;
        if (info.type == TensorType::Q8_0) {
            t = torch::empty(info.shape, torch::kFloat32);
            dequantizeQ8_0(ptr, info.numel() / 32, t.data_ptr<float>());
        } else {
            const auto dtype = info.type == TensorType::F32   ? torch::kFloat32
                               : info.type == TensorType::F16 ? torch::kFloat16
                                                              : torch::kBFloat16;
            const auto options = torch::TensorOptions().dtype(dtype).device(torch::kCPU);
            const std::size_t elem = info.type == TensorType::F32 ? 4 : 2;
            if (reinterpret_cast<uintptr_t>(ptr) % elem != 0) {
                t = torch::empty(info.shape, options);
                std::memcpy(t.data_ptr(), ptr, info.bytes);
            } else {
                std::shared_ptr<MappedFile> keep = file;
                t = torch::from_blob(
                    ptr, info.shape, [keep](void*) mutable { keep.reset(); }, options);
            }
        }
        return unpermuteHeads > 0 ? unpermute(t, unpermuteHeads) : t;
    });
}

} // namespace sharelens::gguf
