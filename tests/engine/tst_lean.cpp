// Lean healing: --train shared freezes everything but the shared groups (no
// gradient, no optimizer state, unchanged weights), the baseline can be left
// untrained, gradient checkpointing gives the same gradients as the plain
// backward pass, and the memory estimate of every mode refuses what does not
// fit with the cheapest mode that does, and agrees with the measured peak.
#include <QTemporaryDir>
#include <QtTest>

#include <malloc.h>

#include <cmath>
#include <set>

#include "model/model_impl.h"
#include "sharelens/checkpoint.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/finetune_memory.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"
#include "sharelens/trainer.h"
#include "sharelens/workflow.h"
#include "testutil.h"
#include "train/lean.h"
#include "train/train_state.h"

using namespace sharelens;

namespace {

std::vector<int32_t> randomTokens(size_t n, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<int32_t> ids(n);
    for (auto& id : ids) id = static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab));
    return ids;
}

TrainOptions smallOptions() {
    TrainOptions o;
    o.steps = 2;
    o.batchSize = 3;
    o.seqLen = 16;
    o.learningRate = 3e-3;
    o.evalEvery = 0;
    o.evalSequences = 2;
    o.threads = 1;
    o.seed = 5;
    return o;
}

struct Case {
    std::unique_ptr<Model> baseline, shared;
    SharingPlan plan;
    ShareOptions share;
};

std::set<const void*> impls(const std::vector<torch::Tensor>& ts) {
    std::set<const void*> s;
    for (const auto& t : ts) s.insert(t.unsafeGetTensorImpl());
    return s;
}

// A Llama-3.2-1B-shaped fine-tune's sizes (no model needed: the check is arithmetic).
FinetuneSizes llama1bSizes() {
    FinetuneSizes s;
    s.config.numLayers = 16;
    s.config.hiddenSize = 2048;
    s.config.intermediateSize = 8192;
    s.config.numHeads = 32;
    s.config.vocabSize = 128256;
    s.baselineParameters = 1235814400;
    s.sharedParameters = 1235814400 - 3 * 60817408;
    s.baselineSharedScope = 4 * 60817408;
    s.sharedSharedScope = 60817408;
    s.largestTensor = 262668288;
    s.firstSharedLayer = 8;
    s.batch = 4;
    s.seqLen = 512;
    s.residentBytes = uint64_t(5) << 30;
    return s;
}

} // namespace

class TestLean : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sharedScopeFreezesTheRest_data();
    void sharedScopeFreezesTheRest();
    void sizesPredictTheSharedModel_data() { sharedScopeFreezesTheRest_data(); }
    void sizesPredictTheSharedModel();
    void checkpointingGivesSameGradients_data();
    void checkpointingGivesSameGradients();
    void skippedBaselineStaysUntrained();
    void evalEveryZeroEvaluatesOnlyAtTheEnd_data();
    void evalEveryZeroEvaluatesOnlyAtTheEnd();
    void storedWeightsStayStored_data();
    void storedWeightsStayStored();
    void refusesWithTheCheapestModeThatFits();
    void refusesBeforeBuildingTheSharedModel();
    void estimateMatchesMeasuredPeak_data();
    void estimateMatchesMeasuredPeak();

private:
    Case makeCase(const QString& family, UnitKind kind, const std::vector<std::vector<int>>& groups, int deltaRank,
                  bool privateNorms) const;
    QString dir(const QString& name) const { return m_dir.path() + "/" + name; }
    bool sharedRequest(const QString& ids, bool runBaseline, workflow::FinetuneRequest& rq) const;
    QTemporaryDir m_dir;
    std::vector<int32_t> m_train, m_val;
};

// A 3-step --train shared fine-tune of the Llama model (blocks 0 and 1
// tied) on the first 3,000 training tokens, written to `ids`.
bool TestLean::sharedRequest(const QString& ids, bool runBaseline, workflow::FinetuneRequest& rq) const {
    QString json = "[[";
    for (size_t i = 0; i < 3000; ++i) json += (i ? "," : "") + QString::number(m_train[i]);
    if (!testutil::writeFile(ids, (json + "]]").toUtf8())) return false;
    rq.modelDir = dir("llama").toStdString();
    rq.plan = makePlan(openCheckpoint(rq.modelDir), UnitKind::Blocks, {{0, 1}});
    rq.data = {workflow::TokenSource::Kind::TokenIds, ids.toStdString()};
    rq.train = smallOptions();
    rq.train.steps = 3;
    rq.train.scope = TrainScope::Shared;
    rq.validationFraction = 0.2;
    rq.runBaseline = runBaseline;
    return true;
}

