// Engine-internal: reuse of large CPU tensor buffers while work runs.
//
// A training step, a capture batch or an evaluation allocates the same large
// buffers (activations, logits, gradients) again and again. Freed, each goes
// back to the system (glibc maps blocks above its threshold on their own, and
// a worker thread's heap cannot hold one over 64 MiB), so the next one comes
// from fresh pages the kernel must fault in and zero: 18 % of the CPU time of
// a Qwen2.5-0.5B lean step went to that (perf, docs/benchmarks.md).
//
// Tensor buffers of 1 MiB or more are mapped on their own (mmap) and unmapped
// when freed, so memory freed is the system's again, not kept by malloc. While
// a TensorCacheScope is alive (on any thread), such a freed buffer is kept
// instead and handed to the next allocation of its size class (sizes rounded
// up to 1/16 of their power of two). The cache never raises the
// peak: on a miss the oldest cached blocks are freed until live + cached fits
// under the peak that live memory alone has reached since the scopes began, so
// the cache only holds memory the job's own steps already needed at once. When
// the last scope ends, every cached block is freed, so a finished or cancelled
// job gives its memory back as before.
//
// SHARELENS_TENSOR_CACHE=0 leaves LibTorch's own allocator in place (for
// comparisons).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sharelens {

class TensorCacheScope {
public:
    TensorCacheScope();
    ~TensorCacheScope();
    TensorCacheScope(const TensorCacheScope&) = delete;
    TensorCacheScope& operator=(const TensorCacheScope&) = delete;
};

struct TensorCacheStats {
    uint64_t hits = 0;        // allocations served from the cache
    uint64_t misses = 0;      // allocations of a cacheable size that were not
    uint64_t evictions = 0;   // cached blocks freed to make room for a miss
    size_t cachedBytes = 0;   // held now
    size_t liveBytes = 0;     // cacheable blocks in use now
    size_t peakLiveBytes = 0; // since the last reset
    size_t peakHeldBytes = 0; // live + cached, since the last reset
    bool enabled = false;     // the allocator is installed and reuse is on
};
TensorCacheStats tensorCacheStats();
void resetTensorCacheStats();

// The size class of an allocation of `bytes` (header included); blocks of one
// class are interchangeable.
size_t tensorCacheClass(size_t bytes);

} // namespace sharelens
