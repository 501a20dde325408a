// Distributed analyze and finetune: 2 and 3 local processes on the loopback
// interface (sharelens-cli --launch N, or ranks started with the torchrun
// environment) give the one-process results, and a rank that dies or never
// arrives ends the job with a message naming it.
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>

#include "launch.h"
#include "clifixture.h"
#include "testutil.h"

namespace {

QString demo() { return testpaths::source("/resources/demo"); }
QString text() { return testpaths::source("/resources/text/kjv-genesis-kings.txt"); }

// One BLAS thread per process: results do not depend on the BLAS's split.
const QStringList kEnv{"OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "SHARELENS_DIST_TIMEOUT=60"};

double maxDiff(const QJsonArray& a, const QJsonArray& b, bool* same) {
    double d = 0;
    *same = a.size() == b.size();
    for (int i = 0; *same && i < a.size(); ++i) {
        const auto ra = a[i].toArray(), rb = b[i].toArray();
        *same = ra.size() == rb.size();
        for (int j = 0; *same && j < ra.size(); ++j) d = std::max(d, std::abs(ra[j].toDouble() - rb[j].toDouble()));
    }
    return d;
}

// metrics.csv without its header: "run,step,loss,..." rows.
QStringList metricRows(const QString& file) {
    auto lines = QString::fromUtf8(testutil::readAll(file)).trimmed().split('\n');
    if (!lines.isEmpty()) lines.removeFirst();
    return lines;
}

// The float tensors of a safetensors file by name.
QMap<QString, QVector<float>> readTensors(const QString& file) {
    const QByteArray all = testutil::readAll(file);
    QMap<QString, QVector<float>> out;
    if (all.size() < 8) return out;
    quint64 n = 0;
    memcpy(&n, all.constData(), 8);
    const auto header = QJsonDocument::fromJson(all.mid(8, static_cast<int>(n))).object();
    const char* data = all.constData() + 8 + n;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const auto t = it.value().toObject();
        if (t.value("dtype").toString() != "F32") continue;
        const auto off = t.value("data_offsets").toArray();
        const qint64 a = off[0].toInteger(), b = off[1].toInteger();
        QVector<float> v(static_cast<int>((b - a) / 4));
        memcpy(v.data(), data + a, static_cast<size_t>(b - a));
        out.insert(it.key(), v);
    }
    return out;
}

} // namespace

class TestDist : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void analyzeEqualsOneProcess_data();
    void analyzeEqualsOneProcess();
    void finetuneEqualsOneProcess_data();
    void finetuneEqualsOneProcess();
    void resumeWithAnotherWorldSize();
    void killedRankEndsTheOthers();
    void missingPeerEndsWithinTimeout();
    void ranksStartedByHandEqualOneProcess();
    void torchDistributedRunStartsTheRanks();
    void progressJsonFromEveryRank();

private:
    QTemporaryDir m_dir;
    QString m_analysis;
    QStringList finetuneArgs(const QString& out) const;
};

void TestDist::initTestCase() {
    QVERIFY(m_dir.isValid());
    const auto r = clifixture::analyseDemo(text(), m_dir.path() + "/an", {}, kEnv);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    m_analysis = m_dir.path() + "/an/analysis.json";
}

QStringList TestDist::finetuneArgs(const QString& out) const {
    return {"finetune", demo(), "--plan", m_analysis, "--text", text(),         "--batch", "6",     "--seq-len",
            "32",       "--lr", "1e-3",   "--seed",   "3",      "--eval-every", "5",       "--out", out,
            "--dtype",  "f32"}; // OUT/shared in float32: the comparison reads F32 tensors
}

void TestDist::analyzeEqualsOneProcess_data() {
    QTest::addColumn<QString>("metric");
    QTest::addColumn<int>("world");
    QTest::addColumn<bool>("agents"); // the demo twice: agents mode
    QTest::newRow("pearson-2") << "pearson" << 2 << false;
    QTest::newRow("pearson-3") << "pearson" << 3 << false;
    QTest::newRow("cka-2") << "cka" << 2 << false;
    QTest::newRow("agents-pearson-2") << "pearson" << 2 << true;
}