void TestLean::initTestCase() {
    QVERIFY(m_dir.isValid());
    torch::set_num_threads(1);
    const QStringList common{"--layers", "4", "--hidden", "32", "--heads", "4", "--vocab", "256", "--positions", "64"};
    QVERIFY(testutil::makeCheckpoint(dir("gpt2"), QStringList{"--family", "gpt2", "--seed", "31"} + common));
    QVERIFY(testutil::makeCheckpoint(dir("llama"), QStringList{"--family", "llama", "--seed", "32"} + common));
    QVERIFY(testutil::makeCheckpoint(dir("llama-bf16"),
                                     QStringList{"--family", "llama", "--seed", "33", "--dtype", "bf16"} + common));
    m_train = randomTokens(4000, 256, 1);
    m_val = randomTokens(600, 256, 2);
}

Case TestLean::makeCase(const QString& family, UnitKind kind, const std::vector<std::vector<int>>& groups,
                        int deltaRank, bool privateNorms) const {
    Case c;
    c.baseline = Model::load(dir(family).toStdString());
    c.plan = makePlan(c.baseline->checkpoint(), kind, groups, SharedInit::Mean, privateNorms);
    c.share.deltaRank = deltaRank;
    c.share.privateNorms = privateNorms;
    c.shared = makeSharedModel(*c.baseline, c.plan, c.share);
    return c;
}

void TestLean::sharedScopeFreezesTheRest_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<bool>("sublayers");
    QTest::addColumn<int>("deltaRank");
    QTest::addColumn<bool>("privateNorms");
    QTest::newRow("llama blocks 1-2 tied") << "llama" << false << 0 << false;
    QTest::newRow("gpt2 blocks, rank-2 deltas, private norms") << "gpt2" << false << 2 << true;
    QTest::newRow("llama attention sub-layers, rank-1 deltas") << "llama" << true << 1 << false;
}

void TestLean::sharedScopeFreezesTheRest() {
    QFETCH(QString, family);
    QFETCH(bool, sublayers);
    QFETCH(int, deltaRank);
    QFETCH(bool, privateNorms);
    // Block plan: blocks 1 and 2 tied; sub-layer plan: attention of 1 and 3.
    Case c = sublayers ? makeCase(family, UnitKind::Sublayers, {{2, 6}}, deltaRank, privateNorms)
                       : makeCase(family, UnitKind::Blocks, {{1, 2}}, deltaRank, privateNorms);
    TrainOptions o = smallOptions();
    o.scope = TrainScope::Shared;
    auto& net = *c.shared->impl().net;
    const auto all = uniqueParameters(net);
    const auto trained = scopeTensors(*c.shared, nullptr, o);
    const auto trainedSet = impls(trained);
    QVERIFY(!trained.empty());
    QVERIFY(trained.size() < all.size());
    std::vector<torch::Tensor> before;
    uint64_t allBytes = 0;
    for (const auto& p : all) {
        before.push_back(p.detach().clone());
        allBytes += static_cast<uint64_t>(p.nbytes());
    }
    {
        ModelTrainer t(net, o, trained);
        t.step(torch::randint(0, 256, {3, 17}, torch::kInt64), 1e-3);
        for (const auto& p : all) {
            const bool isTrained = trainedSet.count(p.unsafeGetTensorImpl()) > 0;
            QCOMPARE(p.requires_grad(), isTrained);
            QCOMPARE(p.grad().defined(), isTrained);
        }
        QCOMPARE(t.optimizerStates(), trained.size());
        // Weights of every tensor, gradient and two moments of the trained ones only.
        QCOMPARE(t.modelStateBytes(), allBytes + uint64_t(tensorElements(trained)) * 12);
    }
    // train() with the same scope: the frozen tensors stay bit for bit, the trained ones move.
    const TrainResult r = train(*c.shared, m_train, m_val, o);
    QCOMPARE(r.steps.size(), size_t(2));
    for (size_t k = 0; k < all.size(); ++k) {
        const bool changed = !torch::equal(all[k], before[k]);
        QCOMPARE(changed, trainedSet.count(all[k].unsafeGetTensorImpl()) > 0);
        QVERIFY(!all[k].requires_grad());
    }
    // --train all on the same model trains every tensor.
    o.scope = TrainScope::All;
    QCOMPARE(scopeTensors(*c.shared, nullptr, o).size(), all.size());
}

