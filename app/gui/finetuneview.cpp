#include "finetuneview.h"

#include "paths.h"
#include "sharelens/model.h"
#include "figures.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sharelens::app {

QList<QPointF> decimatePoints(const std::vector<QPointF>& points, int maxPoints) {
    QList<QPointF> out;
    const size_t n = points.size();
    if (maxPoints < 2 || n <= size_t(maxPoints)) {
        out.reserve(qsizetype(n));
        for (const auto& p : points) out.append(p);
        return out;
    }
    const size_t buckets = size_t(maxPoints) / 2;
    out.reserve(qsizetype(buckets * 2));
    for (size_t b = 0; b < buckets; ++b) {
        const size_t lo = b * n / buckets, hi = (b + 1) * n / buckets;
        if (lo >= hi) continue;
        size_t mn = lo, mx = lo;
        for (size_t i = lo; i < hi; ++i) {
            if (points[i].y() < points[mn].y()) mn = i;
            if (points[i].y() > points[mx].y()) mx = i;
        }
        if (mn == mx) {
            out.append(points[mn]);
        } else {
            out.append(points[std::min(mn, mx)]);
            out.append(points[std::max(mn, mx)]);
        }
    }
    return out;
}

namespace {

enum ResultColumn { RunCol, ValBeforeCol, ValAfterCol, ParamsCol, StateCol, TpsCol, ResultColumns };

QString lossText(double v) { return v < 0 ? QStringLiteral("—") : QLocale().toString(v, 'f', 4); }

// Legends in a slightly smaller font, so three charts side by side keep
// their series names whole.
void compactLegend(QChart* chart) {
    QFont f = chart->legend()->font();
    f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.85));
    chart->legend()->setFont(f);
}

} // namespace

FinetuneView::FinetuneView(QWidget* parent) : QWidget(parent), m_runner(new FinetuneRunner(this)) {
    buildUi();
    connect(m_runner, &FinetuneRunner::records, this, &FinetuneView::takeRecords);
    connect(m_runner, &FinetuneRunner::finished, this, &FinetuneView::takeSummary);
    connect(m_runner, &FinetuneRunner::failed, this, [this](const QString& message, bool cancelled) {
        m_stage->setText(cancelled ? message : tr("The fine-tune failed: %1").arg(message));
        Q_EMIT finetuneFailed(message, cancelled);
    });
    connect(m_runner, &FinetuneRunner::runningChanged, this, [this] { updateActions(); });
    connect(m_runner, &FinetuneRunner::pausedChanged, this, [this](bool paused) {
        m_pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
        if (paused) m_stage->setText(tr("Paused at step %1 of %2").arg(m_progress->value()).arg(m_stepsTotal));
        updateActions();
    });
    updateActions();
}

FinetuneView::~FinetuneView() { m_runner->cancel(); }

