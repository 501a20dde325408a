// Copies of a loaded model (model/model_copy.h).
#include "model/model_copy.h"

#include "io/tensor_io.h"
#include "io/torch_guard.h"
#include "model/model_impl.h"
#include "sharelens/checkpoint.h"

namespace sharelens {

torch::Tensor copyTensor(const torch::Tensor& t, bool written) {
    const bool stored = t.dim() >= 2 && (t.scalar_type() == torch::kBFloat16 || t.scalar_type() == torch::kFloat16);
    if (stored && !written) return t.detach();
    return t.detach().to(torch::kFloat32, /*non_blocking=*/false, /*copy=*/true);
}

std::unique_ptr<Model> modelOver(const Model& base, const ModelConfig& config,
                                 std::map<std::string, torch::Tensor> tensors) {
    return guardTorch(base.checkpoint().dir, [&] {
        // Model::create gives the facade; its net (of no blocks and a
        // one-token vocabulary, so next to nothing is allocated) is replaced.
        ModelConfig shell = config;
        shell.numLayers = 0;
        shell.vocabSize = 1;
        shell.maxPositions = 1;
        shell.layerTypes.clear();
        auto out = Model::create(shell, 0);
        auto& impl = out->impl();
        impl.checkpoint = base.checkpoint();
        impl.checkpoint.config = config;
        const TensorSource source(impl.checkpoint, std::move(tensors));
        impl.net = buildModel(config, source);
        impl.net->setComputeDtype(base.impl().net->computeDtype());
        impl.net->eval();
        return out;
    });
}

MemoryEstimate storageDtypeLoad(const Checkpoint& ck) {
    uint64_t kept = 0, f32 = 0;
    for (const auto& t : ck.tensors) {
        uint64_t n = 1;
        for (int64_t d : t.shape) n *= static_cast<uint64_t>(d < 0 ? 0 : d);
        const bool keep = ck.format != WeightFormat::TorchPickle && t.shape.size() >= 2 &&
                          (t.dtype == DType::BF16 || t.dtype == DType::F16);
        (keep ? kept : f32) += n * (keep ? dtypeSize(t.dtype) : 4);
    }
    MemoryEstimate e;
    e.add("weights as float32", f32);
    e.add("F16/BF16 weights mapped in their stored dtype", kept);
    return e;
}

} // namespace sharelens
