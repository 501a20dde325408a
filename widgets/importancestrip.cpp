#include "importancestrip.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "tooltipevent.h"

namespace sharelens::widgets {

namespace {

QString csvField(const QString& s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))) return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

} // namespace

QRectF ImportanceStripGeometry::bar(int i, double value) const {
    if (count <= 0) return {};
    const double w = plot.width() / count;
    const double f = hi > lo ? std::clamp((value - lo) / (hi - lo), 0.0, 1.0) : 0.0;
    const double h = std::isfinite(value) ? std::max(1.0, f * plot.height()) : 0.0;
    return QRectF(plot.left() + i * w + w * 0.1, plot.bottom() - h, w * 0.8, h);
}

int ImportanceStripGeometry::barAt(const QPointF& pos) const {
    if (count <= 0 || !plot.contains(pos)) return -1;
    const int i = static_cast<int>((pos.x() - plot.left()) / (plot.width() / count));
    return std::clamp(i, 0, count - 1);
}

ImportanceStripGeometry layoutImportanceStrip(const QRectF& rect, const std::vector<double>& values) {
    ImportanceStripGeometry g;
    g.plot = rect;
    g.count = static_cast<int>(values.size());
    double lo = 0, hi = 0;
    for (double v : values)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    g.lo = lo;
    g.hi = hi > lo ? hi : lo + 1;
    return g;
}

LineChartData importanceChart(const ImportanceStripData& data, const QString& subtitle, const QString& xLabel) {
    LineChartData c;
    c.title = data.title;
    c.subtitle = subtitle;
    c.xLabel = xLabel;
    c.yLabel = data.valueLabel;
    ChartSeries s;
    s.color = QColor(31, 119, 180);
    s.markers = true;
    for (size_t i = 0; i < data.values.size(); ++i) s.points.emplace_back(double(i), data.values[i]);
    c.series.push_back(s);
    if (data.marked >= 0 && data.marked < static_cast<int>(data.values.size())) {
        ChartSeries m;
        m.color = QColor(214, 39, 40);
        m.line = false;
        m.markers = true;
        m.points.emplace_back(double(data.marked), data.values[size_t(data.marked)]);
        m.pointLabels << data.labels.value(data.marked);
        c.series.push_back(m);
    }
    return c;
}

QByteArray importanceCsv(const ImportanceStripData& data) {
    QByteArray out = "index,label," + csvField(data.valueLabel).toUtf8() + "\n";
    for (size_t i = 0; i < data.values.size(); ++i)
        out += QByteArray::number(qulonglong(i)) + ',' + csvField(data.labels.value(int(i))).toUtf8() + ',' +
               QByteArray::number(data.values[i], 'g', 17) + '\n';
    return out;
}

ImportanceStrip::ImportanceStrip(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize ImportanceStrip::sizeHint() const { return QSize(400, fontMetrics().height() * 3 + 8); }
QSize ImportanceStrip::minimumSizeHint() const { return QSize(100, fontMetrics().height() * 3 + 8); }

void ImportanceStrip::setData(const ImportanceStripData& data) {
    m_data = data;
    update();
}

ImportanceStripGeometry ImportanceStrip::geometry() const {
    return layoutImportanceStrip(QRectF(rect()).adjusted(2, 2, -2, -2), m_data.values);
}

QString ImportanceStrip::toolTipFor(int i) const {
    if (i < 0 || i >= static_cast<int>(m_data.values.size())) return {};
    return tr("%1: %2 %3")
        .arg(m_data.labels.value(i), m_data.valueLabel, QLocale().toString(m_data.values[size_t(i)], 'g', 4));
}

void ImportanceStrip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const auto g = geometry();
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(g.plot.bottomLeft(), g.plot.bottomRight());
    p.setPen(Qt::NoPen);
    for (int i = 0; i < g.count; ++i) {
        p.setBrush(i == m_data.marked ? QColor(214, 39, 40) : QColor(31, 119, 180));
        p.drawRect(g.bar(i, m_data.values[size_t(i)]));
    }
}

bool ImportanceStrip::event(QEvent* e) {
    const auto tip = [this](const QPoint& pos) {
        const int i = geometry().barAt(pos);
        return i >= 0 ? toolTipFor(i) : QString();
    };
    return handlePositionToolTip(this, e, tip) || QWidget::event(e);
}

} // namespace sharelens::widgets
