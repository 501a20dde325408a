// MainWindow: agents mode, its window and its session file.
#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLayout>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include "agentsview.h"
#include "document.h"
#include "mainwindow.h"

namespace sharelens::app {

AgentsView* MainWindow::agentsView() {
    if (m_agents) return m_agents;
    m_agents = new AgentsView(this);
    m_agents->setObjectName(QStringLiteral("agentsView"));
    m_agents->setWindowFlag(Qt::Window);
    m_agents->setDocument(m_agentsDocument);
    m_agents->installEventFilter(this); // closing it asks about runs and unsaved results
    buildAgentsMenu();
    connect(m_agentsDocument, &Document::modifiedChanged, this, &MainWindow::updateAgentsTitle);
    connect(m_agentsDocument, &Document::filePathChanged, this, &MainWindow::updateAgentsTitle);
    return m_agents;
}

// The agents window's own File menu, with the main window's session
// shortcuts acting on the agents session: save, save as, open, the report.
void MainWindow::buildAgentsMenu() {
    auto* bar = new QMenuBar(m_agents);
    bar->setObjectName(QStringLiteral("agentsMenuBar"));
    m_agents->layout()->setMenuBar(bar);
    QMenu* file = bar->addMenu(tr("&File"));
    const auto add = [this, file](const QString& text, const char* name, const QKeySequence& key,
                                  const std::function<void()>& fn) {
        QAction* action = file->addAction(text);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, fn);
        m_agents->addAction(action);
        return action;
    };
    add(tr("&Save Agents Session"), "agentsSaveAction", QKeySequence::Save, [this] { saveAgentsSession(false); });
    add(tr("Save Agents Session &As…"), "agentsSaveAsAction", QKeySequence::SaveAs,
        [this] { saveAgentsSession(true); });
    add(tr("&Open Session…"), "agentsOpenSessionAction", QKeySequence(tr("Ctrl+Shift+O")), [this] { chooseSession(); });
    file->addSeparator();
    QAction* report =
        add(tr("Export &Report (PDF)…"), "agentsReportAction", QKeySequence(), [this] { chooseAgentsReportFile(); });
    file->addSeparator();
    add(tr("&Close Window"), "agentsCloseAction", QKeySequence::Close, [this] { m_agents->close(); });
    // Saving and the report need an analysis of two or more agents.
    const auto update = [this, report, file] {
        const bool analysed = m_agentsDocument->session().models.size() >= 2;
        for (QAction* a : file->actions())
            if (a == report || a->objectName().startsWith(QLatin1String("agentsSave"))) a->setEnabled(analysed);
    };
    connect(file, &QMenu::aboutToShow, this, update);
    connect(m_agentsDocument, &Document::modifiedChanged, this, update);
    connect(m_agentsDocument, &Document::sessionReplaced, this, update);
    update();
}

bool MainWindow::exportAgentsReport(const QString& pdfPath, QString* error) {
    return agentsView()->exportReport(pdfPath, error);
}

void MainWindow::chooseAgentsReportFile() {
    const QString saved = m_agentsDocument->filePath();
    const QString suggestion = saved.isEmpty() ? QStringLiteral("agents-report.pdf")
                                               : QFileInfo(saved).completeBaseName() + QStringLiteral(".pdf");
    QString path = QFileDialog::getSaveFileName(m_agents, tr("Export Report"), suggestion, tr("PDF documents (*.pdf)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)) path += QStringLiteral(".pdf");
    QString error;
    if (exportAgentsReport(path, &error)) {
        statusBar()->showMessage(tr("Wrote the report %1.").arg(QDir::toNativeSeparators(path)), 5000);
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Cannot write the report"), error, QMessageBox::Ok, m_agents);
    box.setObjectName(QStringLiteral("errorDialog"));
    box.exec();
}

void MainWindow::showAgents() {
    AgentsView* agents = agentsView();
    agents->show();
    agents->raise();
    agents->activateWindow();
}

void MainWindow::updateAgentsTitle() {
    if (!m_agents) return;
    const QString path = m_agentsDocument->filePath();
    m_agents->setWindowTitle(path.isEmpty() ? tr("ShareLens — Agents")
                                            : tr("%1[*] — ShareLens — Agents").arg(QFileInfo(path).fileName()));
    m_agents->setWindowModified(m_agentsDocument->isModified());
}

bool MainWindow::saveAgentsSessionTo(const QString& path, QString* error) {
    if (m_agentsDocument->session().models.size() < 2) {
        if (error) *error = tr("Analyze two or more agents first: an agents session records what was done with them.");
        return false;
    }
    if (!m_agentsDocument->save(path, error)) return false;
    addRecentSession(path);
    statusBar()->showMessage(tr("Saved session %1.").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::saveAgentsSession(bool askForPath) {
    QWidget* parent = m_agents ? static_cast<QWidget*>(m_agents) : this;
    QString path = m_agentsDocument->filePath();
    if (askForPath || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(parent, tr("Save Agents Session"),
                                            path.isEmpty() ? QStringLiteral("agents.sharelens") : path,
                                            tr("ShareLens sessions (*.sharelens)"));
        if (path.isEmpty()) return false;
        if (!path.endsWith(QStringLiteral(".sharelens"))) path += QStringLiteral(".sharelens");
    }
    QString error;
    if (saveAgentsSessionTo(path, &error)) return true;
    QMessageBox box(QMessageBox::Warning, tr("Cannot save the session"),
                    tr("ShareLens could not save %1.").arg(QDir::toNativeSeparators(path)), QMessageBox::Ok, parent);
    box.setObjectName(QStringLiteral("errorDialog"));
    box.setInformativeText(error);
    box.exec();
    return false;
}

// Shows an agents session in the agents window (which restores from the
// document); an agent folder that cannot be read is named in the status bar
// and under the groups.
void MainWindow::restoreAgentsSession(const Session& session, const QString& path) {
    if (!maybeSave(m_agentsDocument)) return;
    showAgents();
    addRecentSession(path);
    m_agentsDocument->replace(session, path);
    const QString error = m_agents->restoreError();
    if (!error.isEmpty())
        statusBar()->showMessage(tr("Opened session %1, but: %2").arg(QDir::toNativeSeparators(path), error), 10000);
    else
        statusBar()->showMessage(tr("Opened session %1.").arg(QDir::toNativeSeparators(path)), 5000);
    Q_EMIT sessionRestored(path);
}

} // namespace sharelens::app
