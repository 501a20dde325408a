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

namespace {

// A worker's stage as the CLI names it, in the user's language.
QString stageText(const QString& stage) {
    using T = WorkerProgressTable;
    if (stage == QLatin1String("Capturing activations")) return T::tr("Capturing activations");
    if (stage == QLatin1String("Computing similarity")) return T::tr("Computing similarity");
    if (stage == QLatin1String("Leave-one-out loss")) return T::tr("Leave-one-out loss");
    if (stage == QLatin1String("Training baseline")) return T::tr("Training the baseline");
    if (stage == QLatin1String("Training shared")) return T::tr("Training the shared model");
    if (stage == QLatin1String("reading")) return T::tr("Reading the text");
    if (stage == QLatin1String("building")) return T::tr("Building the shared model");
    if (stage == QLatin1String("training")) return T::tr("Training");
    if (stage == QLatin1String("comparing")) return T::tr("Comparing at the same budget");
    return T::tr("Loading the model");
}

} // namespace

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
    item(p.rank, 1)->setText(p.ended ? tr("Ended") : stageText(p.stage));
    item(p.rank, 2)->setText(done);
    if (p.tokensPerSecond >= 0) item(p.rank, 3)->setText(loc.toString(p.tokensPerSecond, 'f', 0));
}

} // namespace sharelens::app
