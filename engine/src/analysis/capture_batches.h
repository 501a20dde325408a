// Engine-internal: the calibration batches of an activation capture and the
// worker pool that runs them. Each worker runs whole batches with one BLAS
// thread; the batches' statistics are added to the accumulators one at a
// time in batch order, so a capture gives the same bits with any number of
// workers (tst_analysis checks it) and a busy core slows a worker down
// instead of stalling every GEMM, as OpenBLAS's own threads do.
#pragma once

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sharelens/data.h"
#include "sharelens/progress.h"
#include "sharelens/resources.h"

namespace sharelens {

// How a capture's sequences fall into batches of `batchSize` (the last one
// may be shorter).
struct CaptureBatches {
    size_t sequences = 0;
    size_t batchSize = 1;
    size_t count = 0; // batches
    int largest = 0;  // sequences in the largest batch
    int longest = 0;  // tokens of the longest sequence
    size_t first(size_t i) const { return i * batchSize; }
    size_t last(size_t i) const { return std::min(sequences, (i + 1) * batchSize); }
};
CaptureBatches captureBatches(const Sequences& sequences, int batchSize);

// The batches this process captures: all of them, or in a process group of
// N ranks rank r's contiguous run [count r / N, count (r+1) / N) (the sums
// are then added over the ranks at the end, SimilaritySums::sumOverRanks).
struct RankBatches {
    size_t first = 0, last = 0;
    size_t count() const { return last - first; }
};
RankBatches rankBatches(size_t count);

// One calibration batch: sequences [first, last) right-padded into [B, T].
struct CalibrationBatch {
    torch::Tensor ids;             // [B, T] int64
    torch::Tensor keepIdx;         // flat indices (b * T + t) of the tokens that count
    int64_t tokens = 0;            // how many count (keepIdx's length)
    bool all = false;              // every position counts: keepIdx need not be applied
    size_t last = 0;               // one past the batch's last sequence
    std::vector<int64_t> lastRows; // importance with last-token angular distance: filled by its capture
};
CalibrationBatch makeCalibrationBatch(const Sequences& sequences, size_t first, size_t last, bool skipFirstToken);

// CPUs this process may run on (its affinity mask), at least 1.
int availableCpus();

// Workers for a capture of `batches` batches: `requested` when > 0, else one
// per available CPU divided by the BLAS's own threads (OPENBLAS_NUM_THREADS);
// never more than `batches`, at least 1.
int captureWorkers(int requested, size_t batches);

// captureWorkers(), lowered while `estimate(workers)` exceeds the available
// memory; then requireMemory(estimate(workers), task, suggestion), so a
// capture that does not fit even on one worker stops with the usual message.
int fitCaptureWorkers(int requested, size_t batches, const std::function<MemoryEstimate(int workers)>& estimate,
                      const std::string& task, const std::string& suggestion);

// Thrown by checkStop() inside work() when the run is being stopped (cancel,
// or another batch failed); runBatchesInOrder() swallows it.
struct StopRequested {};
inline void checkStop(const std::atomic<bool>& stop) {
    if (stop.load(std::memory_order_relaxed)) throw StopRequested{};
}

// Runs batches 0 .. count-1 on `workers` threads with gradients off:
// work(worker, i, stop) in parallel, then commit(worker, i) for one batch at
// a time in increasing i (a worker's buffers stay its own until its commit
// returns). committed(i) runs on the calling thread once batch i is committed
// (progress reports stay on the caller's thread). The caller polls
// progress.cancelled(); on cancel every worker stops at its next checkStop()
// and Cancelled is thrown. An error in a batch stops the run and is rethrown
// (the lowest failing batch's, whatever the timing). `poll`, when set, runs
// on the calling thread every 50 ms while batches are in work (progress
// within a batch).
void runBatchesInOrder(size_t count, int workers,
                       const std::function<void(int worker, size_t i, const std::atomic<bool>& stop)>& work,
                       const std::function<void(int worker, size_t i)>& commit,
                       const std::function<void(size_t i)>& committed, const Progress& progress,
                       const std::function<void()>& poll = {});

// Rows [0, rows) in `workers` contiguous parts, part c holding
// [rows c / workers, rows (c + 1) / workers): work(c, first row, row count)
// for each part on runBatchesInOrder()'s workers (no progress, no cancel).
// With one worker the part runs on the calling thread.
void runRowChunks(int64_t rows, int workers, const std::function<void(size_t c, int64_t r0, int64_t n)>& work);

// True on a worker thread of runBatchesInOrder(): work there runs on that
// thread alone (the CPUs are already shared out among the workers).
bool inBatchWorker();

} // namespace sharelens
