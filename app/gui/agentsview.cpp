#include "agentsview.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "agentsfinetune.h"
#include "calibrationpanel.h"
#include "clusteringpanel.h"
#include "dendrogramwidget.h"
#include "document.h"
#include "figures.h"
#include "grouptable.h"
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
enum WeightQuantity { DifferenceNorm, RelativeDifference, WeightCosine, DeltaCosine };

QString metricLabel(Metric m) {
    switch (m) {
    case Metric::Pearson: return AgentsView::tr("Pearson correlation");
    case Metric::Cosine: return AgentsView::tr("Cosine similarity");
    default: return AgentsView::tr("Linear CKA");
    }
}

// A saved run as the Fine-tune tab shows it (the plan rebuilt from the
// agents' headers when they could be read).
AgentsFinetuneRequest agentsRequest(const SessionAgentsRun& run, const AgentsResult& result) {
    AgentsFinetuneRequest r;
    r.paths = result.paths;
    r.names = result.names;
    for (const auto& t : run.textPaths) r.textPaths << QString::fromStdString(t);
    r.steps = run.steps;
    r.batchSize = run.batchSize;
    r.seqLen = run.seqLen;
    r.learningRate = run.learningRate;
    r.init = run.init;
    r.seed = run.seed;
    try {
        if (!result.checkpoints.empty())
            r.plan = makeAgentPlan(result.checkpoints, result.names, run.plan.level, run.plan.groups, run.init);
    } catch (const std::exception&) {
        r.plan = AgentSharingPlan{}; // the agents changed since: the summary stays, the plan does not
    }
    return r;
}

} // namespace

AgentsView::AgentsView(QWidget* parent)
    : QWidget(parent), m_runner(new AgentsRunner(this)), m_poolJobs(new JobRunner(this)) {
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
    setDocument(new Document(this));
    connectRunners();
    // Roomy, but never larger than the screen (1366 × 768 laptops).
    resize(QSize(1400, 900).boundedTo(screen()->availableSize()));
    updateActions();
}

AgentsView::~AgentsView() = default;

void AgentsView::setDocument(Document* document) {
    if (m_document == document) return;
    if (m_document) {
        m_document->disconnect(this);
        if (m_document->parent() == this) m_document->deleteLater();
    }
    m_document = document;
    if (!m_document->isAgents()) m_document->resetAgents();
    connect(m_document, &Document::sessionReplaced, this, [this] { restore(); });
}

void AgentsView::connectRunners() {
    // The panel's progress bar and Cancel serve the analysis and the pool
    // export (never both at once: each waits for the other).
    connect(m_runner, &AgentsRunner::progress, m_run, &RunControls::showProgress);
    connect(m_poolJobs, &JobRunner::runningChanged, this, [this](bool running) {
        m_run->setRunning(running);
        updateActions();
    });
    connect(m_runner, &AgentsRunner::runningChanged, m_run, &RunControls::setRunning);
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
    connect(m_finetune, &AgentsFinetuneTab::finished, this, [this](const AgentsFinetuneSummary& summary) {
        m_document->addAgentsRun(sessionAgentsRun(m_finetune->request(), summary));
        Q_EMIT finetuneFinished(summary);
    });
    connect(m_finetune, &AgentsFinetuneTab::failed, this, &AgentsView::finetuneFailed);
    connect(m_finetune, &AgentsFinetuneTab::textsChanged, this, [this] {
        if (!m_restoring) m_document->setAgentTexts(m_finetune->chosenTexts());
    });
}

// ---------------------------------------------------------------- building

QWidget* AgentsView::buildAgentsBox() {
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
    return agents;
}

QToolButton* AgentsView::buildExportButton() {
    auto* button = new QToolButton;
    button->setObjectName(QStringLiteral("agentsExportButton"));
    button->setText(tr("Export"));
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(button);
    menu->addAction(tr("Similarity Heatmap Figure…"), this, [this] { exportFigureInteractive(0); });
    menu->addAction(tr("Dendrogram Figure…"), this, [this] { exportFigureInteractive(1); });
    menu->addAction(tr("Weight Difference Figure…"), this, [this] { exportFigureInteractive(2); });
    menu->addSeparator();
    menu->addAction(tr("Sharing Plan (JSON)…"), this, &AgentsView::exportPlanInteractive);
    menu->addAction(tr("Shared Pool (Folder)…"), this, &AgentsView::exportPoolInteractive);
    button->setMenu(menu);
    return button;
}

