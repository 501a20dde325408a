#include "runsview.h"

#include "colormap.h"
#include "document.h"
#include "trainingcharts.h"

#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sharelens::app {

namespace {

double meanSpeed(const TrainResult& r) {
    if (r.steps.empty()) return 0;
    double sum = 0;
    for (const auto& s : r.steps) sum += s.tokensPerSecond;
    return sum / static_cast<double>(r.steps.size());
}

// "a / b" of two losses ("—" for one not evaluated).
QString lossPair(double a, double b) { return widgets::lossText(a) + QStringLiteral(" / ") + widgets::lossText(b); }

QString runName(int index) { return RunsView::tr("Run %1").arg(index + 1); }

} // namespace

RunsView::RunFigures RunsView::figures(const SessionRun& run) {
    RunFigures f;
    if (!run.baseline.steps.empty()) f.trainBaseline = run.baseline.steps.back().loss;
    if (!run.shared.steps.empty()) f.trainShared = run.shared.steps.back().loss;
    if (!run.baseline.evals.empty()) f.valBaseline = run.baseline.evals.back().loss;
    if (!run.shared.evals.empty()) f.valShared = run.shared.evals.back().loss;
    f.tpsBaseline = meanSpeed(run.baseline);
    f.tpsShared = meanSpeed(run.shared);
    for (const TrainResult* r : {&run.baseline, &run.shared})
        for (const auto& s : r->steps) {
            f.peakRss = std::max(f.peakRss, s.peakRssBytes);
            f.stepsDone = std::max(f.stepsDone, s.step);
        }
    return f;
}

RunsView::RunsView(QWidget* parent) : QWidget(parent) {
    m_table = new QTableWidget(0, Columns);
    m_table->setObjectName(QStringLiteral("runsTable"));
    const QStringList headers{tr("Run"),
                              tr("Settings"),
                              tr("Steps"),
                              tr("Training loss\nbaseline / shared"),
                              tr("Validation loss\nbaseline / shared"),
                              tr("Mean tokens/s\nbaseline / shared"),
                              tr("Peak RSS"),
                              tr("Status")};
    const QStringList tips{
        tr("Runs in the order they finished; choose one, or two to overlay (Ctrl+click)."),
        tr("Batch, sequence length, learning rate, initialisation of the shared groups, seed and text."),
        tr("Steps run of the steps asked for."),
        tr("Training loss at the last step."),
        tr("Validation loss after the last step, on the run's fixed validation windows."),
        tr("Mean training speed over the steps."),
        tr("The highest resident memory of the process during the run."),
        tr("Completed, or why the run stopped.")};
    m_table->setHorizontalHeaderLabels(headers);
    for (int c = 0; c < Columns; ++c) m_table->horizontalHeaderItem(c)->setToolTip(tips[c]);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SettingsCol, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(40);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsView::takeTableSelection);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row) { Q_EMIT showRunRequested(row); });

    m_empty = new QLabel(tr("No fine-tune has finished in this session yet. Every run that finishes (or is "
                            "stopped) is listed here and saved with the session."));
    m_empty->setObjectName(QStringLiteral("runsEmpty"));
    m_empty->setWordWrap(true);

    buildCharts();
    auto* charts = new QWidget;
    auto* cl = new QHBoxLayout(charts);
    cl->setContentsMargins(0, 0, 0, 0);
    for (QChartView* v : m_views) cl->addWidget(v, 1);

    auto* top = new QWidget;
    auto* tl = new QVBoxLayout(top);
    tl->setContentsMargins(0, 0, 0, 0);
    tl->addWidget(m_empty);
    tl->addWidget(m_table, 1);
    tl->addWidget(buildChooser());
    auto* split = new QSplitter(Qt::Vertical);
    split->setChildrenCollapsible(false);
    split->addWidget(top);
    split->addWidget(charts);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);
    reload();
}

QWidget* RunsView::buildChooser() {
    auto* row = new QWidget;
    auto* l = new QHBoxLayout(row);
    l->setContentsMargins(0, 0, 0, 0);
    m_chooseA = new QComboBox;
    m_chooseA->setObjectName(QStringLiteral("runsCompareA"));
    m_chooseB = new QComboBox;
    m_chooseB->setObjectName(QStringLiteral("runsCompareB"));
    m_chooseA->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_chooseB->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    const auto chosen = [this] {
        if (!m_syncing) setCompared(m_chooseA->currentData().toInt(), m_chooseB->currentData().toInt());
    };
    connect(m_chooseA, &QComboBox::currentIndexChanged, this, chosen);
    connect(m_chooseB, &QComboBox::currentIndexChanged, this, chosen);
    m_show = new QPushButton(tr("Show in Fine-tune Tab"));
    m_show->setObjectName(QStringLiteral("runsShowButton"));
    m_show->setToolTip(tr("Puts run A's settings, charts and tables back into the Fine-tune tab."));
    connect(m_show, &QPushButton::clicked, this, [this] {
        if (m_a >= 0) Q_EMIT showRunRequested(m_a);
    });
    l->addWidget(new QLabel(tr("Overlay run A (solid):")));
    l->addWidget(m_chooseA);
    l->addWidget(new QLabel(tr("with run B (dashed):")));
    l->addWidget(m_chooseB);
    l->addStretch();
    l->addWidget(m_show);
    return row;
}

