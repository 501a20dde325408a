// Engine-internal: one model's optimiser state and training step, shared by
// train() and trainPair() (trainer.cpp) and inspected by tests.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models.h"
#include "sharelens/trainer.h"

namespace sharelens {

// Every parameter tensor of `m` once, in first-seen order. A tied tensor is
// listed by Module::parameters() once per position that uses it; handing
// duplicates to an optimiser would update it once per position.
std::vector<torch::Tensor> uniqueParameters(const torch::nn::Module& m);

// AdamW (betas 0.9/0.95; weight decay on matrices only) over the unique
// parameters of `net`, gradient clipping, loss and evaluation. Sets the
// parameters trainable while it lives; restores eval mode and frozen
// parameters when destroyed.
class ModelTrainer {
public:
    ModelTrainer(CausalLM& net, const TrainOptions& options);
    ~ModelTrainer();
    ModelTrainer(const ModelTrainer&) = delete;
    ModelTrainer& operator=(const ModelTrainer&) = delete;

    // One step at learning rate `lr` on ids [B, T+1]. Returns the loss; when
    // it is not finite, nothing is updated.
    double step(const torch::Tensor& ids, double lr);
    // Mean next-token loss on fixed windows [N, T+1].
    EvalRecord evaluate(const torch::Tensor& ids, int step);
    // Bytes of parameters, their gradients and the optimiser's state, each
    // tensor counted once (exact, from the tensors).
    uint64_t modelStateBytes() const;
    // Number of per-tensor optimiser states (one per unique parameter after a step).
    size_t optimizerStates() const;
    const std::vector<torch::Tensor>& parameters() const { return m_params; }
    // Weights and optimiser state into / out of a checkpoint archive, under
    // keys starting with `prefix`. load() throws sharelens::Error when the
    // archive's tensors do not match this model's unique parameters.
    void save(torch::serialize::OutputArchive& archive, const std::string& prefix) const;
    void load(torch::serialize::InputArchive& archive, const std::string& prefix);

private:
    CausalLM& m_net;
    TrainOptions m_options;
    std::vector<torch::Tensor> m_params;
    std::unique_ptr<torch::optim::AdamW> m_opt;
};

// Peak resident set size of this process in bytes (getrusage ru_maxrss).
uint64_t peakResidentBytes();

} // namespace sharelens
