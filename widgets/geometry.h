// Value <-> pixel geometry of the heatmap and the dendrogram. Plain structs
// with no painting and no window, so tests can drive them directly; figures
// and widgets paint and hit-test only through them.
#pragma once

#include <QPointF>
#include <QRectF>

#include <vector>

namespace sharelens::widgets {

// An n x n matrix shown in `matrix` (square cells), rows and columns in
// display order: display position p shows unit order[p].
struct HeatmapGeometry {
    QRectF matrix;
    int n = 0;
    std::vector<int> order;    // display position -> unit
    std::vector<int> position; // unit -> display position

    HeatmapGeometry() = default;
    // An `order` that is not a permutation of 0..n-1 (or is empty) means the
    // natural order.
    HeatmapGeometry(const QRectF& matrixRect, int n, const std::vector<int>& order = {});

    static bool isPermutation(const std::vector<int>& order, int n);
    // Largest square inside `area`, centred in it.
    static QRectF fitSquare(const QRectF& area);

    bool isValid() const { return n > 0 && !matrix.isEmpty(); }
    double cellWidth() const { return n > 0 ? matrix.width() / n : 0.0; }
    double cellHeight() const { return n > 0 ? matrix.height() / n : 0.0; }

    // Rect of the cell at display position (rowPos, colPos).
    QRectF positionRect(int rowPos, int colPos) const;
    // Rect of the cell that compares unit `rowUnit` with unit `colUnit`.
    QRectF cellRect(int rowUnit, int colUnit) const;
    QPointF cellCenter(int rowUnit, int colUnit) const { return cellRect(rowUnit, colUnit).center(); }

    // Display position under a pixel coordinate, -1 outside [left, right).
    int columnPositionAt(double x) const;
    int rowPositionAt(double y) const;
    // Units compared by the cell under `p`; false outside the matrix.
    bool unitsAt(const QPointF& p, int* rowUnit, int* colUnit) const;
};

// The part of an n x n heatmap shown when zoomed: display positions
// [x0, x0 + span) across and [y0, y0 + span) down, one span for both so that
// cells stay square. A span of zero (or n and more) is the whole matrix.
// Positions are fractional: a drag pans by pixels, not by whole cells.
struct HeatmapZoom {
    double x0 = 0.0, y0 = 0.0, span = 0.0;
    static constexpr double kMinSpan = 2.0; // at most this few cells fill the matrix

    bool isZoomed(int n) const { return n > 0 && span > 0.0 && span < n; }
    double effectiveSpan(int n) const { return isZoomed(n) ? span : double(n); }
    // The rect the whole matrix covers when the visible part fills `matrix`
    // (cells outside `matrix` are off screen).
    QRectF virtualMatrix(const QRectF& matrix, int n) const;
    // Zoomed in by `factor` (> 1 in, < 1 out) about `at` (a point of
    // `matrix`): the position under `at` stays under it.
    HeatmapZoom zoomedAbout(const QRectF& matrix, int n, const QPointF& at, double factor) const;
    // Moved with the mouse by `pixels` (the content follows the mouse).
    HeatmapZoom pannedBy(const QRectF& matrix, int n, const QPointF& pixels) const;
    // Span within [kMinSpan, n] (the whole matrix: all zero), origin inside.
    HeatmapZoom clamped(int n) const;
    bool operator==(const HeatmapZoom& o) const { return x0 == o.x0 && y0 == o.y0 && span == o.span; }
};

// A dendrogram drawn in `plot`: height 0 at plot.bottom(), yMax at
// plot.top(); leaf slot k (k = 0..leafCount-1, centre at k + 0.5) spans
// [left + k w, left + (k + 1) w) with w = plot.width() / leafCount.
struct DendrogramGeometry {
    QRectF plot;
    double yMax = 1.0;
    int leafCount = 0;

    DendrogramGeometry() = default;
    DendrogramGeometry(const QRectF& plotRect, double yMax, int leafCount);

    // Top of the height axis for a tree of height `maxHeight` whose
    // threshold is `threshold`: 8 % above the tree (1 for an empty tree),
    // or above the threshold if that lies higher.
    static double axisTop(double maxHeight, double threshold);

    double yForHeight(double h) const;
    double heightForY(double y) const;  // clamped to [0, yMax]
    double xForSlot(double slot) const; // slot in leaf-slot units
    double slotForX(double x) const;
    int leafAtX(double x) const; // leaf slot index, -1 outside
};

} // namespace sharelens::widgets
