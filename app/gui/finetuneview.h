#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

#include "finetunejob.h"
#include "trainingcharts.h"
#include "sharelens/plan.h"
#include "sharelens/session.h"

class QCheckBox;
class QChart;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QScatterSeries;
class QScrollArea;
class QSpinBox;
class QTableWidget;
class QValueAxis;

namespace sharelens {
class Model;
}

namespace sharelens::app {

class WorkerProgressTable;

// The fine-tune panel: trains the baseline and the shared model of the
// current sharing plan in the background (FinetuneRunner) with live charts
// of loss, speed and memory, a results table, and exports.
class FinetuneView : public QWidget {
    Q_OBJECT
public:
    // The live charts (LossChart..MemoryChart, ChartCount of them) and the
    // chart of validation loss against parameters or bytes that a finished
    // run fills (BudgetChart).
    enum Chart {
        LossChart = widgets::TrainingChartsPanel::LossChart,
        SpeedChart = widgets::TrainingChartsPanel::SpeedChart,
        MemoryChart = widgets::TrainingChartsPanel::MemoryChart,
        ChartCount = widgets::TrainingChartsPanel::ChartCount,
        BudgetChart = ChartCount
    };
    static constexpr int kMaxChartPoints = widgets::TrainingChartsPanel::kMaxChartPoints;

    explicit FinetuneView(QWidget* parent = nullptr);
    ~FinetuneView() override;

    void setModel(std::shared_ptr<const sharelens::Model> model);
    void setPlan(const sharelens::SharingPlan& plan);
    bool hasPlan() const { return !m_plan.groups.empty(); }

    void start();
    void cancel();
    void setPaused(bool paused);
    bool isRunning() const;
    bool isPaused() const;
    FinetuneRunner* runner() const { return m_runner; }

    // Text from a file instead of the built-in sample (empty = built-in).
    void setTextFile(const QString& path);

    QChartView* chartView(Chart chart) const { return m_charts->chartView(live(chart)); }
    // All points received for one series of a chart (undecimated).
    const std::vector<QPointF>& seriesData(Chart chart, int series) const {
        return m_charts->seriesData(live(chart), series);
    }
    int seriesCount(Chart chart) const { return m_charts->seriesCount(live(chart)); }
    QLineSeries* series(Chart chart, int index) const { return m_charts->series(live(chart), index); }
    widgets::TrainingChartsPanel* charts() const { return m_charts; }
    QTableWidget* resultsTable() const { return m_results; }
    // The memory estimate of the chosen mode shown next to Start, and
    // whether it fits in the available memory (Start is disabled when not).
    QLabel* estimateLabel() const { return m_estimate; }
    bool estimateFits() const { return m_estimateFits; }
    // The request Start would run, from the panel's settings.
    FinetuneRequest currentRequest() const;
    // The comparison at the same budget of the last finished run.
    QTableWidget* budgetTable() const { return m_budgetTable; }
    QChartView* budgetView() const { return m_budgetView; }
    const std::vector<sharelens::BudgetPoint>& budget() const { return m_budget; }
    QScatterSeries* budgetSeries(int index) const { return m_budgetSeries[size_t(index)]; }
    int budgetSeriesCount() const { return static_cast<int>(m_budgetSeries.size()); }
    // The last run as the session keeps it (settings, every record, the
    // comparison); empty records before any run finished.
    const sharelens::SessionRun& lastRun() const { return m_run; }
    // The shared model the last run trained (null before a run finished, and
    // for a run restored from a session file: models are not saved in it).
    std::shared_ptr<const sharelens::Model> trainedShared() const { return m_trainedShared; }
    // Shows a saved run: its settings in the panel, its records in the
    // charts, its results and comparison in the tables. Cancels a running job.
    void restoreRun(const sharelens::SessionRun& run);
    // The Workers setting (local worker processes; 1: in this process).
    void setWorkers(int workers);

