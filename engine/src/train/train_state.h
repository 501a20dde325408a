// Engine-internal: one model's optimiser state and training step, shared by
// train() and trainPair() (trainer.cpp) and inspected by tests.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "model/models.h"
#include "sharelens/trainer.h"
#include "train/distill.h"

namespace sharelens {

// Every parameter tensor of `m` once, in first-seen order. A tied tensor is
// listed by Module::parameters() once per position that uses it; handing
// duplicates to an optimiser would update it once per position.
std::vector<torch::Tensor> uniqueParameters(const torch::nn::Module& m);
// The same over several models (a tensor tied between them once).
std::vector<torch::Tensor> uniqueParameters(const std::vector<CausalLM*>& nets);

// AdamW (betas 0.9/0.95; weight decay on matrices only) over the unique
// parameters of `net`, gradient clipping, loss and evaluation. Sets the
// parameters trainable while it lives; restores eval mode and frozen
// parameters when destroyed. The nets compute in options.compute while it
// lives (mixed precision in bf16: trained tensors are float32 masters, a
// tensor kept in a stored F16/BF16 dtype is converted to float32 first). Several nets (the agents of a system, which
// may share tensors or even be the same net) train as one: one optimiser over their unique tensors, loss = the sum of
// their losses.
class ModelTrainer {
public:
    ModelTrainer(CausalLM& net, const TrainOptions& options);
    ModelTrainer(std::vector<CausalLM*> nets, const TrainOptions& options);
    // Trains only `trainable` (tensors of `net`, e.g. scopeTensors()): the
    // others stay frozen, with no gradient and no optimiser state.
    ModelTrainer(CausalLM& net, const TrainOptions& options, std::vector<torch::Tensor> trainable);
    ~ModelTrainer();
    ModelTrainer(const ModelTrainer&) = delete;
    ModelTrainer& operator=(const ModelTrainer&) = delete;

    // One step at learning rate `lr` on ids [B, T+1]. Returns the loss; when
    // it is not finite, nothing is updated.
    double step(const torch::Tensor& ids, double lr);
    // One step of a system: ids[k] for net k. Returns the mean of the nets'
    // losses (each in *losses when given).
    double step(const std::vector<torch::Tensor>& ids, double lr, std::vector<double>* losses = nullptr);
    // Mean next-token loss of net `net` on fixed windows [N, T+1].
    EvalRecord evaluate(const torch::Tensor& ids, int step, size_t net = 0);
    // Bytes of parameters (frozen ones too), the trained ones' gradients and
    // the optimiser's state, each tensor counted once (exact, from the tensors).
    uint64_t modelStateBytes() const;
    // Row chunks (and threads) a step's batch is split into.
    int workers() const { return m_workers; }
    // Number of per-tensor optimiser states (one per unique parameter after a step).
    size_t optimizerStates() const;
    const std::vector<torch::Tensor>& parameters() const { return m_params; }
    // Weights and optimiser state into / out of a checkpoint archive, under
    // keys starting with `prefix`. load() throws sharelens::Error when the
    // archive's tensors do not match this model's unique parameters.
    void save(torch::serialize::OutputArchive& archive, const std::string& prefix) const;
    void load(torch::serialize::InputArchive& archive, const std::string& prefix);
    // Distillation: from now on each step also runs `teacher` (frozen, never
    // in the optimiser) once over the batch and trains on options.distill's
    // loss. One net only. null: plain next-token loss.
    void setTeacher(CausalLM* teacher);
    // The last step's loss components (the cross-entropy alone without a teacher).
    const distill::Values& lastLosses() const { return m_lastLosses; }

private:
    // Net k's loss on ids (rows r0.. of the batch), components into *parts.
    torch::Tensor netLoss(size_t k, const torch::Tensor& ids, int64_t r0, distill::Values* parts);
    // The gradients of one step into .grad, on the whole batch or split into
    // `chunks` row chunks on as many threads; return the mean of the nets'
    // losses (nothing written when it is not finite).
    double backwardWhole(const std::vector<torch::Tensor>& ids, std::vector<double>* losses);
    double backwardChunks(const std::vector<torch::Tensor>& ids, int chunks, std::vector<double>* losses);
    // The optimiser over `trainable` (set trainable), train mode, checkpointing.
    void setUp(std::vector<torch::Tensor> trainable);
    // In a process group: this rank's chunk of the batch, then the losses and
    // gradients summed over the ranks.
    double backwardRank(const std::vector<torch::Tensor>& ids, std::vector<double>* losses);

    std::vector<CausalLM*> m_nets;
    TrainOptions m_options;
    std::vector<torch::Tensor> m_params;
    std::unique_ptr<torch::optim::AdamW> m_opt;
    int m_workers = 1;
    std::vector<ComputeDtype> m_oldCompute; // each net's compute dtype before, restored when destroyed
    uint64_t m_frozenBytes = 0;             // parameters of the nets that do not train
    CausalLM* m_teacher = nullptr;
    distill::TeacherOutputs m_teacherOut; // this step's, freed after it
    distill::Values m_lastLosses;
};

// Pieces of the training loop shared by train(), trainPair() and the agents
// trainer (agents.cpp).
namespace trainer_detail {
double scheduledRate(const TrainOptions& o, int step); // warm-up, then cosine
void checkOptions(const TrainOptions& o, size_t trainTokens, size_t valTokens, int maxPositions);
void checkTokens(const std::vector<int32_t>& tokens, int vocab, const char* what);
// Refuses a run whose estimate (estimateTraining with `parameters` per model,
// plus the distillation teacher's outputs and, when teacherParameters > 0,
// its weights: pass 0 once it is loaded) exceeds the available memory.
void checkTrainingMemory(const ModelConfig& cfg, const std::vector<int64_t>& parameters, const TrainOptions& o,
                         int64_t teacherParameters);
torch::Tensor validationWindows(const std::vector<int32_t>& tokens, const TrainOptions& o);
// The same windows as token sequences (for Model::evaluate), so other models
// are compared on exactly the windows the runs' validation losses use.
std::vector<std::vector<int32_t>> validationSequences(const std::vector<int32_t>& tokens, const TrainOptions& o);
std::string nonFiniteMessage(double loss, int step);
bool evalDue(const TrainOptions& o, int done);

// Random training windows [B, T+1] of a token stream, one draw per step.
class BatchSampler {
public:
    BatchSampler(const std::vector<int32_t>& tokens, const TrainOptions& o);
    torch::Tensor next();
    // The random engine's state, saved in trainer checkpoints and restored.
    std::string state() const;
    void restore(const std::string& state);

private:
    const std::vector<int32_t>& m_tokens;
    int m_len, m_batch;
    std::mt19937_64 m_rng;
    std::uniform_int_distribution<size_t> m_pick;
};
} // namespace trainer_detail

// Peak resident set size of this process in bytes since the last
// resetPeakResident() (VmHWM; the lifetime peak where that cannot be reset).
uint64_t peakResidentBytes();
// Starts a new peak at the current resident size (Linux /proc/self/clear_refs);
// false when the system does not allow it. Each training run calls it first,
// so its memory chart shows the run's own peak, not an earlier job's.
bool resetPeakResident();

} // namespace sharelens