void FinetuneView::buildUi() {
    auto* top = new QHBoxLayout(this);
    auto* scroll = new QScrollArea;
    scroll->setWidget(buildPanel());
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_panelScroll = scroll;
    fitPanelWidth();
    top->addWidget(scroll);

    buildChart(LossChart, tr("Loss"), tr("Loss (nats)"),
               {tr("Baseline"), tr("Shared"), tr("Baseline val."), tr("Shared val.")},
               {QStringLiteral("baseline_train"), QStringLiteral("shared_train"),
                QStringLiteral("baseline_validation"), QStringLiteral("shared_validation")},
               QStringLiteral("loss"), 1.0);
    buildChart(SpeedChart, tr("Speed"), tr("Tokens per second"), {tr("Baseline"), tr("Shared")},
               {QStringLiteral("baseline"), QStringLiteral("shared")}, QStringLiteral("tokens_per_s"), 1.0);
    // Model state is a few MiB for a small model, the process hundreds:
    // peak resident memory gets its own axis on the right.
    buildChart(MemoryChart, tr("Memory"), tr("Model state (MiB)"),
               {tr("Baseline"), tr("Shared"), tr("Peak RSS (right)")},
               {QStringLiteral("baseline_model_state"), QStringLiteral("shared_model_state"),
                QStringLiteral("peak_rss")},
               QStringLiteral("bytes"), 1.0 / (1024.0 * 1024.0), tr("Peak resident (MiB)"));
    m_charts[LossChart].y->setLabelFormat(QStringLiteral("%.2f"));
    m_charts[SpeedChart].y->setLabelFormat(QStringLiteral("%.0f"));
    m_charts[MemoryChart].y->setLabelFormat(QStringLiteral("%.1f"));
    m_charts[MemoryChart].y2->setLabelFormat(QStringLiteral("%.0f"));
    m_charts[SpeedChart].zeroBased = true;
    m_charts[MemoryChart].zeroBased = true;
    // Validation: the run's colour, dashed, with its few points shown.
    for (int s : {2, 3}) {
        QLineSeries* v = m_charts[LossChart].series[size_t(s)];
        v->setPointsVisible(true);
        QPen pen = v->pen();
        pen.setColor(m_charts[LossChart].series[size_t(s - 2)]->color());
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(2.0);
        v->setPen(pen);
    }

    m_results = new QTableWidget(2, ResultColumns);
    m_results->setObjectName(QStringLiteral("finetuneResults"));
    m_results->setHorizontalHeaderLabels({tr("Run"), tr("Validation loss\nbefore"), tr("Validation loss\nafter"),
                                          tr("Parameters"), tr("Model state"), tr("Mean\ntokens/s")});
    m_results->verticalHeader()->hide();
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_results->horizontalHeader()->setSectionResizeMode(RunCol, QHeaderView::ResizeToContents);
    m_results->setWordWrap(false);
    m_results->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* grid = new QGridLayout;
    auto chartBox = [this](Chart c, QWidget* view, QWidget* extra) {
        auto* box = new QWidget;
        auto* l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(0);
        auto* exportButton = new QToolButton;
        exportButton->setObjectName(QStringLiteral("exportChart%1").arg(int(c)));
        exportButton->setText(tr("Export"));
        exportButton->setPopupMode(QToolButton::InstantPopup);
        auto* menu = new QMenu(exportButton);
        menu->addAction(tr("Figure (PNG, SVG, PDF)…"), this, [this, c] { exportInteractive(c, false); });
        menu->addAction(tr("Data (CSV)…"), this, [this, c] { exportInteractive(c, true); });
        exportButton->setMenu(menu);
        auto* row = new QHBoxLayout;
        if (extra) row->addWidget(extra);
        row->addStretch();
        row->addWidget(exportButton);
        l->addLayout(row);
        l->addWidget(view, 1);
        return box;
    };
    m_results->setItem(0, RunCol, new QTableWidgetItem(tr("Baseline")));
    m_results->setItem(1, RunCol, new QTableWidgetItem(tr("Shared")));
    grid->addWidget(chartBox(LossChart, m_charts[LossChart].view, nullptr), 0, 0);
    grid->addWidget(chartBox(SpeedChart, m_charts[SpeedChart].view, nullptr), 0, 1);
    grid->addWidget(chartBox(MemoryChart, m_charts[MemoryChart].view, nullptr), 0, 2);
    QWidget* budget = buildBudgetBox();
    grid->addWidget(chartBox(BudgetChart, m_budgetView, m_budgetAxis), 1, 0);
    auto* resultsBox = new QGroupBox(tr("Results"));
    auto* rl = new QVBoxLayout(resultsBox);
    rl->addWidget(m_results);
    // Two rows: as tall as they need, the comparison below gets the rest.
    m_results->setMaximumHeight(m_results->horizontalHeader()->sizeHint().height() +
                                2 * m_results->verticalHeader()->defaultSectionSize() + 2 * m_results->frameWidth() + 2);
    rl->addWidget(new QLabel(tr("At the same budget, on the same validation text:")));
    rl->addWidget(budget);
    grid->addWidget(resultsBox, 1, 1, 1, 2);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    for (int c = 0; c < 3; ++c) grid->setColumnStretch(c, 1);
    top->addLayout(grid, 1);
    clearCharts(m_steps->value());
}

namespace {

enum BudgetColumn { BudgetMethodCol, BudgetParamsCol, BudgetBytesCol, BudgetLossCol, BudgetPplCol, BudgetColumns };

// What a budget method id means, for people.
QString budgetMethodName(const std::string& method) {
    if (method == "baseline") return FinetuneView::tr("Baseline, fine-tuned");
    if (method == "shared") return FinetuneView::tr("Shared, fine-tuned");
    if (method == "remove-shared-layers") return FinetuneView::tr("Plan's layers removed");
    if (method == "int8") return FinetuneView::tr("int8 weights");
    if (method.rfind("drop-last-", 0) == 0)
        return FinetuneView::tr("Last %1 layers dropped").arg(QString::fromStdString(method.substr(10)));
    return QString::fromStdString(method);
}

// A short name for the chart legend (the table has the long one).
QString budgetMethodShortName(const std::string& method) {
    if (method == "baseline") return FinetuneView::tr("Baseline");
    if (method == "shared") return FinetuneView::tr("Shared");
    if (method == "remove-shared-layers") return FinetuneView::tr("Removed");
    if (method == "int8") return FinetuneView::tr("int8");
    if (method.rfind("drop-last-", 0) == 0)
        return FinetuneView::tr("Last %1 dropped").arg(QString::fromStdString(method.substr(10)));
    return QString::fromStdString(method);
}

} // namespace

