// Gemma 2 and Gemma 3 (text): logits against an independent PyTorch forward
// pass (tests/reference/reference_forward.py) on checkpoints in the real
// layout, the soft-capped attention's gradients, config fields and refusals,
// attention types in clustering and plans, and the command-line round trips.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include <nlohmann/json.hpp>

#include "errortest.h"
#include "model/attention.h"
#include "model/model_impl.h"
#include "sharelens/analysis.h"
#include "sharelens/checkpoint.h"
#include "sharelens/cluster.h"
#include "sharelens/config.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"
#include "reference_testutil.h"
#include "testutil.h"

using namespace sharelens;
using json = nlohmann::json;

namespace {

using reftest::ids;
using reftest::maxAbsDiff;

// Gemma 2 (4 layers: sliding, global, sliding, global) or Gemma 3 (6 layers,
// pattern 3: sliding, sliding, global, ...), written by the generator.
QStringList gemma2Args() { return {"--family", "gemma2"}; }
QStringList gemma3Args() { return {"--family", "gemma3_text", "--layers", "6"}; }

// Naive softmax(scale q k^T capped, causal and windowed) v, for autograd.
torch::Tensor naiveAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int64_t window,
                             double scale, double cap) {
    const auto T = q.size(1);
    auto s = torch::bmm(q, k.transpose(1, 2)) * scale;
    if (cap > 0) s = torch::tanh(s / cap) * cap;
    auto i = torch::arange(T).unsqueeze(1), j = torch::arange(T).unsqueeze(0);
    auto masked = j > i;
    if (window > 0) masked = masked | (j <= i - window);
    s = s.masked_fill(masked, -INFINITY);
    return torch::bmm(torch::softmax(s, -1), v);
}

// The one-line message a CLI run ends with (stderr's last line).
QString lastLine(const QString& err) {
    const auto lines = err.trimmed().split(QLatin1Char('\n'));
    return lines.isEmpty() ? QString() : lines.back();
}

} // namespace

class TestGemma : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReference_data();
    void matchesReference();
    void windowAndTypesMatter();
    void softcapAttentionGradients_data();
    void softcapAttentionGradients();
    void configFields();
    void configRoundTrip();
    void badConfig_data();
    void badConfig();
    void unitNamesCarryAttentionType();
    void planMixingTypesRefused();
    void cliRoundTrips();
    void cliMixedAttentionFlag();
};

void TestGemma::matchesReference_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("gemma2-f32") << gemma2Args();
    QTest::newRow("gemma2-bf16-untied") << gemma2Args() + QStringList{"--dtype", "bf16", "--untied", "--seed", "3"};
    QTest::newRow("gemma3-f32-linear-rope") << gemma3Args() + QStringList{"--rope-scaling", "--seed", "4"};
    QTest::newRow("gemma3-bf16-mqa") << gemma3Args() + QStringList{"--dtype", "bf16", "--kv-heads", "1", "--seed", "5"};
}

void TestGemma::matchesReference() {
    QFETCH(QStringList, args);
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("model"));
    QVERIFY(testutil::makeCheckpoint(dir, args));
    reftest::compareWithReference(dir, QStringLiteral("reference_forward.py"), 1e-4);
}

// The reference comparison means something: the sliding window, the layer
// types and the soft-caps each change the logits of the test sequence.
void TestGemma::windowAndTypesMatter() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, gemma2Args()));
    const auto base = Model::load(dir.toStdString())->logits(ids()[0]);
    const QString cfg = dir + QStringLiteral("/config.json");
    const QByteArray original = testutil::readAll(cfg);
    const std::vector<std::pair<QByteArray, QByteArray>> edits{
        {"\"sliding_window\": 6", "\"sliding_window\": 64"},
        {"\"attn_logit_softcapping\": 5.0", "\"attn_logit_softcapping\": null"},
        {"\"final_logit_softcapping\": 15.0", "\"final_logit_softcapping\": null"},
        {"\"query_pre_attn_scalar\": 24", "\"query_pre_attn_scalar\": 32"}};
    for (const auto& [from, to] : edits) {
        QVERIFY(testutil::writeFile(cfg, original));
        QVERIFY2(testutil::replaceIn(cfg, from, to), from.constData());
        const double d = maxAbsDiff(base, Model::load(dir.toStdString())->logits(ids()[0]));
        QVERIFY2(d > 1e-3,
                 qPrintable(QStringLiteral("%1: logits moved by %2 only").arg(QString::fromLatin1(to)).arg(d)));
    }
}