QWidget* AgentsView::buildPanel() {
    auto* panel = new QWidget;
    auto* pl = new QVBoxLayout(panel);
    pl->addWidget(buildAgentsBox());
    m_calibration = new CalibrationPanel;
    pl->addWidget(m_calibration);
    m_run = new RunControls({QStringLiteral("agentsAnalyzeButton"), QStringLiteral("agentsCancelButton"),
                             QStringLiteral("agentsProgress"), QString()});
    connect(m_run->analyzeButton(), &QPushButton::clicked, this, &AgentsView::analyze);
    connect(m_run->cancelButton(), &QPushButton::clicked, this, &AgentsView::cancel);
    pl->addWidget(m_run);

    using widgets::ClusteringPanel;
    m_clustering = new ClusteringPanel(tr("Clustering"), ClusteringPanel::NoOptions);
    m_levelBox = new QComboBox;
    m_levelBox->setObjectName(QStringLiteral("levelBox"));
    m_levelBox->addItem(tr("Layers (agent, block)"), int(AgentLevel::Layers));
    m_levelBox->addItem(tr("Whole agents"), int(AgentLevel::Agents));
    m_levelBox->setToolTip(tr("Layers: blocks of any agents may share one set of parameters. Agents: whole "
                              "agents become one model."));
    connect(m_levelBox, &QComboBox::currentIndexChanged, this,
            [this] { setLevel(static_cast<AgentLevel>(m_levelBox->currentData().toInt())); });
    m_clustering->form()->insertRow(0, tr("Level:"), m_levelBox);
    connect(m_clustering, &ClusteringPanel::treeChanged, this, &AgentsView::recomputeLinkage);
    connect(m_clustering, &ClusteringPanel::thresholdEdited, this, &AgentsView::setThreshold);
    pl->addWidget(m_clustering);

    m_exportButton = buildExportButton();
    pl->addWidget(m_exportButton);
    pl->addStretch(1);
    return panel;
}

QWidget* AgentsView::buildSimilarityTab() {
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
    m_groupModel = new widgets::GroupTableModel(this, widgets::GroupTableModel::Style::Tint);
    m_groupTable = new QTableView;
    m_groupTable->setObjectName(QStringLiteral("agentGroupTable"));
    m_groupTable->setModel(m_groupModel);
    m_groupTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_groupTable->horizontalHeader()->setSectionResizeMode(widgets::GroupTableModel::MembersColumn,
                                                           QHeaderView::Stretch);
    m_groupTable->setMinimumHeight(150);
    m_groupTable->verticalHeader()->setVisible(false);
    m_groupTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_groupTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    gl->addWidget(m_groupTable);
    similarity->addWidget(groupsBox);
    similarity->setStretchFactor(0, 2);
    similarity->setStretchFactor(1, 1);
    similarity->setSizes({620, 300});
    return similarity;
}

QWidget* AgentsView::buildWeightsTab() {
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
    return weights;
}

QWidget* AgentsView::buildResults() {
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("agentsTabs"));
    m_tabs->addTab(buildSimilarityTab(), tr("Similarity and groups"));
    m_tabs->addTab(buildWeightsTab(), tr("Weights (data-free)"));
    m_finetune = new AgentsFinetuneTab;
    m_tabs->addTab(m_finetune, tr("Fine-tune"));
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
    for (int r = 0; r < m_agentTable->rowCount(); ++r)
        out << m_agentTable->item(r, PathColumn)->data(Qt::UserRole).toString();
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
    m_requested = SessionCalibration{};
    m_requested.textPath = m_calibration->textFile().toStdString();
    m_requested.seqLen = req.seqLen;
    m_requested.sequences = req.sequences;
    m_requested.metric = req.options.metric;
    m_runner->analyze(req);
}

