#pragma once

#include <QGroupBox>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <array>
#include <functional>
#include <vector>

#include "sharelens/session.h"
#include "sharelens/trainer.h"

class QChart;
class QPalette;
class QChartView;
class QLineSeries;
class QSpinBox;
class QDoubleSpinBox;
class QGridLayout;
class QTableWidget;
class QValueAxis;

namespace sharelens::widgets {

// At most `maxPoints` points for a series of `points` (x increasing): each
// of maxPoints/2 buckets of consecutive points keeps its minimum and maximum
// in x order, so spikes survive. Fewer points are returned unchanged.
QList<QPointF> decimatePoints(const std::vector<QPointF>& points, int maxPoints);

// Legends in a slightly smaller font, so three charts side by side keep
// their series names whole.
void compactLegend(QChart* chart);

// Colours a chart from a palette (background, title, legend, axis labels,
// titles, lines and grid), so charts follow a dark theme; followPalette
// does it again whenever the view's palette changes.
void applyChartPalette(QChart* chart, const QPalette& palette);
void followPalette(QChartView* view);

// Writes what a chart view shows as a figure (PNG, SVG or PDF by the file
// name) in light colours on white whatever the theme, at least 480 x 300;
// false and a sentence on failure.
bool exportChartView(QChartView* view, const QString& path, QString* error);

// A chart view under a row holding `extra` (may be null) and an "Export"
// button (object name `buttonName`) whose menu calls exportFn(false) for a
// figure and exportFn(true) for the data.
QWidget* chartWithExport(QChartView* view, QWidget* extra, const QString& buttonName, QObject* context,
                         const std::function<void(bool data)>& exportFn);

// The live charts of a fine-tune that trains two runs on the same batches
// (the baseline or the unshared agents, and the shared model or system):
// loss (training, and validation dashed), speed and memory (model state,
// and peak resident memory on a right axis), side by side. Records come in
// as step and validation records of either run; points are kept whole and
// decimated for drawing. A distilled shared run's loss components
// (cross-entropy, KL, hidden-state MSE) go to a fourth chart, DistillChart,
// below the others, shown once such records arrive (not counted in
// ChartCount: a run without distillation has no such chart).
class TrainingChartsPanel : public QWidget {
    Q_OBJECT
public:
    enum Chart { LossChart, SpeedChart, MemoryChart, ChartCount, DistillChart = ChartCount };
    static constexpr int kMaxChartPoints = 2000;

    // runNames: the legend names of the two runs (baseline first). The
    // charts fill a grid of `columns` columns in the order above; grid()
    // takes more widgets in the free cells.
    explicit TrainingChartsPanel(const QStringList& runNames, int columns = ChartCount, QWidget* parent = nullptr);
    QGridLayout* grid() const { return m_grid; }

    // Empties every series; the x axes span `steps`.
    void clear(int steps);
    // Adds the records' steps and (system) validation losses, then redraws.
    void addRecords(const std::vector<std::pair<sharelens::PairRun, sharelens::StepRecord>>& steps,
                    const std::vector<std::pair<sharelens::PairRun, sharelens::EvalRecord>>& evals);

    QChartView* chartView(Chart chart) const { return m_charts[size_t(chart)].view; }
    // True while the distillation chart is shown (a distilled run's records arrived).
    bool distillShown() const { return m_distillShown; }
    // The chart with its export button, for a layout.
    QWidget* chartBox(Chart chart) const { return m_boxes[size_t(chart)]; }
    const std::vector<QPointF>& seriesData(Chart chart, int series) const {
        return m_charts[size_t(chart)].data[size_t(series)];
    }
    int seriesCount(Chart chart) const { return static_cast<int>(m_charts[size_t(chart)].series.size()); }
    QLineSeries* series(Chart chart, int index) const { return m_charts[size_t(chart)].series[size_t(index)]; }

    // The figure format comes from the extension (.png, .svg, .pdf). On
    // failure return false with a sentence in *error.
    bool exportChart(Chart chart, const QString& path, QString* error) const;
    bool exportChartCsv(Chart chart, const QString& path, QString* error) const;

    // Asks where to save chart `name`'s data (CSV, `data`) or figure (PNG,
    // SVG, PDF), calls `write(path, data, &error)` and shows a failure in a
    // message box. Also used by the fine-tune view for its budget chart.
    static void askAndExport(QWidget* parent, const QString& name, bool data,
                             const std::function<bool(const QString&, bool, QString*)>& write);

private:
    struct ChartState {
        QChartView* view = nullptr;
        QChart* chart = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
        QValueAxis* y2 = nullptr; // right axis, for the last series when set
        std::vector<QLineSeries*> series;
        std::vector<std::vector<QPointF>> data;
        QStringList ids;     // CSV names of the series
        QString valueColumn; // CSV name of the value
        double displayScale = 1.0;
        bool zeroBased = false; // the value axes start at zero (bytes, speed)
        bool dirty = false;
    };
    void buildChart(Chart chart, const QString& title, const QString& yTitle, const QStringList& names,
                    const QStringList& ids, const QString& valueColumn, double displayScale,
                    const QString& y2Title = QString());
    void addPoint(Chart chart, int series, double x, double y, bool keepMax = false);
    void refresh();
    void exportInteractive(Chart chart, bool data);

    void buildDistillChart(int columns);

    std::array<ChartState, ChartCount + 1> m_charts;
    std::array<QWidget*, ChartCount + 1> m_boxes{};
    bool m_distillShown = false;
    QGridLayout* m_grid = nullptr;
};

// The "Training" settings of a fine-tune: steps, batch, sequence length,
// learning rate and seed. Object names are `prefix` + Steps, Batch, SeqLen,
// LearningRate, Seed (e.g. finetuneSteps).
class TrainingSettingsBox : public QGroupBox {
    Q_OBJECT
public:
    explicit TrainingSettingsBox(const QString& prefix, QWidget* parent = nullptr);
    QSpinBox* steps() const { return m_steps; }
    QSpinBox* batch() const { return m_batch; }
    QSpinBox* seqLen() const { return m_seqLen; }
    QDoubleSpinBox* learningRate() const { return m_lr; }
    QSpinBox* seed() const { return m_seed; }
    // Enables or disables the fields (not the box's title).
    void setFieldsEnabled(bool enabled);

private:
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_seqLen = nullptr;
    QDoubleSpinBox* m_lr = nullptr;
    QSpinBox* m_seed = nullptr;
};

// The table of a fine-tune's two runs: run, validation loss before and
// after, parameters, model state, mean tokens/s (one row per run name).
// Compact headers take less width (for a narrow place).
QTableWidget* makeRunTable(const QString& objectName, const QStringList& runNames, bool compactHeaders = false);
// Fills one row from a run's summary; clearRunTable empties every value.
void setRunRow(QTableWidget* table, int row, const QString& name, const sharelens::SessionSystemSummary& summary);
void clearRunTable(QTableWidget* table);
// A loss for a table: 4 decimals, or "—" when negative (not evaluated).
QString lossText(double loss);

} // namespace sharelens::widgets
