// Training loop for a Model (see sharelens/trainer.h).
#include "sharelens/trainer.h"

#include <chrono>
#include <cmath>
#include <random>

#include "model_impl.h"
#include "sharelens/error.h"
#include "torch_guard.h"

namespace sharelens {

namespace {

double scheduledRate(const TrainOptions& o, int step) {
    const int warm = std::max(1, static_cast<int>(std::lround(o.warmupFraction * o.steps)));
    if (step < warm) return o.learningRate * (step + 1) / warm;
    const double p = o.steps > warm ? static_cast<double>(step - warm) / (o.steps - warm) : 1.0;
    return o.minLearningRate + 0.5 * (o.learningRate - o.minLearningRate) * (1 + std::cos(M_PI * p));
}

torch::Tensor windows(const std::vector<int32_t>& tokens, const std::vector<size_t>& starts, int len) {
    auto t = torch::empty({static_cast<int64_t>(starts.size()), len}, torch::kInt64);
    auto a = t.accessor<int64_t, 2>();
    for (size_t b = 0; b < starts.size(); ++b)
        for (int i = 0; i < len; ++i) a[static_cast<int64_t>(b)][i] = tokens[starts[b] + static_cast<size_t>(i)];
    return t;
}

void checkOptions(const TrainOptions& o, size_t trainTokens, size_t valTokens, int maxPositions) {
    if (o.steps < 1) throw Error("steps must be at least 1");
    if (o.batchSize < 1) throw Error("batch size must be at least 1");
    if (o.seqLen < 2) throw Error("sequence length must be at least 2");
    if (o.seqLen > maxPositions)
        throw Error("sequence length " + std::to_string(o.seqLen) + " exceeds the model's context of " +
                    std::to_string(maxPositions) + " tokens");
    if (!(o.learningRate > 0) || !std::isfinite(o.learningRate)) throw Error("learning rate must be a positive number");
    if (trainTokens < static_cast<size_t>(o.seqLen) + 1)
        throw Error("the training text has " + std::to_string(trainTokens) + " tokens, fewer than one sequence of " +
                    std::to_string(o.seqLen + 1) + "; use a longer text or a shorter sequence length");
    if (valTokens < static_cast<size_t>(o.seqLen) + 1)
        throw Error("the validation text has " + std::to_string(valTokens) + " tokens, fewer than one sequence of " +
                    std::to_string(o.seqLen + 1));
}

} // namespace

TrainResult train(Model& model, const std::vector<int32_t>& trainTokens,
                  const std::vector<int32_t>& validationTokens, const TrainOptions& o,
                  const std::function<void(const StepRecord&)>& onStep,
                  const std::function<void(const EvalRecord&)>& onEval, const Progress& progress) {
    auto& net = *model.impl().net;
    const auto& cfg = model.config();
    checkOptions(o, trainTokens.size(), validationTokens.size(), cfg.maxPositions);
    for (auto id : trainTokens)
        if (id < 0 || id >= cfg.vocabSize) throw Error("training token id " + std::to_string(id) + " is outside the vocabulary");
    for (auto id : validationTokens)
        if (id < 0 || id >= cfg.vocabSize) throw Error("validation token id " + std::to_string(id) + " is outside the vocabulary");

    return guardTorch("", [&] {
        torch::manual_seed(o.seed);
        std::mt19937_64 rng(o.seed);
        const int len = o.seqLen + 1;
        std::uniform_int_distribution<size_t> pick(0, trainTokens.size() - static_cast<size_t>(len));

        // Decay matrices, not norms and biases.
        std::vector<torch::Tensor> decay, noDecay;
        for (auto& p : net.parameters()) {
            p.set_requires_grad(true);
            (p.dim() >= 2 ? decay : noDecay).push_back(p);
        }
        std::vector<torch::optim::OptimizerParamGroup> groups;
        groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                       torch::optim::AdamWOptions(o.learningRate).betas({0.9, 0.95}).weight_decay(o.weightDecay)));
        groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                         torch::optim::AdamWOptions(o.learningRate).betas({0.9, 0.95}).weight_decay(0.0)));
        torch::optim::AdamW opt(groups);

        // Fixed validation windows spread over the validation stream.
        const size_t nVal = static_cast<size_t>(std::max(1, o.evalSequences));
        std::vector<size_t> valStarts;
        const size_t span = validationTokens.size() - static_cast<size_t>(len);
        for (size_t i = 0; i < nVal; ++i) valStarts.push_back(nVal == 1 ? 0 : span * i / (nVal - 1));
        auto valIds = windows(validationTokens, valStarts, len);

        TrainResult result;
        auto evaluate = [&](int step) {
            net.eval();
            std::vector<int64_t> lengths(valStarts.size(), len);
            auto [sum, count] = nextTokenLossSum(net, valIds, lengths);
            net.train();
            EvalRecord r{step, sum / static_cast<double>(count), std::exp(sum / static_cast<double>(count))};
            result.evals.push_back(r);
            if (onEval) onEval(r);
        };

        net.train();
        for (int step = 0; step < o.steps; ++step) {
            progress.check();
            const auto t0 = std::chrono::steady_clock::now();
            std::vector<size_t> starts;
            for (int b = 0; b < o.batchSize; ++b) starts.push_back(pick(rng));
            auto ids = windows(trainTokens, starts, len);
            const double lr = scheduledRate(o, step);
            for (auto& g : opt.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
            opt.zero_grad();
            auto loss = nextTokenLoss(net, ids);
            const double lossValue = loss.item<double>();
            if (!std::isfinite(lossValue))
                throw Error("training stopped at step " + std::to_string(step + 1) + ": the loss became " +
                            (std::isnan(lossValue) ? "NaN" : "infinite") + "; lower the learning rate");
            loss.backward();
            if (o.gradClip > 0) torch::nn::utils::clip_grad_norm_(net.parameters(), o.gradClip);
            opt.step();
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            StepRecord r{step + 1, lossValue, lr, secs, static_cast<double>(o.batchSize) * o.seqLen / secs};
            result.steps.push_back(r);
            if (onStep) onStep(r);
            progress.report("Training", 1, 1, static_cast<double>(step + 1) / o.steps);
            if ((o.evalEvery > 0 && (step + 1) % o.evalEvery == 0) || step + 1 == o.steps) evaluate(step + 1);
        }
        net.eval();
        for (auto& p : net.parameters()) p.set_requires_grad(false);
        return result;
    });
}

} // namespace sharelens
