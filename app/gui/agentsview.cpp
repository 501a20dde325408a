#include "agentsview.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "calibrationpanel.h"
#include "colormap.h"
#include "trainingcharts.h"
#include "dendrogramwidget.h"
#include "figures.h"
#include "heatmapwidget.h"
#include "jobrunner.h"
#include "paths.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/model.h"
#include "errortext.h"

namespace sharelens::app {

namespace {

enum AgentColumn { PathColumn, NameColumn };
enum GroupColumn { GroupNumberColumn, MembersColumn, SharedColumn, SavedColumn, SavedBytesColumn, GroupColumnCount };
enum AgentLossColumn { AgentNameCol, UnsharedBeforeCol, UnsharedAfterCol, SharedBeforeCol, SharedAfterCol, AgentLossCols };
enum TextColumn { TextAgentCol, TextFileCol };
enum WeightQuantity { DifferenceNorm, RelativeDifference, WeightCosine, DeltaCosine };

QString metricLabel(Metric m) {
    switch (m) {
    case Metric::Pearson: return AgentsView::tr("Pearson correlation");
    case Metric::Cosine: return AgentsView::tr("Cosine similarity");
    default: return AgentsView::tr("Linear CKA");
    }
}

} // namespace

AgentsView::AgentsView(QWidget* parent)
    : QWidget(parent), m_runner(new AgentsRunner(this)), m_finetune(new FinetuneRunner(this)) {
    setWindowTitle(tr("ShareLens — Agents"));
    auto* split = new QSplitter(Qt::Horizontal);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(buildPanel());
    scroll->setMinimumWidth(330);
    split->addWidget(scroll);
    split->addWidget(buildResults());
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    m_poolJobs = new JobRunner(this);
    connect(m_runner, &AgentsRunner::progress, this, &AgentsView::showProgress);
    // The panel's progress bar and Cancel serve the analysis and the pool
    // export (never both at once: each waits for the other).
    const auto showRunning = [this](bool running) {
        m_progress->setVisible(running);
        m_stage->setVisible(running);
        m_cancelButton->setEnabled(running);
        if (running) {
            m_progress->setValue(0);
            m_stage->setText(tr("Starting…"));
        }
        updateActions();
    };
    connect(m_poolJobs, &JobRunner::runningChanged, this, showRunning);
    connect(m_runner, &AgentsRunner::runningChanged, this, [this](bool running) {
        m_progress->setVisible(running);
        m_stage->setVisible(running);
        m_cancelButton->setEnabled(running);
        if (running) {
            m_progress->setValue(0);
            m_stage->setText(tr("Starting…"));
        }
    });
    connect(m_runner, &AgentsRunner::finished, this, &AgentsView::takeResult);
    connect(m_runner, &AgentsRunner::failed, this, [this](const QString& message, bool cancelled) {
        Q_EMIT analysisFailed(message, cancelled);
        if (cancelled) return;
        QMessageBox box(QMessageBox::Warning, tr("Agents analysis failed"),
                        tr("The agents could not be analysed together."), QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("agentsErrorDialog"));
        box.setInformativeText(message);
        box.exec();
    });
    connect(m_finetune, &FinetuneRunner::records, this, &AgentsView::takeFinetuneRecords);
    connect(m_finetune, &FinetuneRunner::agentsFinished, this, &AgentsView::takeFinetuneSummary);
    connect(m_finetune, &FinetuneRunner::failed, this, [this](const QString& message, bool cancelled) {
        m_ftStage->setText(cancelled ? message : tr("The fine-tune failed: %1").arg(message));
        Q_EMIT finetuneFailed(message, cancelled);
        if (cancelled) return;
        QMessageBox box(QMessageBox::Warning, tr("Fine-tune failed"), tr("The agents could not be fine-tuned."),
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("agentsFinetuneErrorDialog"));
        box.setInformativeText(message);
        box.exec();
    });
    connect(m_finetune, &FinetuneRunner::runningChanged, this, &AgentsView::updateFinetuneActions);
    connect(m_finetune, &FinetuneRunner::pausedChanged, this, [this](bool paused) {
        m_ftPause->setText(paused ? tr("Resume") : tr("Pause"));
        if (paused)
            m_ftStage->setText(tr("Paused at step %1 of %2").arg(m_ftProgress->value()).arg(m_ftProgress->maximum()));
        updateFinetuneActions();
    });
    resize(1400, 900);
    updateActions();
    updateFinetuneTexts();
    updateFinetunePlanLabel();
    updateFinetuneActions();
}

AgentsView::~AgentsView() = default;

// ---------------------------------------------------------------- building

QWidget* AgentsView::buildPanel() {
    auto* panel = new QWidget;
    auto* pl = new QVBoxLayout(panel);

    auto* agents = new QGroupBox(tr("Agents"));
    auto* al = new QVBoxLayout(agents);
    m_agentTable = new QTableWidget(0, 2);
    m_agentTable->setObjectName(QStringLiteral("agentTable"));
    m_agentTable->setHorizontalHeaderLabels({tr("Model folder"), tr("Name")});
    m_agentTable->horizontalHeader()->setSectionResizeMode(PathColumn, QHeaderView::Stretch);
    m_agentTable->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_agentTable->verticalHeader()->setVisible(true);
    m_agentTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_agentTable->setMinimumHeight(130);
    m_agentTable->setToolTip(tr("The models of the system, one per row. Double-click a name to change it; an "
                                "empty name means the folder's name."));
    al->addWidget(m_agentTable);
    auto* buttons = new QHBoxLayout;
    m_addButton = new QPushButton(tr("Add…"));
    m_addButton->setObjectName(QStringLiteral("addAgentButton"));
    m_removeButton = new QPushButton(tr("Remove"));
    m_removeButton->setObjectName(QStringLiteral("removeAgentButton"));
    connect(m_addButton, &QPushButton::clicked, this, &AgentsView::chooseAgents);
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        const auto rows = m_agentTable->selectionModel()->selectedRows();
        std::vector<int> r;
        for (const auto& i : rows) r.push_back(i.row());
        std::sort(r.rbegin(), r.rend());
        for (int row : r) removeAgent(row);
    });
    connect(m_agentTable, &QTableWidget::itemSelectionChanged, this, &AgentsView::updateActions);
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch(1);
    al->addLayout(buttons);
    pl->addWidget(agents);

    m_calibration = new CalibrationPanel;
    auto* calib = m_calibration;
    pl->addWidget(calib);

    auto* run = new QHBoxLayout;
    m_analyzeButton = new QPushButton(tr("Analyze"));
    m_analyzeButton->setObjectName(QStringLiteral("agentsAnalyzeButton"));
    m_analyzeButton->setDefault(true);
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setObjectName(QStringLiteral("agentsCancelButton"));
    m_cancelButton->setEnabled(false);
    connect(m_analyzeButton, &QPushButton::clicked, this, &AgentsView::analyze);
    connect(m_cancelButton, &QPushButton::clicked, this, &AgentsView::cancel);
    run->addWidget(m_analyzeButton);
    run->addWidget(m_cancelButton);
    pl->addLayout(run);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("agentsProgress"));
    m_progress->setRange(0, 1000);
    m_progress->hide();
    m_stage = new QLabel;
    m_stage->setWordWrap(true);
    m_stage->hide();
    pl->addWidget(m_progress);
    pl->addWidget(m_stage);

    auto* clustering = new QGroupBox(tr("Clustering"));
    auto* kf = new QFormLayout(clustering);
    m_levelBox = new QComboBox;
    m_levelBox->setObjectName(QStringLiteral("levelBox"));
    m_levelBox->addItem(tr("Layers (agent, block)"), int(AgentLevel::Layers));
    m_levelBox->addItem(tr("Whole agents"), int(AgentLevel::Agents));
    m_levelBox->setToolTip(tr("Layers: blocks of any agents may share one set of parameters. Agents: whole "
                              "agents become one model."));
    connect(m_levelBox, &QComboBox::currentIndexChanged, this,
            [this] { setLevel(static_cast<AgentLevel>(m_levelBox->currentData().toInt())); });
    kf->addRow(tr("Level:"), m_levelBox);
    m_linkageBox = new QComboBox;
    m_linkageBox->setObjectName(QStringLiteral("linkageBox"));
    for (auto m : {LinkageMethod::Average, LinkageMethod::Complete, LinkageMethod::Single, LinkageMethod::Weighted,
                   LinkageMethod::Ward})
        m_linkageBox->addItem(QString::fromLatin1(linkageName(m)), int(m));
    connect(m_linkageBox, &QComboBox::currentIndexChanged, this, &AgentsView::recomputeLinkage);
    kf->addRow(tr("Linkage:"), m_linkageBox);
    m_thresholdSpin = new QDoubleSpinBox;
    m_thresholdSpin->setObjectName(QStringLiteral("thresholdSpin"));
    m_thresholdSpin->setDecimals(4);
    m_thresholdSpin->setRange(0.0, 1.0);
    m_thresholdSpin->setSingleStep(0.01);
    m_thresholdSpin->setToolTip(tr("Distance 1 − S at which the tree is cut; drag the line in the dendrogram."));
    connect(m_thresholdSpin, &QDoubleSpinBox::valueChanged, this, &AgentsView::setThreshold);
    kf->addRow(tr("Threshold:"), m_thresholdSpin);
    pl->addWidget(clustering);

    m_exportButton = new QToolButton;
    m_exportButton->setObjectName(QStringLiteral("agentsExportButton"));
    m_exportButton->setText(tr("Export"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    m_exportButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(m_exportButton);
    menu->addAction(tr("Similarity Heatmap Figure…"), this, [this] { exportFigureInteractive(0); });
    menu->addAction(tr("Dendrogram Figure…"), this, [this] { exportFigureInteractive(1); });
    menu->addAction(tr("Weight Difference Figure…"), this, [this] { exportFigureInteractive(2); });
    menu->addSeparator();
    menu->addAction(tr("Sharing Plan (JSON)…"), this, &AgentsView::exportPlanInteractive);
    menu->addAction(tr("Shared Pool (Folder)…"), this, &AgentsView::exportPoolInteractive);
    m_exportButton->setMenu(menu);
    pl->addWidget(m_exportButton);
    pl->addStretch(1);
    return panel;
}

QWidget* AgentsView::buildResults() {
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("agentsTabs"));

    auto* similarity = new QSplitter(Qt::Vertical);
    auto* figures = new QSplitter(Qt::Horizontal);
    m_heatmap = new widgets::HeatmapWidget;
    m_heatmap->setObjectName(QStringLiteral("agentsHeatmap"));
    m_dendrogram = new widgets::DendrogramWidget;
    m_dendrogram->setObjectName(QStringLiteral("agentsDendrogram"));
    connect(m_dendrogram, &widgets::DendrogramWidget::thresholdChanged, this, &AgentsView::setThreshold);
    figures->addWidget(m_heatmap);
    figures->addWidget(m_dendrogram);
    figures->setStretchFactor(0, 1);
    figures->setStretchFactor(1, 1);
    figures->setSizes({560, 500});
    similarity->addWidget(figures);

    auto* groupsBox = new QWidget;
    auto* gl = new QVBoxLayout(groupsBox);
    gl->setContentsMargins(0, 0, 0, 0);
    m_preview = new QLabel;
    m_preview->setObjectName(QStringLiteral("agentsPreview"));
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setWordWrap(true);
    gl->addWidget(m_preview);
    m_groupTable = new QTableWidget(0, GroupColumnCount);
    m_groupTable->setObjectName(QStringLiteral("agentGroupTable"));
    m_groupTable->setHorizontalHeaderLabels(
        {tr("Group"), tr("Members"), tr("Shared parameters"), tr("Saved parameters"), tr("Saved")});
    m_groupTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_groupTable->horizontalHeader()->setSectionResizeMode(MembersColumn, QHeaderView::Stretch);
    m_groupTable->setMinimumHeight(150);
    m_groupTable->verticalHeader()->setVisible(false);
    m_groupTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_groupTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    gl->addWidget(m_groupTable);
    similarity->addWidget(groupsBox);
    similarity->setStretchFactor(0, 2);
    similarity->setStretchFactor(1, 1);
    similarity->setSizes({620, 300});
    m_tabs->addTab(similarity, tr("Similarity and groups"));

    auto* weights = new QWidget;
    auto* wl = new QVBoxLayout(weights);
    auto* controls = new QHBoxLayout;
    m_layerSpin = new QSpinBox;
    m_layerSpin->setObjectName(QStringLiteral("weightLayerSpin"));
    m_layerSpin->setRange(0, 0);
    m_layerSpin->setPrefix(tr("block "));
    connect(m_layerSpin, &QSpinBox::valueChanged, this, &AgentsView::updateWeightHeatmap);
    m_weightQuantity = new QComboBox;
    m_weightQuantity->setObjectName(QStringLiteral("weightQuantityBox"));
    m_weightQuantity->addItem(tr("Difference norm ‖w_a − w_b‖"), DifferenceNorm);
    m_weightQuantity->addItem(tr("Relative difference ‖w_a − w_b‖ / ‖w_b‖"), RelativeDifference);
    m_weightQuantity->addItem(tr("Weight cosine"), WeightCosine);
    m_weightQuantity->addItem(tr("Delta cosine (changes from the mean)"), DeltaCosine);
    connect(m_weightQuantity, &QComboBox::currentIndexChanged, this, &AgentsView::updateWeightHeatmap);
    controls->addWidget(new QLabel(tr("Layer:")));
    controls->addWidget(m_layerSpin);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Quantity:")));
    controls->addWidget(m_weightQuantity);
    controls->addStretch(1);
    wl->addLayout(controls);
    auto* note = new QLabel(tr("Computed from the weights alone (no calibration data): how far each pair of "
                               "agents' blocks lie apart."));
    note->setWordWrap(true);
    wl->addWidget(note);
    m_weightHeatmap = new widgets::HeatmapWidget;
    m_weightHeatmap->setObjectName(QStringLiteral("weightHeatmap"));
    wl->addWidget(m_weightHeatmap, 1);
    m_tabs->addTab(weights, tr("Weights (data-free)"));
    m_tabs->addTab(buildFinetuneTab(), tr("Fine-tune"));
    return m_tabs;
}

