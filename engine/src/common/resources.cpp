// Memory estimates and the check against available memory (sharelens/resources.h).
#include "sharelens/resources.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "sharelens/error.h"

namespace sharelens {

void MemoryEstimate::add(std::string what, uint64_t b) {
    if (b == 0) return;
    bytes += b;
    parts.emplace_back(std::move(what), b);
}

namespace {

uint64_t numel(const std::vector<int64_t>& shape) {
    uint64_t n = 1;
    for (int64_t d : shape) n *= static_cast<uint64_t>(d < 0 ? 0 : d);
    return n;
}

uint64_t u(int64_t x) { return x < 0 ? 0 : static_cast<uint64_t>(x); }

} // namespace

MemoryEstimate estimateModelLoad(const Checkpoint& ck) {
    uint64_t f32 = 0, source = 0;
    for (const auto& t : ck.tensors) {
        const uint64_t n = numel(t.shape);
        f32 += n * 4;
        if (ck.format == WeightFormat::TorchPickle || t.dtype != DType::F32) source += n * dtypeSize(t.dtype);
    }
    MemoryEstimate e;
    e.add("weights as float32", f32);
    e.add(ck.format == WeightFormat::TorchPickle ? "the .bin file read while converting"
                                                 : "the stored F16/BF16 weights read while converting",
          source);
    return e;
}

MemoryEstimate estimateCapture(const ModelConfig& c, UnitKind units, Metric metric, int batch, int seqLen, int workers,
                               int models) {
    const uint64_t W = u(std::max(1, workers));
    const std::string each = workers > 1 ? " (each of " + std::to_string(workers) + " workers)" : std::string();
    const uint64_t U = u(units == UnitKind::Blocks ? c.numLayers : 2 * c.numLayers) * u(std::max(1, models));
    const uint64_t N = u(batch) * u(seqLen), H = u(c.hiddenSize), I = u(c.intermediateSize);
    const uint64_t A = u(c.numHeads), T = u(seqLen);
    MemoryEstimate e;
    // Per unit: the float64 copy of its activations the accumulators multiply
    // (each block's float32 output goes straight into it; CKA also reorders it
    // into tokens x units*hidden).
    e.add("activations of one batch" + each, W * U * N * H * (8 + (metric == Metric::Cka ? 8 : 0)));
    // One block's forward: residual, norm, q/k/v and outputs (~8 H), the MLP
    // (2 I) and the attention scores of one block of 32 queries with their
    // output (attention.cpp computes the scores block by block, in place).
    e.add("the forward pass" + each,
          W * (N * (8 * H + 2 * I) * 4 + u(batch) * A * std::min<uint64_t>(T, 32) * T * 4 * 2));
    if (metric == Metric::Cka)
        e.add("CKA accumulators ((units x hidden)^2 doubles)", (U * H) * (U * H) * 8 + U * H * 8);
    else
        e.add("accumulators", U * U * 8 + U * 8);
    return e;
}

MemoryEstimate estimateTraining(const ModelConfig& c, const std::vector<int64_t>& parameters, int batch, int seqLen,
                                int workers) {
    uint64_t p = 0, largest = 0;
    for (int64_t x : parameters) {
        p += u(x);
        largest = std::max(largest, u(x));
    }
    const uint64_t N = u(batch) * u(seqLen), H = u(c.hiddenSize), I = u(c.intermediateSize);
    const uint64_t A = u(c.numHeads), T = u(seqLen), L = u(c.numLayers), V = u(c.vocabSize);
    MemoryEstimate e;
    e.add("gradients and Adam moments (3 x 4 bytes per parameter)", p * 12);
    // What one step keeps for backward, per block: norms, q/k/v, attention
    // output and projections (~12 H), the MLP's input and activation (~3 I),
    // the attention probabilities of the computed query blocks (about
    // T (T + 32) / 2 per head: attention.cpp skips the masked half);
    // then the logits, their log-softmax and gradient.
    e.add("activations kept for the backward pass",
          L * (N * (12 * H + 3 * I) * 4 + u(batch) * A * T * (T + 32) / 2 * 4) + N * V * 4 * 3);
    if (workers > 1)
        e.add("gradients of the other " + std::to_string(workers - 1) + " step worker" + (workers > 2 ? "s" : "") +
                  " before they are summed",
              largest * 4 * u(workers - 1));
    return e;
}

std::string formatBytes(uint64_t b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(b);
    int k = 0;
    while (v >= 1024 && k < 4) {
        v /= 1024;
        ++k;
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(k ? 1 : 0) << v << " " << units[k];
    return os.str();
}

uint64_t parseByteSize(const std::string& text, const std::string& what) {
    std::string s = text;
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    uint64_t mult = 1;
    if (!s.empty()) {
        switch (std::toupper(static_cast<unsigned char>(s.back()))) {
        case 'K': mult = 1ULL << 10; break;
        case 'M': mult = 1ULL << 20; break;
        case 'G': mult = 1ULL << 30; break;
        case 'T': mult = 1ULL << 40; break;
        default: break;
        }
        if (mult != 1) s.pop_back();
    }
    bool digits = !s.empty();
    for (char ch : s) digits = digits && std::isdigit(static_cast<unsigned char>(ch));
    if (!digits || s.size() > 15) throw Error(ErrorCode::ResMustNumberBytesOptionallyK, {what, text});
    return std::stoull(s) * mult;
}

uint64_t memAvailableFromMeminfo(const std::string& meminfo) {
    std::istringstream in(meminfo);
    std::string key;
    uint64_t value = 0;
    std::string unit;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream l(line);
        if (!(l >> key >> value)) continue;
        if (key == "MemAvailable:") {
            l >> unit;
            return unit == "kB" ? value * 1024 : value;
        }
    }
    return 0;
}

uint64_t availableMemory() {
    if (const char* limit = std::getenv("SHARELENS_MEMORY_LIMIT"); limit && *limit)
        return parseByteSize(limit, "SHARELENS_MEMORY_LIMIT");
    std::ifstream f("/proc/meminfo");
    if (!f) return 0;
    std::stringstream ss;
    ss << f.rdbuf();
    return memAvailableFromMeminfo(ss.str());
}

void requireMemory(const MemoryEstimate& need, const std::string& task, const std::string& suggestion,
                   uint64_t available) {
    if (available == 0 || need.bytes <= available) return;
    std::string parts;
    for (const auto& [what, b] : need.parts) parts += (parts.empty() ? "" : ", ") + what + " " + formatBytes(b);
    const char* env = std::getenv("SHARELENS_MEMORY_LIMIT");
    throw Error(env && *env ? ErrorCode::ResNotEnoughMemoryLimit : ErrorCode::ResNotEnoughMemory,
                {task, formatBytes(need.bytes), parts, formatBytes(available), suggestion});
}

void requireMemory(const MemoryEstimate& need, const std::string& task, const std::string& suggestion) {
    requireMemory(need, task, suggestion, availableMemory());
}

} // namespace sharelens