// The chart of validation loss against parameters (or bytes) and its table.
// Returns the table; the chart view and the axis chooser are members.
QWidget* FinetuneView::buildBudgetBox() {
    m_budgetChart = new QChart;
    m_budgetChart->setTitle(tr("Validation loss at the same budget"));
    m_budgetChart->legend()->setAlignment(Qt::AlignBottom);
    m_budgetChart->legend()->setShowToolTips(true);
    compactLegend(m_budgetChart);
    m_budgetChart->setMargins(QMargins(4, 4, 4, 4));
    m_budgetX = new QValueAxis;
    m_budgetY = new QValueAxis;
    m_budgetY->setTitleText(tr("Validation loss (nats)"));
    m_budgetY->setLabelFormat(QStringLiteral("%.2f"));
    m_budgetChart->addAxis(m_budgetX, Qt::AlignBottom);
    m_budgetChart->addAxis(m_budgetY, Qt::AlignLeft);
    m_budgetView = new QChartView(m_budgetChart);
    m_budgetView->setObjectName(QStringLiteral("finetuneBudgetChart"));
    m_budgetView->setRenderHint(QPainter::Antialiasing);
    m_budgetView->setMinimumSize(320, 220);
    m_budgetAxis = new QComboBox;
    m_budgetAxis->setObjectName(QStringLiteral("finetuneBudgetAxis"));
    m_budgetAxis->addItem(tr("Against parameters"));
    m_budgetAxis->addItem(tr("Against bytes"));
    connect(m_budgetAxis, &QComboBox::currentIndexChanged, this, [this](int i) { setBudgetAxisBytes(i == 1); });

    m_budgetTable = new QTableWidget(0, BudgetColumns);
    m_budgetTable->setObjectName(QStringLiteral("finetuneBudget"));
    m_budgetTable->setHorizontalHeaderLabels(
        {tr("Method"), tr("Parameters"), tr("Bytes"), tr("Validation\nloss"), tr("Perplexity")});
    m_budgetTable->verticalHeader()->hide();
    m_budgetTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_budgetTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_budgetTable->horizontalHeader()->setSectionResizeMode(BudgetMethodCol, QHeaderView::ResizeToContents);
    m_budgetTable->setWordWrap(false);
    refreshBudget();
    return m_budgetTable;
}

void FinetuneView::setBudgetAxisBytes(bool bytes) {
    m_budgetBytes = bytes;
    if (m_budgetAxis && m_budgetAxis->currentIndex() != int(bytes)) m_budgetAxis->setCurrentIndex(int(bytes));
    refreshBudget();
}

// One scatter series per method (so the legend names them), points from
// m_budget; the table lists the same numbers.
void FinetuneView::refreshBudget() {
    // One series per method, kept while the methods stay the same (the
    // legend keeps its markers), rebuilt when they change.
    bool sameMethods = m_budgetSeries.size() == m_budget.size();
    for (size_t i = 0; sameMethods && i < m_budget.size(); ++i)
        sameMethods = m_budgetSeries[i]->name() == budgetMethodShortName(m_budget[i].method);
    if (!sameMethods) {
        for (QScatterSeries* s : m_budgetSeries) {
            m_budgetChart->removeSeries(s);
            delete s;
        }
        m_budgetSeries.clear();
        for (const auto& p : m_budget) {
            auto* s = new QScatterSeries;
            s->setName(budgetMethodShortName(p.method));
            s->setMarkerSize(11);
            m_budgetChart->addSeries(s);
            s->attachAxis(m_budgetX);
            s->attachAxis(m_budgetY);
            m_budgetSeries.push_back(s);
        }
    }
    const double scale = m_budgetBytes ? 1.0 / (1024.0 * 1024.0) : 1e-6;
    m_budgetX->setTitleText(m_budgetBytes ? tr("Bytes (MiB)") : tr("Parameters (millions)"));
    m_budgetX->setLabelFormat(QStringLiteral("%.2f"));
    const double inf = std::numeric_limits<double>::infinity();
    double xlo = inf, xhi = -inf, ylo = inf, yhi = -inf;
    for (size_t i = 0; i < m_budget.size(); ++i) {
        const auto& p = m_budget[i];
        const double x = (m_budgetBytes ? static_cast<double>(p.bytes) : static_cast<double>(p.parameters)) * scale;
        m_budgetSeries[i]->replace(QList<QPointF>{QPointF(x, p.loss)});
        xlo = std::min(xlo, x);
        xhi = std::max(xhi, x);
        if (std::isfinite(p.loss)) {
            ylo = std::min(ylo, p.loss);
            yhi = std::max(yhi, p.loss);
        }
    }
    if (std::isfinite(xlo)) {
        m_budgetX->setRange(0, xhi * 1.08);
        m_budgetX->applyNiceNumbers();
        const double pad = yhi > ylo ? 0.08 * (yhi - ylo) : 0.1;
        m_budgetY->setRange(std::max(0.0, ylo - pad), yhi + pad);
        m_budgetY->applyNiceNumbers();
    } else {
        m_budgetX->setRange(0, 1);
        m_budgetY->setRange(0, 1);
    }

    const QLocale loc;
    m_budgetTable->setRowCount(static_cast<int>(m_budget.size()));
    for (int r = 0; r < static_cast<int>(m_budget.size()); ++r) {
        const auto& p = m_budget[size_t(r)];
        const QStringList cells{budgetMethodName(p.method), loc.toString(static_cast<qlonglong>(p.parameters)),
                                loc.formattedDataSize(static_cast<qint64>(p.bytes)), loc.toString(p.loss, 'f', 4),
                                loc.toString(std::exp(p.loss), 'f', 2)};
        for (int c = 0; c < BudgetColumns; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c != BudgetMethodCol) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_budgetTable->setItem(r, c, item);
        }
    }
}