// ---------------------------------------------------------------- agents list

void AgentsView::addAgent(const QString& path, const QString& name) {
    const int row = m_agentTable->rowCount();
    m_agentTable->insertRow(row);
    auto* p = new QTableWidgetItem(QDir::toNativeSeparators(path));
    p->setData(Qt::UserRole, path);
    p->setToolTip(QDir::toNativeSeparators(path));
    p->setFlags(p->flags() & ~Qt::ItemIsEditable);
    m_agentTable->setItem(row, PathColumn, p);
    auto* n = new QTableWidgetItem(name);
    n->setToolTip(tr("Empty: the folder's name (%1)").arg(QFileInfo(path).fileName()));
    m_agentTable->setItem(row, NameColumn, n);
    updateActions();
}

void AgentsView::removeAgent(int row) {
    if (row < 0 || row >= m_agentTable->rowCount()) return;
    m_agentTable->removeRow(row);
    updateActions();
}

void AgentsView::clearAgents() {
    m_agentTable->setRowCount(0);
    updateActions();
}

QStringList AgentsView::agentPaths() const {
    QStringList out;
    for (int r = 0; r < m_agentTable->rowCount(); ++r) out << m_agentTable->item(r, PathColumn)->data(Qt::UserRole).toString();
    return out;
}

