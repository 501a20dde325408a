// Trainer checkpoints (TrainOptions::checkpointDir / resumeFrom): a run of S
// steps and a run stopped at step k, then resumed from its checkpoint to S,
// give the same losses, evaluations and final weights; bad checkpoints and
// changed settings are refused with a message. And the data-parallel step
// (TrainOptions::threads): the gradients of a batch split over 2 or 3
// workers equal the one-worker gradients to float rounding.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <filesystem>

#include "model/model_impl.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"
#include "sharelens/trainer.h"
#include "testutil.h"
#include "train/train_state.h"

using namespace sharelens;

namespace {

std::vector<int32_t> textTokens(size_t maxBytes) {
    const std::string text = readFile(testpaths::sourceStd("/resources/text/kjv-genesis-kings.txt"));
    std::vector<int32_t> ids;
    for (size_t i = 0; i < std::min(maxBytes, text.size()); ++i) ids.push_back(static_cast<unsigned char>(text[i]));
    return ids;
}

// The models of one run, made fresh from the same files each time.
struct Pair {
    std::unique_ptr<Model> baseline;
    std::unique_ptr<Model> shared;
};

TrainOptions baseOptions() {
    TrainOptions o;
    o.steps = 8;
    o.batchSize = 3;
    o.seqLen = 24;
    o.learningRate = 3e-3;
    o.minLearningRate = 3e-4;
    o.evalEvery = 3;
    o.evalSequences = 4;
    o.seed = 7;
    return o;
}

double maxStepLossDiff(const TrainResult& a, const TrainResult& b) {
    if (a.steps.size() != b.steps.size()) return INFINITY;
    double m = 0;
    for (size_t i = 0; i < a.steps.size(); ++i) {
        if (a.steps[i].step != b.steps[i].step) return INFINITY;
        m = std::max({m, std::abs(a.steps[i].loss - b.steps[i].loss),
                      std::abs(a.steps[i].learningRate - b.steps[i].learningRate)});
    }
    return m;
}

double maxEvalDiff(const TrainResult& a, const TrainResult& b) {
    if (a.evals.size() != b.evals.size()) return INFINITY;
    double m = 0;
    for (size_t i = 0; i < a.evals.size(); ++i) {
        if (a.evals[i].step != b.evals[i].step) return INFINITY;
        m = std::max(m, std::abs(a.evals[i].loss - b.evals[i].loss));
    }
    return m;
}

double maxWeightDiff(const Model& a, const Model& b) {
    auto ta = a.impl().net->namedTensors(), tb = b.impl().net->namedTensors();
    if (ta.size() != tb.size()) return INFINITY;
    double m = 0;
    for (size_t i = 0; i < ta.size(); ++i) m = std::max(m, (ta[i].second - tb[i].second).abs().max().item<double>());
    return m;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pairResumeEqualsFullRun_data();
    void pairResumeEqualsFullRun();
    void singleResumeEqualsFullRun_data();
    void singleResumeEqualsFullRun();
    void extendFinishedRun();
    void refusesMismatchedOrDamagedCheckpoints();
    void dataParallelStepMatchesOneWorker_data();
    void dataParallelStepMatchesOneWorker();
    void runReportsItsOwnPeakMemory();

private:
    Pair makePair(const QString& family, int deltaRank, bool privateNorms) const;
    QString modelDir(const QString& family) const { return m_dir.path() + "/" + family; }
    QTemporaryDir m_dir;
    std::vector<int32_t> m_train, m_val;
};

void TestTrainer::initTestCase() {
    QVERIFY(m_dir.isValid());
    torch::set_num_threads(1);
    const QStringList common{"--layers", "4", "--hidden", "32", "--heads", "4", "--vocab", "256", "--positions", "64"};
    QVERIFY(testutil::makeCheckpoint(modelDir("gpt2"), QStringList{"--family", "gpt2", "--seed", "21"} + common));
    QVERIFY(testutil::makeCheckpoint(modelDir("llama"), QStringList{"--family", "llama", "--seed", "22"} + common));
    const auto ids = textTokens(30000);
    m_train.assign(ids.begin(), ids.begin() + 25000);
    m_val.assign(ids.begin() + 25000, ids.end());
}

Pair TestTrainer::makePair(const QString& family, int deltaRank, bool privateNorms) const {
    Pair p;
    p.baseline = Model::load(modelDir(family).toStdString());
    const auto plan = makePlan(p.baseline->checkpoint(), UnitKind::Blocks, {{0, 1, 2}});
    ShareOptions so;
    so.deltaRank = deltaRank;
    so.privateNorms = privateNorms;
    p.shared = makeSharedModel(*p.baseline, plan, so);
    return p;
}

void TestTrainer::pairResumeEqualsFullRun_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("deltaRank");
    QTest::addColumn<bool>("privateNorms");
    QTest::addColumn<int>("stopAt");
    QTest::addColumn<bool>("byCancel"); // else: the scheduled checkpoint of checkpointEvery = stopAt
    QTest::newRow("gpt2 cancelled at 3 (an eval step)") << "gpt2" << 0 << false << 3 << true;
    QTest::newRow("gpt2 scheduled at 4") << "gpt2" << 0 << false << 4 << false;
    QTest::newRow("gpt2 private norms, delta rank 2, at 5") << "gpt2" << 2 << true << 5 << true;
    QTest::newRow("llama cancelled at 1") << "llama" << 0 << false << 1 << true;
    QTest::newRow("llama delta rank 4 scheduled at 2") << "llama" << 4 << false << 2 << false;
}

