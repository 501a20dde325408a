// The memory of a fine-tune in each of its modes (which tensors train,
// whether a fine-tuned baseline runs beside the shared model, gradient
// checkpointing, a distillation teacher), estimated before anything big is
// allocated, and the check that refuses a mode that would not fit with the
// cheapest mode that would.
//
// Torch-free; finetuneSizes (the engine) measures a loaded model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sharelens/config.h"
#include "sharelens/resources.h"
#include "sharelens/trainer.h"

namespace sharelens {

class Model;
struct SharingPlan;
struct ShareOptions;

// One way to run a fine-tune, as far as memory goes.
struct FinetuneMode {
    TrainScope scope = TrainScope::All;
    bool baseline = true; // a fine-tuned baseline trains beside the shared model
    bool checkpointing = false;
};

// "--train all --baseline run", with " --checkpointing" when on.
std::string finetuneModeFlags(const FinetuneMode& mode);

// What a fine-tune's memory depends on, known before the shared model is built.
struct FinetuneSizes {
    ModelConfig config;
    int64_t baselineParameters = 0; // unique parameters of the baseline
    // The baseline's tensors as they are held, bytes per dtype name ("float32" -> bytes).
    std::vector<std::pair<std::string, uint64_t>> baselineWeights;
    bool baselineLoaded = true;             // its weights are already resident (counted in residentBytes)
    int64_t sharedParameters = 0;           // unique parameters of the shared model
    uint64_t sharedBytesPerParameter = 4;   // the shared model is built in float32
    int64_t baselineSharedScope = 0;        // parameters the baseline trains under --train shared
    int64_t sharedSharedScope = 0;          // parameters the shared model trains under --train shared
    int64_t largestTensor = 0;              // elements of the largest parameter (optimizer temporaries)
    int firstSharedLayer = 0;               // blocks before it need no backward under --train shared
    int batch = 1, seqLen = 1, workers = 1; // one training step
    // A frozen distillation teacher held besides the models above (0: none).
    uint64_t teacherWeightBytes = 0;
    uint64_t teacherActivationBytes = 0; // its forward per batch (outputs kept for the loss)
    // Resident memory when estimated (the program, loaded models, the data):
    // the run's peak is this plus the estimate.
    uint64_t residentBytes = 0;
    // The baseline's F16/BF16 matrices kept in their stored dtype (mapped:
    // resident once the run reads them, not yet in residentBytes): bytes,
    // elements, and of them the elements in the shared groups. The shared
    // model uses the others as they are (no float32 copy) unless it trains
    // them; a trained one gets a float32 master.
    uint64_t storedBaselineBytes = 0;
    int64_t storedBaselineParameters = 0;
    int64_t storedBaselineSharedScope = 0;
    // Float32 compute over stored matrices converts one at a time: the
    // largest one's elements (0 in bfloat16 compute or without any).
    int64_t largestConvertedTensor = 0;
    // The closing comparison at the same budget, after training (its
    // gradients, AdamW moments and step activations freed): the original
    // loaded again for it (0 when the baseline or the caller's model is the
    // original), the largest of its models' own tensors (int8's quantized
    // matrices; layer removal shares the original's), and one evaluation's
    // activations and logits. All 0: no comparison counted.
    uint64_t comparisonOriginalBytes = 0;
    uint64_t comparisonModelBytes = 0;
    uint64_t comparisonEvalBytes = 0;
};

// The closing comparison's peak beside the trained models (the sum of the
// three comparison sizes above).
inline uint64_t comparisonPeakBytes(const FinetuneSizes& s) {
    return s.comparisonOriginalBytes + s.comparisonModelBytes + s.comparisonEvalBytes;
}

// The memory a fine-tune in `mode` allocates beyond what is resident: the
// shared model's weights, gradients and AdamW moments of the trained tensors
// only (of both models when the baseline runs), the activations one step keeps
// for its backward pass (every block's, or with checkpointing each block's
// input and one block's recomputation), optimizer temporaries, the step
// workers' gradients, a distillation teacher when there is one, and the
// closing comparison's peak where it exceeds what training frees (its own
// part: the run's peak is the larger of the two phases).
MemoryEstimate estimateFinetune(const FinetuneSizes& sizes, const FinetuneMode& mode);

// The run's predicted peak resident memory: residentBytes + the estimate.
uint64_t predictedFinetunePeak(const FinetuneSizes& sizes, const FinetuneMode& mode);

// Every mode, cheapest first.
std::vector<FinetuneMode> finetuneModes();

// Throws sharelens::Error (ResNotEnoughMemory / ...Limit) when `mode` needs
// more than `available` (0: unknown, no check), naming the figure and the
// mode closest to the one asked that fits (fewest changes, then least
// memory), or when none fits, what would help (a smaller batch or sequence
// length only when that alone would make a mode fit).
void requireFinetuneMemory(const FinetuneSizes& sizes, const FinetuneMode& mode, uint64_t available);
void requireFinetuneMemory(const FinetuneSizes& sizes, const FinetuneMode& mode); // against availableMemory()

// Measured from the loaded baseline (engine): parameters and weights, what
// each scope trains under `plan` and `share`, the step's batch, sequence
// length and workers from `train`, the closing comparison's int8 copy and
// evaluation (not the original loaded again: the caller knows whether it
// is), and the process's resident memory now.
FinetuneSizes finetuneSizes(const Model& baseline, const SharingPlan& plan, const ShareOptions& share,
                            const TrainOptions& train);

// The process's resident memory now (VmRSS; 0 when unknown).
uint64_t residentBytesNow();

} // namespace sharelens