QStringList AgentsView::agentNames() const {
    QStringList out;
    for (int r = 0; r < m_agentTable->rowCount(); ++r) {
        const QTableWidgetItem* it = m_agentTable->item(r, NameColumn);
        out << (it ? it->text().trimmed() : QString());
    }
    return out;
}

void AgentsView::chooseAgents() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add an Agent (Model Folder)"));
    if (!dir.isEmpty()) addAgent(dir);
}

void AgentsView::setCalibrationFile(const QString& path) { m_calibration->setTextFile(path); }
void AgentsView::setSequenceLength(int tokens) { m_calibration->setSequenceLength(tokens); }
void AgentsView::setSequenceCount(int sequences) { m_calibration->setSequenceCount(sequences); }

// ---------------------------------------------------------------- running

void AgentsView::analyze() {
    AgentsRequest req;
    req.paths = agentPaths();
    if (req.paths.size() < 2) {
        QMessageBox::information(this, tr("Add agents"),
                                 tr("Add at least two model folders: agents mode compares two or more models."));
        return;
    }
    req.names = agentNames();
    req.textPath = m_calibration->resolveTextPath(this);
    if (req.textPath.isEmpty()) return;
    req.seqLen = m_calibration->sequenceLength();
    req.sequences = m_calibration->sequenceCount();
    req.options.metric = m_calibration->metric();
    req.options.units = UnitKind::Blocks;
    m_requestedText = req.textPath;
    m_runner->analyze(req);
}

void AgentsView::cancel() {
    m_runner->cancel();
    m_poolJobs->cancel();
}

void AgentsView::showProgress(const AnalysisProgress& p) {
    m_progress->setValue(static_cast<int>(p.fraction * 1000));
    QString text = tr("Step %1 of %2: %3").arg(p.stageIndex).arg(p.stageCount).arg(p.stage);
    if (p.secondsLeft >= 0) {
        const int s = static_cast<int>(std::ceil(p.secondsLeft));
        text += QLatin1Char('\n') + (s < 60 ? tr("About %1 s left").arg(s) : tr("About %1 min left").arg((s + 59) / 60));
    }
    m_stage->setText(text);
}

void AgentsView::takeResult(const AgentsResult& result) {
    m_result = result;
    m_hasResult = true;
    m_threshold = {{-1.0, -1.0}}; // new trees: choose starting thresholds from them
    {
        const QSignalBlocker b(m_layerSpin);
        m_layerSpin->setRange(0, std::max(0, m_result.similarity.layers - 1));
    }
    m_calibrationText = m_requestedText;
    recomputeLinkage();
    updateWeightHeatmap();
    updateActions();
    updateFinetuneTexts();
    updateFinetunePlanLabel();
    updateFinetuneActions();
    Q_EMIT analysisFinished();
}

// ---------------------------------------------------------------- clustering

void AgentsView::setLevel(AgentLevel level) {
    if (m_levelBox->currentData().toInt() != int(level)) {
        const QSignalBlocker b(m_levelBox);
        m_levelBox->setCurrentIndex(m_levelBox->findData(int(level)));
    }
    if (level == m_level) return;
    m_level = level;
    recomputeLinkage();
}

QStringList AgentsView::unitLabels() const {
    QStringList out;
    const auto& names = m_level == AgentLevel::Layers ? m_result.similarity.units : m_result.similarity.agents;
    for (const auto& n : names) out << QString::fromStdString(n);
    return out;
}

QString AgentsView::figureSubtitle() const {
    return tr("%1 agents · %2 · %3 tokens per agent · %4 linkage · threshold %5")
        .arg(m_result.names.size())
        .arg(QString::fromLatin1(metricName(m_result.similarity.metric)))
        .arg(m_result.similarity.tokens)
        .arg(QString::fromLatin1(linkageName(static_cast<LinkageMethod>(m_linkageBox->currentData().toInt()))))
        .arg(threshold(), 0, 'g', 4);
}

