#include "analysis/capture_batches.h"

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "model/models.h" // blasThreadCount()
#include "sharelens/distributed.h"

namespace sharelens {

CalibrationBatch makeCalibrationBatch(const Sequences& sequences, size_t first, size_t last, bool skipFirstToken) {
    CalibrationBatch b;
    b.last = last;
    size_t T = 0;
    for (size_t i = first; i < last; ++i) T = std::max(T, sequences[i].size());
    const auto B = static_cast<int64_t>(last - first);
    const auto T64 = static_cast<int64_t>(T);
    b.ids = torch::zeros({B, T64}, torch::kInt64);
    auto acc = b.ids.accessor<int64_t, 2>();
    std::vector<int64_t> keep;
    keep.reserve(static_cast<size_t>(B * T64));
    for (size_t i = first; i < last; ++i) {
        const auto row = static_cast<int64_t>(i - first);
        for (size_t t = 0; t < sequences[i].size(); ++t) {
            acc[row][static_cast<int64_t>(t)] = sequences[i][t];
            if (!(skipFirstToken && t == 0)) keep.push_back(row * T64 + static_cast<int64_t>(t));
        }
    }
    b.tokens = static_cast<int64_t>(keep.size());
    b.all = b.tokens == B * T64;
    b.keepIdx = torch::tensor(keep, torch::kInt64);
    return b;
}

int availableCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
    return std::max(1u, std::thread::hardware_concurrency());
}

int captureWorkers(int requested, size_t batches) {
    int w = requested;
    // The processes of a distributed job on this machine share its CPUs.
    if (w <= 0) w = std::max(1, availableCpus() / std::max(1, blasThreadCount()) / dist::localWorld());
    if (static_cast<size_t>(w) > batches) w = static_cast<int>(std::max<size_t>(1, batches));
    return std::max(1, w);
}

CaptureBatches captureBatches(const Sequences& sequences, int batchSize) {
    CaptureBatches b;
    b.sequences = sequences.size();
    b.batchSize = static_cast<size_t>(std::max(1, batchSize));
    b.count = (b.sequences + b.batchSize - 1) / b.batchSize;
    b.largest = static_cast<int>(std::min(b.sequences, b.batchSize));
    size_t longest = 0;
    for (const auto& seq : sequences) longest = std::max(longest, seq.size());
    b.longest = static_cast<int>(longest);
    return b;
}

RankBatches rankBatches(size_t count) {
    const auto R = static_cast<size_t>(dist::world()), r = static_cast<size_t>(dist::rank());
    return {count * r / R, count * (r + 1) / R};
}

int fitCaptureWorkers(int requested, size_t batches, const std::function<MemoryEstimate(int workers)>& estimate,
                      const std::string& task, const std::string& suggestion) {
    int workers = captureWorkers(requested, batches);
    while (workers > 1 && estimate(workers).bytes > availableMemory()) --workers;
    requireMemory(estimate(workers), task, suggestion);
    return workers;
}

namespace {

thread_local bool t_inBatchWorker = false;

} // namespace

bool inBatchWorker() { return t_inBatchWorker; }

namespace {

// What the workers and the calling thread of runBatchesInOrder() share.
struct BatchRun {
    BatchRun(size_t count, const std::function<void(int, size_t, const std::atomic<bool>&)>& work,
             const std::function<void(int, size_t)>& commit)
        : count(count), work(work), commit(commit) {}

    const size_t count;
    const std::function<void(int, size_t, const std::atomic<bool>&)>& work;
    const std::function<void(int, size_t)>& commit;
    std::mutex m;
    std::condition_variable cv;
    std::atomic<size_t> nextTake{0};
    std::atomic<bool> stop{false};
    size_t nextCommit = 0; // guarded by m
    std::exception_ptr error;
    size_t errorBatch = std::numeric_limits<size_t>::max();