// Room for the panel and the vertical scroll bar, so nothing is clipped;
// measured again when shown or restyled (the theme changes the sizes).
void FinetuneView::fitPanelWidth() {
    if (!m_panelScroll || !m_panelScroll->widget()) return;
    m_panelScroll->widget()->ensurePolished();
    const int width = m_panelScroll->widget()->sizeHint().width() +
                      m_panelScroll->verticalScrollBar()->sizeHint().width() + 2 * m_panelScroll->frameWidth();
    m_panelScroll->setMinimumWidth(width + 4);
    m_panelScroll->setMaximumWidth(width + 40);
}

void FinetuneView::showEvent(QShowEvent* event) {
    fitPanelWidth();
    QWidget::showEvent(event);
}

void FinetuneView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::StyleChange || event->type() == QEvent::FontChange) fitPanelWidth();
    QWidget::changeEvent(event);
}

QWidget* FinetuneView::buildPanel() {
    auto* panel = new QWidget;
    auto* vl = new QVBoxLayout(panel);
    vl->setContentsMargins(0, 0, 0, 0);

    m_planLabel = new QLabel;
    m_planLabel->setObjectName(QStringLiteral("finetunePlan"));
    m_planLabel->setWordWrap(true);
    vl->addWidget(m_planLabel);

    auto* training = new QGroupBox(tr("Training"));
    auto* tf = new QFormLayout(training);
    m_steps = new QSpinBox;
    m_steps->setObjectName(QStringLiteral("finetuneSteps"));
    m_steps->setRange(1, 10000000);
    m_steps->setValue(200);
    m_batch = new QSpinBox;
    m_batch->setObjectName(QStringLiteral("finetuneBatch"));
    m_batch->setRange(1, 4096);
    m_batch->setValue(4);
    m_seqLen = new QSpinBox;
    m_seqLen->setObjectName(QStringLiteral("finetuneSeqLen"));
    m_seqLen->setRange(2, 1 << 20);
    m_seqLen->setValue(64);
    m_seqLen->setSuffix(tr(" tokens"));
    m_lr = new QDoubleSpinBox;
    m_lr->setObjectName(QStringLiteral("finetuneLearningRate"));
    m_lr->setDecimals(6);
    m_lr->setRange(0.000001, 10.0);
    m_lr->setSingleStep(0.0001);
    m_lr->setValue(0.0003);
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("finetuneSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(1);
    tf->addRow(tr("Steps:"), m_steps);
    tf->addRow(tr("Batch:"), m_batch);
    tf->addRow(tr("Sequence length:"), m_seqLen);
    tf->addRow(tr("Learning rate:"), m_lr);
    tf->addRow(tr("Seed:"), m_seed);
    vl->addWidget(training);

    auto* sharing = new QGroupBox(tr("Sharing"));
    auto* sf = new QFormLayout(sharing);
    m_init = new QComboBox;
    m_init->setObjectName(QStringLiteral("finetuneInit"));
    m_init->addItem(tr("Mean of the members"), int(SharedInit::Mean));
    m_init->addItem(tr("Medoid member"), int(SharedInit::Medoid));
    m_init->addItem(tr("First member"), int(SharedInit::First));
    m_privateNorms = new QCheckBox(tr("Private norms per layer"));
    m_privateNorms->setObjectName(QStringLiteral("finetunePrivateNorms"));
    m_deltaRank = new QSpinBox;
    m_deltaRank->setObjectName(QStringLiteral("finetuneDeltaRank"));
    m_deltaRank->setRange(0, 1 << 16);
    m_deltaRank->setSpecialValueText(tr("0 (pure sharing)"));
    sf->addRow(tr("Initialisation:"), m_init);
    sf->addRow(m_privateNorms);
    sf->addRow(tr("Low-rank delta:"), m_deltaRank);
    vl->addWidget(sharing);

    auto* textBox = new QGroupBox(tr("Text"));
    auto* xl = new QVBoxLayout(textBox);
    m_builtinText = new QRadioButton(tr("Built-in sample text"));
    m_builtinText->setObjectName(QStringLiteral("finetuneBuiltinText"));
    m_fileText = new QRadioButton(tr("Text file:"));
    m_fileText->setObjectName(QStringLiteral("finetuneFileText"));
    auto* group = new QButtonGroup(textBox);
    group->addButton(m_builtinText);
    group->addButton(m_fileText);
    m_builtinText->setChecked(true);
    m_filePath = new QLineEdit;
    m_filePath->setObjectName(QStringLiteral("finetuneTextPath"));
    m_browse = new QPushButton(tr("Browse…"));
    connect(m_browse, &QPushButton::clicked, this, &FinetuneView::chooseTextFile);
    connect(m_fileText, &QRadioButton::toggled, this, [this] { updateActions(); });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_filePath, 1);
    fileRow->addWidget(m_browse);
    xl->addWidget(m_builtinText);
    xl->addWidget(m_fileText);
    xl->addLayout(fileRow);
    vl->addWidget(textBox);

    m_startButton = new QPushButton(tr("Start"));
    m_startButton->setObjectName(QStringLiteral("finetuneStart"));
    m_pauseButton = new QPushButton(tr("Pause"));
    m_pauseButton->setObjectName(QStringLiteral("finetunePause"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setObjectName(QStringLiteral("finetuneCancel"));
    connect(m_startButton, &QPushButton::clicked, this, &FinetuneView::start);
    connect(m_pauseButton, &QPushButton::clicked, this, [this] { setPaused(!isPaused()); });
    connect(m_cancelButton, &QPushButton::clicked, this, &FinetuneView::cancel);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_startButton);
    buttons->addWidget(m_pauseButton);
    buttons->addWidget(m_cancelButton);
    vl->addLayout(buttons);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("finetuneProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_stage = new QLabel;
    m_stage->setObjectName(QStringLiteral("finetuneStage"));
    m_stage->setWordWrap(true);
    vl->addWidget(m_progress);
    vl->addWidget(m_stage);
    vl->addStretch();
    return panel;
}

void FinetuneView::buildChart(Chart c, const QString& title, const QString& yTitle, const QStringList& names,
                              const QStringList& ids, const QString& valueColumn, double displayScale,
                              const QString& y2Title) {
    ChartState& st = m_charts[size_t(c)];
    st.chart = new QChart;
    st.chart->setTitle(title);
    st.chart->legend()->setAlignment(Qt::AlignBottom);
    st.chart->legend()->setShowToolTips(true);
    compactLegend(st.chart);
    st.chart->setMargins(QMargins(4, 4, 4, 4));
    st.x = new QValueAxis;
    st.x->setTitleText(tr("Step"));
    st.x->setLabelFormat(QStringLiteral("%d"));
    st.y = new QValueAxis;
    st.y->setTitleText(yTitle);
    st.y->setLabelFormat(QStringLiteral("%.4g"));
    st.chart->addAxis(st.x, Qt::AlignBottom);
    st.chart->addAxis(st.y, Qt::AlignLeft);
    if (!y2Title.isEmpty()) {
        st.y2 = new QValueAxis;
        st.y2->setTitleText(y2Title);
        st.y2->setLabelFormat(QStringLiteral("%.4g"));
        st.chart->addAxis(st.y2, Qt::AlignRight);
    }
    for (qsizetype i = 0; i < names.size(); ++i) {
        auto* s = new QLineSeries;
        s->setName(names[i]);
        st.chart->addSeries(s);
        s->attachAxis(st.x);
        s->attachAxis(st.y2 && i == names.size() - 1 ? st.y2 : st.y);
        st.series.push_back(s);
    }
    st.data.assign(names.size(), {});
    st.ids = ids;
    st.valueColumn = valueColumn;
    st.displayScale = displayScale;
    st.view = new QChartView(st.chart);
    st.view->setObjectName(QStringLiteral("finetuneChart%1").arg(int(c)));
    st.view->setRenderHint(QPainter::Antialiasing);
    st.view->setMinimumSize(320, 220);
}

void FinetuneView::setModel(std::shared_ptr<const sharelens::Model> model) {
    m_runner->cancel();
    m_model = std::move(model);
    m_plan = {};
    if (m_model) {
        const int ctx = m_model->config().maxPositions;
        m_seqLen->setMaximum(ctx);
        m_seqLen->setValue(std::min(ctx, 64));
    }
    updatePlanLabel();
    updateActions();
}

void FinetuneView::setPlan(const sharelens::SharingPlan& plan) {
    m_plan = plan;
    updatePlanLabel();
    updateActions();
}

void FinetuneView::updatePlanLabel() {
    if (m_plan.groups.empty()) {
        m_planLabel->setText(tr("Run an analysis and choose a threshold: the fine-tune trains the shared model "
                                "of its groups against the baseline."));
        return;
    }
    int sharedGroups = 0;
    for (const auto& g : m_plan.groups)
        if (g.members.size() >= 2) ++sharedGroups;
    const QLocale loc;
    m_planLabel->setText(tr("Plan: %1 shared groups · %2 → %3 parameters")
                             .arg(sharedGroups)
                             .arg(loc.toString(static_cast<qlonglong>(m_plan.baselineParameters)))
                             .arg(loc.toString(static_cast<qlonglong>(m_plan.sharedParameters))));
}

void FinetuneView::setTextFile(const QString& path) {
    m_filePath->setText(path);
    (path.isEmpty() ? m_builtinText : m_fileText)->setChecked(true);
}

void FinetuneView::chooseTextFile() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Choose a Text"), QString(), tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty()) setTextFile(path);
}

bool FinetuneView::isRunning() const { return m_runner->isRunning(); }
bool FinetuneView::isPaused() const { return m_runner->isPaused(); }

void FinetuneView::start() {
    if (!m_model || m_plan.groups.empty()) return;
    FinetuneRequest req;
    req.model = m_model;
    req.plan = m_plan;
    req.textPath = m_fileText->isChecked() ? m_filePath->text() : builtinCalibrationText();
    req.steps = m_steps->value();
    req.batchSize = m_batch->value();
    req.seqLen = m_seqLen->value();
    req.learningRate = m_lr->value();
    req.init = static_cast<SharedInit>(m_init->currentData().toInt());
    req.privateNorms = m_privateNorms->isChecked();
    req.deltaRank = m_deltaRank->value();
    req.seed = static_cast<uint64_t>(m_seed->value());
    clearCharts(req.steps);
    m_budget.clear();
    refreshBudget();
    m_run = SessionRun{};
    m_trainedShared.reset();
    m_run.textPath = m_fileText->isChecked() ? m_filePath->text().toStdString() : std::string();
    m_run.steps = req.steps;
    m_run.batchSize = req.batchSize;
    m_run.seqLen = req.seqLen;
    m_run.learningRate = req.learningRate;
    m_run.init = req.init ? sharedInitName(*req.init) : "";
    m_run.privateNorms = req.privateNorms;
    m_run.deltaRank = req.deltaRank;
    m_run.seed = req.seed;
    for (int r = 0; r < m_results->rowCount(); ++r)
        for (int c = RunCol + 1; c < ResultColumns; ++c) m_results->setItem(r, c, nullptr);
    m_progress->setRange(0, req.steps);
    m_progress->setValue(0);
    m_stage->setText(tr("Starting…"));
    m_trainTimer.invalidate();
    m_runner->start(req);
    updateActions();
}

void FinetuneView::cancel() { m_runner->cancel(); }

void FinetuneView::setPaused(bool paused) {
    if (paused)
        m_runner->pause();
    else
        m_runner->resume();
}

void FinetuneView::clearCharts(int steps) {
    m_stepsTotal = steps;
    for (auto& st : m_charts) {
        for (size_t i = 0; i < st.series.size(); ++i) {
            st.data[i].clear();
            st.series[i]->clear();
        }
        st.x->setRange(0, std::max(1, steps));
        // Until data arrive: a range whose ticks print well in every format.
        st.y->setRange(0, st.zeroBased ? 100 : 1);
        if (st.y2) st.y2->setRange(0, 100);
        st.dirty = false;
    }
}

void FinetuneView::addPoint(Chart c, int series, double x, double y, bool keepMax) {
    if (!std::isfinite(y)) return;
    auto& d = m_charts[size_t(c)].data[size_t(series)];
    if (!d.empty() && d.back().x() >= x) {
        if (keepMax && d.back().x() == x && y > d.back().y()) {
            d.back().setY(y);
            m_charts[size_t(c)].dirty = true;
        }
        return; // x stays increasing
    }
    d.emplace_back(x, y);
    m_charts[size_t(c)].dirty = true;
}

void FinetuneView::takeRecords(const FinetuneRecords& records) {
    for (const auto& [run, s] : records.steps) {
        (run == PairRun::Shared ? m_run.shared : m_run.baseline).steps.push_back(s);
        const int r = run == PairRun::Shared ? 1 : 0;
        addPoint(LossChart, r, s.step, s.loss);
        addPoint(SpeedChart, r, s.step, s.tokensPerSecond);
        addPoint(MemoryChart, r, s.step, static_cast<double>(s.modelStateBytes));
        addPoint(MemoryChart, 2, s.step, static_cast<double>(s.peakRssBytes), true);
    }
    for (const auto& [run, e] : records.evals) {
        (run == PairRun::Shared ? m_run.shared : m_run.baseline).evals.push_back(e);
        addPoint(LossChart, run == PairRun::Shared ? 3 : 2, e.step, e.loss);
    }
    if (!records.steps.empty() && !m_trainTimer.isValid()) m_trainTimer.start();
    m_progress->setRange(0, std::max(1, records.stepsTotal));
    m_progress->setValue(records.stepsDone);
    if (!isPaused()) {
        QString text = records.stage;
        if (records.stepsDone > 0) {
            text = tr("%1: step %2 of %3").arg(records.stage).arg(records.stepsDone).arg(records.stepsTotal);
            const double elapsed = m_trainTimer.isValid() ? m_trainTimer.elapsed() / 1000.0 : 0.0;
            if (elapsed > 1.0 && records.stepsDone < records.stepsTotal) {
                const double left = elapsed * (records.stepsTotal - records.stepsDone) / records.stepsDone;
                text += tr(" · about %1 s left").arg(QLocale().toString(left, 'f', 0));
            }
        }
        m_stage->setText(text);
    }
    refreshCharts();
}

void FinetuneView::refreshCharts() {
    for (auto& st : m_charts) {
        if (!st.dirty) continue;
        st.dirty = false;
        const double inf = std::numeric_limits<double>::infinity();
        double lo[2] = {inf, inf}, hi[2] = {-inf, -inf};
        for (size_t i = 0; i < st.series.size(); ++i) {
            const int a = st.y2 && i + 1 == st.series.size() ? 1 : 0;
            QList<QPointF> pts = decimatePoints(st.data[i], kMaxChartPoints);
            for (auto& p : pts) {
                p.setY(p.y() * st.displayScale);
                lo[a] = std::min(lo[a], p.y());
                hi[a] = std::max(hi[a], p.y());
            }
            st.series[i]->replace(pts);
        }
        QValueAxis* axes[2] = {st.y, st.y2};
        for (int a = 0; a < 2; ++a) {
            if (!axes[a] || !std::isfinite(lo[a])) continue;
            const double pad = hi[a] > lo[a] ? 0.05 * (hi[a] - lo[a]) : std::max(1e-6, 0.05 * std::abs(hi[a]));
            // Non-negative quantities (speed, bytes) keep zero as the floor.
            const double floor = lo[a] >= 0 ? 0.0 : -inf;
            axes[a]->setRange(st.zeroBased ? std::min(0.0, lo[a]) : std::max(floor, lo[a] - pad), hi[a] + pad);
            axes[a]->applyNiceNumbers();
        }
    }
}

void FinetuneView::takeSummary(const FinetuneSummary& summary) {
    m_run.baselineParameters = summary.baseline.parameters;
    m_run.sharedParameters = summary.shared.parameters;
    m_run.stopReason = summary.stopReason.toStdString();
    m_run.budget = summary.budget;
    m_trainedShared = summary.trainedShared;
    showSummary(summary);
    Q_EMIT finetuneFinished(summary);
}

void FinetuneView::showSummary(const FinetuneSummary& summary) {
    const QLocale loc;
    auto fill = [&](int row, const QString& name, const FinetuneRunSummary& s) {
        const QStringList cells{name,
                                lossText(s.validationBefore),
                                lossText(s.validationAfter),
                                loc.toString(static_cast<qlonglong>(s.parameters)),
                                loc.formattedDataSize(static_cast<qint64>(s.modelStateBytes)),
                                loc.toString(s.meanTokensPerSecond, 'f', 0)};
        for (int c = 0; c < ResultColumns; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c != RunCol) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_results->setItem(row, c, item);
        }
    };
    fill(0, tr("Baseline"), summary.baseline);
    fill(1, tr("Shared"), summary.shared);
    refreshCharts();
    m_budget = summary.budget;
    refreshBudget();
    if (summary.stopReason.isEmpty()) {
        m_stage->setText(tr("Finished %1 steps.").arg(summary.shared.steps));
    } else {
        m_stage->setText(tr("Stopped after %1 steps: %2").arg(summary.shared.steps).arg(summary.stopReason));
    }
}

