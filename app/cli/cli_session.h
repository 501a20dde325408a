// Session files from the command line: `analyze --session FILE` writes one,
// `finetune --session FILE` adds its run to one, `session FILE` prints one.
#pragma once

#include <string>
#include <vector>

#include "sharelens/session.h"

namespace sharelens::cli {

// A new session file for an analysis of the model at `modelDir` (replaces
// an existing file atomically).
void writeAnalysisSession(const std::string& path, const std::string& modelDir,
                          const SessionCalibration& calibration, const SimilarityResult& similarity,
                          const SessionClustering& clustering, const SharingPlan& plan);

// Adds a fine-tune run to the session at `path` (created, with the plan,
// when the file does not exist). Throws sharelens::Error when the existing
// session is about another model.
void addRunToSession(const std::string& path, const std::string& modelDir, const SharingPlan& plan,
                     const SessionRun& run);

// Throws sharelens::Error when `path` exists and is not a session of
// `modelDir` (checked before long work starts, and again when adding).
void checkSessionIsFor(const std::string& path, const std::string& modelDir);

// `sharelens-cli session FILE [--json]`: a summary of the session, or its
// contents as JSON (normalised: what ShareLens reads back).
int cmdSession(const std::vector<std::string>& args);

} // namespace sharelens::cli