    // The budget chart's x axis: unique parameters (false) or bytes (true).
    void setBudgetAxisBytes(bool bytes);
    bool budgetAxisBytes() const { return m_budgetBytes; }

    // Exports; the figure format comes from the extension (.png, .svg,
    // .pdf). On failure return false with a sentence in *error.
    bool exportChart(Chart chart, const QString& path, QString* error);
    bool exportChartCsv(Chart chart, const QString& path, QString* error);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

Q_SIGNALS:
    void workersChanged(int workers);
    void finetuneFinished(const sharelens::app::FinetuneSummary& summary);
    void finetuneFailed(const QString& message, bool cancelled);

private:
    static widgets::TrainingChartsPanel::Chart live(Chart c) { return widgets::TrainingChartsPanel::Chart(c); }
    void buildUi();
    void fitPanelWidth();
    QWidget* buildPanel();
    QWidget* buildSharingBox();
    QWidget* buildTextBox();
    // Lean healing: train scope, baseline run, checkpointing; the memory estimate.
    QWidget* buildLeanBox();
    void updateEstimate();
    QWidget* buildDistillBox();
    void takeRecords(const FinetuneRecords& records);
    void takeSummary(const FinetuneSummary& summary);
    void clearCharts(int steps);
    void updateActions();
    void updatePlanLabel();
    void chooseTextFile();
    void exportInteractive(Chart chart, bool data);
    QWidget* buildBudgetBox();
    void refreshBudget();
    void showSummary(const FinetuneSummary& summary);
    void setBudgetWindows(int windows);

    std::shared_ptr<const sharelens::Model> m_model;
    sharelens::SharingPlan m_plan;
    FinetuneRunner* m_runner = nullptr;
    widgets::TrainingChartsPanel* m_charts = nullptr;
    QElapsedTimer m_trainTimer;
    std::vector<sharelens::BudgetPoint> m_budget;
    sharelens::SessionRun m_run; // settings and records of the current / last run
    std::shared_ptr<const sharelens::Model> m_trainedShared;
    bool m_budgetBytes = false;
    QChartView* m_budgetView = nullptr;
    QChart* m_budgetChart = nullptr;
    QValueAxis* m_budgetX = nullptr;
    QValueAxis* m_budgetY = nullptr;
    std::vector<QScatterSeries*> m_budgetSeries;
    QTableWidget* m_budgetTable = nullptr;
    QComboBox* m_budgetAxis = nullptr;
    int m_stepsTotal = 0;

    QScrollArea* m_panelScroll = nullptr;
    QLabel* m_planLabel = nullptr;
    widgets::TrainingSettingsBox* m_training = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_seqLen = nullptr;
    QDoubleSpinBox* m_lr = nullptr;
    QComboBox* m_init = nullptr;
    QComboBox* m_compute = nullptr; // float32 or bfloat16 matrix products
    QSpinBox* m_workers = nullptr;  // local worker processes (1: in this process)
    WorkerProgressTable* m_workerRows = nullptr;
    QCheckBox* m_privateNorms = nullptr;
    QSpinBox* m_deltaRank = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_distill = nullptr;                 // object name finetuneDistill
    QDoubleSpinBox* m_distillTemperature = nullptr; // finetuneDistillTemperature
    QRadioButton* m_builtinText = nullptr;
    QRadioButton* m_fileText = nullptr;
    QLineEdit* m_filePath = nullptr;
    QPushButton* m_browse = nullptr;
    QPushButton* m_startButton = nullptr;
    QPushButton* m_pauseButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_stage = nullptr;
    QTableWidget* m_results = nullptr;
    QComboBox* m_trainScope = nullptr;
    QCheckBox* m_runBaseline = nullptr;
    QCheckBox* m_checkpointing = nullptr;
    QLabel* m_estimate = nullptr;
    bool m_estimateFits = true;
    bool m_baselineTrained = true; // of the run shown
};

} // namespace sharelens::app
