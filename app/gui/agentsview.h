#pragma once

#include <QStringList>
#include <QWidget>

#include <array>
#include <optional>
#include <vector>

#include "agentsjob.h"
#include "finetunejob.h"
#include "sharelens/agents.h"
#include "sharelens/cluster.h"
#include "sharelens/session.h"

#include <map>
#include <string>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;
class QTabWidget;
class QToolButton;

namespace sharelens::widgets {
class ClusteringPanel;
class DendrogramWidget;
class GroupTableModel;
class HeatmapWidget;
class TrainingChartsPanel;
struct HeatmapData;
struct DendrogramData;
} // namespace sharelens::widgets

namespace sharelens::app {

class AgentsFinetuneTab;
class CalibrationPanel;
class Document;
class RunControls;

// The agents workspace: two or more models of one architecture as
// the agents of a multi-agent system. The user lists the model folders
// (optionally naming them), picks the calibration text and metric, and runs
// one background pass (loading, weight comparison, activations of every
// agent on the same sequences). Results at two levels:
//  - layers: the (agent, layer) heatmap, agent-major, with lines between the
//    agents' blocks; a unit is one block of one agent;
//  - agents: the A x A heatmap of whole agents.
// For the chosen level: the dendrogram with a draggable threshold, the
// linkage, and the group preview (groups by name, the system's parameters
// and bytes before -> after, from makeAgentPlan). A data-free tab shows the
// per-layer weight differences. Exports: figures and the plan as JSON.
// A Fine-tune tab trains the shared system of the current plan against the
// unshared agents (each agent on its own text, the calibration text unless
// one is chosen) in the background, with the single-model fine-tune's live
// charts, the two systems' results and each agent's validation loss.
// The results and settings live in a Document (its own until setDocument
// gives it the window's): the view writes what the user did into it and
// restores from it when an agents session is opened.
class AgentsView : public QWidget {
    Q_OBJECT
public:
    explicit AgentsView(QWidget* parent = nullptr);
    ~AgentsView() override;

    // The document to observe (not owned); restores from it when it is replaced.
    void setDocument(Document* document);
    Document* document() const { return m_document; }

    // The list of agents (the table's rows).
    void addAgent(const QString& path, const QString& name = {});
    void removeAgent(int row);
    void clearAgents();
    QStringList agentPaths() const;
    QStringList agentNames() const; // as typed (empty = the folder name)

    // Calibration from a file instead of the built-in sample (empty = built-in).
    void setCalibrationFile(const QString& path);
    void setSequenceLength(int tokens);
    void setSequenceCount(int sequences);

    // Starts (or restarts) the analysis with the panel's settings.
    void analyze();
    void cancel();

    void setLevel(sharelens::AgentLevel level);
    sharelens::AgentLevel level() const;
    // Moves the current level's threshold as if the user had.
    void setThreshold(double threshold);
    double threshold() const;
    void setWeightLayer(int layer);

    bool hasResult() const;
    // The shown result: the agents' folders, names and checkpoint headers
    // (for plans); its similarity and weights are the document's.
    const AgentsResult& result() const { return m_result; }
    const sharelens::AgentSimilarityResult& similarity() const;
    const sharelens::WeightDifferenceResult& weights() const;
    const sharelens::LinkageMatrix& linkageMatrix() const { return m_linkage; }
    const std::vector<std::vector<int>>& groups() const { return m_groups; }
    const sharelens::AgentSharingPlan& plan() const { return m_plan; }
    AgentsRunner* runner() const { return m_runner; }
    widgets::HeatmapWidget* heatmap() const { return m_heatmap; }
    widgets::DendrogramWidget* dendrogram() const { return m_dendrogram; }
    widgets::HeatmapWidget* weightHeatmap() const { return m_weightHeatmap; }
    QString previewText() const;
    // Puts the document's agents session back (agents, settings, results,
    // the last run's summary), without running anything. False and a
    // sentence when an agent's folder cannot be read (the plan needs its
    // header); the similarity is shown all the same.
    bool restore(QString* error = nullptr);
    // Why the last restore could not read an agent (empty when it could).
    QString restoreError() const { return m_restoreError; }

    // Exports; on failure return false with a sentence in *error.
    bool exportHeatmap(const QString& path, QString* error);
    bool exportDendrogram(const QString& path, QString* error);
    bool exportWeightHeatmap(const QString& path, QString* error);
    bool exportPlanJson(const QString& path, QString* error);
    // The agents session as one PDF (widgets/report.h: writeAgentsReport),
    // with the heatmap and dendrogram of the level shown.
    bool exportReport(const QString& pdfPath, QString* error);
    // Writes the shared pool (sharelens/export.h: DIR/pool.safetensors and a
    // folder per agent) in the background: the trained system when the last
    // fine-tune finished on the plan shown now, otherwise the plan's untrained
    // tied system (the agents loaded again, the Fine-tune tab's initialisation).
    // poolExportFinished reports the end; cancelPoolExport() stops it and
    // leaves DIR as it was.
    void exportPool(const QString& dir);
    void cancelPoolExport();
    bool isExportingPool() const;

