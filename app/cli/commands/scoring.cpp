// --tasks, --stride and --window for eval and compare (scoring.h).
#include "scoring.h"

#include <cmath>
#include <ostream>

#include "sharelens/error.h"
#include "sharelens/tokenizer.h"

namespace sharelens::cli {

namespace {

void setAccuracy(BudgetPoint& p, const TaskAccuracy& acc) {
    p.taskItems = acc.items;
    p.accuracy = acc.accuracy;
    p.accuracyStderr = acc.accuracyStderr;
    p.accuracyNorm = acc.accuracyNorm;
    p.accuracyNormStderr = acc.accuracyNormStderr;
}

} // namespace

ExtraScoring extraScoringOptions(const Args& a, const Model& model, const Sequences& sequences) {
    ExtraScoring x;
    const int ctx = model.config().maxPositions;
    if (a.has("--window") && !a.has("--stride"))
        throw UsageError("--window W needs --stride S (e.g. --window 1024 --stride 512)");
    std::unique_ptr<Tokenizer> tok;
    auto tokenizer = [&]() -> const Tokenizer& {
        if (!tok) tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
        return *tok;
    };
    if (a.has("--stride")) {
        x.window = static_cast<int>(a.getInt("--window", ctx, 2, 1 << 30));
        x.stride = static_cast<int>(a.getInt("--stride", 0, 1, 1 << 30));
        // Windows cut from a text each start with the tokenizer's BOS: the
        // stream has it once, at its start.
        x.stream = a.has("--text") ? joinWindows(sequences, tokenizer().prefixIds()) : joinWindows(sequences, {});
    }
    if (a.has("--tasks")) {
        x.tasksPath = a.get("--tasks");
        x.tasks = encodeTaskItems(readTaskFile(x.tasksPath), tokenizer(), ctx, x.tasksPath);
    }
    return x;
}

PointScorer pointScorer(const ExtraScoring& x, std::ostream& err) {
    if (!x.any()) return {};
    return [&x, &err](const Model& model, BudgetPoint& p) {
        if (!x.tasks.empty()) setAccuracy(p, scoreTasks(model, x.tasks, stderrProgress(err)));
        if (x.stride > 0) {
            const auto s = strideEvaluate(model, x.stream, x.window, x.stride, stderrProgress(err));
            p.strideLoss = s.loss;
            p.strideTokens = s.tokens;
        }
    };
}

PointScorer taskFileScorer(const std::string& path, std::ostream& err) { return taskScorer(path, stderrProgress(err)); }

void addExtraJson(json& point, const BudgetPoint& p) {
    if (p.taskItems > 0) {
        point["accuracy"] = p.accuracy;
        point["accuracy_stderr"] = p.accuracyStderr;
        point["accuracy_norm"] = p.accuracyNorm;
        point["accuracy_norm_stderr"] = p.accuracyNormStderr;
    }
    if (p.strideTokens > 0) {
        point["stride_loss"] = p.strideLoss;
        point["stride_perplexity"] = std::exp(p.strideLoss);
        point["stride_tokens"] = p.strideTokens;
    }
}

void addExtraSettingsJson(json& j, const ExtraScoring& x) {
    if (!x.tasksPath.empty())
        j["tasks"] = {{"file", x.tasksPath},
                      {"items", x.tasks.size()},
                      {"stderr", "sqrt(p(1-p)/(n-1))"},
                      {"accuracy_norm", "log-likelihood / characters of the choice"}};
    if (x.stride > 0) j["stride"] = {{"window", x.window}, {"stride", x.stride}, {"stream_tokens", x.stream.size()}};
}

} // namespace sharelens::cli
