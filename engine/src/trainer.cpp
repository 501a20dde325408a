// Training loop for a Model (see sharelens/trainer.h).
#include "sharelens/trainer.h"

#include <chrono>
#include <cmath>
#include <random>

#include <sys/resource.h>

#include <set>

#include "model_impl.h"
#include "sharelens/error.h"
#include "sharelens/resources.h"
#include "torch_guard.h"
#include "train_state.h"

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

// Parameters the trainer will train, each tensor once (tied blocks share theirs).
int64_t trainableParameters(torch::nn::Module& net) {
    std::set<const void*> seen;
    int64_t n = 0;
    for (const auto& p : net.parameters())
        if (seen.insert(p.data_ptr()).second) n += p.numel();
    return n;
}

void checkTrainingMemory(const ModelConfig& cfg, const std::vector<int64_t>& parameters, const TrainOptions& o) {
    requireMemory(estimateTraining(cfg, parameters, o.batchSize, o.seqLen), "training",
                  "use a smaller batch or sequence length");
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
                    std::to_string(o.seqLen + 1) +
                    "; use a longer text, a larger validation fraction or a shorter sequence length");
}

void checkTokens(const std::vector<int32_t>& tokens, int vocab, const char* what) {
    for (auto id : tokens)
        if (id < 0 || id >= vocab)
            throw Error(std::string(what) + " token id " + std::to_string(id) + " is outside the vocabulary");
}

// Fixed validation windows spread over the validation stream.
torch::Tensor validationWindows(const std::vector<int32_t>& tokens, const TrainOptions& o) {
    const int len = o.seqLen + 1;
    const size_t nVal = static_cast<size_t>(std::max(1, o.evalSequences));
    std::vector<size_t> starts;
    const size_t span = tokens.size() - static_cast<size_t>(len);
    for (size_t i = 0; i < nVal; ++i) starts.push_back(nVal == 1 ? 0 : span * i / (nVal - 1));
    return windows(tokens, starts, len);
}

// Random training windows, one draw per step.
class BatchSampler {
public:
    BatchSampler(const std::vector<int32_t>& tokens, const TrainOptions& o)
        : m_tokens(tokens), m_len(o.seqLen + 1), m_batch(o.batchSize), m_rng(o.seed),
          m_pick(0, tokens.size() - static_cast<size_t>(o.seqLen + 1)) {}
    torch::Tensor next() {
        std::vector<size_t> starts;
        for (int b = 0; b < m_batch; ++b) starts.push_back(m_pick(m_rng));
        return windows(m_tokens, starts, m_len);
    }

private:
    const std::vector<int32_t>& m_tokens;
    int m_len, m_batch;
    std::mt19937_64 m_rng;
    std::uniform_int_distribution<size_t> m_pick;
};

std::string nonFiniteMessage(double loss, int step) {
    return "training stopped at step " + std::to_string(step) + ": the loss became " +
           (std::isnan(loss) ? "NaN" : "infinite") + "; lower the learning rate";
}

bool evalDue(const TrainOptions& o, int done) { return (o.evalEvery > 0 && done % o.evalEvery == 0) || done == o.steps; }

} // namespace

std::vector<torch::Tensor> uniqueParameters(const torch::nn::Module& m) {
    std::set<const void*> seen;
    std::vector<torch::Tensor> out;
    for (const auto& p : m.parameters(/*recurse=*/true))
        if (seen.insert(p.unsafeGetTensorImpl()).second) out.push_back(p);
    return out;
}

uint64_t peakResidentBytes() {
    struct rusage ru {};
    if (::getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return static_cast<uint64_t>(ru.ru_maxrss) * 1024u; // KiB on Linux
}

ModelTrainer::ModelTrainer(CausalLM& net, const TrainOptions& o) : m_net(net), m_options(o) {
    m_params = uniqueParameters(net);
    // Decay matrices, not norms and biases.
    std::vector<torch::Tensor> decay, noDecay;
    for (auto& p : m_params) {
        p.set_requires_grad(true);
        (p.dim() >= 2 ? decay : noDecay).push_back(p);
    }
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(o.learningRate).betas({0.9, 0.95}).weight_decay(o.weightDecay)));
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(o.learningRate).betas({0.9, 0.95}).weight_decay(0.0)));
    m_opt = std::make_unique<torch::optim::AdamW>(groups);
    m_net.train();
}

ModelTrainer::~ModelTrainer() {
    m_net.eval();
    for (auto& p : m_params) {
        p.set_requires_grad(false);
        p.mutable_grad() = torch::Tensor();
    }
}

