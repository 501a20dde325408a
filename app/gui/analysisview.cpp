#include "analysisview.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "analysisjob.h"
#include "importancepanel.h"
#include "workergroup.h"
#include "workerspanel.h"
#include "calibrationpanel.h"
#include "clusteringpanel.h"
#include "colormap.h"
#include "dendrogramwidget.h"
#include "document.h"
#include "figures.h"
#include "groupedits.h"
#include "grouptable.h"
#include "heatmapwidget.h"
#include "paths.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/workflow.h"
#include "errortext.h"
#include "unitselection.h"

namespace sharelens::app {

namespace {

QString unitName(const SharingPlan& plan, int u) {
    if (u >= 0 && u < static_cast<int>(plan.units.size())) return QString::fromStdString(plan.units[size_t(u)].name);
    return QString::number(u);
}

QString csvField(const QString& s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))) return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

bool writeText(const QString& path, const QByteArray& contents, QString* error) {
    try {
        writeFileAtomic(path.toStdString(), contents.toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error =
                AnalysisView::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), widgets::errorText(e));
        return false;
    }
}

// The layout colours links by the plain cut; recolour them by the groups
// actually used (after the constraints), so the dendrogram, the heatmap
// outlines and the strip agree: a link takes group g's colour when every
// unit under it is in g, g has two or more members, and it lies under the cut.
DendrogramLayout layoutForGroups(const LinkageMatrix& z, double threshold,
                                 const std::vector<std::vector<int>>& groups) {
    DendrogramLayout layout = dendrogramLayout(z, threshold);
    const int n = static_cast<int>(z.size()) + 1;
    std::vector<int> groupOf(size_t(n), -1);
    for (size_t g = 0; g < groups.size(); ++g)
        for (int u : groups[g])
            if (u >= 0 && u < n && groups[g].size() >= 2) groupOf[size_t(u)] = static_cast<int>(g);
    // Group of every cluster id (units 0..n-1, merges n..2n-2); -1 when mixed.
    std::vector<int> clusterGroup(size_t(2 * n - 1), -1);
    for (int u = 0; u < n; ++u) clusterGroup[size_t(u)] = groupOf[size_t(u)];
    for (size_t i = 0; i < z.size(); ++i) {
        const int a = clusterGroup[size_t(z[i][0])], b = clusterGroup[size_t(z[i][1])];
        clusterGroup[size_t(n) + i] = (a >= 0 && a == b) ? a : -1;
    }
    for (size_t i = 0; i < layout.links.size() && i < z.size(); ++i)
        layout.links[i].group = z[i][2] <= threshold ? clusterGroup[size_t(n) + i] : -1;
    return layout;
}

// Selects the combo box entry whose data is `value`.
void selectData(QComboBox* box, int value) {
    const int i = box->findData(value);
    if (i >= 0) box->setCurrentIndex(i);
}

QString metricLabel(Metric m) {
    return m == Metric::Pearson  ? AnalysisView::tr("Pearson correlation")
           : m == Metric::Cosine ? AnalysisView::tr("Cosine similarity")
                                 : AnalysisView::tr("Linear CKA");
}

} // namespace

// ---------------------------------------------------------------- AnalysisView

AnalysisView::AnalysisView(QWidget* parent)
    : QWidget(parent), m_runner(new AnalysisRunner(this)), m_editor(new GroupEditor(this)) {
    buildUi();
    setDocument(new Document(this));
    setSelection(new widgets::UnitSelection(this));
    connectSelection();
    connect(m_editor, &GroupEditor::groupsChanged, this, [this] { showGroups(threshold()); });
    connect(m_runner, &AnalysisRunner::progress, m_run, &RunControls::showProgress);
    connect(m_runner, &AnalysisRunner::runningChanged, m_run, &RunControls::setRunning);
    connect(m_runner, &AnalysisRunner::finished, this, &AnalysisView::takeResult);
    connect(m_runner, &AnalysisRunner::rankProgress, m_workerRows, &WorkerProgressTable::showProgress);
    connect(m_runner, &AnalysisRunner::failed, this, [this](const QString& message, bool cancelled) {
        Q_EMIT analysisFailed(message, cancelled);
        if (cancelled) return;
        QMessageBox box(QMessageBox::Warning, tr("Analysis failed"), tr("The analysis could not be completed."),
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("analysisErrorDialog"));
        box.setInformativeText(message);
        box.exec();
    });
    updateActions();
}

