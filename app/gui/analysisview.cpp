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
#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
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
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "analysisjob.h"
#include "calibrationpanel.h"
#include "colormap.h"
#include "dendrogramwidget.h"
#include "figures.h"
#include "heatmapwidget.h"
#include "paths.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "errortext.h"

namespace sharelens::app {

namespace {

constexpr int kSliderSteps = 1000;

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
            *error = AnalysisView::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path),
                                                                      widgets::errorText(e));
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

} // namespace

// ---------------------------------------------------------------- GroupTableModel

void GroupTableModel::setPlan(const SharingPlan& plan) {
    beginResetModel();
    m_plan = plan;
    endResetModel();
}

int GroupTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_plan.groups.size());
}

int GroupTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant GroupTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const PlanGroup& g = m_plan.groups[size_t(index.row())];
    const QLocale loc;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case GroupColumn: return index.row() + 1;
        case MembersColumn: {
            QStringList names;
            for (int u : g.members) names << unitName(m_plan, u);
            return names.join(QStringLiteral(", "));
        }
        case SharedColumn: return loc.toString(static_cast<qlonglong>(g.sharedParameters));
        case SavedColumn: return loc.toString(static_cast<qlonglong>(g.savedParameters));
        case SavedBytesColumn: return loc.formattedDataSize(static_cast<qint64>(g.savedBytes));
        default: return {};
        }
    }
    if (role == Qt::UserRole) { // raw values, for sorting and tests
        switch (index.column()) {
        case GroupColumn: return index.row() + 1;
        case MembersColumn: return static_cast<int>(g.members.size());
        case SharedColumn: return static_cast<qlonglong>(g.sharedParameters);
        case SavedColumn: return static_cast<qlonglong>(g.savedParameters);
        case SavedBytesColumn: return static_cast<qulonglong>(g.savedBytes);
        default: return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == GroupColumn)
        return g.members.size() >= 2 ? widgets::groupColor(index.row()) : QColor(0xdd, 0xdd, 0xdd);
    if (role == Qt::TextAlignmentRole)
        return index.column() >= SharedColumn ? int(Qt::AlignRight | Qt::AlignVCenter)
                                              : int(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

QVariant GroupTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case GroupColumn: return tr("Group");
    case MembersColumn: return tr("Members");
    case SharedColumn: return tr("Shared parameters");
    case SavedColumn: return tr("Saved parameters");
    case SavedBytesColumn: return tr("Saved bytes");
    default: return {};
    }
}

// ---------------------------------------------------------------- GroupStrip

GroupStrip::GroupStrip(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize GroupStrip::sizeHint() const { return QSize(400, fontMetrics().height() * 2 + 8); }
QSize GroupStrip::minimumSizeHint() const { return QSize(100, fontMetrics().height() * 2 + 8); }

void GroupStrip::setUnits(const QStringList& names, const std::vector<std::vector<int>>& groups) {
    m_names = names;
    m_groups = groups;
    m_groupOf.assign(size_t(names.size()), -1);
    for (size_t g = 0; g < groups.size(); ++g)
        for (int u : groups[g])
            if (u >= 0 && u < names.size()) m_groupOf[size_t(u)] = static_cast<int>(g);
    update();
}

QColor GroupStrip::unitColor(int unit) const {
    if (unit < 0 || unit >= static_cast<int>(m_groupOf.size())) return {};
    const int g = m_groupOf[size_t(unit)];
    if (g < 0 || m_groups[size_t(g)].size() < 2) return QColor(0xe4, 0xe4, 0xe4);
    return widgets::groupColor(g);
}

QRectF GroupStrip::cellRect(int unit) const {
    const int n = static_cast<int>(m_names.size());
    if (n == 0 || unit < 0 || unit >= n) return {};
    const QRectF area = QRectF(rect()).adjusted(2, 2, -2, -2);
    const double w = area.width() / n;
    return QRectF(area.left() + unit * w, area.top(), w, area.height());
}

void GroupStrip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const int n = static_cast<int>(m_names.size());
    if (n == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Layers appear here, coloured by group, after an analysis."));
        return;
    }
    const QFontMetrics fm = fontMetrics();
    for (int u = 0; u < n; ++u) {
        const QRectF r = cellRect(u).adjusted(1, 0, -1, 0);
        const QColor c = unitColor(u);
        p.setPen(QPen(c.darker(130), 1));
        p.setBrush(c);
        p.drawRoundedRect(r, 3, 3);
        // The layer number when it fits (unit names end in it).
        const QString label = m_names[u].section(QLatin1Char(' '), -1);
        if (fm.horizontalAdvance(label) + 4 <= r.width()) {
            p.setPen(c.lightnessF() < 0.55 ? Qt::white : Qt::black);
            p.drawText(r, Qt::AlignCenter, label);
        }
    }
}