widgets::HeatmapData AgentsView::heatmapData() const {
    widgets::HeatmapData h;
    const bool layers = m_level == AgentLevel::Layers;
    const Eigen::MatrixXd& s = layers ? m_result.similarity.similarity : m_result.similarity.agentSimilarity;
    h.values = s;
    h.labels = unitLabels();
    h.title = layers ? tr("Similarity of the agents' blocks") : tr("Similarity of the agents");
    h.colorbarLabel = metricLabel(m_result.similarity.metric);
    h.axisLabel = layers ? tr("Agent / block") : tr("Agent");
    h.vmin = s.size() > 0 ? std::min(0.0, s.minCoeff()) : 0.0;
    h.vmax = 1.0;
    // Whole agents are often alike (S > 0.9): let the colours span the
    // values, from the minimum rounded down to 0.05.
    if (!layers && s.size() > 0 && s.minCoeff() > 0.0)
        h.vmin = std::min(0.95, std::floor(s.minCoeff() * 20.0) / 20.0);
    if (layers) {
        const int L = m_result.similarity.layers;
        for (int a = 1; a < static_cast<int>(m_result.names.size()); ++a) h.separators.push_back(a * L);
    }
    h.groups = m_groups;
    return h;
}

widgets::DendrogramData AgentsView::dendrogramData() const {
    widgets::DendrogramData d;
    d.z = m_linkage;
    d.layout = dendrogramLayout(m_linkage, threshold());
    d.labels = unitLabels();
    d.threshold = threshold();
    d.title = m_level == AgentLevel::Layers ? tr("Clustering of the agents' blocks") : tr("Clustering of the agents");
    return d;
}

void AgentsView::recomputeLinkage() {
    if (!m_hasResult) return;
    const bool layers = m_level == AgentLevel::Layers;
    const Eigen::MatrixXd& s = layers ? m_result.similarity.similarity : m_result.similarity.agentSimilarity;
    const auto method = static_cast<LinkageMethod>(m_linkageBox->currentData().toInt());
    try {
        m_linkage = linkage(similarityToDistance(s), method);
    } catch (const std::exception& e) {
        m_haveLinkage = false;
        QMessageBox::warning(this, tr("Clustering failed"), widgets::errorText(e));
        return;
    }
    m_haveLinkage = true;
    std::vector<double> heights;
    for (const auto& r : m_linkage) heights.push_back(r[2]);
    const double maxHeight = heights.empty() ? 0.0 : *std::max_element(heights.begin(), heights.end());
    // The threshold's range is the dendrogram's axis, so dragging never
    // rescales it under the mouse.
    m_thresholdTop = std::min(2.0, widgets::DendrogramGeometry::axisTop(maxHeight, 0.0));
    if (!(m_thresholdTop > 0.0)) m_thresholdTop = 1.0;
    double& t = m_threshold[levelIndex()];
    if (t < 0.0 || t > m_thresholdTop) {
        // Start at the median merge height: some groups, not one.
        std::sort(heights.begin(), heights.end());
        t = heights.empty() ? 0.0 : heights[heights.size() / 2];
    }
    {
        const QSignalBlocker b(m_thresholdSpin);
        const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(m_thresholdTop))) + 3, 3, 8);
        m_thresholdSpin->setDecimals(decimals);
        m_thresholdSpin->setRange(0.0, m_thresholdTop);
        m_thresholdSpin->setSingleStep(m_thresholdTop / 100.0);
    }
    m_dendrogram->setThresholdBounds(0.0, m_thresholdTop);
    m_groups.clear();
    m_heatmap->setData(heatmapData());
    recomputeGroups();
}

void AgentsView::setThreshold(double t) {
    m_threshold[levelIndex()] = t;
    recomputeGroups();
}

void AgentsView::recomputeGroups() {
    if (!m_hasResult || !m_haveLinkage) return;
    double& t = m_threshold[levelIndex()];
    t = std::clamp(t, 0.0, m_thresholdTop);
    try {
        m_groups = cutGroups(m_linkage, t);
        m_plan = makeAgentPlan(m_result.checkpoints, m_result.names, m_level, m_groups);
    } catch (const std::exception& e) {
        m_preview->setText(widgets::errorText(e));
        return;
    }
    m_heatmap->setGroups(m_groups);
    m_dendrogram->setData(dendrogramData());
    {
        const QSignalBlocker b(m_thresholdSpin);
        m_thresholdSpin->setValue(t);
    }

    const QLocale loc;
    m_groupTable->setRowCount(static_cast<int>(m_plan.groups.size()));
    for (size_t g = 0; g < m_plan.groups.size(); ++g) {
        const PlanGroup& pg = m_plan.groups[g];
        QStringList members;
        for (int u : pg.members)
            members << QString::fromStdString(u >= 0 && u < static_cast<int>(m_plan.units.size())
                                                  ? m_plan.units[size_t(u)].name
                                                  : std::to_string(u));
        const int row = static_cast<int>(g);
        auto set = [&](int col, const QString& text, Qt::Alignment align) {
            auto* item = new QTableWidgetItem(text);
            item->setTextAlignment(align | Qt::AlignVCenter);
            if (col == MembersColumn) item->setToolTip(text);
            m_groupTable->setItem(row, col, item);
        };
        set(GroupNumberColumn, QString::number(row + 1), Qt::AlignRight);
        set(MembersColumn, members.join(QStringLiteral(", ")), Qt::AlignLeft);
        set(SharedColumn, loc.toString(static_cast<qlonglong>(pg.sharedParameters)), Qt::AlignRight);
        set(SavedColumn, loc.toString(static_cast<qlonglong>(pg.savedParameters)), Qt::AlignRight);
        set(SavedBytesColumn, loc.formattedDataSize(static_cast<qint64>(pg.savedBytes)), Qt::AlignRight);
        if (pg.members.size() >= 2) {
            // The group's colour (as in the heatmap and dendrogram), faded to a tint.
            const QColor c = widgets::groupColor(row);
            const QColor tint((c.red() + 3 * 255) / 4, (c.green() + 3 * 255) / 4, (c.blue() + 3 * 255) / 4);
            for (int col = 0; col < GroupColumnCount; ++col) m_groupTable->item(row, col)->setBackground(tint);
        }
    }
    m_groupTable->clearSelection();
    m_preview->setText(previewText());
    updateFinetunePlanLabel();
}

QString AgentsView::previewText() const {
    if (!m_hasResult || m_plan.units.empty()) return {};
    const QLocale loc;
    int shared = 0, sharedGroups = 0;
    for (const auto& g : m_plan.groups)
        if (g.members.size() >= 2) {
            shared += static_cast<int>(g.members.size());
            ++sharedGroups;
        }
    const qlonglong saved = m_plan.baselineParameters - m_plan.sharedParameters;
    const double pct = m_plan.baselineParameters > 0 ? 100.0 * saved / m_plan.baselineParameters : 0.0;
    const QString what = m_level == AgentLevel::Layers ? tr("blocks") : tr("agents");
    return tr("%1 of %2 %3 in %4 shared groups at threshold %5.\n"
              "System parameters: %6 → %7 (saves %8, %9 %) · bytes: %10 → %11")
        .arg(shared)
        .arg(m_plan.units.size())
        .arg(what)
        .arg(sharedGroups)
        .arg(threshold(), 0, 'f', 4)
        .arg(loc.toString(static_cast<qlonglong>(m_plan.baselineParameters)),
             loc.toString(static_cast<qlonglong>(m_plan.sharedParameters)), loc.toString(saved),
             loc.toString(pct, 'f', 1), loc.formattedDataSize(static_cast<qint64>(m_plan.baselineBytes)),
             loc.formattedDataSize(static_cast<qint64>(m_plan.sharedBytes)));
}