AnalysisView::~AnalysisView() = default;

void AnalysisView::setDocument(Document* document) {
    if (m_document == document) return;
    if (m_document) {
        m_document->disconnect(this);
        if (m_document->parent() == this) m_document->deleteLater();
    }
    m_document = document;
    connect(m_document, &Document::sessionReplaced, this, &AnalysisView::restore);
    connect(m_document, &Document::workersChanged, this, [this](int n) { m_workers->setValue(n); });
}

QToolButton* AnalysisView::buildExportButton() {
    auto* button = new QToolButton;
    button->setObjectName(QStringLiteral("exportButton"));
    button->setText(tr("Export"));
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(button);
    menu->addAction(tr("Heatmap Figure…"), this, [this] { exportFigureInteractive(true); });
    menu->addAction(tr("Dendrogram Figure…"), this, [this] { exportFigureInteractive(false); });
    menu->addSeparator();
    menu->addAction(tr("Similarity Matrix (CSV)…"), this, [this] { exportDataInteractive(0); });
    menu->addAction(tr("Groups (CSV)…"), this, [this] { exportDataInteractive(1); });
    menu->addAction(tr("Analysis (JSON)…"), this, [this] { exportDataInteractive(2); });
    button->setMenu(menu);
    return button;
}

QWidget* AnalysisView::buildPanel() {
    auto* panel = new QWidget;
    auto* pl = new QVBoxLayout(panel);
    pl->setContentsMargins(0, 0, 0, 0);

    m_calibration = new CalibrationPanel;
    m_calibration->offerTokenIds();
    auto* cf = m_calibration->form();
    m_units = new QComboBox;
    m_units->setObjectName(QStringLiteral("unitsBox"));
    m_units->addItem(tr("Blocks"), int(UnitKind::Blocks));
    m_units->addItem(tr("Attention and MLP"), int(UnitKind::Sublayers));
    cf->addRow(tr("Units:"), m_units);
    m_compute = new QComboBox;
    m_compute->setObjectName(QStringLiteral("computeBox"));
    m_compute->addItem(tr("float32 (exact)"), int(ComputeDtype::Float32));
    m_compute->addItem(tr("bfloat16 (fast)"), int(ComputeDtype::BFloat16));
    m_compute->setToolTip(tr("The dtype of the matrix products. bfloat16 is several times faster on CPUs with "
                             "AMX or AVX-512 BF16 and moves similarities by about 1e-3; norms, softmax and the "
                             "sums stay float32 and double."));
    cf->addRow(tr("Compute:"), m_compute);
    m_workers = makeWorkersBox(QStringLiteral("workersBox"));
    connect(m_workers, &QSpinBox::valueChanged, this, [this](int n) { m_document->setWorkers(n); });
    cf->addRow(tr("Workers:"), m_workers);
    m_skipFirst = new QCheckBox(tr("Skip the first token"));
    m_skipFirst->setObjectName(QStringLiteral("skipFirstToken"));
    m_skipFirst->setToolTip(tr("Leave position 0 of every sequence out of the statistics (it often "
                               "behaves as an attention sink)."));
    cf->addRow(m_skipFirst);
    m_importance = new QCheckBox(tr("Layer importance"));
    m_importance->setObjectName(QStringLiteral("importanceBox"));
    m_importance->setToolTip(tr("Also measure block influence and the angular distance of block spans in the "
                                "same pass, and the loss with each block removed (one evaluation per block, "
                                "then a greedy removal order)."));
    cf->addRow(m_importance);
    pl->addWidget(m_calibration);
    m_run = new RunControls({QStringLiteral("analyzeButton"), QStringLiteral("analysisCancelButton"),
                             QStringLiteral("analysisProgress"), QStringLiteral("analysisStage")});
    // The button asks before it replaces a running analysis; analyze() itself does not.
    connect(m_run->analyzeButton(), &QPushButton::clicked, this, [this] {
        if (!m_runner->isRunning() || confirmRestart()) analyze();
    });
    connect(m_run->cancelButton(), &QPushButton::clicked, this, &AnalysisView::cancel);
    pl->addWidget(m_run);
    m_workerRows = new WorkerProgressTable;
    pl->addWidget(m_workerRows);

    using widgets::ClusteringPanel;
    m_clustering = new ClusteringPanel(tr("Grouping"), ClusteringPanel::Constraints | ClusteringPanel::ThresholdRow);
    m_orderByTree = new QCheckBox(tr("Order heatmap by dendrogram"));
    m_orderByTree->setObjectName(QStringLiteral("orderByTreeBox"));
    m_orderByTree->setToolTip(tr("Show units in the dendrogram's leaf order, so that clusters form blocks."));
    m_clustering->form()->insertRow(3, m_orderByTree); // before "Largest group"
    connect(m_clustering, &ClusteringPanel::treeChanged, this, [this] {
        if (confirmDiscardEdits())
            recomputeLinkage(threshold());
        else
            revertGroupingControls();
    });
    connect(m_clustering, &ClusteringPanel::cutChanged, this, [this] {
        if (confirmDiscardEdits())
            recomputeGroups(threshold());
        else
            revertGroupingControls();
    });
    connect(m_clustering, &ClusteringPanel::thresholdEdited, this, &AnalysisView::setThreshold);
    connect(m_orderByTree, &QCheckBox::toggled, this, [this](bool on) {
        if (!hasResult() || m_linkage.empty()) return;
        m_heatmap->setOrder(on ? dendrogramLayout(m_linkage, threshold()).leafOrder : std::vector<int>{});
    });
    pl->addWidget(m_clustering);

    m_exportButton = buildExportButton();
    pl->addWidget(m_exportButton);
    pl->addStretch();
    return panel;
}

