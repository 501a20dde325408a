// ModelTrainer's step in a process group: this rank's chunk of the batch,
// then the losses and gradients summed over the ranks in rank order.
#include <cmath>
#include <string>

#include "dist/collectives.h"
#include "sharelens/distributed.h"
#include "sharelens/error.h"
#include "train/train_state.h"

namespace sharelens {

double ModelTrainer::backwardRank(const std::vector<torch::Tensor>& ids, std::vector<double>* losses) {
    // Data-parallel over processes: rank r of R is chunk r of backwardChunks()
    // with R chunks (the same rows, the same weighting), its gradients in
    // .grad; the losses and then the gradients are summed over the ranks in
    // rank order, which is backwardChunks()'s chunk order, so a run on R
    // processes gives the bits of a one-process run with R step workers.
    const int R = dist::world(), r = dist::rank();
    const int64_t n = ids.front().size(0);
    if (n < R) throw Error(ErrorCode::DistBatchSmallerThanWorld, {std::to_string(n), std::to_string(R)});
    const int64_t r0 = n * r / R, r1 = n * (r + 1) / R;
    torch::Tensor loss;
    const auto K = static_cast<int64_t>(m_nets.size());
    const double weight = static_cast<double>(r1 - r0) / static_cast<double>(n);
    // The nets' losses, then the distillation components (summed like the losses).
    auto parts = torch::zeros({K + 3}, torch::kFloat64);
    distill::Values mine;
    for (int64_t k = 0; k < K; ++k) {
        auto l =
            netLoss(static_cast<size_t>(k), ids[static_cast<size_t>(k)].narrow(0, r0, r1 - r0), r0, &mine) * weight;
        parts[k] = l.item<double>();
        loss = k == 0 ? l : loss + l;
    }
    parts[K] = mine.crossEntropy * weight;
    parts[K + 1] = mine.kl * weight;
    parts[K + 2] = mine.hidden * weight;
    std::vector<torch::Tensor> sums{parts};
    dist::sumInRankOrder(sums, "the loss reduction");
    m_lastLosses = distill::Values{parts[K].item<double>(), parts[K + 1].item<double>(), parts[K + 2].item<double>()};
    double value = 0;
    for (size_t k = 0; k < m_nets.size(); ++k) {
        const double v = parts[static_cast<int64_t>(k)].item<double>();
        if (losses) losses->push_back(v);
        value += v / static_cast<double>(m_nets.size());
    }
    if (!std::isfinite(value)) return value;
    loss.backward();
    // Each unique parameter once (a tied tensor is one entry), in a fixed order.
    std::vector<torch::Tensor> grads;
    for (auto& p : m_params) grads.push_back(p.grad());
    dist::sumInRankOrder(grads, "the gradient all-reduce");
    return value;
}

} // namespace sharelens
