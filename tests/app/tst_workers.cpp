// The GUI's "workers" setting: the analysis run on a local process group of
// sharelens-cli workers gives the in-process similarity, shows every
// worker's progress, and a cancel ends every worker process and leaves no
// output folder; the setting is saved with the session.
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <csignal>
#include <set>

#include "analysisfixture.h"
#include "analysisjob.h"
#include "analysisview.h"
#include "document.h"
#include "finetunejob.h"
#include "finetuneview.h"
#include "mainwindow.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "testutil.h"
#include "workergroup.h"

using sharelens::app::AnalysisRunner;
using sharelens::app::AnalysisView;
using sharelens::app::FinetuneRunner;
using sharelens::app::FinetuneView;
using sharelens::app::MainWindow;
using sharelens::app::RankProgress;

namespace {

QString demo() { return testpaths::source("/resources/demo"); }
QString text() { return testpaths::source("/resources/text/kjv-genesis-kings.txt"); }

// No process with this id exists any more (ended and reaped).
bool processGone(qint64 pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

} // namespace

class TestWorkers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoWorkersGiveTheInProcessSimilarity();
    void cancelEndsEveryWorker();
    void workersSavedWithTheSession();
    void twoWorkersFinetuneLikeInProcess();
    void failingWorkerIsNamed();

private:
    // Runs the analysis with `workers` processes; false when it did not finish.
    bool analyse(AnalysisView* view, int workers, int sequences);
    QTemporaryDir m_tmp;
};

void TestWorkers::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_tmp.isValid());
    // The workers run this build's sharelens-cli, one BLAS thread each.
    qputenv("SHARELENS_CLI", testutil::cliPath().toUtf8());
    qputenv("OPENBLAS_NUM_THREADS", "1");
    qputenv("OMP_NUM_THREADS", "1");
    qputenv("SHARELENS_DIST_TIMEOUT", "60");
    QVERIFY(QFileInfo(testutil::cliPath()).isExecutable());
}

bool TestWorkers::analyse(AnalysisView* view, int workers, int sequences) {
    analysisfixture::Analysis a;
    a.sequences = sequences;
    a.workers = workers;
    a.timeoutMs = 300000;
    return analysisfixture::analyse(view, text(), a);
}

void TestWorkers::twoWorkersGiveTheInProcessSimilarity() {
    MainWindow w;
    QVERIFY(analysisfixture::showAndOpen(w, demo()));
    AnalysisView* view = w.analysisView();
    auto* runner = view->findChild<AnalysisRunner*>();
    QVERIFY(runner);
    QVERIFY(analyse(view, 1, 16));
    const sharelens::SimilarityResult one = view->result();
    QVERIFY(one.similarity.rows() > 1);

    QSignalSpy ranks(runner, &AnalysisRunner::rankProgress);
    QVERIFY(analyse(view, 2, 16));
    const sharelens::SimilarityResult two = view->result();
    QCOMPARE(two.units, one.units);
    QCOMPARE(two.tokens, one.tokens);
    QCOMPARE(two.sequences, one.sequences);
    QCOMPARE(two.similarity.rows(), one.similarity.rows());
    const double d = (two.similarity - one.similarity).cwiseAbs().maxCoeff();
    QVERIFY2(d <= 1e-12, qPrintable(QString::number(d)));

    // Both ranks reported their capture (with tokens/s) and their end.
    std::set<int> captured, ended;
    for (const auto& args : ranks) {
        const auto p = args.at(0).value<RankProgress>();
        QCOMPARE(p.world, 2);
        if (p.stage == "Capturing activations" && p.fraction >= 1.0 && p.tokensPerSecond > 0) captured.insert(p.rank);
        if (p.ended) ended.insert(p.rank);
    }
    QCOMPARE(captured, (std::set<int>{0, 1}));
    QCOMPARE(ended, (std::set<int>{0, 1}));
    auto* table = view->findChild<QTableWidget*>("workerProgress");
    QVERIFY(table && table->isVisible());
    QCOMPARE(table->rowCount(), 2);
}

