#include "figures.h"

#include "colormap.h"
#include "errortext.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QHash>
#include <QPaintEngine>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>

namespace sharelens::widgets {

namespace {

// The context lupdate gives tr() calls in namespace sharelens::widgets (the
// translations are filed under it).
QString tr(const char* text) { return QCoreApplication::translate("sharelens::widgets", text); }

QString unitLabel(const QStringList& labels, int unit) {
    if (unit >= 0 && unit < labels.size() && !labels.at(unit).isEmpty()) return labels.at(unit);
    return QString::number(unit);
}

QFont withSize(const QFont& base, double pointSize, bool bold = false) {
    QFont f(base);
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    f.setStyleStrategy(QFont::PreferAntialias);
    return f;
}

// Widest label among `labels`, capped so that a few very long names do not
// squeeze the plot; longer names are elided to the cap.
double labelWidth(const QFontMetricsF& fm, const QStringList& labels, int n) {
    const double cap = fm.averageCharWidth() * 16;
    double w = 0;
    for (int u = 0; u < n && w < cap; ++u) w = std::max(w, fm.horizontalAdvance(unitLabel(labels, u)));
    return std::min(w, cap);
}

QString formatTick(double v, int decimals) {
    if (std::abs(v) < 1e-12) v = 0;
    return QString::number(v, 'f', decimals);
}

struct TitleBlock {
    QRectF title, subtitle;
    double bottom = 0;
};

TitleBlock layoutTitles(const QRectF& rect, const QString& title, const QString& subtitle, const FigureStyle& s,
                        double pad) {
    TitleBlock b;
    double y = rect.top() + pad;
    if (!title.isEmpty()) {
        const double h = QFontMetricsF(s.title).height();
        b.title = QRectF(rect.left() + pad, y, rect.width() - 2 * pad, h);
        y += h;
    }
    if (!subtitle.isEmpty()) {
        // Long subtitles (model, metric, tokens, linkage, threshold) wrap
        // onto a second line rather than being cut.
        const QFontMetricsF fm(s.subtitle);
        const double oneLine = fm.height();
        const double wrapped =
            fm.boundingRect(QRectF(0, 0, rect.width() - 2 * pad, 1e6), Qt::AlignHCenter | Qt::TextWordWrap, subtitle)
                .height();
        const double h = std::min(std::max(oneLine, wrapped), 2 * fm.lineSpacing() + 0.5);
        b.subtitle = QRectF(rect.left() + pad, y + pad * 0.2, rect.width() - 2 * pad, h);
        y += h + pad * 0.2;
    }
    b.bottom = (title.isEmpty() && subtitle.isEmpty()) ? rect.top() + pad * 0.5 : y + pad;
    return b;
}

void drawTitles(QPainter& p, const QRectF& titleRect, const QRectF& subtitleRect, const QString& title,
                const QString& subtitle, const FigureStyle& s) {
    if (!title.isEmpty()) {
        p.setFont(s.title);
        p.setPen(QColor(0x20, 0x20, 0x20));
        const QString t = QFontMetricsF(s.title).elidedText(title, Qt::ElideRight, titleRect.width());
        p.drawText(titleRect, Qt::AlignHCenter | Qt::AlignVCenter, t);
    }
    if (!subtitle.isEmpty()) {
        p.setFont(s.subtitle);
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(subtitleRect, Qt::AlignHCenter | Qt::AlignVCenter | Qt::TextWordWrap, subtitle);
    }
}

// Text rotated to read bottom to top, its end at `anchor` (right-aligned
// along the rotated baseline), vertically centred on anchor.x().
void drawVerticalText(QPainter& p, const QPointF& anchor, const QString& text, double width, double height,
                      Qt::Alignment align) {
    p.save();
    p.translate(anchor);
    p.rotate(-90);
    p.drawText(QRectF(-width, -height / 2, width, height), align | Qt::AlignVCenter, text);
    p.restore();
}

// Four decimals, as the threshold box and the figures' subtitles give it.
QString thresholdLabel(double t) { return tr("t = %1").arg(QLocale().toString(t, 'f', 4)); }

double effectiveVmax(double vmin, double vmax) { return vmax > vmin ? vmax : vmin + 1.0; }

} // namespace

FigureStyle FigureStyle::print() {
    QFont base;
    base.setFamilies({QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"), QStringLiteral("Arial")});
    FigureStyle s;
    s.title = withSize(base, 11, true);
    s.subtitle = withSize(base, 8);
    s.axis = withSize(base, 8.5);
    s.tick = withSize(base, 6.5);
    s.lineWidth = 0.8;
    return s;
}

FigureStyle FigureStyle::forWidget(const QFont& base) {
    const double pt = base.pointSizeF() > 0 ? base.pointSizeF() : 9.0;
    FigureStyle s;
    s.title = withSize(base, pt * 1.15, true);
    s.subtitle = withSize(base, pt * 0.9);
    s.axis = withSize(base, pt * 0.95);
    s.tick = withSize(base, pt * 0.85);
    s.lineWidth = 1.0;
    return s;
}

std::vector<double> niceTicks(double lo, double hi, int target, int* decimals) {
    std::vector<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    if (hi < lo) std::swap(lo, hi);
    if (hi - lo < 1e-12) {
        if (decimals) *decimals = 2;
        return {lo};
    }
    const double raw = (hi - lo) / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * mag;
        if (step >= raw) break;
    }
    const double first = std::ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-9; v += step) ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (decimals) {
        int d = std::max(0, -int(std::floor(std::log10(step) + 1e-9)));
        if (std::abs(step / std::pow(10.0, -d) - std::round(step / std::pow(10.0, -d))) > 1e-6) ++d; // 2.5 steps
        *decimals = std::min(d, 6);
    }
    return ticks;
}

// ---------------------------------------------------------------- heatmap

int thinningStep(double slot, double textHeight) {
    if (slot <= 0) return 0;
    return std::max(1, int(std::ceil(textHeight * 1.15 / slot)));
}

HeatmapLayout layoutHeatmap(const QRectF& rect, const HeatmapData& d, const FigureStyle& s) {
    HeatmapLayout L;
    const int n = int(d.values.rows());
    if (n <= 0 || d.values.cols() != n || rect.width() <= 0 || rect.height() <= 0) return L;
    const QFontMetricsF tickFm(s.tick), axisFm(s.axis);
    const double pad = tickFm.height() * 0.6;
    const double tickLen = pad * 0.5;
    const TitleBlock titles = layoutTitles(rect, d.title, d.subtitle, s, pad);
    L.titleRect = titles.title;
    L.subtitleRect = titles.subtitle;

    L.labelSpace = labelWidth(tickFm, d.labels, n);
    const double axisH = axisFm.height();
    const double left = pad + axisH + pad * 0.5 + L.labelSpace + tickLen;
    const double bottom = tickLen + L.labelSpace + pad * 0.5 + axisH + pad;

    int cbDecimals = 2;
    const std::vector<double> cbTicks = niceTicks(d.vmin, effectiveVmax(d.vmin, d.vmax), 5, &cbDecimals);
    double cbTickW = 0;
    for (double t : cbTicks) cbTickW = std::max(cbTickW, tickFm.horizontalAdvance(formatTick(t, cbDecimals)));
    const double barW = std::max(tickFm.height() * 0.9, 6.0);
    const double right =
        pad * 1.5 + barW + tickLen + pad * 0.3 + cbTickW + pad * 0.5 + (d.colorbarLabel.isEmpty() ? 0.0 : axisH) + pad;

    const QRectF avail(rect.left() + left, titles.bottom, rect.width() - left - right,
                       rect.bottom() - bottom - titles.bottom);
    if (avail.width() <= 4 || avail.height() <= 4) return L;
    const double side = std::min(avail.width(), avail.height());
    const double xOffset = (avail.width() - side) / 2;
    const QRectF matrix(avail.left() + xOffset, avail.top(), side, side);
    L.geometry = HeatmapGeometry(matrix, n, d.order);
    L.colorbar = QRectF(matrix.right() + pad * 1.5, matrix.top(), barW, side);
    L.labelStep = thinningStep(L.geometry.cellHeight(), tickFm.height());
    L.valid = true;
    return L;
}

QImage renderHeatmapImage(const Eigen::MatrixXd& values, const std::vector<int>& order, double vmin, double vmax,
                          const std::function<bool()>& cancelled) {
    const int n = int(values.rows());
    if (n <= 0 || values.cols() != n) return {};
    std::vector<int> ord = order;
    if (!HeatmapGeometry::isPermutation(ord, n)) {
        ord.resize(size_t(n));
        for (int i = 0; i < n; ++i) ord[size_t(i)] = i;
    }
    const double hi = effectiveVmax(vmin, vmax);
    const double scale = 255.0 / (hi - vmin);
    const auto& lut = viridisTable();
    const QRgb missing = qRgb(0xdd, 0xdd, 0xdd);
    QImage img(n, n, QImage::Format_RGB32);
    for (int r = 0; r < n; ++r) {
        if (cancelled && (r & 15) == 0 && cancelled()) return {};
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(r));
        const int ur = ord[size_t(r)];
        for (int c = 0; c < n; ++c) {
            const double v = values(ur, ord[size_t(c)]);
            if (!std::isfinite(v)) {
                line[c] = missing;
                continue;
            }
            const double idx = std::clamp((v - vmin) * scale, 0.0, 255.0);
            line[c] = lut[size_t(std::lround(idx))];
        }
    }
    return img;
}