// ---------------------------------------------------------------- weights

void AgentsView::setWeightLayer(int layer) { m_layerSpin->setValue(layer); }

widgets::HeatmapData AgentsView::weightHeatmapData() const {
    widgets::HeatmapData h;
    const auto& w = m_result.weights;
    const int l = m_layerSpin->value();
    const auto q = static_cast<WeightQuantity>(m_weightQuantity->currentData().toInt());
    const std::vector<Eigen::MatrixXd>& list = q == DifferenceNorm       ? w.differenceNorm
                                               : q == RelativeDifference ? w.relativeDifference
                                               : q == WeightCosine       ? w.weightCosine
                                                                         : w.deltaCosine;
    if (l < 0 || l >= static_cast<int>(list.size())) return h;
    h.values = list[size_t(l)];
    for (const auto& n : m_result.names) h.labels << QString::fromStdString(n);
    h.axisLabel = tr("Agent");
    h.title = tr("Block %1: %2").arg(l).arg(m_weightQuantity->currentText());
    h.colorbarLabel = m_weightQuantity->currentText();
    switch (q) {
    case DifferenceNorm:
    case RelativeDifference:
        h.vmin = 0.0;
        h.vmax = h.values.size() > 0 ? std::max(h.values.maxCoeff(), 1e-12) : 1.0;
        break;
    case WeightCosine:
        h.vmin = h.values.size() > 0 ? std::min(h.values.minCoeff(), 0.999) : 0.0;
        h.vmax = 1.0;
        break;
    case DeltaCosine:
        h.vmin = -1.0;
        h.vmax = 1.0;
        break;
    }
    return h;
}

void AgentsView::updateWeightHeatmap() {
    if (!m_hasResult) return;
    m_weightHeatmap->setData(weightHeatmapData());
}

// ---------------------------------------------------------------- state

void AgentsView::updateActions() {
    const bool haveAgents = m_agentTable->rowCount() >= 2;
    m_analyzeButton->setEnabled(haveAgents && !isExportingPool());
    m_analyzeButton->setToolTip(haveAgents ? QString() : tr("Add at least two model folders."));
    m_removeButton->setEnabled(!m_agentTable->selectionModel()->selectedRows().isEmpty());
    m_exportButton->setEnabled(m_hasResult && !isExportingPool());
    m_thresholdSpin->setEnabled(m_hasResult);
    m_layerSpin->setEnabled(m_hasResult);
}

// ---------------------------------------------------------------- exports

bool AgentsView::exportHeatmap(const QString& path, QString* error) {
    if (!m_hasResult) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    widgets::HeatmapData h = heatmapData();
    h.subtitle = figureSubtitle();
    return widgets::exportFigure(path, QSizeF(520, 460),
                                 [&](QPainter& p, const QRectF& r) { widgets::paintHeatmap(p, r, h); }, error);
}

bool AgentsView::exportDendrogram(const QString& path, QString* error) {
    if (!m_hasResult || !m_haveLinkage) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    widgets::DendrogramData d = dendrogramData();
    d.subtitle = figureSubtitle();
    return widgets::exportFigure(path, QSizeF(600, 360),
                                 [&](QPainter& p, const QRectF& r) { widgets::paintDendrogram(p, r, d); }, error);
}

bool AgentsView::exportWeightHeatmap(const QString& path, QString* error) {
    if (!m_hasResult) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    const widgets::HeatmapData h = weightHeatmapData();
    return widgets::exportFigure(path, QSizeF(420, 360),
                                 [&](QPainter& p, const QRectF& r) { widgets::paintHeatmap(p, r, h); }, error);
}

bool AgentsView::exportPlanJson(const QString& path, QString* error) {
    if (!m_hasResult || m_plan.units.empty()) {
        if (error) *error = tr("There is no plan to export yet.");
        return false;
    }
    try {
        writeFileAtomic(path.toStdString(), agentPlanToJson(m_plan));
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), widgets::errorText(e));
        return false;
    }
}

bool AgentsView::isExportingPool() const { return m_poolJobs && m_poolJobs->isRunning(); }

void AgentsView::cancelPoolExport() { m_poolJobs->cancel(); }