void FinetuneView::restoreRun(const SessionRun& run) {
    m_runner->cancel();
    {
        const QSignalBlocker block(m_fileText);
        m_steps->setValue(run.steps);
        m_batch->setValue(run.batchSize);
        m_seqLen->setValue(run.seqLen);
        m_lr->setValue(run.learningRate);
        m_seed->setValue(static_cast<int>(std::min<uint64_t>(run.seed, uint64_t(std::numeric_limits<int>::max()))));
        SharedInit init;
        if (parseSharedInit(run.init, init)) m_init->setCurrentIndex(std::max(0, m_init->findData(int(init))));
        m_privateNorms->setChecked(run.privateNorms);
        m_deltaRank->setValue(run.deltaRank);
        setTextFile(QString::fromStdString(run.textPath));
    }
    clearCharts(run.steps);
    FinetuneRecords records;
    for (const auto& st : run.baseline.steps) records.steps.emplace_back(PairRun::Baseline, st);
    for (const auto& st : run.shared.steps) records.steps.emplace_back(PairRun::Shared, st);
    // In step order, as they arrived (the peak-memory series takes both runs).
    std::stable_sort(records.steps.begin(), records.steps.end(),
                     [](const auto& a, const auto& b) { return a.second.step < b.second.step; });
    for (const auto& e : run.baseline.evals) records.evals.emplace_back(PairRun::Baseline, e);
    for (const auto& e : run.shared.evals) records.evals.emplace_back(PairRun::Shared, e);
    records.stepsTotal = run.steps;
    records.stepsDone = run.shared.steps.empty() ? 0 : run.shared.steps.back().step;
    m_run = SessionRun{};
    m_trainedShared.reset();
    m_trainTimer.invalidate();
    takeRecords(records);
    m_run = run;
    FinetuneSummary summary;
    summary.baseline = summariseRun(run.baseline, run.baselineParameters);
    summary.shared = summariseRun(run.shared, run.sharedParameters);
    summary.stopReason = QString::fromStdString(run.stopReason);
    summary.budget = run.budget;
    showSummary(summary);
    updateActions();
}

