// The grouping controls shared by the analysis and the agents views: the
// linkage method, optional constraints (adjacent layers only, first and last
// unshared, largest group) and the threshold, whose range follows the tree.
#pragma once

#include <QGroupBox>
#include <QPointer>

#include <Eigen/Dense>

#include "sharelens/cluster.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSlider;
class QSpinBox;

namespace sharelens::widgets {

// A "Grouping"/"Clustering" box. The panel reports what the user did
// (treeChanged: linkage or adjacency; cutChanged: a constraint;
// thresholdEdited: slider or spin box); the view keeps the settings and
// repaints the panel from them (setLinkage, setConstraints, showThreshold),
// which emits nothing.
//  - Constraints: the adjacency and constraint rows in the form.
//  - ThresholdRow: the threshold as a row of its own (label, slider, spin box
//    and a summary label), placed by the view under its figures; otherwise
//    the spin box is a "Threshold:" row of the form.
class ClusteringPanel : public QGroupBox {
    Q_OBJECT
public:
    enum Option { NoOptions = 0, Constraints = 1, ThresholdRow = 2 };
    Q_DECLARE_FLAGS(Options, Option)
    static constexpr int kSliderSteps = 1000;

    ClusteringPanel(const QString& title, Options options, QWidget* parent = nullptr);
    ~ClusteringPanel() override;

    // The form, for rows a view adds (level, heatmap order).
    QFormLayout* form() const { return m_form; }
    // The threshold row (ThresholdRow only; null otherwise). The view puts
    // it in a layout of its own; until then the panel owns it.
    QWidget* thresholdRow() const { return m_thresholdRow; }
    QLabel* summaryLabel() const { return m_summary; }

    sharelens::LinkageMethod linkage() const;
    bool contiguous() const;
    sharelens::GroupConstraints constraints() const;
    void setLinkage(sharelens::LinkageMethod method);
    void setContiguous(bool on);
    void setConstraints(const sharelens::GroupConstraints& constraints);

    // The tree of a distance matrix with the panel's method (adjacent merges
    // only when asked). The threshold's range becomes the dendrogram's axis
    // (so dragging never rescales it under the mouse); a threshold below zero
    // or beyond it moves to the median merge height (some groups, not one).
    // Throws sharelens::Error as linkage() does.
    // `kinds` (unitKinds of the unit names): units of different kinds never
    // group (sharelens::linkageByKind); empty for one kind.
    sharelens::LinkageMatrix cluster(const Eigen::MatrixXd& distance, double* threshold,
                                     const std::vector<int>& kinds = {});
    double thresholdTop() const { return m_top; }
    // Shows a threshold (clamped to the range) without emitting; returns it.
    double showThreshold(double threshold);
    void setThresholdEnabled(bool enabled);
    // Ends a press on the slider or the spin box's arrows (their repeat and
    // drag) without emitting: the view refused the move they started.
    void endThresholdInteraction();

Q_SIGNALS:
    void treeChanged();
    void cutChanged();
    void thresholdEdited(double threshold);

private:
    void buildThresholdRow();
    void setRange(double top);

    QFormLayout* m_form = nullptr;
    QComboBox* m_linkage = nullptr;
    QCheckBox* m_contiguous = nullptr;
    QCheckBox* m_keepFirstLast = nullptr;
    QSpinBox* m_maxGroup = nullptr;
    QPointer<QWidget> m_thresholdRow;
    QSlider* m_slider = nullptr;
    QDoubleSpinBox* m_spin = nullptr;
    QLabel* m_summary = nullptr;
    double m_top = 1.0;
};

} // namespace sharelens::widgets

Q_DECLARE_OPERATORS_FOR_FLAGS(sharelens::widgets::ClusteringPanel::Options)
