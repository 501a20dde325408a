#pragma once

#include <QTableWidget>

class QSpinBox;

namespace sharelens::app {

struct RankProgress;

// The "Workers" setting: how many local processes (a process group of
// sharelens-cli workers) run the job; 1 runs it in this process.
QSpinBox* makeWorkersBox(const QString& objectName);

// One row per worker of a run on a process group: its rank, stage, how far
// it is and its tokens/s. Hidden for a run in this process.
class WorkerProgressTable : public QTableWidget {
    Q_OBJECT
public:
    explicit WorkerProgressTable(QWidget* parent = nullptr);
    // A new run on `world` workers (hidden when 1).
    void start(int world);
    void showProgress(const RankProgress& progress);
};

} // namespace sharelens::app
