// A small line and scatter chart drawn with QPainter (axes, nice ticks,
// legend), for printed reports and exported figures where Qt Charts (a
// widget with a scene) does not fit. Geometry lives in LineChartLayout so
// tests can check value → point mapping without painting.
#pragma once

#include "figures.h"

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

class QPainter;

namespace sharelens::widgets {

struct ChartSeries {
    QString name;                // legend entry; empty = not in the legend
    std::vector<QPointF> points; // a non-finite x or y breaks the line there
    QColor color = Qt::black;
    Qt::PenStyle style = Qt::SolidLine;
    bool line = true;        // join the points
    bool markers = false;    // a small circle at each point
    QStringList pointLabels; // text next to each point's marker (when given)
};

struct LineChartData {
    QString title;
    QString subtitle;
    QString xLabel;
    QString yLabel;
    std::vector<ChartSeries> series;
    bool yFromZero = false; // the y axis starts at 0 (when all values are >= 0)
    bool padRange = false;  // keep points off the frame (scatter plots)
};

struct LineChartLayout {
    bool valid = false; // false when no series has a finite point
    QRectF titleRect, subtitleRect, legendRect, plot;
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    std::vector<double> xTicks, yTicks;
    int xDecimals = 0, yDecimals = 0;
    double yLabelLeft = 0;                 // left edge of the rotated y-axis label
    QPointF map(double x, double y) const; // data → painter coordinates
};

LineChartLayout layoutLineChart(const QRectF& rect, const LineChartData& data, const FigureStyle& style);
void drawLineChart(QPainter& p, const LineChartLayout& layout, const LineChartData& data, const FigureStyle& style);
// layoutLineChart + drawLineChart with the print style ("No data" when empty).
void paintLineChart(QPainter& p, const QRectF& rect, const LineChartData& data);

} // namespace sharelens::widgets
