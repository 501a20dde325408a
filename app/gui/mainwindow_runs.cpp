// MainWindow: the Runs tab, and what happens to running jobs when a window closes.
#include <QCloseEvent>
#include <QEvent>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>

#include "agentsjob.h"
#include "agentsview.h"
#include "analysisjob.h"
#include "analysisview.h"
#include "document.h"
#include "finetuneview.h"
#include "mainwindow.h"
#include "runsview.h"

namespace sharelens::app {

// The Runs tab (after Analysis and Fine-tune) lists the document's runs.
void MainWindow::buildRunsTab() {
    m_runs = new RunsView;
    m_runs->setObjectName(QStringLiteral("runsView"));
    m_runs->setDocument(m_document);
    m_tabs->addTab(m_runs, tr("Runs"));
    connect(m_runs, &RunsView::showRunRequested, this, &MainWindow::showRun);
}

// Puts a finished run back into the Fine-tune tab (its settings, charts and
// tables), unless a fine-tune is running there.
void MainWindow::showRun(int index) {
    const auto& runs = m_document->session().runs;
    if (index < 0 || index >= static_cast<int>(runs.size())) return;
    if (m_finetune->isRunning()) {
        statusBar()->showMessage(
            tr("A fine-tune is running: show run %1 when it has finished, or cancel it first.").arg(index + 1), 8000);
        return;
    }
    m_finetune->restoreRun(runs[size_t(index)]);
    if (m_tabs->isTabEnabled(1)) m_tabs->setCurrentIndex(1);
    statusBar()->showMessage(tr("Showing run %1 in the Fine-tune tab.").arg(index + 1), 5000);
}

// The jobs running in the main window (agents = false) or the agents window,
// one sentence each; empty when nothing runs.
QStringList MainWindow::runsInProgress(bool agents) const {
    QStringList runs;
    if (!agents) {
        if (m_analysis->runner()->isRunning()) runs << tr("An analysis is running.");
        if (m_finetune->isRunning()) runs << tr("A fine-tune is running.");
        if (isExporting()) runs << tr("The shared model is being exported.");
    } else if (m_agents) {
        if (m_agents->runner()->isRunning()) runs << tr("An agents analysis is running.");
        if (m_agents->isFinetuning()) runs << tr("An agents fine-tune is running.");
        if (m_agents->isExportingPool()) runs << tr("The shared pool is being exported.");
    }
    return runs;
}

// Asks before closing over running jobs. Stop (and close) answers
// RunAnswer::Stop, "Keep Running" (offered when the window can hide while the
// jobs go on) RunAnswer::Keep, Cancel RunAnswer::Cancel.
MainWindow::RunAnswer MainWindow::askAboutRuns(const QStringList& runs, QWidget* parent, bool canKeep) {
    QMessageBox box(QMessageBox::Warning, tr("A run is in progress"), runs.join(QLatin1Char(' ')), QMessageBox::Cancel,
                    parent);
    box.setObjectName(QStringLiteral("runningDialog"));
    box.setInformativeText(canKeep ? tr("Stop it and close the window, or keep it running with the window closed "
                                        "(its results are shown when you open the window again).")
                                   : tr("Closing stops it; what it has done so far is lost."));
    auto* stop = box.addButton(tr("Stop and Close"), QMessageBox::DestructiveRole);
    stop->setObjectName(QStringLiteral("stopAndCloseButton"));
    QPushButton* keep = nullptr;
    if (canKeep) {
        keep = box.addButton(tr("Keep Running"), QMessageBox::AcceptRole);
        keep->setObjectName(QStringLiteral("keepRunningButton"));
    }
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == stop) return RunAnswer::Stop;
    if (keep && box.clickedButton() == keep) return RunAnswer::Keep;
    return RunAnswer::Cancel;
}

void MainWindow::stopAgentsRuns() {
    if (!m_agents) return;
    m_agents->cancel();
    m_agents->cancelFinetune();
    m_agents->cancelPoolExport();
}

// Closing the agents window: running jobs and unsaved results are asked
// about first (the window only hides; its results stay for when it is shown
// again, and the main window's close asks about them once more).
bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (m_agents && watched == m_agents && event->type() == QEvent::Close) {
        auto* close = static_cast<QCloseEvent*>(event);
        const QStringList runs = runsInProgress(true);
        if (!runs.isEmpty()) {
            const RunAnswer answer = askAboutRuns(runs, m_agents, true);
            if (answer == RunAnswer::Cancel) {
                close->ignore();
                return true;
            }
            if (answer == RunAnswer::Keep) return false;
            stopAgentsRuns();
        }
        if (!maybeSave(m_agentsDocument)) {
            close->ignore();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace sharelens::app
