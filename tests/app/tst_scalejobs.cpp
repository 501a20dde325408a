// The GUI's jobs on a model big enough that their memory and time show (a
// generated 25 M-parameter Llama), run through the runners the GUI uses
// (AnalysisRunner, FinetuneRunner on the one JobRunner).
//
// A cancel frees the memory: the analysis (capture) job and the fine-tune
// job are cancelled mid-run; the process's resident memory (after
// malloc_trim, since glibc keeps freed pages otherwise) must have grown
// clearly while the job ran and must come back to within a stated tolerance
// of the figure before the job once the job has reported "cancelled". The
// engine's large tensor buffers (1 MiB and more, common/tensor_cache.h) are
// counted exactly: after the cancel as many bytes of them are live as before
// and none is cached.
//
// One forward runs before anything is measured: the model's weights are
// memory-mapped and only become resident when first used (88 of the 100 MB
// file here), as do LibTorch's code pages; both stay while the model is open,
// whichever job touched them first. The warm-up is a plain forward, not a job
// of the kind measured, so memory that a job keeps until the next job of its
// kind (a cache, a model held by a finished job object) still shows.
//
// An analysis whose sequences fit in one batch (minutes at 1 B parameters)
// still shows progress and the time left while that batch runs.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QFileInfo>
#include <QtTest>

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "analysisjob.h"
#include "common/tensor_cache.h"
#include "finetunejob.h"
#include "startup.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "testutil.h"

using sharelens::app::AnalysisProgress;
using sharelens::app::AnalysisRunner;
using sharelens::app::FinetuneRecords;
using sharelens::app::FinetuneRunner;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// Resident memory now, in bytes, after giving freed heap pages back.
double residentBytes() {
    malloc_trim(0);
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return -1;
    long size = 0, resident = 0;
    const int n = std::fscanf(f, "%ld %ld", &size, &resident);
    std::fclose(f);
    return n == 2 ? double(resident) * double(sysconf(_SC_PAGESIZE)) : -1;
}

// What one measured job did to the resident memory.
struct RssFigures {
    double before = 0, during = 0, after = 0;
    size_t buffersBefore = 0, buffersAfter = 0, cachedAfter = 0; // large tensor buffers, bytes
    QString text() const {
        return QStringLiteral("RSS before %1 MiB, during %2 MiB (+%3), after cancel %4 MiB (%5%6)")
                   .arg(before / kMiB, 0, 'f', 1)
                   .arg(during / kMiB, 0, 'f', 1)
                   .arg((during - before) / kMiB, 0, 'f', 1)
                   .arg(after / kMiB, 0, 'f', 1)
                   .arg(after >= before ? "+" : "")
                   .arg((after - before) / kMiB, 0, 'f', 1) +
               QStringLiteral("; large tensor buffers live before %1 MiB, after %2 MiB, cached after %3 MiB")
                   .arg(double(buffersBefore) / kMiB, 0, 'f', 1)
                   .arg(double(buffersAfter) / kMiB, 0, 'f', 1)
                   .arg(double(cachedAfter) / kMiB, 0, 'f', 1);
    }
    void countBuffersBefore() { buffersBefore = sharelens::tensorCacheStats().liveBytes; }
    void countBuffersAfter() {
        const auto s = sharelens::tensorCacheStats();
        buffersAfter = s.liveBytes;
        cachedAfter = s.cachedBytes;
    }
};

} // namespace

class TestScaleJobs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void analysisCancelFreesMemory();
    void finetuneCancelFreesMemory();
    void progressWithinOneBatch();

private:
    // Starts an analysis, measures once the capture is well under way,
    // cancels there and waits for the cancelled report.
    bool analyseAndCancel(RssFigures* rss);
    // Starts a fine-tune, measures once both runs have taken a step,
    // cancels there and waits for the cancelled report.
    bool finetuneAndCancel(RssFigures* rss);
    void check(const RssFigures& rss, double minGrowth);

    QTemporaryDir m_tmp;
    QString m_text;
    std::shared_ptr<const sharelens::Model> m_model;
};

// Growth below this while the job runs means the test measures nothing.
constexpr double kMinAnalysisGrowth = 24 * kMiB;
constexpr double kMinFinetuneGrowth = 150 * kMiB;
// What may stay after a cancel: allocator slack, small per-thread state and
// code pages the training touches first, never a model (about 100 MB here)
// or the optimizer state. Measured after cancelled fine-tunes: 8-21 MiB from
// run to run (15 MiB with LibTorch's own allocator), with no large tensor
// buffer live or cached; the buffers themselves are checked exactly.
constexpr double kTolerance = 32 * kMiB;

void TestScaleJobs::initTestCase() {
    sharelens::app::releaseFreedMemoryPromptly(); // as main() does
    QVERIFY(m_tmp.isValid());
    // About 25 M parameters (100 MB in float32): a fine-tune's second model,
    // gradients and AdamW moments are hundreds of MB, one step a second or two.
    const QString dir = m_tmp.filePath("model");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "llama", "--layers", "8", "--hidden", "512", "--heads", "8",
                                           "--kv-heads", "4", "--vocab", "256", "--positions", "256"}));
    m_model = sharelens::Model::load(dir.toStdString());
    QVERIFY(m_model);
    QVERIFY(m_model->config().numLayers == 8);
    m_text = testpaths::source("/resources/text/calibration.txt");
    QVERIFY(QFileInfo(m_text).size() > 50000);
    // The warm-up forward (see above).
    std::vector<int32_t> ids(128);
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = int32_t(i * 7 % 256);
    QVERIFY(!m_model->logits(ids).empty());
    // Pool threads stay (as in the GUI, where jobs follow each other within
    // seconds): a thread made mid-test would bring its own BLAS buffers.
    QThreadPool::globalInstance()->setExpiryTimeout(-1);
}