void TestLean::sizesPredictTheSharedModel() {
    QFETCH(QString, family);
    QFETCH(bool, sublayers);
    QFETCH(int, deltaRank);
    QFETCH(bool, privateNorms);
    Case c = sublayers ? makeCase(family, UnitKind::Sublayers, {{2, 6}}, deltaRank, privateNorms)
                       : makeCase(family, UnitKind::Blocks, {{1, 2}}, deltaRank, privateNorms);
    TrainOptions o = smallOptions();
    const FinetuneSizes s = finetuneSizes(*c.baseline, c.plan, c.share, o);
    QCOMPARE(s.sharedParameters, c.shared->impl().net->uniqueParameterCount());
    o.scope = TrainScope::Shared;
    QCOMPARE(s.sharedSharedScope, tensorElements(scopeTensors(*c.shared, nullptr, o)));
    QCOMPARE(s.baselineSharedScope, tensorElements(scopeTensors(*c.baseline, &c.plan, o)));
    QCOMPARE(s.firstSharedLayer, 1);
    QCOMPARE(s.baselineParameters, c.baseline->impl().net->uniqueParameterCount());
    // The baseline under --train shared trains the same positions' tensors.
    const auto baseTrained = impls(scopeTensors(*c.baseline, &c.plan, o));
    for (int b : {1, 2, 3})
        for (const auto& p : c.baseline->impl().net->block(b)->parameters(false))
            if (baseTrained.count(p.unsafeGetTensorImpl())) QVERIFY(sublayers ? b != 2 : b != 3);
}

void TestLean::checkpointingGivesSameGradients_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("scope");
    QTest::addColumn<int>("deltaRank");
    QTest::addColumn<bool>("privateNorms");
    QTest::addColumn<int>("threads");
    QTest::newRow("gpt2, all tensors") << "gpt2" << 0 << 0 << false << 1;
    QTest::newRow("llama, all tensors, 2 step workers") << "llama" << 0 << 0 << false << 2;
    QTest::newRow("llama, shared groups, deltas, private norms") << "llama" << 1 << 2 << true << 1;
    QTest::newRow("gpt2, shared groups") << "gpt2" << 1 << 0 << false << 1;
}

void TestLean::checkpointingGivesSameGradients() {
    QFETCH(QString, family);
    QFETCH(int, scope);
    QFETCH(int, deltaRank);
    QFETCH(bool, privateNorms);
    QFETCH(int, threads);
    TrainOptions o = smallOptions();
    o.scope = static_cast<TrainScope>(scope);
    o.gradClip = 0; // clipping would rescale .grad in place
    o.threads = threads;
    const auto ids = torch::randint(0, 256, {4, 25}, torch::kInt64);
    std::vector<torch::Tensor> grads[2];
    double loss[2] = {0, 0};
    for (int ck = 0; ck < 2; ++ck) {
        Case c = makeCase(family, UnitKind::Blocks, {{1, 2, 3}}, deltaRank, privateNorms);
        o.checkpointing = ck == 1;
        auto trained = scopeTensors(*c.shared, nullptr, o);
        ModelTrainer t(*c.shared->impl().net, o, trained);
        QCOMPARE(c.shared->impl().net->checkpointing(), ck == 1);
        loss[ck] = t.step(ids, 0.0);
        for (const auto& p : trained) {
            QVERIFY(p.grad().defined());
            grads[ck].push_back(p.grad().clone());
        }
    }
    QCOMPARE(grads[0].size(), grads[1].size());
    QVERIFY(std::abs(loss[0] - loss[1]) < 1e-6);
    double worst = 0, scale = 0;
    for (size_t k = 0; k < grads[0].size(); ++k) {
        worst = std::max(worst, (grads[0][k] - grads[1][k]).abs().max().item<double>());
        scale = std::max(scale, grads[0][k].abs().max().item<double>());
    }
    QVERIFY(scale > 1e-4); // gradients that are not all zero
    QVERIFY2(worst <= 1e-5, qPrintable(QStringLiteral("gradients differ by %1").arg(worst)));
}

