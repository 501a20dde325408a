// Task files (JSONL multiple choice): parsing, encoding and accuracy.
#include "sharelens/tasks.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

#include "sharelens/compress.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/tokenizer.h"

namespace sharelens {

namespace {

// A bad line of a task file: the line and what is wrong with it.
Error lineError(int line, ErrorArg what, const std::string& path) {
    return Error(ErrorCode::TaskLine, {std::to_string(line), std::move(what)}, path);
}

const char* const kItemShape = "each line is {\"context\": \"...\", \"choices\": [\"...\", \"...\"], \"label\": 0}";

std::string typeOf(const nlohmann::json& v) {
    return v.is_number_integer() || v.is_number_unsigned() ? "an integer" : std::string("a ") + v.type_name();
}

TaskItem parseItem(const std::string& text, int line, const std::string& path) {
    try {
        checkJsonDepth(text, path);
    } catch (const Error& e) {
        throw lineError(line, e.message(), path);
    }
    nlohmann::json v;
    try {
        v = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw lineError(line, std::string("not valid JSON (") + e.what() + "); " + kItemShape, path);
    }
    if (!v.is_object()) throw lineError(line, "is " + typeOf(v) + ", not a JSON object; " + kItemShape, path);
    TaskItem item;
    item.line = line;
    for (const char* key : {"context", "choices", "label"})
        if (!v.contains(key)) throw lineError(line, std::string("has no \"") + key + "\"; " + kItemShape, path);
    if (!v["context"].is_string())
        throw lineError(line, "\"context\" is " + typeOf(v["context"]) + ", not a string", path);
    item.context = v["context"].get<std::string>();
    const auto& choices = v["choices"];
    if (!choices.is_array())
        throw lineError(line, "\"choices\" is " + typeOf(choices) + ", not a list of strings", path);
    if (choices.size() < 2 || choices.size() > static_cast<size_t>(kMaxTaskChoices))
        throw lineError(line,
                        "\"choices\" has " + std::to_string(choices.size()) + " entries; an item needs 2 to " +
                            std::to_string(kMaxTaskChoices),
                        path);
    for (size_t c = 0; c < choices.size(); ++c) {
        if (!choices[c].is_string())
            throw lineError(line, "choice " + std::to_string(c) + " is " + typeOf(choices[c]) + ", not a string", path);
        item.choices.push_back(choices[c].get<std::string>());
        if (item.choices.back().find_first_not_of(" \t\r\n") == std::string::npos)
            throw lineError(line, "choice " + std::to_string(c) + " is empty; every choice needs some text", path);
    }
    const auto& label = v["label"];
    const int n = static_cast<int>(item.choices.size());
    if (!label.is_number_integer() && !label.is_number_unsigned())
        throw lineError(line, "\"label\" is " + typeOf(label) + ", not an integer index into \"choices\"", path);
    if (label.is_number_unsigned() ? label.get<uint64_t>() >= static_cast<uint64_t>(n) : label.get<int64_t>() < 0)
        throw lineError(line,
                        "\"label\" is " + label.dump() + ", outside the " + std::to_string(n) +
                            " choices; labels count from 0 (0 to " + std::to_string(n - 1) + ")",
                        path);
    item.label = static_cast<int>(label.get<int64_t>());
    return item;
}

// Characters (UTF-8 code points) of a string: Python's len() of it.
double characters(const std::string& s) {
    return static_cast<double>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

double stderrOf(int correct, int n) {
    if (n < 2) return 0.0;
    const double p = static_cast<double>(correct) / n;
    return std::sqrt(p * (1.0 - p) / (n - 1));
}

} // namespace

std::vector<TaskItem> parseTaskJsonl(std::string_view text, const std::string& path) {
    std::vector<TaskItem> items;
    size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        ++line;
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = text.substr(pos, end - pos);
        pos = end + 1;
        if (l.size() > kMaxTaskLineBytes)
            throw lineError(line,
                            "is " + std::to_string(l.size()) + " bytes long, more than the " +
                                std::to_string(kMaxTaskLineBytes >> 20) +
                                " MiB an item may be; is this a JSONL task file (one item per line)?",
                            path);
        if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        items.push_back(parseItem(std::string(l), line, path));
    }
    if (items.empty()) throw Error(ErrorCode::TaskFileEmpty, {}, path);
    return items;
}

std::vector<TaskItem> readTaskFile(const std::string& path) {
    return parseTaskJsonl(readInputFile(path, kMaxTaskFileBytes, "a task file", "multiple-choice items (JSONL)",
                                        "give fewer items, or split the file."),
                          path);
}

std::vector<EncodedTaskItem> encodeTaskItems(const std::vector<TaskItem>& items, const Tokenizer& tok, int maxPositions,
                                             const std::string& path) {
    std::vector<EncodedTaskItem> out;
    out.reserve(items.size());
    const auto prefix = tok.prefixIds();
    for (const auto& item : items) {
        EncodedTaskItem e;
        e.line = item.line;
        e.label = item.label;
        // Trailing whitespace of the context belongs to the continuation.
        const size_t keep = item.context.find_last_not_of(" \t\r\n") + 1; // 0 when all whitespace
        const std::string context = item.context.substr(0, keep);
        const std::string moved = item.context.substr(keep);
        const auto contextIds = tok.encode(context);
        e.context = prefix;
        e.context.insert(e.context.end(), contextIds.begin(), contextIds.end());
        if (e.context.empty()) throw lineError(item.line, ErrorMessage(ErrorCode::TaskContextEmpty), path);
        for (size_t c = 0; c < item.choices.size(); ++c) {
            auto whole = tok.encode(context + moved + " " + item.choices[c]);
            std::vector<int32_t> ids;
            if (whole.size() > contextIds.size())
                ids.assign(whole.begin() + static_cast<std::ptrdiff_t>(contextIds.size()), whole.end());
            if (ids.empty() || static_cast<int>(ids.size()) > maxPositions)
                throw lineError(
                    item.line,
                    ErrorMessage(ErrorCode::TaskChoiceTooLong,
                                 {std::to_string(c), std::to_string(ids.size()), std::to_string(maxPositions)}),
                    path);
            e.choices.push_back(std::move(ids));
            e.choiceLength.push_back(characters(item.choices[c]));
        }
        out.push_back(std::move(e));
    }
    return out;
}

TaskAccuracy taskAccuracy(const std::vector<EncodedTaskItem>& items, const std::vector<ChoiceScores>& scores) {
    TaskAccuracy r;
    r.items = static_cast<int>(items.size());
    int correct = 0, correctNorm = 0;
    for (size_t i = 0; i < items.size() && i < scores.size(); ++i) {
        const auto& ll = scores[i].logLikelihood;
        int best = 0, bestNorm = 0;
        for (size_t c = 1; c < ll.size(); ++c) {
            if (ll[c] > ll[static_cast<size_t>(best)]) best = static_cast<int>(c);
            const auto b = static_cast<size_t>(bestNorm);
            if (ll[c] / items[i].choiceLength[c] > ll[b] / items[i].choiceLength[b]) bestNorm = static_cast<int>(c);
        }
        r.predictions.push_back(best);
        r.predictionsNorm.push_back(bestNorm);
        correct += best == items[i].label;
        correctNorm += bestNorm == items[i].label;
    }
    if (r.items > 0) {
        r.accuracy = static_cast<double>(correct) / r.items;
        r.accuracyNorm = static_cast<double>(correctNorm) / r.items;
    }
    r.accuracyStderr = stderrOf(correct, r.items);
    r.accuracyNormStderr = stderrOf(correctNorm, r.items);
    return r;
}

TaskAccuracy scoreTasks(const Model& model, const std::vector<EncodedTaskItem>& items, const Progress& progress) {
    return taskAccuracy(items, scoreChoices(model, items, progress));
}

std::function<void(const Model&, BudgetPoint&)> taskScorer(const std::string& path, const Progress& progress) {
    auto items = std::make_shared<const std::vector<TaskItem>>(readTaskFile(path));
    auto encoded = std::make_shared<std::vector<EncodedTaskItem>>();
    return [items, encoded, path, progress](const Model& model, BudgetPoint& p) {
        if (encoded->empty()) {
            auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
            *encoded = encodeTaskItems(*items, *tok, model.config().maxPositions, path);
        }
        const auto acc = scoreTasks(model, *encoded, progress);
        p.taskItems = acc.items;
        p.accuracy = acc.accuracy;
        p.accuracyStderr = acc.accuracyStderr;
        p.accuracyNorm = acc.accuracyNorm;
        p.accuracyNormStderr = acc.accuracyNormStderr;
    };
}

std::vector<int32_t> joinWindows(const std::vector<std::vector<int32_t>>& windows, const std::vector<int32_t>& prefix) {
    std::vector<int32_t> out;
    for (size_t w = 0; w < windows.size(); ++w) {
        const auto& s = windows[w];
        const bool skip = w > 0 && !prefix.empty() && s.size() >= prefix.size() &&
                          std::equal(prefix.begin(), prefix.end(), s.begin());
        out.insert(out.end(), s.begin() + (skip ? static_cast<std::ptrdiff_t>(prefix.size()) : 0), s.end());
    }
    return out;
}

} // namespace sharelens
