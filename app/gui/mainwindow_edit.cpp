// The main window's Edit menu (undo and redo of group edits, the selection)
// and what it keeps of the edits for the provenance of exported models.
#include "mainwindow.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QUndoStack>

#include "analysisview.h"
#include "finetunejob.h"
#include "finetuneview.h"
#include "groupedits.h"
#include "unitselection.h"

namespace sharelens::app {

void MainWindow::buildEditMenu() {
    // One selection for the analysis' views, owned here.
    m_selection = new widgets::UnitSelection(this);
    m_analysis->setSelection(m_selection);
    connect(m_analysis, &AnalysisView::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    // The edits of the plan a fine-tune trains, kept for the exported model's provenance.
    connect(m_finetune->runner(), &FinetuneRunner::runningChanged, this, [this](bool running) {
        if (running) m_trainingPlanEdits = m_analysis->planEdits();
    });

    auto* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    QUndoStack* stack = m_analysis->undoStack();
    QAction* undo = stack->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcuts(QKeySequence::Undo);
    QAction* redo = stack->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    auto* clear = edit->addAction(tr("Clear &Selection"), m_selection, &widgets::UnitSelection::clear);
    clear->setObjectName(QStringLiteral("clearSelectionAction"));
    auto* zoom = edit->addAction(tr("Reset Heatmap &Zoom"), m_analysis, &AnalysisView::resetHeatmapZoom);
    zoom->setObjectName(QStringLiteral("resetZoomAction"));
    zoom->setToolTip(tr("Show the whole matrix again (or double-click the heatmap)."));
}

QStringList MainWindow::trainedPlanEdits() const { return m_trainingPlanEdits; }

} // namespace sharelens::app