void TestScaleJobs::check(const RssFigures& rss, double minGrowth) {
    qInfo("%s", qPrintable(rss.text()));
    QVERIFY2(rss.before > 0 && rss.during > 0 && rss.after > 0, qPrintable(rss.text()));
    QVERIFY2(rss.during - rss.before >= minGrowth, qPrintable(rss.text()));
    QVERIFY2(rss.after - rss.before <= kTolerance, qPrintable(rss.text()));
    QVERIFY2(rss.buffersAfter == rss.buffersBefore && rss.cachedAfter == 0, qPrintable(rss.text()));
}

bool TestScaleJobs::analyseAndCancel(RssFigures* rss) {
    AnalysisRunner runner;
    QSignalSpy failed(&runner, &AnalysisRunner::failed);
    QSignalSpy finished(&runner, &AnalysisRunner::finished);
    // Pearson keeps only units x units sums: what grows is each capture
    // worker's batch (its forward and the blocks' outputs).
    sharelens::app::AnalysisRequest rq;
    rq.model = m_model;
    rq.textPath = m_text;
    rq.seqLen = 128;
    rq.sequences = 128;
    rq.options.batchSize = 16;
    bool measured = false;
    connect(&runner, &AnalysisRunner::progress, this, [&](const AnalysisProgress& p) {
        if (measured || p.stageIndex != 2 || p.fraction < 0.45) return;
        measured = true;
        rss->during = residentBytes();
        runner.cancel(); // as the Cancel button does
    });
    QElapsedTimer clock;
    clock.start();
    rss->before = residentBytes();
    rss->countBuffersBefore();
    runner.analyze(rq);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || !finished.isEmpty(), 300000); }();
    if (!measured || failed.isEmpty() || !failed.first().at(1).toBool()) {
        qWarning("the analysis was not cancelled mid-capture (measured %d, finished %lld)", int(measured),
                 static_cast<long long>(finished.size()));
        return false;
    }
    QThreadPool::globalInstance()->waitForDone(); // the worker's task object is gone too
    rss->after = residentBytes();
    rss->countBuffersAfter();
    qInfo("%.1f s", double(clock.elapsed()) / 1000.0);
    return true;
}

bool TestScaleJobs::finetuneAndCancel(RssFigures* rss) {
    FinetuneRunner runner;
    QSignalSpy failed(&runner, &FinetuneRunner::failed);
    sharelens::app::FinetuneRequest rq;
    rq.model = m_model;
    rq.plan = sharelens::makePlan(m_model->checkpoint(), sharelens::UnitKind::Blocks, {{2, 3}, {5, 6}});
    rq.textPath = m_text;
    rq.steps = 100000;
    rq.batchSize = 4;
    rq.seqLen = 64;
    rq.evalEvery = 100000; // the first validation only
    bool baselineStepped = false, sharedStepped = false, measured = false;
    connect(&runner, &FinetuneRunner::records, this, [&](const FinetuneRecords& r) {
        for (const auto& [run, step] : r.steps)
            (run == sharelens::PairRun::Baseline ? baselineStepped : sharedStepped) = true;
        if (measured || !baselineStepped || !sharedStepped) return;
        measured = true;
        rss->during = residentBytes();
        runner.cancel(); // as the Cancel button does
    });
    QElapsedTimer clock;
    clock.start();
    rss->before = residentBytes();
    rss->countBuffersBefore();
    runner.start(rq);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 300000); }();
    if (!measured || failed.isEmpty() || !failed.first().at(1).toBool()) {
        qWarning("the fine-tune was not cancelled after its first steps (measured %d): %s", int(measured),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
        return false;
    }
    QThreadPool::globalInstance()->waitForDone();
    rss->after = residentBytes();
    rss->countBuffersAfter();
    qInfo("%.1f s", double(clock.elapsed()) / 1000.0);
    return true;
}

void TestScaleJobs::analysisCancelFreesMemory() {
    RssFigures rss;
    QVERIFY(analyseAndCancel(&rss));
    check(rss, kMinAnalysisGrowth);
}

void TestScaleJobs::finetuneCancelFreesMemory() {
    RssFigures rss;
    QVERIFY(finetuneAndCancel(&rss));
    check(rss, kMinFinetuneGrowth);
}

void TestScaleJobs::progressWithinOneBatch() {
    AnalysisRunner runner;
    QSignalSpy finished(&runner, &AnalysisRunner::finished);
    QSignalSpy failed(&runner, &AnalysisRunner::failed);
    std::vector<AnalysisProgress> capture;
    connect(&runner, &AnalysisRunner::progress, this, [&](const AnalysisProgress& p) {
        if (p.stageIndex == 2) capture.push_back(p);
    });
    sharelens::app::AnalysisRequest rq;
    rq.model = m_model;
    rq.textPath = m_text;
    rq.seqLen = 256;
    rq.sequences = 16;
    rq.options.batchSize = 16; // one batch: nothing is committed before the end
    runner.analyze(rq);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 300000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    // The stage's start, then the blocks done: fractions strictly inside the
    // capture's third of the bar, with an estimate of the time left.
    int inside = 0, withTimeLeft = 0;
    for (const auto& p : capture) {
        QVERIFY(p.stage == QStringLiteral("Capturing activations"));
        if (p.fraction > 1.0 / 3 + 1e-9 && p.fraction < 2.0 / 3 - 1e-9) ++inside;
        if (p.secondsLeft >= 0) ++withTimeLeft;
    }
    QVERIFY2(inside >= 2, qPrintable(QString::number(inside)));
    QVERIFY(withTimeLeft >= 1);
}

QTEST_GUILESS_MAIN(TestScaleJobs)
#include "tst_scalejobs.moc"
