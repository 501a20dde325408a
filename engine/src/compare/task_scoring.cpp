// Log-likelihood scoring of multiple-choice items and stride perplexity
// (sharelens/tasks.h): forward passes on the model's network.
#include <algorithm>
#include <cmath>
#include <limits>

#include "io/torch_guard.h"
#include "model/model_impl.h"
#include "model/models.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/tasks.h"

namespace sharelens {

namespace {

// The log-probability of targets[i] at flat row rows[i] of the hidden states
// of `inputs` ([B, T]) and whether it is the argmax there; float64 softmax.
void rowLogProbs(CausalLM& net, const torch::Tensor& inputs, const std::vector<int64_t>& rows,
                 const std::vector<int64_t>& targets, std::vector<double>& logProbs, std::vector<bool>& greedy) {
    auto h = net.hidden(inputs);
    auto flat = h.reshape({h.size(0) * h.size(1), h.size(2)});
    auto r = torch::tensor(rows, torch::kInt64);
    auto tg = torch::tensor(targets, torch::kInt64);
    auto logits = net.logits(flat.index_select(0, r)).to(torch::kFloat64);
    auto lp = torch::log_softmax(logits, -1).gather(1, tg.unsqueeze(1)).squeeze(1).contiguous();
    auto top = (logits.argmax(-1) == tg).contiguous();
    const double* p = lp.data_ptr<double>();
    const bool* g = top.data_ptr<bool>();
    logProbs.assign(p, p + lp.numel());
    greedy.assign(g, g + top.numel());
}

// One item's choices as one right-padded batch (a causal model's earlier
// positions never see the padding).
ChoiceScores scoreItem(CausalLM& net, const EncodedTaskItem& item, int maxPositions) {
    const auto B = static_cast<int64_t>(item.choices.size());
    std::vector<std::vector<int32_t>> inputs;
    int64_t T = 0;
    for (const auto& choice : item.choices) {
        std::vector<int32_t> full = item.context;
        full.insert(full.end(), choice.begin(), choice.end());
        const size_t keep = std::min(full.size(), static_cast<size_t>(maxPositions) + 1);
        full.erase(full.begin(), full.end() - static_cast<std::ptrdiff_t>(keep));
        full.pop_back(); // the last id is only a target
        T = std::max(T, static_cast<int64_t>(full.size()));
        inputs.push_back(std::move(full));
    }
    auto ids = torch::zeros({B, T}, torch::kInt64);
    auto acc = ids.accessor<int64_t, 2>();
    std::vector<int64_t> rows, targets;
    for (int64_t b = 0; b < B; ++b) {
        const auto& in = inputs[static_cast<size_t>(b)];
        const auto& choice = item.choices[static_cast<size_t>(b)];
        const auto L = static_cast<int64_t>(in.size()), n = static_cast<int64_t>(choice.size());
        for (int64_t t = 0; t < L; ++t) acc[b][t] = in[static_cast<size_t>(t)];
        for (int64_t j = 0; j < n; ++j) {
            rows.push_back(b * T + L - n + j);
            targets.push_back(choice[static_cast<size_t>(j)]);
        }
    }
    std::vector<double> lp;
    std::vector<bool> greedy;
    rowLogProbs(net, ids, rows, targets, lp, greedy);
    ChoiceScores s;
    size_t k = 0;
    for (const auto& choice : item.choices) {
        double sum = 0;
        bool all = true;
        for (size_t j = 0; j < choice.size(); ++j, ++k) {
            sum += lp[k];
            all = all && greedy[k];
        }
        s.logLikelihood.push_back(sum);
        s.greedy.push_back(all);
    }
    return s;
}

} // namespace

std::vector<ChoiceScores> scoreChoices(const Model& model, const std::vector<EncodedTaskItem>& items,
                                       const Progress& progress) {
    const int maxPositions = model.config().maxPositions;
    for (const auto& item : items)
        for (const auto& choice : item.choices) {
            auto all = item.context;
            all.insert(all.end(), choice.begin(), choice.end());
            validateSequences({all}, model.config().vocabSize, std::numeric_limits<int>::max());
        }
    return guardTorch(model.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        std::vector<ChoiceScores> out;
        out.reserve(items.size());
        for (size_t i = 0; i < items.size(); ++i) {
            progress.check();
            out.push_back(scoreItem(*model.impl().net, items[i], maxPositions));
            progress.report("Scoring tasks", 1, 1, static_cast<double>(i + 1) / static_cast<double>(items.size()));
        }
        return out;
    });
}

StrideResult strideEvaluate(const Model& model, const std::vector<int32_t>& ids, int window, int stride,
                            const Progress& progress) {
    const int ctx = model.config().maxPositions;
    if (window < 2 || window > ctx)
        throw Error(ErrorCode::StrideWindowInvalid, {std::to_string(window), std::to_string(ctx)});
    if (stride < 1 || stride > window)
        throw Error(ErrorCode::StrideInvalid, {std::to_string(stride), std::to_string(window)});
    if (ids.size() < 2) throw Error(ErrorCode::ModelNoSequencesEvaluateTextId, {});
    validateSequences({ids}, model.config().vocabSize, std::numeric_limits<int>::max());
    return guardTorch(model.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        const auto N = static_cast<int64_t>(ids.size());
        StrideResult r;
        r.window = window;
        r.stride = stride;
        double sum = 0;
        int64_t prevEnd = 0;
        for (int64_t begin = 0;; begin += stride) {
            progress.check();
            const int64_t end = std::min(begin + window, N);
            const int64_t first = std::max(prevEnd, begin + 1); // first id scored in this window
            auto in = torch::tensor(std::vector<int64_t>(ids.begin() + begin, ids.begin() + end - 1), torch::kInt64);
            std::vector<int64_t> rows, targets;
            for (int64_t t = first; t < end; ++t) {
                rows.push_back(t - 1 - begin);
                targets.push_back(ids[static_cast<size_t>(t)]);
            }
            std::vector<double> lp;
            std::vector<bool> greedy;
            if (!rows.empty()) rowLogProbs(*model.impl().net, in.unsqueeze(0), rows, targets, lp, greedy);
            for (double v : lp) sum -= v;
            r.tokens += static_cast<int64_t>(rows.size());
            ++r.windows;
            prevEnd = end;
            progress.report("Stride evaluation", 1, 1, static_cast<double>(end) / static_cast<double>(N));
            if (end == N) break;
        }
        r.loss = r.tokens ? sum / static_cast<double>(r.tokens) : 0.0;
        return r;
    });
}

} // namespace sharelens
