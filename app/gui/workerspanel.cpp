#include "workerspanel.h"

#include <QHeaderView>
#include <QLocale>
#include <QSpinBox>
#include <QThread>

#include <algorithm>

#include "workergroup.h"

namespace sharelens::app {

QSpinBox* makeWorkersBox(const QString& objectName) {
    auto* box = new QSpinBox;
    box->setObjectName(objectName);
    box->setRange(1, std::max(16, QThread::idealThreadCount()));
    box->setValue(1);
    box->setToolTip(WorkerProgressTable::tr(
        "Processes that share the work (a process group on this computer, each with its share of the CPUs); "
        "1 runs it inside ShareLens. The result is the same; each worker's progress is shown while it runs."));
    return box;
}

WorkerProgressTable::WorkerProgressTable(QWidget* parent) : QTableWidget(0, 4, parent) {
    setObjectName(QStringLiteral("workerProgress"));
    setHorizontalHeaderLabels({tr("Worker"), tr("Stage"), tr("Done"), tr("Tokens/s")});
    horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setMaximumHeight(140);
    hide();
}

void WorkerProgressTable::start(int world) {
    setRowCount(world > 1 ? world : 0);
    for (int r = 0; r < rowCount(); ++r) {
        setItem(r, 0, new QTableWidgetItem(tr("%1 of %2").arg(r).arg(world)));
        for (int c = 1; c < 4; ++c) setItem(r, c, new QTableWidgetItem(c == 1 ? tr("Starting…") : QString()));
    }
    setVisible(world > 1);
}

void WorkerProgressTable::showProgress(const RankProgress& p) {
    if (p.rank < 0 || p.rank >= rowCount()) return;
    const QLocale loc;
    QString done = loc.toString(100.0 * p.fraction, 'f', 1) + QStringLiteral(" %");
    if (p.steps > 0) done = tr("step %1 of %2").arg(p.step).arg(p.steps);
    item(p.rank, 1)->setText(p.ended ? tr("Ended") : p.stage);
    item(p.rank, 2)->setText(done);
    if (p.tokensPerSecond >= 0) item(p.rank, 3)->setText(loc.toString(p.tokensPerSecond, 'f', 0));
}

} // namespace sharelens::app
