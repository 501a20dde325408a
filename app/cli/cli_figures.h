// Figures of an analysis for the command-line tool, drawn by the same
// widgets/ code as the GUI.
#pragma once

#include <Eigen/Dense>

#include <string>
#include <vector>

#include "sharelens/cluster.h"
#include "sharelens/curve.h"
#include "sharelens/importance.h"
#include "linechart.h"

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

// Writes DIR/importance.{png,svg,pdf} (block influence per block),
// DIR/angular.{png,svg,pdf} (angular distance per start block, one line per
// span length n) and DIR/importance.csv (per block: block influence and the
// leave-one-out loss when computed).
void writeImportanceFigures(const ImportanceResult& importance, const std::string& subtitle, const std::string& dir);

// The charts those files draw: block influence and angular distance; the curve.
std::vector<widgets::LineChartData> importanceCharts(const ImportanceResult& importance, const std::string& subtitle);
widgets::LineChartData curveChart(const std::vector<workflow::CurvePoint>& points, const std::string& subtitle);
// The points of a curve.csv that writeCurveFigures wrote; Error naming the
// file and line when it is not one.
std::vector<workflow::CurvePoint> readCurveCsv(const std::string& path);

// Writes DIR/curve.{png,svg,pdf}: loss against parameters kept, one line per
// strategy (each starting at the unmodified model), and DIR/curve.csv.
void writeCurveFigures(const std::vector<workflow::CurvePoint>& points, const std::string& subtitle,
                       const std::string& dir);

} // namespace sharelens::cli