void AgentsView::cancel() {
    m_runner->cancel();
    m_poolJobs->cancel();
}

void AgentsView::takeResult(const AgentsResult& result) {
    // The similarity and weights go to the document; the view keeps the
    // agents' folders, names and checkpoint headers (for plans).
    m_result.paths = result.paths;
    m_result.names = result.names;
    m_result.checkpoints = result.checkpoints;
    m_calibrationText = m_requestedText;
    // The names as typed when the analysis started (empty = the folder name).
    QStringList typed = agentNames();
    if (agentPaths() != result.paths) typed = QStringList();
    m_document->setAgentsAnalysis(result.paths, typed, m_requested, result.similarity, result.weights);
    showResult();
    m_document->setAgentTexts(m_finetune->chosenTexts());
    Q_EMIT analysisFinished();
}

void AgentsView::showResult() {
    {
        const QSignalBlocker b(m_layerSpin);
        m_layerSpin->setRange(0, std::max(0, similarity().layers - 1));
    }
    m_finetune->setAgents(m_result.paths, m_result.names, m_calibrationText);
    recomputeLinkage();
    updateWeightHeatmap();
    updateActions();
}

// Restores the document's agents session: the agents' list, calibration and
// clustering settings, the similarity and weights (the checkpoint headers are
// read again for the plan), the chosen texts and the last run's summary.
bool AgentsView::restore(QString* error) {
    m_runner->cancel();
    const Session& s = m_document->session();
    if (!s.agents) return false;
    const SessionAgents& a = *s.agents;
    clearAgents();
    for (size_t k = 0; k < s.models.size(); ++k)
        addAgent(QString::fromStdString(s.models[k]), QString::fromStdString(k < a.names.size() ? a.names[k] : ""));
    setCalibrationFile(QString::fromStdString(s.calibration.textPath));
    m_calibration->setSequenceLength(s.calibration.seqLen);
    m_calibration->setSequenceCount(s.calibration.sequences);
    m_calibration->setMetric(s.calibration.metric);
    m_clustering->setLinkage(a.linkage);
    {
        const QSignalBlocker b(m_levelBox);
        m_levelBox->setCurrentIndex(m_levelBox->findData(int(a.level)));
    }
    m_result = AgentsResult{};
    m_calibrationText =
        s.calibration.textPath.empty() ? builtinCalibrationText() : QString::fromStdString(s.calibration.textPath);
    QString failure;
    for (const auto& m : s.models) m_result.paths << QString::fromStdString(m);
    try {
        m_result.names = sharelens::agentNames(s.models, a.names);
        for (const auto& m : s.models) m_result.checkpoints.push_back(openCheckpoint(m));
    } catch (const std::exception& e) {
        m_result.checkpoints.clear();
        failure = widgets::errorText(e);
    }
    if (a.similarity && m_result.names.size() != s.models.size()) m_result.names = a.similarity->agents;
    m_restoring = true;
    m_finetune->setAgents(m_result.paths, m_result.names, m_calibrationText);
    for (size_t k = 0; k < a.agentTexts.size() && k < s.models.size(); ++k)
        m_finetune->setAgentText(int(k), QString::fromStdString(a.agentTexts[k]));
    if (a.similarity) showResult();
    m_restoring = false;
    if (!a.runs.empty())
        m_finetune->showRun(agentsRequest(a.runs.back(), m_result), agentsFinetuneSummary(a.runs.back()));
    if (!failure.isEmpty()) m_preview->setText(failure);
    m_restoreError = failure;
    if (error) *error = failure;
    updateActions();
    return failure.isEmpty();
}

// ---------------------------------------------------------------- clustering

AgentLevel AgentsView::level() const {
    const auto& a = m_document->session().agents;
    return a ? a->level : AgentLevel::Layers;
}

std::array<double, 2> AgentsView::thresholds() const {
    const auto& a = m_document->session().agents;
    return a ? std::array<double, 2>{{a->layersThreshold, a->agentsThreshold}} : std::array<double, 2>{{-1.0, -1.0}};
}