void RunsView::buildCharts() {
    const std::array<QString, ChartCount> titles{tr("Training loss"), tr("Speed")};
    const std::array<QString, ChartCount> yTitles{tr("Loss (nats)"), tr("Tokens per second")};
    for (int c = 0; c < ChartCount; ++c) {
        auto* chart = new QChart;
        chart->setLocalizeNumbers(true);
        chart->setLocale(QLocale());
        chart->setTitle(titles[size_t(c)]);
        chart->setMargins(QMargins(4, 4, 4, 4));
        chart->legend()->setAlignment(Qt::AlignBottom);
        // The legend draws each series' own line, so dashed run B shows as dashed.
        chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
        widgets::compactLegend(chart);
        auto* x = new QValueAxis;
        x->setTitleText(tr("Step"));
        x->setLabelFormat(QStringLiteral("%.0f")); // "%d" prints nothing with localized numbers
        auto* y = new QValueAxis;
        y->setTitleText(yTitles[size_t(c)]);
        y->setLabelFormat(c == LossChart ? QStringLiteral("%.2f") : QStringLiteral("%.0f"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (int s = 0; s < SeriesCount; ++s) {
            auto* series = new QLineSeries;
            QPen pen(widgets::methodColor(s % 2 ? QStringLiteral("shared") : QStringLiteral("baseline")));
            pen.setWidthF(2.0);
            pen.setStyle(s < BBaseline ? Qt::SolidLine : Qt::DashLine);
            series->setPen(pen);
            chart->addSeries(series);
            series->attachAxis(x);
            series->attachAxis(y);
            m_series[size_t(c)][size_t(s)] = series;
        }
        auto* view = new QChartView(chart);
        view->setObjectName(QStringLiteral("runsChart%1").arg(c));
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(300, 200);
        widgets::followPalette(view); // readable in the dark theme
        m_charts[size_t(c)] = chart;
        m_views[size_t(c)] = view;
        m_x[size_t(c)] = x;
        m_y[size_t(c)] = y;
    }
}

void RunsView::setDocument(Document* document) {
    if (m_document) disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) connect(m_document, &Document::runsChanged, this, &RunsView::reload);
    reload();
}

// The document's runs into the table; a new run is compared with the one
// before it (the last two), the choice kept while the runs stay the same.
void RunsView::reload() {
    const size_t before = m_runs.size();
    m_runs = m_document ? m_document->session().runs : std::vector<SessionRun>{};
    const int n = runCount();
    m_table->setRowCount(n);
    for (int r = 0; r < n; ++r) fillRow(r, m_runs[size_t(r)]);
    m_empty->setVisible(n == 0);
    m_table->setVisible(n > 0);
    fillChoosers();
    if (m_runs.size() != before || m_a >= n || m_b >= n)
        setCompared(n >= 2 ? n - 2 : n - 1, n >= 2 ? n - 1 : -1);
    else
        setCompared(m_a, m_b);
}

void RunsView::fillRow(int row, const SessionRun& run) {
    const QLocale loc;
    const RunFigures f = figures(run);
    QString settings = tr("batch %1 · %2 tokens · lr %3 · seed %4")
                           .arg(run.batchSize)
                           .arg(run.seqLen)
                           .arg(loc.toString(run.learningRate, 'g', 3))
                           .arg(run.seed);
    if (!run.init.empty()) settings += tr(" · init %1").arg(QString::fromStdString(run.init));
    if (run.privateNorms) settings += tr(" · private norms");
    if (run.deltaRank > 0) settings += tr(" · delta rank %1").arg(run.deltaRank);
    settings += run.textPath.empty() ? tr(" · built-in text")
                                     : tr(" · %1").arg(QFileInfo(QString::fromStdString(run.textPath)).fileName());
    const QString status = run.stopReason.empty() ? tr("Completed") : QString::fromStdString(run.stopReason);
    const QStringList cells{runName(row),
                            settings,
                            tr("%1 of %2").arg(loc.toString(f.stepsDone), loc.toString(run.steps)),
                            lossPair(f.trainBaseline, f.trainShared),
                            lossPair(f.valBaseline, f.valShared),
                            loc.toString(f.tpsBaseline, 'f', 0) + QStringLiteral(" / ") +
                                loc.toString(f.tpsShared, 'f', 0),
                            f.peakRss ? loc.formattedDataSize(static_cast<qint64>(f.peakRss)) : QStringLiteral("—"),
                            status};
    for (int c = 0; c < Columns; ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c != RunCol && c != SettingsCol && c != StatusCol)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (c == SettingsCol || c == StatusCol) item->setToolTip(cells[c]);
        m_table->setItem(row, c, item);
    }
}

