// sharelens-cli's commands called in-process through the sharelens_cli_lib
// library: the exit code and the bytes written to the given streams are
// those the tool prints when run as a process.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "inprocess.h"
#include "testutil.h"

using testutil::runInProcess;

class TestCliInProcess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usageError();
    void clusterGroups();
    void sameBytesAsTheProcess_data();
    void sameBytesAsTheProcess();

private:
    QTemporaryDir m_tmp;
    QString m_gpt2;
};

void TestCliInProcess::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_gpt2 = m_tmp.filePath("gpt2");
    QVERIFY(testutil::makeCheckpoint(
        m_gpt2, {"--family", "gpt2", "--layers", "4", "--hidden", "64", "--vocab", "96", "--positions", "128"}));
}

void TestCliInProcess::usageError() {
    const auto r = runInProcess({"frobnicate"});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(r.err, QByteArray("sharelens-cli: unknown command 'frobnicate'\nTry 'sharelens-cli --help'.\n"));
    const auto bad = runInProcess({"info", m_tmp.filePath("nope")});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.startsWith("sharelens-cli: error: ") && bad.err.contains("nope"), bad.err.constData());
}

// Three units, the first two alike: at threshold 0.5 they form one group,
// merged first at distance 1 - 0.9.
void TestCliInProcess::clusterGroups() {
    const QString file = m_tmp.filePath("similarity.json");
    QVERIFY(testutil::writeFile(file, R"({"similarity": [[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]]})"));
    const auto r = runInProcess({"cluster", file, "--threshold", "0.5"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.err, QByteArray());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value("groups").toArray(), (QJsonArray{QJsonArray{0, 1}, QJsonArray{2}}));
    QCOMPARE(o.value("linkage_method").toString(), QStringLiteral("average"));
    const QJsonArray first = o.value("linkage").toArray().at(0).toArray();
    QCOMPARE(first.at(0).toInt(), 0);
    QCOMPARE(first.at(1).toInt(), 1);
    QVERIFY(std::abs(first.at(2).toDouble() - 0.1) < 1e-12);
}

void TestCliInProcess::sameBytesAsTheProcess_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("version") << QStringList{"--version"};
    QTest::newRow("info") << QStringList{"info", "@GPT2"};
    QTest::newRow("info --json") << QStringList{"info", "@GPT2", "--json"};
    QTest::newRow("usage error") << QStringList{"info", "@GPT2", "--bogus"};
}

void TestCliInProcess::sameBytesAsTheProcess() {
    QFETCH(QStringList, args);
    args.replaceInStrings(QStringLiteral("@GPT2"), m_gpt2);
    const auto process = testutil::runCli(args);
    const auto inProcess = runInProcess(args);
    QCOMPARE(inProcess.exitCode, process.exitCode);
    QCOMPARE(inProcess.out, process.out);
    QCOMPARE(inProcess.err, process.err);
    QVERIFY(!inProcess.out.isEmpty() || !inProcess.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliInProcess)
#include "tst_cli_inprocess.moc"