QWidget* AnalysisView::buildResults() {
    auto* figures = new QSplitter(Qt::Horizontal);
    figures->setObjectName(QStringLiteral("figureSplitter"));
    m_heatmap = new widgets::HeatmapWidget;
    m_heatmap->setObjectName(QStringLiteral("heatmap"));
    m_dendrogram = new widgets::DendrogramWidget;
    m_dendrogram->setObjectName(QStringLiteral("dendrogram"));
    m_importancePanel = new ImportancePanel;
    m_importancePanel->setObjectName(QStringLiteral("importancePanel"));
    auto* heatColumn = new QWidget;
    auto* hl = new QVBoxLayout(heatColumn);
    hl->setContentsMargins(0, 0, 0, 0);
    hl->addWidget(m_heatmap, 1);
    hl->addWidget(m_importancePanel);
    figures->addWidget(heatColumn);
    figures->addWidget(m_dendrogram);
    figures->setStretchFactor(0, 1);
    figures->setStretchFactor(1, 1);
    figures->setChildrenCollapsible(false);
    connect(m_dendrogram, &widgets::DendrogramWidget::thresholdChanged, this, &AnalysisView::setThreshold);

    m_strip = new widgets::GroupStrip;
    m_strip->setObjectName(QStringLiteral("groupStrip"));
    m_groupModel = new widgets::GroupTableModel(this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("groupTable"));
    m_table->setModel(m_groupModel);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(widgets::GroupTableModel::MembersColumn, QHeaderView::Stretch);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setToolTip(tr("Right-click a group to split it, move a unit to another group or pin it unshared."));
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_table->indexAt(pos);
        if (!index.isValid()) return;
        QMenu* menu = groupMenu(index.row());
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_table->viewport()->mapToGlobal(pos));
    });

    auto* lower = new QWidget;
    auto* ll = new QVBoxLayout(lower);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addWidget(m_clustering->thresholdRow());
    ll->addWidget(m_strip);
    ll->addWidget(m_table, 1);

    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(figures);
    vertical->addWidget(lower);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    vertical->setChildrenCollapsible(false);
    return vertical;
}

