// The PDF report of a session (widgets/report.h) and `sharelens-cli report`:
// a valid PDF whose pages and text (read back by poppler's pdfinfo and
// pdftotext, an independent PDF reader) hold the model, the threshold, the
// groups and the budget numbers; sections without data left out with a line
// saying so; failures leave an existing report untouched.
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <numeric>

#include <cmath>
#include <unistd.h>

#include "report.h"
#include "sharelens/checkpoint.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/session.h"
#include "testutil.h"

using namespace sharelens;

namespace {

using testutil::readAll;

// poppler-utils (packaging/install-deps.sh installs it).
QString popplerRun(const QString& tool, const QStringList& args) {
    QProcess p;
    p.start(tool, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("%s failed: %s", qPrintable(tool), p.readAllStandardError().constData());
        return QStringLiteral("<%1 failed>").arg(tool);
    }
    return QString::fromUtf8(p.readAllStandardOutput());
}

int pageCount(const QString& pdf) {
    const auto m = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(popplerRun("pdfinfo", {pdf}));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

// Text of the whole document, or of one page, in reading order of the lines
// (-layout keeps a key and its value on one line). Runs of whitespace become one
// space so that wrapped table cells compare as plain strings.
QString pdfText(const QString& pdf, int page = 0) {
    QStringList args;
    if (page > 0) args << "-f" << QString::number(page) << "-l" << QString::number(page);
    args << "-layout" << pdf << "-";
    // Qt's PDF text keeps the fonts' fi/fl ligatures; read them as letters.
    return popplerRun("pdftotext", args).replace(QChar(0xFB01), "fi").replace(QChar(0xFB02), "fl").simplified();
}

QString grouped(qint64 v) { return QLocale(QLocale::English, QLocale::UnitedStates).toString(v); }

bool validPdf(const QByteArray& bytes) { return bytes.startsWith("%PDF-") && bytes.trimmed().endsWith("%%EOF"); }

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fullReport();
    void sections_data();
    void sections();
    void missingSummary();
    void longGroupsTableContinues();
    void unwritableTarget_data();
    void unwritableTarget();
    void failureKeepsPreviousReport();
    void readOnlyFolderKeepsPreviousReport();
    void cliReport();
    void cliMissingModelFolder();
    void cliBadInput_data();
    void cliBadInput();

private:
    Session fullSession() const;

    QTemporaryDir m_tmp;
    QString m_modelDir;
    Checkpoint m_checkpoint;
    ModelSummary m_summary;
};

void TestReport::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_modelDir = m_tmp.filePath("tiny-gpt2");
    QVERIFY(
        testutil::makeCheckpoint(m_modelDir, {"--family", "gpt2", "--layers", "6", "--hidden", "32", "--vocab", "64"}));
    m_checkpoint = openCheckpoint(m_modelDir.toStdString());
    m_summary = summarize(m_checkpoint);
    QVERIFY(m_summary.parameters > 0);
}

