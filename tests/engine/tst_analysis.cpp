// Layer similarity against an independent reference (numpy's corrcoef, a
// direct CKA formula over activations from a separate PyTorch forward pass),
// and sharing plans against parameter counts derived from the architecture.
#include <QJsonArray>
#include <algorithm>
#include <atomic>
#include <thread>
#include <QTemporaryDir>
#include <QtTest>

#include "sharelens/analysis.h"
#include "sharelens/checkpoint.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "reference_testutil.h"
#include "testutil.h"

using namespace sharelens;

namespace {

double maxDiff(const Eigen::MatrixXd& m, const QJsonArray& ref) {
    double d = 0;
    if (ref.size() != m.rows()) return INFINITY;
    for (int i = 0; i < m.rows(); ++i) {
        const QJsonArray row = ref[i].toArray();
        if (row.size() != m.cols()) return INFINITY;
        for (int j = 0; j < m.cols(); ++j) d = std::max(d, std::abs(m(i, j) - row[j].toDouble()));
    }
    return d;
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReference_data();
    void matchesReference();
    void batchSizeDoesNotChangeResult();
    void workersDoNotChangeResult();
    void workersReportOnCallerAndCancel();
    void zeroVarianceIsReported();
    void badCalibration();
    void planCountsFromArchitecture();
    void planJsonRoundTrip();
    void badPlans();
    void parameterTensorRule_data();
    void parameterTensorRule();
};

void TestAnalysis::matchesReference_data() {
    QTest::addColumn<QStringList>("model");
    QTest::addColumn<bool>("sublayers");
    QTest::addColumn<bool>("skipFirst");
    QTest::newRow("gpt2 blocks") << QStringList{"--family", "gpt2", "--layers", "5"} << false << false;
    QTest::newRow("gpt2 sublayers skip-first")
        << QStringList{"--family", "gpt2", "--layers", "3", "--dtype", "f16"} << true << true;
    QTest::newRow("llama blocks") << QStringList{"--family", "llama", "--layers", "4", "--seed", "2"} << false << false;
    QTest::newRow("qwen2 sublayers") << QStringList{"--family", "qwen2", "--layers", "3", "--seed", "3"} << true
                                     << false;
}

void TestAnalysis::matchesReference() {
    QFETCH(QStringList, model);
    QFETCH(bool, sublayers);
    QFETCH(bool, skipFirst);
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, model));
    const Sequences seqs = reftest::lcgSequences(11, 24, 96, 7);
    QStringList args;
    if (sublayers) args << "--sublayers";
    if (skipFirst) args << "--skip-first";
    QJsonObject ref;
    QVERIFY(reftest::runReference(tmp, "reference_similarity.py", dir, reftest::idsJson(seqs), args, &ref));

    auto m = Model::load(dir.toStdString());
    for (Metric metric : {Metric::Pearson, Metric::Cosine, Metric::Cka}) {
        CaptureOptions o;
        o.metric = metric;
        o.units = sublayers ? UnitKind::Sublayers : UnitKind::Blocks;
        o.skipFirstToken = skipFirst;
        o.batchSize = 4;
        const auto r = computeSimilarity(*m, seqs, o);
        QCOMPARE(r.tokens, static_cast<int64_t>(ref.value("tokens").toInt()));
        QCOMPARE(static_cast<int>(r.units.size()), m->config().numLayers * (sublayers ? 2 : 1));
        const double d = maxDiff(r.similarity, ref.value(QString::fromLatin1(metricName(metric))).toArray());
        QVERIFY2(d < 1e-5, qPrintable(QString("%1: max diff %2").arg(metricName(metric)).arg(d)));
    }
}

void TestAnalysis::batchSizeDoesNotChangeResult() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "4"}));
    auto m = Model::load(dir.toStdString());
    const Sequences seqs = reftest::lcgSequences(9, 16, 96, 3);
    CaptureOptions a, b;
    a.batchSize = 1;
    b.batchSize = 9;
    const auto ra = computeSimilarity(*m, seqs, a);
    const auto rb = computeSimilarity(*m, seqs, b);
    // Only float32 rounding of differently shaped forward passes may differ.
    QVERIFY((ra.similarity - rb.similarity).cwiseAbs().maxCoeff() < 1e-6);
}

