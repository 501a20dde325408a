// Measurements beside the loss that eval and compare share: multiple-choice
// task accuracy (--tasks FILE.jsonl) and stride perplexity (--stride S
// [--window W]).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "commands.h"
#include "sharelens/compress.h"
#include "sharelens/tasks.h"

namespace sharelens::cli {

struct ExtraScoring {
    std::string tasksPath;              // empty: no task accuracy
    std::vector<EncodedTaskItem> tasks; // encoded with the model's tokenizer
    int window = 0, stride = 0;         // 0: no stride evaluation
    std::vector<int32_t> stream;        // the evaluated sequences joined back into one stream
    bool any() const { return !tasksPath.empty() || stride > 0; }
};

// Reads --tasks, --window and --stride. The stride stream is `sequences` joined (joinWindows with
// the tokenizer's BOS when the sequences came from a text).
ExtraScoring extraScoringOptions(const Args& a, const Model& model, const Sequences& sequences);

// Fills a point's task accuracy and stride perplexity; notes on `err`.
PointScorer pointScorer(const ExtraScoring& extra, std::ostream& err);

// Task accuracy of every point for a fine-tune's budget comparison: the
// file is read and checked now, encoded with the first point's model's
// tokenizer when the comparison starts.
PointScorer taskFileScorer(const std::string& path, std::ostream& err);

// The point's measured extras as JSON fields (none when not measured).
void addExtraJson(json& point, const BudgetPoint& p);
// Adds "tasks": {...} and "stride": {...} describing the settings (when
// measured) to a top-level object.
void addExtraSettingsJson(json& out, const ExtraScoring& extra);

} // namespace sharelens::cli