double AgentsView::threshold() const { return thresholds()[size_t(levelIndex())]; }

const AgentSimilarityResult& AgentsView::similarity() const {
    static const AgentSimilarityResult none;
    const auto& a = m_document->session().agents;
    return a && a->similarity ? *a->similarity : none;
}

const WeightDifferenceResult& AgentsView::weights() const {
    static const WeightDifferenceResult none;
    const auto& a = m_document->session().agents;
    return a && a->weights ? *a->weights : none;
}

bool AgentsView::hasResult() const {
    const auto& a = m_document->session().agents;
    return a && a->similarity.has_value();
}

void AgentsView::writeGrouping(const std::array<double, 2>& t) {
    if (m_restoring) return;
    std::optional<SessionAgentPlan> plan;
    if (m_havePlan) plan = sessionAgentPlan(m_plan);
    m_document->setAgentsGrouping(m_document->session().agents ? level() : AgentLevel::Layers, m_clustering->linkage(),
                                  t[0], t[1], plan);
}

void AgentsView::setLevel(AgentLevel level) {
    if (m_levelBox->currentData().toInt() != int(level)) {
        const QSignalBlocker b(m_levelBox);
        m_levelBox->setCurrentIndex(m_levelBox->findData(int(level)));
    }
    if (level == this->level()) return;
    const auto t = thresholds();
    m_havePlan = false;
    m_document->setAgentsGrouping(level, m_clustering->linkage(), t[0], t[1], std::nullopt);
    recomputeLinkage();
}

QStringList AgentsView::unitLabels() const {
    QStringList out;
    const auto& names = level() == AgentLevel::Layers ? similarity().units : similarity().agents;
    for (const auto& n : names) out << QString::fromStdString(n);
    return out;
}

QString AgentsView::figureSubtitle() const {
    // Numbers as the window shows them: separators, the metric's name, the
    // threshold to 4 decimals.
    const QLocale loc;
    return tr("%1 agents · %2 · %3 tokens per agent · %4 linkage · threshold %5")
        .arg(loc.toString(static_cast<qlonglong>(m_result.names.size())), metricLabel(similarity().metric),
             loc.toString(static_cast<qlonglong>(similarity().tokens)),
             QString::fromLatin1(linkageName(m_clustering->linkage())), loc.toString(threshold(), 'f', 4));
}

