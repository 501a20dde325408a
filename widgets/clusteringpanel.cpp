#include "clusteringpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QCoreApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

#include "geometry.h"

namespace sharelens::widgets {

ClusteringPanel::ClusteringPanel(const QString& title, Options options, QWidget* parent) : QGroupBox(title, parent) {
    m_form = new QFormLayout(this);
    m_linkage = new QComboBox;
    m_linkage->setObjectName(QStringLiteral("linkageBox"));
    m_linkage->addItem(tr("Average"), int(LinkageMethod::Average));
    m_linkage->addItem(tr("Complete"), int(LinkageMethod::Complete));
    m_linkage->addItem(tr("Single"), int(LinkageMethod::Single));
    m_linkage->addItem(tr("Weighted"), int(LinkageMethod::Weighted));
    m_linkage->addItem(tr("Ward"), int(LinkageMethod::Ward));
    m_form->addRow(tr("Linkage:"), m_linkage);
    connect(m_linkage, &QComboBox::currentIndexChanged, this, &ClusteringPanel::treeChanged);
    if (options & Constraints) {
        m_contiguous = new QCheckBox(tr("Adjacent layers only"));
        m_contiguous->setObjectName(QStringLiteral("contiguousBox"));
        m_contiguous->setToolTip(tr("Only merge neighbouring units, as layer folding and recursive "
                                    "transformers need."));
        m_form->addRow(m_contiguous);
        m_keepFirstLast = new QCheckBox(tr("Keep first and last unshared"));
        m_keepFirstLast->setObjectName(QStringLiteral("keepFirstLastBox"));
        m_form->addRow(m_keepFirstLast);
        m_maxGroup = new QSpinBox;
        m_maxGroup->setObjectName(QStringLiteral("maxGroupSize"));
        m_maxGroup->setRange(0, 100000);
        m_maxGroup->setSpecialValueText(tr("No limit"));
        m_form->addRow(tr("Largest group:"), m_maxGroup);
        connect(m_contiguous, &QCheckBox::toggled, this, &ClusteringPanel::treeChanged);
        connect(m_keepFirstLast, &QCheckBox::toggled, this, &ClusteringPanel::cutChanged);
        connect(m_maxGroup, &QSpinBox::valueChanged, this, &ClusteringPanel::cutChanged);
    }
    m_spin = new QDoubleSpinBox;
    m_spin->setObjectName(QStringLiteral("thresholdSpin"));
    m_spin->setDecimals(4);
    m_spin->setRange(0.0, 1.0);
    m_spin->setSingleStep(0.01);
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, &ClusteringPanel::thresholdEdited);
    if (options & ThresholdRow) {
        buildThresholdRow();
    } else {
        m_spin->setToolTip(tr("Distance 1 − S at which the tree is cut; drag the line in the dendrogram."));
        m_form->addRow(tr("Threshold:"), m_spin);
    }
}

ClusteringPanel::~ClusteringPanel() {
    if (m_thresholdRow && !m_thresholdRow->parent()) delete m_thresholdRow;
}

void ClusteringPanel::buildThresholdRow() {
    m_thresholdRow = new QWidget;
    m_thresholdRow->setObjectName(QStringLiteral("thresholdRow"));
    auto* row = new QHBoxLayout(m_thresholdRow);
    row->setContentsMargins(0, 0, 0, 0);
    auto* label = new QLabel(tr("Threshold (distance 1 − S):"));
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(QStringLiteral("thresholdSlider"));
    m_slider->setRange(0, kSliderSteps);
    m_spin->setKeyboardTracking(false);
    label->setBuddy(m_spin);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("groupSummary"));
    row->addWidget(label);
    row->addWidget(m_slider, 1);
    row->addWidget(m_spin);
    row->addWidget(m_summary);
    connect(m_slider, &QSlider::valueChanged, this,
            [this](int v) { Q_EMIT thresholdEdited(m_top * v / kSliderSteps); });
}

