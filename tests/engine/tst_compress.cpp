// Layer removal and int8 quantization baselines (sharelens/compress.h).
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

#include "model/model_impl.h"
#include "model_testutil.h"
#include "sharelens/compress.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "testutil.h"

using namespace sharelens;

using Groups = std::vector<std::vector<int>>;
Q_DECLARE_METATYPE(std::vector<int>)
Q_DECLARE_METATYPE(Groups)

using modeltest::blockParameters;
using modeltest::maxAbsDiff;

namespace {

const std::vector<int32_t> kIds{1, 5, 7, 9, 3, 2, 8, 40, 41, 42, 60, 61, 10, 11, 12, 13};

// A block that adds nothing to the residual stream: putting it at a position
// of the ORIGINAL model runs the remaining blocks exactly as removal should.
class SkipBlock : public Block {
public:
    torch::Tensor forwardWith(const std::vector<torch::Tensor>&, const torch::Tensor& x,
                              const ForwardContext&) override {
        return x;
    }
    std::vector<std::string> tensorNames() const override { return {}; }
};

} // namespace

class TestCompress : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString checkpoint(const QString& family) { return modeltest::smallCheckpoint(m_tmp, family); }

private Q_SLOTS:
    void removal_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<std::vector<int>>("layers");
        QTest::newRow("gpt2 middle") << "gpt2" << std::vector<int>{1, 3};
        QTest::newRow("gpt2 first") << "gpt2" << std::vector<int>{0};
        QTest::newRow("gpt2 last two") << "gpt2" << std::vector<int>{4, 3};
        QTest::newRow("llama middle") << "llama" << std::vector<int>{2};
        QTest::newRow("llama four") << "llama" << std::vector<int>{0, 1, 2, 4};
    }
    void removal() {
        QFETCH(QString, family);
        QFETCH(std::vector<int>, layers);
        const QString dir = checkpoint(family);
        QVERIFY(!dir.isEmpty());
        auto base = Model::load(dir.toStdString());
        auto removed = removeLayers(*base, layers);
        QCOMPARE(removed->config().numLayers, 5 - static_cast<int>(layers.size()));
        QCOMPARE(removed->impl().net->numBlocks(), 5 - static_cast<int>(layers.size()));
        int64_t expected = base->summary().parameters;
        for (int l : layers) expected -= blockParameters(*base, l);
        QCOMPARE(removed->summary().parameters, expected);
        // Reference: the original model with the removed positions skipped.
        auto ref = Model::load(dir.toStdString());
        for (int l : layers) ref->impl().net->setBlock(l, std::make_shared<SkipBlock>());
        const auto want = ref->logits(kIds);
        const auto got = removed->logits(kIds);
        QVERIFY(maxAbsDiff(got, want) < 1e-5);
        // And it really differs from the full model.
        QVERIFY(maxAbsDiff(got, base->logits(kIds)) > 1e-4);
        // The base is untouched.
        QCOMPARE(base->impl().net->numBlocks(), 5);
    }

    void removalErrors() {
        const QString dir = checkpoint("gpt2");
        QVERIFY(!dir.isEmpty());
        auto base = Model::load(dir.toStdString());
        QVERIFY_THROWS_EXCEPTION(Error, removeLayers(*base, {5}));
        QVERIFY_THROWS_EXCEPTION(Error, removeLayers(*base, {-1}));
        QVERIFY_THROWS_EXCEPTION(Error, removeLayers(*base, {1, 1}));
        QVERIFY_THROWS_EXCEPTION(Error, removeLayers(*base, {0, 1, 2, 3, 4}));
        QVERIFY_THROWS_EXCEPTION(Error, dropLastLayers(*base, 5));
        QVERIFY_THROWS_EXCEPTION(Error, dropLastLayers(*base, -1));
    }

    void planRule_data() {
        QTest::addColumn<Groups>("groups");
        QTest::addColumn<std::vector<int>>("removed");
        QTest::newRow("none") << Groups{} << std::vector<int>{};
        QTest::newRow("pair") << Groups{{1, 2}} << std::vector<int>{2};
        QTest::newRow("two groups") << Groups{{3, 4}, {0, 1, 2}} << std::vector<int>{1, 2, 4};
        QTest::newRow("non-contiguous") << Groups{{0, 4}} << std::vector<int>{4};
    }
    void planRule() {
        QFETCH(Groups, groups);
        QFETCH(std::vector<int>, removed);
        const QString dir = checkpoint("gpt2");
        QVERIFY(!dir.isEmpty());
        const auto ck = openCheckpoint(dir.toStdString());
        const auto plan = makePlan(ck, UnitKind::Blocks, groups);
        QCOMPARE(layersToRemoveForPlan(plan), removed);
        // Same parameter budget as sharing (no private norms): removal keeps
        // one block per group, sharing stores one block per group.
        auto base = Model::load(ck);
        QCOMPARE(removeLayers(*base, removed)->summary().parameters, plan.sharedParameters);
        QCOMPARE(lastLayers(5, 2), (std::vector<int>{3, 4}));
        const auto sub = makePlan(ck, UnitKind::Sublayers, {{0, 2}});
        QVERIFY_THROWS_EXCEPTION(Error, layersToRemoveForPlan(sub));
    }

    void errorBound_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<bool>("columns");
        QTest::newRow("rows 7x13") << 7 << 13 << false;
        QTest::newRow("columns 7x13") << 7 << 13 << true;
        QTest::newRow("rows 64x3") << 64 << 3 << false;
        QTest::newRow("columns 1x50") << 1 << 50 << true;
    }
    void errorBound() {
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(bool, columns);
        std::mt19937 rng(42);
        std::normal_distribution<float> nd(0.0f, 0.5f);
        std::vector<float> w(static_cast<size_t>(rows * cols));
        for (auto& v : w) v = nd(rng);
        // One channel all zero, one with a large outlier.
        for (int i = 0; i < (columns ? rows : cols); ++i) w[static_cast<size_t>(columns ? i * cols : i)] = 0.0f;
        w.back() = 40.0f;
        const auto m = quantizeMatrixInt8(w, rows, cols, columns);
        QCOMPARE(static_cast<int>(m.scales.size()), columns ? cols : rows);
        QCOMPARE(m.bytes(), static_cast<uint64_t>(rows * cols + 4 * (columns ? cols : rows)));
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const float s = m.scales[static_cast<size_t>(columns ? c : r)];
                const float x = w[static_cast<size_t>(r * cols + c)];
                const double err = std::abs(static_cast<double>(x) - m.dequantized(r, c));
                QVERIFY2(err <= s / 2 * (1 + 1e-5),
                         qPrintable(QString("r %1 c %2 err %3 scale %4").arg(r).arg(c).arg(err).arg(s)));
                QVERIFY(std::abs(m.q[static_cast<size_t>(r * cols + c)]) <= 127);
            }
        // Each channel's largest magnitude maps to +-127 exactly.
        const float s0 = m.scales[columns ? static_cast<size_t>(cols - 1) : static_cast<size_t>(rows - 1)];
        QCOMPARE(s0, 40.0f / 127.0f);
        QCOMPARE(static_cast<int>(m.q.back()), 127);
        QVERIFY_THROWS_EXCEPTION(Error, quantizeMatrixInt8(w, rows + 1, cols, columns));
    }

    void int8Model_data() {
        QTest::addColumn<QString>("family");
        QTest::newRow("gpt2") << "gpt2";
        QTest::newRow("llama") << "llama";
    }
    void int8Model() {
        QFETCH(QString, family);
        const QString dir = checkpoint(family);
        QVERIFY(!dir.isEmpty());
        auto base = Model::load(dir.toStdString());
        QuantizeInfo info;
        auto q = quantizeInt8(*base, &info);
        // Bytes: every 2-D block tensor as int8 plus one float32 scale per
        // output channel, everything else float32 — counted here from the
        // tensors' shapes independently of the implementation.
        const bool gpt2 = family == "gpt2";
        uint64_t want = 0;
        int64_t quantized = 0;
        int matrices = 0;
        for (int i = 0; i < base->impl().net->numBlocks(); ++i)
            for (const auto& p : base->impl().net->block(i)->parameters(false))
                if (p.dim() == 2) {
                    want += static_cast<uint64_t>(p.numel()) + 4u * static_cast<uint64_t>(p.size(gpt2 ? 1 : 0));
                    quantized += p.numel();
                    ++matrices;
                }
        want += 4u * static_cast<uint64_t>(base->summary().parameters - quantized);
        QCOMPARE(info.bytes, want);
        QCOMPARE(info.matrices, matrices);
        QCOMPARE(info.quantizedParameters, quantized);
        QCOMPARE(info.parameters, base->summary().parameters);
        QCOMPARE(info.float32Bytes, float32Bytes(*base));
        QVERIFY(info.bytes < info.float32Bytes / 2);
        QVERIFY(info.maxErrorOverScale <= 0.5 + 1e-4);
        QVERIFY(info.maxAbsError > 0);
        // Per element against the base: |w - deq| <= scale / 2, scales recomputed here.
        for (int i = 0; i < base->impl().net->numBlocks(); ++i) {
            const auto bp = base->impl().net->block(i)->parameters(false);
            const auto qp = q->impl().net->block(i)->parameters(false);
            for (size_t k = 0; k < bp.size(); ++k) {
                if (bp[k].dim() != 2) {
                    QVERIFY(torch::equal(bp[k], qp[k]));
                    continue;
                }
                auto scale = bp[k].abs().amax({gpt2 ? 0 : 1}, true) / 127.0f;
                QVERIFY(((bp[k] - qp[k]).abs() <= scale / 2 * (1 + 1e-5) + 1e-12).all().item<bool>());
                QVERIFY(!torch::equal(bp[k], qp[k]));
            }
        }
        // The quantized model computes nearly the same loss.
        std::vector<std::vector<int32_t>> seqs{kIds, {3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};
        const double lb = base->evaluate(seqs).loss, lq = q->evaluate(seqs).loss;
        QVERIFY2(std::abs(lb - lq) < 0.01 * lb, qPrintable(QString("%1 vs %2").arg(lb).arg(lq)));
    }

    void int8Demo() {
        // A trained model: int8 keeps the validation loss within 2 %.
        auto base = Model::load(testpaths::sourceStd("/resources/demo"));
        const std::string text = readFile(testpaths::sourceStd("/resources/text/calibration.txt"));
        std::vector<std::vector<int32_t>> seqs;
        for (size_t s = 0; s + 64 <= text.size() && seqs.size() < 8; s += 64) {
            std::vector<int32_t> ids;
            for (size_t i = s; i < s + 64; ++i) ids.push_back(static_cast<unsigned char>(text[i]));
            seqs.push_back(ids);
        }
        QVERIFY(!seqs.empty());
        auto q = quantizeInt8(*base);
        const double lb = base->evaluate(seqs).loss, lq = q->evaluate(seqs).loss;
        QVERIFY2(std::abs(lb - lq) < 0.02 * lb, qPrintable(QString("%1 vs %2").arg(lb).arg(lq)));
        QVERIFY(lb < 4.0); // trained: well under log(256) = 5.5
    }
};

QTEST_GUILESS_MAIN(TestCompress)
#include "tst_compress.moc"
