#pragma once

#include <QWidget>

#include <optional>
#include <vector>

#include "sharelens/importance.h"

class QComboBox;
class QLabel;
class QToolButton;

#include "linechart.h"

namespace sharelens::widgets {
class ImportanceStrip;
struct ImportanceStripData;
} // namespace sharelens::widgets

namespace sharelens::app {

// The importance of the blocks under the heatmap: a strip of bars for the
// chosen measure (block influence, angular distance of n-block spans, loss
// with the block removed) with tooltips, and its export as a figure (PNG,
// SVG, PDF) or CSV. Hidden while there is no importance.
class ImportancePanel : public QWidget {
    Q_OBJECT
public:
    explicit ImportancePanel(QWidget* parent = nullptr);
    // Shows `importance` (none: hides the panel); `subtitle` goes on exported figures.
    void setImportance(const std::optional<sharelens::ImportanceResult>& importance, const QString& subtitle);
    const std::optional<sharelens::ImportanceResult>& importance() const { return m_importance; }
    // The measures offered: "bi", "loo" (when computed), "angular N" for n = 1 .. L-1.
    QStringList measures() const;
    void setMeasure(const QString& measure);
    // The strip's values of a measure (bars, labels, the marked bar).
    widgets::ImportanceStripData stripData(const QString& measure) const;
    widgets::ImportanceStrip* strip() const { return m_strip; }

    // Exports of the chosen measure; on failure return false with a sentence in *error.
    bool exportFigure(const QString& path, QString* error) const;
    bool exportCsv(const QString& path, QString* error) const;
    // The report's charts: block influence and, when computed, the
    // leave-one-out loss (none without importance).
    std::vector<widgets::LineChartData> reportCharts() const;

private:
    void showMeasure();
    void exportInteractive(bool figure);

    std::optional<sharelens::ImportanceResult> m_importance;
    QString m_subtitle;
    QComboBox* m_measure = nullptr;
    QLabel* m_caption = nullptr;
    widgets::ImportanceStrip* m_strip = nullptr;
    QToolButton* m_export = nullptr;
};

} // namespace sharelens::app
