#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QStringList>
#include <QWidget>

#include <optional>

#include "finetunejob.h"
#include "sharelens/agents.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace sharelens::widgets {
class TrainingChartsPanel;
class TrainingSettingsBox;
} // namespace sharelens::widgets

namespace sharelens::app {

// The agents view's Fine-tune tab: trains the shared system of the current
// plan against the unshared agents (each agent on its own text, the
// calibration text unless one is chosen) in the background, with the
// single-model fine-tune's live charts, the two systems' results and each
// agent's validation loss.
class AgentsFinetuneTab : public QWidget {
    Q_OBJECT
public:
    explicit AgentsFinetuneTab(QWidget* parent = nullptr);

    // The agents of the shown result (folders and names) and the calibration
    // text it used; the plan the fine-tune would train (none before one exists).
    void setAgents(const QStringList& paths, const std::vector<std::string>& names, const QString& calibrationText);
    void setPlan(const std::optional<sharelens::AgentSharingPlan>& plan);

    // Each agent's text: a file, or empty for the calibration text.
    void setAgentText(int agent, const QString& path);
    QString agentText(int agent) const; // the file the fine-tune reads
    // The chosen files, one per agent (empty = the calibration text).
    std::vector<std::string> chosenTexts() const;

    void start();
    void cancel();
    void setPaused(bool paused);
    bool isRunning() const;
    // Puts a saved run's results back (no charts: a session keeps summaries).
    void showRun(const AgentsFinetuneRequest& request, const AgentsFinetuneSummary& summary);

    FinetuneRunner* runner() const { return m_runner; }
    widgets::TrainingChartsPanel* charts() const { return m_charts; }
    QTableWidget* agentTable() const { return m_agents; }
    QTableWidget* results() const { return m_results; }
    const AgentsFinetuneSummary& summary() const { return m_summary; }
    const AgentsFinetuneRequest& request() const { return m_request; }
    sharelens::SharedInit init() const;

Q_SIGNALS:
    void finished(const sharelens::app::AgentsFinetuneSummary& summary);
    void failed(const QString& message, bool cancelled);
    void textsChanged();

private:
    QWidget* buildPanel();
    QWidget* buildTextsBox();
    QWidget* buildButtons();
    QWidget* buildResultsBox();
    void connectRunner();
    void updateTexts();
    void updateActions();
    void updatePlanLabel();
    void chooseAgentText();
    void clearAgentTable(const std::vector<std::string>& names);
    void takeRecords(const FinetuneRecords& records);
    void takeSummary(const AgentsFinetuneSummary& summary);
    void showSummary(const AgentsFinetuneSummary& summary);
    void setAgentLossCell(int agent, int column, double loss);

    FinetuneRunner* m_runner = nullptr;
    QStringList m_paths;
    std::vector<std::string> m_names;
    QString m_calibrationText;            // the calibration text of the shown result
    QHash<QString, QString> m_agentTexts; // agent folder -> chosen text
    std::optional<sharelens::AgentSharingPlan> m_plan;
    AgentsFinetuneRequest m_request;
    AgentsFinetuneSummary m_summary;
    QElapsedTimer m_timer;

    QLabel* m_planLabel = nullptr;
    QTableWidget* m_texts = nullptr;
    QPushButton* m_chooseText = nullptr;
    QPushButton* m_resetText = nullptr;
    widgets::TrainingSettingsBox* m_training = nullptr;
    QComboBox* m_init = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_stage = nullptr;
    widgets::TrainingChartsPanel* m_charts = nullptr;
    QTableWidget* m_results = nullptr;
    QTableWidget* m_agents = nullptr;
};

} // namespace sharelens::app