double ModelTrainer::step(const torch::Tensor& ids, double lr) {
    for (auto& g : m_opt->param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    // Drop the gradients rather than zeroing them (PyTorch's set_to_none):
    // backward then writes fresh gradient buffers instead of a memset
    // followed by an accumulate into them.
    for (auto& p : m_params) p.mutable_grad() = torch::Tensor();
    auto loss = nextTokenLoss(m_net, ids);
    const double value = loss.item<double>();
    if (!std::isfinite(value)) return value;
    loss.backward();
    if (m_options.gradClip > 0) torch::nn::utils::clip_grad_norm_(m_params, m_options.gradClip);
    m_opt->step();
    return value;
}

EvalRecord ModelTrainer::evaluate(const torch::Tensor& ids, int step) {
    m_net.eval();
    std::vector<int64_t> lengths(static_cast<size_t>(ids.size(0)), ids.size(1));
    auto [sum, count] = nextTokenLossSum(m_net, ids, lengths);
    m_net.train();
    const double loss = sum / static_cast<double>(count);
    return EvalRecord{step, loss, std::exp(loss)};
}

uint64_t ModelTrainer::modelStateBytes() const {
    uint64_t bytes = 0;
    auto add = [&](const torch::Tensor& t) {
        if (t.defined()) bytes += static_cast<uint64_t>(t.nbytes());
    };
    for (const auto& p : m_params) {
        add(p);
        add(p.grad());
    }
    for (const auto& kv : m_opt->state()) {
        const auto& st = static_cast<const torch::optim::AdamWParamState&>(*kv.second);
        add(st.exp_avg());
        add(st.exp_avg_sq());
        add(st.max_exp_avg_sq());
    }
    return bytes;
}

size_t ModelTrainer::optimizerStates() const { return m_opt->state().size(); }

TrainResult train(Model& model, const std::vector<int32_t>& trainTokens,
                  const std::vector<int32_t>& validationTokens, const TrainOptions& o,
                  const std::function<void(const StepRecord&)>& onStep,
                  const std::function<void(const EvalRecord&)>& onEval, const Progress& progress) {
    auto& net = *model.impl().net;
    const auto& cfg = model.config();
    checkOptions(o, trainTokens.size(), validationTokens.size(), cfg.maxPositions);
    checkTokens(trainTokens, cfg.vocabSize, "training");
    checkTokens(validationTokens, cfg.vocabSize, "validation");
    checkTrainingMemory(cfg, {trainableParameters(net)}, o);

    return guardTorch("", [&] {
        torch::manual_seed(o.seed);
        BatchSampler sampler(trainTokens, o);
        auto valIds = validationWindows(validationTokens, o);
        ModelTrainer trainer(net, o);

        TrainResult result;
        for (int step = 0; step < o.steps; ++step) {
            progress.check();
            const auto t0 = std::chrono::steady_clock::now();
            auto ids = sampler.next();
            const double lr = scheduledRate(o, step);
            const double lossValue = trainer.step(ids, lr);
            if (!std::isfinite(lossValue)) throw Error(nonFiniteMessage(lossValue, step + 1));
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            StepRecord r{step + 1, lossValue, lr, secs, static_cast<double>(o.batchSize) * o.seqLen / secs,
                         trainer.modelStateBytes(), peakResidentBytes()};
            result.steps.push_back(r);
            if (onStep) onStep(r);
            progress.report("Training", 1, 1, static_cast<double>(step + 1) / o.steps);
            if (evalDue(o, step + 1)) {
                result.evals.push_back(trainer.evaluate(valIds, step + 1));
                if (onEval) onEval(result.evals.back());
            }
        }
        return result;
    });
}

const char* pairRunName(PairRun r) { return r == PairRun::Baseline ? "baseline" : "shared"; }

PairResult trainPair(Model& baseline, Model& shared, const std::vector<int32_t>& trainTokens,
                     const std::vector<int32_t>& validationTokens, const TrainOptions& o,
                     const std::function<void(PairRun, const StepRecord&)>& onStep,
                     const std::function<void(PairRun, const EvalRecord&)>& onEval, const Progress& progress) {
    const auto& cfg = baseline.config();
    const auto& scfg = shared.config();
    if (cfg.vocabSize != scfg.vocabSize || cfg.numLayers != scfg.numLayers || cfg.hiddenSize != scfg.hiddenSize)
        throw Error("the shared model was not made from the baseline (different vocabulary, layers or width)");
    if (baseline.impl().net == shared.impl().net) throw Error("the baseline and the shared model must be two models");
    checkOptions(o, trainTokens.size(), validationTokens.size(), std::min(cfg.maxPositions, scfg.maxPositions));
    checkTokens(trainTokens, cfg.vocabSize, "training");
    checkTokens(validationTokens, cfg.vocabSize, "validation");
    checkTrainingMemory(cfg, {trainableParameters(*baseline.impl().net), trainableParameters(*shared.impl().net)}, o);

    return guardTorch("", [&] {
        torch::manual_seed(o.seed);
        BatchSampler sampler(trainTokens, o);
        auto valIds = validationWindows(validationTokens, o);
        ModelTrainer trainers[2] = {ModelTrainer(*baseline.impl().net, o), ModelTrainer(*shared.impl().net, o)};
        PairResult result;
        TrainResult* runs[2] = {&result.baseline, &result.shared};
        auto evaluate = [&](int r, int step) {
            runs[r]->evals.push_back(trainers[r].evaluate(valIds, step));
            if (onEval) onEval(static_cast<PairRun>(r), runs[r]->evals.back());
        };
        evaluate(0, 0);
        evaluate(1, 0);
        for (int step = 0; step < o.steps; ++step) {
            if (progress.cancelled()) {
                result.stopReason = "cancelled";
                break;
            }
            auto ids = sampler.next();
            const double lr = scheduledRate(o, step);
            for (int k = 0; k < 2; ++k) {
                const int r = (step + k) % 2; // alternate which model goes first
                const auto t0 = std::chrono::steady_clock::now();
                const double loss = trainers[r].step(ids, lr);
                const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                if (!std::isfinite(loss)) {
                    result.stopReason = std::string("the ") + pairRunName(static_cast<PairRun>(r)) + " model's " +
                                        nonFiniteMessage(loss, step + 1);
                    break;
                }
                StepRecord rec{step + 1, loss, lr, secs, static_cast<double>(o.batchSize) * o.seqLen / secs,
                               trainers[r].modelStateBytes(), peakResidentBytes()};
                runs[r]->steps.push_back(rec);
                if (onStep) onStep(static_cast<PairRun>(r), rec);
            }
            if (!result.stopReason.empty()) break;
            progress.report("Training baseline and shared", 1, 1, static_cast<double>(step + 1) / o.steps);
            if (evalDue(o, step + 1)) {
                evaluate(0, step + 1);
                evaluate(1, step + 1);
            }
        }
        return result;
    });
}

} // namespace sharelens
