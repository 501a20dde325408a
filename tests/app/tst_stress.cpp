// Cancellation under stress: the GUI's background runners started
// and cancelled at random moments (seeded), many times in a row, on a tiny
// model. Every run must end (a result, or a failure marked cancelled) within
// a generous bound, exactly once, and the GUI event loop must stay
// responsive after each cancel. Run under the asan preset (with leak
// detection, tests/sanitizers/lsan.supp) this also checks that nothing leaks.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "analysisjob.h"
#include "finetunejob.h"
#include "jobrunner.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "testutil.h"

using namespace sharelens::app;

namespace {

constexpr int kIterations = 50;
constexpr int kEndBoundMs = 20000;      // a cancelled run must report within this
constexpr int kResponsiveBoundMs = 500; // a zero-timer must fire within this after cancel()

// How long a zero-timer takes to fire on the GUI thread right now.
qint64 zeroTimerLatencyMs() {
    QElapsedTimer t;
    t.start();
    bool fired = false;
    QTimer::singleShot(0, [&] { fired = true; });
    if (!QTest::qWaitFor([&] { return fired; }, 10000)) return 10000;
    return t.elapsed();
}

} // namespace

class TestStress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jobRunner();
    void analysisRunner();
    void finetuneRunner();
    void cleanupTestCase();

private:
    QTemporaryDir m_tmp;
    std::shared_ptr<const sharelens::Model> m_model;
    QString m_text;
};

void TestStress::initTestCase() {
    QVERIFY(m_tmp.isValid());
    const QString dir = m_tmp.filePath("tiny");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "3", "--hidden", "32", "--heads", "2",
                                           "--vocab", "256", "--positions", "64"}));
    m_model = sharelens::Model::load(dir.toStdString());
    m_text = m_tmp.filePath("text.txt");
    QVERIFY(testutil::writeFile(m_text,
                                QByteArray("In the beginning was the word, and the word was with it. ").repeated(60)));
}

void TestStress::cleanupTestCase() {
    // No job may outlive the suite.
    QVERIFY(QThreadPool::globalInstance()->waitForDone(30000));
    m_model.reset();
}