void AgentsView::exportPool(const QString& dir) {
    QString refusal;
    if (!m_hasResult || m_plan.units.empty())
        refusal = tr("There is no plan to export yet: analyze the agents first.");
    else if (m_runner->isRunning())
        refusal = tr("An analysis is running: wait for it to finish, or cancel it, then export the pool.");
    else if (isExportingPool())
        refusal = tr("A pool export is already running.");
    else if (m_finetune->isRunning())
        refusal = tr("A fine-tune is running: wait for it to finish, or cancel it, then export the pool.");
    if (!refusal.isEmpty()) {
        Q_EMIT poolExportFinished(dir, refusal, false, false);
        return;
    }
    // The trained system only when it was trained on the plan shown now.
    const bool trained = !m_ftSummary.trainedShared.empty() &&
                         agentPlanToJson(m_ftRequest.plan) == agentPlanToJson(m_plan);
    const AgentSharingPlan plan = m_plan;
    const std::vector<std::shared_ptr<const Model>> system =
        trained ? m_ftSummary.trainedShared : std::vector<std::shared_ptr<const Model>>{};
    std::vector<std::string> paths;
    for (const QString& path : m_result.paths) paths.push_back(path.toStdString());
    const std::vector<std::string> names = m_result.names;
    const SharedInit init = trained ? m_ftRequest.init : static_cast<SharedInit>(m_ftInit->currentData().toInt());

    // How it was made, with the keys sharelens-cli writes.
    std::map<std::string, std::string> prov;
    std::string sources;
    for (const auto& path : paths) sources += (sources.empty() ? "" : ",") + path;
    prov[trained ? "finetuned_from" : "source"] = sources;
    prov["metric"] = metricName(m_result.similarity.metric);
    prov["tokens"] = std::to_string(m_result.similarity.tokens);
    prov["level"] = m_level == AgentLevel::Layers ? "layers" : "agents";
    prov["linkage_method"] = linkageName(static_cast<LinkageMethod>(m_linkageBox->currentData().toInt()));
    prov["threshold"] = std::to_string(threshold());
    prov["calibration_file"] = m_calibrationText.toStdString();
    prov["init"] = sharedInitName(init);
    if (trained) {
        prov["steps"] = std::to_string(m_ftSummary.shared.steps);
        prov["lr"] = std::to_string(m_ftRequest.learningRate);
        prov["seed"] = std::to_string(m_ftRequest.seed);
    }
    prov["sharelens_version"] = SHARELENS_VERSION;

    const std::string target = dir.toStdString();
    QPointer<AgentsView> self(this);
    m_poolJobs->start([self, system, paths, names, plan, init, prov, target, dir,
                       trained](const JobRunner::Context& ctx) -> std::function<void()> {
        const auto post = ctx.post;
        const auto stage = [post, self](const QString& text, double fraction) {
            post([self, text, fraction] {
                if (!self) return;
                self->m_progress->setValue(static_cast<int>(fraction * 1000));
                self->m_stage->setText(text);
            });
        };
        QString error;
        bool cancelled = false;
        try {
            std::vector<std::shared_ptr<const Model>> models = system;
            Agents agents; // keeps the reloaded agents alive while their tied system is written
            if (models.empty()) {
                stage(tr("Loading the agents"), 0.0);
                agents = loadAgents(paths, names, Progress({}, ctx.cancel));
                stage(tr("Building the shared system"), 0.0);
                for (auto& m : makeSharedAgents(agents.view(), plan, init)) models.push_back(std::move(m));
            }
            std::vector<const Model*> view;
            for (const auto& m : models) view.push_back(m.get());
            const Progress progress(
                [stage](const ProgressInfo& p) {
                    stage(tr("Writing the shared pool: %1").arg(QString::fromStdString(p.stage)), p.fraction);
                },
                ctx.cancel);
            progress.check();
            exportAgentPool(view, names, target, DType::F32, &plan, prov, progress);
        } catch (const Cancelled&) {
            cancelled = true;
            error = tr("The pool export was cancelled; %1 is as it was.").arg(QDir::toNativeSeparators(dir));
        } catch (const std::exception& e) {
            error = widgets::errorText(e);
        }
        return [self, dir, error, trained, cancelled] {
            if (!self) return;
            if (cancelled)
                self->m_stage->setText(error);
            else if (error.isEmpty())
                self->m_stage->setText(trained ? tr("Wrote the trained system's shared pool to %1.")
                                                     .arg(QDir::toNativeSeparators(dir))
                                               : tr("Wrote the plan's untrained shared pool to %1.")
                                                     .arg(QDir::toNativeSeparators(dir)));
            Q_EMIT self->poolExportFinished(dir, error, trained, cancelled);
        };
    });
}

void AgentsView::exportPoolInteractive() {
    const bool trained = !m_ftSummary.trainedShared.empty() &&
                         agentPlanToJson(m_ftRequest.plan) == agentPlanToJson(m_plan);
    const QString dir = QFileDialog::getSaveFileName(
        this, trained ? tr("Export the Trained Shared Pool") : tr("Export the Plan's Shared Pool (Untrained)"),
        QStringLiteral("agents-pool"), QString(), nullptr, QFileDialog::ShowDirsOnly);
    if (dir.isEmpty()) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(this, &AgentsView::poolExportFinished, this,
                    [this, conn](const QString&, const QString& error, bool, bool cancelled) {
        disconnect(*conn);
        if (error.isEmpty() || cancelled) return;
        QMessageBox box(QMessageBox::Warning, tr("Export failed"), tr("The shared pool could not be written."),
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("agentsPoolErrorDialog"));
        box.setInformativeText(error);
        box.exec();
    });
    exportPool(dir);
}

void AgentsView::exportFigureInteractive(int which) {
    static const char* const names[] = {"agents-heatmap.png", "agents-dendrogram.png", "agents-weights.png"};
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Figure"), QString::fromLatin1(names[which]),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    const bool ok = which == 0   ? exportHeatmap(path, &error)
                    : which == 1 ? exportDendrogram(path, &error)
                                 : exportWeightHeatmap(path, &error);
    if (!ok) QMessageBox::warning(this, tr("Export failed"), error);
}

