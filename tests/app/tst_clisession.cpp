// Session files from the command line: `analyze --session` writes one that
// holds exactly what analysis.json says, `finetune --session` adds its run
// (records, comparison at the same budget), `session` prints it, and the GUI
// opens the file the CLI wrote with the same similarity and groups.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "analysisview.h"
#include "document.h"
#include "mainwindow.h"
#include "sharelens/session.h"
#include "testutil.h"

class TestCliSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void analyzeWritesSession();
    void finetuneAddsRun();
    void guiOpensCliSession();
    void otherModelIsRefused();

private:
    QTemporaryDir m_tmp;
    QString m_model, m_out, m_session;
};

void TestCliSession::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_tmp.isValid());
    m_model = m_tmp.filePath("model");
    QVERIFY(
        testutil::makeCheckpoint(m_model, {"--family", "gpt2", "--layers", "6", "--hidden", "32", "--vocab", "256"}));
    m_out = m_tmp.filePath("out");
    m_session = m_tmp.filePath("s.sharelens");
}

void TestCliSession::analyzeWritesSession() {
    const auto r = testutil::runCli({"analyze", m_model, "--text", testpaths::source("/resources/text/calibration.txt"),
                                     "--seq-len", "32", "--sequences", "8", "--linkage", "complete", "--threshold",
                                     "0.4", "--out", m_out, "--session", m_session});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject analysis = testutil::readJson(m_out + "/analysis.json");
    const sharelens::Session s = sharelens::loadSession(m_session.toStdString());
    QCOMPARE(s.models.size(), size_t(1));
    QCOMPARE(QFileInfo(QString::fromStdString(s.models[0])).canonicalFilePath(),
             QFileInfo(m_model).canonicalFilePath());
    QVERIFY(s.similarity.has_value());
    const QJsonArray rows = analysis.value("similarity").toArray();
    QCOMPARE(qsizetype(s.similarity->units.size()), rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i)
        for (qsizetype k = 0; k < rows.size(); ++k)
            QCOMPARE(s.similarity->similarity(i, k), rows[i].toArray()[k].toDouble());
    QCOMPARE(s.clustering.threshold, 0.4);
    QVERIFY(s.clustering.linkage == sharelens::LinkageMethod::Complete);
    QCOMPARE(s.calibration.seqLen, 32);
    QCOMPARE(s.calibration.sequences, 8);
    QVERIFY(s.plan.has_value());
    QCOMPARE(s.plan->sharedParameters, qint64(analysis.value("parameters").toObject().value("shared").toDouble()));
    QVERIFY(s.runs.empty());
}

void TestCliSession::finetuneAddsRun() {
    const auto r = testutil::runCli({"finetune", m_model, "--plan", m_out + "/analysis.json", "--text",
                                     testpaths::source("/resources/text/calibration.txt"), "--steps", "3", "--batch",
                                     "2", "--seq-len", "32", "--out", m_tmp.filePath("ft"), "--session", m_session});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const sharelens::Session s = sharelens::loadSession(m_session.toStdString());
    QVERIFY(s.similarity.has_value()); // the analysis is still there
    QCOMPARE(s.runs.size(), size_t(1));
    const auto& run = s.runs[0];
    QCOMPARE(run.steps, 3);
    QCOMPARE(run.baseline.steps.size(), size_t(3));
    QCOMPARE(run.shared.steps.size(), size_t(3));
    QCOMPARE(run.sharedParameters, s.plan->sharedParameters);
    QCOMPARE(run.budget.size(), size_t(5));
    QCOMPARE(run.budget[4].method, std::string("int8"));
    // The same comparison is in summary.json.
    const QJsonObject summary = testutil::readJson(m_tmp.filePath("ft/summary.json"));
    const QJsonArray budget = summary.value("budget").toArray();
    QCOMPARE(budget.size(), qsizetype(5));
    QCOMPARE(budget[1].toObject().value("loss").toDouble(), run.budget[1].loss);
    // `session` prints it; --json is what ShareLens reads back.
    const auto shown = testutil::runCli({"session", m_session});
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    QVERIFY(shown.out.contains("run 1"));
    QVERIFY(shown.out.contains("complete linkage"));
    const auto js = testutil::runCli({"session", m_session, "--json"});
    QCOMPARE(js.exitCode, 0);
    QCOMPARE(js.out.toStdString(), sharelens::sessionToJson(s));
    // A second run is added, not replacing the first.
    const auto r2 = testutil::runCli({"finetune", m_model, "--plan", m_out + "/analysis.json", "--text",
                                      testpaths::source("/resources/text/calibration.txt"), "--steps", "2", "--batch",
                                      "2", "--seq-len", "32", "--out", m_tmp.filePath("ft2"), "--session", m_session});
    QVERIFY2(r2.exitCode == 0, r2.err.constData());
    QCOMPARE(sharelens::loadSession(m_session.toStdString()).runs.size(), size_t(2));
}

void TestCliSession::guiOpensCliSession() {
    const sharelens::Session s = sharelens::loadSession(m_session.toStdString());
    sharelens::app::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy restored(&w, &sharelens::app::MainWindow::sessionRestored);
    w.openSession(m_session);
    QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 30000);
    QVERIFY(w.analysisView()->result().similarity == s.similarity->similarity);
    QCOMPARE(w.analysisView()->threshold(), 0.4);
    std::vector<std::vector<int>> groups;
    for (const auto& g : s.plan->groups) groups.push_back(g.members);
    QCOMPARE(w.analysisView()->groups(), groups);
    QVERIFY(!w.document()->isModified());
}

void TestCliSession::otherModelIsRefused() {
    const QString other = m_tmp.filePath("other");
    QVERIFY(testutil::makeCheckpoint(other, {"--family", "gpt2", "--layers", "6", "--hidden", "32", "--vocab", "256"}));
    const QByteArray before = [&] {
        QFile f(m_session);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    const auto r = testutil::runCli({"finetune", other, "--plan", m_out + "/analysis.json", "--text",
                                     testpaths::source("/resources/text/calibration.txt"), "--steps", "1", "--batch",
                                     "1", "--seq-len", "16", "--out", m_tmp.filePath("ft3"), "--session", m_session});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("s.sharelens: is a session of") && r.err.contains("give another --session file"),
             r.err.constData());
    QFile f(m_session);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
}

QTEST_MAIN(TestCliSession)
#include "tst_clisession.moc"
