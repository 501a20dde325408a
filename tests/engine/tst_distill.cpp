// Distillation healing (TrainOptions::distill, train/distill.h): the loss and
// its components equal PyTorch's own functions on the same logits and block
// outputs (tests/reference/reference_distill.py); a student identical to its
// teacher has KL and MSE 0 and no gradient; a few steps of logit
// distillation lower the KL; the teacher is never trained; the row-chunked
// step gives the same components; bad settings are refused with a message.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "analysis/capture_batches.h"
#include "model/model_impl.h"
#include "model/models.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/resources.h"
#include "sharelens/sharing.h"
#include "sharelens/trainer.h"
#include "testutil.h"
#include "train/distill.h"
#include "train/train_state.h"

using namespace sharelens;

namespace {

bool writeRaw(const QString& path, const torch::Tensor& t) {
    auto c = t.detach().contiguous();
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    return f.write(reinterpret_cast<const char*>(c.data_ptr()), static_cast<qint64>(c.nbytes())) ==
           static_cast<qint64>(c.nbytes());
}

torch::Tensor readFloats(const QString& path, std::vector<int64_t> shape) {
    const QByteArray b = testutil::readAll(path);
    auto t = torch::empty(shape, torch::kFloat32);
    if (b.size() != static_cast<qint64>(t.nbytes())) return {};
    std::memcpy(t.data_ptr(), b.constData(), t.nbytes());
    return t;
}

TrainOptions options(DistillMode mode, double T = 1.0, double w = 0.5, double h = 1.0) {
    TrainOptions o;
    o.steps = 12;
    o.batchSize = 4;
    o.seqLen = 24;
    o.learningRate = 3e-3;
    o.minLearningRate = 3e-4;
    o.evalEvery = 0;
    o.evalSequences = 2;
    o.seed = 5;
    o.threads = 1;
    o.distill = mode;
    o.distillTemperature = T;
    o.distillWeight = w;
    o.distillHiddenWeight = h;
    return o;
}

// Every parameter of a model, cloned (in namedTensors order).
std::vector<torch::Tensor> snapshot(const Model& m) {
    std::vector<torch::Tensor> out;
    for (const auto& [name, t] : m.impl().net->namedTensors()) out.push_back(t.detach().clone());
    return out;
}

} // namespace

class TestDistill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void lossMatchesReference_data();
    void lossMatchesReference();
    void identicalTeacherGivesZero_data();
    void identicalTeacherGivesZero();
    void stepsLowerKlAndLeaveTeacherAlone();
    void chunkedStepGivesSameComponents();
    void teacherRowsSplitOverCpus();
    void refusesBadSettings_data();
    void refusesBadSettings();
    void estimateCountsTeacher();

private:
    std::unique_ptr<Model> load(const QString& family) const {
        return Model::load((m_dir.path() + "/" + family).toStdString());
    }
    std::unique_ptr<Model> shared(const Model& base) const {
        return makeSharedModel(base, makePlan(base.checkpoint(), UnitKind::Blocks, {{0, 1, 2}}), ShareOptions{});
    }
    QTemporaryDir m_dir;
    std::vector<int32_t> m_train, m_val;
};

void TestDistill::initTestCase() {
    QVERIFY(m_dir.isValid());
    torch::set_num_threads(1);
    const QStringList common{"--layers", "4", "--hidden", "32", "--heads", "4", "--vocab", "96", "--positions", "64"};
    QVERIFY(testutil::makeCheckpoint(m_dir.path() + "/gpt2", QStringList{"--family", "gpt2", "--seed", "31"} + common));
    QVERIFY(
        testutil::makeCheckpoint(m_dir.path() + "/llama", QStringList{"--family", "llama", "--seed", "32"} + common));
    // A stream with structure (a repeating pattern with noise) so training can learn.
    std::mt19937 rng(3);
    for (int i = 0; i < 6000; ++i) m_train.push_back(static_cast<int32_t>((i * 7 + (rng() % 5 == 0 ? rng() : 0)) % 96));
    for (int i = 0; i < 800; ++i) m_val.push_back(static_cast<int32_t>((i * 7) % 96));
}