void TestGemma::softcapAttentionGradients_data() {
    QTest::addColumn<int>("window");
    QTest::addColumn<double>("scale");
    QTest::addColumn<double>("cap");
    QTest::addColumn<int>("block");
    QTest::newRow("cap, scalar, window 5") << 5 << 0.3 << 2.0 << 4;
    QTest::newRow("cap, no window") << 0 << 0.0 << 1.5 << 32;
    QTest::newRow("scale only, window") << 7 << 0.7 << 0.0 << 3;
}

// Values and first derivatives of the blocked attention with a query scale
// and soft-capping equal autograd through the naive computation (double).
void TestGemma::softcapAttentionGradients() {
    QFETCH(int, window);
    QFETCH(double, scale);
    QFETCH(double, cap);
    QFETCH(int, block);
    torch::manual_seed(11);
    const auto opt = torch::TensorOptions().dtype(torch::kFloat64);
    auto q = (torch::randn({3, 19, 8}, opt) * 2).requires_grad_();
    auto k = (torch::randn({3, 19, 8}, opt) * 2).requires_grad_();
    auto v = torch::randn({3, 19, 8}, opt).requires_grad_();
    auto g = torch::randn({3, 19, 8}, opt);
    auto y = causalAttention(q, k, v, window, block, scale, cap);
    auto grads = torch::autograd::grad({y}, {q, k, v}, {g});
    const double s = scale > 0 ? scale : 1.0 / std::sqrt(8.0);
    auto yRef = naiveAttention(q, k, v, window, s, cap);
    auto gradsRef = torch::autograd::grad({yRef}, {q, k, v}, {g});
    QVERIFY(torch::allclose(y, yRef, 1e-10, 1e-12));
    for (size_t i = 0; i < 3; ++i)
        QVERIFY2(torch::allclose(grads[i], gradsRef[i], 1e-9, 1e-11),
                 qPrintable(QStringLiteral("gradient %1 differs by %2")
                                .arg(i)
                                .arg((grads[i] - gradsRef[i]).abs().max().item<double>())));
}

void TestGemma::configFields() {
    // gemma-2-2b's config.json (no layer_types: the pattern; soft-caps given).
    const ModelConfig g2 = parseConfig(R"({"architectures": ["Gemma2ForCausalLM"], "model_type": "gemma2",
        "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0, "head_dim": 256,
        "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 2304, "intermediate_size": 9216,
        "max_position_embeddings": 8192, "num_attention_heads": 8, "num_hidden_layers": 26,
        "num_key_value_heads": 4, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06, "rope_theta": 10000.0,
        "sliding_window": 4096, "vocab_size": 256000, "cache_implementation": "hybrid", "torch_dtype": "float32"})",
                                       "c.json");
    QCOMPARE(QString::fromStdString(g2.architectureName()), QStringLiteral("Gemma 2"));
    QCOMPARE(g2.headDim, 256);
    QCOMPARE(g2.attnSoftcap, 50.0);
    QCOMPARE(g2.finalSoftcap, 30.0);
    QVERIFY(g2.tieEmbeddings && g2.normAddsOne && g2.scaleEmbeddings);
    QVERIFY(g2.normPlacement == NormPlacement::Sandwich && g2.qkNorm == QkNorm::None);
    QCOMPARE(g2.layerTypes.size(), size_t(26));
    QVERIFY(g2.isSlidingLayer(0) && !g2.isSlidingLayer(1) && g2.isSlidingLayer(24) && !g2.isSlidingLayer(25));
    // gemma-3-270m's (layer_types, null soft-caps, local RoPE base).
    json j3 = json::parse(R"({"architectures": ["Gemma3ForCausalLM"], "model_type": "gemma3_text",
        "_sliding_window_pattern": 6, "attn_logit_softcapping": null, "final_logit_softcapping": null,
        "head_dim": 256, "hidden_size": 640, "intermediate_size": 2048, "max_position_embeddings": 32768,
        "num_attention_heads": 4, "num_hidden_layers": 18, "num_key_value_heads": 1, "query_pre_attn_scalar": 256,
        "rms_norm_eps": 1e-06, "rope_local_base_freq": 10000.0, "rope_scaling": null, "rope_theta": 1000000.0,
        "sliding_window": 512, "vocab_size": 262144, "use_bidirectional_attention": false})");
    json types = json::array();
    for (int i = 0; i < 18; ++i) types.push_back((i + 1) % 6 ? "sliding_attention" : "full_attention");
    j3["layer_types"] = types;
    const ModelConfig g3 = parseConfig(j3.dump(), "c.json");
    QCOMPARE(QString::fromStdString(g3.architectureName()), QStringLiteral("Gemma 3"));
    QCOMPARE(g3.attnSoftcap, 0.0);
    QCOMPARE(g3.finalSoftcap, 0.0);
    QCOMPARE(g3.ropeLocalTheta, 10000.0);
    QVERIFY(g3.qkNorm == QkNorm::PerHead);
    QVERIFY(g3.isSlidingLayer(4) && !g3.isSlidingLayer(5) && !g3.isSlidingLayer(17));
    // Without layer_types, the pattern gives the same types; absent soft-caps default per family.
    j3.erase("layer_types");
    QCOMPARE(parseConfig(j3.dump(), "c.json").layerTypes, g3.layerTypes);
    json j2 = json::parse(configToJson(g2));
    j2.erase("attn_logit_softcapping");
    j2.erase("final_logit_softcapping");
    const ModelConfig d2 = parseConfig(j2.dump(), "c.json");
    QCOMPARE(d2.attnSoftcap, 50.0);
    QCOMPARE(d2.finalSoftcap, 30.0);
}

