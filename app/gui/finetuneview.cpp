#include "finetuneview.h"

#include "colormap.h"

#include "document.h"
#include "paths.h"
#include "workergroup.h"
#include "workerspanel.h"
#include "sharelens/finetune_memory.h"
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
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
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

FinetuneView::FinetuneView(QWidget* parent) : QWidget(parent), m_runner(new FinetuneRunner(this)) {
    buildUi();
    connect(m_runner, &FinetuneRunner::records, this, &FinetuneView::takeRecords);
    connect(m_runner, &FinetuneRunner::finished, this, &FinetuneView::takeSummary);
    connect(m_runner, &FinetuneRunner::rankProgress, m_workerRows, &WorkerProgressTable::showProgress);
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

    m_charts = new widgets::TrainingChartsPanel({tr("Baseline"), tr("Shared")});
    m_results = widgets::makeRunTable(QStringLiteral("finetuneResults"), {tr("Baseline"), tr("Shared")});

    auto* grid = new QGridLayout;
    grid->addWidget(m_charts, 0, 0, 1, 3);
    QWidget* budget = buildBudgetBox();
    grid->addWidget(widgets::chartWithExport(m_budgetView, m_budgetAxis,
                                             QStringLiteral("exportChart%1").arg(int(BudgetChart)), this,
                                             [this](bool data) { exportInteractive(BudgetChart, data); }),
                    1, 0);
    auto* resultsBox = new QGroupBox(tr("Results"));
    auto* rl = new QVBoxLayout(resultsBox);
    // Two rows: as tall as they need, the comparison below gets the rest.
    rl->addWidget(m_results);
    auto* budgetLabel = new QLabel;
    budgetLabel->setObjectName(QStringLiteral("finetuneBudgetLabel"));
    budgetLabel->setWordWrap(true);
    rl->addWidget(budgetLabel);
    setBudgetWindows(sharelens::TrainOptions().evalSequences);
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
    m_budgetChart->setLocalizeNumbers(true); // decimals as the locale writes them
    m_budgetChart->setLocale(QLocale());
    m_budgetChart->setTitle(tr("Validation loss at the same budget"));
    m_budgetChart->legend()->setAlignment(Qt::AlignBottom);
    m_budgetChart->legend()->setShowToolTips(true);
    widgets::compactLegend(m_budgetChart);
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
    m_budgetView->setMinimumSize(300, 200);
    widgets::followPalette(m_budgetView);
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
            const QColor colour = widgets::methodColor(QString::fromStdString(p.method));
            s->setColor(colour);
            s->setBorderColor(colour.darker(130));
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
        const QString name =
            p.method == "baseline" && !m_baselineTrained ? tr("Baseline, untrained") : budgetMethodName(p.method);
        const QStringList cells{name, loc.toString(static_cast<qlonglong>(p.parameters)),
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

QWidget* FinetuneView::buildSharingBox() {
    auto* sharing = new QGroupBox(tr("Sharing"));
    auto* sf = new QFormLayout(sharing);
    m_init = new QComboBox;
    m_init->setObjectName(QStringLiteral("finetuneInit"));
    m_init->addItem(tr("Mean of the members"), int(SharedInit::Mean));
    m_init->addItem(tr("Medoid member"), int(SharedInit::Medoid));
    m_init->addItem(tr("First member"), int(SharedInit::First));
    m_init->addItem(tr("LaCo (first + differences)"), int(SharedInit::Laco));
    m_privateNorms = new QCheckBox(tr("Private norms per layer"));
    m_privateNorms->setObjectName(QStringLiteral("finetunePrivateNorms"));
    m_deltaRank = new QSpinBox;
    m_deltaRank->setObjectName(QStringLiteral("finetuneDeltaRank"));
    m_deltaRank->setRange(0, 1 << 16);
    m_deltaRank->setSpecialValueText(tr("0 (pure sharing)"));
    sf->addRow(tr("Initialisation:"), m_init);
    sf->addRow(m_privateNorms);
    sf->addRow(tr("Low-rank delta:"), m_deltaRank);
    return sharing;
}

// How the shared model heals: next-token loss alone, or distillation from
// the open (unshared, frozen) model on its logits, block outputs or both.
QWidget* FinetuneView::buildDistillBox() {
    auto* box = new QGroupBox(tr("Distillation"));
    auto* form = new QFormLayout(box);
    m_distill = new QComboBox;
    m_distill->setObjectName(QStringLiteral("finetuneDistill"));
    m_distill->addItem(tr("None (next-token loss)"), int(DistillMode::None));
    m_distill->addItem(tr("Logits (KL)"), int(DistillMode::Logits));
    m_distill->addItem(tr("Block outputs (MSE)"), int(DistillMode::Hidden));
    m_distill->addItem(tr("Logits and block outputs"), int(DistillMode::Both));
    m_distill->setToolTip(tr("Trains the shared model towards the unshared model it was made from (frozen, never "
                             "trained): KL divergence of the next-token distributions and/or mean squared error of "
                             "each block's output. The loss components are plotted live."));
    m_distillTemperature = new QDoubleSpinBox;
    m_distillTemperature->setObjectName(QStringLiteral("finetuneDistillTemperature"));
    m_distillTemperature->setRange(0.1, 20.0);
    m_distillTemperature->setDecimals(2);
    m_distillTemperature->setSingleStep(0.5);
    m_distillTemperature->setValue(1.0);
    m_distillTemperature->setToolTip(tr("Softens both distributions before the KL (1 = as they are); the KL term "
                                        "is scaled by the temperature squared."));
    connect(m_distill, &QComboBox::currentIndexChanged, this, [this] { updateActions(); });
    form->addRow(tr("Teacher:"), m_distill);
    form->addRow(tr("Temperature:"), m_distillTemperature);
    return box;
}

QWidget* FinetuneView::buildTextBox() {
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
    return textBox;
}

QWidget* FinetuneView::buildLeanBox() {
    auto* box = new QGroupBox(tr("Memory"));
    auto* form = new QFormLayout(box);
    m_trainScope = new QComboBox;
    m_trainScope->setObjectName(QStringLiteral("finetuneTrainScope"));
    m_trainScope->addItem(tr("All tensors"));
    m_trainScope->addItem(tr("Shared groups only"));
    m_trainScope->setToolTip(tr("Shared groups only: the tied weights, their low-rank deltas and private norms "
                                "train; everything else stays frozen, with no gradients or optimizer state."));
    m_runBaseline = new QCheckBox(tr("Fine-tune the baseline too"));
    m_runBaseline->setObjectName(QStringLiteral("finetuneRunBaseline"));
    m_runBaseline->setChecked(true);
    m_runBaseline->setToolTip(tr("Off: no baseline is trained (no second model, no second optimizer); the "
                                 "comparison uses the untrained baseline."));
    m_checkpointing = new QCheckBox(tr("Gradient checkpointing"));
    m_checkpointing->setObjectName(QStringLiteral("finetuneCheckpointing"));
    m_checkpointing->setToolTip(tr("Recompute each block in the backward pass instead of keeping its activations: "
                                   "less memory, about one more forward pass of time."));
    form->addRow(tr("Train:"), m_trainScope);
    form->addRow(m_runBaseline);
    form->addRow(m_checkpointing);
    connect(m_trainScope, &QComboBox::currentIndexChanged, this, [this] { updateEstimate(); });
    for (QCheckBox* c : {m_runBaseline, m_checkpointing, m_privateNorms})
        connect(c, &QCheckBox::toggled, this, [this] { updateEstimate(); });
    for (QSpinBox* sb : {m_batch, m_seqLen, m_deltaRank})
        connect(sb, &QSpinBox::valueChanged, this, [this] { updateEstimate(); });
    return box;
}

namespace {

// A mode in the panel's words.
QString modeName(const FinetuneMode& m) {
    QStringList parts{m.scope == TrainScope::Shared ? FinetuneView::tr("shared groups only")
                                                    : FinetuneView::tr("all tensors"),
                      m.baseline ? FinetuneView::tr("with the baseline") : FinetuneView::tr("without the baseline")};
    if (m.checkpointing) parts << FinetuneView::tr("gradient checkpointing");
    return parts.join(QStringLiteral(", "));
}

QString bytesText(uint64_t b) { return QString::fromStdString(formatBytes(b)); }

// The mode the refusal names, as the engine's (requireFinetuneMemory) does:
// of the modes that fit, the fewest changes from the one chosen, then the
// least memory. Null when none fits.
const FinetuneMode* closestFittingMode(const std::vector<FinetuneMode>& modes, const FinetuneSizes& sizes,
                                       const FinetuneMode& chosen, uint64_t available, uint64_t* bytes) {
    auto changes = [&](const FinetuneMode& m) {
        return int(m.scope != chosen.scope) + int(m.baseline != chosen.baseline) +
               int(m.checkpointing != chosen.checkpointing);
    };
    const FinetuneMode* best = nullptr;
    for (const auto& m : modes) {
        const uint64_t b = estimateFinetune(runSizes(sizes, m), m).bytes;
        if (b > available) continue;
        if (!best || changes(m) < changes(*best) || (changes(m) == changes(*best) && b < *bytes)) {
            best = &m;
            *bytes = b;
        }
    }
    return best;
}

} // namespace

// The estimate of the chosen mode before a run; a mode that would not fit
// disables Start and names the mode closest to the chosen one that would.
void FinetuneView::updateEstimate() {
    m_estimateFits = true;
    if (!m_model || m_plan.groups.empty() || !m_trainScope) {
        if (m_estimate) m_estimate->clear();
        updateActions();
        return;
    }
    const auto rq = workflowRequest(currentRequest());
    FinetuneSizes sizes;
    try {
        sizes = finetuneSizes(*m_model, m_plan, rq.share, rq.train);
    } catch (const std::exception&) { // a plan for another model: the run says what is wrong
        m_estimate->clear();
        updateActions();
        return;
    }
    sizes.baselineLoaded = false; // the run loads its own copy
    const FinetuneMode mode{rq.train.scope, rq.runBaseline, rq.train.checkpointing};
    const uint64_t need = estimateFinetune(runSizes(sizes, mode), mode).bytes;
    const uint64_t available = availableMemory();
    QString text = tr("Needs about %1 of memory").arg(bytesText(need));
    if (available > 0) text += tr(" (%1 available)").arg(bytesText(available));
    if (available > 0 && need > available) {
        m_estimateFits = false;
        uint64_t bestBytes = 0;
        const auto modes = finetuneModes(); // cheapest first
        const FinetuneMode* best = closestFittingMode(modes, sizes, mode, available, &bestBytes);
        FinetuneSizes one = sizes;
        one.batch = 1;
        const bool smallerBatch = estimateFinetune(one, modes.front()).bytes <= available;
        text += QStringLiteral(": ") +
                (best           ? tr("does not fit; %1 needs about %2.").arg(modeName(*best), bytesText(bestBytes))
                 : smallerBatch ? tr("does not fit in any mode at this batch size; %1 with a batch of 1 would.")
                                      .arg(modeName(modes.front()))
                                : tr("does not fit in any mode: the model is too large for this machine's memory."));
    }
    m_estimate->setText(text);
    updateActions();
}

QWidget* FinetuneView::buildPanel() {
    auto* panel = new QWidget;
    auto* vl = new QVBoxLayout(panel);
    vl->setContentsMargins(0, 0, 0, 0);

    m_planLabel = new QLabel;
    m_planLabel->setObjectName(QStringLiteral("finetunePlan"));
    m_planLabel->setWordWrap(true);
    vl->addWidget(m_planLabel);

    m_training = new widgets::TrainingSettingsBox(QStringLiteral("finetune"));
    m_steps = m_training->steps();
    m_batch = m_training->batch();
    m_seqLen = m_training->seqLen();
    m_lr = m_training->learningRate();
    m_seed = m_training->seed();
    m_compute = new QComboBox;
    m_compute->setObjectName(QStringLiteral("finetuneCompute"));
    m_compute->addItem(tr("float32 (exact)"), int(ComputeDtype::Float32));
    m_compute->addItem(tr("bfloat16 (fast, mixed precision)"), int(ComputeDtype::BFloat16));
    m_compute->setToolTip(tr("The dtype of the matrix products. bfloat16 is several times faster on CPUs with "
                             "AMX or AVX-512 BF16; weights, optimizer state, norms, softmax and the loss stay "
                             "float32."));
    m_workers = makeWorkersBox(QStringLiteral("finetuneWorkers"));
    connect(m_workers, &QSpinBox::valueChanged, this, &FinetuneView::workersChanged);
    if (auto* form = qobject_cast<QFormLayout*>(m_training->layout())) {
        form->addRow(tr("Compute:"), m_compute);
        form->addRow(tr("Workers:"), m_workers);
    }
    vl->addWidget(m_training);

    vl->addWidget(buildSharingBox());
    vl->addWidget(buildLeanBox());
    vl->addWidget(buildDistillBox());
    vl->addWidget(buildTextBox());

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
    m_estimate = new QLabel;
    m_estimate->setObjectName(QStringLiteral("finetuneEstimate"));
    m_estimate->setWordWrap(true);
    vl->addWidget(m_estimate);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("finetuneProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_stage = new QLabel;
    m_stage->setObjectName(QStringLiteral("finetuneStage"));
    m_stage->setWordWrap(true);
    vl->addWidget(m_progress);
    vl->addWidget(m_stage);
    m_workerRows = new WorkerProgressTable;
    m_workerRows->setObjectName(QStringLiteral("finetuneWorkerProgress"));
    vl->addWidget(m_workerRows);
    vl->addStretch();
    return panel;
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
    updateEstimate();
}

void FinetuneView::setPlan(const sharelens::SharingPlan& plan) {
    m_plan = plan;
    updatePlanLabel();
    updateEstimate();
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
                             .arg(loc.toString(static_cast<qlonglong>(m_plan.sharedParameters))) +
                         (sharedGroups == 0 ? tr(" · Warning: the plan shares nothing; the shared model starts as a "
                                                 "copy of the baseline and both runs train the same model.")
                                            : QString()));
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

FinetuneRequest FinetuneView::currentRequest() const {
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
    req.compute = static_cast<ComputeDtype>(m_compute->currentData().toInt());
    req.trainSharedOnly = m_trainScope->currentIndex() == 1;
    req.runBaseline = m_runBaseline->isChecked();
    req.checkpointing = m_checkpointing->isChecked();
    req.distill = static_cast<DistillMode>(m_distill->currentData().toInt());
    req.distillTemperature = m_distillTemperature->value();
    req.workers = m_workers->value();
    return req;
}

void FinetuneView::start() {
    if (!m_model || m_plan.groups.empty() || !m_estimateFits) return;
    const FinetuneRequest req = currentRequest();
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
    m_run.distill = req.distill;
    m_run.distillTemperature = req.distillTemperature;
    widgets::clearRunTable(m_results);
    m_progress->setRange(0, req.steps);
    m_progress->setValue(0);
    m_stage->setText(tr("Starting…"));
    m_trainTimer.invalidate();
    m_workerRows->start(req.workers);
    m_runner->start(req);
    updateActions();
}

void FinetuneView::cancel() { m_runner->cancel(); }

void FinetuneView::setWorkers(int workers) { m_workers->setValue(workers); }

void FinetuneView::setPaused(bool paused) {
    if (paused)
        m_runner->pause();
    else
        m_runner->resume();
}

void FinetuneView::clearCharts(int steps) {
    m_stepsTotal = steps;
    m_charts->clear(steps);
}

void FinetuneView::takeRecords(const FinetuneRecords& records) {
    for (const auto& [run, s] : records.steps)
        (run == PairRun::Shared ? m_run.shared : m_run.baseline).steps.push_back(s);
    for (const auto& [run, e] : records.evals)
        (run == PairRun::Shared ? m_run.shared : m_run.baseline).evals.push_back(e);
    m_charts->addRecords(records.steps, records.evals);
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

// Both tables' validation losses come from the same windows of the
// held-out text; the label says how many.
void FinetuneView::setBudgetWindows(int windows) {
    if (auto* label = findChild<QLabel*>(QStringLiteral("finetuneBudgetLabel")))
        label->setText(tr("At the same budget, on the same %1 validation windows as above:").arg(windows));
}

void FinetuneView::showSummary(const FinetuneSummary& summary) {
    if (summary.budgetSequences > 0) setBudgetWindows(summary.budgetSequences);
    m_baselineTrained = summary.baselineTrained;
    widgets::setRunRow(m_results, 0, summary.baselineTrained ? tr("Baseline") : tr("Baseline (not fine-tuned)"),
                       summary.baseline);
    widgets::setRunRow(m_results, 1, tr("Shared"), summary.shared);
    m_budget = summary.budget;
    refreshBudget();
    if (summary.stopReason.isEmpty()) {
        m_stage->setText(tr("Finished %1 steps.").arg(summary.shared.steps) +
                         (summary.baselineTrained ? QString()
                                                  : QLatin1Char(' ') + tr("The baseline was not fine-tuned: the "
                                                                          "comparison uses it untrained.")));
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
        m_distill->setCurrentIndex(std::max(0, m_distill->findData(int(run.distill))));
        m_distillTemperature->setValue(run.distillTemperature);
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
    m_startButton->setEnabled(ready && !running && m_estimateFits);
    m_pauseButton->setEnabled(running);
    m_cancelButton->setEnabled(running);
    if (!running) m_pauseButton->setText(tr("Pause"));
    m_training->setFieldsEnabled(!running);
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_init, m_privateNorms, m_deltaRank, m_distill, m_builtinText, m_fileText,
                                         m_compute, m_trainScope, m_runBaseline, m_checkpointing})
        w->setEnabled(!running);
    const auto mode = static_cast<DistillMode>(m_distill->currentData().toInt());
    m_distillTemperature->setEnabled(!running && (mode == DistillMode::Logits || mode == DistillMode::Both));
    m_filePath->setEnabled(!running && m_fileText->isChecked());
    m_browse->setEnabled(!running && m_fileText->isChecked());
}

bool FinetuneView::exportChart(Chart c, const QString& path, QString* error) {
    if (c != BudgetChart) return m_charts->exportChart(live(c), path, error);
    return widgets::exportChartView(m_budgetView, path, error);
}

bool FinetuneView::exportChartCsv(Chart c, const QString& path, QString* error) {
    if (c != BudgetChart) return m_charts->exportChartCsv(live(c), path, error);
    QByteArray csv = "method,parameters,bytes,validation_loss\n";
    for (const auto& p : m_budget)
        csv += QByteArray::fromStdString(p.method) + ',' + QByteArray::number(qint64(p.parameters)) + ',' +
               QByteArray::number(quint64(p.bytes)) + ',' + QByteArray::number(p.loss, 'g', 10) + '\n';
    return widgets::saveFileAtomic(path, csv, error);
}

void FinetuneView::exportInteractive(Chart c, bool data) {
    static const char* names[] = {"loss", "speed", "memory", "budget"};
    widgets::TrainingChartsPanel::askAndExport(
        this, QString::fromLatin1(names[c]), data, [this, c](const QString& path, bool csv, QString* error) {
            return csv ? exportChartCsv(c, path, error) : exportChart(c, path, error);
        });
}

} // namespace sharelens::app
