// MainWindow: agents mode, its window and its session file.
#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
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
    // The main window's session shortcuts work in the agents window too,
    // on the agents session.
    const auto addShortcut = [this](const QKeySequence& key, const std::function<void()>& fn) {
        auto* action = new QAction(m_agents);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, fn);
        m_agents->addAction(action);
    };
    addShortcut(QKeySequence::Save, [this] { saveAgentsSession(false); });
    addShortcut(QKeySequence::SaveAs, [this] { saveAgentsSession(true); });
    addShortcut(QKeySequence(tr("Ctrl+Shift+O")), [this] { chooseSession(); });
    connect(m_agentsDocument, &Document::modifiedChanged, this, &MainWindow::updateAgentsTitle);
    connect(m_agentsDocument, &Document::filePathChanged, this, &MainWindow::updateAgentsTitle);
    return m_agents;
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