    // Batch i failed: keep the lowest failing batch's error and stop the run.
    void fail(size_t i, std::exception_ptr e) {
        std::lock_guard<std::mutex> lk(m);
        if (i < errorBatch) {
            errorBatch = i;
            error = std::move(e);
        }
        stop = true;
        cv.notify_all();
    }

    // One worker: takes the next batch, works it, waits for its turn, commits.
    void loop(int w) {
        torch::NoGradGuard noGrad; // grad mode is per thread
        t_inBatchWorker = true;    // work() must not start workers of its own
        for (;;) {
            if (stop) return;
            const size_t i = nextTake.fetch_add(1);
            if (i >= count) return;
            try {
                work(w, i, stop);
            } catch (const StopRequested&) {
                return;
            } catch (...) {
                fail(i, std::current_exception());
                return;
            }
            {
                std::unique_lock<std::mutex> lk(m);
                cv.wait(lk, [&] { return nextCommit == i || stop; });
                if (stop) return;
            }
            // This worker owns the turn until it advances nextCommit.
            try {
                commit(w, i);
            } catch (...) {
                fail(i, std::current_exception());
                return;
            }
            std::lock_guard<std::mutex> lk(m);
            ++nextCommit;
            cv.notify_all();
        }
    }

    // The calling thread: reports committed batches until all are committed
    // or the run stops; returns true when it stopped the run on cancel.
    bool supervise(const std::function<void(size_t)>& committed, const Progress& progress,
                   const std::function<void()>& poll) {
        size_t reported = 0;
        std::unique_lock<std::mutex> lk(m);
        for (;;) {
            cv.wait_for(lk, std::chrono::milliseconds(50));
            if (poll && reported == nextCommit && nextCommit < count && !stop) {
                lk.unlock();
                poll();
                lk.lock();
            }
            while (reported < nextCommit) {
                const size_t r = reported++;
                lk.unlock();
                committed(r);
                lk.lock();
            }
            if (nextCommit == count || stop) return false;
            if (progress.cancelled()) {
                stop = true;
                cv.notify_all();
                return true;
            }
        }
    }

    // Stops the workers unless every batch is committed, and joins them.
    void joinAll(std::vector<std::thread>& threads) {
        {
            std::lock_guard<std::mutex> lk(m);
            if (nextCommit < count) stop = true;
            cv.notify_all();
        }
        for (auto& t : threads)
            if (t.joinable()) t.join();
    }
};

} // namespace

void runBatchesInOrder(size_t count, int workers,
                       const std::function<void(int, size_t, const std::atomic<bool>&)>& work,
                       const std::function<void(int, size_t)>& commit, const std::function<void(size_t)>& committed,
                       const Progress& progress, const std::function<void()>& poll) {
    if (count == 0) return;
    workers = std::max(1, std::min<int>(workers, static_cast<int>(std::min<size_t>(count, 1024))));
    BatchRun run(count, work, commit);
    std::vector<std::thread> threads;
    bool cancelled = false;
    try {
        threads.reserve(static_cast<size_t>(workers));
        for (int w = 0; w < workers; ++w) threads.emplace_back([&run, w] { run.loop(w); });
        cancelled = run.supervise(committed, progress, poll);
    } catch (...) {
        run.joinAll(threads);
        throw;
    }
    run.joinAll(threads);
    if (run.error) std::rethrow_exception(run.error);
    if (cancelled || progress.cancelled()) throw Cancelled();
}

void runRowChunks(int64_t rows, int workers, const std::function<void(size_t, int64_t, int64_t)>& work) {
    if (workers <= 1) {
        work(0, 0, rows);
        return;
    }
    auto first = [&](size_t c) { return rows * static_cast<int64_t>(c) / workers; };
    runBatchesInOrder(
        static_cast<size_t>(workers), workers,
        [&](int, size_t c, const std::atomic<bool>&) { work(c, first(c), first(c + 1) - first(c)); },
        [](int, size_t) {}, [](size_t) {}, Progress{});
}

} // namespace sharelens