void TestTrainer::pairResumeEqualsFullRun() {
    QFETCH(QString, family);
    QFETCH(int, deltaRank);
    QFETCH(bool, privateNorms);
    QFETCH(int, stopAt);
    QFETCH(bool, byCancel);
    const TrainOptions o = baseOptions();

    // The reference: all S steps in one go.
    Pair full = makePair(family, deltaRank, privateNorms);
    const PairResult want = trainPair(*full.baseline, *full.shared, m_train, m_val, o);
    QVERIFY(want.stop == StopReason::Completed);
    QCOMPARE(want.baseline.steps.size(), size_t(o.steps));

    // The same run, stopped after step k with a checkpoint.
    QTemporaryDir ck, saved;
    Pair part = makePair(family, deltaRank, privateNorms);
    TrainOptions po = o;
    po.checkpointDir = ck.path().toStdString();
    const std::string file = po.checkpointDir + "/" + kTrainerCheckpointFile;
    std::atomic<bool> cancel{false};
    Progress progress(nullptr, &cancel);
    int seenAtK = 0;
    if (!byCancel) po.checkpointEvery = stopAt;
    const PairResult first = trainPair(
        *part.baseline, *part.shared, m_train, m_val, po,
        [&](PairRun, const StepRecord& s) {
            if (s.step == stopAt && ++seenAtK == 2 && byCancel) cancel = true;
            // The scheduled checkpoint after step k exists before step k + 1 runs.
            if (!byCancel && s.step == stopAt + 1 && !QFile::exists(saved.path() + "/ck.pt"))
                QFile::copy(QString::fromStdString(file), saved.path() + "/ck.pt");
        },
        {}, progress);
    if (byCancel) {
        QVERIFY(first.stop == StopReason::Cancelled);
        QCOMPARE(first.shared.steps.size(), size_t(stopAt));
    } else {
        QVERIFY(first.stop == StopReason::Completed);
        QVERIFY(QFile::exists(saved.path() + "/ck.pt"));
    }
    // Nothing but the checkpoint is left in the folder (atomic writes).
    QCOMPARE(QDir(ck.path()).entryList(QDir::Files), QStringList{QString::fromLatin1(kTrainerCheckpointFile)});

    // Resume on fresh models (as after a restart) and run to S.
    Pair resumed = makePair(family, deltaRank, privateNorms);
    TrainOptions ro = o;
    ro.resumeFrom = byCancel ? ck.path().toStdString() : (saved.path() + "/ck.pt").toStdString();
    std::vector<int> replayed(2, 0);
    const PairResult got = trainPair(*resumed.baseline, *resumed.shared, m_train, m_val, ro,
                                     [&](PairRun r, const StepRecord&) { ++replayed[static_cast<size_t>(r)]; });
    QVERIFY(got.stop == StopReason::Completed);
    QCOMPARE(replayed[0], o.steps); // records before k handed on again, then the new ones
    QCOMPARE(replayed[1], o.steps);
    for (int r = 0; r < 2; ++r) {
        const TrainResult& w = r == 0 ? want.baseline : want.shared;
        const TrainResult& g = r == 0 ? got.baseline : got.shared;
        const double dl = maxStepLossDiff(w, g), de = maxEvalDiff(w, g);
        QVERIFY2(dl <= 1e-6, qPrintable(QStringLiteral("run %1: step losses differ by %2").arg(r).arg(dl)));
        QVERIFY2(de <= 1e-6, qPrintable(QStringLiteral("run %1: validation losses differ by %2").arg(r).arg(de)));
        // Records from before the checkpoint are the first run's own (timings included).
        QCOMPARE(g.steps[static_cast<size_t>(stopAt) - 1].stepSeconds,
                 (r == 0 ? first.baseline : first.shared).steps[static_cast<size_t>(stopAt) - 1].stepSeconds);
    }
    QVERIFY(maxWeightDiff(*resumed.baseline, *full.baseline) <= 1e-6);
    QVERIFY(maxWeightDiff(*resumed.shared, *full.shared) <= 1e-6);
    // The resumed shared model still shares (the checkpoint holds each tied tensor once).
    QVERIFY(resumed.shared->impl().net->block(0) == resumed.shared->impl().net->block(2) || deltaRank > 0 ||
            privateNorms);
    QCOMPARE(resumed.shared->impl().net->uniqueParameterCount(), full.shared->impl().net->uniqueParameterCount());
}