std::vector<GroupBlock> groupBlocks(const std::vector<std::vector<int>>& groups, const HeatmapGeometry& g) {
    std::vector<GroupBlock> blocks;
    for (size_t gi = 0; gi < groups.size(); ++gi) {
        std::vector<int> pos;
        for (int u : groups[gi])
            if (u >= 0 && u < g.n) pos.push_back(g.position[size_t(u)]);
        std::sort(pos.begin(), pos.end());
        pos.erase(std::unique(pos.begin(), pos.end()), pos.end());
        if (pos.size() < 2) continue;
        const int first = *std::min_element(groups[gi].begin(), groups[gi].end());
        std::vector<std::pair<int, int>> runs; // start, length
        for (int q : pos) {
            if (!runs.empty() && runs.back().first + runs.back().second == q)
                ++runs.back().second;
            else
                runs.push_back({q, 1});
        }
        for (const auto& a : runs)
            for (const auto& b : runs) blocks.push_back({int(gi), first, a.first, b.first, a.second, b.second});
    }
    return blocks;
}

void drawGroupOutlines(QPainter& p, const HeatmapGeometry& g, const std::vector<GroupBlock>& blocks, double lw) {
    if (!g.isValid() || blocks.empty()) return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    const double cw = g.cellWidth(), ch = g.cellHeight();
    auto rectOf = [&](const GroupBlock& b) {
        return QRectF(g.matrix.left() + b.colPos * cw, g.matrix.top() + b.rowPos * ch, b.cols * cw, b.rows * ch);
    };
    // A light halo first so outlines read on dark and bright cells alike.
    QPen halo(QColor(255, 255, 255, 220), lw * 3.2);
    halo.setJoinStyle(Qt::MiterJoin);
    p.setPen(halo);
    for (const GroupBlock& b : blocks) p.drawRect(rectOf(b));
    int current = -1;
    for (const GroupBlock& b : blocks) {
        if (b.group != current) {
            current = b.group;
            QPen pen(groupColorOfFirst(b.firstUnit).darker(115), lw * 1.6);
            pen.setJoinStyle(Qt::MiterJoin);
            p.setPen(pen);
        }
        p.drawRect(rectOf(b));
    }
    p.restore();
}

