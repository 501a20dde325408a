// Hostile inputs through sharelens-cli, as a careless or hostile user hands
// them over: a plan or session nested 100,000 levels deep (it used to crash
// export, compare, finetune, session and report), a pickle nested 200,000
// levels deep (it used to crash info inside LibTorch), devices and FIFOs as
// inputs (they used to be read until the memory ran out, or to hang), and
// oversized sessions, plans and id lists (they used to be loaded whole).
// Each row checks the exact last line of stderr and the exit code, as the
// catalogue does. "@TMP" stands for the suite's temporary folder.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include "testpaths.h"
#include "testutil.h"

namespace {

const QString kTooDeep = QStringLiteral(
    ": the JSON nests deeper than 512 levels, which no file ShareLens reads needs; the file is damaged or is not what "
    "it claims to be.");

bool sparseFile(const QString& path, qint64 size) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.resize(size);
}

} // namespace

class TestBounded : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cli_data();
    void cli();
    void analyzeReadsOnlyTheTextItNeeds();
    void outOfMemoryIsReported();

private:
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    QTemporaryDir m_tmp;
};

void TestBounded::initTestCase() {
    QVERIFY(m_tmp.isValid());
    QVERIFY(testutil::makeCheckpoint(
        tmp("gpt2"), {"--family", "gpt2", "--layers", "2", "--hidden", "32", "--vocab", "256", "--positions", "64"}));
    QVERIFY(testutil::writeFile(tmp("calib.json"), "[[1,2,3,4,5,6,7,8,9,10],[11,12,13,14,15,16,17,18,19,20]]"));
    const QByteArray deep(100000, '[');
    const QByteArray deepEnd(100000, ']');
    QVERIFY(testutil::writeFile(tmp("deep-plan.json"), "{\"units\": " + deep + deepEnd + ", \"groups\": []}"));
    // An extra field of the plan, and of a real session's plan: the old
    // readers parsed it and then crashed copying or dumping it.
    QVERIFY(testutil::writeFile(tmp("deep-analysis.json"), "{\"plan\": {\"extra\": " + deep + deepEnd + "}}"));
    QFile session(testpaths::source("/fuzz/corpus/session/analysed-4.sharelens"));
    QVERIFY(session.open(QIODevice::ReadOnly));
    QByteArray text = session.readAll();
    const qsizetype at = text.indexOf("\"plan\": {");
    QVERIFY(at > 0);
    text.insert(at + 9, "\"extra\": " + deep + deepEnd + ", ");
    QVERIFY(testutil::writeFile(tmp("deep.sharelens"), text));
    QVERIFY(QDir().mkpath(tmp("deep-bin")));
    QVERIFY(testutil::runPython("make_hostile_pickle.py",
                                {"--out", tmp("deep-bin/pytorch_model.bin"), "--depth", "200000"}));
    QVERIFY(QFile::copy(tmp("gpt2/config.json"), tmp("deep-bin/config.json")));
    QCOMPARE(::mkfifo(tmp("fifo").toLocal8Bit().constData(), 0600), 0);
    // Sparse: they take no disk space, and the sizes are checked first.
    QVERIFY(sparseFile(tmp("huge.sharelens"), qint64(300) << 20));
    QVERIFY(sparseFile(tmp("huge-plan.json"), qint64(65) << 20));
    QVERIFY(sparseFile(tmp("huge-ids.json"), qint64(300) << 20));
}