// Batches run on several workers are summed in batch order: the same bits
// with one, two or three workers, for every metric, unit kind and a partial
// last batch.
void TestAnalysis::workersDoNotChangeResult() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "llama", "--layers", "3"}));
    auto m = Model::load(dir.toStdString());
    const Sequences seqs = reftest::lcgSequences(7, 24, 96, 5);
    for (Metric metric : {Metric::Pearson, Metric::Cosine, Metric::Cka})
        for (UnitKind units : {UnitKind::Blocks, UnitKind::Sublayers}) {
            CaptureOptions o;
            o.metric = metric;
            o.units = units;
            o.batchSize = 2; // 4 batches, the last with one sequence
            o.skipFirstToken = true;
            o.threads = 1;
            const auto one = computeSimilarity(*m, seqs, o);
            for (int w : {2, 3}) {
                o.threads = w;
                const auto r = computeSimilarity(*m, seqs, o);
                QCOMPARE(r.tokens, one.tokens);
                QVERIFY2((r.similarity.array() == one.similarity.array()).all(),
                         qPrintable(QString("%1 %2, %3 workers: max diff %4")
                                        .arg(metricName(metric), unitKindName(units))
                                        .arg(w)
                                        .arg((r.similarity - one.similarity).cwiseAbs().maxCoeff())));
            }
        }
}

// Progress comes from the calling thread, in order, up to 1; a cancel stops
// the workers and throws Cancelled.
void TestAnalysis::workersReportOnCallerAndCancel() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "4"}));
    auto m = Model::load(dir.toStdString());
    const Sequences seqs = reftest::lcgSequences(12, 32, 96, 2);
    CaptureOptions o;
    o.batchSize = 1;
    o.threads = 2;
    const auto caller = std::this_thread::get_id();
    std::vector<double> fractions;
    bool otherThread = false;
    std::atomic<bool> cancel{false};
    Progress p(
        [&](const ProgressInfo& i) {
            if (std::this_thread::get_id() != caller) otherThread = true;
            if (i.stageIndex == 1) fractions.push_back(i.fraction);
        },
        &cancel);
    computeSimilarity(*m, seqs, o, p);
    QVERIFY(!otherThread);
    // The start, every committed batch and, between them, the blocks done of
    // the batches in work.
    QCOMPARE(fractions.front(), 0.0);
    QVERIFY(fractions.size() >= 13);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);

    fractions.clear();
    Progress stopping(
        [&](const ProgressInfo& i) {
            if (i.stageIndex == 1) {
                fractions.push_back(i.fraction);
                if (i.fraction >= 0.25) cancel = true;
            }
        },
        &cancel);
    QVERIFY_THROWS_EXCEPTION(Cancelled, computeSimilarity(*m, seqs, o, stopping));
    QVERIFY(!fractions.empty() && fractions.back() < 1.0);
}

void TestAnalysis::zeroVarianceIsReported() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("zero");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "llama", "--zero"}));
    auto m = Model::load(dir.toStdString());
    for (Metric metric : {Metric::Pearson, Metric::Cosine, Metric::Cka}) {
        CaptureOptions o;
        o.metric = metric;
        try {
            computeSimilarity(*m, reftest::lcgSequences(2, 8, 96, 1), o);
            QFAIL("constant activations were accepted");
        } catch (const Error& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains("constant") && msg.contains("block 0"), e.what());
        }
    }
}

void TestAnalysis::badCalibration() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--positions", "32"}));
    auto m = Model::load(dir.toStdString());
    struct Case {
        Sequences seqs;
        const char* fragment;
    };
    const std::vector<Case> cases = {
        {{}, "empty"},
        {{{1, 2, 96}}, "96"},
        {{std::vector<int32_t>(33, 1)}, "32"},
    };
    for (const auto& c : cases) {
        try {
            computeSimilarity(*m, c.seqs, {});
            QFAIL(qPrintable(QString("accepted bad input (%1)").arg(c.fragment)));
        } catch (const Error& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QString::fromLatin1(c.fragment)), e.what());
        }
    }
}

