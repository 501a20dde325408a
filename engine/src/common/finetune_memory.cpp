// Memory of a fine-tune in each mode (sharelens/finetune_memory.h).
#include "sharelens/finetune_memory.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sharelens/error.h"

namespace sharelens {

namespace {

uint64_t u(int64_t x) { return x < 0 ? 0 : static_cast<uint64_t>(x); }

// What one training step keeps for its backward pass. Per block: norms,
// q/k/v, attention output and projections (~12 H), the MLP's input and
// activation (~3 I), and the attention probabilities of the computed query
// blocks (about T (T + 32) / 2 per head: attention.cpp skips the masked
// half). Blocks before the first trained one need nothing (no gradient flows
// into them). With checkpointing only each block's input stays, and one
// block at a time is recomputed. Then the logits, their log-softmax and
// their gradient.
uint64_t stepActivations(const FinetuneSizes& s, const FinetuneMode& m) {
    const auto& c = s.config;
    const uint64_t N = u(s.batch) * u(s.seqLen), H = u(c.hiddenSize), I = u(c.intermediateSize);
    const uint64_t A = u(c.numHeads), T = u(s.seqLen), L = u(c.numLayers), V = u(c.vocabSize);
    const uint64_t first = m.scope == TrainScope::Shared ? std::min<uint64_t>(u(s.firstSharedLayer), L) : 0;
    const uint64_t blocks = L - first;
    const uint64_t perBlock = N * (12 * H + 3 * I) * 4 + u(s.batch) * A * T * (T + 32) / 2 * 4;
    const uint64_t logits = N * V * 4 * 3;
    // With checkpointing a block is recomputed only after the head's backward
    // has used (and freed) the logits and their gradient: the larger of the two.
    if (m.checkpointing) return (blocks + 1) * N * H * 4 + std::max(blocks ? perBlock : 0, logits);
    return blocks * perBlock + logits;
}

std::string plural(uint64_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); }

// Changes from `a` to `b` (for the suggestion closest to what was asked).
int changes(const FinetuneMode& a, const FinetuneMode& b) {
    return (a.scope != b.scope) + (a.baseline != b.baseline) + (a.checkpointing != b.checkpointing);
}

// What the user can do when no mode fits: a smaller batch or sequence with
// the cheapest mode, when that alone fits; otherwise nothing here helps.
std::string nothingFits(const FinetuneSizes& s, uint64_t available) {
    const FinetuneMode cheapest = finetuneModes().front();
    FinetuneSizes small = s;
    small.batch = 1;
    const uint64_t one = estimateFinetune(small, cheapest).bytes;
    if (one <= available)
        return "even " + finetuneModeFlags(cheapest) + " needs about " +
               formatBytes(estimateFinetune(s, cheapest).bytes) + " at this batch; with it and --batch 1 it needs " +
               formatBytes(one);
    return "even " + finetuneModeFlags(cheapest) + " with --batch 1 needs about " + formatBytes(one) +
           ": the model is too large to fine-tune with the memory this machine has";
}

} // namespace

const char* trainScopeName(TrainScope s) { return s == TrainScope::Shared ? "shared" : "all"; }

std::string finetuneModeFlags(const FinetuneMode& m) {
    return std::string("--train ") + trainScopeName(m.scope) + " --baseline " + (m.baseline ? "run" : "skip") +
           (m.checkpointing ? " --checkpointing" : "");
}

std::vector<FinetuneMode> finetuneModes() {
    std::vector<FinetuneMode> out;
    for (int scope = 1; scope >= 0; --scope)
        for (int base = 0; base <= 1; ++base)
            for (int ck = 1; ck >= 0; --ck)
                out.push_back(FinetuneMode{static_cast<TrainScope>(scope), base == 1, ck == 1});
    return out;
}