// Six blocks: 1~2 and 3~4 are near copies (S = 0.9, 0.85), everything else
// S = 0.2, so an average-linkage cut at 0.3 gives exactly {1,2} and {3,4}.
Session TestReport::fullSession() const {
    Session s;
    s.createdBy = "ShareLens test";
    s.models = {m_modelDir.toStdString()};
    s.calibration.textPath = "/data/psalms.txt";
    s.calibration.seqLen = 64;
    s.calibration.sequences = 12;
    s.clustering.linkage = LinkageMethod::Average;
    s.clustering.threshold = 0.3;
    SimilarityResult sim;
    for (int i = 0; i < 6; ++i) sim.units.push_back("block " + std::to_string(i));
    sim.similarity = Eigen::MatrixXd::Constant(6, 6, 0.2);
    sim.similarity.diagonal().setOnes();
    sim.similarity(1, 2) = sim.similarity(2, 1) = 0.9;
    sim.similarity(3, 4) = sim.similarity(4, 3) = 0.85;
    sim.tokens = 768;
    sim.sequences = 12;
    s.similarity = sim;
    s.plan = makePlan(m_checkpoint, UnitKind::Blocks, {{1, 2}, {3, 4}});
    SessionRun run;
    // Long enough that the run's settings line wraps above the charts.
    run.textPath = "/data/corpora/a-rather-long-folder-name-for-the-training-text/and-one-more-level/"
                   "kjv-genesis-to-kings-training-split.txt";
    run.steps = 40;
    run.batchSize = 4;
    run.seqLen = 32;
    run.learningRate = 1e-3;
    run.seed = 7;
    run.init = "mean";
    for (int k = 1; k <= 40; ++k) {
        StepRecord r;
        r.step = k;
        r.loss = 4.2 * std::exp(-k / 25.0) + 0.05 * std::sin(k);
        r.tokensPerSecond = k == 1 ? 5000 : 20000 + 300 * std::cos(k); // the first step warms up
        r.modelStateBytes = uint64_t(16 * s.plan->baselineParameters);
        r.peakRssBytes = (uint64_t(300) << 20) + uint64_t(k) * 4096;
        run.baseline.steps.push_back(r);
        r.loss += 0.1;
        r.tokensPerSecond *= 1.3;
        r.modelStateBytes = uint64_t(16 * s.plan->sharedParameters);
        run.shared.steps.push_back(r);
    }
    run.baseline.evals = {{0, 4.25, std::exp(4.25)}, {20, 3.1, std::exp(3.1)}, {40, 2.5, std::exp(2.5)}};
    run.shared.evals = {{0, 4.6, std::exp(4.6)}, {20, 3.3, std::exp(3.3)}, {40, 2.75, std::exp(2.75)}};
    run.baselineParameters = s.plan->baselineParameters;
    run.sharedParameters = s.plan->sharedParameters;
    const int64_t b = run.baselineParameters, sh = run.sharedParameters;
    run.budget = {{"baseline", b, uint64_t(4 * b), 2.5},
                  {"shared", sh, uint64_t(4 * sh), 2.7512},
                  {"remove-shared-layers", sh, uint64_t(4 * sh), 3.8125},
                  {"drop-last-2", sh, uint64_t(4 * sh), 4.0625},
                  {"int8", b, 123457, 2.5625}};
    s.runs.push_back(run);
    return s;
}

void TestReport::fullReport() {
    QTemporaryDir dir;
    const QString pdf = dir.filePath("report.pdf");
    const Session s = fullSession();
    QString error;
    QVERIFY2(widgets::writeReport(s, m_summary, pdf, &error), qPrintable(error));
    // SHARELENS_KEEP_REPORT=FILE.pdf keeps a copy to look at (pdftoppm).
    if (qEnvironmentVariableIsSet("SHARELENS_KEEP_REPORT")) {
        QFile::remove(qEnvironmentVariable("SHARELENS_KEEP_REPORT"));
        QFile::copy(pdf, qEnvironmentVariable("SHARELENS_KEEP_REPORT"));
    }
    QVERIFY(validPdf(readAll(pdf)));
    QCOMPARE(pageCount(pdf), 5);
    QCOMPARE(widgets::reportBasePageCount(s), 5);

    const QString all = pdfText(pdf);
    // Page 1: model summary and provenance.
    const QString p1 = pdfText(pdf, 1);
    QVERIFY2(p1.contains("ShareLens report"), qPrintable(p1));
    QVERIFY(p1.contains("tiny-gpt2"));
    QVERIFY(p1.contains(grouped(m_summary.parameters)));
    QVERIFY(p1.contains(QString::fromStdString(m_summary.architecture)));
    QVERIFY(p1.contains("/data/psalms.txt"));
    QVERIFY(p1.contains("average linkage"));
    QVERIFY(p1.contains("Threshold 0.3"));
    QVERIFY(p1.contains("Seed 7"));
    QVERIFY(p1.contains("Report written by ShareLens"));
    // Page 2: the figures (their titles and unit labels are text).
    const QString p2 = pdfText(pdf, 2);
    QVERIFY2(p2.contains("Layer similarity") && p2.contains("Clustering of units"), qPrintable(p2));
    QVERIFY(p2.contains("threshold 0.3"));
    QVERIFY(p2.contains("block 5"));
    // Page 3: the groups and the totals, numbers from the plan.
    const QString p3 = pdfText(pdf, 3);
    QVERIFY2(p3.contains("block 1, block 2") && p3.contains("block 3, block 4"), qPrintable(p3));
    QVERIFY(p3.contains("Unshared units (2): block 0, block 5"));
    QVERIFY(p3.contains(grouped(s.plan->groups[1].sharedParameters)));
    QVERIFY(p3.contains(grouped(s.plan->baselineParameters) + " → " + grouped(s.plan->sharedParameters)));
    // Page 4: the charts.
    const QString p4 = pdfText(pdf, 4);
    QVERIFY2(p4.contains("Loss") && p4.contains("Training speed") && p4.contains("Model state") &&
                 p4.contains("Peak memory"),
             qPrintable(p4));
    QVERIFY(p4.contains("baseline, validation") && p4.contains("shared, train"));
    // Page 5: results and budget points (method names and their numbers).
    const QString p5 = pdfText(pdf, 5);
    for (const char* m : {"remove-shared-layers", "drop-last-2", "int8"}) QVERIFY2(p5.contains(m), m);
    for (const char* loss : {"3.8125", "4.0625", "2.5625", "2.7512", "4.2500", "2.7500"})
        QVERIFY2(p5.contains(loss), loss);
    QVERIFY(p5.contains("120.6 KiB")); // 123,457 bytes of the int8 point
    // Speed is the mean over the steps, as in the GUI's tables (not the median).
    std::vector<double> tps;
    for (const auto& st : s.runs.back().baseline.steps) tps.push_back(st.tokensPerSecond);
    const double mean = std::accumulate(tps.begin(), tps.end(), 0.0) / double(tps.size());
    std::sort(tps.begin(), tps.end());
    const double median = 0.5 * (tps[tps.size() / 2 - 1] + tps[tps.size() / 2]);
    QVERIFY(std::llround(mean) != std::llround(median));
    // (the header wraps: "Tokens/s" and "(mean)" on two lines)
    QVERIFY2(p5.contains("(mean)") && p5.contains(grouped(std::llround(mean))), qPrintable(p5));
    QVERIFY(p5.contains("Validation loss vs parameters") && p5.contains("Validation loss vs bytes"));
    QVERIFY(!all.contains("left out"));
}

