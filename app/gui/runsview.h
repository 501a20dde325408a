#pragma once

#include <QWidget>

#include <array>
#include <vector>

#include "sharelens/session.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QPushButton;
class QTableWidget;
class QValueAxis;

namespace sharelens::app {

class Document;

// The session's finished fine-tunes side by side. A table lists every run
// (its settings, the steps it ran, the final training and validation losses
// of the baseline and the shared model, their mean tokens/s, the peak
// resident memory, how it ended); two runs chosen in it (or in the two
// choosers) are overlaid in a loss chart and a speed chart, run A solid and
// run B dashed, the baseline and the shared model in the methods' colours.
// The runs are the document's, so they are saved in the session file and
// listed again when it is reopened. "Show in Fine-tune Tab" asks for the
// chosen run to be put back into the fine-tune panel (showRunRequested).
class RunsView : public QWidget {
    Q_OBJECT
public:
    enum Chart { LossChart, SpeedChart, ChartCount };
    // The series of each chart, in this order.
    enum Series { ABaseline, AShared, BBaseline, BShared, SeriesCount };
    enum Column { RunCol, SettingsCol, StepsCol, TrainLossCol, ValLossCol, SpeedCol, PeakRssCol, StatusCol, Columns };

    explicit RunsView(QWidget* parent = nullptr);

    // The document whose runs are listed (not owned); follows its changes.
    void setDocument(Document* document);

    QTableWidget* table() const { return m_table; }
    int runCount() const { return static_cast<int>(m_runs.size()); }
    // The runs overlaid: indices into the session's runs (-1: none).
    void setCompared(int a, int b);
    int runA() const { return m_a; }
    int runB() const { return m_b; }
    QChartView* chartView(Chart chart) const { return m_views[size_t(chart)]; }
    QLineSeries* series(Chart chart, Series s) const { return m_series[size_t(chart)][size_t(s)]; }

    // The numbers a row shows, for tests and the table: training loss is the
    // last step's, validation loss the last evaluation's (negative when none),
    // speed the mean over the steps, peak RSS the highest of either model.
    struct RunFigures {
        double trainBaseline = -1, trainShared = -1;
        double valBaseline = -1, valShared = -1;
        double tpsBaseline = 0, tpsShared = 0;
        uint64_t peakRss = 0;
        int stepsDone = 0;
    };
    static RunFigures figures(const sharelens::SessionRun& run);

Q_SIGNALS:
    void showRunRequested(int index);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildCharts();
    QWidget* buildChooser();
    void reload();
    void fillRow(int row, const sharelens::SessionRun& run);
    void fillChoosers();
    void refreshCharts();
    void takeTableSelection();

    Document* m_document = nullptr;
    std::vector<sharelens::SessionRun> m_runs;
    int m_a = -1, m_b = -1;
    QTableWidget* m_table = nullptr;
    QComboBox* m_chooseA = nullptr;
    QComboBox* m_chooseB = nullptr;
    QPushButton* m_show = nullptr;
    QLabel* m_empty = nullptr;
    std::array<QChart*, ChartCount> m_charts{};
    std::array<QChartView*, ChartCount> m_views{};
    std::array<QValueAxis*, ChartCount> m_x{}, m_y{};
    std::array<std::array<QLineSeries*, SeriesCount>, ChartCount> m_series{};
    bool m_syncing = false;
};

} // namespace sharelens::app
