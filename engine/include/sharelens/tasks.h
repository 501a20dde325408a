// Multiple-choice task accuracy (log-likelihood scoring of each choice given
// its context, as lm-evaluation-harness scores ARC, HellaSwag, PIQA and
// WinoGrande) and long-context stride perplexity.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sharelens/input_limits.h"
#include "sharelens/progress.h"

namespace sharelens {

class Model;
class Tokenizer;
struct BudgetPoint;

// A task file is JSONL: one object per line,
//   {"context": "...", "choices": ["...", "...", ...], "label": 0}
// Blank lines are skipped. Limits: the file as a JSON file, one line 1 MiB,
// 2..64 choices per item.
constexpr std::uint64_t kMaxTaskFileBytes = kMaxJsonFileBytes;
constexpr std::uint64_t kMaxTaskLineBytes = 1ull << 20;
constexpr int kMaxTaskChoices = 64;

struct TaskItem {
    int line = 0; // 1-based line in the file
    std::string context;
    std::vector<std::string> choices;
    int label = 0;
};

// Parses the text of a task file. Throws sharelens::Error naming `path` and
// the line for a line that is not a JSON object, a missing or mistyped field,
// fewer than two choices, an empty choice, a label outside the choices, or a
// line longer than kMaxTaskLineBytes; for a file without any item.
std::vector<TaskItem> parseTaskJsonl(std::string_view text, const std::string& path);
// readInputFile (at most kMaxTaskFileBytes) + parseTaskJsonl.
std::vector<TaskItem> readTaskFile(const std::string& path);

// An item in token ids. The way lm-evaluation-harness builds a request:
// the continuation is " " + choice; whitespace that ends the context moves to
// the front of the continuation; context ids = prefixIds() + encode(context),
// choice ids = encode(context + continuation) minus the first
// encode(context).size() ids (so a merge across the boundary stays with the
// choice). The input of choice c is (context ids + choice ids) without its
// last id, cut from the left to the model's context when longer.
struct EncodedTaskItem {
    int line = 0;
    std::vector<int32_t> context;
    std::vector<std::vector<int32_t>> choices;
    std::vector<double> choiceLength; // characters (UTF-8 code points) of each choice, for acc_norm
    int label = 0;
};
// Throws sharelens::Error (naming `path` and the line) when the context gives
// no id to predict the first choice id from (empty context, no BOS), or a
// choice's ids do not fit the model's context of `maxPositions`.
std::vector<EncodedTaskItem> encodeTaskItems(const std::vector<TaskItem>& items, const Tokenizer& tok, int maxPositions,
                                             const std::string& path);

// Log-likelihood (natural log) of each choice's ids given its context, the
// sum over the choice's ids of log p(id | everything before it); one list
// per item, one value per choice. Greedy: whether every choice id is the
// argmax of its prediction (lm-evaluation-harness's is_greedy).
struct ChoiceScores {
    std::vector<double> logLikelihood;
    std::vector<bool> greedy;
};
std::vector<ChoiceScores> scoreChoices(const Model& model, const std::vector<EncodedTaskItem>& items,
                                       const Progress& progress = {});

// Accuracy over the items: prediction = argmax of the log-likelihood (acc)
// and of the log-likelihood divided by the choice's length in characters
// (acc_norm); ties go to the first choice. Standard errors as the harness
// reports them: sqrt(p (1 - p) / (n - 1)) (the sample standard deviation of
// the 0/1 outcomes over sqrt(n)); 0 for a single item.
struct TaskAccuracy {
    int items = 0;
    double accuracy = 0.0, accuracyStderr = 0.0;
    double accuracyNorm = 0.0, accuracyNormStderr = 0.0;
    std::vector<int> predictions, predictionsNorm; // per item
};
TaskAccuracy taskAccuracy(const std::vector<EncodedTaskItem>& items, const std::vector<ChoiceScores>& scores);
// scoreChoices + taskAccuracy.
TaskAccuracy scoreTasks(const Model& model, const std::vector<EncodedTaskItem>& items, const Progress& progress = {});

// The task accuracy of every point of a budget comparison (a
// PointScorer for compress.h / FinetuneRequest::budgetScore): the file is
// read and checked now (readTaskFile), encoded with the first scored
// model's tokenizer, and each point's model scored on it.
std::function<void(const Model&, BudgetPoint&)> taskScorer(const std::string& path, const Progress& progress = {});

// Stride perplexity over one token stream (the Hugging Face perplexity
// recipe): windows start at 0, S, 2S, ... and hold up to W ids
// [kS, min(kS + W, N)); window k scores the ids from the end of window k - 1
// (from id 1 for the first window) to its own end, each predicted from
// everything before it in the window. With S < W every id 1..N-1 is scored
// exactly once, with at least W - S ids of context once past the first
// window; with S = W (plain chunks, as the recipe does) the first id of each
// later window has no context and is not scored. The last window is the one
// that reaches N. loss = summed negative log-likelihood / scored ids. Throws
// for W < 2, S < 1, S > W, W longer than the model's context, or fewer than
// 2 ids.
struct StrideResult {
    double loss = 0.0;
    int64_t tokens = 0; // ids scored (N - 1 when S < W)
    int windows = 0;
    int window = 0, stride = 0;
};
StrideResult strideEvaluate(const Model& model, const std::vector<int32_t>& ids, int window, int stride,
                            const Progress& progress = {});

// Evaluation windows (each starting with `prefix`, consecutive in the text
// after it) joined back into the stream they were cut from: the first window
// whole, later ones without a leading `prefix`.
std::vector<int32_t> joinWindows(const std::vector<std::vector<int32_t>>& windows, const std::vector<int32_t>& prefix);

} // namespace sharelens
