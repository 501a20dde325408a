#pragma once

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
class QMenu;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QSlider;
class QTableView;
class QToolButton;
class QUndoStack;

namespace sharelens {
class Model;
}
namespace sharelens::widgets {
class ClusteringPanel;
class DendrogramWidget;
class GroupStrip;
class GroupTableModel;
class HeatmapWidget;
class UnitSelection;
struct HeatmapData;
} // namespace sharelens::widgets

namespace sharelens::app {

class AnalysisRunner;
class CalibrationPanel;
class Document;
class GroupEditor;
class ImportancePanel;
class RunControls;
class WorkerProgressTable;
struct AnalysisProgress;

// The analysis workspace of an open model: calibration settings, a
// background capture, then heatmap, dendrogram with a draggable threshold,
// the groups it yields and their savings, and exports. Linkage, threshold
// and group constraints are recomputed live on the GUI thread.
// The result and the grouping settings live in a Document (its own until
// setDocument gives it the window's): the view writes what the user did
// into it, repaints from it, and restores from it when a session is opened.
class AnalysisView : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisView(QWidget* parent = nullptr);
    ~AnalysisView() override;

    void setModel(std::shared_ptr<const sharelens::Model> model);
    // The document to observe (not owned); restores from it when it is replaced.
    void setDocument(Document* document);
    Document* document() const { return m_document; }
    // The units selected in the heatmap, dendrogram, layer strip and group
    // table (not owned; the view's own until the window gives it its).
    void setSelection(widgets::UnitSelection* selection);
    widgets::UnitSelection* selection() const { return m_selection; }

    // Manual edits of the groups (split, move, pin) and their undo history.
    // Moving the threshold or changing the grouping settings after edits
    // asks whether to discard them (Keep Edits leaves everything as it was).
    GroupEditor* groupEditor() const { return m_editor; }
    QUndoStack* undoStack() const;
    // English records of the edits the current plan has (empty: the cut).
    QStringList planEdits() const;
    // The group table's context menu for a row (split, move, pin).
    QMenu* groupMenu(int row);
    void resetHeatmapZoom();

    // Starts (or restarts, without asking) the capture with the panel's settings;
    // the Analyze button asks first while an analysis runs.
    void analyze();
    void cancel();

    // Calibration from a file instead of the built-in sample (empty = built-in).
    void setCalibrationFile(const QString& path);
    // Calibration from a JSON array of token-id sequences (chooses that source).
    void setCalibrationTokenIds(const QString& path);
    // False when the open model has no tokenizer (token ids are then needed).
    bool tokenizerAvailable() const;
    void setSequenceLength(int tokens);
    void setSequenceCount(int sequences);
    // Moves the threshold as if the user had (slider, spin box, line follow).
    void setThreshold(double threshold);
    double threshold() const;

    bool hasResult() const;
    const sharelens::SimilarityResult& result() const;
    const sharelens::LinkageMatrix& linkageMatrix() const { return m_linkage; }
    const std::vector<std::vector<int>>& groups() const { return m_groups; }
    const sharelens::SharingPlan& plan() const;
    AnalysisRunner* runner() const { return m_runner; }
    // The importance strip under the heatmap (shown after an analysis with
    // "Layer importance" on).
    ImportancePanel* importancePanel() const { return m_importancePanel; }
    QString savingsText() const { return m_savingsText; }

    // The panel's calibration settings, and the document's grouping
    // settings with the threshold. restore() puts the document's settings
    // (and its result) back exactly, without running anything.
    sharelens::SessionCalibration calibration() const;
    sharelens::SessionClustering clustering() const;
    void restore();

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
    // A passing message for the status bar (edits discarded...).
    void statusMessage(const QString& text);

private:
    void buildUi();
    QWidget* buildPanel();
    QToolButton* buildExportButton();
    QWidget* buildResults();
    void takeResult(const sharelens::SimilarityResult& result);
    bool confirmRestart();
    // Clusters the document's result with the panel's settings; a negative
    // threshold is chosen from the tree.
    void recomputeLinkage(double threshold);
    // Cuts the tree at `threshold`, writes the grouping into the document
    // and repaints from it.
    void recomputeGroups(double threshold);
    // Shows the editor's groups (the cut, or the cut with edits): the plan,
    // the document, the table, the figures and the savings.
    void showGroups(double threshold);
    void showSavings(const sharelens::SharingPlan& plan);
    // True when there are no edits or the user agreed to discard them.
    bool confirmDiscardEdits();
    // The panel's grouping settings back to the document's (edits kept).
    // `endPress`: also end a press on the threshold's slider or spin box.
    void revertGroupingControls(bool endPress = true);
    // A threshold move with edits: the controls go back at once and the
    // question comes once the slider's or the line's own handling is done.
    void askBeforeThreshold(double threshold);
    void showSelection(const QList<int>& units);
    void selectTableRows(const QList<int>& units);
    void connectSelection();
    void restoreEditedGroups(const std::optional<sharelens::SharingPlan>& saved);
    void clearResults();
    void updateActions();
    void exportFigureInteractive(bool heatmap);
    void exportDataInteractive(int kind);
    QString figureSubtitle() const;
    widgets::HeatmapData heatmapData() const;
    QStringList unitLabels() const;

    std::shared_ptr<const sharelens::Model> m_model;
    AnalysisRunner* m_runner = nullptr;
    Document* m_document = nullptr;
    sharelens::SessionCalibration m_requested; // the settings of the running analysis
    bool m_restoring = false;                  // repainting from the document: no edits to it

    // Derived from the document's result, for painting.
    Eigen::MatrixXd m_distance;
    sharelens::LinkageMatrix m_linkage;
    std::vector<std::vector<int>> m_groups;
    QString m_savingsText;

    // Calibration panel.
    CalibrationPanel* m_calibration = nullptr;
    QComboBox* m_units = nullptr;
    QComboBox* m_compute = nullptr; // float32 or bfloat16 matrix products
    QSpinBox* m_workers = nullptr;  // local worker processes (1: in this process)
    QCheckBox* m_skipFirst = nullptr;
    QCheckBox* m_importance = nullptr;
    widgets::ClusteringPanel* m_clustering = nullptr;
    QCheckBox* m_orderByTree = nullptr;
    RunControls* m_run = nullptr;
    WorkerProgressTable* m_workerRows = nullptr; // one row per worker process

    // Results area.
    widgets::HeatmapWidget* m_heatmap = nullptr;
    ImportancePanel* m_importancePanel = nullptr;
    widgets::DendrogramWidget* m_dendrogram = nullptr;
    widgets::GroupStrip* m_strip = nullptr;
    QTableView* m_table = nullptr;
    widgets::GroupTableModel* m_groupModel = nullptr;
    QToolButton* m_exportButton = nullptr;

    GroupEditor* m_editor = nullptr;
    widgets::UnitSelection* m_selection = nullptr;
    bool m_syncingTable = false; // the table's selection follows m_selection
    bool m_askPending = false;   // a threshold question is queued
    double m_askedThreshold = 0; // the threshold it would apply
};

} // namespace sharelens::app
