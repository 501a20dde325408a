#include "geometry.h"

#include <algorithm>
#include <cmath>

namespace sharelens::widgets {

HeatmapGeometry::HeatmapGeometry(const QRectF& matrixRect, int count, const std::vector<int>& ord)
    : matrix(matrixRect), n(std::max(0, count)) {
    if (isPermutation(ord, n)) {
        order = ord;
    } else {
        order.resize(size_t(n));
        for (int i = 0; i < n; ++i) order[size_t(i)] = i;
    }
    position.assign(size_t(n), 0);
    for (int p = 0; p < n; ++p) position[size_t(order[size_t(p)])] = p;
}

bool HeatmapGeometry::isPermutation(const std::vector<int>& ord, int count) {
    if (count <= 0 || int(ord.size()) != count) return false;
    std::vector<char> seen(size_t(count), 0);
    for (int u : ord) {
        if (u < 0 || u >= count || seen[size_t(u)]) return false;
        seen[size_t(u)] = 1;
    }
    return true;
}

QRectF HeatmapGeometry::fitSquare(const QRectF& area) {
    const double side = std::max(0.0, std::min(area.width(), area.height()));
    return QRectF(area.center().x() - side / 2, area.center().y() - side / 2, side, side);
}

QRectF HeatmapGeometry::positionRect(int rowPos, int colPos) const {
    const double w = cellWidth(), h = cellHeight();
    return QRectF(matrix.left() + colPos * w, matrix.top() + rowPos * h, w, h);
}

QRectF HeatmapGeometry::cellRect(int rowUnit, int colUnit) const {
    if (rowUnit < 0 || rowUnit >= n || colUnit < 0 || colUnit >= n) return {};
    return positionRect(position[size_t(rowUnit)], position[size_t(colUnit)]);
}

namespace {
int positionAt(double v, double start, double length, int n) {
    if (n <= 0 || length <= 0 || !std::isfinite(v)) return -1;
    const double f = (v - start) / length * n;
    if (f < 0 || f >= n) return -1;
    // A cell's own left/top edge (start + k * length / n, rounded) belongs to it.
    return std::min(n - 1, int(std::floor(f + 1e-9)));
}
} // namespace

int HeatmapGeometry::columnPositionAt(double x) const { return positionAt(x, matrix.left(), matrix.width(), n); }
int HeatmapGeometry::rowPositionAt(double y) const { return positionAt(y, matrix.top(), matrix.height(), n); }

bool HeatmapGeometry::unitsAt(const QPointF& p, int* rowUnit, int* colUnit) const {
    const int r = rowPositionAt(p.y()), c = columnPositionAt(p.x());
    if (r < 0 || c < 0) return false;
    if (rowUnit) *rowUnit = order[size_t(r)];
    if (colUnit) *colUnit = order[size_t(c)];
    return true;
}

QRectF HeatmapZoom::virtualMatrix(const QRectF& m, int n) const {
    if (!isZoomed(n)) return m;
    const double cw = m.width() / span, ch = m.height() / span;
    return QRectF(m.left() - x0 * cw, m.top() - y0 * ch, n * cw, n * ch);
}

HeatmapZoom HeatmapZoom::zoomedAbout(const QRectF& m, int n, const QPointF& at, double factor) const {
    if (n <= 0 || m.isEmpty() || !(factor > 0.0)) return *this;
    const HeatmapZoom cur = clamped(n);
    const double s = cur.effectiveSpan(n);
    const double fx = std::clamp((at.x() - m.left()) / m.width(), 0.0, 1.0);
    const double fy = std::clamp((at.y() - m.top()) / m.height(), 0.0, 1.0);
    const double px = cur.x0 + fx * s, py = cur.y0 + fy * s; // positions under the point
    HeatmapZoom z;
    z.span = std::clamp(s / factor, std::min(kMinSpan, double(n)), double(n));
    z.x0 = px - fx * z.span;
    z.y0 = py - fy * z.span;
    return z.clamped(n);
}

HeatmapZoom HeatmapZoom::pannedBy(const QRectF& m, int n, const QPointF& pixels) const {
    if (!isZoomed(n) || m.isEmpty()) return clamped(n);
    HeatmapZoom z = *this;
    z.x0 -= pixels.x() / m.width() * span;
    z.y0 -= pixels.y() / m.height() * span;
    return z.clamped(n);
}

HeatmapZoom HeatmapZoom::clamped(int n) const {
    if (n <= 0 || !(span > 0.0) || span >= n || !std::isfinite(span)) return {};
    HeatmapZoom z;
    z.span = std::max(span, std::min(kMinSpan, double(n)));
    if (z.span >= n) return {};
    z.x0 = std::clamp(std::isfinite(x0) ? x0 : 0.0, 0.0, n - z.span);
    z.y0 = std::clamp(std::isfinite(y0) ? y0 : 0.0, 0.0, n - z.span);
    return z;
}

DendrogramGeometry::DendrogramGeometry(const QRectF& plotRect, double top, int leaves)
    : plot(plotRect), yMax(top > 0 && std::isfinite(top) ? top : 1.0), leafCount(std::max(0, leaves)) {}

double DendrogramGeometry::axisTop(double maxHeight, double threshold) {
    // The axis depends on the tree alone while the threshold stays inside
    // it, so dragging the threshold never rescales the axis under the mouse.
    double top = std::isfinite(maxHeight) && maxHeight > 0 ? maxHeight * 1.08 : 1.0;
    if (std::isfinite(threshold) && threshold > top) top = threshold * 1.08;
    return top;
}

double DendrogramGeometry::yForHeight(double h) const { return plot.bottom() - h / yMax * plot.height(); }

double DendrogramGeometry::heightForY(double y) const {
    if (plot.height() <= 0) return 0;
    const double h = (plot.bottom() - y) / plot.height() * yMax;
    return std::clamp(h, 0.0, yMax);
}

double DendrogramGeometry::xForSlot(double slot) const {
    return leafCount > 0 ? plot.left() + slot / leafCount * plot.width() : plot.center().x();
}

double DendrogramGeometry::slotForX(double x) const {
    return leafCount > 0 && plot.width() > 0 ? (x - plot.left()) / plot.width() * leafCount : 0.0;
}

int DendrogramGeometry::leafAtX(double x) const { return positionAt(x, plot.left(), plot.width(), leafCount); }

} // namespace sharelens::widgets