void TestTrainer::singleResumeEqualsFullRun_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("stopAt");
    QTest::newRow("gpt2 at 2") << "gpt2" << 2;
    QTest::newRow("llama at 6") << "llama" << 6;
}

void TestTrainer::singleResumeEqualsFullRun() {
    QFETCH(QString, family);
    QFETCH(int, stopAt);
    const TrainOptions o = baseOptions();
    auto full = Model::load(modelDir(family).toStdString());
    const TrainResult want = train(*full, m_train, m_val, o);

    QTemporaryDir ck;
    auto part = Model::load(modelDir(family).toStdString());
    TrainOptions po = o;
    po.checkpointDir = ck.path().toStdString();
    std::atomic<bool> cancel{false};
    Progress progress(nullptr, &cancel);
    // A cancel stops train() the way it stops trainPair(): a StopReason, the records so far.
    const TrainResult stopped = train(
        *part, m_train, m_val, po,
        [&](const StepRecord& s) {
            if (s.step == stopAt) cancel = true;
        },
        {}, progress);
    QVERIFY(stopped.stop == StopReason::Cancelled);
    QCOMPARE(stopped.steps.size(), size_t(stopAt));

    auto resumed = Model::load(modelDir(family).toStdString());
    TrainOptions ro = o;
    ro.resumeFrom = ck.path().toStdString();
    const TrainResult got = train(*resumed, m_train, m_val, ro);
    const double dl = maxStepLossDiff(want, got), de = maxEvalDiff(want, got);
    QVERIFY2(dl <= 1e-6, qPrintable(QStringLiteral("step losses differ by %1").arg(dl)));
    QVERIFY2(de <= 1e-6, qPrintable(QStringLiteral("validation losses differ by %1").arg(de)));
    QVERIFY(maxWeightDiff(*resumed, *full) <= 1e-6);
}