void RunsView::fillChoosers() {
    m_syncing = true;
    m_chooseA->clear();
    m_chooseB->clear();
    m_chooseB->addItem(tr("(none)"), -1);
    for (int r = 0; r < runCount(); ++r) {
        m_chooseA->addItem(runName(r), r);
        m_chooseB->addItem(runName(r), r);
    }
    m_syncing = false;
}

void RunsView::setCompared(int a, int b) {
    const int n = runCount();
    m_a = a >= 0 && a < n ? a : -1;
    m_b = b >= 0 && b < n && b != m_a ? b : -1;
    m_syncing = true;
    m_chooseA->setCurrentIndex(std::max(0, m_chooseA->findData(m_a)));
    m_chooseB->setCurrentIndex(std::max(0, m_chooseB->findData(m_b)));
    // The table selects the runs compared.
    {
        const QSignalBlocker block(m_table->selectionModel());
        m_table->clearSelection();
        for (int r : {m_a, m_b})
            if (r >= 0)
                m_table->selectionModel()->select(m_table->model()->index(r, 0),
                                                  QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    m_syncing = false;
    m_chooseA->setEnabled(n > 0);
    m_chooseB->setEnabled(n > 1);
    m_show->setEnabled(m_a >= 0);
    refreshCharts();
}

// Selecting one row makes it run A (B stays when it is another run);
// selecting two overlays them, the first as A.
void RunsView::takeTableSelection() {
    if (m_syncing) return;
    std::vector<int> rows;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows()) rows.push_back(i.row());
    std::sort(rows.begin(), rows.end());
    if (rows.empty()) return;
    if (rows.size() == 1)
        setCompared(rows[0], m_b == rows[0] ? m_a : m_b);
    else
        setCompared(rows[0], rows[1]);
}

void RunsView::refreshCharts() {
    const double inf = std::numeric_limits<double>::infinity();
    for (int c = 0; c < ChartCount; ++c) {
        double xhi = 1, ylo = inf, yhi = -inf;
        for (int s = 0; s < SeriesCount; ++s) {
            const int run = s < BBaseline ? m_a : m_b;
            QLineSeries* series = m_series[size_t(c)][size_t(s)];
            std::vector<QPointF> points;
            if (run >= 0) {
                const SessionRun& r = m_runs[size_t(run)];
                for (const auto& st : (s % 2 ? r.shared : r.baseline).steps) {
                    const double y = c == LossChart ? st.loss : st.tokensPerSecond;
                    if (!std::isfinite(y)) continue;
                    points.emplace_back(st.step, y);
                    xhi = std::max(xhi, double(st.step));
                    ylo = std::min(ylo, y);
                    yhi = std::max(yhi, y);
                }
            }
            series->replace(widgets::decimatePoints(points, widgets::TrainingChartsPanel::kMaxChartPoints));
            // The legend's line samples are too short to show dashes: B says so.
            const QString model = s % 2 ? tr("shared") : tr("baseline");
            series->setName(run < 0         ? QString()
                            : s < BBaseline ? tr("%1 %2").arg(runName(run), model)
                                            : tr("%1 %2 (dashed)").arg(runName(run), model));
            series->setVisible(run >= 0);
        }
        m_x[size_t(c)]->setRange(0, xhi);
        if (std::isfinite(ylo)) {
            const double lo = c == SpeedChart ? 0.0 : ylo;
            const double pad = yhi > lo ? 0.05 * (yhi - lo) : 0.1;
            m_y[size_t(c)]->setRange(c == SpeedChart ? 0.0 : std::max(0.0, lo - pad), yhi + pad);
            m_y[size_t(c)]->applyNiceNumbers();
        } else {
            m_y[size_t(c)]->setRange(0, 1);
        }
        // The legend lists only the series shown.
        const auto markers = m_charts[size_t(c)]->legend()->markers();
        for (QLegendMarker* marker : markers) marker->setVisible(marker->series()->isVisible());
    }
}

void RunsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) reload();
    QWidget::changeEvent(event);
}

} // namespace sharelens::app