// The runner itself: a job that polls its flag, cancelled or superseded at
// random moments; exactly the newest job's continuation runs.
void TestStress::jobRunner() {
    std::mt19937 rng(8);
    std::uniform_int_distribution<int> delayMs(0, 30);
    auto live = std::make_shared<std::atomic<int>>(0);
    JobRunner runner;
    int delivered = 0, cancelled = 0, completed = 0;
    for (int i = 0; i < kIterations; ++i) {
        const bool supersede = i % 5 == 4;
        const int before = delivered;
        auto work = [live, &delivered, &cancelled, &completed](const JobRunner::Context& ctx) -> std::function<void()> {
            ++*live;
            bool wasCancelled = false;
            for (int k = 0; k < 20; ++k) {
                if (ctx.cancel->load()) {
                    wasCancelled = true;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            --*live;
            return [&delivered, &cancelled, &completed, wasCancelled] {
                ++delivered;
                ++(wasCancelled ? cancelled : completed);
            };
        };
        runner.start(work);
        if (supersede) {
            QTest::qWait(delayMs(rng) / 3);
            runner.start(work); // the first job's continuation must be dropped
        }
        QTest::qWait(delayMs(rng));
        runner.cancel();
        QVERIFY2(zeroTimerLatencyMs() < kResponsiveBoundMs, qPrintable(QString("iteration %1").arg(i)));
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isRunning(), kEndBoundMs);
        QCOMPARE(delivered, before + 1);
    }
    QVERIFY(QThreadPool::globalInstance()->waitForDone(kEndBoundMs));
    QCoreApplication::processEvents();
    QCOMPARE(delivered, kIterations);
    QCOMPARE(live->load(), 0);
    qInfo("JobRunner: %d runs, %d cancelled, %d completed before the cancel", kIterations, cancelled, completed);
    QVERIFY(cancelled > 0);
}

void TestStress::analysisRunner() {
    // One uncancelled run sets the scale of the random cancel moments.
    AnalysisRequest req;
    req.model = m_model;
    req.textPath = m_text;
    req.seqLen = 32;
    req.sequences = 24;
    req.options.metric = sharelens::Metric::Pearson;
    AnalysisRunner runner;
    QSignalSpy finished(&runner, &AnalysisRunner::finished);
    QSignalSpy failed(&runner, &AnalysisRunner::failed);
    QElapsedTimer t;
    t.start();
    runner.analyze(req);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const int fullMs = std::max<int>(2, static_cast<int>(t.elapsed()));
    QCOMPARE(failed.count(), 0);

    std::mt19937 rng(9);
    // Most cancels land mid-run: the first (cold) run is the slowest.
    std::uniform_int_distribution<int> delayMs(0, fullMs / 2 + 1);
    int cancelled = 0, completed = 0, before = 0;
    for (int i = 0; i < kIterations; ++i) {
        finished.clear();
        failed.clear();
        req.options.metric = i % 3 == 0 ? sharelens::Metric::Cka : sharelens::Metric::Pearson;
        req.options.units = i % 2 ? sharelens::UnitKind::Sublayers : sharelens::UnitKind::Blocks;
        runner.analyze(req);
        // What the first job delivered before a supersede (it may finish
        // first on a fast machine) is not counted against the newest job.
        before = 0;
        int failedBefore = 0;
        if (i % 7 == 6) {
            QTest::qWait(delayMs(rng) / 4);
            before = int(finished.count() + failed.count());
            failedBefore = int(failed.count());
            runner.analyze(req); // supersede: only the newest may report from now on
        }
        QTest::qWait(delayMs(rng));
        runner.cancel();
        const qint64 latency = zeroTimerLatencyMs();
        QVERIFY2(latency < kResponsiveBoundMs, qPrintable(QString("iteration %1: %2 ms").arg(i).arg(latency)));
        QTRY_VERIFY2_WITH_TIMEOUT(
            finished.count() + failed.count() == before + 1,
            qPrintable(QString("iteration %1: %2 finished, %3 failed%4")
                           .arg(i)
                           .arg(finished.count())
                           .arg(failed.count())
                           .arg(failed.count() ? ": " + failed.last().at(0).toString() : QString())),
            kEndBoundMs);
        QVERIFY(!runner.isRunning());
        if (failed.count() > failedBefore) {
            QVERIFY2(failed.last().at(1).toBool(), qPrintable(failed.last().at(0).toString()));
            ++cancelled;
        } else {
            ++completed;
        }
    }
    QVERIFY(QThreadPool::globalInstance()->waitForDone(kEndBoundMs));
    QCoreApplication::processEvents();
    QCOMPARE(finished.count() + failed.count(), before + 1); // nothing late from a superseded job
    qInfo("AnalysisRunner: full run %d ms; %d runs, %d cancelled, %d completed before the cancel", fullMs, kIterations,
          cancelled, completed);
    QVERIFY(cancelled > 0);
}

void TestStress::finetuneRunner() {
    FinetuneRequest req;
    req.model = m_model;
    req.plan = sharelens::makePlan(m_model->checkpoint(), sharelens::UnitKind::Blocks, {{0, 1, 2}});
    req.textPath = m_text;
    req.steps = 12;
    req.batchSize = 2;
    req.seqLen = 16;
    req.evalEvery = 4;
    FinetuneRunner runner;
    QSignalSpy finished(&runner, &FinetuneRunner::finished);
    QSignalSpy failed(&runner, &FinetuneRunner::failed);
    QElapsedTimer t;
    t.start();
    runner.start(req);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, 60000);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.first().at(0).value<FinetuneSummary>().stopReason, QString());
    const int fullMs = std::max<int>(2, static_cast<int>(t.elapsed()));

    std::mt19937 rng(10);
    std::uniform_int_distribution<int> delayMs(0, fullMs + fullMs / 2);
    int cancelled = 0, completed = 0, paused = 0;
    for (int i = 0; i < kIterations; ++i) {
        finished.clear();
        failed.clear();
        req.deltaRank = i % 4 == 1 ? 2 : 0;
        req.privateNorms = i % 3 == 2;
        runner.start(req);
        QTest::qWait(delayMs(rng));
        if (i % 5 == 3 && runner.isRunning()) {
            runner.pause(); // cancel must also end a paused job
            ++paused;
            QTest::qWait(delayMs(rng) / 4);
        }
        runner.cancel();
        const qint64 latency = zeroTimerLatencyMs();
        QVERIFY2(latency < kResponsiveBoundMs, qPrintable(QString("iteration %1: %2 ms").arg(i).arg(latency)));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 1, kEndBoundMs);
        QVERIFY(!runner.isRunning());
        QVERIFY(!runner.isPaused());
        // A cancel reports through failed(…, true), or (before the one-stop-path
        // change) through finished() with stopReason "cancelled".
        if (failed.count()) {
            QVERIFY2(failed.first().at(1).toBool(), qPrintable(failed.first().at(0).toString()));
            ++cancelled;
        } else {
            const QString reason = finished.first().at(0).value<FinetuneSummary>().stopReason;
            QVERIFY2(reason.isEmpty() || reason == "cancelled", qPrintable(reason));
            ++(reason.isEmpty() ? completed : cancelled);
        }
    }
    QVERIFY(QThreadPool::globalInstance()->waitForDone(kEndBoundMs));
    QCoreApplication::processEvents();
    QCOMPARE(finished.count() + failed.count(), 1);
    qInfo("FinetuneRunner: full run %d ms; %d runs (%d paused first), %d cancelled, %d completed before the cancel",
          fullMs, kIterations, paused, cancelled, completed);
    QVERIFY(cancelled > 0);
}

QTEST_MAIN(TestStress)
#include "tst_stress.moc"