void TestReport::sections_data() {
    QTest::addColumn<bool>("analysis");
    QTest::addColumn<bool>("plan");
    QTest::addColumn<bool>("run");
    QTest::addColumn<int>("pages");
    QTest::addColumn<QStringList>("present");
    QTest::addColumn<QStringList>("absent");
    QTest::newRow("everything") << true << true << true << 5
                                << QStringList{"Layer similarity", "Groups at threshold", "Training speed",
                                               "Comparison at a similar budget"}
                                << QStringList{"left out"};
    QTest::newRow("no run")
        << true << true << false << 3
        << QStringList{"Layer similarity", "Groups at threshold",
                       "No fine-tune run in this session: the training charts and the comparison are left out."}
        << QStringList{"Training speed", "Comparison at a similar budget"};
    QTest::newRow("no plan") << true << false << true << 4
                             << QStringList{"Layer similarity", "Training speed",
                                            "No sharing plan in this session: the groups table is left out."}
                             << QStringList{"Groups at threshold"};
    QTest::newRow("no analysis")
        << false << true << true << 4
        << QStringList{"Groups at threshold",
                       "No analysis in this session: the heatmap and the dendrogram are left out."}
        << QStringList{"Layer similarity", "Clustering of units"};
    QTest::newRow("nothing yet") << false << false << false << 1
                                 << QStringList{"No analysis in this session", "No sharing plan in this session",
                                                "No fine-tune run in this session"}
                                 << QStringList{"Layer similarity", "Groups at threshold", "Training speed"};
}

void TestReport::sections() {
    QFETCH(bool, analysis);
    QFETCH(bool, plan);
    QFETCH(bool, run);
    QFETCH(int, pages);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);
    Session s = fullSession();
    if (!analysis) s.similarity.reset();
    if (!plan) s.plan.reset();
    if (!run) s.runs.clear();
    QTemporaryDir dir;
    const QString pdf = dir.filePath("r.pdf");
    QString error;
    QVERIFY2(widgets::writeReport(s, m_summary, pdf, &error), qPrintable(error));
    QVERIFY(validPdf(readAll(pdf)));
    QCOMPARE(pageCount(pdf), pages);
    QCOMPARE(widgets::reportBasePageCount(s), pages);
    const QString text = pdfText(pdf);
    if (qEnvironmentVariableIsSet("SHARELENS_KEEP_REPORT")) qInfo("%s", qPrintable(text));
    for (const auto& p : present) QVERIFY2(text.contains(p), qPrintable(p));
    for (const auto& a : absent) QVERIFY2(!text.contains(a), qPrintable(a));
}