std::vector<QLineF> separatorLines(const std::vector<int>& separators, const HeatmapGeometry& g) {
    std::vector<QLineF> lines;
    if (!g.isValid()) return lines;
    std::vector<int> pos;
    for (int q : separators)
        if (q > 0 && q < g.n) pos.push_back(q);
    std::sort(pos.begin(), pos.end());
    pos.erase(std::unique(pos.begin(), pos.end()), pos.end());
    const QRectF& m = g.matrix;
    for (int q : pos) {
        const double x = m.left() + q * g.cellWidth();
        const double y = m.top() + q * g.cellHeight();
        lines.emplace_back(x, m.top(), x, m.bottom());
        lines.emplace_back(m.left(), y, m.right(), y);
    }
    return lines;
}

void drawSeparators(QPainter& p, const HeatmapGeometry& g, const std::vector<int>& separators, double lw) {
    const std::vector<QLineF> lines = separatorLines(separators, g);
    if (lines.empty()) return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    // White under dark: visible on every colour of the map.
    p.setPen(QPen(QColor(255, 255, 255, 230), lw * 2.6, Qt::SolidLine, Qt::FlatCap));
    for (const QLineF& l : lines) p.drawLine(l);
    p.setPen(QPen(QColor(0x20, 0x20, 0x20), lw * 1.1, Qt::SolidLine, Qt::FlatCap));
    for (const QLineF& l : lines) p.drawLine(l);
    p.restore();
}