bool GroupStrip::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* he = static_cast<QHelpEvent*>(e);
        for (int u = 0; u < static_cast<int>(m_names.size()); ++u) {
            if (!cellRect(u).contains(he->pos())) continue;
            const int g = m_groupOf[size_t(u)];
            const bool shared = g >= 0 && m_groups[size_t(g)].size() >= 2;
            QToolTip::showText(he->globalPos(), shared ? tr("%1: group %2").arg(m_names[u]).arg(g + 1)
                                                       : tr("%1: not shared").arg(m_names[u]),
                               this);
            return true;
        }
        QToolTip::hideText();
        e->ignore();
        return true;
    }
    return QWidget::event(e);
}

// ---------------------------------------------------------------- AnalysisView

AnalysisView::AnalysisView(QWidget* parent) : QWidget(parent), m_runner(new AnalysisRunner(this)) {
    buildUi();
    connect(m_runner, &AnalysisRunner::progress, this, &AnalysisView::showProgress);
    connect(m_runner, &AnalysisRunner::runningChanged, this, [this](bool running) {
        m_progress->setVisible(running);
        m_stage->setVisible(running);
        m_cancelButton->setEnabled(running);
        if (running) {
            m_progress->setValue(0);
            m_stage->setText(tr("Starting…"));
        }
    });
    connect(m_runner, &AnalysisRunner::finished, this, &AnalysisView::takeResult);
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

QWidget* AnalysisView::buildPanel() {
    auto* panel = new QWidget;
    auto* pl = new QVBoxLayout(panel);
    pl->setContentsMargins(0, 0, 0, 0);

    m_calibration = new CalibrationPanel;
    auto* calib = m_calibration;
    auto* cf = m_calibration->form();
    m_units = new QComboBox;
    m_units->setObjectName(QStringLiteral("unitsBox"));
    m_units->addItem(tr("Blocks"), int(UnitKind::Blocks));
    m_units->addItem(tr("Attention and MLP"), int(UnitKind::Sublayers));
    cf->addRow(tr("Units:"), m_units);
    m_skipFirst = new QCheckBox(tr("Skip the first token"));
    m_skipFirst->setObjectName(QStringLiteral("skipFirstToken"));
    m_skipFirst->setToolTip(tr("Leave position 0 of every sequence out of the statistics (it often "
                               "behaves as an attention sink)."));
    cf->addRow(m_skipFirst);
    pl->addWidget(calib);

    auto* run = new QHBoxLayout;
    m_analyzeButton = new QPushButton(tr("Analyze"));
    m_analyzeButton->setObjectName(QStringLiteral("analyzeButton"));
    m_analyzeButton->setDefault(true);
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setObjectName(QStringLiteral("analysisCancelButton"));
    m_cancelButton->setEnabled(false);
    connect(m_analyzeButton, &QPushButton::clicked, this, &AnalysisView::analyze);
    connect(m_cancelButton, &QPushButton::clicked, this, &AnalysisView::cancel);
    run->addWidget(m_analyzeButton);
    run->addWidget(m_cancelButton);
    pl->addLayout(run);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("analysisProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_stage = new QLabel;
    m_stage->setObjectName(QStringLiteral("analysisStage"));
    m_stage->setWordWrap(true);
    m_stage->hide();
    pl->addWidget(m_progress);
    pl->addWidget(m_stage);

    auto* clus = new QGroupBox(tr("Grouping"));
    auto* gf = new QFormLayout(clus);
    m_linkageBox = new QComboBox;
    m_linkageBox->setObjectName(QStringLiteral("linkageBox"));
    m_linkageBox->addItem(tr("Average"), int(LinkageMethod::Average));
    m_linkageBox->addItem(tr("Complete"), int(LinkageMethod::Complete));
    m_linkageBox->addItem(tr("Single"), int(LinkageMethod::Single));
    m_linkageBox->addItem(tr("Weighted"), int(LinkageMethod::Weighted));
    m_linkageBox->addItem(tr("Ward"), int(LinkageMethod::Ward));
    gf->addRow(tr("Linkage:"), m_linkageBox);
    m_contiguousBox = new QCheckBox(tr("Adjacent layers only"));
    m_contiguousBox->setObjectName(QStringLiteral("contiguousBox"));
    m_contiguousBox->setToolTip(tr("Only merge neighbouring units, as layer folding and recursive "
                                   "transformers need."));
    gf->addRow(m_contiguousBox);
    m_keepFirstLast = new QCheckBox(tr("Keep first and last unshared"));
    m_keepFirstLast->setObjectName(QStringLiteral("keepFirstLastBox"));
    gf->addRow(m_keepFirstLast);
    m_orderByTree = new QCheckBox(tr("Order heatmap by dendrogram"));
    m_orderByTree->setObjectName(QStringLiteral("orderByTreeBox"));
    m_orderByTree->setToolTip(tr("Show units in the dendrogram's leaf order, so that clusters form blocks."));
    gf->addRow(m_orderByTree);
    m_maxGroup = new QSpinBox;
    m_maxGroup->setObjectName(QStringLiteral("maxGroupSize"));
    m_maxGroup->setRange(0, 100000);
    m_maxGroup->setSpecialValueText(tr("No limit"));
    gf->addRow(tr("Largest group:"), m_maxGroup);
    connect(m_linkageBox, &QComboBox::currentIndexChanged, this, [this] { recomputeLinkage(); });
    connect(m_contiguousBox, &QCheckBox::toggled, this, [this] { recomputeLinkage(); });
    connect(m_keepFirstLast, &QCheckBox::toggled, this, [this] { recomputeGroups(); });
    connect(m_orderByTree, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_hasResult || m_linkage.empty()) return;
        m_heatmap->setOrder(on ? dendrogramLayout(m_linkage, m_threshold).leafOrder : std::vector<int>{});
    });
    connect(m_maxGroup, &QSpinBox::valueChanged, this, [this] { recomputeGroups(); });
    pl->addWidget(clus);

    m_exportButton = new QToolButton;
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setText(tr("Export"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    m_exportButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(m_exportButton);
    menu->addAction(tr("Heatmap Figure…"), this, [this] { exportFigureInteractive(true); });
    menu->addAction(tr("Dendrogram Figure…"), this, [this] { exportFigureInteractive(false); });
    menu->addSeparator();
    menu->addAction(tr("Similarity Matrix (CSV)…"), this, [this] { exportDataInteractive(0); });
    menu->addAction(tr("Groups (CSV)…"), this, [this] { exportDataInteractive(1); });
    menu->addAction(tr("Analysis (JSON)…"), this, [this] { exportDataInteractive(2); });
    m_exportButton->setMenu(menu);
    pl->addWidget(m_exportButton);
    pl->addStretch();
    return panel;
}

void AnalysisView::buildUi() {
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* panel = buildPanel();
    panel->setMaximumWidth(320);
    outer->addWidget(panel);

    auto* results = new QWidget;
    auto* rl = new QVBoxLayout(results);
    rl->setContentsMargins(0, 0, 0, 0);

    auto* figures = new QSplitter(Qt::Horizontal);
    figures->setObjectName(QStringLiteral("figureSplitter"));
    m_heatmap = new widgets::HeatmapWidget;
    m_heatmap->setObjectName(QStringLiteral("heatmap"));
    m_dendrogram = new widgets::DendrogramWidget;
    m_dendrogram->setObjectName(QStringLiteral("dendrogram"));
    figures->addWidget(m_heatmap);
    figures->addWidget(m_dendrogram);
    figures->setStretchFactor(0, 1);
    figures->setStretchFactor(1, 1);
    figures->setChildrenCollapsible(false);

    auto* thresholdRow = new QHBoxLayout;
    auto* tl = new QLabel(tr("Threshold (distance 1 − S):"));
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(QStringLiteral("thresholdSlider"));
    m_slider->setRange(0, kSliderSteps);
    m_thresholdSpin = new QDoubleSpinBox;
    m_thresholdSpin->setObjectName(QStringLiteral("thresholdSpin"));
    m_thresholdSpin->setDecimals(4);
    m_thresholdSpin->setRange(0.0, 1.0);
    m_thresholdSpin->setSingleStep(0.01);
    m_thresholdSpin->setKeyboardTracking(false);
    tl->setBuddy(m_thresholdSpin);
    m_groupSummary = new QLabel;
    m_groupSummary->setObjectName(QStringLiteral("groupSummary"));
    thresholdRow->addWidget(tl);
    thresholdRow->addWidget(m_slider, 1);
    thresholdRow->addWidget(m_thresholdSpin);
    thresholdRow->addWidget(m_groupSummary);

    connect(m_dendrogram, &widgets::DendrogramWidget::thresholdChanged, this, [this](double t) {
        m_threshold = t;
        recomputeGroups();
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        m_threshold = m_thresholdTop * v / kSliderSteps;
        recomputeGroups();
    });
    connect(m_thresholdSpin, &QDoubleSpinBox::valueChanged, this, [this](double t) {
        m_threshold = t;
        recomputeGroups();
    });

    m_strip = new GroupStrip;
    m_strip->setObjectName(QStringLiteral("groupStrip"));
    m_groupModel = new GroupTableModel(this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("groupTable"));
    m_table->setModel(m_groupModel);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(GroupTableModel::MembersColumn, QHeaderView::Stretch);

    auto* lower = new QWidget;
    auto* ll = new QVBoxLayout(lower);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addLayout(thresholdRow);
    ll->addWidget(m_strip);
    ll->addWidget(m_table, 1);

    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(figures);
    vertical->addWidget(lower);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    vertical->setChildrenCollapsible(false);
    rl->addWidget(vertical);
    outer->addWidget(results, 1);
}

void AnalysisView::setModel(std::shared_ptr<const Model> model) {
    m_runner->cancel();
    m_model = std::move(model);
    m_hasResult = false;
    m_result = SimilarityResult{};
    m_linkage.clear();
    m_groups.clear();
    m_threshold = 0.0;
    m_heatmap->setData(widgets::HeatmapData{});
    m_dendrogram->setData(widgets::DendrogramData{});
    m_strip->setUnits({}, {});
    m_groupModel->setPlan(SharingPlan{});
    m_groupSummary->clear();
    m_savingsText.clear();
    if (m_model) {
        const int ctx = m_model->config().maxPositions;
        m_calibration->setMaximumSequenceLength(std::max(2, ctx));
        m_calibration->setSequenceLength(std::min(ctx, 128));
    }
    updateActions();
    Q_EMIT savingsChanged(QString());
}

void AnalysisView::setCalibrationFile(const QString& path) { m_calibration->setTextFile(path); }
void AnalysisView::setSequenceLength(int tokens) { m_calibration->setSequenceLength(tokens); }
void AnalysisView::setSequenceCount(int sequences) { m_calibration->setSequenceCount(sequences); }

namespace {
// Selects the combo box entry whose data is `value`.
void selectData(QComboBox* box, int value) {
    const int i = box->findData(value);
    if (i >= 0) box->setCurrentIndex(i);
}
} // namespace

SessionCalibration AnalysisView::calibration() const {
    SessionCalibration c;
    c.textPath = m_calibration->textFile().toStdString();
    c.seqLen = m_calibration->sequenceLength();
    c.sequences = m_calibration->sequenceCount();
    c.metric = m_calibration->metric();
    c.units = static_cast<UnitKind>(m_units->currentData().toInt());
    c.skipFirstToken = m_skipFirst->isChecked();
    return c;
}

SessionClustering AnalysisView::clustering() const {
    SessionClustering c;
    c.linkage = linkageMethod();
    c.contiguous = m_contiguousBox->isChecked();
    c.keepFirstLast = m_keepFirstLast->isChecked();
    c.maxGroupSize = m_maxGroup->value();
    c.threshold = m_threshold;
    return c;
}

void AnalysisView::restore(const SessionCalibration& calibration, const SessionClustering& clustering,
                           const std::optional<SimilarityResult>& result) {
    m_runner->cancel();
    {
        // One recomputation at the end, not one per control.
        const QSignalBlocker b1(m_linkageBox), b2(m_contiguousBox), b3(m_keepFirstLast), b4(m_maxGroup);
        setCalibrationFile(QString::fromStdString(calibration.textPath));
        m_calibration->setSequenceLength(calibration.seqLen);
        m_calibration->setSequenceCount(calibration.sequences);
        m_calibration->setMetric(calibration.metric);
        selectData(m_units, int(calibration.units));
        m_skipFirst->setChecked(calibration.skipFirstToken);
        selectData(m_linkageBox, int(clustering.linkage));
        m_contiguousBox->setChecked(clustering.contiguous);
        m_keepFirstLast->setChecked(clustering.keepFirstLast);
        m_maxGroup->setValue(clustering.maxGroupSize);
    }
    if (!result) return;
    m_result = *result;
    m_hasResult = true;
    m_seqLenUsed = calibration.seqLen;
    m_distance = similarityToDistance(m_result.similarity);
    m_threshold = clustering.threshold;
    recomputeLinkage();
    updateActions();
    Q_EMIT analysisFinished();
}

void AnalysisView::analyze() {
    if (!m_model) return;
    AnalysisRequest req;
    req.model = m_model;
    req.textPath = m_calibration->resolveTextPath(this);
    if (req.textPath.isEmpty()) return;
    req.seqLen = m_calibration->sequenceLength();
    req.sequences = m_calibration->sequenceCount();
    req.options.metric = m_calibration->metric();
    req.options.units = static_cast<UnitKind>(m_units->currentData().toInt());
    req.options.skipFirstToken = m_skipFirst->isChecked();
    m_seqLenUsed = req.seqLen;
    m_runner->analyze(req);
}

void AnalysisView::cancel() { m_runner->cancel(); }

void AnalysisView::showProgress(const AnalysisProgress& p) {
    m_progress->setValue(static_cast<int>(p.fraction * 1000));
    QString text = tr("Step %1 of %2: %3").arg(p.stageIndex).arg(p.stageCount).arg(p.stage);
    if (p.secondsLeft >= 0) {
        const int s = static_cast<int>(std::ceil(p.secondsLeft));
        text += QLatin1Char('\n') + (s < 60 ? tr("About %1 s left").arg(s) : tr("About %1 min left").arg((s + 59) / 60));
    }
    m_stage->setText(text);
}

void AnalysisView::takeResult(const SimilarityResult& result) {
    const bool first = !m_hasResult;
    m_result = result;
    m_hasResult = true;
    m_distance = similarityToDistance(m_result.similarity);
    if (first) m_threshold = -1.0; // choose a starting threshold from the tree
    recomputeLinkage();
    Q_EMIT analysisFinished();
}

LinkageMethod AnalysisView::linkageMethod() const {
    return static_cast<LinkageMethod>(m_linkageBox->currentData().toInt());
}

QStringList AnalysisView::unitLabels() const {
    QStringList labels;
    for (const auto& u : m_result.units) labels << QString::fromStdString(u);
    return labels;
}

QString AnalysisView::figureSubtitle() const {
    const QString name = m_model ? QFileInfo(QString::fromStdString(m_model->checkpoint().dir)).fileName() : QString();
    return tr("%1 · %2 · %3 tokens · %4 linkage · threshold %5")
        .arg(name, QString::fromLatin1(metricName(m_result.metric)))
        .arg(m_result.tokens)
        .arg(QString::fromLatin1(linkageName(m_linkageMethod)))
        .arg(m_threshold, 0, 'g', 4);
}

void AnalysisView::recomputeLinkage() {
    if (!m_hasResult) return;
    m_linkageMethod = linkageMethod();
    m_contiguous = m_contiguousBox->isChecked();
    try {
        m_linkage = m_contiguous ? contiguousLinkage(m_distance, m_linkageMethod) : linkage(m_distance, m_linkageMethod);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Clustering failed"), widgets::errorText(e));
        return;
    }
    double maxHeight = 0.0;
    std::vector<double> heights;
    for (const auto& r : m_linkage) {
        maxHeight = std::max(maxHeight, r[2]);
        heights.push_back(r[2]);
    }
    // The threshold's range is the dendrogram's axis, so dragging never
    // rescales it under the mouse.
    m_thresholdTop = std::min(2.0, widgets::DendrogramGeometry::axisTop(maxHeight, 0.0));
    if (!(m_thresholdTop > 0.0)) m_thresholdTop = 1.0;
    if (m_threshold < 0.0 || m_threshold > m_thresholdTop) {
        // Start at the median merge height: some groups, not one.
        std::sort(heights.begin(), heights.end());
        m_threshold = heights.empty() ? 0.0 : heights[heights.size() / 2];
    }
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(m_thresholdTop))) + 3, 3, 8);
    {
        const QSignalBlocker b(m_thresholdSpin);
        m_thresholdSpin->setDecimals(decimals);
        m_thresholdSpin->setRange(0.0, m_thresholdTop);
        m_thresholdSpin->setSingleStep(m_thresholdTop / 100.0);
    }
    m_dendrogram->setThresholdBounds(0.0, m_thresholdTop);

    widgets::HeatmapData h;
    h.values = m_result.similarity;
    h.labels = unitLabels();
    h.title = tr("Layer similarity");
    h.colorbarLabel = m_result.metric == Metric::Pearson  ? tr("Pearson correlation")
                      : m_result.metric == Metric::Cosine ? tr("Cosine similarity")
                                                          : tr("Linear CKA");
    h.vmin = std::min(0.0, m_result.similarity.minCoeff());
    h.vmax = 1.0;
    if (m_orderByTree->isChecked()) h.order = dendrogramLayout(m_linkage, m_threshold).leafOrder;
    m_heatmap->setData(h);
    recomputeGroups();
}

