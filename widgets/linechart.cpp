#include "linechart.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sharelens::widgets {

namespace {

bool finite(const QPointF& pt) { return std::isfinite(pt.x()) && std::isfinite(pt.y()); }

// 0.25, 3.5, 20,000: group thousands only where the numbers are large.
QString tickText(double v, int decimals) {
    static const QLocale grouped(QLocale::English, QLocale::UnitedStates);
    return std::abs(v) >= 10000 ? grouped.toString(v, 'f', decimals) : QLocale::c().toString(v, 'f', decimals);
}

// An axis range that starts and ends on a tick, and its ticks.
void niceRange(double lo, double hi, int target, double& outLo, double& outHi, std::vector<double>& ticks,
               int& decimals) {
    if (!(hi > lo)) {
        const double pad = lo == 0 ? 1.0 : std::abs(lo) * 0.05;
        lo -= pad;
        hi += pad;
    }
    std::vector<double> t = niceTicks(lo, hi, target, &decimals);
    double step = t.size() >= 2 ? t[1] - t[0] : (hi - lo) / std::max(1, target);
    outLo = std::floor(lo / step + 1e-9) * step;
    outHi = std::ceil(hi / step - 1e-9) * step;
    if (!(outHi > outLo)) outHi = outLo + step;
    ticks = niceTicks(outLo, outHi, target, &decimals);
}

struct LegendItem {
    const ChartSeries* series;
    QRectF rect; // relative to the legend's top left
};

constexpr double kSample = 16.0; // length of the line sample in the legend
constexpr double kGap = 4.0;

std::vector<LegendItem> legendItems(const LineChartData& d, const FigureStyle& s, double width, double* height) {
    const QFontMetricsF fm(s.tick);
    std::vector<LegendItem> items;
    double x = 0, y = 0;
    const double rowH = fm.height() + 2;
    for (const auto& ser : d.series) {
        if (ser.name.isEmpty()) continue;
        const double w = kSample + kGap + fm.horizontalAdvance(ser.name) + 3 * kGap;
        if (x > 0 && x + w > width) {
            x = 0;
            y += rowH;
        }
        items.push_back({&ser, QRectF(x, y, w, rowH)});
        x += w;
    }
    *height = items.empty() ? 0.0 : y + rowH;
    return items;
}

} // namespace

QPointF LineChartLayout::map(double x, double y) const {
    const double fx = xMax > xMin ? (x - xMin) / (xMax - xMin) : 0.5;
    const double fy = yMax > yMin ? (y - yMin) / (yMax - yMin) : 0.5;
    return QPointF(plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height());
}

LineChartLayout layoutLineChart(const QRectF& rect, const LineChartData& d, const FigureStyle& s) {
    LineChartLayout L;
    double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
    for (const auto& ser : d.series)
        for (const auto& pt : ser.points) {
            if (!finite(pt)) continue;
            xlo = std::min(xlo, pt.x());
            xhi = std::max(xhi, pt.x());
            ylo = std::min(ylo, pt.y());
            yhi = std::max(yhi, pt.y());
        }
    if (!std::isfinite(xlo) || rect.width() < 40 || rect.height() < 40) return L;
    if (d.yFromZero && ylo >= 0) ylo = 0;
    if (d.padRange) {
        const double px = std::max(xhi - xlo, std::abs(xhi) * 0.02) * 0.06;
        const double py = std::max(yhi - ylo, std::abs(yhi) * 0.02) * 0.08;
        xlo -= px;
        xhi += px;
        ylo -= py;
        yhi += py;
    }

    const QFontMetricsF titleFm(s.title), subFm(s.subtitle), axisFm(s.axis), tickFm(s.tick);
    double top = rect.top();
    if (!d.title.isEmpty()) {
        L.titleRect = QRectF(rect.left(), top, rect.width(), titleFm.height());
        top += titleFm.height() + 1;
    }
    if (!d.subtitle.isEmpty()) {
        L.subtitleRect = QRectF(rect.left(), top, rect.width(), subFm.height());
        top += subFm.height() + 1;
    }

    niceRange(xlo, xhi, 6, L.xMin, L.xMax, L.xTicks, L.xDecimals);
    niceRange(ylo, yhi, 5, L.yMin, L.yMax, L.yTicks, L.yDecimals);
    double tickW = 0;
    for (double v : L.yTicks) tickW = std::max(tickW, tickFm.horizontalAdvance(tickText(v, L.yDecimals)));
    const double left = rect.left() + (d.yLabel.isEmpty() ? 0 : axisFm.height() + 3) + tickW + 6;
    const double right =
        rect.right() - tickFm.horizontalAdvance(tickText(L.xTicks.empty() ? 0 : L.xTicks.back(), L.xDecimals)) / 2 - 2;
    double legendH = 0;
    legendItems(d, s, right - left, &legendH);
    if (legendH > 0) {
        L.legendRect = QRectF(left, top + 3, right - left, legendH);
        top += legendH + 3;
    }
    top += tickFm.height() / 2 + 3; // room for the top tick label
    const double bottom = rect.bottom() - (tickFm.height() + 4) - (d.xLabel.isEmpty() ? 0 : axisFm.height() + 2);
    if (bottom - top < 20 || right - left < 20) return L;
    L.plot = QRectF(QPointF(left, top), QPointF(right, bottom));
    L.yLabelLeft = rect.left();
    L.valid = true;
    return L;
}