void TestAnalysis::planCountsFromArchitecture() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "6", "--hidden", "64", "--dtype", "f16"}));
    const auto ck = openCheckpoint(dir.toStdString());
    const int64_t H = 64;
    const int64_t block = 12 * H * H + 13 * H; // GPT-2 block parameters
    const int64_t norms = 4 * H;
    const auto plan = makePlan(ck, UnitKind::Blocks, {{1, 2, 3}, {4, 5}});
    QCOMPARE(plan.units.size(), size_t(6));
    QCOMPARE(plan.units[2].parameters, block);
    QCOMPARE(plan.groups.size(), size_t(3)); // {0}, {1,2,3}, {4,5}
    QCOMPARE(plan.baselineParameters, ck.parameterCount());
    QCOMPARE(plan.sharedParameters, plan.baselineParameters - 3 * block);
    QCOMPARE(plan.bytesPerParameter, 2);
    QCOMPARE(plan.baselineBytes - plan.sharedBytes, static_cast<uint64_t>(3 * block * 2));
    const auto priv = makePlan(ck, UnitKind::Blocks, {{1, 2, 3}, {4, 5}}, SharedInit::Mean, true);
    QCOMPARE(priv.sharedParameters, plan.baselineParameters - 3 * (block - norms));

    const auto sub = makePlan(ck, UnitKind::Sublayers, {{0, 2, 4}}); // attention of layers 0..2
    QCOMPARE(sub.units.size(), size_t(12));
    QCOMPARE(sub.units[0].parameters, 4 * H * H + 4 * H + 2 * H); // c_attn, c_proj, ln_1
    QCOMPARE(sub.units[1].parameters, 8 * H * H + 5 * H + 2 * H); // c_fc, c_proj, ln_2
    QCOMPARE(sub.sharedParameters, sub.baselineParameters - 2 * sub.units[0].parameters);
}

void TestAnalysis::planJsonRoundTrip() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "llama", "--layers", "4"}));
    const auto ck = openCheckpoint(dir.toStdString());
    const auto plan = makePlan(ck, UnitKind::Blocks, {{0, 3}, {1, 2}}, SharedInit::Medoid, true);
    const auto back = planFromJson(planToJson(plan), "plan.json");
    QCOMPARE(back.units.size(), plan.units.size());
    QCOMPARE(back.groups.size(), plan.groups.size());
    for (size_t i = 0; i < plan.groups.size(); ++i) {
        QCOMPARE(back.groups[i].members, plan.groups[i].members);
        QCOMPARE(back.groups[i].init, SharedInit::Medoid);
        QCOMPARE(back.groups[i].savedParameters, plan.groups[i].savedParameters);
    }
    QCOMPARE(back.sharedParameters, plan.sharedParameters);
    QCOMPARE(back.baselineBytes, plan.baselineBytes);
    QCOMPARE(back.units[1].tensors, plan.units[1].tensors);
    QCOMPARE(planToJson(back), planToJson(plan));
}

void TestAnalysis::badPlans() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "3"}));
    const auto ck = openCheckpoint(dir.toStdString());
    QVERIFY_THROWS_EXCEPTION(Error, makePlan(ck, UnitKind::Blocks, {{0, 1}, {1, 2}}));
    QVERIFY_THROWS_EXCEPTION(Error, makePlan(ck, UnitKind::Blocks, {{0, 7}}));
    const char* bad[] = {
        "{", "[]", R"({"units": [], "groups": [{"members": [0]}]})",
        R"({"units": [{"name":"b","layer":0,"part":"block","parameters":1}], "groups": [{"members": [0], "init": "magic"}]})"};
    for (const char* text : bad) {
        try {
            planFromJson(text, "plan.json");
            QFAIL(qPrintable(QString("accepted %1").arg(text)));
        } catch (const Error& e) {
            QVERIFY2(QString::fromStdString(e.what()).startsWith("plan.json: "), e.what());
        }
    }
}

void TestAnalysis::parameterTensorRule_data() {
    QTest::addColumn<bool>("gpt2");
    QTest::addColumn<bool>("tied");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("parameter");
    QTest::newRow("gpt2 mask buffer") << true << true << "transformer.h.3.attn.bias" << false;
    QTest::newRow("gpt2 mask buffer, no prefix") << true << true << "h.0.attn.bias" << false;
    QTest::newRow("gpt2 masked_bias") << true << true << "h.0.attn.masked_bias" << false;
    QTest::newRow("gpt2 qkv bias") << true << true << "transformer.h.3.attn.c_attn.bias" << true;
    QTest::newRow("gpt2 tied head") << true << true << "lm_head.weight" << false;
    QTest::newRow("gpt2 untied head") << true << false << "lm_head.weight" << true;
    QTest::newRow("llama rotary buffer") << false << false << "model.layers.0.self_attn.rotary_emb.inv_freq" << false;
    QTest::newRow("llama q bias") << false << false << "model.layers.0.self_attn.q_proj.bias" << true;
    QTest::newRow("llama head") << false << false << "lm_head.weight" << true;
}

void TestAnalysis::parameterTensorRule() {
    QFETCH(bool, gpt2);
    QFETCH(bool, tied);
    QFETCH(QString, name);
    QFETCH(bool, parameter);
    ModelConfig c;
    c.family = gpt2 ? Family::Gpt2 : Family::Llama;
    c.tieEmbeddings = tied;
    QCOMPARE(isParameterTensor(c, name.toStdString()), parameter);
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