void TestDist::analyzeEqualsOneProcess() {
    QFETCH(QString, metric);
    QFETCH(int, world);
    QFETCH(bool, agents);
    const QString tag = QTest::currentDataTag();
    const QString one = m_dir.path() + "/a1-" + tag, many = m_dir.path() + "/an-" + tag;
    QStringList common{"analyze",     demo(), "--text",  text(), "--seq-len", "32",
                       "--sequences", "14",   "--batch", "2",    "--metric",  metric};
    if (agents) common.insert(2, demo());
    auto r = testutil::runCli(common + QStringList{"--out", one}, 600000, kEnv);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = testutil::runCli(common + QStringList{"--out", many, "--launch", QString::number(world)}, 600000, kEnv);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.err.count("launched rank"), world);
    QCOMPARE(QString::fromUtf8(r.out).trimmed(), many + "/analysis.json"); // rank 0's stdout only
    const auto a = testutil::readJson(one + "/analysis.json"), b = testutil::readJson(many + "/analysis.json");
    QCOMPARE(b.value("tokens").toInteger(), a.value("tokens").toInteger());
    bool same = false;
    const double d = maxDiff(a.value("similarity").toArray(), b.value("similarity").toArray(), &same);
    QVERIFY(same);
    QVERIFY2(d <= 1e-12, qPrintable(QString::number(d)));
    QCOMPARE(b.value("groups"), a.value("groups"));
}

void TestDist::finetuneEqualsOneProcess_data() {
    QTest::addColumn<int>("world");
    QTest::newRow("2 processes") << 2;
    QTest::newRow("3 processes") << 3;
}

void TestDist::finetuneEqualsOneProcess() {
    QFETCH(int, world);
    const QString w = QString::number(world);
    const QString one = m_dir.path() + "/f1-" + w, many = m_dir.path() + "/f" + w;
    // One process splitting the batch over as many step workers as there are ranks.
    auto r = testutil::runCli(finetuneArgs(one) + QStringList{"--steps", "10", "--threads", w}, 600000, kEnv);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = testutil::runCli(finetuneArgs(many) + QStringList{"--steps", "10", "--launch", w}, 600000, kEnv);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto a = metricRows(one + "/metrics.csv"), b = metricRows(many + "/metrics.csv");
    QCOMPARE(a.size(), 20); // 10 steps x baseline and shared
    QCOMPARE(b.size(), a.size());
    for (int i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i].section(',', 0, 1), a[i].section(',', 0, 1));
        const double la = a[i].section(',', 2, 2).toDouble(), lb = b[i].section(',', 2, 2).toDouble();
        QVERIFY2(la > 0 && std::abs(la - lb) <= 1e-5, qPrintable(a[i] + " vs " + b[i]));
    }
    const auto ta = readTensors(one + "/shared/model.safetensors"),
               tb = readTensors(many + "/shared/model.safetensors");
    QVERIFY(!ta.isEmpty());
    QCOMPARE(tb.keys(), ta.keys());
    double d = 0;
    for (auto it = ta.begin(); it != ta.end(); ++it) {
        const auto& x = it.value();
        const auto& y = tb[it.key()];
        QCOMPARE(y.size(), x.size());
        for (int i = 0; i < x.size(); ++i) d = std::max(d, static_cast<double>(std::abs(x[i] - y[i])));
    }
    QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
}

void TestDist::resumeWithAnotherWorldSize() {
    // 2 processes for 4 steps, then 3 processes to step 8, against one
    // process doing the same with 2 then 3 step workers.
    const QString p2 = m_dir.path() + "/r-p2", p3 = m_dir.path() + "/r-p3";
    const QString t2 = m_dir.path() + "/r-t2", t3 = m_dir.path() + "/r-t3";
    auto run = [&](const QString& out, const QStringList& extra) {
        const auto r = testutil::runCli(finetuneArgs(out) + extra, 600000, kEnv);
        return r.exitCode == 0 ? QByteArray() : r.err + " ";
    };
    QCOMPARE(run(p2, {"--steps", "4", "--checkpoint-every", "2", "--launch", "2"}), QByteArray());
    QCOMPARE(QDir(p2 + "/checkpoint").entryList(QDir::Files), QStringList{"trainer-checkpoint.pt"});
    QCOMPARE(run(p3, {"--steps", "8", "--resume", p2 + "/checkpoint", "--launch", "3"}), QByteArray());
    QCOMPARE(run(t2, {"--steps", "4", "--checkpoint-every", "2", "--threads", "2"}), QByteArray());
    QCOMPARE(run(t3, {"--steps", "8", "--resume", t2 + "/checkpoint", "--threads", "3"}), QByteArray());
    const auto first = metricRows(p2 + "/metrics.csv"), a = metricRows(t3 + "/metrics.csv"),
               b = metricRows(p3 + "/metrics.csv");
    QCOMPARE(a.size(), 16);
    QCOMPARE(b.size(), a.size());
    for (int i = 0; i < first.size(); ++i) QCOMPARE(b[i].section(',', 0, 2), first[i].section(',', 0, 2));
    for (int i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i].section(',', 0, 1), a[i].section(',', 0, 1));
        const double la = a[i].section(',', 2, 2).toDouble(), lb = b[i].section(',', 2, 2).toDouble();
        QVERIFY2(std::abs(la - lb) <= 1e-5, qPrintable(a[i] + " vs " + b[i]));
    }
}