namespace {

const QColor kInk(0x22, 0x22, 0x22), kGrid(0xdd, 0xdd, 0xdd), kMuted(0x55, 0x55, 0x55);

void drawTitles(QPainter& p, const LineChartLayout& L, const LineChartData& d, const FigureStyle& s) {
    if (!L.titleRect.isEmpty()) {
        p.setFont(s.title);
        p.setPen(kInk);
        p.drawText(L.titleRect, Qt::AlignLeft | Qt::AlignVCenter, d.title);
    }
    if (!L.subtitleRect.isEmpty()) {
        p.setFont(s.subtitle);
        p.setPen(kMuted);
        p.drawText(L.subtitleRect, Qt::AlignLeft | Qt::AlignVCenter, d.subtitle);
    }
}

void drawAxes(QPainter& p, const LineChartLayout& L, const LineChartData& d, const FigureStyle& s) {
    // Grid, frame, ticks.
    const QFontMetricsF tickFm(s.tick), axisFm(s.axis);
    p.setFont(s.tick);
    p.setPen(QPen(kGrid, s.lineWidth * 0.6));
    for (double v : L.yTicks) {
        const double y = L.map(L.xMin, v).y();
        p.drawLine(QPointF(L.plot.left(), y), QPointF(L.plot.right(), y));
    }
    for (double v : L.xTicks) {
        const double x = L.map(v, L.yMin).x();
        p.drawLine(QPointF(x, L.plot.top()), QPointF(x, L.plot.bottom()));
    }
    p.setPen(QPen(kInk, s.lineWidth));
    p.setBrush(Qt::NoBrush);
    p.drawRect(L.plot);
    for (double v : L.yTicks) {
        const double y = L.map(L.xMin, v).y();
        p.drawLine(QPointF(L.plot.left() - 3, y), QPointF(L.plot.left(), y));
        const QString t = tickText(v, L.yDecimals);
        const double w = tickFm.horizontalAdvance(t);
        p.drawText(QRectF(L.plot.left() - 5 - w, y - tickFm.height() / 2, w, tickFm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, t);
    }
    for (double v : L.xTicks) {
        const double x = L.map(v, L.yMin).x();
        p.drawLine(QPointF(x, L.plot.bottom()), QPointF(x, L.plot.bottom() + 3));
        const QString t = tickText(v, L.xDecimals);
        const double w = tickFm.horizontalAdvance(t);
        p.drawText(QRectF(x - w / 2 - 1, L.plot.bottom() + 4, w + 2, tickFm.height()), Qt::AlignCenter, t);
    }
    p.setFont(s.axis);
    if (!d.xLabel.isEmpty())
        p.drawText(QRectF(L.plot.left(), L.plot.bottom() + 4 + tickFm.height() + 1, L.plot.width(), axisFm.height()),
                   Qt::AlignCenter, d.xLabel);
    if (!d.yLabel.isEmpty()) {
        p.save();
        p.translate(L.yLabelLeft, L.plot.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-L.plot.height() / 2, 0, L.plot.height(), axisFm.height()), Qt::AlignCenter, d.yLabel);
        p.restore();
    }
}

void drawSeries(QPainter& p, const LineChartLayout& L, const LineChartData& d, const FigureStyle& s) {
    // Series, clipped to the plot.
    p.save();
    p.setClipRect(L.plot.adjusted(-3, -3, 3, 3));
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const auto& ser : d.series) {
        QPen pen(ser.color, s.lineWidth * 1.4, ser.style, Qt::RoundCap, Qt::RoundJoin);
        if (ser.line) {
            QPainterPath path;
            bool open = false;
            for (const auto& pt : ser.points) {
                if (!finite(pt)) {
                    open = false;
                    continue;
                }
                const QPointF q = L.map(pt.x(), pt.y());
                if (open)
                    path.lineTo(q);
                else
                    path.moveTo(q);
                open = true;
            }
            p.setPen(pen);
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
        }
        if (ser.markers) {
            p.setPen(QPen(ser.color.darker(130), s.lineWidth));
            p.setBrush(ser.color);
            for (const auto& pt : ser.points)
                if (finite(pt)) p.drawEllipse(L.map(pt.x(), pt.y()), 2.4, 2.4);
        }
    }
    p.restore();
}

