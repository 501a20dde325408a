// The compute dtype (sharelens/compute.h): bfloat16 matrix products against
// float32 on the demo (GPT-2, stored F16) and on generated Llama and Gemma 2
// models — similarity, loss, attention values and gradients within stated
// tolerances, and different from float32 (so the bf16 path really ran); a
// mixed-precision training step moves the float32 master weights; and
// storage-dtype residency: F16/BF16 matrices stay in their stored dtype and
// give exactly the float32-converted model's results.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "model/attention.h"
#include "model/model_impl.h"
#include "sharelens/analysis.h"
#include "sharelens/compute.h"
#include "sharelens/data.h"
#include "sharelens/model.h"
#include "sharelens/trainer.h"
#include "testutil.h"
#include "train/train_state.h"

using namespace sharelens;

namespace {

QString demoDir() { return testpaths::source("/resources/demo"); }

// Byte-level sequences of the demo text, clipped to the model's vocabulary.
Sequences textSequences(int vocab, int len, int count) {
    const std::string text = readFile(testpaths::sourceStd("/resources/text/kjv-genesis-kings.txt"));
    Sequences out;
    for (int s = 0; s < count; ++s) {
        std::vector<int32_t> seq;
        for (int t = 0; t < len; ++t)
            seq.push_back(static_cast<unsigned char>(text[static_cast<size_t>(s * len + t)]) % vocab);
        out.push_back(seq);
    }
    return out;
}

// A generated model folder (make_checkpoint.py) or the demo ("demo").
QString modelFolder(const QTemporaryDir& tmp, const QString& kind) {
    if (kind == QLatin1String("demo")) return demoDir();
    const QString dir = tmp.path() + "/" + kind;
    const QStringList args = kind == QLatin1String("llama-bf16")
                                 ? QStringList{"--family", "llama", "--dtype", "bf16", "--layers", "6", "--seed", "3"}
                                 : QStringList{"--family", "gemma2", "--layers", "4", "--seed", "5"};
    if (!QDir(dir).exists() && !testutil::makeCheckpoint(dir, args)) return {};
    return dir;
}

double maxAbs(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return (a - b).cwiseAbs().maxCoeff(); }

torch::Tensor rel(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).norm() / b.norm(); }

} // namespace