void TestDistill::lossMatchesReference_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("mode");
    QTest::addColumn<double>("temperature");
    QTest::addColumn<double>("weight");
    QTest::addColumn<double>("hiddenWeight");
    QTest::newRow("gpt2 logits T=1") << "gpt2" << int(DistillMode::Logits) << 1.0 << 0.5 << 1.0;
    QTest::newRow("gpt2 logits T=2.5, pure KL") << "gpt2" << int(DistillMode::Logits) << 2.5 << 1.0 << 1.0;
    QTest::newRow("llama hidden h=0.3") << "llama" << int(DistillMode::Hidden) << 1.0 << 0.5 << 0.3;
    QTest::newRow("llama both T=3 w=0.7 h=2") << "llama" << int(DistillMode::Both) << 3.0 << 0.7 << 2.0;
}

// The engine's loss from its training path (studentLoss over the teacher's
// outputs) against PyTorch's functions over logits and block outputs taken
// from plain forward passes of both models.
void TestDistill::lossMatchesReference() {
    QFETCH(QString, family);
    QFETCH(int, mode);
    QFETCH(double, temperature);
    QFETCH(double, weight);
    QFETCH(double, hiddenWeight);
    auto teacher = load(family);
    auto student = shared(*teacher);
    const auto o = options(static_cast<DistillMode>(mode), temperature, weight, hiddenWeight);
    torch::manual_seed(9);
    const auto ids = torch::randint(0, 96, {3, 17}, torch::kInt64);
    distill::Values got;
    const double loss = [&] {
        torch::NoGradGuard noGrad;
        auto t = distill::teacherOutputs(*teacher->impl().net, ids, o);
        return distill::studentLoss(*student->impl().net, ids, t, o, &got).item<double>();
    }();

    // Independently: forward() of both models, block outputs by the hook.
    torch::NoGradGuard noGrad;
    const auto x = ids.narrow(1, 0, 16);
    std::vector<torch::Tensor> sb, tb;
    auto sh = student->impl().net->hidden(x, [&](int, const torch::Tensor& h) { sb.push_back(h); });
    auto th = teacher->impl().net->hidden(x, [&](int, const torch::Tensor& h) { tb.push_back(h); });
    auto sl = student->impl().net->forward(x).reshape({-1, 96});
    auto tl = teacher->impl().net->forward(x).reshape({-1, 96});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const bool hidden = distill::usesHidden(o.distill);
    QJsonObject meta{{"T", temperature},  {"w", weight},
                     {"h", hiddenWeight}, {"logits", distill::usesLogits(o.distill)},
                     {"hidden", hidden},  {"n", qint64(sl.size(0))},
                     {"v", 96},           {"blocks", hidden ? int(sb.size()) : 0}};
    QVERIFY(testutil::writeFile(dir.path() + "/meta.json", QJsonDocument(meta).toJson()));
    QVERIFY(writeRaw(dir.path() + "/student_logits.f32", sl));
    QVERIFY(writeRaw(dir.path() + "/teacher_logits.f32", tl));
    QVERIFY(writeRaw(dir.path() + "/targets.i64", ids.narrow(1, 1, 16).reshape({-1})));
    for (size_t i = 0; i < sb.size(); ++i) {
        QVERIFY(writeRaw(dir.path() + QString("/student_block%1.f32").arg(i), sb[i]));
        QVERIFY(writeRaw(dir.path() + QString("/teacher_block%1.f32").arg(i), tb[i]));
    }
    QVERIFY(testutil::runPython("reference_distill.py", {dir.path()}));
    const auto ref = testutil::readJson(dir.path() + "/result.json");
    auto close = [](double a, double b) { return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b)); };
    qInfo("loss %.8g (reference %.8g), CE %.6g, KL %.6g, MSE %.6g", loss, ref["loss"].toDouble(), got.crossEntropy,
          got.kl, got.hidden);
    QVERIFY(close(loss, ref["loss"].toDouble()));
    QVERIFY(close(got.crossEntropy, ref["ce"].toDouble()));
    if (distill::usesLogits(o.distill)) {
        QVERIFY(got.kl > 1e-4); // the shared model differs from its teacher
        QVERIFY(close(got.kl, ref["kl"].toDouble()));
        // The gradient of the KL with respect to the student's logits.
        torch::AutoGradMode grad(true);
        auto s = sl.clone().requires_grad_(true);
        distill::klDivergence(s, tl, temperature).backward();
        auto refGrad = readFloats(dir.path() + "/kl_grad.f32", {sl.size(0), 96});
        QVERIFY(refGrad.defined());
        QVERIFY((s.grad() - refGrad).abs().max().item<double>() < 1e-6 + 1e-4 * refGrad.abs().max().item<double>());
    } else {
        QCOMPARE(got.kl, 0.0);
    }
    if (hidden) {
        QVERIFY(got.hidden > 1e-6);
        QVERIFY(close(got.hidden, ref["mse"].toDouble()));
    } else {
        QCOMPARE(got.hidden, 0.0);
    }
}