void TestReport::missingSummary() {
    QTemporaryDir dir;
    const QString pdf = dir.filePath("r.pdf");
    widgets::ReportOptions o;
    o.summaryNote = "No model summary: the folder /gone does not exist.";
    QString error;
    QVERIFY2(widgets::writeReport(fullSession(), std::nullopt, pdf, &error, o), qPrintable(error));
    const QString p1 = pdfText(pdf, 1);
    QVERIFY2(p1.contains("No model summary: the folder /gone does not exist."), qPrintable(p1));
    QVERIFY(!p1.contains("Hidden size"));
    QCOMPARE(pageCount(pdf), 5);
}

// 120 blocks shared in 60 pairs: the groups table runs over a page, goes on
// under its header on the next, and every group is listed.
void TestReport::longGroupsTableContinues() {
    const QString modelDir = m_tmp.filePath("deep");
    QVERIFY(testutil::makeCheckpoint(
        modelDir, {"--family", "gpt2", "--layers", "120", "--hidden", "8", "--heads", "2", "--vocab", "16"}));
    const Checkpoint ck = openCheckpoint(modelDir.toStdString());
    Session s = fullSession();
    s.models = {modelDir.toStdString()};
    const int n = 120;
    SimilarityResult sim;
    for (int i = 0; i < n; ++i) sim.units.push_back("block " + std::to_string(i));
    sim.similarity = Eigen::MatrixXd::Constant(n, n, 0.2);
    sim.similarity.diagonal().setOnes();
    std::vector<std::vector<int>> pairs;
    for (int i = 0; i < n; i += 2) {
        sim.similarity(i, i + 1) = sim.similarity(i + 1, i) = 0.9;
        pairs.push_back({i, i + 1});
    }
    sim.tokens = 100;
    s.similarity = sim;
    s.plan = makePlan(ck, UnitKind::Blocks, pairs);
    QTemporaryDir dir;
    const QString pdf = dir.filePath("deep.pdf");
    QString error;
    QVERIFY2(widgets::writeReport(s, summarize(ck), pdf, &error), qPrintable(error));
    if (qEnvironmentVariableIsSet("SHARELENS_KEEP_REPORT"))
        QFile::copy(pdf, qEnvironmentVariable("SHARELENS_KEEP_REPORT") + ".deep.pdf");
    QCOMPARE(pageCount(pdf), widgets::reportBasePageCount(s) + 1);
    const QString p3 = pdfText(pdf, 3), p4 = pdfText(pdf, 4);
    QVERIFY2(p3.contains("block 0, block 1") && !p3.contains("Totals"), qPrintable(p3));
    QVERIFY2(p4.contains("(continued)") && p4.contains("Members") && p4.contains("block 118, block 119") &&
                 p4.contains("60 shared groups") && p4.contains("Totals"),
             qPrintable(p4));
    const QString groups = p3 + " " + p4;
    for (int i = 0; i < n; i += 2)
        QVERIFY2(groups.contains(QStringLiteral("block %1, block %2").arg(i).arg(i + 1)),
                 qPrintable(QString::number(i)));
    QVERIFY(pdfText(pdf, 5).contains("Training speed"));
}

void TestReport::unwritableTarget_data() {
    QTest::addColumn<QString>("relative");
    QTest::newRow("missing folder") << "no/such/folder/report.pdf";
    QTest::newRow("parent is a file") << "plain-file/report.pdf";
}

void TestReport::unwritableTarget() {
    QFETCH(QString, relative);
    QTemporaryDir dir;
    QVERIFY(testutil::writeFile(dir.filePath("plain-file"), "x"));
    const QString path = dir.filePath(relative);
    QString error;
    QVERIFY(!widgets::writeReport(fullSession(), m_summary, path, &error));
    QVERIFY2(error.startsWith("Cannot write the report") && error.contains(path), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

// A session that cannot be drawn (a NaN similarity) fails after the previous
// report exists: it stays byte for byte, and no temporary file is left.
void TestReport::failureKeepsPreviousReport() {
    QTemporaryDir dir;
    const QString pdf = dir.filePath("report.pdf");
    QString error;
    QVERIFY2(widgets::writeReport(fullSession(), m_summary, pdf, &error), qPrintable(error));
    const QByteArray before = readAll(pdf);
    Session bad = fullSession();
    bad.similarity->similarity(2, 3) = bad.similarity->similarity(3, 2) = std::nan("");
    QVERIFY(!widgets::writeReport(bad, m_summary, pdf, &error));
    QVERIFY2(error.contains(pdf), qPrintable(error));
    QCOMPARE(readAll(pdf), before);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"report.pdf"});
}