LinkageMethod ClusteringPanel::linkage() const { return static_cast<LinkageMethod>(m_linkage->currentData().toInt()); }

bool ClusteringPanel::contiguous() const { return m_contiguous && m_contiguous->isChecked(); }

GroupConstraints ClusteringPanel::constraints() const {
    GroupConstraints c;
    if (m_keepFirstLast) c.keepFirstLast = m_keepFirstLast->isChecked();
    if (m_maxGroup) c.maxGroupSize = m_maxGroup->value();
    return c;
}

void ClusteringPanel::setLinkage(LinkageMethod method) {
    const QSignalBlocker b(m_linkage);
    const int i = m_linkage->findData(int(method));
    if (i >= 0) m_linkage->setCurrentIndex(i);
}

void ClusteringPanel::setContiguous(bool on) {
    if (!m_contiguous) return;
    const QSignalBlocker b(m_contiguous);
    m_contiguous->setChecked(on);
}

void ClusteringPanel::setConstraints(const GroupConstraints& c) {
    if (!m_keepFirstLast) return;
    const QSignalBlocker b1(m_keepFirstLast), b2(m_maxGroup);
    m_keepFirstLast->setChecked(c.keepFirstLast);
    m_maxGroup->setValue(c.maxGroupSize);
}

LinkageMatrix ClusteringPanel::cluster(const Eigen::MatrixXd& distance, double* threshold,
                                       const std::vector<int>& kinds) {
    LinkageMatrix z = linkageByKind(distance, linkage(), contiguous(), kinds);
    // The joins of different kinds (above 2, beyond any threshold) do not
    // set the threshold's range.
    std::vector<double> heights;
    for (const auto& r : z)
        if (kinds.empty() || r[2] <= 2.0) heights.push_back(r[2]);
    if (heights.empty())
        for (const auto& r : z) heights.push_back(r[2]);
    const double maxHeight = heights.empty() ? 0.0 : *std::max_element(heights.begin(), heights.end());
    double top = std::min(2.0, DendrogramGeometry::axisTop(maxHeight, 0.0));
    if (!(top > 0.0)) top = 1.0;
    setRange(top);
    if (threshold && (*threshold < 0.0 || *threshold > top)) {
        std::sort(heights.begin(), heights.end());
        *threshold = heights.empty() ? 0.0 : heights[heights.size() / 2];
    }
    return z;
}

void ClusteringPanel::setRange(double top) {
    m_top = top;
    const QSignalBlocker b(m_spin);
    m_spin->setDecimals(std::clamp(static_cast<int>(std::ceil(-std::log10(top))) + 3, 3, 8));
    m_spin->setRange(0.0, top);
    m_spin->setSingleStep(top / 100.0);
}

double ClusteringPanel::showThreshold(double threshold) {
    const double t = std::clamp(threshold, 0.0, m_top);
    const QSignalBlocker b1(m_spin);
    m_spin->setValue(t);
    if (m_slider) {
        const QSignalBlocker b2(m_slider);
        m_slider->setValue(static_cast<int>(std::lround(t / m_top * kSliderSteps)));
    }
    return t;
}

void ClusteringPanel::endThresholdInteraction() {
    // A release is what stops a slider's page-step repeat, its handle drag
    // and a spin box's arrow repeat; the real one went to the question box.
    for (QWidget* w : {static_cast<QWidget*>(m_slider), static_cast<QWidget*>(m_spin)}) {
        if (!w) continue;
        const QSignalBlocker b(w);
        QMouseEvent release(QEvent::MouseButtonRelease, QPointF(-1, -1), w->mapToGlobal(QPointF(-1, -1)),
                            Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(w, &release);
    }
}

void ClusteringPanel::setThresholdEnabled(bool enabled) {
    m_spin->setEnabled(enabled);
    if (m_slider) m_slider->setEnabled(enabled);
}

} // namespace sharelens::widgets