void TestDistill::identicalTeacherGivesZero_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("mode");
    QTest::addColumn<double>("temperature");
    QTest::newRow("gpt2 logits T=1") << "gpt2" << int(DistillMode::Logits) << 1.0;
    QTest::newRow("llama logits T=4") << "llama" << int(DistillMode::Logits) << 4.0;
    QTest::newRow("gpt2 hidden") << "gpt2" << int(DistillMode::Hidden) << 1.0;
    QTest::newRow("llama both T=2") << "llama" << int(DistillMode::Both) << 2.0;
}

// Teacher and student loaded from the same files: with the whole weight on
// the distillation terms (weight 1; hidden only: the CE gets weight 1, so
// only the MSE's gradient is taken) the loss and every gradient vanish.
void TestDistill::identicalTeacherGivesZero() {
    QFETCH(QString, family);
    QFETCH(int, mode);
    QFETCH(double, temperature);
    auto teacher = load(family);
    auto student = load(family);
    auto o = options(static_cast<DistillMode>(mode), temperature, /*w=*/1.0, /*h=*/1.0);
    torch::manual_seed(4);
    const auto ids = torch::randint(0, 96, {2, 20}, torch::kInt64);
    auto t = distill::teacherOutputs(*teacher->impl().net, ids, o);
    auto& net = *student->impl().net;
    const auto params = uniqueParameters(net);
    for (auto p : params) p.set_requires_grad(true);
    distill::Values v;
    auto loss = distill::studentLoss(net, ids, t, o, &v);
    auto term = o.distill == DistillMode::Hidden ? loss - v.crossEntropy : loss; // hidden: the MSE term alone
    if (o.distill == DistillMode::Hidden) {
        // The CE stays in the loss; differentiate the MSE term by itself.
        std::vector<torch::Tensor> blocks;
        auto h = net.hidden(ids.narrow(1, 0, 19), [&](int, const torch::Tensor& x) { blocks.push_back(x); });
        term = distill::blockMse(blocks, t.blocks);
    }
    auto grads = torch::autograd::grad({term}, params, {}, false, false, /*allow_unused=*/true);
    double worst = 0;
    for (const auto& g : grads)
        if (g.defined()) worst = std::max(worst, g.abs().max().item<double>());
    for (auto p : params) p.set_requires_grad(false);
    qInfo("KL %.3g, MSE %.3g, largest gradient %.3g", v.kl, v.hidden, worst);
    // The teacher's rows run on one worker per CPU, the student's together:
    // GEMMs of other shapes round differently (log-probabilities within
    // 1e-6), and a KL of log-probabilities normalised only to float32
    // rounding keeps a first-order term of about 1e-8.
    QVERIFY(std::abs(v.kl) < 5e-8);
    QVERIFY(std::abs(v.hidden) < 1e-10);
    QVERIFY(v.crossEntropy > 1); // the models themselves are random, not perfect
    QVERIFY2(worst < 1e-5, "an identical student gets a distillation gradient");
}