void AnalysisView::buildUi() {
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    // The settings scroll when the window is short (a 1366 × 768 screen).
    auto* panel = buildPanel();
    auto* scroll = new QScrollArea;
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const int bar = scroll->verticalScrollBar()->sizeHint().width();
    scroll->setMinimumWidth(std::min(320, panel->minimumSizeHint().width()) + bar + 4);
    scroll->setMaximumWidth(320 + bar + 4);
    outer->addWidget(scroll);

    auto* results = new QWidget;
    auto* rl = new QVBoxLayout(results);
    rl->setContentsMargins(0, 0, 0, 0);
    rl->addWidget(buildResults());
    outer->addWidget(results, 1);
}

void AnalysisView::clearResults() {
    m_linkage.clear();
    m_groups.clear();
    m_heatmap->setData(widgets::HeatmapData{});
    m_dendrogram->setData(widgets::DendrogramData{});
    m_strip->setUnits({}, {});
    m_importancePanel->setImportance(std::nullopt, {});
    m_groupModel->setPlan(SharingPlan{});
    m_editor->reset({});
    m_selection->clear();
    m_clustering->summaryLabel()->clear();
    m_savingsText.clear();
}

void AnalysisView::setModel(std::shared_ptr<const Model> model) {
    m_runner->cancel();
    m_model = std::move(model);
    // A new model starts a new session: the previous result is not its.
    m_document->reset(m_model ? QString::fromStdString(m_model->checkpoint().dir) : QString());
    clearResults();
    if (m_model) {
        const int ctx = m_model->config().maxPositions;
        m_calibration->setMaximumSequenceLength(std::max(2, ctx));
        m_calibration->setSequenceLength(std::min(ctx, 128));
    }
    // A model without a tokenizer cannot read text: token ids are its only source.
    m_calibration->setTokenizerAvailable(!m_model || m_model->summary().tokenizer != "none");
    updateActions();
    Q_EMIT savingsChanged(QString());
}

void AnalysisView::setCalibrationFile(const QString& path) { m_calibration->setTextFile(path); }
void AnalysisView::setCalibrationTokenIds(const QString& path) { m_calibration->setTokenIdsFile(path); }
bool AnalysisView::tokenizerAvailable() const { return m_calibration->tokenizerAvailable(); }
void AnalysisView::setSequenceLength(int tokens) { m_calibration->setSequenceLength(tokens); }
void AnalysisView::setSequenceCount(int sequences) { m_calibration->setSequenceCount(sequences); }

bool AnalysisView::hasResult() const { return m_model && m_document->session().similarity.has_value(); }

const SimilarityResult& AnalysisView::result() const {
    static const SimilarityResult none;
    return hasResult() ? *m_document->session().similarity : none;
}

const SharingPlan& AnalysisView::plan() const { return m_groupModel->plan(); }

double AnalysisView::threshold() const { return m_document->session().clustering.threshold; }

SessionCalibration AnalysisView::calibration() const {
    SessionCalibration c;
    c.textPath = m_calibration->textFile().toStdString();
    c.tokenIdsPath = m_calibration->tokenIdsFile().toStdString();
    c.seqLen = m_calibration->sequenceLength();
    c.sequences = m_calibration->sequenceCount();
    c.metric = m_calibration->metric();
    c.units = static_cast<UnitKind>(m_units->currentData().toInt());
    c.skipFirstToken = m_skipFirst->isChecked();
    return c;
}

SessionClustering AnalysisView::clustering() const { return m_document->session().clustering; }

void AnalysisView::restore() {
    m_runner->cancel();
    const Session& s = m_document->session();
    const SessionCalibration& calibration = s.calibration;
    const SessionClustering& clustering = s.clustering;
    const std::optional<SharingPlan> savedPlan = s.plan;
    setCalibrationFile(QString::fromStdString(calibration.textPath));
    if (!calibration.tokenIdsPath.empty())
        m_calibration->setTokenIdsFile(QString::fromStdString(calibration.tokenIdsPath));
    m_calibration->setSequenceLength(calibration.seqLen);
    m_calibration->setSequenceCount(calibration.sequences);
    m_calibration->setMetric(calibration.metric);
    selectData(m_units, int(calibration.units));
    m_skipFirst->setChecked(calibration.skipFirstToken);
    m_workers->setValue(s.workers);
    m_clustering->setLinkage(clustering.linkage);
    m_clustering->setContiguous(clustering.contiguous);
    m_clustering->setConstraints({clustering.keepFirstLast, clustering.maxGroupSize});
    m_importancePanel->setImportance(std::nullopt, {}); // not kept in sessions
    if (!hasResult()) return;
    m_distance = similarityToDistance(result().similarity);
    m_restoring = true;
    recomputeLinkage(clustering.threshold);
    restoreEditedGroups(savedPlan);
    m_restoring = false;
    updateActions();
    Q_EMIT analysisFinished();
}

