// Figures of an analysis for the command-line tool, drawn by the same
// widgets/ code as the GUI.
#pragma once

#include <Eigen/Dense>

#include <string>
#include <vector>

#include "sharelens/cluster.h"

namespace sharelens::cli {

struct FigureInput {
    std::vector<std::string> units;
    Eigen::MatrixXd similarity;
    LinkageMatrix linkage;
    std::vector<std::vector<int>> groups;
    double threshold = 0;
    std::string modelName;
    std::string metric;
    std::string linkageMethod;
    int64_t tokens = 0;
};

// Painting text needs a QGuiApplication; the CLI makes one on first use, on
// the offscreen platform unless the user chose another.
void ensureGuiApplication();

// Writes DIR/heatmap.{png,svg,pdf} and DIR/dendrogram.{png,svg,pdf}.
// Throws sharelens::Error when a file cannot be written.
void writeAnalysisFigures(const FigureInput& input, const std::string& dir);

} // namespace sharelens::cli
