// Resource guards: estimates of the memory a step will need, and a
// check against what the machine has, so that ShareLens refuses with a
// message and a suggestion instead of being killed by the kernel.
//
// Torch-free. The estimates count the big buffers (weights as float32,
// activations, accumulators, gradients and optimizer moments); they are
// checked against measured resident-memory growth in tests/engine/tst_resources.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sharelens/analysis.h"
#include "sharelens/checkpoint.h"
#include "sharelens/config.h"

namespace sharelens {

struct MemoryEstimate {
    uint64_t bytes = 0;
    // The parts that make up `bytes`, for the message: ("weights as float32", 123).
    std::vector<std::pair<std::string, uint64_t>> parts;

    void add(std::string what, uint64_t b);
};

// Opening a model: every tensor as float32 (zero-copy F32 files count their
// mapped pages), plus the source bytes of F16/BF16/.bin tensors read while
// converting.
MemoryEstimate estimateModelLoad(const Checkpoint& checkpoint);

// Activation capture and similarity for one batch of `batch` sequences of
// `seqLen` tokens: each unit's activations (float32, stacked, and as
// float64), the forward pass's working set (attention scores, MLP), and the
// accumulators (CKA: (units x hidden)^2 doubles). `workers` capture workers
// each hold one batch's activations and forward. `models` > 1: the agents of
// one system captured together (every agent's blocks are units; a worker
// runs one agent's forward at a time).
MemoryEstimate estimateCapture(const ModelConfig& config, UnitKind units, Metric metric, int batch, int seqLen,
                               int workers = 1, int models = 1);

// Training `models` models (the baseline and the shared one take turns):
// gradients and two Adam moments of every parameter, plus the activations
// one training step keeps for the backward pass (the larger model's). With
// `workers` > 1 the step's row chunks each return a full set of gradients
// before they are summed: one more set per extra worker.
MemoryEstimate estimateTraining(const ModelConfig& config, const std::vector<int64_t>& parameters, int batch,
                                int seqLen, int workers = 1);

// Bytes the process may still use: SHARELENS_MEMORY_LIMIT if set (bytes, or
// a number with a K, M, G or T suffix, powers of 1024), otherwise
// MemAvailable from /proc/meminfo; 0 when unknown (no check is made).
uint64_t availableMemory();
// The MemAvailable figure of a /proc/meminfo text, in bytes (0 if absent).
uint64_t memAvailableFromMeminfo(const std::string& meminfo);
// Parses "512M", "2G", "1048576"; throws sharelens::Error otherwise.
uint64_t parseByteSize(const std::string& text, const std::string& what);

// Throws sharelens::Error when `need` exceeds `available` (0: unknown, no
// check): "<task> needs about X of memory (parts), but only Y is available;
// <suggestion>".
void requireMemory(const MemoryEstimate& need, const std::string& task, const std::string& suggestion,
                   uint64_t available);
// The same against availableMemory().
void requireMemory(const MemoryEstimate& need, const std::string& task, const std::string& suggestion);

// "1.5 GiB", "300.0 MiB", "12.0 KiB", "512 B".
std::string formatBytes(uint64_t bytes);

} // namespace sharelens