void TestGemma::configRoundTrip() {
    QTemporaryDir tmp;
    for (const auto& args : {gemma2Args(), gemma3Args() + QStringList{"--rope-scaling"}}) {
        const QString dir = tmp.filePath(args[1]);
        QVERIFY(testutil::makeCheckpoint(dir, args));
        const ModelConfig a = loadConfig((dir + QStringLiteral("/config.json")).toStdString());
        const ModelConfig b = parseConfig(configToJson(a), "again.json");
        QCOMPARE(b.modelType, a.modelType);
        QCOMPARE(b.headDim, a.headDim);
        QCOMPARE(b.layerTypes, a.layerTypes);
        QCOMPARE(b.slidingWindow, a.slidingWindow);
        QCOMPARE(b.attnSoftcap, a.attnSoftcap);
        QCOMPARE(b.finalSoftcap, a.finalSoftcap);
        QCOMPARE(b.queryPreAttnScalar, a.queryPreAttnScalar);
        QCOMPARE(b.ropeTheta, a.ropeTheta);
        QCOMPARE(b.ropeLocalTheta, a.ropeLocalTheta);
        QCOMPARE(b.ropeScalingType, a.ropeScalingType);
        QCOMPARE(b.ropeScalingFactor, a.ropeScalingFactor);
        QCOMPARE(b.tieEmbeddings, a.tieEmbeddings);
        QCOMPARE(b.activation, a.activation);
        QVERIFY(b.qkNorm == a.qkNorm);
    }
}