    // Fine-tune (the Fine-tune tab). Each agent's text: a file, or empty for
    // the calibration text the analysis used. Refused with a message box
    // before a plan exists (no analysis yet) or while running.
    void setAgentText(int agent, const QString& path);
    QString agentText(int agent) const; // the file the fine-tune reads
    void startFinetune();
    void cancelFinetune();
    void setFinetunePaused(bool paused);
    bool isFinetuning() const;
    FinetuneRunner* finetuneRunner() const;
    widgets::TrainingChartsPanel* finetuneCharts() const;
    QTableWidget* finetuneAgentTable() const;
    QTableWidget* finetuneResults() const;
    // The last finished fine-tune (empty agents before one finished).
    const AgentsFinetuneSummary& finetuneSummary() const;
    // The settings the last fine-tune started with.
    const AgentsFinetuneRequest& finetuneRequest() const;
    void showTab(int index);

Q_SIGNALS:
    void finetuneFinished(const sharelens::app::AgentsFinetuneSummary& summary);
    void finetuneFailed(const QString& message, bool cancelled);
    void analysisFinished();
    // The analysis failed or was cancelled; the previous result stays shown.
    void analysisFailed(const QString& message, bool cancelled);
    // error is empty on success and says why otherwise (cancelled: the user
    // stopped it, DIR is as it was); trained says which system was written.
    void poolExportFinished(const QString& dir, const QString& error, bool trained, bool cancelled);

private:
    int levelIndex() const { return level() == sharelens::AgentLevel::Layers ? 0 : 1; }
    QWidget* buildPanel();
    QWidget* buildAgentsBox();
    QToolButton* buildExportButton();
    QWidget* buildResults();
    QWidget* buildSimilarityTab();
    QWidget* buildWeightsTab();
    void connectRunners();
    void chooseAgents();
    void takeResult(const AgentsResult& result);
    void showResult();
    void recomputeLinkage();
    void recomputeGroups(double threshold);
    void writeGrouping(const std::array<double, 2>& thresholds);
    void updateWeightHeatmap();
    void updateActions();
    void exportFigureInteractive(int which);
    void exportPlanInteractive();
    void exportPoolInteractive();
    bool trainedOnShownPlan() const;
    std::map<std::string, std::string> poolProvenance(bool trained, sharelens::SharedInit init) const;
    widgets::HeatmapData heatmapData() const;
    widgets::HeatmapData weightHeatmapData() const;
    widgets::DendrogramData dendrogramData() const;
    QStringList unitLabels() const;
    QString figureSubtitle() const;
    std::array<double, 2> thresholds() const;

    AgentsRunner* m_runner = nullptr;
    JobRunner* m_poolJobs = nullptr;
    Document* m_document = nullptr;
    bool m_restoring = false; // repainting from the document: no edits to it
    QString m_restoreError;

    // The agents of the shown result and what is derived from the
    // document's result for painting.
    AgentsResult m_result;
    sharelens::LinkageMatrix m_linkage;
    std::vector<std::vector<int>> m_groups;
    sharelens::AgentSharingPlan m_plan;
    bool m_haveLinkage = false;
    bool m_havePlan = false;
    sharelens::SessionCalibration m_requested; // the settings of the running analysis
    QString m_requestedText;                   // the calibration text of the running analysis
    QString m_calibrationText;                 // the calibration text of the shown result

    // Panel.
    QTableWidget* m_agentTable = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    CalibrationPanel* m_calibration = nullptr;
    RunControls* m_run = nullptr;
    QComboBox* m_levelBox = nullptr;
    widgets::ClusteringPanel* m_clustering = nullptr;
    QToolButton* m_exportButton = nullptr;

    // Results.
    QTabWidget* m_tabs = nullptr;
    widgets::HeatmapWidget* m_heatmap = nullptr;
    widgets::DendrogramWidget* m_dendrogram = nullptr;
    QTableView* m_groupTable = nullptr;
    widgets::GroupTableModel* m_groupModel = nullptr;
    QLabel* m_preview = nullptr;
    QSpinBox* m_layerSpin = nullptr;
    QComboBox* m_weightQuantity = nullptr;
    widgets::HeatmapWidget* m_weightHeatmap = nullptr;
    AgentsFinetuneTab* m_finetune = nullptr;
};

} // namespace sharelens::app