void TestLean::skippedBaselineStaysUntrained() {
    workflow::FinetuneRequest rq;
    QVERIFY(sharedRequest(dir("ids.json"), false, rq));
    int baselineSteps = 0, sharedSteps = 0;
    workflow::FinetuneCallbacks cb;
    bool estimated = false;
    cb.onMemory = [&](const FinetuneSizes&, const FinetuneMode& m) { estimated = !m.baseline; };
    cb.onStep = [&](PairRun r, const StepRecord&) { ++(r == PairRun::Baseline ? baselineSteps : sharedSteps); };
    const auto out = workflow::finetune(rq, cb);
    QVERIFY(estimated);
    QVERIFY(out.stop == StopReason::Completed);
    QCOMPARE(baselineSteps, 0);
    QCOMPARE(sharedSteps, 3);
    QVERIFY(out.records.baseline.steps.empty());
    QCOMPARE(out.records.baseline.evals.size(), size_t(1)); // before = after: never trained
    QVERIFY(!out.mode.baseline);
    // The baseline's weights are the file's.
    const auto fresh = Model::load(rq.modelDir);
    const auto a = out.baseline->impl().net->namedTensors(), b = fresh->impl().net->namedTensors();
    for (size_t k = 0; k < a.size(); ++k) QVERIFY(torch::equal(a[k].second.to(torch::kFloat32), b[k].second));
    // The comparison's baseline row is the untrained model.
    QVERIFY(!out.budget.empty());
    QCOMPARE(out.budget.front().method, std::string("baseline"));
}

void TestLean::evalEveryZeroEvaluatesOnlyAtTheEnd_data() {
    QTest::addColumn<bool>("baseline");
    QTest::newRow("--baseline run") << true;
    QTest::newRow("--baseline skip") << false;
}

// evalEvery 0 ("only at the end"): one evaluation per model, after the last
// step (none before training), and the comparison's baseline and shared rows
// are those evaluations, equal to evaluating the models on its windows.
void TestLean::evalEveryZeroEvaluatesOnlyAtTheEnd() {
    QFETCH(bool, baseline);
    workflow::FinetuneRequest rq;
    QVERIFY(sharedRequest(dir("ids-eval0.json"), baseline, rq));
    std::vector<std::pair<PairRun, int>> seen;
    workflow::FinetuneCallbacks cb;
    cb.onEval = [&](PairRun r, const EvalRecord& e) { seen.emplace_back(r, e.step); };
    const auto out = workflow::finetune(rq, cb);
    QVERIFY(out.stop == StopReason::Completed);
    QCOMPARE(seen.size(), size_t(2));
    for (const auto& [r, step] : seen) QCOMPARE(step, 3);
    QVERIFY(seen[0].first != seen[1].first);
    QCOMPARE(out.records.baseline.evals.size(), size_t(1));
    QCOMPARE(out.records.shared.evals.size(), size_t(1));
    QCOMPARE(out.records.baseline.evals.front().step, 3);
    QCOMPARE(out.records.shared.evals.front().step, 3);
    // The comparison reuses them, and they are what its windows give.
    QVERIFY(out.budget.size() >= 3);
    QCOMPARE(out.budget[0].method, std::string("baseline"));
    QCOMPARE(out.budget[1].method, std::string("shared"));
    QCOMPARE(out.budget[0].loss, out.records.baseline.evals.front().loss);
    QCOMPARE(out.budget[1].loss, out.records.shared.evals.front().loss);
    std::vector<int32_t> all;
    for (const auto& sq : readTokenIds(rq.data.path)) all.insert(all.end(), sq.begin(), sq.end());
    const auto seqs =
        trainer_detail::validationSequences(splitTokens(all, rq.validationFraction).validation, out.setup.options);
    QCOMPARE(static_cast<int>(seqs.size()), out.setup.budgetSequences);
    QVERIFY(std::abs(out.baseline->evaluate(seqs).loss - out.budget[0].loss) < 1e-5);
    QVERIFY(std::abs(out.shared->evaluate(seqs).loss - out.budget[1].loss) < 1e-5);
}

void TestLean::storedWeightsStayStored_data() {
    QTest::addColumn<bool>("baseline");
    QTest::addColumn<int>("distill");
    QTest::newRow("--baseline run") << true << static_cast<int>(DistillMode::None);
    QTest::newRow("--baseline skip") << false << static_cast<int>(DistillMode::None);
    QTest::newRow("--baseline skip --distill both") << false << static_cast<int>(DistillMode::Both);
}