MemoryEstimate estimateFinetune(const FinetuneSizes& s, const FinetuneMode& m) {
    MemoryEstimate e;
    if (!s.baselineLoaded)
        for (const auto& [dtype, bytes] : s.baselineWeights) e.add("baseline weights (" + dtype + ")", bytes);
    const bool shared = m.scope == TrainScope::Shared;
    if (s.baselineLoaded)
        e.add("baseline weights mapped in their stored dtype (read by the run)", s.storedBaselineBytes);
    // Under --train shared the shared model's frozen stored-dtype tensors are
    // the baseline's; what trains gets float32 masters (so does the baseline's).
    const int64_t sharedFrozenStored = shared ? s.storedBaselineParameters - s.storedBaselineSharedScope : 0;
    e.add("shared model weights (" + std::string(s.sharedBytesPerParameter == 4 ? "float32" : "stored dtype") +
              (sharedFrozenStored > 0 ? ", frozen ones shared with the baseline" : "") + ")",
          u(s.sharedParameters - sharedFrozenStored) * s.sharedBytesPerParameter);
    // Under --train all every stored tensor of the trained model has a float32 master: nothing is converted per use.
    if (shared) e.add("float32 copy of the stored-dtype matrix in use", u(s.largestConvertedTensor) * 4);
    if (m.baseline)
        e.add("float32 masters of the baseline's trained stored-dtype tensors",
              u(shared ? s.storedBaselineSharedScope : s.storedBaselineParameters) * 4);
    const uint64_t sharedTrained = u(shared ? s.sharedSharedScope : s.sharedParameters);
    const uint64_t baseTrained = m.baseline ? u(shared ? s.baselineSharedScope : s.baselineParameters) : 0;
    const uint64_t trained = sharedTrained + baseTrained;
    // What training holds only while it runs (freed before the comparison).
    uint64_t freed = e.bytes;
    e.add("gradients of the trained tensors (" + std::string(shared ? "shared groups" : "all") +
              (m.baseline ? ", both models" : ", shared model only") + ")",
          trained * 4);
    e.add("AdamW moments of the trained tensors (2 x 4 bytes per parameter)", trained * 8);
    e.add(std::string("activations of one step") + (m.checkpointing ? " (checkpointed per block)" : ""),
          stepActivations(s, m));
    e.add("optimizer temporaries", u(std::min<int64_t>(s.largestTensor, static_cast<int64_t>(trained))) * 4 * 2);
    if (s.workers > 1)
        e.add("gradients of " + plural(u(s.workers - 1), "other step worker"),
              std::max(sharedTrained, baseTrained) * 4 * u(s.workers - 1));
    e.add("distillation teacher outputs", s.teacherActivationBytes);
    freed = e.bytes - freed;
    e.add("distillation teacher weights", s.teacherWeightBytes);
    const uint64_t closing = comparisonPeakBytes(s);
    e.add("closing comparison (its largest model and one evaluation) beyond what training frees",
          closing > freed ? closing - freed : 0);
    return e;
}

uint64_t predictedFinetunePeak(const FinetuneSizes& s, const FinetuneMode& m) {
    return s.residentBytes + estimateFinetune(s, m).bytes;
}

void requireFinetuneMemory(const FinetuneSizes& s, const FinetuneMode& mode, uint64_t available) {
    const MemoryEstimate need = estimateFinetune(s, mode);
    if (available == 0 || need.bytes <= available) return;
    const FinetuneMode* best = nullptr;
    uint64_t bestBytes = 0;
    const auto modes = finetuneModes();
    for (const auto& m : modes) {
        const uint64_t b = estimateFinetune(s, m).bytes;
        if (b > available) continue;
        if (!best || changes(mode, m) < changes(mode, *best) ||
            (changes(mode, m) == changes(mode, *best) && b < bestBytes)) {
            best = &m;
            bestBytes = b;
        }
    }
    const std::string task = "fine-tuning with " + finetuneModeFlags(mode);
    const std::string suggestion =
        best ? finetuneModeFlags(*best) + " needs about " + formatBytes(bestBytes) : nothingFits(s, available);
    requireMemory(need, task, suggestion, available);
}

void requireFinetuneMemory(const FinetuneSizes& s, const FinetuneMode& mode) {
    requireFinetuneMemory(s, mode, availableMemory());
}

uint64_t residentBytesNow() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024u; // "VmRSS:  1234 kB"
    return 0;
}

} // namespace sharelens