void TestTrainer::extendFinishedRun() {
    // A finished run's final checkpoint continues with more steps.
    QTemporaryDir ck;
    auto m = Model::load(modelDir("gpt2").toStdString());
    TrainOptions o = baseOptions();
    o.steps = 3;
    o.checkpointDir = ck.path().toStdString();
    const TrainResult a = train(*m, m_train, m_val, o);
    auto m2 = Model::load(modelDir("gpt2").toStdString());
    TrainOptions more = o;
    more.steps = 5;
    more.resumeFrom = ck.path().toStdString();
    const TrainResult b = train(*m2, m_train, m_val, more);
    QCOMPARE(b.steps.size(), size_t{5});
    for (size_t i = 0; i < 3; ++i) QCOMPARE(b.steps[i].loss, a.steps[i].loss);
    QVERIFY(std::isfinite(b.steps.back().loss));
    QCOMPARE(b.steps.back().step, 5);
}

void TestTrainer::refusesMismatchedOrDamagedCheckpoints() {
    QTemporaryDir ck;
    TrainOptions o = baseOptions();
    o.steps = 2;
    o.checkpointDir = ck.path().toStdString();
    {
        Pair p = makePair("gpt2", 0, false);
        QVERIFY(trainPair(*p.baseline, *p.shared, m_train, m_val, o).stop == StopReason::Completed);
    }
    auto expectError = [&](const TrainOptions& ro, bool pair, const char* needle) {
        Pair p = makePair("gpt2", 0, false);
        try {
            if (pair)
                trainPair(*p.baseline, *p.shared, m_train, m_val, ro);
            else
                train(*p.baseline, m_train, m_val, ro);
        } catch (const Error& e) {
            return std::string(e.what()).find(needle) != std::string::npos;
        }
        return false;
    };
    TrainOptions ro = baseOptions();
    ro.resumeFrom = ck.path().toStdString();
    TrainOptions otherBatch = ro;
    otherBatch.batchSize = 4;
    QVERIFY(expectError(otherBatch, true, "batch"));
    TrainOptions otherSeed = ro;
    otherSeed.seed = 8;
    QVERIFY(expectError(otherSeed, true, "seed"));
    QVERIFY(expectError(ro, false, "kind")); // a pair's checkpoint given to train()
    TrainOptions missing = ro;
    missing.resumeFrom = m_dir.path().toStdString() + "/nowhere";
    QVERIFY(expectError(missing, true, "no trainer checkpoint"));
    // Another shape of shared model (different plan) is refused.
    {
        auto b = Model::load(modelDir("gpt2").toStdString());
        auto s = makeSharedModel(*b, makePlan(b->checkpoint(), UnitKind::Blocks, {{0, 1}}), {});
        bool refused = false;
        try {
            trainPair(*b, *s, m_train, m_val, ro);
        } catch (const Error& e) {
            refused = std::string(e.what()).find("checkpoint") != std::string::npos;
        }
        QVERIFY(refused);
    }
    // A damaged (truncated) file.
    const QString file = ck.path() + "/" + QString::fromLatin1(kTrainerCheckpointFile);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.resize(f.size() / 2));
    f.close();
    QVERIFY(expectError(ro, true, "damaged"));
}

void TestTrainer::dataParallelStepMatchesOneWorker_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<bool>("shared");
    QTest::addColumn<bool>("system"); // two nets trained on the sum of their losses
    QTest::addColumn<int>("batch");
    QTest::newRow("gpt2 baseline, batch 4") << "gpt2" << false << false << 4;
    QTest::newRow("gpt2 baseline, batch 3 (uneven chunks)") << "gpt2" << false << false << 3;
    QTest::newRow("gpt2 shared (tied blocks)") << "gpt2" << true << false << 4;
    QTest::newRow("llama shared, batch 5") << "llama" << true << false << 5;
    QTest::newRow("llama system of shared + baseline") << "llama" << true << true << 3;
}