widgets::HeatmapData AgentsView::heatmapData() const {
    widgets::HeatmapData h;
    const bool layers = level() == AgentLevel::Layers;
    const Eigen::MatrixXd& s = layers ? similarity().similarity : similarity().agentSimilarity;
    h.values = s;
    h.labels = unitLabels();
    h.title = layers ? tr("Similarity of the agents' blocks") : tr("Similarity of the agents");
    h.colorbarLabel = metricLabel(similarity().metric);
    h.axisLabel = layers ? tr("Agent / block") : tr("Agent");
    h.vmin = s.size() > 0 ? std::min(0.0, s.minCoeff()) : 0.0;
    h.vmax = 1.0;
    // Whole agents are often alike (S > 0.9): let the colours span the
    // values, from the minimum rounded down to 0.05.
    if (!layers && s.size() > 0 && s.minCoeff() > 0.0) h.vmin = std::min(0.95, std::floor(s.minCoeff() * 20.0) / 20.0);
    if (layers) {
        const int L = similarity().layers;
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
    d.title = level() == AgentLevel::Layers ? tr("Clustering of the agents' blocks") : tr("Clustering of the agents");
    return d;
}

void AgentsView::recomputeLinkage() {
    if (!hasResult()) return;
    const bool layers = level() == AgentLevel::Layers;
    const Eigen::MatrixXd& s = layers ? similarity().similarity : similarity().agentSimilarity;
    double t = threshold();
    try {
        m_linkage = m_clustering->cluster(similarityToDistance(s), &t);
    } catch (const std::exception& e) {
        m_haveLinkage = false;
        QMessageBox::warning(this, tr("Clustering failed"), widgets::errorText(e));
        return;
    }
    m_haveLinkage = true;
    m_dendrogram->setThresholdBounds(0.0, m_clustering->thresholdTop());
    m_groups.clear();
    m_heatmap->setData(heatmapData());
    recomputeGroups(t);
}

void AgentsView::setThreshold(double t) { recomputeGroups(t); }

void AgentsView::recomputeGroups(double t) {
    if (!hasResult() || !m_haveLinkage) return;
    t = std::clamp(t, 0.0, m_clustering->thresholdTop());
    try {
        m_groups = cutGroups(m_linkage, t);
        m_havePlan = !m_result.checkpoints.empty();
        if (m_havePlan) m_plan = makeAgentPlan(m_result.checkpoints, m_result.names, level(), m_groups);
    } catch (const std::exception& e) {
        m_havePlan = false;
        m_preview->setText(widgets::errorText(e));
        return;
    }
    auto all = thresholds();
    all[size_t(levelIndex())] = t;
    writeGrouping(all);
    m_heatmap->setGroups(m_groups);
    m_dendrogram->setData(dendrogramData());
    m_clustering->showThreshold(t);
    if (m_havePlan)
        m_groupModel->setAgentPlan(m_plan);
    else
        m_groupModel->setAgentPlan(AgentSharingPlan{});
    m_groupTable->clearSelection();
    m_preview->setText(previewText());
    m_finetune->setPlan(m_havePlan ? std::optional<AgentSharingPlan>(m_plan) : std::nullopt);
}

QString AgentsView::previewText() const {
    if (!hasResult() || !m_havePlan || m_plan.units.empty()) return {};
    const QLocale loc;
    int shared = 0, sharedGroups = 0;
    for (const auto& g : m_plan.groups)
        if (g.members.size() >= 2) {
            shared += static_cast<int>(g.members.size());
            ++sharedGroups;
        }
    const qlonglong saved = m_plan.baselineParameters - m_plan.sharedParameters;
    const double pct = m_plan.baselineParameters > 0 ? 100.0 * saved / m_plan.baselineParameters : 0.0;
    const QString what = level() == AgentLevel::Layers ? tr("blocks") : tr("agents");
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
    const auto& w = weights();
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
    if (!hasResult()) return;
    m_weightHeatmap->setData(weightHeatmapData());
}

// ---------------------------------------------------------------- state

void AgentsView::updateActions() {
    const bool haveAgents = m_agentTable->rowCount() >= 2;
    m_run->analyzeButton()->setEnabled(haveAgents && !isExportingPool());
    m_run->analyzeButton()->setToolTip(haveAgents ? QString() : tr("Add at least two model folders."));
    m_removeButton->setEnabled(!m_agentTable->selectionModel()->selectedRows().isEmpty());
    m_exportButton->setEnabled(hasResult() && !isExportingPool());
    m_clustering->setThresholdEnabled(hasResult());
    m_layerSpin->setEnabled(hasResult());
}

// ---------------------------------------------------------------- fine-tune

void AgentsView::showTab(int index) { m_tabs->setCurrentIndex(index); }
void AgentsView::setAgentText(int agent, const QString& path) { m_finetune->setAgentText(agent, path); }
QString AgentsView::agentText(int agent) const { return m_finetune->agentText(agent); }
void AgentsView::startFinetune() { m_finetune->start(); }
void AgentsView::cancelFinetune() { m_finetune->cancel(); }
void AgentsView::setFinetunePaused(bool paused) { m_finetune->setPaused(paused); }
bool AgentsView::isFinetuning() const { return m_finetune->isRunning(); }
FinetuneRunner* AgentsView::finetuneRunner() const { return m_finetune->runner(); }
widgets::TrainingChartsPanel* AgentsView::finetuneCharts() const { return m_finetune->charts(); }
QTableWidget* AgentsView::finetuneAgentTable() const { return m_finetune->agentTable(); }
QTableWidget* AgentsView::finetuneResults() const { return m_finetune->results(); }
const AgentsFinetuneSummary& AgentsView::finetuneSummary() const { return m_finetune->summary(); }
const AgentsFinetuneRequest& AgentsView::finetuneRequest() const { return m_finetune->request(); }

} // namespace sharelens::app