void drawPointLabels(QPainter& p, const LineChartLayout& L, const LineChartData& d, const FigureStyle& s) {
    const QFontMetricsF tickFm(s.tick);
    // Point labels: the first of eight places around the marker that stays
    // inside the plot and clear of the labels and markers placed so far.
    p.setFont(s.tick);
    p.setPen(kInk);
    std::vector<QRectF> taken;
    for (const auto& ser : d.series)
        if (ser.markers)
            for (const auto& pt : ser.points)
                if (finite(pt)) taken.push_back(QRectF(L.map(pt.x(), pt.y()) - QPointF(2.5, 2.5), QSizeF(5, 5)));
    for (const auto& ser : d.series) {
        for (size_t i = 0; i < ser.points.size() && i < size_t(ser.pointLabels.size()); ++i) {
            if (!finite(ser.points[i]) || ser.pointLabels[int(i)].isEmpty()) continue;
            const QPointF c = L.map(ser.points[i].x(), ser.points[i].y());
            const QString t = ser.pointLabels[int(i)];
            const double w = tickFm.horizontalAdvance(t) + 1, h = tickFm.height();
            const QRectF candidates[] = {
                QRectF(c.x() + 4, c.y() - h - 1, w, h),     QRectF(c.x() + 4, c.y() + 1, w, h),
                QRectF(c.x() - 4 - w, c.y() - h - 1, w, h), QRectF(c.x() - 4 - w, c.y() + 1, w, h),
                QRectF(c.x() + 5, c.y() - h / 2, w, h),     QRectF(c.x() - 5 - w, c.y() - h / 2, w, h),
                QRectF(c.x() - w / 2, c.y() - h - 4, w, h), QRectF(c.x() - w / 2, c.y() + 4, w, h)};
            QRectF chosen;
            for (const QRectF& r : candidates) {
                if (!L.plot.contains(r)) continue;
                if (std::any_of(taken.begin(), taken.end(), [&](const QRectF& o) { return o.intersects(r); })) continue;
                chosen = r;
                break;
            }
            if (chosen.isNull()) { // crowded: above, kept inside the plot horizontally
                chosen = candidates[6];
                chosen.moveLeft(
                    std::clamp(chosen.left(), L.plot.left() + 1, std::max(L.plot.left() + 1, L.plot.right() - w - 1)));
            }
            taken.push_back(chosen);
            p.drawText(chosen, Qt::AlignLeft | Qt::AlignVCenter, t);
        }
    }
}

void drawLegend(QPainter& p, const LineChartLayout& L, const LineChartData& d, const FigureStyle& s) {
    // Legend.
    double legendH = 0;
    const auto items = legendItems(d, s, L.legendRect.width(), &legendH);
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const auto& it : items) {
        const QRectF r = it.rect.translated(L.legendRect.topLeft());
        const double cy = r.center().y();
        if (it.series->line) {
            p.setPen(QPen(it.series->color, s.lineWidth * 1.4, it.series->style, Qt::FlatCap));
            p.drawLine(QPointF(r.left(), cy), QPointF(r.left() + kSample, cy));
        }
        if (it.series->markers) {
            p.setPen(QPen(it.series->color.darker(130), s.lineWidth));
            p.setBrush(it.series->color);
            p.drawEllipse(QPointF(r.left() + kSample / 2, cy), 2.4, 2.4);
            p.setBrush(Qt::NoBrush);
        }
        p.setPen(kInk);
        p.drawText(QRectF(r.left() + kSample + kGap, r.top(), r.width() - kSample - kGap, r.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, it.series->name);
    }
}

} // namespace

void drawLineChart(QPainter& p, const LineChartLayout& L, const LineChartData& d, const FigureStyle& s) {
    if (!L.valid) return;
    p.save();
    drawTitles(p, L, d, s);
    drawAxes(p, L, d, s);
    drawSeries(p, L, d, s);
    drawPointLabels(p, L, d, s);
    drawLegend(p, L, d, s);
    p.restore();
}

void paintLineChart(QPainter& p, const QRectF& rect, const LineChartData& data) {
    const FigureStyle s = FigureStyle::print();
    const LineChartLayout L = layoutLineChart(rect, data, s);
    if (!L.valid) {
        drawNoData(p, rect, s);
        return;
    }
    drawLineChart(p, L, data, s);
}

} // namespace sharelens::widgets