// A BF16 checkpoint fine-tuned with --train shared: the frozen matrices stay
// BF16, the shared model's are the baseline's very storage (no float32
// copy), and the losses are those of the model converted to float32 first
// (the old way): BF16 -> float32 is exact and the products run the same
// float32 kernels on the same values, so only the order of a sum could
// differ; 1e-5 relative covers that and nothing else.
void TestLean::storedWeightsStayStored() {
    QFETCH(bool, baseline);
    QFETCH(int, distill);
    const QString ids = dir("ids-stored.json");
    QString json = "[[";
    for (size_t i = 0; i < 3000; ++i) json += (i ? "," : "") + QString::number(m_train[i]);
    QVERIFY(testutil::writeFile(ids, (json + "]]").toUtf8()));
    workflow::FinetuneRequest rq;
    rq.modelDir = dir("llama-bf16").toStdString();
    rq.plan = makePlan(openCheckpoint(rq.modelDir), UnitKind::Blocks, {{1, 2}});
    rq.data = {workflow::TokenSource::Kind::TokenIds, ids.toStdString()};
    rq.train = smallOptions();
    rq.train.steps = 3;
    rq.train.scope = TrainScope::Shared;
    rq.train.distill = static_cast<DistillMode>(distill);
    rq.validationFraction = 0.2;
    rq.runBaseline = baseline;
    const auto out = workflow::finetune(rq, {});
    QVERIFY(out.stop == StopReason::Completed);

    // The old way: everything float32, the same batches.
    TrainOptions o = rq.train;
    const auto split = splitTokens(std::vector<int32_t>(m_train.begin(), m_train.begin() + 3000), 0.2);
    std::shared_ptr<Model> base32 = Model::load(rq.modelDir);
    auto shared32 = makeSharedModel(*base32, rq.plan, rq.share);
    if (o.distill != DistillMode::None)
        o.teacher = baseline ? std::shared_ptr<Model>(Model::load(rq.modelDir)) : base32;
    const PairResult ref = baseline ? trainPair(*base32, *shared32, split.train, split.validation, o)
                                    : trainSharedOnly(*base32, *shared32, split.train, split.validation, o);
    auto close = [](double a, double b) { return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b)); };
    for (const auto& [got, want] :
         {std::make_pair(&out.records.shared, &ref.shared), std::make_pair(&out.records.baseline, &ref.baseline)}) {
        QCOMPARE(got->steps.size(), want->steps.size());
        for (size_t k = 0; k < got->steps.size(); ++k)
            QVERIFY2(
                close(got->steps[k].loss, want->steps[k].loss),
                qPrintable(
                    QStringLiteral("step %1: %2 against %3").arg(k).arg(got->steps[k].loss).arg(want->steps[k].loss)));
        QCOMPARE(got->evals.size(), want->evals.size());
        for (size_t k = 0; k < got->evals.size(); ++k) QVERIFY(close(got->evals[k].loss, want->evals[k].loss));
    }

    // Frozen matrices: still BF16, the shared model's on the baseline's storage.
    TrainOptions scope;
    scope.scope = TrainScope::Shared;
    const auto trained = impls(scopeTensors(*out.shared, nullptr, scope));
    const auto baseTrained = impls(scopeTensors(*out.baseline, &rq.plan, scope));
    const auto s = out.shared->impl().net->namedTensors(), b = out.baseline->impl().net->namedTensors();
    QCOMPARE(s.size(), b.size());
    int frozen = 0;
    for (size_t k = 0; k < s.size(); ++k) {
        if (s[k].second.dim() < 2) continue;
        if (!baseTrained.count(b[k].second.unsafeGetTensorImpl()))
            QCOMPARE(b[k].second.scalar_type(), torch::kBFloat16);
        if (trained.count(s[k].second.unsafeGetTensorImpl())) {
            QCOMPARE(s[k].second.scalar_type(), torch::kFloat32); // a float32 master
            continue;
        }
        ++frozen;
        QCOMPARE(s[k].second.scalar_type(), torch::kBFloat16);
        QCOMPARE(s[k].second.data_ptr(), b[k].second.data_ptr());
    }
    QVERIFY(frozen > 0);
}