void AnalysisView::recomputeGroups() {
    if (!m_hasResult || m_linkage.empty() || !m_model) return;
    m_threshold = std::clamp(m_threshold, 0.0, m_thresholdTop);
    GroupConstraints c;
    c.keepFirstLast = m_keepFirstLast->isChecked();
    c.maxGroupSize = m_maxGroup->value();
    SharingPlan plan;
    try {
        m_groups = cutGroups(m_linkage, m_threshold, c);
        plan = makePlan(m_model->checkpoint(), m_result.unitKind, m_groups);
    } catch (const std::exception& e) {
        m_groupSummary->setText(widgets::errorText(e));
        return;
    }
    m_groupModel->setPlan(plan);
    m_heatmap->setGroups(m_groups);
    m_strip->setUnits(unitLabels(), m_groups);

    widgets::DendrogramData d;
    d.z = m_linkage;
    d.layout = layoutForGroups(m_linkage, m_threshold, m_groups);
    d.labels = unitLabels();
    d.threshold = m_threshold;
    d.title = tr("Clustering of units");
    m_dendrogram->setData(d);
    syncThresholdControls();

    int shared = 0, sharedGroups = 0;
    for (const auto& g : m_groups)
        if (g.size() >= 2) {
            shared += static_cast<int>(g.size());
            ++sharedGroups;
        }
    const QLocale loc;
    const qlonglong saved = plan.baselineParameters - plan.sharedParameters;
    const double pct = plan.baselineParameters > 0 ? 100.0 * saved / plan.baselineParameters : 0.0;
    m_groupSummary->setText(tr("Shared groups: %1").arg(sharedGroups));
    m_savingsText = tr("%1 of %2 units in %3 shared groups · saves %4 parameters (%5, %6 %) · %7 → %8")
                        .arg(shared)
                        .arg(m_groups.empty() ? 0 : static_cast<int>(plan.units.size()))
                        .arg(sharedGroups)
                        .arg(loc.toString(saved))
                        .arg(loc.formattedDataSize(static_cast<qint64>(plan.baselineBytes - plan.sharedBytes)))
                        .arg(loc.toString(pct, 'f', 1))
                        .arg(loc.toString(static_cast<qlonglong>(plan.baselineParameters)))
                        .arg(loc.toString(static_cast<qlonglong>(plan.sharedParameters)));
    updateActions();
    Q_EMIT savingsChanged(m_savingsText);
}

