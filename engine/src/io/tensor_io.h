// Engine-internal: LibTorch views of checkpoint tensors and writing tensors.
#pragma once

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sharelens/checkpoint.h"
#include "sharelens/safetensors.h"

namespace sharelens {

namespace gguf {
class MappedFile;
}

torch::Dtype toTorchDtype(DType t);
DType fromTorchDtype(torch::Dtype t); // throws sharelens::Error for unsupported dtypes

// Zero-copy tensor over a mapped file (copy-on-write pages, so writing to the
// tensor never touches the file). Copies only when the bytes are not aligned
// for the element type. The tensor keeps the map alive.
torch::Tensor tensorFromMapped(const std::shared_ptr<MappedSafetensors>& file, const TensorInfo& info);

// Tensors of shared pools loaded for several agents at once (loadAgents),
// by (pool file, name in the pool): every agent that uses a pool tensor gets
// the very same tensor, so the reopened system shares it as the exported
// one did.
struct PoolTensors {
    std::map<std::pair<std::string, std::string>, torch::Tensor> tensors;
};

// While one is alive on a thread, the TensorSources made on that thread keep
// F16 and BF16 matrices (two or more dimensions) in their stored dtype in
// getForCompute (mapped, not converted): loadModelInStorageDtype.
class KeepStorageDtypeScope {
public:
    static bool active(); // on this thread
    KeepStorageDtypeScope();
    ~KeepStorageDtypeScope();
    KeepStorageDtypeScope(const KeepStorageDtypeScope&) = delete;
    KeepStorageDtypeScope& operator=(const KeepStorageDtypeScope&) = delete;

private:
    bool m_old;
};

// Gives the tensors of a checkpoint by Hugging Face name. Safetensors and
// GGUF files are mapped on first use; PyTorch state_dict files are read whole.
class TensorSource {
public:
    // With `pool`, tensors taken from a shared pool come from (and go into) it.
    explicit TensorSource(const Checkpoint& checkpoint, PoolTensors* pool = nullptr);
    // Over `given` tensors (by Hugging Face name) instead of the checkpoint's
    // files, for copies of a loaded model: getForCompute hands them out as
    // they are (registerComputeParameter still makes vectors float32).
    TensorSource(const Checkpoint& checkpoint, std::map<std::string, torch::Tensor> given);
    bool contains(const std::string& name) const;
    // Throws sharelens::Error("missing tensor NAME", file) when absent.
    torch::Tensor get(const std::string& name) const;
    // Throws when absent or when the shape differs from `shape`.
    torch::Tensor get(const std::string& name, const std::vector<int64_t>& shape) const;
    // As get(name, shape), floating tensors converted to float32 for compute.
    // The result is cached per stored tensor: aliases of one stored tensor
    // (compact checkpoints) get the very same tensor, converted once; so do
    // the agents sharing a PoolTensors.
    torch::Tensor getForCompute(const std::string& name, const std::vector<int64_t>& shape) const;

private:
    torch::Tensor ggufTensor(const CheckpointTensor& ct) const;
    mutable std::map<std::string, torch::Tensor> m_compute; // stored name -> compute tensor
    const Checkpoint& m_checkpoint;
    PoolTensors* m_pool = nullptr;
    mutable std::map<std::string, std::shared_ptr<MappedSafetensors>> m_files;
    mutable std::map<std::string, torch::Tensor> m_pickled; // for .bin/.pt
    mutable std::shared_ptr<gguf::MappedFile> m_gguf;       // a GGUF checkpoint's file
    bool m_keepStorage = false;                             // KeepStorageDtypeScope at construction
    std::map<std::string, torch::Tensor> m_given;           // the second constructor's tensors
    bool m_usesGiven = false;
};

// Writes CPU tensors (made contiguous) as a safetensors file, atomically.
void saveSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                     const std::map<std::string, std::string>& metadata = {});

// Reads a PyTorch state_dict (.bin/.pt) into name -> tensor. Throws
// sharelens::Error with advice when LibTorch cannot read it (e.g. an
// OrderedDict saved by torch.save(model.state_dict())).
std::map<std::string, torch::Tensor> loadTorchStateDict(const std::string& path);

} // namespace sharelens