void TestLean::refusesWithTheCheapestModeThatFits() {
    const FinetuneSizes s = llama1bSizes();
    const FinetuneMode asked{};
    const uint64_t need = estimateFinetune(s, asked).bytes;
    const uint64_t available = uint64_t(12) << 30;
    QVERIFY(need > available);
    try {
        requireFinetuneMemory(s, asked, available);
        QFAIL("a plan that does not fit was accepted");
    } catch (const Error& e) {
        const std::string m = e.detail();
        QVERIFY2(m.find("fine-tuning with --train all --baseline run needs about") == 0, m.c_str());
        // The suggestion is a mode that fits, with its figure, and no advice about the batch.
        const auto at = m.rfind("; ");
        const std::string tail = m.substr(at + 2);
        QVERIFY2(tail.find("--train shared") == 0, m.c_str());
        QVERIFY2(m.find("smaller batch") == std::string::npos, m.c_str());
        bool found = false;
        for (const auto& mode : finetuneModes())
            if (tail.rfind(finetuneModeFlags(mode) + " needs about ", 0) == 0 &&
                tail.size() ==
                    (finetuneModeFlags(mode) + " needs about " + formatBytes(estimateFinetune(s, mode).bytes)).size()) {
                found = estimateFinetune(s, mode).bytes <= available;
            }
        QVERIFY2(found, m.c_str());
    }
    // Enough memory: no refusal.
    requireFinetuneMemory(s, asked, need + 1);
    // Nothing fits even at batch 1: say so, with no advice that cannot help.
    try {
        requireFinetuneMemory(s, asked, uint64_t(1) << 30);
        QFAIL("accepted");
    } catch (const Error& e) {
        QVERIFY2(e.detail().find("too large to fine-tune") != std::string::npos, e.detail().c_str());
    }
    // Modes cost what they drop: a skipped baseline, the shared scope and checkpointing each save memory.
    const auto bytes = [&](TrainScope sc, bool base, bool ck) { return estimateFinetune(s, {sc, base, ck}).bytes; };
    QVERIFY(bytes(TrainScope::All, false, false) < bytes(TrainScope::All, true, false));
    QVERIFY(bytes(TrainScope::Shared, true, false) < bytes(TrainScope::All, true, false));
    QVERIFY(bytes(TrainScope::Shared, false, true) < bytes(TrainScope::Shared, false, false));
    QCOMPARE(finetuneModes().size(), size_t(8));
}

void TestLean::refusesBeforeBuildingTheSharedModel() {
    workflow::FinetuneRequest rq;
    rq.modelDir = dir("llama").toStdString();
    rq.plan = makePlan(openCheckpoint(rq.modelDir), UnitKind::Blocks, {{0, 1}});
    rq.data = {workflow::TokenSource::Kind::TokenIds, dir("ids.json").toStdString()};
    const QString ids = dir("ids.json");
    QString json = "[[";
    for (size_t i = 0; i < 3000; ++i) json += (i ? "," : "") + QString::number(m_train[i]);
    QVERIFY(testutil::writeFile(ids, (json + "]]").toUtf8()));
    rq.train = smallOptions();
    rq.validationFraction = 0.2;
    bool built = false;
    uint64_t lean = 0, full = 0;
    workflow::FinetuneCallbacks cb;
    cb.onStage = [&](workflow::FinetuneStage st) { built = built || st == workflow::FinetuneStage::Building; };
    cb.onMemory = [&](const FinetuneSizes& s, const FinetuneMode& m) {
        full = estimateFinetune(s, m).bytes;
        lean = estimateFinetune(s, {TrainScope::Shared, false, true}).bytes;
    };
    // Probe the figures, then set the limit between the lean and the full mode.
    workflow::finetune(rq, cb);
    QVERIFY(lean > 0 && lean < full);
    built = false;
    const QByteArray limit = QByteArray::number(static_cast<qulonglong>((lean + full) / 2));
    qputenv("SHARELENS_MEMORY_LIMIT", limit);
    try {
        workflow::finetune(rq, cb);
        qunsetenv("SHARELENS_MEMORY_LIMIT");
        QFAIL("not refused");
    } catch (const Error& e) {
        qunsetenv("SHARELENS_MEMORY_LIMIT");
        QVERIFY(!built);
        QVERIFY2(e.detail().find("fine-tuning with --train all --baseline run needs about") == 0, e.detail().c_str());
        QVERIFY2(e.detail().find("SHARELENS_MEMORY_LIMIT); --") != std::string::npos, e.detail().c_str());
    }
}