void TestGemma::badConfig_data() {
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("message");
    const QString tail =
        QStringLiteral(" config.json is not implemented by this version of ShareLens; loading the model "
                       "without it would compute a different model. Use a checkpoint without it, or a "
                       "ShareLens that implements it.");
    QTest::newRow("unknown layer type")
        << QByteArray(R"({"layer_types": ["sliding_attention", "chunked_attention", "full_attention",
                         "sliding_attention", "sliding_attention", "full_attention"]})")
        << QStringLiteral("layer_types = \"chunked_attention\" in this Gemma 3") + tail;
    QTest::newRow("layer types count") << QByteArray(R"({"layer_types": ["sliding_attention", "full_attention"]})")
                                       << QStringLiteral("layer_types lists 2 entries, but the model has 6 layers; the "
                                                         "config.json is inconsistent. Use the checkpoint's own "
                                                         "config.json.");
    QTest::newRow("yarn rope") << QByteArray(R"({"rope_scaling": {"rope_type": "yarn", "factor": 8.0}})")
                               << QStringLiteral("rope_scaling.rope_type = \"yarn\" in this Gemma 3") + tail;
    QTest::newRow("llama3 rope") << QByteArray(R"({"rope_scaling": {"type": "llama3", "factor": 8.0}})")
                                 << QStringLiteral("rope_scaling.type = \"llama3\" in this Gemma 3") + tail;
    QTest::newRow("moe") << QByteArray(R"({"num_experts": 8})")
                         << QStringLiteral("num_experts = 8 in this Gemma 3") + tail;
    QTest::newRow("bidirectional") << QByteArray(R"({"use_bidirectional_attention": true})")
                                   << QStringLiteral("use_bidirectional_attention = true in this Gemma 3") + tail;
    QTest::newRow("activation") << QByteArray(R"({"hidden_activation": "relu"})")
                                << QStringLiteral("hidden_activation = \"relu\" in this Gemma 3") + tail;
    QTest::newRow("vision model") << QByteArray(R"({"model_type": "gemma3"})")
                                  << QStringLiteral("model_type = \"gemma3\" (Gemma 3 with vision) in this Gemma 3") +
                                         tail;
    QTest::newRow("gemma2 attention bias") << QByteArray(R"({"model_type": "gemma2", "attention_bias": true})")
                                           << QStringLiteral("attention_bias = true in this Gemma 2") + tail;
}

void TestGemma::badConfig() {
    QFETCH(QByteArray, patch);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, gemma3Args()));
    const QString cfg = dir + QStringLiteral("/config.json");
    json j = json::parse(testutil::readAll(cfg).toStdString());
    j.merge_patch(json::parse(patch.toStdString()));
    const auto e = testutil::errorOf([&] { parseConfig(j.dump(), cfg.toStdString()); });
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->message().text()), message);
}

// Unit names carry the attention type, so clustering keeps the types apart
// by default (unitKinds) and shows them.
void TestGemma::unitNamesCarryAttentionType() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, gemma3Args()));
    auto model = Model::load(dir.toStdString());
    CaptureOptions o;
    o.units = UnitKind::Sublayers;
    const auto sim = computeSimilarity(*model, ids(), o);
    QCOMPARE(sim.units.size(), size_t(12));
    QCOMPARE(QString::fromStdString(sim.units[0]), QStringLiteral("attn 0 (sliding)"));
    QCOMPARE(QString::fromStdString(sim.units[5]), QStringLiteral("mlp 2 (global)"));
    const auto kinds = unitKinds(sim.units);
    QCOMPARE(kinds, (std::vector<int>{0, 1, 0, 1, 2, 3, 0, 1, 0, 1, 2, 3}));
    // Even at the loosest threshold no group mixes types.
    const Eigen::MatrixXd dist = (1.0 - sim.similarity.array()).matrix();
    const LinkageMatrix z = linkageByKind(dist, LinkageMethod::Average, false, kinds);
    QCOMPARE(z.size(), size_t(11));
    // 12 units of 4 kinds (4 + 4 + 2 + 2): 8 merges within kinds, 3 joins above 2.
    for (size_t r = 0; r < 8; ++r) QVERIFY2(z[r][2] <= 2.0, "within-kind merge above 2");
    for (size_t r = 8; r < 11; ++r) QVERIFY2(z[r][2] > 2.0, "kinds joined below 2");
    const auto ck = model->checkpoint();
    QCOMPARE(QString::fromStdString(planUnits(ck, UnitKind::Blocks)[2].name), QStringLiteral("block 2 (global)"));
}

void TestGemma::planMixingTypesRefused() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, gemma2Args()));
    auto model = Model::load(dir.toStdString());
    const auto mixed = makePlan(model->checkpoint(), UnitKind::Blocks, {{0, 1}});
    const auto e = testutil::errorOf([&] { makeSharedModel(*model, mixed, ShareOptions{}); });
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->message().text()),
             QStringLiteral("group 0 ties layer 0 (local sliding-window attention) with layer 1 (global attention); "
                            "layers of different attention types attend differently and should not share parameters. "
                            "Make groups of one attention type, or pass --allow-mixed-attention to tie them anyway."));
    ShareOptions allow;
    allow.allowMixedAttention = true;
    auto shared = makeSharedModel(*model, mixed, allow);
    QVERIFY(shared->impl().net->block(0) == shared->impl().net->block(1));
    // Groups of one type are fine; an attention unit of a sliding layer with one of a global layer is not.
    const auto same = makePlan(model->checkpoint(), UnitKind::Sublayers, {{0, 4}, {3, 7}});
    QVERIFY(makeSharedModel(*model, same, ShareOptions{}));
    QVERIFY(testutil::errorOf([&] {
        makeSharedModel(*model, makePlan(model->checkpoint(), UnitKind::Sublayers, {{1, 3}}), ShareOptions{});
    }));
}