void TestReport::readOnlyFolderKeepsPreviousReport() {
    if (::geteuid() == 0) QSKIP("root writes into read-only folders");
    QTemporaryDir dir;
    const QString pdf = dir.filePath("report.pdf");
    QVERIFY(testutil::writeFile(pdf, "previous"));
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    QString error;
    const bool ok = widgets::writeReport(fullSession(), m_summary, pdf, &error);
    QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QVERIFY(!ok);
    QVERIFY2(error.contains(pdf), qPrintable(error));
    QCOMPARE(readAll(pdf), QByteArray("previous"));
}

void TestReport::cliReport() {
    QTemporaryDir dir;
    const QString session = dir.filePath("study.sharelens");
    saveSession(session.toStdString(), fullSession());
    const QString pdf = dir.filePath("out/report.pdf");
    QVERIFY(QDir(dir.path()).mkdir("out"));
    const auto r = testutil::runCli({"report", session, "--out", pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out).trimmed(), pdf);
    QVERIFY(validPdf(readAll(pdf)));
    QCOMPARE(pageCount(pdf), 5);
    const QString p1 = pdfText(pdf, 1);
    QVERIFY(p1.contains(grouped(m_summary.parameters)));
    QVERIFY(pdfText(pdf, 5).contains("remove-shared-layers"));
    // Without --out: next to the session, with .pdf.
    const auto r2 = testutil::runCli({"report", session});
    QVERIFY2(r2.exitCode == 0, r2.err.constData());
    QVERIFY(validPdf(readAll(dir.filePath("study.pdf"))));
}

// The model folder is gone: the report is still written, the summary's place
// says why, and stderr warns.
void TestReport::cliMissingModelFolder() {
    QTemporaryDir dir;
    Session s = fullSession();
    s.models = {dir.filePath("moved-away").toStdString()};
    const QString session = dir.filePath("s.sharelens");
    saveSession(session.toStdString(), s);
    const QString pdf = dir.filePath("r.pdf");
    const auto r = testutil::runCli({"report", session, "--out", pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("warning: no model summary") && r.err.contains("moved-away"), r.err.constData());
    const QString p1 = pdfText(pdf, 1);
    QVERIFY2(p1.contains("No model summary") && p1.contains("moved-away"), qPrintable(p1));
    QCOMPARE(pageCount(pdf), 5);
}

void TestReport::cliBadInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no session") << QStringList{"report"} << 2 << "exactly one SESSION";
    QTest::newRow("unknown option") << QStringList{"report", "@S", "--pages", "3"} << 2 << "unknown option --pages";
    QTest::newRow("missing session") << QStringList{"report", "@D/none.sharelens", "--out", "@D/r.pdf"} << 1
                                     << "none.sharelens";
    QTest::newRow("not a session") << QStringList{"report", "@D/junk.sharelens", "--out", "@D/r.pdf"} << 1
                                   << "junk.sharelens";
    QTest::newRow("unwritable out") << QStringList{"report", "@S", "--out", "@D/no/such/r.pdf"} << 1
                                    << "Cannot write the report";
}

void TestReport::cliBadInput() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    const QString session = dir.filePath("s.sharelens");
    saveSession(session.toStdString(), fullSession());
    QVERIFY(testutil::writeFile(dir.filePath("junk.sharelens"), "{\"format\": \"something else\"}"));
    for (auto& a : args) a.replace("@S", session).replace("@D", dir.path());
    const auto r = testutil::runCli(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
    if (exitCode == 1) {
        // One line from sharelens-cli (Qt may add its own warnings about the platform).
        QStringList ours;
        for (const auto& line : QString::fromUtf8(r.err).split('\n'))
            if (line.startsWith("sharelens-cli")) ours << line;
        QCOMPARE(ours.size(), 1);
        QVERIFY2(ours[0].startsWith("sharelens-cli: error: "), r.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("r.pdf")));
    }
}

QTEST_MAIN(TestReport)
#include "tst_report.moc"