void drawNoData(QPainter& p, const QRectF& rect, const FigureStyle& s) {
    p.save();
    p.setFont(s.axis);
    p.setPen(QColor(0x88, 0x88, 0x88));
    p.drawText(rect, Qt::AlignCenter, tr("No data"));
    p.restore();
}

namespace {

// Colour bar: the map itself as a 1 x 256 image, ticks on the right.
void drawColorbar(QPainter& p, const HeatmapLayout& L, const HeatmapData& d, const FigureStyle& s,
                  const QPen& framePen) {
    const QFontMetricsF tickFm(s.tick), axisFm(s.axis);
    const double pad = tickFm.height() * 0.6;
    const double tickLen = pad * 0.5;
    const double axisH = axisFm.height();
    const QRectF& cb = L.colorbar;
    QImage bar(1, 256, QImage::Format_RGB32);
    const auto& lut = viridisTable();
    for (int i = 0; i < 256; ++i) bar.setPixel(0, 255 - i, lut[size_t(i)]);
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.drawImage(cb, bar);
    p.restore();
    p.setPen(framePen);
    p.drawRect(cb);
    int decimals = 2;
    const double lo = d.vmin, hi = effectiveVmax(d.vmin, d.vmax);
    const std::vector<double> ticks = niceTicks(lo, hi, 5, &decimals);
    p.setFont(s.tick);
    double tickW = 0;
    for (double t : ticks) {
        const double y = cb.bottom() - (t - lo) / (hi - lo) * cb.height();
        p.drawLine(QPointF(cb.right(), y), QPointF(cb.right() + tickLen, y));
        const QString label = formatTick(t, decimals);
        tickW = std::max(tickW, tickFm.horizontalAdvance(label));
        p.drawText(QRectF(cb.right() + tickLen + pad * 0.3, y - tickFm.height() / 2, 200, tickFm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    if (!d.colorbarLabel.isEmpty()) {
        p.setFont(s.axis);
        p.save();
        p.translate(cb.right() + tickLen + pad * 0.3 + tickW + pad * 0.5 + axisH / 2, cb.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-cb.height() / 2, -axisH / 2, cb.height(), axisH), Qt::AlignCenter, d.colorbarLabel);
        p.restore();
    }
}

} // namespace

namespace {
// The display positions, every `step`-th, whose cell centres lie within
// [lo, hi] along an axis starting at `start` with cells of `cell`.
std::vector<int> labelledPositions(int n, int step, double start, double cell, double lo, double hi) {
    std::vector<int> out;
    if (step <= 0 || cell <= 0) return out;
    const int first = std::max(0, int(std::floor((lo - start) / cell)));
    for (int pos = (first + step - 1) / step * step; pos < n; pos += step) {
        const double c = start + (pos + 0.5) * cell;
        if (c > hi) break;
        if (c >= lo) out.push_back(pos);
    }
    return out;
}
} // namespace

void drawHeatmapFrame(QPainter& p, const HeatmapLayout& L, const HeatmapData& d, const FigureStyle& s) {
    if (!L.valid) return;
    p.save();
    drawTitles(p, L.titleRect, L.subtitleRect, d.title, d.subtitle, s);
    const HeatmapGeometry& g = L.geometry;
    const QRectF frame = L.visible.isEmpty() ? g.matrix : L.visible;
    const QFontMetricsF tickFm(s.tick), axisFm(s.axis);
    const double pad = tickFm.height() * 0.6;
    const double tickLen = pad * 0.5;
    const QColor ink(0x30, 0x30, 0x30);
    QPen framePen(ink, s.lineWidth * 0.8);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(framePen);
    p.setBrush(Qt::NoBrush);
    p.drawRect(frame);

    // Unit labels, thinned to what fits (only those on screen).
    p.setFont(s.tick);
    const double h = tickFm.height();
    auto label = [&](int pos) {
        return tickFm.elidedText(unitLabel(d.labels, g.order[size_t(pos)]), Qt::ElideRight, L.labelSpace + 1);
    };
    for (int pos : labelledPositions(g.n, L.labelStep, g.matrix.top(), g.cellHeight(), frame.top(), frame.bottom())) {
        const double y = g.positionRect(pos, pos).center().y();
        p.drawLine(QPointF(frame.left() - tickLen, y), QPointF(frame.left(), y));
        p.drawText(QRectF(frame.left() - tickLen - pad * 0.3 - L.labelSpace, y - h / 2, L.labelSpace, h),
                   Qt::AlignRight | Qt::AlignVCenter, label(pos));
    }
    for (int pos : labelledPositions(g.n, L.labelStep, g.matrix.left(), g.cellWidth(), frame.left(), frame.right())) {
        const double x = g.positionRect(pos, pos).center().x();
        p.drawLine(QPointF(x, frame.bottom()), QPointF(x, frame.bottom() + tickLen));
        drawVerticalText(p, QPointF(x, frame.bottom() + tickLen + pad * 0.3), label(pos), L.labelSpace, h,
                         Qt::AlignRight);
    }
    // Axis titles.
    const QString axis = d.axisLabel.isEmpty() ? tr("Unit") : d.axisLabel;
    p.setFont(s.axis);
    p.setPen(ink);
    const double axisH = axisFm.height();
    p.drawText(
        QRectF(frame.left(), frame.bottom() + tickLen + pad * 0.3 + L.labelSpace + pad * 0.2, frame.width(), axisH),
        Qt::AlignHCenter | Qt::AlignVCenter, axis);
    p.save();
    p.translate(frame.left() - tickLen - pad * 0.3 - L.labelSpace - pad * 0.2 - axisH / 2, frame.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-frame.height() / 2, -axisH / 2, frame.height(), axisH), Qt::AlignCenter, axis);
    p.restore();

    drawColorbar(p, L, d, s, framePen);
    p.restore();
}

void paintHeatmap(QPainter& p, const QRectF& rect, const HeatmapData& d) {
    const FigureStyle s = FigureStyle::print();
    const HeatmapLayout L = layoutHeatmap(rect, d, s);
    if (!L.valid) {
        drawNoData(p, rect, s);
        return;
    }
    QImage img = renderHeatmapImage(d.values, L.geometry.order, d.vmin, d.vmax);
    // Vector formats embed the image and viewers smooth it when they scale
    // it up: give them enough pixels per cell that the blur is invisible.
    const QPaintEngine* engine = p.paintEngine();
    const bool vector = engine && (engine->type() == QPaintEngine::Pdf || engine->type() == QPaintEngine::SVG);
    if (vector && img.width() < 1024) {
        const int k = (1024 + img.width() - 1) / img.width();
        img = img.scaled(img.width() * k, img.height() * k, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    }
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(L.geometry.matrix, img);
    p.restore();
    drawSeparators(p, L.geometry, d.separators, s.lineWidth);
    drawGroupOutlines(p, L.geometry, groupBlocks(d.groups, L.geometry), s.lineWidth);
    drawHeatmapFrame(p, L, d, s);
}

// ------------------------------------------------------------- dendrogram

DendrogramFigureLayout layoutDendrogram(const QRectF& rect, const DendrogramData& d, const FigureStyle& s) {
    DendrogramFigureLayout L;
    const int n = int(d.layout.leafOrder.size());
    if (n <= 0 || rect.width() <= 0 || rect.height() <= 0) return L;
    const QFontMetricsF tickFm(s.tick), axisFm(s.axis);
    const double pad = tickFm.height() * 0.6;
    const double tickLen = pad * 0.5;
    const TitleBlock titles = layoutTitles(rect, d.title, d.subtitle, s, pad);
    L.titleRect = titles.title;
    L.subtitleRect = titles.subtitle;

    const double yMax = DendrogramGeometry::axisTop(d.layout.maxHeight, d.threshold);
    int decimals = 2;
    double tickW = 0;
    for (double t : niceTicks(0, yMax, 5, &decimals))
        tickW = std::max(tickW, tickFm.horizontalAdvance(formatTick(t, decimals)));
    const double labelW = labelWidth(tickFm, d.labels, n);
    const double left = pad + axisFm.height() + pad * 0.5 + tickW + pad * 0.3 + tickLen;
    const double bottom = tickLen + pad * 0.3 + labelW + pad;
    // The threshold's value sits in the right margin, level with the line,
    // where it never covers a link.
    const double right = pad * 0.4 + tickFm.horizontalAdvance(thresholdLabel(9.999)) + pad;
    const QRectF plot(rect.left() + left, titles.bottom + pad * 0.5, rect.width() - left - right,
                      rect.bottom() - bottom - titles.bottom - pad * 0.5);
    if (plot.width() <= 4 || plot.height() <= 4) return L;
    L.geometry = DendrogramGeometry(plot, yMax, n);
    L.labelSpace = labelW;
    L.labelStep = thinningStep(plot.width() / n, tickFm.height());
    L.valid = true;
    return L;
}

namespace {

// The cut: a dashed line labelled with its value.
void drawCut(QPainter& p, const DendrogramGeometry& g, double threshold, const FigureStyle& s) {
    const QFontMetricsF tickFm(s.tick);
    const double pad = tickFm.height() * 0.6;
    if (std::isfinite(threshold)) {
        const double y = g.yForHeight(std::clamp(threshold, 0.0, g.yMax));
        QPen pen(QColor(0xc0, 0x39, 0x2b), s.lineWidth * 1.2, Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(g.plot.left(), y), QPointF(g.plot.right(), y));
        p.setFont(s.tick);
        p.setPen(pen.color());
        const double h = tickFm.height();
        p.drawText(QRectF(g.plot.right() + pad * 0.4, y - h / 2, 400, h), Qt::AlignLeft | Qt::AlignVCenter,
                   thresholdLabel(threshold));
    }
}

} // namespace

// The smallest unit of each cut group of a layout (by link.group): the
// smallest leaf under any of its links (a group's links are its subtree).
std::vector<int> dendrogramGroupFirstUnits(const DendrogramLayout& layout) {
    const size_t n = layout.links.size() + 1;
    std::vector<int> minLeaf(2 * n - 1, 0);
    for (size_t u = 0; u < n; ++u) minLeaf[u] = int(u);
    std::vector<int> first;
    for (size_t i = 0; i < layout.links.size(); ++i) {
        const DendrogramLink& l = layout.links[i];
        const auto at = [&](int id) { return id >= 0 && size_t(id) < n + i ? minLeaf[size_t(id)] : 0; };
        minLeaf[n + i] = std::min(at(l.left), at(l.right));
        if (l.group < 0) continue;
        if (first.size() <= size_t(l.group)) first.resize(size_t(l.group) + 1, std::numeric_limits<int>::max());
        first[size_t(l.group)] = std::min(first[size_t(l.group)], minLeaf[n + i]);
    }
    return first;
}

void drawDendrogram(QPainter& p, const DendrogramFigureLayout& L, const DendrogramData& d, double threshold,
                    const FigureStyle& s) {
    if (!L.valid) return;
    const DendrogramGeometry& g = L.geometry;
    const QFontMetricsF tickFm(s.tick), axisFm(s.axis);
    const double pad = tickFm.height() * 0.6;
    const double tickLen = pad * 0.5;
    const QColor ink(0x30, 0x30, 0x30);
    p.save();
    drawTitles(p, L.titleRect, L.subtitleRect, d.title, d.subtitle, s);

    // Height axis with light grid lines.
    int decimals = 2;
    const std::vector<double> ticks = niceTicks(0, g.yMax, 5, &decimals);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(QColor(0xe8, 0xe8, 0xe8), s.lineWidth * 0.6));
    for (double t : ticks)
        p.drawLine(QPointF(g.plot.left(), g.yForHeight(t)), QPointF(g.plot.right(), g.yForHeight(t)));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(ink, s.lineWidth * 0.8));
    p.drawLine(g.plot.bottomLeft(), g.plot.topLeft());
    p.setFont(s.tick);
    double tickW = 0;
    for (double t : ticks) {
        const double y = g.yForHeight(t);
        p.drawLine(QPointF(g.plot.left() - tickLen, y), QPointF(g.plot.left(), y));
        const QString label = formatTick(t, decimals);
        tickW = std::max(tickW, tickFm.horizontalAdvance(label));
        p.drawText(QRectF(g.plot.left() - tickLen - pad * 0.3 - 200, y - tickFm.height() / 2, 200, tickFm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, label);
    }
    const QString yLabel = d.yLabel.isEmpty() ? tr("Distance (1 − S)") : d.yLabel;
    p.setFont(s.axis);
    const double axisH = axisFm.height();
    p.save();
    p.translate(g.plot.left() - tickLen - pad * 0.3 - tickW - pad * 0.5 - axisH / 2, g.plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-g.plot.height() / 2, -axisH / 2, g.plot.height(), axisH), Qt::AlignCenter, yLabel);
    p.restore();