void AnalysisView::setThreshold(double threshold) {
    m_threshold = threshold;
    recomputeGroups();
}

void AnalysisView::syncThresholdControls() {
    const QSignalBlocker b1(m_slider), b2(m_thresholdSpin);
    m_slider->setValue(static_cast<int>(std::lround(m_threshold / m_thresholdTop * kSliderSteps)));
    m_thresholdSpin->setValue(m_threshold);
    m_dendrogram->setThreshold(m_threshold);
}

void AnalysisView::updateActions() {
    m_analyzeButton->setEnabled(m_model != nullptr);
    m_exportButton->setEnabled(m_hasResult);
    m_slider->setEnabled(m_hasResult);
    m_thresholdSpin->setEnabled(m_hasResult);
}

// ---------------------------------------------------------------- exports

bool AnalysisView::exportHeatmap(const QString& path, QString* error) {
    if (!m_hasResult) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    widgets::HeatmapData h;
    h.values = m_result.similarity;
    h.labels = unitLabels();
    h.title = tr("Layer similarity");
    h.subtitle = figureSubtitle();
    h.colorbarLabel = m_result.metric == Metric::Pearson  ? tr("Pearson correlation")
                      : m_result.metric == Metric::Cosine ? tr("Cosine similarity")
                                                          : tr("Linear CKA");
    h.vmin = std::min(0.0, m_result.similarity.minCoeff());
    h.vmax = 1.0;
    h.groups = m_groups;
    return widgets::exportFigure(path, QSizeF(480, 420),
                                 [&](QPainter& p, const QRectF& r) { widgets::paintHeatmap(p, r, h); }, error);
}