void TestLean::estimateMatchesMeasuredPeak_data() {
    QTest::addColumn<int>("scope");
    QTest::addColumn<bool>("baseline");
    QTest::addColumn<bool>("checkpointing");
    for (const auto& m : finetuneModes())
        QTest::newRow(finetuneModeFlags(m).c_str()) << static_cast<int>(m.scope) << m.baseline << m.checkpointing;
}

// A ~30 M-parameter Llama-family model: large enough that weights, gradients
// and moments dominate the process's own few hundred MiB less than they would
// on a toy model, small enough for a test. The estimate plus what was resident
// before (the program, the loaded baseline, the data) must be within 15 % of
// the run's measured peak (StepRecord::peakRssBytes).
void TestLean::estimateMatchesMeasuredPeak() {
    QFETCH(int, scope);
    QFETCH(bool, baseline);
    QFETCH(bool, checkpointing);
    const QString model = dir("llama30m");
    if (!QFile::exists(model + "/config.json"))
        QVERIFY(testutil::makeCheckpoint(model, {"--family", "llama", "--layers", "8", "--hidden", "512", "--heads",
                                                 "8", "--kv-heads", "4", "--vocab", "8192", "--positions", "256",
                                                 "--dtype", "bf16", "--seed", "3"}));
    const QString ids = dir("ids30m.json");
    if (!QFile::exists(ids)) {
        const auto t = randomTokens(20000, 8192, 9);
        QString json = "[[";
        for (size_t i = 0; i < t.size(); ++i) json += (i ? "," : "") + QString::number(t[i]);
        QVERIFY(testutil::writeFile(ids, (json + "]]").toUtf8()));
    }
    // Big tensors from mmap, returned to the system when freed: an earlier
    // row's freed heap must not show as this row's resident memory.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    malloc_trim(0);
    workflow::FinetuneRequest rq;
    rq.modelDir = model.toStdString();
    rq.plan = makePlan(openCheckpoint(rq.modelDir), UnitKind::Blocks, {{4, 5, 6, 7}});
    rq.data = {workflow::TokenSource::Kind::TokenIds, ids.toStdString()};
    rq.train = smallOptions();
    rq.train.batchSize = 4;
    rq.train.seqLen = 128;
    rq.train.scope = static_cast<TrainScope>(scope);
    rq.train.checkpointing = checkpointing;
    rq.runBaseline = baseline;
    rq.validationFraction = 0.02;
    const auto out = workflow::finetune(rq, {});
    QVERIFY(out.stop == StopReason::Completed);
    uint64_t peak = 0;
    for (const auto* run : {&out.records.baseline, &out.records.shared})
        for (const auto& s : run->steps) peak = std::max(peak, s.peakRssBytes);
    // The steps against the prediction without the closing comparison's part.
    const double predicted = static_cast<double>(predictedFinetunePeak(out.memory, out.mode));
    double closing = 0;
    for (const auto& [what, bytes] : estimateFinetune(out.memory, out.mode).parts)
        if (what.rfind("closing comparison", 0) == 0) closing = static_cast<double>(bytes);
    const double ratio = (predicted - closing) / static_cast<double>(peak);
    qInfo("%s: predicted %.1f MiB, measured %.1f MiB (x%.3f)", finetuneModeFlags(out.mode).c_str(),
          (predicted - closing) / 1048576.0, peak / 1048576.0, ratio);
    QVERIFY2(std::abs(ratio - 1) <= 0.15, qPrintable(QStringLiteral("predicted / measured = %1").arg(ratio)));
    // The whole run, its closing comparison included (the high-water mark
    // since training started), against the same prediction.
    const double whole = static_cast<double>(peakResidentBytes());
    const double wholeRatio = predicted / whole;
    qInfo("  whole run incl. the comparison: predicted %.1f MiB, measured %.1f MiB (x%.3f)", predicted / 1048576.0,
          whole / 1048576.0, wholeRatio);
    QVERIFY2(std::abs(wholeRatio - 1) <= 0.15,
             qPrintable(QStringLiteral("predicted / measured whole run = %1").arg(wholeRatio)));
}

QTEST_GUILESS_MAIN(TestLean)
#include "tst_lean.moc"
