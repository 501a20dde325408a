#pragma once

#include <QStringList>
#include <QWidget>

#include <array>
#include <vector>

#include "agentsjob.h"
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

Q_SIGNALS:
    void analysisFinished();
    // The analysis failed or was cancelled; the previous result stays shown.
    void analysisFailed(const QString& message, bool cancelled);

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
    widgets::HeatmapData heatmapData() const;
    widgets::HeatmapData weightHeatmapData() const;
    widgets::DendrogramData dendrogramData() const;
    QStringList unitLabels() const;
    QString figureSubtitle() const;

    AgentsRunner* m_runner = nullptr;
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
};

} // namespace sharelens::app