// The teacher's forward splits a batch's rows over one worker per CPU: its
// log-probabilities and block outputs equal the whole batch's on one thread.
void TestDistill::teacherRowsSplitOverCpus() {
    auto teacher = load(QStringLiteral("llama"));
    auto& net = *teacher->impl().net;
    const auto o = options(DistillMode::Both, 2.0, 0.5, 1.0);
    torch::manual_seed(5);
    const auto ids = torch::randint(0, 96, {5, 17}, torch::kInt64);
    const auto split = distill::teacherOutputs(net, ids, o);
    distill::TeacherOutputs whole;
    runBatchesInOrder(
        1, 1, [&](int, size_t, const std::atomic<bool>&) { whole = distill::teacherOutputs(net, ids, o); },
        [](int, size_t) {}, [](size_t) {}, Progress{});
    QCOMPARE(split.logProbs.sizes().vec(), (std::vector<int64_t>{5, 16, whole.logProbs.size(2)}));
    QVERIFY((split.logProbs - whole.logProbs).abs().max().item<double>() < 1e-5);
    QCOMPARE(split.blocks.size(), static_cast<size_t>(net.numBlocks()));
    for (size_t k = 0; k < split.blocks.size(); ++k)
        QVERIFY((split.blocks[k] - whole.blocks[k]).abs().max().item<double>() < 1e-5);
    if (lossSumWorkers(5) < 2) QSKIP("one CPU for LibTorch here: the rows were not split");
}

// trainPair with logit distillation: the shared model's KL to the teacher on
// fixed windows falls, each shared record's loss is its components'
// weighted sum, the baseline's records carry no distillation terms, and the
// teacher's weights are bit-identical afterwards and never got gradients.
void TestDistill::stepsLowerKlAndLeaveTeacherAlone() {
    auto baseline = load("gpt2");
    auto sharedModel = shared(*baseline);
    std::shared_ptr<const Model> teacher = load("gpt2");
    // All the weight on the KL: the CE would pull the student towards the
    // text, away from a random teacher.
    auto o = options(DistillMode::Logits, 2.0, 1.0);
    o.teacher = teacher;
    const auto before = snapshot(*teacher);
    torch::manual_seed(8);
    std::vector<int64_t> fixedIds(5 * 25);
    for (size_t i = 0; i < fixedIds.size(); ++i) fixedIds[i] = m_val[i];
    const auto fixed = torch::tensor(fixedIds).reshape({5, 25});
    auto klNow = [&] {
        torch::NoGradGuard noGrad;
        distill::Values v;
        distill::studentLoss(*sharedModel->impl().net, fixed, distill::teacherOutputs(*teacher->impl().net, fixed, o),
                             o, &v);
        return v.kl;
    };
    const double klBefore = klNow();
    const auto r = trainPair(*baseline, *sharedModel, m_train, m_val, o);
    const double klAfter = klNow();
    qInfo("KL on fixed windows %.5g -> %.5g", klBefore, klAfter);
    QCOMPARE(r.stop, StopReason::Completed);
    QVERIFY(klAfter < 0.8 * klBefore);
    QCOMPARE(r.shared.steps.size(), size_t(12));
    for (const auto& s : r.shared.steps) {
        QVERIFY(s.distillKl > 0);
        QCOMPARE(s.distillHidden, 0.0);
        const double sum = 0.0 * s.crossEntropy + 1.0 * 4.0 * s.distillKl;
        QVERIFY(std::abs(s.loss - sum) < 1e-5 * std::max(1.0, s.loss));
    }
    for (const auto& s : r.baseline.steps) {
        QCOMPARE(s.crossEntropy, s.loss);
        QCOMPARE(s.distillKl, 0.0);
    }
    const auto after = snapshot(*teacher);
    QCOMPARE(after.size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) QVERIFY(torch::equal(before[i], after[i]));
    for (const auto& p : teacher->impl().net->parameters()) {
        QVERIFY(!p.requires_grad());
        QVERIFY(!p.grad().defined());
    }
}

// The teacher runs once per batch; each row chunk takes its rows: the
// components of a step split over 2 workers equal one worker's to rounding.
void TestDistill::chunkedStepGivesSameComponents() {
    auto teacher = load("llama");
    auto run = [&](int threads) {
        auto student = shared(*teacher);
        auto o = options(DistillMode::Both, 2.0, 0.6, 0.5);
        o.threads = threads;
        ModelTrainer tr(*student->impl().net, o);
        tr.setTeacher(teacher->impl().net.get());
        torch::manual_seed(12);
        const auto ids = torch::randint(0, 96, {4, 25}, torch::kInt64);
        const double loss = tr.step(ids, 1e-3);
        return std::make_tuple(loss, tr.lastLosses(), tr.workers());
    };
    const auto [l1, v1, w1] = run(1);
    const auto [l2, v2, w2] = run(2);
    QCOMPARE(w1, 1);
    if (w2 != 2) QSKIP("this machine runs one step worker");
    qInfo("one worker: loss %.7g (CE %.7g KL %.7g MSE %.7g); two: %.7g", l1, v1.crossEntropy, v1.kl, v1.hidden, l2);
    QVERIFY(v1.kl > 0 && v1.hidden > 0);
    QVERIFY(std::abs(l1 - l2) < 1e-5);
    QVERIFY(std::abs(v1.crossEntropy - v2.crossEntropy) < 1e-5);
    QVERIFY(std::abs(v1.kl - v2.kl) < 1e-6);
    QVERIFY(std::abs(v1.hidden - v2.hidden) < 1e-6);
}