    // Links, batched by colour: grey above the cut, the group's colour (by
    // its smallest unit) below.
    const std::vector<int> firstUnit = dendrogramGroupFirstUnits(d.layout);
    std::map<int, QVector<QLineF>> lines;
    for (const DendrogramLink& l : d.layout.links) {
        const int key = (l.group >= 0 && l.height <= threshold && size_t(l.group) < firstUnit.size())
                            ? firstUnit[size_t(l.group)]
                            : -1;
        QVector<QLineF>& v = lines[key];
        const double xl = g.xForSlot(l.xLeft), xr = g.xForSlot(l.xRight), y = g.yForHeight(l.height);
        v.append(QLineF(xl, g.yForHeight(l.yLeft), xl, y));
        v.append(QLineF(xl, y, xr, y));
        v.append(QLineF(xr, y, xr, g.yForHeight(l.yRight)));
    }
    for (const auto& [key, v] : lines) {
        QPen pen(key < 0 ? neutralGrey() : groupColorOfFirst(key), s.lineWidth * 1.3);
        pen.setCapStyle(Qt::FlatCap);
        p.setPen(pen);
        p.drawLines(v);
    }

    // Leaf labels, thinned to what fits.
    const int n = g.leafCount;
    if (L.labelStep > 0) {
        p.setFont(s.tick);
        p.setPen(ink);
        const double labelW = L.labelSpace;
        for (int k = 0; k < n; k += L.labelStep) {
            const int unit = d.layout.leafOrder[size_t(k)];
            const QString text = tickFm.elidedText(unitLabel(d.labels, unit), Qt::ElideRight, labelW + 1);
            drawVerticalText(p, QPointF(g.xForSlot(k + 0.5), g.plot.bottom() + tickLen + pad * 0.3), text, labelW,
                             tickFm.height(), Qt::AlignRight);
        }
    }

