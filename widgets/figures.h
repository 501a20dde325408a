// Publication figures of a similarity matrix (heatmap) and of its clustering
// (dendrogram with the cut threshold), drawn by pure functions from plain
// values so that the GUI and the command-line tool produce the same picture,
// and written to PNG, SVG or PDF by exportFigure().
#pragma once

#include "geometry.h"

#include <sharelens/cluster.h>

#include <Eigen/Dense>
#include <QFont>
#include <QImage>
#include <QLineF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class QPainter;

namespace sharelens::widgets {

struct HeatmapData {
    Eigen::MatrixXd values; // n x n, e.g. the similarity S
    QStringList labels;     // unit names; missing ones show the unit index
    QString title;
    QString subtitle;      // e.g. model, metric, tokens, linkage, threshold
    QString colorbarLabel; // e.g. "Pearson similarity"
    double vmin = 0.0, vmax = 1.0;
    std::vector<std::vector<int>> groups; // outlined when a group has >= 2 units
    std::vector<int> order;               // display order of units; empty = natural
    QString axisLabel;                    // both axes; empty = "Unit"
    // Display positions before which a line is drawn across the whole matrix
    // (rows and columns), e.g. the boundaries between agents' blocks in the
    // natural order. Positions outside 1..n-1 are ignored.
    std::vector<int> separators;
};

struct DendrogramData {
    sharelens::LinkageMatrix z;
    sharelens::DendrogramLayout layout;
    QStringList labels; // unit names by unit index
    double threshold = 0.0;
    QString title;
    QString subtitle;
    QString yLabel; // empty = "Distance (1 − S)"
};

// Fonts and line widths, in the painter's units (points for exported
// figures, device-independent pixels for widgets).
struct FigureStyle {
    QFont title, subtitle, axis, tick;
    double lineWidth = 0.8;
    static FigureStyle print();
    static FigureStyle forWidget(const QFont& base);
};

// A heatmap painted with a square matrix, labels on both axes and a colour
// bar on the right.
struct HeatmapLayout {
    bool valid = false;
    QRectF titleRect, subtitleRect;
    HeatmapGeometry geometry;
    QRectF colorbar;
    double labelSpace = 0; // room for unit labels left of / below the matrix
    int labelStep = 1;     // every labelStep-th unit is labelled
    // The part of geometry.matrix on screen (a zoomed widget's geometry is
    // larger than its frame); empty: all of it. Labels outside are skipped.
    QRectF visible;
};

struct GroupBlock {
    int group = 0;
    int firstUnit = 0;                              // the group's smallest unit: its colour (groupColorOfFirst)
    int rowPos = 0, colPos = 0, rows = 0, cols = 0; // in display positions
};

HeatmapLayout layoutHeatmap(const QRectF& rect, const HeatmapData& data, const FigureStyle& style);
// Every how many slots of `slot` pixels a label of `textHeight` fits (0 for
// no room).
int thinningStep(double slot, double textHeight);
// One pixel per cell, rows and columns in display order (an invalid `order`
// means natural). `cancelled`, when given, is polled per row; a cancelled
// render returns a null image. Safe to call from any thread.
QImage renderHeatmapImage(const Eigen::MatrixXd& values, const std::vector<int>& order, double vmin, double vmax,
                          const std::function<bool()>& cancelled = {});
// The rectangles a group covers in display order (one per pair of contiguous
// runs of its members); groups of fewer than two units get none.
std::vector<GroupBlock> groupBlocks(const std::vector<std::vector<int>>& groups, const HeatmapGeometry& geometry);
void drawGroupOutlines(QPainter& p, const HeatmapGeometry& geometry, const std::vector<GroupBlock>& blocks,
                       double lineWidth);
// The separator lines of `separators` (display positions, see HeatmapData):
// for each valid position, sorted and without duplicates, a vertical line
// then a horizontal one spanning the matrix.
std::vector<QLineF> separatorLines(const std::vector<int>& separators, const HeatmapGeometry& geometry);
void drawSeparators(QPainter& p, const HeatmapGeometry& geometry, const std::vector<int>& separators, double lineWidth);
// Everything but the matrix image and the outlines: titles, axes, labels,
// colour bar.
void drawHeatmapFrame(QPainter& p, const HeatmapLayout& layout, const HeatmapData& data, const FigureStyle& style);
void drawNoData(QPainter& p, const QRectF& rect, const FigureStyle& style);

struct DendrogramFigureLayout {
    bool valid = false;
    QRectF titleRect, subtitleRect;
    DendrogramGeometry geometry;
    double labelSpace = 0; // room for leaf labels below the plot
    int labelStep = 1;
};

DendrogramFigureLayout layoutDendrogram(const QRectF& rect, const DendrogramData& data, const FigureStyle& style);
// Draws the tree with the cut at `threshold` (which the widget moves while
// the user drags; figures pass data.threshold).
// The smallest unit of each cut group of a layout (indexed by link.group),
// whose colour the group's links take (groupColorOfFirst).
std::vector<int> dendrogramGroupFirstUnits(const DendrogramLayout& layout);
void drawDendrogram(QPainter& p, const DendrogramFigureLayout& layout, const DendrogramData& data, double threshold,
                    const FigureStyle& style);

// "Nice" tick values covering [lo, hi] (about `target` of them) and the
// number of decimals that prints them exactly enough.
std::vector<double> niceTicks(double lo, double hi, int target, int* decimals = nullptr);

void paintHeatmap(QPainter& p, const QRectF& rect, const HeatmapData& data);
void paintDendrogram(QPainter& p, const QRectF& rect, const DendrogramData& data);

// Writes a figure of `sizeInPoints` (1/72 inch) to `path`; the format comes
// from the extension: .png (raster at 300 dpi), .svg or .pdf (vector). The
// file is written to a temporary file in the same folder and renamed over
// `path` only when complete. On failure returns false, sets *error to a
// sentence a user can act on, and leaves any existing file untouched.
bool exportFigure(const QString& path, const QSizeF& sizeInPoints,
                  const std::function<void(QPainter&, const QRectF&)>& paint, QString* error);

// Writes `bytes` (a data export: CSV, JSON) to `path` the same way: through a
// temporary file renamed over `path` when complete. On failure returns false,
// sets *error and leaves any existing file untouched.
bool saveFileAtomic(const QString& path, const QByteArray& bytes, QString* error);

// Pixel size of a PNG export of `sizeInPoints`.
QSize pngPixelSize(const QSizeF& sizeInPoints);
constexpr double kPngDpi = 300.0;

} // namespace sharelens::widgets