class TestCompute : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void names_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("dtype");
        QTest::newRow("f32") << "f32" << true << 0;
        QTest::newRow("float32") << "float32" << true << 0;
        QTest::newRow("bf16") << "bf16" << true << 1;
        QTest::newRow("bfloat16") << "bfloat16" << true << 1;
        QTest::newRow("f16 is not a compute dtype") << "f16" << false << 0;
        QTest::newRow("upper case") << "BF16" << false << 0;
        QTest::newRow("empty") << "" << false << 0;
    }
    void names() {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(int, dtype);
        ComputeDtype d = ComputeDtype::Float32;
        QCOMPARE(parseComputeDtype(text.toStdString(), d), ok);
        if (!ok) return;
        QCOMPARE(static_cast<int>(d), dtype);
        ComputeDtype back = ComputeDtype::BFloat16;
        QVERIFY(parseComputeDtype(computeDtypeName(d), back));
        QCOMPARE(back, d);
    }

    // Similarity in bf16 compute within `tol` of float32; and not identical.
    void similarity_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("metric");
        QTest::addColumn<double>("tol");
        QTest::newRow("demo pearson") << "demo" << int(Metric::Pearson) << 1e-3;
        QTest::newRow("demo cosine") << "demo" << int(Metric::Cosine) << 1e-3;
        QTest::newRow("llama bf16 pearson") << "llama-bf16" << int(Metric::Pearson) << 1e-3;
        QTest::newRow("gemma2 cosine") << "gemma2" << int(Metric::Cosine) << 1e-3;
    }
    void similarity() {
        QFETCH(QString, kind);
        QFETCH(int, metric);
        QFETCH(double, tol);
        const QString dir = modelFolder(m_tmp, kind);
        QVERIFY(!dir.isEmpty());
        auto model = Model::load(dir.toStdString());
        const auto seqs = textSequences(model->config().vocabSize, 48, 12);
        CaptureOptions o;
        o.metric = static_cast<Metric>(metric);
        const auto f32 = computeSimilarity(*model, seqs, o);
        o.compute = ComputeDtype::BFloat16;
        const auto bf16 = computeSimilarity(*model, seqs, o);
        QCOMPARE(computeDtype(*model), ComputeDtype::Float32); // the capture's setting ends with it
        const double d = maxAbs(bf16.similarity, f32.similarity);
        qInfo("%s: max |bf16 - f32| similarity = %.3g", qPrintable(kind), d);
        QVERIFY2(d > 0, "bf16 compute gave float32's similarity bit for bit: the bf16 path did not run");
        QVERIFY2(d < tol, qPrintable(QString("max difference %1 over %2").arg(d).arg(tol)));
    }

    void evaluateLoss() {
        auto model = Model::load(demoDir().toStdString());
        const auto seqs = textSequences(256, 64, 8);
        const auto f32 = model->evaluate(seqs);
        setComputeDtype(*model, ComputeDtype::BFloat16);
        const auto bf16 = model->evaluate(seqs);
        const auto logits = model->logits(seqs.front());
        setComputeDtype(*model, ComputeDtype::Float32);
        QCOMPARE(bf16.tokens, f32.tokens);
        qInfo("demo loss f32 %.6f bf16 %.6f", f32.loss, bf16.loss);
        QVERIFY(bf16.loss != f32.loss);
        QVERIFY(std::abs(bf16.loss - f32.loss) < 1e-2);
        QCOMPARE(logits.size(), size_t(64 * 256));
        QCOMPARE(model->evaluate(seqs).loss, f32.loss); // back to exact float32
    }

    // The hand-written attention in bf16: values and q/k/v gradients near
    // float32 (relative Frobenius error), gradients float32.
    void attention_data() {
        QTest::addColumn<double>("softcap");
        QTest::addColumn<int64_t>("window");
        QTest::newRow("plain") << 0.0 << int64_t(0);
        QTest::newRow("softcap and window") << 30.0 << int64_t(40);
    }
    void attention() {
        QFETCH(double, softcap);
        QFETCH(int64_t, window);
        torch::manual_seed(4);
        auto q = torch::randn({6, 100, 32}), k = torch::randn({6, 100, 32}), v = torch::randn({6, 100, 32});
        auto g = torch::randn({6, 100, 32});
        std::vector<torch::Tensor> out[2], grads[2];
        for (int b = 0; b < 2; ++b) {
            auto qq = q.clone().requires_grad_(true), kk = k.clone().requires_grad_(true);
            auto vv = v.clone().requires_grad_(true);
            auto y = causalAttention(qq, kk, vv, window, kAttentionBlock, 0, softcap, b == 1);
            QCOMPARE(y.scalar_type(), torch::kFloat32);
            (y * g).sum().backward();
            out[b] = {y.detach()};
            grads[b] = {qq.grad(), kk.grad(), vv.grad()};
        }
        QVERIFY(rel(out[1][0], out[0][0]).item<double>() < 1e-2);
        QVERIFY(rel(out[1][0], out[0][0]).item<double>() > 0);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(grads[1][static_cast<size_t>(i)].scalar_type(), torch::kFloat32);
            const double r = rel(grads[1][static_cast<size_t>(i)], grads[0][static_cast<size_t>(i)]).item<double>();
            QVERIFY2(r < 2e-2, qPrintable(QString("gradient %1 relative error %2").arg(i).arg(r)));
        }
    }

    // One mixed-precision step: gradients reach the float32 masters (close to
    // float32's gradients), the weights move, the compute setting is restored.
    void trainStep() {
        const QString dir = modelFolder(m_tmp, "llama-bf16");
        QVERIFY(!dir.isEmpty());
        std::vector<int64_t> flat;
        for (const auto& s : textSequences(96, 33, 3)) flat.insert(flat.end(), s.begin(), s.end());
        const auto ids = torch::tensor(flat, torch::kInt64).view({3, 33});
        std::vector<torch::Tensor> grads[2], before, after;
        for (int b = 0; b < 2; ++b) {
            auto model = Model::load(dir.toStdString());
            auto& net = *model->impl().net;
            TrainOptions o;
            o.threads = 1;
            o.learningRate = 1e-3;
            o.compute = b == 1 ? ComputeDtype::BFloat16 : ComputeDtype::Float32;
            ModelTrainer trainer(net, o);
            for (const auto& p : trainer.parameters()) before.push_back(p.detach().clone());
            const double loss = trainer.step(ids, o.learningRate);
            QVERIFY(std::isfinite(loss));
            for (const auto& p : trainer.parameters()) {
                QCOMPARE(p.scalar_type(), torch::kFloat32);
                QVERIFY(p.grad().defined());
                QCOMPARE(p.grad().scalar_type(), torch::kFloat32);
                grads[b].push_back(p.grad().clone());
                if (b == 1) after.push_back(p.detach().clone());
            }
            QCOMPARE(net.computeDtype(), o.compute);
        }
        QCOMPARE(grads[1].size(), grads[0].size());
        double worst = 0, moved = 0;
        for (size_t i = 0; i < grads[0].size(); ++i) {
            worst = std::max(worst, rel(grads[1][i], grads[0][i]).item<double>());
            moved = std::max(moved, (after[i] - before[grads[0].size() + i]).abs().max().item<double>());
        }
        qInfo("bf16 step: worst relative gradient difference %.3g, largest weight change %.3g", worst, moved);
        QVERIFY(worst < 5e-2);
        QVERIFY(moved > 1e-5);
    }

    // F16 (demo) and BF16 matrices stay in their stored dtype and give the
    // float32-converted model's loss exactly; training makes float32 masters.
    void storageDtype_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("dtype");
        QTest::newRow("demo f16") << "demo" << int(torch::kFloat16);
        QTest::newRow("llama bf16") << "llama-bf16" << int(torch::kBFloat16);
    }
    void storageDtype() {
        QFETCH(QString, kind);
        QFETCH(int, dtype);
        const QString dir = modelFolder(m_tmp, kind);
        QVERIFY(!dir.isEmpty());
        auto converted = Model::load(dir.toStdString());
        auto stored = loadModelInStorageDtype(openCheckpoint(dir.toStdString()));
        int kept = 0;
        for (const auto& p : stored->impl().net->parameters()) {
            if (p.dim() >= 2) QCOMPARE(int(p.scalar_type()), dtype);
            if (p.dim() < 2) QCOMPARE(p.scalar_type(), torch::kFloat32);
            kept += p.dim() >= 2;
        }
        QVERIFY(kept > 0);
        for (const auto& p : converted->impl().net->parameters()) QCOMPARE(p.scalar_type(), torch::kFloat32);
        const auto seqs = textSequences(converted->config().vocabSize, 40, 6);
        QCOMPARE(stored->evaluate(seqs).loss, converted->evaluate(seqs).loss);
        CaptureOptions o;
        QCOMPARE(
            maxAbs(computeSimilarity(*stored, seqs, o).similarity, computeSimilarity(*converted, seqs, o).similarity),
            0.0);
        setComputeDtype(*stored, ComputeDtype::BFloat16);
        setComputeDtype(*converted, ComputeDtype::BFloat16);
        QVERIFY(std::abs(stored->evaluate(seqs).loss - converted->evaluate(seqs).loss) < 1e-6);

        std::vector<int32_t> tokens;
        for (const auto& s : textSequences(converted->config().vocabSize, 40, 20))
            tokens.insert(tokens.end(), s.begin(), s.end());
        TrainOptions t;
        t.steps = 1;
        t.batchSize = 2;
        t.seqLen = 16;
        t.evalSequences = 2;
        t.threads = 1;
        const auto r = train(*stored, tokens, tokens, t);
        QCOMPARE(r.stop, StopReason::Completed);
        for (const auto& p : stored->impl().net->parameters()) QCOMPARE(p.scalar_type(), torch::kFloat32);
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestCompute)
#include "tst_compute.moc"
