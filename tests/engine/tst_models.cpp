// GPT-2 and Llama-family models against an independent PyTorch forward pass.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "analysis/capture_batches.h"
#include "model/model_impl.h"
#include "model/models.h"
#include "sharelens/model.h"
#include "reference_testutil.h"
#include "testutil.h"

using namespace sharelens;

namespace {

using reftest::ids;
using reftest::kIds;
using reftest::maxAbsDiff;

} // namespace

class TestModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReference_data();
    void matchesReference();
    void formatsGiveSameLogits();
    void blockOutputsAreResidualStream();
    void rejectsBadSequences();
    void saveRoundTrip();
    void evaluationSplitsRowsOverCpus();
};

void TestModels::matchesReference_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("gpt2-f32") << QStringList{"--family", "gpt2"} << 2e-5;
    QTest::newRow("gpt2-f16-untied") << QStringList{"--family", "gpt2", "--dtype", "f16", "--untied", "--seed", "3"}
                                     << 2e-5;
    QTest::newRow("llama-f32-gqa-rope-llama3")
        << QStringList{"--family", "llama", "--rope-scaling", "--heads", "8", "--kv-heads", "2"} << 2e-5;
    QTest::newRow("llama-bf16-tied") << QStringList{"--family", "llama", "--dtype", "bf16", "--tied", "--seed", "4"}
                                     << 2e-5;
    QTest::newRow("qwen2-f32-qkv-bias") << QStringList{"--family", "qwen2", "--seed", "5"} << 2e-5;
    QTest::newRow("mistral-f16") << QStringList{"--family", "mistral", "--dtype", "f16", "--seed", "6"} << 2e-5;
}

void TestModels::matchesReference() {
    QFETCH(QStringList, args);
    QFETCH(double, tolerance);
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("model"));
    QVERIFY(testutil::makeCheckpoint(dir, args));
    reftest::compareWithReference(dir, QStringLiteral("reference_forward.py"), tolerance);
}

void TestModels::formatsGiveSameLogits() {
    QTemporaryDir tmp;
    std::vector<float> first;
    for (const char* fmt : {"safetensors", "sharded", "bin"}) {
        const QString dir = tmp.filePath(QString::fromLatin1(fmt));
        QVERIFY(
            testutil::makeCheckpoint(dir, {"--family", "llama", "--format", QString::fromLatin1(fmt), "--seed", "9"}));
        auto model = Model::load(dir.toStdString());
        const auto l = model->logits(ids()[1]);
        if (first.empty())
            first = l;
        else
            QCOMPARE(l, first);
    }
}

void TestModels::blockOutputsAreResidualStream() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "3"}));
    QJsonObject ref;
    QVERIFY(reftest::runReference(tmp, QStringLiteral("reference_forward.py"), dir, kIds, {}, &ref));
    const QJsonArray blocks = ref.value(QStringLiteral("blocks")).toArray();
    QCOMPARE(blocks.size(), 3);

    auto model = Model::load(dir.toStdString());
    const auto seq = ids()[0];
    std::vector<int64_t> v(seq.begin(), seq.end());
    auto t = torch::tensor(v, torch::kInt64).unsqueeze(0);
    std::vector<std::vector<float>> outs;
    torch::NoGradGuard ng;
    model->impl().net->hidden(t, [&](int i, const torch::Tensor& x) {
        auto c = x[0].contiguous();
        outs.emplace_back(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
        QVERIFY(i == static_cast<int>(outs.size()) - 1); // blocks in order (QVERIFY returns from the lambda only)
    });
    QCOMPARE(outs.size(), size_t(3));
    for (int b = 0; b < 3; ++b) {
        int n = 0;
        const double d = maxAbsDiff(outs[static_cast<size_t>(b)], blocks[b].toArray(), &n);
        QVERIFY2(d < 1e-4, qPrintable(QStringLiteral("block %1 differs by %2").arg(b).arg(d)));
    }
}

void TestModels::rejectsBadSequences() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--positions", "16"}));
    auto model = Model::load(dir.toStdString());
    try {
        model->evaluate({{1, 2, 500}});
        QFAIL("an id outside the vocabulary was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("500")), e.what());
    }
    // Context + 1 tokens fit (the last is only a target); one more does not.
    QCOMPARE(model->evaluate({std::vector<int32_t>(17, 3)}).tokens, int64_t(16));
    try {
        model->evaluate({std::vector<int32_t>(18, 3)});
        QFAIL("a sequence longer than the context + 1 was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("18")), e.what());
    }
}

void TestModels::saveRoundTrip() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "llama", "--untied"}));
    auto model = Model::load(dir.toStdString());
    const QString out = tmp.filePath(QStringLiteral("saved"));
    model->save(out.toStdString(), DType::F32);
    auto again = Model::load(out.toStdString());
    QCOMPARE(again->logits(ids()[2]), model->logits(ids()[2]));
    QCOMPARE(again->summary().parameters, model->summary().parameters);
}

void TestModels::evaluationSplitsRowsOverCpus() {
    // An evaluation runs its rows on one worker per CPU and adds the parts in
    // row order: the same loss as the whole batch on one thread, to rounding.
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "llama", "--seed", "9"}));
    auto model = Model::load(dir.toStdString());
    auto& net = *model->impl().net;
    const int64_t B = 6, T = 12;
    auto ids = torch::randint(0, model->config().vocabSize, {B, T}, torch::kInt64);
    const std::vector<int64_t> lengths{12, 9, 12, 5, 12, 2}; // right-padded rows
    const auto split = nextTokenLossSum(net, ids, lengths);
    std::pair<double, int64_t> whole{0.0, 0};
    int workerThreads = 0;
    runBatchesInOrder(
        1, 1,
        [&](int, size_t, const std::atomic<bool>&) {
            workerThreads = lossSumWorkers(B);
            whole = nextTokenLossSum(net, ids, lengths);
        },
        [](int, size_t) {}, [](size_t) {}, Progress{});
    QCOMPARE(workerThreads, 1); // no workers of its own inside a worker
    QCOMPARE(split.second, int64_t{11 + 8 + 11 + 4 + 11 + 1});
    QCOMPARE(whole.second, split.second);
    // Products of other row counts round float32 logits differently (3e-9
    // relative seen in the Debug build); a misplaced row moves it by far more.
    QVERIFY2(std::abs(split.first - whole.first) <= 1e-6 * std::abs(whole.first),
             qPrintable(QStringLiteral("%1 vs %2").arg(split.first, 0, 'g', 17).arg(whole.first, 0, 'g', 17)));
    if (availableCpus() < 2 || blasThreadCount() > 1) QSKIP("one CPU for LibTorch here: nothing to split");
    QCOMPARE(lossSumWorkers(B), std::min(6, captureWorkers(0, 6)));
    QVERIFY(lossSumWorkers(B) > 1);
    QCOMPARE(lossSumWorkers(1), 1);
}

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
