#pragma once

#include <QMainWindow>
#include <QStringList>

#include <memory>
#include <optional>

#include "sharelens/safetensors.h"
#include "sharelens/session.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QFormLayout;
class QMenu;

namespace sharelens {
class Model;
}
namespace sharelens::widgets {
class UnitSelection;
}

namespace sharelens::app {

class ModelLoader;
class Document;

// Light (the platform's) or dark palette, with the Fusion style.
void applyTheme(bool dark);
class AgentsView;
class AnalysisView;
class FinetuneView;
class RunsView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts loading a model folder in the background.
    void openModel(const QString& path);
    void openDemoModel();

    const sharelens::Model* model() const { return m_model.get(); }
    ModelLoader* loader() const { return m_loader; }
    AnalysisView* analysisView() const { return m_analysis; }
    FinetuneView* finetuneView() const { return m_finetune; }
    // The Runs tab: every finished fine-tune of the session, two overlaid.
    RunsView* runsView() const { return m_runs; }
    QTabWidget* modelTabs() const { return m_tabs; }
    Document* document() const { return m_document; }
    // Agents mode: its window (made on first use) and its document.
    AgentsView* agentsView();
    void showAgents();
    Document* agentsDocument() const { return m_agentsDocument; }

    // Session files: open one (loads its model in the background, then
    // restores the analysis and the last fine-tune run; an agents session
    // opens the agents window and restores it), or save the current session
    // (of the model, or of the agents). Failures are shown in a dialog;
    // saveSessionTo and saveAgentsSessionTo return them.
    void openSession(const QString& path);
    bool saveSessionTo(const QString& path, QString* error);
    bool saveAgentsSessionTo(const QString& path, QString* error);
    // The agents session as one PDF (the agents window's File › Export Report).
    bool exportAgentsReport(const QString& pdfPath, QString* error);

    // Exports. The report is the session as one PDF (written at once); the
    // shared model the Fine-tune tab trained is written in the background as
    // a compact checkpoint or a plain Hugging Face folder, its weights stored
    // as `storage` (by default as the source model stores its own: F16, BF16,
    // else F32), and exportFinished reports the folder and an empty error, or
    // the error; the status bar then shows the folder's size. A non-empty
    // folder that is not a ShareLens export is replaced only when the user
    // answers Replace; Cancel leaves it as it was (`cancelled` is true then).
    bool exportReport(const QString& pdfPath, QString* error);
    void exportSharedModel(const QString& dir, bool compact, std::optional<sharelens::DType> storage = std::nullopt);
    bool isExporting() const;
    // The units selected in the analysis' views (owned by the window).
    widgets::UnitSelection* selection() const { return m_selection; }
    // The manual group edits of the plan the last fine-tune trained (its
    // exported model's provenance lists them).
    QStringList trainedPlanEdits() const;

Q_SIGNALS:
    void modelOpened(const QString& path);
    void modelFailed(const QString& message);
    // A session file was opened and its state is shown.
    void sessionRestored(const QString& path);
    void exportFinished(const QString& dir, const QString& error, bool cancelled);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildUi();
    QWidget* buildWelcomePage();
    QWidget* buildModelPage();
    void buildStatusBar();
    void buildMenus();
    void buildEditMenu();
    void buildRunsTab();
    void showRun(int index);
    void buildSessionMenu(QMenu* file);
    void showModel(const QString& path);
    void showError(const QString& path, const QString& message);
    void updateRecent();
    void addRecent(const QString& path);
    void chooseModel();
    void restoreSession();
    bool maybeSave(Document* document = nullptr);
    bool saveSession(bool askForPath);
    bool saveAgentsSession(bool askForPath);
    void restoreAgentsSession(const sharelens::Session& session, const QString& path);
    void updateAgentsTitle();
    void buildAgentsMenu();
    void chooseAgentsReportFile();
    void chooseSession();
    void updateTitle();
    void addRecentSession(const QString& path);
    void updateRecentSessions();
    void showSessionError(const QString& path, const QString& message);
    void chooseReportFile();
    void chooseExportFolder(bool compact);
    void showExportError(const QString& title, const QString& message);
    enum class RunAnswer { Stop, Keep, Cancel };
    QStringList runsInProgress(bool agents) const;
    RunAnswer askAboutRuns(const QStringList& runs, QWidget* parent, bool canKeep);
    void stopAgentsRuns();

    ModelLoader* m_loader = nullptr;
    std::shared_ptr<sharelens::Model> m_model;
    QString m_modelPath;
    QStackedWidget* m_stack = nullptr;
    QListWidget* m_recentList = nullptr;
    QMenu* m_recentMenu = nullptr;
    QFormLayout* m_summaryForm = nullptr;
    QFormLayout* m_summaryForm2 = nullptr;
    QLabel* m_title = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_stage = nullptr;
    AnalysisView* m_analysis = nullptr;
    FinetuneView* m_finetune = nullptr;
    RunsView* m_runs = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_savings = nullptr;
    Document* m_document = nullptr;
    Document* m_agentsDocument = nullptr;
    AgentsView* m_agents = nullptr;
    class JobRunner* m_exportJobs = nullptr;
    QMenu* m_recentSessionsMenu = nullptr;
    // A session opened while its model loads: restored once it is shown.
    std::optional<sharelens::Session> m_pendingSession;
    QString m_pendingSessionPath;
    widgets::UnitSelection* m_selection = nullptr;
    QStringList m_trainingPlanEdits; // of the plan the running (or last) fine-tune trains
};

} // namespace sharelens::app