void TestDist::killedRankEndsTheOthers() {
    const QString out = m_dir.path() + "/killed";
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : kEnv) e.insert(kv.section('=', 0, 0), kv.section('=', 1));
    p.setProcessEnvironment(e);
    p.start(testutil::cliPath(), finetuneArgs(out) + QStringList{"--steps", "100000", "--launch", "3"});
    QVERIFY(p.waitForStarted());
    // Rank 1's process id from the launcher's lines; kill it once rank 0
    // reports its first evaluation (the group has formed and training begins).
    QByteArray err;
    qint64 victim = 0;
    QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError(), err.contains("eval step 0")), 120000);
    const auto m = QRegularExpression("launched rank 1 of 3 as process (\\d+)").match(QString::fromUtf8(err));
    QVERIFY(m.hasMatch());
    victim = m.captured(1).toLongLong();
    QCOMPARE(::kill(static_cast<pid_t>(victim), SIGKILL), 0);
    QVERIFY(p.waitForFinished(120000));
    err += p.readAllStandardError();
    QVERIFY(p.exitCode() != 0);
    // The survivors name the rank that is gone; the launcher says how it ended.
    for (const char* rank : {"rank 0 of 3", "rank 2 of 3"})
        QVERIFY2(err.contains(QByteArray(rank) + " stopped during the ") &&
                     err.contains("rank 1 of 3 stopped (its process ended or its connection was lost)"),
                 err.constData());
    QVERIFY2(err.contains("rank 1 of 3 was killed by signal 9"), err.constData());
    // Nothing half-written: no outputs at all (rank 0 writes them at the end).
    QVERIFY(!QFileInfo::exists(out + "/metrics.csv"));
    QVERIFY(!QFileInfo::exists(out + "/shared"));
}