void AgentsView::exportPlanInteractive() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Sharing Plan"), QStringLiteral("agents-plan.json"),
                                                      tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportPlanJson(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

// ---------------------------------------------------------------- fine-tune

QWidget* AgentsView::buildFinetuneTab() {
    auto* tab = new QWidget;
    auto* top = new QHBoxLayout(tab);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(buildFinetunePanel());
    scroll->setMinimumWidth(scroll->widget()->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() + 4);
    scroll->setMaximumWidth(scroll->minimumWidth() + 60);
    top->addWidget(scroll);

    // The single-model fine-tune's charts, two columns; the results in the
    // fourth cell.
    m_ftCharts = new TrainingChartsPanel({tr("Unshared"), tr("Shared")}, 2);
    m_ftResults = makeRunTable(QStringLiteral("agentsFinetuneResults"), {tr("Unshared"), tr("Shared")}, true);
    m_ftResults->setToolTip(tr("The two systems: validation loss is the mean over the agents; parameters count "
                               "every tensor of the system once."));
    m_ftAgents = new QTableWidget(0, AgentLossCols);
    m_ftAgents->setObjectName(QStringLiteral("agentsFinetuneAgents"));
    m_ftAgents->setHorizontalHeaderLabels({tr("Agent"), tr("Unshared\nbefore"), tr("Unshared\nafter"),
                                           tr("Shared\nbefore"), tr("Shared\nafter")});
    m_ftAgents->verticalHeader()->hide();
    m_ftAgents->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ftAgents->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_ftAgents->horizontalHeader()->setSectionResizeMode(AgentNameCol, QHeaderView::ResizeToContents);
    m_ftAgents->setWordWrap(false);
    auto* resultsBox = new QGroupBox(tr("Results"));
    auto* rl = new QVBoxLayout(resultsBox);
    rl->addWidget(new QLabel(tr("The two systems (validation loss: mean over the agents):")));
    rl->addWidget(m_ftResults);
    rl->addWidget(new QLabel(tr("Validation loss of each agent on its own text:")));
    rl->addWidget(m_ftAgents, 1);
    m_ftCharts->grid()->addWidget(resultsBox, 1, 1);
    // A little more room on the right for the results' six columns.
    m_ftCharts->grid()->setColumnStretch(0, 4);
    m_ftCharts->grid()->setColumnStretch(1, 5);
    top->addWidget(m_ftCharts, 1);
    return tab;
}

QWidget* AgentsView::buildFinetunePanel() {
    auto* panel = new QWidget;
    auto* vl = new QVBoxLayout(panel);
    vl->setContentsMargins(0, 0, 0, 0);
    m_ftPlan = new QLabel;
    m_ftPlan->setObjectName(QStringLiteral("agentsFinetunePlan"));
    m_ftPlan->setWordWrap(true);
    vl->addWidget(m_ftPlan);

    auto* texts = new QGroupBox(tr("Texts"));
    auto* xl = new QVBoxLayout(texts);
    m_ftTexts = new QTableWidget(0, 2);
    m_ftTexts->setObjectName(QStringLiteral("agentsFinetuneTexts"));
    m_ftTexts->setHorizontalHeaderLabels({tr("Agent"), tr("Text")});
    m_ftTexts->horizontalHeader()->setSectionResizeMode(TextAgentCol, QHeaderView::ResizeToContents);
    m_ftTexts->horizontalHeader()->setSectionResizeMode(TextFileCol, QHeaderView::Stretch);
    m_ftTexts->verticalHeader()->hide();
    m_ftTexts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ftTexts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ftTexts->setSelectionMode(QAbstractItemView::SingleSelection);
    m_ftTexts->setMinimumHeight(120);
    m_ftTexts->setToolTip(tr("Each agent trains on its own text: the calibration text unless you choose one. "
                             "Double-click a row to choose a file."));
    connect(m_ftTexts, &QTableWidget::cellDoubleClicked, this, [this] { chooseAgentText(); });
    connect(m_ftTexts, &QTableWidget::itemSelectionChanged, this, &AgentsView::updateFinetuneActions);
    xl->addWidget(m_ftTexts);
    auto* textButtons = new QHBoxLayout;
    m_ftChooseText = new QPushButton(tr("Choose…"));
    m_ftChooseText->setObjectName(QStringLiteral("agentsFinetuneChooseText"));
    m_ftResetText = new QPushButton(tr("Calibration Text"));
    m_ftResetText->setObjectName(QStringLiteral("agentsFinetuneResetText"));
    connect(m_ftChooseText, &QPushButton::clicked, this, &AgentsView::chooseAgentText);
    connect(m_ftResetText, &QPushButton::clicked, this, [this] {
        const int row = m_ftTexts->currentRow();
        if (row >= 0) setAgentText(row, QString());
    });
    textButtons->addWidget(m_ftChooseText);
    textButtons->addWidget(m_ftResetText);
    textButtons->addStretch(1);
    xl->addLayout(textButtons);
    vl->addWidget(texts);

    m_ftTraining = new TrainingSettingsBox(QStringLiteral("agentsFinetune"));
    vl->addWidget(m_ftTraining);
    auto* sharing = new QGroupBox(tr("Sharing"));
    auto* sf = new QFormLayout(sharing);
    m_ftInit = new QComboBox;
    m_ftInit->setObjectName(QStringLiteral("agentsFinetuneInit"));
    m_ftInit->addItem(tr("Mean of the members"), int(SharedInit::Mean));
    m_ftInit->addItem(tr("Medoid member"), int(SharedInit::Medoid));
    m_ftInit->addItem(tr("First member"), int(SharedInit::First));
    sf->addRow(tr("Initialisation:"), m_ftInit);
    vl->addWidget(sharing);

    m_ftStart = new QPushButton(tr("Start"));
    m_ftStart->setObjectName(QStringLiteral("agentsFinetuneStart"));
    m_ftPause = new QPushButton(tr("Pause"));
    m_ftPause->setObjectName(QStringLiteral("agentsFinetunePause"));
    m_ftCancel = new QPushButton(tr("Cancel"));
    m_ftCancel->setObjectName(QStringLiteral("agentsFinetuneCancel"));
    connect(m_ftStart, &QPushButton::clicked, this, &AgentsView::startFinetune);
    connect(m_ftPause, &QPushButton::clicked, this, [this] { setFinetunePaused(!m_finetune->isPaused()); });
    connect(m_ftCancel, &QPushButton::clicked, this, &AgentsView::cancelFinetune);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_ftStart);
    buttons->addWidget(m_ftPause);
    buttons->addWidget(m_ftCancel);
    vl->addLayout(buttons);
    m_ftProgress = new QProgressBar;
    m_ftProgress->setObjectName(QStringLiteral("agentsFinetuneProgress"));
    m_ftProgress->setRange(0, 1);
    m_ftProgress->setValue(0);
    m_ftStage = new QLabel;
    m_ftStage->setObjectName(QStringLiteral("agentsFinetuneStage"));
    m_ftStage->setWordWrap(true);
    vl->addWidget(m_ftProgress);
    vl->addWidget(m_ftStage);
    vl->addStretch(1);
    return panel;
}

void AgentsView::showTab(int index) { m_tabs->setCurrentIndex(index); }

// One row per agent of the shown result; a chosen text stays with its folder.
void AgentsView::updateFinetuneTexts() {
    const int n = m_hasResult ? static_cast<int>(m_result.names.size()) : 0;
    m_ftTexts->setRowCount(n);
    for (int k = 0; k < n; ++k) {
        auto* name = new QTableWidgetItem(QString::fromStdString(m_result.names[size_t(k)]));
        m_ftTexts->setItem(k, TextAgentCol, name);
        const QString chosen = m_agentTexts.value(m_result.paths.value(k));
        auto* text = new QTableWidgetItem(chosen.isEmpty() ? tr("Calibration text") : QFileInfo(chosen).fileName());
        text->setToolTip(QDir::toNativeSeparators(chosen.isEmpty() ? m_calibrationText : chosen));
        if (chosen.isEmpty()) {
            QFont f = text->font();
            f.setItalic(true);
            text->setFont(f);
        }
        m_ftTexts->setItem(k, TextFileCol, text);
    }
}

void AgentsView::setAgentText(int agent, const QString& path) {
    if (!m_hasResult || agent < 0 || agent >= m_result.paths.size()) return;
    if (path.isEmpty())
        m_agentTexts.remove(m_result.paths[agent]);
    else
        m_agentTexts.insert(m_result.paths[agent], path);
    updateFinetuneTexts();
}

QString AgentsView::agentText(int agent) const {
    if (!m_hasResult || agent < 0 || agent >= m_result.paths.size()) return {};
    const QString chosen = m_agentTexts.value(m_result.paths[agent]);
    return chosen.isEmpty() ? m_calibrationText : chosen;
}

void AgentsView::chooseAgentText() {
    const int row = m_ftTexts->currentRow();
    if (row < 0 || m_finetune->isRunning()) return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Choose the Text of %1").arg(m_ftTexts->item(row, TextAgentCol)->text()), agentText(row),
        tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty()) setAgentText(row, path);
}