void AnalysisView::analyze() {
    if (!m_model) return;
    AnalysisRequest req;
    req.model = m_model;
    if (m_calibration->usesTokenIds()) {
        req.tokenIdsPath = m_calibration->resolveTokenIdsPath(this);
        if (req.tokenIdsPath.isEmpty()) return;
    } else if (!m_calibration->tokenizerAvailable()) {
        m_calibration->resolveTokenIdsPath(this); // says that this model needs token ids
        return;
    } else {
        req.textPath = m_calibration->resolveTextPath(this);
        if (req.textPath.isEmpty()) return;
    }
    req.seqLen = m_calibration->sequenceLength();
    req.sequences = m_calibration->sequenceCount();
    req.options.metric = m_calibration->metric();
    req.options.units = static_cast<UnitKind>(m_units->currentData().toInt());
    req.options.skipFirstToken = m_skipFirst->isChecked();
    req.options.compute = static_cast<ComputeDtype>(m_compute->currentData().toInt());
    if (m_importance->isChecked()) {
        req.importance = ImportanceOptions{};
        req.importance->removalSteps = 0; // the strip shows the leave-one-out losses, not the order
    }
    req.workers = m_workers->value();
    m_workerRows->start(req.workers);
    m_requested = calibration();
    m_runner->analyze(req);
}