void TestGemma::cliRoundTrips() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, gemma3Args() + QStringList{"--dtype", "bf16"}));
    const QString idsPath = tmp.filePath(QStringLiteral("ids.json"));
    QByteArray many = "[";
    for (int s = 0; s < 12; ++s) {
        many += s ? ",[" : "[";
        for (int t = 0; t < 16; ++t) many += (t ? "," : "") + QByteArray::number((s * 7 + t * 5) % 96);
        many += "]";
    }
    QVERIFY(testutil::writeFile(idsPath, many + "]"));
    const QString out = tmp.filePath(QStringLiteral("analysis"));
    auto r = testutil::runCli(
        {"analyze", dir, "--token-ids", idsPath, "--units", "sublayers", "--threshold", "1.9", "--out", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject analysis = testutil::readJson(out + QStringLiteral("/analysis.json"));
    const QString units = QString::fromUtf8(QJsonDocument(analysis).toJson());
    QVERIFY2(units.contains(QStringLiteral("attn 2 (global)")), "unit names lack the attention type");
    const QString plan = out + QStringLiteral("/analysis.json");
    const QString ft = tmp.filePath(QStringLiteral("ft"));
    r = testutil::runCli({"finetune", dir, "--plan", plan, "--token-ids", idsPath, "--steps", "2", "--seq-len", "8",
                          "--batch", "2", "--out", ft});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // Compact and Hugging Face exports of the trained shared model give its logits.
    auto trained = Model::load((ft + QStringLiteral("/shared")).toStdString());
    const auto want = trained->logits(ids()[0]);
    for (const char* format : {"compact", "hf"}) {
        const QString exp = tmp.filePath(QStringLiteral("exp-") + QLatin1String(format));
        r = testutil::runCli({"export", ft + QStringLiteral("/shared"), "--format", QLatin1String(format), "--out", exp,
                              "--dtype", "f32"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        auto back = Model::load(exp.toStdString());
        QCOMPARE(QString::fromStdString(back->config().modelType), QStringLiteral("gemma3_text"));
        const double d = maxAbsDiff(want, back->logits(ids()[0]));
        QVERIFY2(d < 1e-5, qPrintable(QStringLiteral("%1 export differs by %2").arg(QLatin1String(format)).arg(d)));
    }
}

void TestGemma::cliMixedAttentionFlag() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("m"));
    QVERIFY(testutil::makeCheckpoint(dir, gemma2Args()));
    const QString plan = tmp.filePath(QStringLiteral("plan.json"));
    QVERIFY(testutil::writeFile(plan, QByteArray::fromStdString(planToJson(
                                          makePlan(openCheckpoint(dir.toStdString()), UnitKind::Blocks, {{2, 3}})))));
    const QString out = tmp.filePath(QStringLiteral("exp"));
    auto r = testutil::runCli({"export", dir, "--plan", plan, "--format", "compact", "--out", out});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(lastLine(r.err),
             QStringLiteral("sharelens-cli: error: group 2 ties layer 2 (local sliding-window attention) with layer 3 "
                            "(global attention); layers of different attention types attend differently and should "
                            "not share parameters. Make groups of one attention type, or pass "
                            "--allow-mixed-attention to tie them anyway."));
    r = testutil::runCli(
        {"export", dir, "--plan", plan, "--format", "compact", "--out", out, "--allow-mixed-attention"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(Model::load(out.toStdString()));
    const QString idsPath = tmp.filePath(QStringLiteral("ids.json"));
    QVERIFY(testutil::writeFile(idsPath, reftest::kIds));
    r = testutil::runCli({"compare", dir, "--plan", plan, "--token-ids", idsPath});
    QCOMPARE(r.exitCode, 1);
    r = testutil::runCli({"compare", dir, "--plan", plan, "--token-ids", idsPath, "--allow-mixed-attention"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestGemma)
#include "tst_gemma.moc"