// The gradients of one step, compared before AdamW touches them (clipping
// off): Adam's first update is nearly sign(gradient), so comparing weights
// would hide a gradient that is off by a constant factor.
void TestTrainer::dataParallelStepMatchesOneWorker() {
    QFETCH(QString, family);
    QFETCH(bool, shared);
    QFETCH(bool, system);
    QFETCH(int, batch);
    auto run = [&](int threads, std::vector<double>& losses) {
        Pair p = makePair(family, 0, false);
        std::vector<CausalLM*> nets{shared ? &*p.shared->impl().net : &*p.baseline->impl().net};
        if (system) nets.push_back(&*p.baseline->impl().net);
        TrainOptions o = baseOptions();
        o.batchSize = batch;
        o.gradClip = 0;
        o.threads = threads;
        ModelTrainer tr(nets, o);
        std::vector<torch::Tensor> ids;
        torch::manual_seed(11);
        for (size_t k = 0; k < nets.size(); ++k)
            ids.push_back(torch::randint(0, 256, {batch, o.seqLen + 1}, torch::kInt64));
        std::vector<torch::Tensor> grads;
        if (tr.workers() != threads) return grads;
        tr.step(ids, 1e-3, &losses);
        for (const auto& prm : tr.parameters())
            grads.push_back(prm.grad().defined() ? prm.grad().clone() : torch::Tensor());
        return grads;
    };
    std::vector<double> l1, l2, l2again, l3;
    const auto one = run(1, l1), two = run(2, l2), twoAgain = run(2, l2again), three = run(3, l3);
    QVERIFY(!one.empty());
    QCOMPARE(two.size(), one.size());
    QCOMPARE(three.size(), one.size());
    QCOMPARE(l1.size(), system ? size_t(2) : size_t(1));
    QCOMPARE(l2, l2again);
    double worst = 0, largest = 0;
    for (size_t i = 0; i < one.size(); ++i) {
        QVERIFY2(one[i].defined() && two[i].defined() && three[i].defined(), "every parameter gets a gradient");
        QVERIFY2(torch::equal(two[i], twoAgain[i]), "the same worker count gives the same bits");
        const double scale = one[i].abs().max().item<double>();
        largest = std::max(largest, scale);
        for (const auto* g : {&two[i], &three[i]})
            worst = std::max(worst, (*g - one[i]).abs().max().item<double>() / (scale + 1e-12));
    }
    qInfo("%zu gradients, largest |g| %.3g; max |g(2 or 3 workers) - g(1)| / max |g(1)| = %.3g", one.size(), largest,
          worst);
    QVERIFY(largest > 1e-4);
    QVERIFY2(worst < 1e-4, "data-parallel gradients differ from the one-worker gradients by more than rounding");
    for (size_t k = 0; k < l1.size(); ++k) {
        QVERIFY(std::abs(l2[k] - l1[k]) < 1e-5);
        QVERIFY(std::abs(l3[k] - l1[k]) < 1e-5);
    }
}

QTEST_GUILESS_MAIN(TestTrainer)
// The memory chart's peak is the run's own: a job that used much more memory
// earlier in the process (a larger model opened before) does not show.
void TestTrainer::runReportsItsOwnPeakMemory() {
    constexpr size_t kBig = size_t(512) << 20;
    {
        std::vector<char> big(kBig);
        for (size_t i = 0; i < big.size(); i += 4096) big[i] = 1; // resident, not just reserved
        QVERIFY(peakResidentBytes() >= kBig);
    }
    const uint64_t lifetimePeak = peakResidentBytes();
    auto m = Model::load(modelDir("gpt2").toStdString());
    TrainOptions o = baseOptions();
    o.steps = 2;
    const TrainResult r = train(*m, m_train, m_val, o);
    QCOMPARE(r.steps.size(), size_t(2));
    const uint64_t runPeak = r.steps.back().peakRssBytes;
    QVERIFY(runPeak > 0);
    QVERIFY2(
        runPeak + kBig / 2 < lifetimePeak,
        qPrintable(QStringLiteral("run peak %1 MiB, process peak %2 MiB").arg(runPeak >> 20).arg(lifetimePeak >> 20)));
}

#include "tst_trainer.moc"