void TestDistill::refusesBadSettings_data() {
    QTest::addColumn<double>("temperature");
    QTest::addColumn<double>("weight");
    QTest::addColumn<double>("hiddenWeight");
    QTest::addColumn<bool>("teacher");
    QTest::addColumn<QString>("expected");
    QTest::newRow("temperature 0") << 0.0 << 0.5 << 1.0 << true << "temperature must be a positive number";
    QTest::newRow("temperature -1") << -1.0 << 0.5 << 1.0 << true << "temperature must be a positive number";
    QTest::newRow("temperature NaN") << double(NAN) << 0.5 << 1.0 << true << "temperature must be a positive number";
    QTest::newRow("weight 1.5") << 1.0 << 1.5 << 1.0 << true << "weight must be between 0 and 1";
    QTest::newRow("hidden weight -1") << 1.0 << 0.5 << -1.0 << true << "hidden-state distillation weight";
    QTest::newRow("no teacher") << 1.0 << 0.5 << 1.0 << false << "needs the unshared model as its teacher";
}

void TestDistill::refusesBadSettings() {
    QFETCH(double, temperature);
    QFETCH(double, weight);
    QFETCH(double, hiddenWeight);
    QFETCH(bool, teacher);
    QFETCH(QString, expected);
    auto baseline = load("gpt2");
    auto sharedModel = shared(*baseline);
    auto o = options(DistillMode::Both, temperature, weight, hiddenWeight);
    if (teacher) o.teacher = std::shared_ptr<const Model>(load("gpt2"));
    const auto before = snapshot(*sharedModel);
    try {
        trainPair(*baseline, *sharedModel, m_train, m_val, o);
        QFAIL("bad distillation settings were accepted");
    } catch (const Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(expected), e.what());
    }
    const auto after = snapshot(*sharedModel);
    for (size_t i = 0; i < before.size(); ++i) QVERIFY(torch::equal(before[i], after[i]));
    // A teacher of another shape.
    o = options(DistillMode::Logits);
    o.teacher = std::shared_ptr<const Model>(load("llama")); // same sizes: accepted by the check
    distill::checkOptions(o, baseline->config());
    DistillMode m = DistillMode::Hidden;
    QVERIFY(!parseDistillMode("kl", &m));
    QCOMPARE(m, DistillMode::Hidden);
    QVERIFY(parseDistillMode("both", &m));
    QCOMPARE(m, DistillMode::Both);
}

// The training estimate names the teacher's weights and outputs, and grows
// by exactly them.
void TestDistill::estimateCountsTeacher() {
    auto baseline = load("gpt2");
    const auto& c = baseline->config();
    for (auto mode : {DistillMode::None, DistillMode::Logits, DistillMode::Hidden, DistillMode::Both}) {
        auto o = options(mode);
        MemoryEstimate e;
        distill::addTeacherMemory(e, c, 1000, o);
        const uint64_t N = 4 * 24;
        uint64_t outputs = 0;
        if (distill::usesLogits(mode)) outputs += N * 96 * 4 * 3;
        if (distill::usesHidden(mode)) outputs += 4 * N * 32 * 4;
        QCOMPARE(e.bytes, mode == DistillMode::None ? uint64_t(0) : 4000 + outputs);
        if (mode != DistillMode::None) {
            QCOMPARE(e.parts.size(), size_t(2));
            QVERIFY(QString::fromStdString(e.parts[0].first).contains("teacher's weights"));
            QVERIFY(QString::fromStdString(e.parts[1].first).contains("teacher's outputs"));
        }
    }
}

QTEST_GUILESS_MAIN(TestDistill)
#include "tst_distill.moc"