void TestWorkers::cancelEndsEveryWorker() {
    // The workers' output folder is made under TMPDIR: a folder of our own.
    QTemporaryDir tmp(m_tmp.filePath("tmpdir-XXXXXX"));
    QVERIFY(tmp.isValid());
    const QByteArray oldTmp = qgetenv("TMPDIR");
    qputenv("TMPDIR", tmp.path().toUtf8());
    MainWindow w;
    QVERIFY(analysisfixture::showAndOpen(w, demo()));
    AnalysisView* view = w.analysisView();
    auto* runner = view->findChild<AnalysisRunner*>();
    QSignalSpy ranks(runner, &AnalysisRunner::rankProgress);
    QSignalSpy failed(runner, &AnalysisRunner::failed);
    view->setCalibrationFile(text());
    view->setSequenceLength(64);
    view->setSequenceCount(4000); // long enough to be cancelled mid-capture
    view->findChild<QSpinBox*>("workersBox")->setValue(2);
    QTest::mouseClick(view->findChild<QPushButton*>("analyzeButton"), Qt::LeftButton);
    // Wait until both workers capture (the group has formed).
    auto capturing = [&] {
        std::set<int> seen;
        for (const auto& args : ranks) {
            const auto p = args.at(0).value<RankProgress>();
            if (p.stage == "Capturing activations") seen.insert(p.rank);
        }
        return seen.size() == 2;
    };
    QTRY_VERIFY_WITH_TIMEOUT(capturing(), 120000);
    QVERIFY(runner->isRunning());
    const QList<qint64> pids = runner->workers()->processIds();
    QCOMPARE(pids.size(), 2);
    for (qint64 pid : pids) QVERIFY(pid > 0 && !processGone(pid));
    QDir dir(tmp.path());
    const QStringList runFolders{"sharelens-workers-*"};
    QCOMPARE(dir.entryList(runFolders, QDir::AllEntries | QDir::NoDotAndDotDot).size(), 1); // the run's --out
    QTest::mouseClick(view->findChild<QPushButton*>("analysisCancelButton"), Qt::LeftButton);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(1).toBool(), true);
    QVERIFY(!runner->isRunning());
    for (qint64 pid : pids) QVERIFY2(processGone(pid), qPrintable(QString::number(pid)));
    QCOMPARE(dir.entryList(runFolders, QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
    qputenv("TMPDIR", oldTmp);
}

void TestWorkers::workersSavedWithTheSession() {
    MainWindow w;
    QVERIFY(analysisfixture::showAndOpen(w, demo()));
    AnalysisView* view = w.analysisView();
    QVERIFY(analyse(view, 2, 8));
    const QString file = m_tmp.filePath("two-workers.sharelens");
    QString error;
    QVERIFY2(view->document()->save(file, &error), qPrintable(error));
    sharelens::Session s;
    QVERIFY2(sharelens::app::Document::read(file, &s, &error), qPrintable(error));
    QCOMPARE(s.workers, 2);
    view->findChild<QSpinBox*>("workersBox")->setValue(1);
    view->document()->replace(s, file);
    QCOMPARE(view->findChild<QSpinBox*>("workersBox")->value(), 2);
}

void TestWorkers::twoWorkersFinetuneLikeInProcess() {
    const std::shared_ptr<const sharelens::Model> model = sharelens::Model::load(demo().toStdString());
    FinetuneView view;
    view.resize(1400, 800);
    view.setModel(model);
    view.setPlan(sharelens::makePlan(model->checkpoint(), sharelens::UnitKind::Blocks, {{4, 5}, {7, 8, 9}}));
    view.setTextFile(testpaths::source("/resources/text/calibration.txt"));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.findChild<QSpinBox*>("finetuneSteps")->setValue(6);
    view.findChild<QSpinBox*>("finetuneBatch")->setValue(4);
    view.findChild<QSpinBox*>("finetuneSeqLen")->setValue(32);
    auto* runner = view.findChild<FinetuneRunner*>();
    QVERIFY(runner);
    auto train = [&](int workers) {
        view.findChild<QSpinBox*>("finetuneWorkers")->setValue(workers);
        QSignalSpy finished(&view, &FinetuneView::finetuneFinished);
        auto* start = view.findChild<QPushButton*>("finetuneStart");
        if (!start || !start->isEnabled()) return false;
        QTest::mouseClick(start, Qt::LeftButton);
        return finished.wait(300000) || !finished.isEmpty();
    };
    QVERIFY(train(1));
    const sharelens::SessionRun one = view.lastRun();
    QSignalSpy ranks(runner, &FinetuneRunner::rankProgress);
    QVERIFY(train(2));
    const sharelens::SessionRun two = view.lastRun();
    QCOMPARE(one.shared.steps.size(), size_t(6));
    QCOMPARE(two.shared.steps.size(), one.shared.steps.size());
    QCOMPARE(two.baseline.steps.size(), one.baseline.steps.size());
    QCOMPARE(two.shared.evals.size(), one.shared.evals.size());
    for (size_t i = 0; i < one.shared.steps.size(); ++i) {
        QCOMPARE(two.shared.steps[i].step, one.shared.steps[i].step);
        QVERIFY2(std::abs(two.shared.steps[i].loss - one.shared.steps[i].loss) <= 1e-5,
                 qPrintable(QString("%1 vs %2").arg(two.shared.steps[i].loss).arg(one.shared.steps[i].loss)));
        QVERIFY(std::abs(two.baseline.steps[i].loss - one.baseline.steps[i].loss) <= 1e-5);
    }
    QCOMPARE(two.budget.size(), one.budget.size());
    QCOMPARE(two.sharedParameters, one.sharedParameters);
    QVERIFY(view.trainedShared() != nullptr);
    // Both ranks reported their training steps.
    std::set<int> stepped;
    for (const auto& args : ranks) {
        const auto p = args.at(0).value<RankProgress>();
        if (p.steps == 6 && p.step > 0 && p.tokensPerSecond > 0) stepped.insert(p.rank);
    }
    QCOMPARE(stepped, (std::set<int>{0, 1}));
}

void TestWorkers::failingWorkerIsNamed() {
    // A text that is not there: every worker fails; the runner says which
    // worker and why, no worker is left and no folder either.
    QTemporaryDir tmp(m_tmp.filePath("tmpdir-XXXXXX"));
    QVERIFY(tmp.isValid());
    const QByteArray oldTmp = qgetenv("TMPDIR");
    qputenv("TMPDIR", tmp.path().toUtf8());
    AnalysisRunner runner;
    QSignalSpy failed(&runner, &AnalysisRunner::failed);
    QSignalSpy finished(&runner, &AnalysisRunner::finished);
    sharelens::app::AnalysisRequest rq;
    rq.model = sharelens::Model::load(demo().toStdString());
    rq.textPath = m_tmp.filePath("no-such-text.txt");
    rq.seqLen = 32;
    rq.sequences = 8;
    rq.workers = 2;
    runner.analyze(rq);
    QVERIFY(runner.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 120000);
    QVERIFY(finished.isEmpty());
    QCOMPARE(failed.at(0).at(1).toBool(), false);
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.startsWith("worker ") && message.contains("no-such-text.txt"), qPrintable(message));
    QVERIFY(!runner.isRunning());
    for (qint64 pid : runner.workers()->processIds()) QVERIFY(pid == 0 || processGone(pid));
    QCOMPARE(QDir(tmp.path()).entryList({"sharelens-workers-*"}, QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList());
    qputenv("TMPDIR", oldTmp);
}

QTEST_MAIN(TestWorkers)
#include "tst_workers.moc"