// An analysis is running: restart it with the panel's settings only when the
// user says so (Cancel keeps the running one).
bool AnalysisView::confirmRestart() {
    QMessageBox box(QMessageBox::Question, tr("Restart the analysis?"),
                    tr("An analysis is running. Stop it and start again with the current settings?"),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("restartAnalysisDialog"));
    auto* restart = box.addButton(tr("Restart"), QMessageBox::AcceptRole);
    restart->setObjectName(QStringLiteral("restartButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == restart;
}

void AnalysisView::cancel() { m_runner->cancel(); }

void AnalysisView::takeResult(const SimilarityResult& result) {
    const bool first = !hasResult();
    const double keep = threshold();
    m_document->setAnalysis(m_requested, result);
    m_distance = similarityToDistance(result.similarity);
    // The units may be others: nothing stays selected.
    m_selection->clear();
    recomputeLinkage(first ? -1.0 : keep); // the first result: a threshold chosen from the tree
    m_importancePanel->setImportance(m_runner->importance(), figureSubtitle());
    Q_EMIT analysisFinished();
}

QStringList AnalysisView::unitLabels() const {
    QStringList labels;
    for (const auto& u : result().units) labels << QString::fromStdString(u);
    return labels;
}

QString AnalysisView::figureSubtitle() const {
    const QString name = m_model ? QFileInfo(QString::fromStdString(m_model->checkpoint().dir)).fileName() : QString();
    // Numbers as the window shows them: separators, the metric's name, the
    // threshold to 4 decimals.
    const QLocale loc;
    return tr("%1 · %2 · %3 tokens · %4 linkage · threshold %5")
        .arg(name, metricLabel(result().metric), loc.toString(static_cast<qlonglong>(result().tokens)),
             QString::fromLatin1(linkageName(clustering().linkage)), loc.toString(threshold(), 'f', 4));
}

widgets::HeatmapData AnalysisView::heatmapData() const {
    widgets::HeatmapData h;
    h.values = result().similarity;
    h.labels = unitLabels();
    h.title = tr("Layer similarity");
    h.colorbarLabel = metricLabel(result().metric);
    h.vmin = std::min(0.0, result().similarity.minCoeff());
    h.vmax = 1.0;
    return h;
}

void AnalysisView::recomputeLinkage(double threshold) {
    if (!hasResult()) return;
    try {
        m_linkage = m_clustering->cluster(m_distance, &threshold, unitKinds(result().units));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Clustering failed"), widgets::errorText(e));
        return;
    }
    m_dendrogram->setThresholdBounds(0.0, m_clustering->thresholdTop());
    widgets::HeatmapData h = heatmapData();
    if (m_orderByTree->isChecked()) h.order = dendrogramLayout(m_linkage, threshold).leafOrder;
    m_heatmap->setData(h);
    recomputeGroups(threshold);
}

void AnalysisView::recomputeGroups(double threshold) {
    if (!hasResult() || m_linkage.empty() || !m_model) return;
    threshold = std::clamp(threshold, 0.0, m_clustering->thresholdTop());
    std::vector<std::vector<int>> cut;
    try {
        cut = cutGroups(m_linkage, threshold, m_clustering->constraints());
    } catch (const std::exception& e) {
        m_clustering->summaryLabel()->setText(widgets::errorText(e));
        return;
    }
    const int discarded = m_editor->editCount();
    m_editor->reset(cut);
    if (discarded > 0 && !m_restoring)
        Q_EMIT statusMessage(tr("Manual edits discarded (%1): the groups are the tree's cut at %2 again.")
                                 .arg(discarded)
                                 .arg(QLocale().toString(threshold, 'f', 4)));
    showGroups(threshold);
}

void AnalysisView::showGroups(double threshold) {
    if (!hasResult() || m_linkage.empty() || !m_model) return;
    SharingPlan plan;
    try {
        plan = makePlan(m_model->checkpoint(), result().unitKind, m_editor->groups());
    } catch (const std::exception& e) {
        m_clustering->summaryLabel()->setText(widgets::errorText(e));
        return;
    }
    m_groups.clear();
    for (const auto& g : plan.groups) m_groups.push_back(g.members);
    m_editor->setContext(plan.units, m_distance, m_clustering->linkage(), m_clustering->contiguous());
    if (!m_restoring) {
        SessionClustering c;
        c.linkage = m_clustering->linkage();
        c.contiguous = m_clustering->contiguous();
        c.keepFirstLast = m_clustering->constraints().keepFirstLast;
        c.maxGroupSize = m_clustering->constraints().maxGroupSize;
        c.threshold = threshold;
        m_document->setGrouping(c, plan);
    }
    m_groupModel->setPlan(plan);
    m_heatmap->setGroups(m_groups);
    m_strip->setUnits(unitLabels(), m_groups);
    selectTableRows(m_selection->units()); // the model was reset

    widgets::DendrogramData d;
    d.z = m_linkage;
    d.layout = layoutForGroups(m_linkage, threshold, m_groups);
    d.labels = unitLabels();
    d.threshold = threshold;
    d.title = tr("Clustering of units");
    m_dendrogram->setData(d);
    m_clustering->showThreshold(threshold);
    m_dendrogram->setThreshold(threshold);
    showSavings(plan);
}

void AnalysisView::showSavings(const SharingPlan& plan) {
    int shared = 0, sharedGroups = 0;
    for (const auto& g : m_groups)
        if (g.size() >= 2) {
            shared += static_cast<int>(g.size());
            ++sharedGroups;
        }
    const QLocale loc;
    const qlonglong saved = plan.baselineParameters - plan.sharedParameters;
    const double pct = plan.baselineParameters > 0 ? 100.0 * saved / plan.baselineParameters : 0.0;
    QString summary = tr("Shared groups: %1").arg(sharedGroups);
    if (workflow::calibrationTooSmall(result().tokens, result().units.size()))
        summary += QLatin1Char('\n') + tr("Warning: %1 calibration tokens for %2 units, fewer than %3 per unit; the "
                                          "plan rests on too little data.")
                                           .arg(loc.toString(static_cast<qlonglong>(result().tokens)))
                                           .arg(result().units.size())
                                           .arg(workflow::kMinCalibrationTokensPerUnit);
    m_clustering->summaryLabel()->setText(summary);
    m_savingsText = tr("%1 of %2 units in %3 shared groups · saves %4 parameters (%5, %6 %) · %7 → %8")
                        .arg(shared)
                        .arg(m_groups.empty() ? 0 : static_cast<int>(plan.units.size()))
                        .arg(sharedGroups)
                        .arg(loc.toString(saved))
                        .arg(loc.formattedDataSize(static_cast<qint64>(plan.baselineBytes - plan.sharedBytes)))
                        .arg(loc.toString(pct, 'f', 1))
                        .arg(loc.toString(static_cast<qlonglong>(plan.baselineParameters)))
                        .arg(loc.toString(static_cast<qlonglong>(plan.sharedParameters)));
    if (!plan.units.empty() && plan.units.front().part != "block") {
        qlonglong attn = 0, mlp = 0; // savings per kind: groups are of one kind each
        for (const auto& g : plan.groups)
            (plan.units[static_cast<size_t>(g.members.front())].part == "attn" ? attn : mlp) += g.savedParameters;
        m_savingsText += tr(" · attention saves %1, MLP %2").arg(loc.toString(attn), loc.toString(mlp));
    }
    // First, so that a narrow window does not cut it off.
    if (m_editor->isEdited()) m_savingsText.prepend(tr("Edited by hand (edits: %1) · ").arg(m_editor->editCount()));
    updateActions();
    Q_EMIT savingsChanged(m_savingsText);
}

void AnalysisView::setThreshold(double threshold) {
    if (hasResult() && threshold != this->threshold() && m_editor->isEdited() && !m_restoring) {
        askBeforeThreshold(threshold);
        return;
    }
    recomputeGroups(threshold);
}

void AnalysisView::updateActions() {
    m_run->analyzeButton()->setEnabled(m_model != nullptr);
    m_exportButton->setEnabled(hasResult());
    m_clustering->setThresholdEnabled(hasResult());
}

// ---------------------------------------------------------------- exports

bool AnalysisView::exportHeatmap(const QString& path, QString* error) {
    if (!hasResult()) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    widgets::HeatmapData h = heatmapData();
    h.subtitle = figureSubtitle();
    h.groups = m_groups;
    return widgets::exportFigure(
        path, QSizeF(480, 420), [&](QPainter& p, const QRectF& r) { widgets::paintHeatmap(p, r, h); }, error);
}

bool AnalysisView::exportDendrogram(const QString& path, QString* error) {
    if (!hasResult()) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    widgets::DendrogramData d;
    d.z = m_linkage;
    d.layout = layoutForGroups(m_linkage, threshold(), m_groups);
    d.labels = unitLabels();
    d.threshold = threshold();
    d.title = tr("Clustering of units");
    d.subtitle = figureSubtitle();
    return widgets::exportFigure(
        path, QSizeF(560, 360), [&](QPainter& p, const QRectF& r) { widgets::paintDendrogram(p, r, d); }, error);
}

bool AnalysisView::exportMatrixCsv(const QString& path, QString* error) {
    if (!hasResult()) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    const QStringList labels = unitLabels();
    QByteArray out = "unit";
    for (const QString& l : labels) out += ',' + csvField(l).toUtf8();
    out += '\n';
    for (Eigen::Index i = 0; i < result().similarity.rows(); ++i) {
        out += csvField(labels.value(int(i))).toUtf8();
        for (Eigen::Index j = 0; j < result().similarity.cols(); ++j)
            out += ',' + QByteArray::number(result().similarity(i, j), 'g', 17);
        out += '\n';
    }
    return writeText(path, out, error);
}

bool AnalysisView::exportGroupsCsv(const QString& path, QString* error) {
    if (!hasResult()) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    const SharingPlan& p = plan();
    QByteArray out = "group,members,member_indices,shared_parameters,saved_parameters,saved_bytes\n";
    for (size_t g = 0; g < p.groups.size(); ++g) {
        QStringList names, idx;
        for (int u : p.groups[g].members) {
            names << unitName(p, u);
            idx << QString::number(u);
        }
        out += QByteArray::number(qulonglong(g + 1)) + ',' + csvField(names.join(QStringLiteral("; "))).toUtf8() + ',' +
               idx.join(QLatin1Char(' ')).toUtf8() + ',' + QByteArray::number(qlonglong(p.groups[g].sharedParameters)) +
               ',' + QByteArray::number(qlonglong(p.groups[g].savedParameters)) + ',' +
               QByteArray::number(qulonglong(p.groups[g].savedBytes)) + '\n';
    }
    return writeText(path, out, error);
}

bool AnalysisView::exportJson(const QString& path, QString* error) {
    if (!hasResult()) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    // The same shape as sharelens-cli analyze's analysis.json.
    QJsonArray units, sim, z, groups;
    for (const auto& u : result().units) units.append(QString::fromStdString(u));
    for (Eigen::Index i = 0; i < result().similarity.rows(); ++i) {
        QJsonArray row;
        for (Eigen::Index j = 0; j < result().similarity.cols(); ++j) row.append(result().similarity(i, j));
        sim.append(row);
    }
    for (const auto& r : m_linkage) z.append(QJsonArray{qint64(r[0]), qint64(r[1]), r[2], qint64(r[3])});
    for (const auto& g : m_groups) {
        QJsonArray a;
        for (int u : g) a.append(u);
        groups.append(a);
    }
    const SharingPlan& p = plan();
    QJsonObject o{{QStringLiteral("units"), units},
                  {QStringLiteral("metric"), QString::fromLatin1(metricName(result().metric))},
                  {QStringLiteral("method"), QString::fromStdString(result().method)},
                  {QStringLiteral("unit_kind"), QString::fromLatin1(unitKindName(result().unitKind))},
                  {QStringLiteral("tokens"), qint64(result().tokens)},
                  {QStringLiteral("sequences"), qint64(result().sequences)},
                  {QStringLiteral("seq_len"), m_document->session().calibration.seqLen},
                  {QStringLiteral("similarity"), sim},
                  {QStringLiteral("linkage_method"), QString::fromLatin1(linkageName(clustering().linkage))},
                  {QStringLiteral("contiguous"), clustering().contiguous},
                  {QStringLiteral("linkage"), z},
                  {QStringLiteral("threshold"), threshold()},
                  {QStringLiteral("groups"), groups},
                  {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("baseline"), qint64(p.baselineParameters)},
                                                             {QStringLiteral("shared"), qint64(p.sharedParameters)}}},
                  {QStringLiteral("bytes"), QJsonObject{{QStringLiteral("baseline"), qint64(p.baselineBytes)},
                                                        {QStringLiteral("shared"), qint64(p.sharedBytes)}}},
                  {QStringLiteral("plan"), QJsonDocument::fromJson(QByteArray::fromStdString(planToJson(p))).object()}};
    if (m_model)
        o.insert(QStringLiteral("model"),
                 QJsonObject{{QStringLiteral("path"), QString::fromStdString(m_model->checkpoint().dir)}});
    return writeText(path, QJsonDocument(o).toJson(QJsonDocument::Indented), error);
}

void AnalysisView::exportFigureInteractive(bool heatmap) {
    const QString base = heatmap ? QStringLiteral("heatmap.png") : QStringLiteral("dendrogram.png");
    QString filter = tr("PNG image (*.png)");
    const QString path =
        QFileDialog::getSaveFileName(this, heatmap ? tr("Export Heatmap") : tr("Export Dendrogram"), base,
                                     tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &filter);
    if (path.isEmpty()) return;
    QString error;
    const bool ok = heatmap ? exportHeatmap(path, &error) : exportDendrogram(path, &error);
    if (!ok) QMessageBox::warning(this, tr("Export failed"), error);
}

void AnalysisView::exportDataInteractive(int kind) {
    static const char* const names[] = {"similarity.csv", "groups.csv", "analysis.json"};
    const QString filter = kind == 2 ? tr("JSON (*.json)") : tr("CSV (*.csv)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QString::fromLatin1(names[kind]), filter);
    if (path.isEmpty()) return;
    QString error;
    const bool ok = kind == 0   ? exportMatrixCsv(path, &error)
                    : kind == 1 ? exportGroupsCsv(path, &error)
                                : exportJson(path, &error);
    if (!ok) QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace sharelens::app
