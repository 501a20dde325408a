// A ShareLens session: everything a researcher did with one model (or one
// multi-agent system) that is worth reopening — which checkpoints, the
// calibration settings, the similarity result, the clustering settings and
// threshold, the sharing plan, and the finished fine-tune runs with their
// records and comparison at the same budget. Saved as one JSON file
// (".sharelens", format "sharelens-session", version 1) and read back to an
// identical value: doubles are written with 17 significant digits, so a
// save → open round trip reproduces every number bit for bit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sharelens/analysis.h"
#include "sharelens/cluster.h"
#include "sharelens/compress.h"
#include "sharelens/plan.h"
#include "sharelens/trainer.h"

namespace sharelens {

struct SessionCalibration {
    std::string textPath;        // empty: the built-in calibration text
    int seqLen = 128;
    int sequences = 64;
    Metric metric = Metric::Pearson;
    UnitKind units = UnitKind::Blocks;
    bool skipFirstToken = false;
    bool operator==(const SessionCalibration& o) const {
        return textPath == o.textPath && seqLen == o.seqLen && sequences == o.sequences && metric == o.metric &&
               units == o.units && skipFirstToken == o.skipFirstToken;
    }
};

struct SessionClustering {
    LinkageMethod linkage = LinkageMethod::Average;
    bool contiguous = false;
    bool keepFirstLast = false;   // first and last units stay unshared
    int maxGroupSize = 0;         // 0: no limit
    double threshold = 0.1;
    bool operator==(const SessionClustering& o) const {
        return linkage == o.linkage && contiguous == o.contiguous && keepFirstLast == o.keepFirstLast &&
               maxGroupSize == o.maxGroupSize && threshold == o.threshold;
    }
};

// One finished (or stopped) fine-tune of the baseline against the shared model.
struct SessionRun {
    // Settings, as `sharelens-cli finetune` takes them.
    std::string textPath;        // empty: the built-in text
    int steps = 0;
    int batchSize = 0;
    int seqLen = 0;
    double learningRate = 0;
    std::string init;            // "mean", "medoid", "first", or empty (the plan's)
    bool privateNorms = false;
    int deltaRank = 0;
    uint64_t seed = 1;
    // Results.
    TrainResult baseline;
    TrainResult shared;
    int64_t baselineParameters = 0;
    int64_t sharedParameters = 0;
    std::string stopReason;      // empty when every step ran
    std::vector<BudgetPoint> budget;
};

struct Session {
    std::vector<std::string> models;               // model folders (several: agents)
    SessionCalibration calibration;
    std::optional<SimilarityResult> similarity;    // absent until analysed
    SessionClustering clustering;
    std::optional<SharingPlan> plan;               // the plan at the threshold
    std::vector<SessionRun> runs;
    std::string createdBy;                         // "ShareLens 0.x"
};

// JSON text of a session, and back. sessionFromJson throws sharelens::Error
// naming `path` and the field that is wrong (not a session, a newer version,
// a similarity matrix that is not square or does not match its units, a
// record of the wrong shape...).
std::string sessionToJson(const Session& session);
Session sessionFromJson(const std::string& text, const std::string& path);

// Whole-file save (atomic: temporary file, fsync, rename; an existing file
// is replaced only by a complete new one) and open.
void saveSession(const std::string& path, const Session& session);
Session loadSession(const std::string& path);

} // namespace sharelens
