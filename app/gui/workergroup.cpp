#include "workergroup.h"

#include "launch.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>

#include <unistd.h>
#include <csignal>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

#include <algorithm>
#include <thread>

namespace sharelens::app {

namespace {

const QByteArray kPrefix = "sharelens-progress ";
const QByteArray kErrorPrefix = "sharelens-cli: error: ";
constexpr int kGraceMs = 15000; // after a failure, for the others to end on their own

QProcessEnvironment rankEnvironment(int rank, int world, int port) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RANK"), QString::number(rank));
    env.insert(QStringLiteral("WORLD_SIZE"), QString::number(world));
    env.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
    env.insert(QStringLiteral("LOCAL_WORLD_SIZE"), QString::number(world));
    env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
    env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
    const int cpus = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / world);
    for (const QString& k : {QStringLiteral("OPENBLAS_NUM_THREADS"), QStringLiteral("OMP_NUM_THREADS")})
        if (!env.contains(k)) env.insert(k, QString::number(cpus));
    return env;
}

} // namespace

WorkerGroup::WorkerGroup(QObject* parent) : QObject(parent) {
    qRegisterMetaType<RankProgress>("sharelens::app::RankProgress");
    m_grace.setSingleShot(true);
    connect(&m_grace, &QTimer::timeout, this, &WorkerGroup::killAll);
}

WorkerGroup::~WorkerGroup() { cancel(); }

QString WorkerGroup::cliExecutable() {
    const QString set = qEnvironmentVariable("SHARELENS_CLI");
    if (!set.isEmpty()) return set;
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("sharelens-cli"));
}

QList<qint64> WorkerGroup::processIds() const {
    QList<qint64> ids;
    for (const auto& w : m_workers) ids << (w.process ? w.process->processId() : 0);
    return ids;
}

void WorkerGroup::start(const QStringList& args, int world) {
    cancel();
    m_failure.clear();
    const int port = cli::freeLoopbackPort();
    m_workers.assign(static_cast<size_t>(world), Worker{});
    m_running = world;
    for (int r = 0; r < world; ++r) {
        auto* p = new QProcess(this);
        Worker& w = m_workers[static_cast<size_t>(r)];
        w.process = p;
        w.progress.rank = r;
        w.progress.world = world;
        p->setProcessEnvironment(rankEnvironment(r, world, port));
        p->setStandardOutputFile(QProcess::nullDevice()); // results are files; stdout only names them
#ifdef Q_OS_LINUX
        p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
        connect(p, &QProcess::readyReadStandardError, this, [this, r] { readStderr(r); });
        connect(p, &QProcess::finished, this, [this, r](int code, QProcess::ExitStatus status) {
            workerEnded(r, code, status == QProcess::CrashExit);
        });
        connect(p, &QProcess::errorOccurred, this, [this, r](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart) workerEnded(r, -1, false);
        });
        p->start(cliExecutable(), args + QStringList{QStringLiteral("--progress-json")});
    }
}

bool WorkerGroup::applyLine(const QJsonObject& o, RankProgress* out) {
    const QString kind = o.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("step")) {
        out->step = o.value(QStringLiteral("step")).toInt();
        out->steps = o.value(QStringLiteral("steps")).toInt();
        out->stage = QStringLiteral("Training ") + o.value(QStringLiteral("run")).toString();
        out->fraction = out->steps > 0 ? static_cast<double>(out->step) / out->steps : 0.0;
        out->tokensPerSecond = o.value(QStringLiteral("tokens_per_s")).toDouble(-1.0);
        return true;
    }
    if (kind == QLatin1String("phase")) {
        out->stage = o.value(QStringLiteral("phase")).toString();
        out->fraction = 0.0;
        return true;
    }
    if (kind != QLatin1String("stage")) return false;
    out->stage = o.value(QStringLiteral("stage")).toString();
    out->stageIndex = o.value(QStringLiteral("index")).toInt(1);
    out->stageCount = o.value(QStringLiteral("count")).toInt(1);
    out->fraction = std::clamp(o.value(QStringLiteral("fraction")).toDouble(), 0.0, 1.0);
    out->tokensPerSecond = o.value(QStringLiteral("tokens_per_s")).toDouble(-1.0);
    return true;
}

void WorkerGroup::setPaused(bool paused) {
    for (const auto& w : m_workers)
        if (w.process && w.process->state() == QProcess::Running)
            ::kill(static_cast<pid_t>(w.process->processId()), paused ? SIGSTOP : SIGCONT);
}

void WorkerGroup::readStderr(int rank) {
    Worker& w = m_workers[static_cast<size_t>(rank)];
    w.pending += w.process->readAllStandardError();
    qsizetype nl = 0;
    while ((nl = w.pending.indexOf('\n')) >= 0) {
        const QByteArray line = w.pending.left(nl);
        w.pending.remove(0, nl + 1);
        if (line.startsWith(kErrorPrefix)) w.lastError = QString::fromUtf8(line.mid(kErrorPrefix.size()));
        if (!line.startsWith(kPrefix)) continue;
        const QJsonObject o = QJsonDocument::fromJson(line.mid(kPrefix.size())).object();
        if (o.isEmpty()) continue;
        Q_EMIT progressLine(rank, o);
        if (m_workers.size() <= static_cast<size_t>(rank)) return; // a receiver cancelled the group
        if (applyLine(o, &w.progress)) Q_EMIT rankProgress(w.progress);
    }
}

void WorkerGroup::workerEnded(int rank, int exitCode, bool crashed) {
    Worker& w = m_workers[static_cast<size_t>(rank)];
    if (!w.process || w.progress.ended) return;
    readStderr(rank);
    w.progress.ended = true;
    Q_EMIT rankProgress(w.progress);
    const int world = static_cast<int>(m_workers.size());
    if ((exitCode != 0 || crashed) && m_failure.isEmpty()) {
        if (!w.lastError.isEmpty())
            m_failure = tr("worker %1 of %2: %3").arg(rank).arg(world).arg(w.lastError);
        else if (exitCode == -1 && w.process->error() == QProcess::FailedToStart)
            m_failure = tr("could not start %1 (%2); ShareLens runs its workers with the sharelens-cli installed "
                           "next to it")
                            .arg(cliExecutable(), w.process->errorString());
        else
            m_failure = crashed ? tr("worker %1 of %2 crashed").arg(rank).arg(world)
                                : tr("worker %1 of %2 ended with exit code %3").arg(rank).arg(world).arg(exitCode);
        m_grace.start(kGraceMs);
    }
    if (--m_running > 0) return;
    m_grace.stop();
    Q_EMIT finished(m_failure.isEmpty(), m_failure);
}

void WorkerGroup::killAll() {
    for (auto& w : m_workers)
        if (w.process && w.process->state() != QProcess::NotRunning) w.process->kill();
}

void WorkerGroup::cancel() {
    m_grace.stop();
    for (auto& w : m_workers) {
        if (!w.process) continue;
        w.process->disconnect(this);
        if (w.process->state() != QProcess::NotRunning) {
            w.process->kill();
            w.process->waitForFinished(10000); // reaped: no process of the group is left
        }
        w.process->deleteLater();
        w.process = nullptr;
    }
    m_workers.clear();
    m_running = 0;
}

} // namespace sharelens::app
