#pragma once

#include <QAbstractTableModel>
#include <QWidget>

#include <optional>
#include <memory>
#include <vector>

#include "sharelens/analysis.h"
#include "sharelens/cluster.h"
#include "sharelens/plan.h"
#include "sharelens/session.h"

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSlider;
class QSpinBox;
class QTableView;
class QToolButton;

namespace sharelens {
class Model;
}
namespace sharelens::widgets {
class HeatmapWidget;
class DendrogramWidget;
} // namespace sharelens::widgets

namespace sharelens::app {

class AnalysisRunner;
class CalibrationPanel;
struct AnalysisProgress;

// The groups of a sharing plan, one row per group (singletons included):
// group number, members, parameters stored once, parameters and bytes saved.
class GroupTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { GroupColumn, MembersColumn, SharedColumn, SavedColumn, SavedBytesColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setPlan(const sharelens::SharingPlan& plan);
    const sharelens::SharingPlan& plan() const { return m_plan; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    sharelens::SharingPlan m_plan;
};

// The model's units in order, one cell each, filled with the colour of the
// group they belong to (grey when unshared).
class GroupStrip : public QWidget {
    Q_OBJECT
public:
    explicit GroupStrip(QWidget* parent = nullptr);
    void setUnits(const QStringList& names, const std::vector<std::vector<int>>& groups);
    // Group index of each unit (into the groups given), -1 for none.
    const std::vector<int>& groupOfUnit() const { return m_groupOf; }
    const std::vector<std::vector<int>>& groups() const { return m_groups; }
    QColor unitColor(int unit) const;
    QRectF cellRect(int unit) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* e) override;
    bool event(QEvent* e) override;

private:
    QStringList m_names;
    std::vector<std::vector<int>> m_groups;
    std::vector<int> m_groupOf;
};

// The analysis workspace of an open model: calibration settings, a
// background capture, then heatmap, dendrogram with a draggable threshold,
// the groups it yields and their savings, and exports. Linkage, threshold
// and group constraints are recomputed live on the GUI thread.
class AnalysisView : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisView(QWidget* parent = nullptr);
    ~AnalysisView() override;

    void setModel(std::shared_ptr<const sharelens::Model> model);

    // Starts (or restarts) the capture with the panel's settings.
    void analyze();
    void cancel();

    // Calibration from a file instead of the built-in sample (empty = built-in).
    void setCalibrationFile(const QString& path);
    void setSequenceLength(int tokens);
    void setSequenceCount(int sequences);
    // Moves the threshold as if the user had (slider, spin box, line follow).
    void setThreshold(double threshold);
    double threshold() const { return m_threshold; }

    bool hasResult() const { return m_hasResult; }
    const sharelens::SimilarityResult& result() const { return m_result; }
    const sharelens::LinkageMatrix& linkageMatrix() const { return m_linkage; }
    const std::vector<std::vector<int>>& groups() const { return m_groups; }
    const sharelens::SharingPlan& plan() const { return m_groupModel->plan(); }
    AnalysisRunner* runner() const { return m_runner; }
    QString savingsText() const { return m_savingsText; }

    // The session's view of this panel: calibration settings, grouping
    // settings with the threshold; restore() puts them (and a saved result)
    // back exactly, without running anything.
    sharelens::SessionCalibration calibration() const;
    sharelens::SessionClustering clustering() const;
    void restore(const sharelens::SessionCalibration& calibration, const sharelens::SessionClustering& clustering,
                 const std::optional<sharelens::SimilarityResult>& result);

    // Exports; on failure return false with a sentence in *error.
    bool exportHeatmap(const QString& path, QString* error);
    bool exportDendrogram(const QString& path, QString* error);
    bool exportMatrixCsv(const QString& path, QString* error);
    bool exportGroupsCsv(const QString& path, QString* error);
    bool exportJson(const QString& path, QString* error);

Q_SIGNALS:
    // A new similarity result is shown.
    void analysisFinished();
    // The capture failed or was cancelled; the previous result stays shown.
    void analysisFailed(const QString& message, bool cancelled);
    // Groups or savings changed: one line for the status bar.
    void savingsChanged(const QString& text);

private:
    void buildUi();
    QWidget* buildPanel();
    void showProgress(const AnalysisProgress& p);
    void takeResult(const sharelens::SimilarityResult& result);
    void recomputeLinkage();
    void recomputeGroups();
    void syncThresholdControls();
    void updateActions();
    void exportFigureInteractive(bool heatmap);
    void exportDataInteractive(int kind);
    QString figureSubtitle() const;
    sharelens::LinkageMethod linkageMethod() const;
    QStringList unitLabels() const;

    std::shared_ptr<const sharelens::Model> m_model;
    AnalysisRunner* m_runner = nullptr;

    // Results and what is derived from them.
    bool m_hasResult = false;
    sharelens::SimilarityResult m_result;
    Eigen::MatrixXd m_distance;
    sharelens::LinkageMatrix m_linkage;
    sharelens::LinkageMethod m_linkageMethod = sharelens::LinkageMethod::Average;
    bool m_contiguous = false;
    std::vector<std::vector<int>> m_groups;
    double m_threshold = 0.0;
    double m_thresholdTop = 1.0;
    int m_seqLenUsed = 0;
    QString m_savingsText;

    // Calibration panel.
    CalibrationPanel* m_calibration = nullptr;
    QComboBox* m_units = nullptr;
    QCheckBox* m_skipFirst = nullptr;
    QComboBox* m_linkageBox = nullptr;
    QCheckBox* m_contiguousBox = nullptr;
    QCheckBox* m_keepFirstLast = nullptr;
    QCheckBox* m_orderByTree = nullptr;
    QSpinBox* m_maxGroup = nullptr;
    QPushButton* m_analyzeButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_stage = nullptr;

    // Results area.
    widgets::HeatmapWidget* m_heatmap = nullptr;
    widgets::DendrogramWidget* m_dendrogram = nullptr;
    QSlider* m_slider = nullptr;
    QDoubleSpinBox* m_thresholdSpin = nullptr;
    QLabel* m_groupSummary = nullptr;
    GroupStrip* m_strip = nullptr;
    QTableView* m_table = nullptr;
    GroupTableModel* m_groupModel = nullptr;
    QToolButton* m_exportButton = nullptr;
};

} // namespace sharelens::app