bool AnalysisView::exportDendrogram(const QString& path, QString* error) {
    if (!m_hasResult) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    widgets::DendrogramData d;
    d.z = m_linkage;
    d.layout = layoutForGroups(m_linkage, m_threshold, m_groups);
    d.labels = unitLabels();
    d.threshold = m_threshold;
    d.title = tr("Clustering of units");
    d.subtitle = figureSubtitle();
    return widgets::exportFigure(path, QSizeF(560, 360),
                                 [&](QPainter& p, const QRectF& r) { widgets::paintDendrogram(p, r, d); }, error);
}

bool AnalysisView::exportMatrixCsv(const QString& path, QString* error) {
    if (!m_hasResult) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    const QStringList labels = unitLabels();
    QByteArray out = "unit";
    for (const QString& l : labels) out += ',' + csvField(l).toUtf8();
    out += '\n';
    for (Eigen::Index i = 0; i < m_result.similarity.rows(); ++i) {
        out += csvField(labels.value(int(i))).toUtf8();
        for (Eigen::Index j = 0; j < m_result.similarity.cols(); ++j)
            out += ',' + QByteArray::number(m_result.similarity(i, j), 'g', 17);
        out += '\n';
    }
    return writeText(path, out, error);
}

bool AnalysisView::exportGroupsCsv(const QString& path, QString* error) {
    if (!m_hasResult) {
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
    if (!m_hasResult) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    // The same shape as sharelens-cli analyze's analysis.json.
    QJsonArray units, sim, z, groups;
    for (const auto& u : m_result.units) units.append(QString::fromStdString(u));
    for (Eigen::Index i = 0; i < m_result.similarity.rows(); ++i) {
        QJsonArray row;
        for (Eigen::Index j = 0; j < m_result.similarity.cols(); ++j) row.append(m_result.similarity(i, j));
        sim.append(row);
    }
    for (const auto& r : m_linkage)
        z.append(QJsonArray{qint64(r[0]), qint64(r[1]), r[2], qint64(r[3])});
    for (const auto& g : m_groups) {
        QJsonArray a;
        for (int u : g) a.append(u);
        groups.append(a);
    }
    const SharingPlan& p = plan();
    QJsonObject o{{QStringLiteral("units"), units},
                  {QStringLiteral("metric"), QString::fromLatin1(metricName(m_result.metric))},
                  {QStringLiteral("method"), QString::fromStdString(m_result.method)},
                  {QStringLiteral("unit_kind"), QString::fromLatin1(unitKindName(m_result.unitKind))},
                  {QStringLiteral("tokens"), qint64(m_result.tokens)},
                  {QStringLiteral("sequences"), qint64(m_result.sequences)},
                  {QStringLiteral("seq_len"), m_seqLenUsed},
                  {QStringLiteral("similarity"), sim},
                  {QStringLiteral("linkage_method"), QString::fromLatin1(linkageName(m_linkageMethod))},
                  {QStringLiteral("contiguous"), m_contiguous},
                  {QStringLiteral("linkage"), z},
                  {QStringLiteral("threshold"), m_threshold},
                  {QStringLiteral("groups"), groups},
                  {QStringLiteral("parameters"),
                   QJsonObject{{QStringLiteral("baseline"), qint64(p.baselineParameters)},
                               {QStringLiteral("shared"), qint64(p.sharedParameters)}}},
                  {QStringLiteral("bytes"),
                   QJsonObject{{QStringLiteral("baseline"), qint64(p.baselineBytes)},
                               {QStringLiteral("shared"), qint64(p.sharedBytes)}}},
                  {QStringLiteral("plan"), QJsonDocument::fromJson(QByteArray::fromStdString(planToJson(p))).object()}};
    if (m_model) o.insert(QStringLiteral("model"), QJsonObject{{QStringLiteral("path"), QString::fromStdString(m_model->checkpoint().dir)}});
    return writeText(path, QJsonDocument(o).toJson(QJsonDocument::Indented), error);
}

void AnalysisView::exportFigureInteractive(bool heatmap) {
    const QString base = heatmap ? QStringLiteral("heatmap.png") : QStringLiteral("dendrogram.png");
    QString filter = tr("PNG image (*.png)");
    const QString path = QFileDialog::getSaveFileName(
        this, heatmap ? tr("Export Heatmap") : tr("Export Dendrogram"), base,
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
