// Reuse of large CPU tensor buffers while work runs (common/tensor_cache.h).
#include "common/tensor_cache.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <list>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace sharelens {

namespace {

// Each block starts with a header holding its class, so the deleter needs no
// lookup; 64 bytes keep the data at c10's 64-byte alignment.
constexpr size_t kHeader = 64;
constexpr size_t kMinCached = size_t{1} << 20;

// Blocks of 1 MiB and more are mapped on their own and unmapped when freed
// (not kept by malloc beside the cache, which would then hold the same memory
// twice over). Under AddressSanitizer they come from malloc, which it guards
// with redzones, and a cached block is poisoned until it is handed out again,
// so a use after free is still reported.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMapBlocks = false;
void poison(void* p, size_t n) { ASAN_POISON_MEMORY_REGION(p, n); }
void unpoison(void* p, size_t n) { ASAN_UNPOISON_MEMORY_REGION(p, n); }
#else
constexpr bool kMapBlocks = true;
void poison(void*, size_t) {}
void unpoison(void*, size_t) {}
#endif

void* newBlock(size_t cls) {
    if (cls < kMinCached || !kMapBlocks) return c10::alloc_cpu(cls);
    void* p = mmap(nullptr, cls, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return p;
}

void freeBlock(void* base, size_t cls) {
    unpoison(base, cls);
    if (cls >= kMinCached && kMapBlocks)
        munmap(base, cls);
    else
        c10::free_cpu(base);
}

// Read once: the allocator is installed exactly when this is true.
bool reuseWanted() {
    static const bool wanted = [] {
        const char* v = std::getenv("SHARELENS_TENSOR_CACHE");
        return !(v && std::strcmp(v, "0") == 0);
    }();
    return wanted;
}

class Cache {
public:
    // A block for class `cls`: a cached one, else nullptr after freeing the
    // oldest cached blocks until live + cached fits under the peak of live
    // memory alone (this allocation included).
    void* take(size_t cls) {
        std::vector<std::pair<void*, size_t>> toFree;
        void* base = nullptr;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            auto it = m_byClass.find(cls);
            m_stats.liveBytes += cls;
            m_stats.peakLiveBytes = std::max(m_stats.peakLiveBytes, m_stats.liveBytes);
            m_peakLive = std::max(m_peakLive, m_stats.liveBytes);
            if (it != m_byClass.end() && !it->second.empty()) {
                auto entry = it->second.back();
                it->second.pop_back();
                base = entry->base;
                unpoison(base, cls);
                m_lru.erase(entry);
                m_stats.cachedBytes -= cls;
                ++m_stats.hits;
            } else {
                ++m_stats.misses;
                while (m_stats.liveBytes + m_stats.cachedBytes > m_peakLive && !m_lru.empty()) {
                    const Entry oldest = m_lru.back();
                    auto& same = m_byClass[oldest.cls];
                    same.erase(same.begin()); // a class's entries are oldest first
                    m_lru.pop_back();
                    m_stats.cachedBytes -= oldest.cls;
                    ++m_stats.evictions;
                    toFree.emplace_back(oldest.base, oldest.cls);
                }
            }
            m_stats.peakHeldBytes = std::max(m_stats.peakHeldBytes, m_stats.liveBytes + m_stats.cachedBytes);
        }
        for (const auto& [p, bytes] : toFree) freeBlock(p, bytes);
        return base;
    }

    // Keeps a freed block while a scope is alive; false: the caller frees it.
    bool put(void* base, size_t cls) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stats.liveBytes -= std::min(m_stats.liveBytes, cls);
        if (m_scopes == 0) return false;
        poison(base, cls);
        m_lru.push_front({base, cls});
        m_byClass[cls].push_back(m_lru.begin());
        m_stats.cachedBytes += cls;
        return true;
    }

    void enter() {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_scopes;
    }

    void leave() {
        std::list<Entry> all;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (--m_scopes > 0) return;
            all.swap(m_lru);
            m_byClass.clear();
            m_stats.cachedBytes = 0;
            m_peakLive = m_stats.liveBytes; // the next job's own peak bounds what it keeps
        }
        for (const auto& e : all) freeBlock(e.base, e.cls);
    }

    TensorCacheStats stats() {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto s = m_stats;
        s.enabled = reuseWanted();
        return s;
    }

    void resetStats() {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stats.hits = m_stats.misses = m_stats.evictions = 0;
        m_stats.peakLiveBytes = m_stats.liveBytes;
        m_stats.peakHeldBytes = m_stats.liveBytes + m_stats.cachedBytes;
    }

private:
    struct Entry {
        void* base;
        size_t cls;
    };
    std::mutex m_mutex;
    std::list<Entry> m_lru; // most recently freed first
    std::unordered_map<size_t, std::vector<std::list<Entry>::iterator>> m_byClass;
    TensorCacheStats m_stats;
    int m_scopes = 0;
    size_t m_peakLive = 0; // of live blocks, since the scopes began
};

// Never destroyed: tensors may be freed during static destruction.
Cache& cache() {
    static auto* c = new Cache;
    return *c;
}

void deleteBlock(void* data) {
    if (!data) return;
    void* base = static_cast<char*>(data) - kHeader;
    size_t cls;
    std::memcpy(&cls, base, sizeof cls);
    if (cls >= kMinCached && cache().put(base, cls)) return;
    freeBlock(base, cls);
}

class CachingCpuAllocator final : public c10::Allocator {
public:
    c10::DataPtr allocate(size_t n) const override {
        const c10::Device cpu(c10::DeviceType::CPU);
        if (n == 0) return {nullptr, nullptr, &deleteBlock, cpu};
        const size_t cls = tensorCacheClass(n + kHeader);
        void* base = cls >= kMinCached ? cache().take(cls) : nullptr;
        if (!base) base = newBlock(cls);
        std::memcpy(base, &cls, sizeof cls);
        void* data = static_cast<char*>(base) + kHeader;
        return {data, data, &deleteBlock, cpu};
    }
    c10::DeleterFnPtr raw_deleter() const override { return &deleteBlock; }
};

void install() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (!reuseWanted()) return; // LibTorch's own allocator, as before
        static CachingCpuAllocator allocator;
        // Above the default allocator's priority (0), so it stays in place.
        c10::SetCPUAllocator(&allocator, /*priority=*/1);
    });
}

} // namespace

size_t tensorCacheClass(size_t bytes) {
    if (bytes < kMinCached) return bytes;
    size_t top = size_t{1} << 20;
    while (top * 2 <= bytes) top *= 2;
    const size_t step = top / 16;
    return (bytes + step - 1) / step * step;
}

TensorCacheScope::TensorCacheScope() {
    install();
    cache().enter();
}

TensorCacheScope::~TensorCacheScope() { cache().leave(); }

TensorCacheStats tensorCacheStats() { return cache().stats(); }

void resetTensorCacheStats() { cache().resetStats(); }

} // namespace sharelens
