// One value per block (block influence, angular distance of the spans of n
// blocks starting there, loss with the block removed) as a strip of bars
// under the heatmap, with a tooltip per bar; and the same values as an
// exported figure (a line chart) and CSV.
#pragma once

#include "linechart.h"

#include <QRectF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace sharelens::widgets {

struct ImportanceStripData {
    QString title;      // e.g. "Block influence"
    QString valueLabel; // the tooltip's name for a value
    QStringList labels; // per bar: what it stands for, e.g. "block 3" or "blocks 2–4"
    std::vector<double> values;
    int marked = -1; // a bar drawn in the accent colour (the best span, the least harmful block), -1 none
};

// Bar rectangles of `count` bars filling `rect` (values scaled to [lo, hi]).
struct ImportanceStripGeometry {
    QRectF plot;
    double lo = 0, hi = 1;
    int count = 0;
    QRectF bar(int i, double value) const;
    // The bar whose column holds `pos`, -1 for none.
    int barAt(const QPointF& pos) const;
};
ImportanceStripGeometry layoutImportanceStrip(const QRectF& rect, const std::vector<double>& values);

// The strip's values as a line chart (x: bar index, one point per bar).
LineChartData importanceChart(const ImportanceStripData& data, const QString& subtitle, const QString& xLabel);
// "index,label,value" rows with a header.
QByteArray importanceCsv(const ImportanceStripData& data);

class ImportanceStrip : public QWidget {
    Q_OBJECT
public:
    explicit ImportanceStrip(QWidget* parent = nullptr);
    void setData(const ImportanceStripData& data);
    const ImportanceStripData& data() const { return m_data; }
    ImportanceStripGeometry geometry() const;
    // The tooltip text of bar i ("block 3: block influence 0.0123").
    QString toolTipFor(int i) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* e) override;
    bool event(QEvent* e) override;

private:
    ImportanceStripData m_data;
};

} // namespace sharelens::widgets
