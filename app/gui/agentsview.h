#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QStringList>
#include <QWidget>

#include <array>
#include <vector>

#include "agentsjob.h"
#include "finetunejob.h"
#include "sharelens/agents.h"
#include "sharelens/cluster.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class QToolButton;

namespace sharelens::widgets {
class HeatmapWidget;
class DendrogramWidget;
struct HeatmapData;
struct DendrogramData;
} // namespace sharelens::widgets

namespace sharelens::app {

class CalibrationPanel;
class TrainingChartsPanel;
class TrainingSettingsBox;

// The agents workspace (issue 7): two or more models of one architecture as
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
class AgentsView : public QWidget {
    Q_OBJECT
public:
    explicit AgentsView(QWidget* parent = nullptr);
    ~AgentsView() override;

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
    sharelens::AgentLevel level() const { return m_level; }
    // Moves the current level's threshold as if the user had.
    void setThreshold(double threshold);
    double threshold() const { return m_threshold[levelIndex()]; }
    void setWeightLayer(int layer);

    bool hasResult() const { return m_hasResult; }
    const AgentsResult& result() const { return m_result; }
    const sharelens::LinkageMatrix& linkageMatrix() const { return m_linkage; }
    const std::vector<std::vector<int>>& groups() const { return m_groups; }
    const sharelens::AgentSharingPlan& plan() const { return m_plan; }
    AgentsRunner* runner() const { return m_runner; }
    widgets::HeatmapWidget* heatmap() const { return m_heatmap; }
    widgets::DendrogramWidget* dendrogram() const { return m_dendrogram; }
    widgets::HeatmapWidget* weightHeatmap() const { return m_weightHeatmap; }
    QString previewText() const;

    // Exports; on failure return false with a sentence in *error.
    bool exportHeatmap(const QString& path, QString* error);
    bool exportDendrogram(const QString& path, QString* error);
    bool exportWeightHeatmap(const QString& path, QString* error);
    bool exportPlanJson(const QString& path, QString* error);
    // Writes the shared pool (sharelens/export.h: DIR/pool.safetensors and a
    // folder per agent) in the background: the trained system when the last
    // fine-tune finished on the plan shown now, otherwise the plan's untrained
    // tied system (the agents loaded again, the Fine-tune tab's initialisation).
    // poolExportFinished reports the end; cancelPoolExport() stops it and
    // leaves DIR as it was.
    void exportPool(const QString& dir);
    void cancelPoolExport();
    bool isExportingPool() const;

    // Fine-tune. Each agent's text: a file, or empty for the calibration
    // text the analysis used. Refused with a message box before a plan
    // exists (no analysis yet) or while running.
    void setAgentText(int agent, const QString& path);
    QString agentText(int agent) const; // the file the fine-tune reads
    void startFinetune();
    void cancelFinetune();
    void setFinetunePaused(bool paused);
    bool isFinetuning() const;
    FinetuneRunner* finetuneRunner() const { return m_finetune; }
    TrainingChartsPanel* finetuneCharts() const { return m_ftCharts; }
    QTableWidget* finetuneAgentTable() const { return m_ftAgents; }
    QTableWidget* finetuneResults() const { return m_ftResults; }
    // The last finished fine-tune (empty agents before one finished).
    const AgentsFinetuneSummary& finetuneSummary() const { return m_ftSummary; }
    // The settings the last fine-tune started with.
    const AgentsFinetuneRequest& finetuneRequest() const { return m_ftRequest; }
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
    int levelIndex() const { return m_level == sharelens::AgentLevel::Layers ? 0 : 1; }
    QWidget* buildPanel();
    QWidget* buildResults();
    void chooseAgents();
    void showProgress(const AnalysisProgress& p);
    void takeResult(const AgentsResult& result);
    void recomputeLinkage();
    void recomputeGroups();
    void updateWeightHeatmap();
    void updateActions();
    void exportFigureInteractive(int which);
    void exportPlanInteractive();
    void exportPoolInteractive();
    widgets::HeatmapData heatmapData() const;
    widgets::HeatmapData weightHeatmapData() const;
    widgets::DendrogramData dendrogramData() const;
    QStringList unitLabels() const;
    QString figureSubtitle() const;
    QWidget* buildFinetuneTab();
    QWidget* buildFinetunePanel();
    void updateFinetuneTexts();
    void updateFinetuneActions();
    void updateFinetunePlanLabel();
    void chooseAgentText();
    void takeFinetuneRecords(const FinetuneRecords& records);
    void takeFinetuneSummary(const AgentsFinetuneSummary& summary);
    void setAgentLossCell(int agent, int column, double loss);

    AgentsRunner* m_runner = nullptr;
    JobRunner* m_poolJobs = nullptr;
    bool m_hasResult = false;
    AgentsResult m_result;
    sharelens::AgentLevel m_level = sharelens::AgentLevel::Layers;
    sharelens::LinkageMatrix m_linkage;
    std::array<double, 2> m_threshold{{-1.0, -1.0}}; // per level; < 0 = not chosen yet
    double m_thresholdTop = 1.0;
    std::vector<std::vector<int>> m_groups;
    sharelens::AgentSharingPlan m_plan;
    bool m_haveLinkage = false;

    // Panel.
    QTableWidget* m_agentTable = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    CalibrationPanel* m_calibration = nullptr;
    QPushButton* m_analyzeButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_stage = nullptr;
    QComboBox* m_levelBox = nullptr;
    QComboBox* m_linkageBox = nullptr;
    QDoubleSpinBox* m_thresholdSpin = nullptr;
    QToolButton* m_exportButton = nullptr;

    // Results.
    QTabWidget* m_tabs = nullptr;
    widgets::HeatmapWidget* m_heatmap = nullptr;
    widgets::DendrogramWidget* m_dendrogram = nullptr;
    QTableWidget* m_groupTable = nullptr;
    QLabel* m_preview = nullptr;
    QSpinBox* m_layerSpin = nullptr;
    QComboBox* m_weightQuantity = nullptr;
    widgets::HeatmapWidget* m_weightHeatmap = nullptr;

    // Fine-tune.
    FinetuneRunner* m_finetune = nullptr;
    QString m_requestedText;   // the calibration text of the running analysis
    QString m_calibrationText; // the calibration text of the shown result
    QHash<QString, QString> m_agentTexts; // agent folder -> chosen text
    AgentsFinetuneRequest m_ftRequest;
    AgentsFinetuneSummary m_ftSummary;
    QElapsedTimer m_ftTimer;
    QLabel* m_ftPlan = nullptr;
    QTableWidget* m_ftTexts = nullptr;
    QPushButton* m_ftChooseText = nullptr;
    QPushButton* m_ftResetText = nullptr;
    TrainingSettingsBox* m_ftTraining = nullptr;
    QComboBox* m_ftInit = nullptr;
    QPushButton* m_ftStart = nullptr;
    QPushButton* m_ftPause = nullptr;
    QPushButton* m_ftCancel = nullptr;
    QProgressBar* m_ftProgress = nullptr;
    QLabel* m_ftStage = nullptr;
    TrainingChartsPanel* m_ftCharts = nullptr;
    QTableWidget* m_ftResults = nullptr;
    QTableWidget* m_ftAgents = nullptr;
};

} // namespace sharelens::app