void TestBounded::cli_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList ids{"--token-ids", "@TMP/calib.json"};
    const QString plan = "@TMP/deep-analysis.json";
    // --- JSON nested 100,000 levels deep
    QTest::newRow("export, deep plan") << QStringList{"export",   "@TMP/gpt2", "--plan", plan,
                                                      "--format", "compact",   "--out",  "@TMP/exported"}
                                       << plan + kTooDeep;
    QTest::newRow("export, deep bare plan") << QStringList{"export",   "@TMP/gpt2", "--plan", "@TMP/deep-plan.json",
                                                           "--format", "hf",        "--out",  "@TMP/exported"}
                                            << "@TMP/deep-plan.json" + kTooDeep;
    QTest::newRow("compare, deep plan") << QStringList{"compare", "@TMP/gpt2", "--plan", plan} + ids << plan + kTooDeep;
    QTest::newRow("finetune, deep plan") << QStringList{"finetune", "@TMP/gpt2", "--plan", plan,    "--steps",
                                                        "1",        "--seq-len", "8",      "--out", "@TMP/ft"} +
                                                ids
                                         << plan + kTooDeep;
    QTest::newRow("session, deep session")
        << QStringList{"session", "@TMP/deep.sharelens"} << "@TMP/deep.sharelens" + kTooDeep;
    QTest::newRow("session --json, deep session")
        << QStringList{"session", "@TMP/deep.sharelens", "--json"} << "@TMP/deep.sharelens" + kTooDeep;
    QTest::newRow("report, deep session")
        << QStringList{"report", "@TMP/deep.sharelens", "--out", "@TMP/r.pdf"} << "@TMP/deep.sharelens" + kTooDeep;
    QTest::newRow("cluster, deep similarity") << QStringList{"cluster", plan} << plan + kTooDeep;
    // --- A pickle nested 200,000 levels deep
    QTest::newRow("info, deep pickle")
        << QStringList{"info", "@TMP/deep-bin"}
        << QStringLiteral("@TMP/deep-bin/pytorch_model.bin: the pickle inside this checkpoint nests deeper than 1000 "
                          "levels, which no checkpoint needs; the file is damaged or was crafted. Get the checkpoint "
                          "again, preferably as safetensors.");
    // --- Devices and FIFOs as inputs
    const QStringList analyze{"analyze", "@TMP/gpt2", "--out", "@TMP/analysis"};
    QTest::newRow("analyze --text /dev/zero")
        << analyze + QStringList{"--text", "/dev/zero"}
        << QStringLiteral("/dev/zero is a character device, not a regular file; give a file that holds text.");
    QTest::newRow("analyze --token-ids /dev/urandom")
        << analyze + QStringList{"--token-ids", "/dev/urandom"}
        << QStringLiteral("/dev/urandom is a character device, not a regular file; give a file that holds token ids.");
    QTest::newRow("analyze --text FIFO")
        << analyze + QStringList{"--text", "@TMP/fifo"}
        << QStringLiteral("@TMP/fifo is a FIFO (named pipe), not a regular file; give a file that holds text.");
    QTest::newRow("analyze --text folder") << analyze + QStringList{"--text", "@TMP/gpt2"}
                                           << QStringLiteral("@TMP/gpt2: this is a folder; a file was expected.");
    QTest::newRow("pretrain --text /dev/zero")
        << QStringList{"pretrain", "--text", "/dev/zero", "--out", "@TMP/pre"}
        << QStringLiteral("/dev/zero is a character device, not a regular file; give a file that holds text.");
    QTest::newRow("eval --token-ids FIFO")
        << QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/fifo"}
        << QStringLiteral("@TMP/fifo is a FIFO (named pipe), not a regular file; give a file that holds token ids.");
    QTest::newRow("session FIFO")
        << QStringList{"session", "@TMP/fifo"}
        << QStringLiteral("@TMP/fifo is a FIFO (named pipe), not a regular file; give a file that holds a ShareLens "
                          "session.");
    // --- Oversized inputs
    QTest::newRow("session, 300 MiB")
        << QStringList{"session", "@TMP/huge.sharelens"}
        << QStringLiteral("@TMP/huge.sharelens: the file is 300.0 MiB, more than the 256.0 MiB a ShareLens session "
                          "may hold; it is not a session, or it is damaged.");
    QTest::newRow("export, 65 MiB plan")
        << QStringList{"export",   "@TMP/gpt2", "--plan", "@TMP/huge-plan.json",
                       "--format", "compact",   "--out",  "@TMP/exported"}
        << QStringLiteral("@TMP/huge-plan.json: the file is 65.0 MiB, more than the 64.0 MiB that a plan or "
                          "analysis.json may be; give the analysis.json that 'sharelens-cli analyze' writes.");
    QTest::newRow("eval, 300 MiB id list")
        << QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/huge-ids.json"}
        << QStringLiteral("@TMP/huge-ids.json: the file is 300.0 MiB, more than the 256.0 MiB that a token-id file "
                          "may be; give fewer sequences, or give the text with --text.");
}

void TestBounded::cli() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    for (QString& a : args) a.replace("@TMP", m_tmp.path());
    message.replace("@TMP", m_tmp.path());
    const auto r = testutil::runCli(args, 120000);
    const QString last = QString::fromUtf8(r.err).trimmed().split('\n').last();
    QCOMPARE(last, "sharelens-cli: error: " + message);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!QFile::exists(tmp("r.pdf")));
}

// A 2 GiB text (sparse, so it costs no disk): the analysis reads only the
// start it needs, so it finishes quickly instead of reading (and tokenising)
// two gigabytes.
void TestBounded::analyzeReadsOnlyTheTextItNeeds() {
    QVERIFY(sparseFile(tmp("big.txt"), qint64(2) << 30));
    QElapsedTimer t;
    t.start();
    const auto r = testutil::runCli({"analyze", tmp("gpt2"), "--text", tmp("big.txt"), "--sequences", "2", "--seq-len",
                                     "16", "--threshold", "2", "--out", tmp("analysis-big")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject calibration = testutil::readJson(tmp("analysis-big/analysis.json"))["calibration"].toObject();
    QCOMPARE(calibration["bytes"].toDouble(), double(qint64(2) << 30));
    qInfo("analyze on a 2 GiB text took %lld ms", t.elapsed());
}

// Under a 2.5 GB address-space limit, fine-tuning on 600 MB of text runs out
// of memory while tokenising: the user reads what was being done, not
// "internal error: std::bad_alloc".
void TestBounded::outOfMemoryIsReported() {
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer reserves more address space than the limit allows");
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    QSKIP("AddressSanitizer reserves more address space than the limit allows");
#endif
#endif
    const auto a = testutil::runCli({"analyze", tmp("gpt2"), "--token-ids", tmp("calib.json"), "--seq-len", "8",
                                     "--threshold", "2", "--out", tmp("analysis-oom")});
    QVERIFY2(a.exitCode == 0, a.err.constData());
    QVERIFY(sparseFile(tmp("zeros.txt"), qint64(600) << 20));
    QProcess p;
    p.start("/bin/sh",
            {"-c", "ulimit -v 2500000 && exec \"$0\" \"$@\"", testutil::cliPath(), "finetune", tmp("gpt2"), "--plan",
             tmp("analysis-oom/analysis.json"), "--text", tmp("zeros.txt"), "--steps", "1", "--out", tmp("ft-oom")});
    QVERIFY(p.waitForFinished(300000));
    const QString last = QString::fromUtf8(p.readAllStandardError()).trimmed().split('\n').last();
    QCOMPARE(last, "sharelens-cli: error: there is not enough memory for reading and tokenising " + tmp("zeros.txt") +
                       "; close other programs, or use a smaller model, batch or text.");
    QCOMPARE(p.exitCode(), 1);
}

QTEST_GUILESS_MAIN(TestBounded)
#include "tst_bounded.moc"