    drawCut(p, g, threshold, s);
    p.restore();
}

void paintDendrogram(QPainter& p, const QRectF& rect, const DendrogramData& d) {
    const FigureStyle s = FigureStyle::print();
    const DendrogramFigureLayout L = layoutDendrogram(rect, d, s);
    if (!L.valid) {
        drawNoData(p, rect, s);
        return;
    }
    drawDendrogram(p, L, d, d.threshold, s);
}

// ----------------------------------------------------------------- export

QSize pngPixelSize(const QSizeF& pt) {
    return QSize(int(std::lround(pt.width() * kPngDpi / 72.0)), int(std::lround(pt.height() * kPngDpi / 72.0)));
}

bool saveFileAtomic(const QString& path, const QByteArray& bytes, QString* error) {
    if (const QString why = outputFileProblem(path); !why.isEmpty()) {
        if (error) *error = tr("Cannot write “%1”: %2").arg(QDir::toNativeSeparators(path), why);
        return false;
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error) *error = tr("Cannot write “%1”: %2.").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    return true;
}

namespace {

// The figure writers: each paints into `file` and returns an error message,
// empty on success.
QString writePng(QSaveFile& file, const QString& path, const QSizeF& sizeInPoints, const QRectF& rect,
                 const std::function<void(QPainter&, const QRectF&)>& paint) {
    QImage img(pngPixelSize(sizeInPoints), QImage::Format_ARGB32_Premultiplied);
    if (img.isNull()) {
        file.cancelWriting();
        return tr("Cannot export “%1”: not enough memory for the image.").arg(path);
    }
    const int dpm = int(std::lround(kPngDpi / 0.0254));
    img.fill(Qt::white);
    // Fonts in points must map 1:1 to painter units: paint at 72
    // dpi with the painter scaled to 300 dpi, then record 300 dpi.
    img.setDotsPerMeterX(int(std::lround(72.0 / 0.0254)));
    img.setDotsPerMeterY(int(std::lround(72.0 / 0.0254)));
    {
        QPainter p(&img);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setRenderHint(QPainter::TextAntialiasing, true);
        p.scale(kPngDpi / 72.0, kPngDpi / 72.0);
        paint(p, rect);
    }
    img.setDotsPerMeterX(dpm);
    img.setDotsPerMeterY(dpm);
    QImage out = img.convertToFormat(QImage::Format_RGB32);
    if (!out.save(&file, "PNG")) {
        file.cancelWriting();
        return tr("Cannot write “%1”: %2.").arg(path, file.errorString());
    }
    return {};
}

QString writeSvg(QSaveFile& file, const QString& path, const QSizeF& sizeInPoints, const QRectF& rect,
                 const std::function<void(QPainter&, const QRectF&)>& paint) {
    QSvgGenerator gen;
    gen.setOutputDevice(&file);
    gen.setResolution(72);
    gen.setSize(QSize(int(std::ceil(sizeInPoints.width())), int(std::ceil(sizeInPoints.height()))));
    gen.setViewBox(rect);
    gen.setTitle(tr("ShareLens figure"));
    gen.setDescription(tr("Created by ShareLens"));
    QPainter p;
    if (!p.begin(&gen)) {
        file.cancelWriting();
        return tr("Cannot write “%1”: the SVG writer did not start.").arg(path);
    }
    p.fillRect(rect, Qt::white);
    paint(p, rect);
    p.end();
    return {};
}

QString writePdf(QSaveFile& file, const QString& path, const QSizeF& sizeInPoints, const QRectF& rect,
                 const std::function<void(QPainter&, const QRectF&)>& paint) {
    QPdfWriter writer(&file);
    writer.setCreator(tr("ShareLens"));
    writer.setTitle(QFileInfo(path).completeBaseName());
    writer.setResolution(72);
    writer.setPageSize(QPageSize(sizeInPoints, QPageSize::Point, QString(), QPageSize::ExactMatch));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Point);
    QPainter p;
    if (!p.begin(&writer)) {
        file.cancelWriting();
        return tr("Cannot write “%1”: the PDF writer did not start.").arg(path);
    }
    paint(p, rect);
    p.end();
    return {};
}

} // namespace