void AgentsView::updateFinetunePlanLabel() {
    if (!m_hasResult || m_plan.units.empty()) {
        m_ftPlan->setText(tr("Analyze the agents and choose a threshold: the fine-tune trains the shared system of "
                             "the plan's groups against the unshared agents."));
        return;
    }
    int sharedGroups = 0;
    for (const auto& g : m_plan.groups)
        if (g.members.size() >= 2) ++sharedGroups;
    const QLocale loc;
    m_ftPlan->setText(tr("Plan (%1): %2 shared groups · %3 → %4 parameters")
                          .arg(m_plan.level == AgentLevel::Layers ? tr("layers") : tr("whole agents"))
                          .arg(sharedGroups)
                          .arg(loc.toString(static_cast<qlonglong>(m_plan.baselineParameters)))
                          .arg(loc.toString(static_cast<qlonglong>(m_plan.sharedParameters))));
}

void AgentsView::updateFinetuneActions() {
    const bool running = m_finetune->isRunning();
    // Start stays clickable before a plan exists: it says what is missing.
    m_ftStart->setEnabled(!running);
    m_ftPause->setEnabled(running);
    m_ftCancel->setEnabled(running);
    if (!running) m_ftPause->setText(tr("Pause"));
    m_ftTraining->setFieldsEnabled(!running);
    m_ftInit->setEnabled(!running);
    const bool row = m_ftTexts->currentRow() >= 0;
    m_ftChooseText->setEnabled(!running && row);
    m_ftResetText->setEnabled(!running && row);
}

bool AgentsView::isFinetuning() const { return m_finetune->isRunning(); }

void AgentsView::startFinetune() {
    if (m_finetune->isRunning()) return;
    if (!m_hasResult || m_plan.units.empty()) {
        QMessageBox box(QMessageBox::Information, tr("No sharing plan yet"),
                        tr("Analyze the agents first, then choose a threshold: the fine-tune trains the shared "
                           "system of that plan against the unshared agents."),
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("agentsFinetuneNoPlan"));
        box.exec();
        return;
    }
    AgentsFinetuneRequest req;
    req.paths = m_result.paths;
    req.names = m_result.names;
    req.plan = m_plan;
    for (int k = 0; k < m_result.paths.size(); ++k) req.textPaths << agentText(k);
    req.steps = m_ftTraining->steps()->value();
    req.batchSize = m_ftTraining->batch()->value();
    req.seqLen = m_ftTraining->seqLen()->value();
    req.learningRate = m_ftTraining->learningRate()->value();
    req.seed = static_cast<uint64_t>(m_ftTraining->seed()->value());
    req.init = static_cast<SharedInit>(m_ftInit->currentData().toInt());
    m_ftRequest = req;
    m_ftSummary = AgentsFinetuneSummary{};
    m_ftCharts->clear(req.steps);
    clearRunTable(m_ftResults);
    m_ftAgents->setRowCount(static_cast<int>(req.names.size()));
    for (int k = 0; k < static_cast<int>(req.names.size()); ++k) {
        m_ftAgents->setItem(k, AgentNameCol, new QTableWidgetItem(QString::fromStdString(req.names[size_t(k)])));
        for (int c = UnsharedBeforeCol; c < AgentLossCols; ++c) m_ftAgents->setItem(k, c, nullptr);
    }
    m_ftProgress->setRange(0, req.steps);
    m_ftProgress->setValue(0);
    m_ftStage->setText(tr("Starting…"));
    m_ftTimer.invalidate();
    m_finetune->start(req);
    updateFinetuneActions();
}

void AgentsView::cancelFinetune() { m_finetune->cancel(); }

void AgentsView::setFinetunePaused(bool paused) {
    if (paused)
        m_finetune->pause();
    else
        m_finetune->resume();
}

void AgentsView::setAgentLossCell(int agent, int column, double loss) {
    if (agent < 0 || agent >= m_ftAgents->rowCount()) return;
    auto* item = new QTableWidgetItem(lossText(loss));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_ftAgents->setItem(agent, column, item);
}

void AgentsView::takeFinetuneRecords(const FinetuneRecords& records) {
    m_ftCharts->addRecords(records);
    // Each agent's loss before training as soon as it is known; the
    // latest evaluation in the "after" columns while the run goes on.
    for (const auto& r : records.agentEvals) {
        const bool shared = r.run == PairRun::Shared;
        const int col = r.eval.step == 0 ? (shared ? SharedBeforeCol : UnsharedBeforeCol)
                                         : (shared ? SharedAfterCol : UnsharedAfterCol);
        setAgentLossCell(r.agent, col, r.eval.loss);
    }
    if (!records.steps.empty() && !m_ftTimer.isValid()) m_ftTimer.start();
    m_ftProgress->setRange(0, std::max(1, records.stepsTotal));
    m_ftProgress->setValue(records.stepsDone);
    if (m_finetune->isPaused()) return;
    QString text = records.stage;
    if (records.stepsDone > 0) {
        text = tr("%1: step %2 of %3").arg(records.stage).arg(records.stepsDone).arg(records.stepsTotal);
        const double elapsed = m_ftTimer.isValid() ? m_ftTimer.elapsed() / 1000.0 : 0.0;
        if (elapsed > 1.0 && records.stepsDone < records.stepsTotal) {
            const double left = elapsed * (records.stepsTotal - records.stepsDone) / records.stepsDone;
            text += tr(" · about %1 s left").arg(QLocale().toString(left, 'f', 0));
        }
    }
    m_ftStage->setText(text);
}

void AgentsView::takeFinetuneSummary(const AgentsFinetuneSummary& summary) {
    m_ftSummary = summary;
    setRunRow(m_ftResults, 0, tr("Unshared"), summary.baseline);
    setRunRow(m_ftResults, 1, tr("Shared"), summary.shared);
    m_ftAgents->setRowCount(static_cast<int>(summary.agents.size()));
    for (int k = 0; k < static_cast<int>(summary.agents.size()); ++k) {
        const auto& a = summary.agents[size_t(k)];
        m_ftAgents->setItem(k, AgentNameCol, new QTableWidgetItem(QString::fromStdString(a.name)));
        setAgentLossCell(k, UnsharedBeforeCol, a.unsharedBefore);
        setAgentLossCell(k, UnsharedAfterCol, a.unsharedAfter);
        setAgentLossCell(k, SharedBeforeCol, a.sharedBefore);
        setAgentLossCell(k, SharedAfterCol, a.sharedAfter);
    }
    if (summary.stopReason.isEmpty())
        m_ftStage->setText(tr("Finished %1 steps.").arg(summary.shared.steps));
    else
        m_ftStage->setText(tr("Stopped after %1 steps: %2").arg(summary.shared.steps).arg(summary.stopReason));
    Q_EMIT finetuneFinished(summary);
}

} // namespace sharelens::app