void FinetuneView::updateActions() {
    const bool running = isRunning();
    const bool ready = m_model && !m_plan.groups.empty();
    m_startButton->setEnabled(ready && !running);
    m_pauseButton->setEnabled(running);
    m_cancelButton->setEnabled(running);
    if (!running) m_pauseButton->setText(tr("Pause"));
    for (QWidget* w : std::initializer_list<QWidget*>{m_steps, m_batch, m_seqLen, m_lr, m_seed, m_init,
                                                      m_privateNorms, m_deltaRank, m_builtinText, m_fileText})
        w->setEnabled(!running);
    m_filePath->setEnabled(!running && m_fileText->isChecked());
    m_browse->setEnabled(!running && m_fileText->isChecked());
}

bool FinetuneView::exportChart(Chart c, const QString& path, QString* error) {
    QChartView* view = c == BudgetChart ? m_budgetView : m_charts[size_t(c)].view;
    const QSizeF size(std::max(480, view->width()), std::max(300, view->height()));
    return widgets::exportFigure(
        path, size,
        [view](QPainter& p, const QRectF& rect) {
            p.fillRect(rect, Qt::white);
            view->render(&p, rect, view->viewport()->rect(), Qt::KeepAspectRatio);
        },
        error);
}

bool FinetuneView::exportChartCsv(Chart c, const QString& path, QString* error) {
    QByteArray csv;
    if (c == BudgetChart) {
        csv = "method,parameters,bytes,validation_loss\n";
        for (const auto& p : m_budget)
            csv += QByteArray::fromStdString(p.method) + ',' + QByteArray::number(qint64(p.parameters)) + ',' +
                   QByteArray::number(quint64(p.bytes)) + ',' + QByteArray::number(p.loss, 'g', 10) + '\n';
    } else {
        const ChartState& st = m_charts[size_t(c)];
        csv = "series,step," + st.valueColumn.toUtf8() + "\n";
        for (size_t i = 0; i < st.data.size(); ++i)
            for (const QPointF& p : st.data[i]) {
                csv += st.ids[qsizetype(i)].toUtf8() + ',' + QByteArray::number(qint64(p.x())) + ',' +
                       QByteArray::number(p.y(), 'g', 10) + '\n';
            }
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(csv) != csv.size() || !f.commit()) {
        if (error) *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    return true;
}

void FinetuneView::exportInteractive(Chart c, bool data) {
    static const char* names[] = {"loss", "speed", "memory", "budget"};
    QString error;
    bool ok = true;
    if (data) {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Chart Data"),
                                                          QString::fromLatin1(names[c]) + QStringLiteral(".csv"),
                                                          tr("CSV files (*.csv)"));
        if (path.isEmpty()) return;
        ok = exportChartCsv(c, path, &error);
    } else {
        QString filter;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Chart"), QString::fromLatin1(names[c]) + QStringLiteral(".png"),
            tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &filter);
        if (path.isEmpty()) return;
        ok = exportChart(c, path, &error);
    }
    if (!ok) QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace sharelens::app
