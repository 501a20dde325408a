// Engine-internal: the distillation loss of a student (the shared model)
// against a frozen teacher (the unshared model), used by ModelTrainer's step
// and checked by tests/engine/tst_distill against independent references.
//
// With inputs x = ids[:, :-1] and targets ids[:, 1:]:
//   CE     = mean next-token cross-entropy of the student;
//   KL     = mean over tokens of KL(p_teacher || p_student), both softmax(logits / T);
//   MSE    = mean over blocks of mean over tokens and width of
//            (student block output - teacher block output)^2
//            (the residual stream after each block, before the final norm);
//   loss   = (1 - w) CE + w T^2 KL + h MSE   (logits in the mode)
//          = CE + h MSE                      (hidden only)
// with w = TrainOptions::distillWeight, h = distillHiddenWeight, T the
// temperature; terms not in the mode are left out (and recorded as 0).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "model/models.h"
#include "sharelens/resources.h"
#include "sharelens/trainer.h"

namespace sharelens::distill {

bool usesLogits(DistillMode m);
bool usesHidden(DistillMode m);

// The components of one step's loss, as plain numbers.
struct Values {
    double crossEntropy = 0;
    double kl = 0;     // unscaled (before T^2 and the weight)
    double hidden = 0; // unweighted MSE
};

// What the teacher computes once per batch (no gradients): the log-softmax
// of its logits at the temperature (logits modes) and its blocks' outputs
// (hidden modes), every tensor [B, T, ...] so that row chunks can be taken.
struct TeacherOutputs {
    torch::Tensor logProbs;            // [B, T, V]
    std::vector<torch::Tensor> blocks; // per block [B, T, H]
    // Rows [r0, r0 + n) of every tensor (views).
    TeacherOutputs rows(int64_t r0, int64_t n) const;
    bool empty() const { return !logProbs.defined() && blocks.empty(); }
};

// The teacher's forward over ids[:, :-1] under NoGradGuard.
TeacherOutputs teacherOutputs(CausalLM& teacher, const torch::Tensor& ids, const TrainOptions& o);

// The student's differentiable loss on ids [B, T+1] against the teacher's
// outputs for the same rows; its components into *parts.
torch::Tensor studentLoss(CausalLM& student, const torch::Tensor& ids, const TeacherOutputs& teacher,
                          const TrainOptions& o, Values* parts);

// Mean over rows of KL(softmax(t / T) || softmax(s / T)): student logits
// [N, V] against the teacher's log-softmax at T [N, V] (unscaled).
torch::Tensor klFromLogProbs(const torch::Tensor& studentLogits, const torch::Tensor& teacherLogProbs, double T);
// The same from the teacher's logits.
torch::Tensor klDivergence(const torch::Tensor& studentLogits, const torch::Tensor& teacherLogits, double T);
// Mean over blocks of the mean squared difference.
torch::Tensor blockMse(const std::vector<torch::Tensor>& student, const std::vector<torch::Tensor>& teacher);

// Refuses bad distillation settings (temperature, weights, a missing or
// mismatched teacher) with a message naming the setting and what to use.
void checkOptions(const TrainOptions& o, const ModelConfig& student);

// The teacher's part of a training step's memory: its weights (float32,
// frozen: no gradients or optimizer state; 0 when `teacherParameters` is 0,
// e.g. already resident) and its outputs kept for one batch. Nothing when
// distillation is off.
void addTeacherMemory(MemoryEstimate& e, const ModelConfig& c, int64_t teacherParameters, const TrainOptions& o);
// The teacher's outputs kept for one batch (0 without distillation).
uint64_t teacherOutputBytes(const ModelConfig& c, const TrainOptions& o);

} // namespace sharelens::distill