bool exportFigure(const QString& path, const QSizeF& sizeInPoints,
                  const std::function<void(QPainter&, const QRectF&)>& paint, QString* error) {
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        return false;
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        return fail(tr("Cannot export “%1”: unknown figure format “%2”; use .png, .svg or .pdf.")
                        .arg(path, suffix.isEmpty() ? tr("(none)") : QLatin1Char('.') + suffix));
    if (!(sizeInPoints.width() >= 1 && sizeInPoints.height() >= 1 && sizeInPoints.width() <= 14400 &&
          sizeInPoints.height() <= 14400))
        return fail(tr("Cannot export “%1”: the figure size must be between 1 and 14400 points.").arg(path));

    // QSaveFile writes a temporary file next to `path` and renames it over
    // `path` on commit(), so a failure never leaves a half-written figure.
    if (const QString why = outputFileProblem(path); !why.isEmpty())
        return fail(tr("Cannot write “%1”: %2").arg(path, why));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(tr("Cannot write “%1”: %2.").arg(path, file.errorString()));
    const QRectF rect(QPointF(0, 0), sizeInPoints);
    try {
        const auto write = suffix == QLatin1String("png")   ? writePng
                           : suffix == QLatin1String("svg") ? writeSvg
                                                            : writePdf;
        const QString message = write(file, path, sizeInPoints, rect, paint);
        if (!message.isEmpty()) return fail(message);
    } catch (const std::exception& e) {
        file.cancelWriting();
        return fail(tr("Cannot export “%1”: %2").arg(path, errorText(e)));
    }
    if (file.error() != QFileDevice::NoError) {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(tr("Cannot write “%1”: %2.").arg(path, why));
    }
    if (!file.commit()) return fail(tr("Cannot write “%1”: %2.").arg(path, file.errorString()));
    return true;
}

} // namespace sharelens::widgets
