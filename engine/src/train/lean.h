// Engine-internal: lean healing. Which tensors a fine-tune trains under
// TrainScope::Shared, a fine-tune without a fine-tuned baseline, and the
// memory figures of a loaded model (finetuneSizes, sharelens/finetune_memory.h).
#pragma once

#include <torch/torch.h>

#include <functional>
#include <vector>

#include "model/models.h"
#include "sharelens/plan.h"
#include "sharelens/trainer.h"

namespace sharelens {

// The tensors of `net` the plan's shared groups (two or more members) use at
// their member positions, each once: the tied weights, and where the
// positions keep their own, the private norms and low-rank deltas. On the
// unshared baseline the same positions' own tensors of the same parts.
std::vector<torch::Tensor> sharedGroupTensors(const CausalLM& net, const SharingPlan& plan);

// What `model` trains under o.scope: every unique parameter (All), or
// sharedGroupTensors with `plan` (the model's own when null). Throws
// sharelens::Error when Shared is asked without a plan or the plan shares
// nothing.
std::vector<torch::Tensor> scopeTensors(const Model& model, const SharingPlan* plan, const TrainOptions& o);

// Elements of a tensor list.
int64_t tensorElements(const std::vector<torch::Tensor>& tensors);

// The memory check of a run whose trained tensors (one count per model) are
// not every parameter, or that checkpoints (the plain case keeps
// estimateTraining's check), with a distillation teacher's outputs (and its
// weights when teacherParameters > 0).
void checkLeanTrainingMemory(const ModelConfig& config, const std::vector<int64_t>& trained, const TrainOptions& o,
                             int64_t teacherParameters);

// A fine-tune without a fine-tuned baseline: both models' validation loss
// before training (the baseline's stays its only record: the comparison uses
// it untrained), then train() of the shared model alone (no second
// optimizer, no baseline gradients). Records and stops as trainPair(). With
// evalEvery 0 nothing is evaluated before training: the untrained baseline
// once after it (at the last step reached; not when cancelled), the shared
// model by train() at the end.
PairResult trainSharedOnly(Model& baseline, Model& shared, const std::vector<int32_t>& trainTokens,
                           const std::vector<int32_t>& validationTokens, const TrainOptions& options,
                           const std::function<void(PairRun, const StepRecord&)>& onStep = {},
                           const std::function<void(PairRun, const EvalRecord&)>& onEval = {},
                           const Progress& progress = {});

} // namespace sharelens
