// The pruning curve: validation loss against the parameters kept, for each
// way of making a model smaller without training — sharing at successive
// thresholds (mean init), removing the blocks of lowest block influence,
// removing the span of lowest angular distance, dropping the last blocks —
// all evaluated on the same sequences.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sharelens/data.h"
#include "sharelens/importance.h"
#include "sharelens/progress.h"
#include "sharelens/workflow.h"

namespace sharelens {

class Model;

namespace workflow {

struct CurveRequest {
    Eigen::MatrixXd similarity; // of the analysis, for the sharing line
    ClusterRequest cluster;     // its linkage settings (the threshold is ignored)
    UnitKind units = UnitKind::Blocks;
    // Block influence and angular distance, for the "bi" and "angular" lines
    // (none: those lines are left out).
    std::optional<ImportanceResult> importance;
    // Sharing thresholds; empty: every distinct merge height of the linkage.
    std::vector<double> thresholds;
    // Removal lines: k = 1 .. maxRemoved blocks (-1: L - 1).
    int maxRemoved = -1;
    bool allowMixedAttention = false;
};

struct CurvePoint {
    std::string strategy; // "baseline", "sharing", "bi", "angular", "last-k"
    int removed = 0;      // blocks removed (removal lines) or blocks saved by sharing (whole-block plans)
    double threshold = 0; // sharing only
    int64_t parameters = 0;
    double loss = 0;
};

// The baseline first, then each line in the order above, points in order of
// increasing removal (decreasing parameters).
std::vector<CurvePoint> pruningCurve(const Model& model, const CurveRequest& request, const Sequences& sequences,
                                     const Progress& progress = {});

} // namespace workflow
} // namespace sharelens
