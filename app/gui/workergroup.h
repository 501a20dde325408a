#pragma once

#include <QList>
#include <QMetaType>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <vector>

class QProcess;

namespace sharelens::app {

// Where one worker of a process group is, from its progress lines.
struct RankProgress {
    int rank = 0;
    int world = 1;
    QString stage;      // the worker's current stage (the CLI's English name)
    int stageIndex = 1; // of the worker's own stages
    int stageCount = 1;
    double fraction = 0.0;       // within the stage (a training run: steps done / steps)
    double tokensPerSecond = -1; // negative: not known yet
    int step = 0;                // training steps done (fine-tune), else 0
    int steps = 0;
    bool ended = false; // the process has ended
};

// A local process group: N sharelens-cli processes started as the ranks of
// one job (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR =
// 127.0.0.1, a free MASTER_PORT; BLAS threads shared out unless set), each
// with --progress-json. Every worker's stderr is read line by line: its
// progress lines become rankProgress(), the rest is kept for the message
// of a failure. finished() comes once, after every worker has ended. When a
// worker fails, the others get a few seconds to end on their own (they name
// the rank that is gone), then are killed. cancel() kills every worker and
// returns once each has ended; a worker never outlives the GUI (Linux: the
// parent-death signal).
class WorkerGroup : public QObject {
    Q_OBJECT
public:
    explicit WorkerGroup(QObject* parent = nullptr);
    ~WorkerGroup() override;

    // The sharelens-cli to run: $SHARELENS_CLI when set, else the one next
    // to this program.
    static QString cliExecutable();

    // Starts `world` workers of `sharelens-cli args... --progress-json`.
    void start(const QStringList& args, int world);
    // Kills every worker and waits until each has ended (no finished()).
    void cancel();
    bool isRunning() const { return m_running > 0; }
    // The workers' process ids (0 for one that is not running).
    QList<qint64> processIds() const;
    // Sends SIGSTOP (true) or SIGCONT (false) to every running worker. A
    // pause longer than the group's timeout (SHARELENS_DIST_TIMEOUT) may end
    // the run when it resumes.
    void setPaused(bool paused);
    // Applies one progress object (a 'sharelens-progress {...}' line's JSON)
    // to `out`; false when it does not change where the worker is.
    static bool applyLine(const QJsonObject& line, RankProgress* out);

Q_SIGNALS:
    void rankProgress(const sharelens::app::RankProgress& progress);
    // Every progress line of every worker, as sent (the fine-tune reads rank
    // 0's step, eval and setup lines).
    void progressLine(int rank, const QJsonObject& line);
    // ok: every worker exited with 0; otherwise `error` is the first failing
    // worker's message, naming its rank.
    void finished(bool ok, const QString& error);

private:
    struct Worker {
        QProcess* process = nullptr;
        QByteArray pending; // stderr not yet ended by a newline
        QString lastError;  // its last "sharelens-cli: error: ..." line
        RankProgress progress;
    };
    void readStderr(int rank);
    void workerEnded(int rank, int exitCode, bool crashed);
    void killAll();
    std::vector<Worker> m_workers;
    int m_running = 0;
    QString m_failure; // the first failing worker's message
    QTimer m_grace;    // after a failure: then kill the rest
};

} // namespace sharelens::app

Q_DECLARE_METATYPE(sharelens::app::RankProgress)