void TestDist::missingPeerEndsWithinTimeout() {
    // Rank 0 of 2 started the torchrun way; rank 1 never comes.
    const int port = sharelens::cli::freeLoopbackPort();
    QVERIFY(port > 0);
    const auto r = testutil::runCli(
        {"analyze", demo(), "--text", text(), "--seq-len", "32", "--sequences", "4", "--out", m_dir.path() + "/lonely"},
        60000,
        {"RANK=0", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + QString::number(port),
         "SHARELENS_DIST_TIMEOUT=2"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("rank 1 never arrived"), r.err.constData());
    QVERIFY(!QFileInfo::exists(m_dir.path() + "/lonely/analysis.json"));
}

namespace {

// The calibration of the hand-started and torchrun runs, and its
// one-process analysis.json in `dir`/one (made once).
const QStringList kSmallAnalysis{"analyze", demo(),        "--text", text(),    "--seq-len",
                                 "32",      "--sequences", "14",     "--batch", "2"};

QString oneProcessAnalysis(const QString& dir) {
    const QString one = dir + "/hand-one";
    if (!QFileInfo::exists(one + "/analysis.json"))
        testutil::runCli(kSmallAnalysis + QStringList{"--out", one}, 600000, kEnv);
    return one + "/analysis.json";
}

// The largest difference of the two files' similarities (-1: shapes differ
// or a file is missing).
double similarityDiff(const QString& a, const QString& b) {
    bool same = false;
    const double d = maxDiff(testutil::readJson(a).value("similarity").toArray(),
                             testutil::readJson(b).value("similarity").toArray(), &same);
    return same && !testutil::readJson(a).value("similarity").toArray().isEmpty() ? d : -1.0;
}

} // namespace

void TestDist::ranksStartedByHandEqualOneProcess() {
    // What two shells (or two machines) do: each rank started with its own
    // RANK and the same WORLD_SIZE, MASTER_ADDR and MASTER_PORT.
    const QString one = oneProcessAnalysis(m_dir.path()), out = m_dir.path() + "/hand-two";
    const int port = sharelens::cli::freeLoopbackPort();
    QVERIFY(port > 0);
    QProcess ranks[2];
    for (int r = 0; r < 2; ++r) {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (const QString& kv : kEnv) e.insert(kv.section('=', 0, 0), kv.section('=', 1));
        e.insert("RANK", QString::number(r));
        e.insert("WORLD_SIZE", "2");
        e.insert("MASTER_ADDR", "127.0.0.1");
        e.insert("MASTER_PORT", QString::number(port));
        ranks[r].setProcessEnvironment(e);
        ranks[r].start(testutil::cliPath(), kSmallAnalysis + QStringList{"--out", out});
    }
    for (auto& p : ranks) {
        QVERIFY(p.waitForFinished(300000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
    QCOMPARE(QString::fromUtf8(ranks[0].readAllStandardOutput()).trimmed(), out + "/analysis.json");
    QCOMPARE(ranks[1].readAllStandardOutput(), QByteArray()); // rank 1 writes nothing
    const double d = similarityDiff(one, out + "/analysis.json");
    QVERIFY2(d >= 0 && d <= 1e-12, qPrintable(QString::number(d)));
}

void TestDist::torchDistributedRunStartsTheRanks() {
    // PyTorch's launcher (Debian's python3-torch), as a torchrun user runs it.
    // Its --redirects and --tee must be 1 or 2 on Python 3.11: their default 0
    // (Std.NONE) is not among the members Python 3.11 iterates, so
    // torch 1.13's Std.from_str returns None and the launcher crashes.
    QProcess probe;
    probe.start("/usr/bin/python3", {"-c", "import torch.distributed.run"});
    if (!probe.waitForFinished(120000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        QSKIP("python3-torch is not installed (apt-get install python3-torch): no torch.distributed.run to test");
    const QString one = oneProcessAnalysis(m_dir.path()), out = m_dir.path() + "/torchrun";
    const int port = sharelens::cli::freeLoopbackPort();
    QVERIFY(port > 0);
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : kEnv) e.insert(kv.section('=', 0, 0), kv.section('=', 1));
    p.setProcessEnvironment(e);
    p.start("/usr/bin/python3", QStringList{"-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port",
                                            QString::number(port), "--redirects", "2", "--tee", "2", "--log_dir",
                                            m_dir.path() + "/torchrun-logs", "--no_python", testutil::cliPath()} +
                                    kSmallAnalysis + QStringList{"--out", out});
    QVERIFY(p.waitForFinished(300000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const double d = similarityDiff(one, out + "/analysis.json");
    QVERIFY2(d >= 0 && d <= 1e-12, qPrintable(QString::number(d)));
}

void TestDist::progressJsonFromEveryRank() {
    // --progress-json: every rank (not only rank 0) writes its progress lines
    // to stderr, whole, with its rank; the capture's last line has tokens/s.
    const auto r = testutil::runCli(
        kSmallAnalysis + QStringList{"--out", m_dir.path() + "/progress", "--launch", "2", "--progress-json"}, 600000,
        kEnv);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QSet<int> captured;
    for (const QByteArray& line : r.err.split('\n')) {
        if (!line.startsWith("sharelens-progress ")) continue;
        const QJsonObject o = QJsonDocument::fromJson(line.mid(19)).object();
        QVERIFY2(!o.isEmpty(), line.constData()); // never two ranks' lines torn into one
        QCOMPARE(o.value("world").toInt(), 2);
        if (o.value("stage").toString() == "Capturing activations" && o.value("fraction").toDouble() == 1.0 &&
            o.value("tokens_per_s").toDouble() > 0)
            captured.insert(o.value("rank").toInt());
    }
    QCOMPARE(captured, (QSet<int>{0, 1}));
}

QTEST_GUILESS_MAIN(TestDist)
#include "tst_dist.moc"
