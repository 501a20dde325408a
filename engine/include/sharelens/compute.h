// The dtype a model's matrix products run in.
//
// Float32 is exact (the reference every test compares against). BFloat16 runs
// the matrix products (linear layers, attention's QK^T and P·V, the LM head)
// in bfloat16 through LibTorch's oneDNN path, several times faster on CPUs
// with AVX-512 BF16 or AMX; activations between them, norms, softmax,
// reductions, the loss, the weights a run trains (masters) and the optimizer
// state stay float32, and gradients reach the float32 masters through the
// casts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sharelens/progress.h"

namespace sharelens {

class Model;
struct Checkpoint;

enum class ComputeDtype { Float32, BFloat16 };

const char* computeDtypeName(ComputeDtype d); // "f32", "bf16"
// Accepts "f32"/"float32" and "bf16"/"bfloat16"; false for anything else.
bool parseComputeDtype(const std::string& s, ComputeDtype& out);

// The dtype `model`'s forward passes use from now on (evaluation, logits,
// capture and training; CaptureOptions and TrainOptions set it for their run
// and restore it afterwards). Models derived from it (shared models, layer
// removal, int8) start with the same setting. The model itself is unchanged.
void setComputeDtype(const Model& model, ComputeDtype dtype);
ComputeDtype computeDtype(const Model& model);

// Model::load that keeps F16 and BF16 matrices in their stored dtype (mapped
// from safetensors files, so resident memory stays near the file size) and
// converts them per layer at compute time: for forward-only use (analysis,
// evaluation). Training converts the tensors it trains to float32 masters
// first; F32 and other checkpoints load as with Model::load.
std::unique_ptr<Model> loadModelInStorageDtype(const Checkpoint& checkpoint, const Progress& progress = {});

// The weights a loaded model holds, per dtype as held ("F32", "BF16", "F16"),
// each tensor once (tied and shared tensors count once): bytes, tensors, and
// how many of them are matrices (two or more dimensions). A model from
// loadModelInStorageDtype holds a BF16 checkpoint's matrices as "BF16" (mapped
// from the file: resident once read); one from Model::load holds only "F32".
struct HeldWeights {
    std::string dtype;
    uint64_t bytes = 0;
    int64_t tensors = 0;
    int64_t matrices = 0;
};
std::vector<HeldWeights> heldWeights(const Model& model);

} // namespace sharelens
