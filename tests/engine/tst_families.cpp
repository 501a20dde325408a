// Qwen3, OLMo 2 and Phi-3: logits against an independent PyTorch forward
// pass written from the architectures (tests/reference/reference_families.py)
// on checkpoints in each family's real layout (make_family_checkpoint.py),
// config.json round trips, and the messages for fields not implemented.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>

#include "errortest.h"
#include "sharelens/config.h"
#include "sharelens/model.h"
#include "sharelens/tensor_set.h"
#include "reference_testutil.h"
#include "testutil.h"

using namespace sharelens;
using json = nlohmann::json;

namespace {

using reftest::ids;

bool makeFamily(const QString& dir, const QStringList& args) {
    return testutil::runPython(QStringLiteral("make_family_checkpoint.py"),
                               QStringList{QStringLiteral("--out"), dir} + args);
}

// Realistic configs (shapes of the published ones), as Hugging Face writes them.
json base(const QString& family) {
    if (family == QLatin1String("qwen3"))
        return json::parse(R"({"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "attention_bias": false,
          "attention_dropout": 0.0, "bos_token_id": 151643, "eos_token_id": 151645, "head_dim": 128,
          "hidden_act": "silu", "hidden_size": 1024, "initializer_range": 0.02, "intermediate_size": 3072,
          "max_position_embeddings": 40960, "max_window_layers": 28, "num_attention_heads": 16,
          "num_hidden_layers": 28, "num_key_value_heads": 8, "rms_norm_eps": 1e-06, "rope_scaling": null,
          "rope_theta": 1000000, "sliding_window": null, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
          "transformers_version": "4.51.0", "use_cache": true, "use_sliding_window": false, "vocab_size": 151936})");
    if (family == QLatin1String("olmo2"))
        return json::parse(R"({"architectures": ["Olmo2ForCausalLM"], "model_type": "olmo2", "attention_bias": false,
          "attention_dropout": 0.0, "eos_token_id": 100257, "hidden_act": "silu", "hidden_size": 2048,
          "initializer_range": 0.02, "intermediate_size": 8192, "max_position_embeddings": 4096,
          "num_attention_heads": 16, "num_hidden_layers": 16, "num_key_value_heads": 16, "pad_token_id": 100277,
          "rms_norm_eps": 1e-06, "rope_scaling": null, "rope_theta": 500000, "tie_word_embeddings": false,
          "torch_dtype": "float32", "use_cache": true, "vocab_size": 100352})");
    json phi = json::parse(R"({"architectures": ["Phi3ForCausalLM"], "model_type": "phi3", "attention_bias": false,
          "attention_dropout": 0.0, "bos_token_id": 1, "embd_pdrop": 0.0, "eos_token_id": 32000,
          "hidden_act": "silu", "hidden_size": 3072, "initializer_range": 0.02, "intermediate_size": 8192,
          "max_position_embeddings": 131072, "num_attention_heads": 32, "num_hidden_layers": 32,
          "num_key_value_heads": 32, "original_max_position_embeddings": 4096, "pad_token_id": 32000,
          "resid_pdrop": 0.0, "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "sliding_window": 262144,
          "tie_word_embeddings": false, "torch_dtype": "bfloat16", "use_cache": true, "vocab_size": 32064})");
    json shortF = json::array(), longF = json::array();
    for (int i = 0; i < 48; ++i) {
        shortF.push_back(1.0 + 0.01 * i);
        longF.push_back(1.0 + 1.5 * i);
    }
    phi["rope_scaling"] = {{"type", "longrope"}, {"short_factor", shortF}, {"long_factor", longF}};
    return phi;
}

json patched(const QString& family, const QByteArray& patch) {
    json j = base(family);
    if (!patch.isEmpty()) j.merge_patch(json::parse(patch.toStdString()));
    return j;
}

const std::string kNotImplemented = " config.json is not implemented by this version of ShareLens; loading the model "
                                    "without it would compute a different model. Use a checkpoint without it, or a "
                                    "ShareLens that implements it.";

} // namespace

class TestFamilies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReference_data();
    void matchesReference();
    void createdModelSavesAndLoads_data();
    void createdModelSavesAndLoads();
    void readsFamilyFields();
    void tensorLayout();
    void configRoundTrip_data();
    void configRoundTrip();
    void ignoredFields();
    void notImplemented_data();
    void notImplemented();
};

void TestFamilies::matchesReference_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("checkLoss"); // all three sequences on the same side of the longrope switch
    // The first sequence has 20 tokens; Phi-3's rows put original_max_position_embeddings below,
    // at and above it (exactly 20 still uses the short factors).
    QTest::newRow("qwen3-f32-tied-gqa") << QStringList{"--family", "qwen3"} << true;
    QTest::newRow("qwen3-bf16-untied") << QStringList{"--family", "qwen3", "--dtype", "bf16", "--untied", "--seed", "2"}
                                       << true;
    QTest::newRow("qwen3-f32-sliding-layers")
        << QStringList{"--family", "qwen3", "--sliding-window", "5", "--seed", "3"} << true;
    QTest::newRow("olmo2-f32-untied-gqa") << QStringList{"--family", "olmo2", "--seed", "4"} << true;
    QTest::newRow("olmo2-bf16-tied") << QStringList{"--family", "olmo2", "--dtype", "bf16", "--tied", "--seed", "5"}
                                     << true;
    QTest::newRow("phi3-f32-longrope-long")
        << QStringList{"--family", "phi3", "--original-positions", "4", "--seed", "6"} << true;
    QTest::newRow("phi3-f32-longrope-short")
        << QStringList{"--family", "phi3", "--original-positions", "32", "--seed", "7"} << true;
    QTest::newRow("phi3-f32-longrope-at-20")
        << QStringList{"--family", "phi3", "--original-positions", "20", "--seed", "8"} << false;
    QTest::newRow("phi3-f32-longrope-at-19")
        << QStringList{"--family", "phi3", "--original-positions", "19", "--seed", "8"} << false;
    QTest::newRow("phi3-bf16-longrope-long")
        << QStringList{"--family", "phi3", "--dtype", "bf16", "--original-positions", "4", "--seed", "9"} << true;
    QTest::newRow("phi3-bf16-longrope-short")
        << QStringList{"--family", "phi3", "--dtype", "bf16", "--original-positions", "64", "--seed", "10"} << true;
    QTest::newRow("phi3-f32-tied-window-no-scaling")
        << QStringList{"--family", "phi3", "--tied", "--no-rope-scaling", "--sliding-window", "6", "--seed", "11"}
        << true;
}

void TestFamilies::matchesReference() {
    QFETCH(QStringList, args);
    QFETCH(bool, checkLoss);
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("model"));
    QVERIFY(makeFamily(dir, args));
    reftest::compareWithReference(dir, QStringLiteral("reference_families.py"), 1e-4, checkLoss);
}

void TestFamilies::createdModelSavesAndLoads_data() {
    QTest::addColumn<QString>("family");
    QTest::newRow("qwen3") << QStringLiteral("qwen3");
    QTest::newRow("olmo2") << QStringLiteral("olmo2");
    QTest::newRow("phi3") << QStringLiteral("phi3");
}

// createModel's init: every tensor of the family, norms at one, saved in the
// real layout and loaded back to the same logits.
void TestFamilies::createdModelSavesAndLoads() {
    QFETCH(QString, family);
    QTemporaryDir tmp;
    QVERIFY(makeFamily(tmp.filePath("src"), {"--family", family}));
    const ModelConfig c = loadConfig(tmp.filePath("src/config.json").toStdString());
    auto model = Model::create(c, 7);
    model->save(tmp.filePath("out").toStdString(), DType::F32);
    auto again = Model::load(tmp.filePath("out").toStdString());
    QCOMPARE(again->logits(ids()[2]), model->logits(ids()[2]));
    QCOMPARE(QString::fromStdString(again->config().architectureName()), QString::fromStdString(c.architectureName()));
}

void TestFamilies::readsFamilyFields() {
    const ModelConfig q = parseConfig(base("qwen3").dump(), "config.json");
    QCOMPARE(QString::fromStdString(q.architectureName()), QStringLiteral("Qwen3"));
    QCOMPARE(q.headDim, 128); // not 1024 / 16
    QCOMPARE(int(q.qkNorm), int(QkNorm::PerHead));
    QCOMPARE(q.slidingWindow, 0);
    QVERIFY(q.layerTypes.empty());
    QCOMPARE(q.tieEmbeddings, true);

    const ModelConfig o = parseConfig(base("olmo2").dump(), "config.json");
    QCOMPARE(QString::fromStdString(o.architectureName()), QStringLiteral("OLMo 2"));
    QCOMPARE(int(o.normPlacement), int(NormPlacement::Post));
    QCOMPARE(int(o.qkNorm), int(QkNorm::Projection));
    QCOMPARE(o.normEps, 1e-6);

    const ModelConfig p = parseConfig(base("phi3").dump(), "config.json");
    QCOMPARE(QString::fromStdString(p.architectureName()), QStringLiteral("Phi-3"));
    QVERIFY(p.fusedQkv && p.fusedGateUp);
    QCOMPARE(QString::fromStdString(p.ropeScalingType), QStringLiteral("longrope"));
    QCOMPARE(p.ropeOriginalMaxPositions, 4096);
    QCOMPARE(p.ropeShortFactor.size(), size_t(48));
    QCOMPARE(p.ropeLongFactor.at(47), 1.0 + 1.5 * 47);
    QCOMPARE(p.slidingWindow, 262144);
    // sqrt(1 + ln(131072 / 4096) / ln(4096)) = sqrt(1 + 5/12), as Phi-3-mini-128k.
    QVERIFY(std::abs(p.ropeAttentionFactor - std::sqrt(1 + 5.0 / 12)) < 1e-12);
    // "su" is the older name of longrope.
    json su = base("phi3");
    su["rope_scaling"]["type"] = "su";
    QCOMPARE(QString::fromStdString(parseConfig(su.dump(), "config.json").ropeScalingType), QStringLiteral("longrope"));
    // Qwen3 with use_sliding_window and no layer_types: layers from max_window_layers on slide.
    const ModelConfig w = parseConfig(
        patched("qwen3", R"({"use_sliding_window": true, "sliding_window": 4096, "max_window_layers": 20})").dump(),
        "config.json");
    QCOMPARE(w.slidingWindow, 4096);
    QVERIFY(!w.isSlidingLayer(19) && w.isSlidingLayer(20) && w.isSlidingLayer(27));
}

// Block tensors in the family's own names and shapes.
void TestFamilies::tensorLayout() {
    ModelConfig q = parseConfig(base("qwen3").dump(), "config.json");
    q.numLayers = 1;
    std::map<std::string, std::vector<int64_t>> shapes;
    for (const auto& t : architectureTensors(q, "")) shapes[t.name] = t.shape;
    QCOMPARE(shapes.at("model.layers.0.self_attn.q_norm.weight"), (std::vector<int64_t>{128}));
    QCOMPARE(shapes.at("model.layers.0.self_attn.q_proj.weight"), (std::vector<int64_t>{2048, 1024}));
    QCOMPARE(shapes.at("model.layers.0.self_attn.o_proj.weight"), (std::vector<int64_t>{1024, 2048}));
    QVERIFY(!shapes.count("lm_head.weight"));

    ModelConfig o = parseConfig(patched("olmo2", R"({"num_key_value_heads": 4})").dump(), "config.json");
    QCOMPARE(blockTensorNames(o),
             (std::vector<std::string>{"self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight",
                                       "self_attn.o_proj.weight", "self_attn.q_norm.weight", "self_attn.k_norm.weight",
                                       "post_attention_layernorm.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight",
                                       "mlp.down_proj.weight", "post_feedforward_layernorm.weight"}));
    o.numLayers = 1;
    shapes.clear();
    for (const auto& t : architectureTensors(o, "")) shapes[t.name] = t.shape;
    QCOMPARE(shapes.at("model.layers.0.self_attn.q_norm.weight"), (std::vector<int64_t>{2048}));
    QCOMPARE(shapes.at("model.layers.0.self_attn.k_norm.weight"), (std::vector<int64_t>{512}));

    ModelConfig p = parseConfig(patched("phi3", R"({"num_key_value_heads": 8})").dump(), "config.json");
    QCOMPARE(blockTensorNames(p),
             (std::vector<std::string>{"input_layernorm.weight", "self_attn.qkv_proj.weight", "self_attn.o_proj.weight",
                                       "post_attention_layernorm.weight", "mlp.gate_up_proj.weight",
                                       "mlp.down_proj.weight"}));
    p.numLayers = 1;
    shapes.clear();
    for (const auto& t : architectureTensors(p, "")) shapes[t.name] = t.shape;
    QCOMPARE(shapes.at("model.layers.0.self_attn.qkv_proj.weight"), (std::vector<int64_t>{3072 + 2 * 768, 3072}));
    QCOMPARE(shapes.at("model.layers.0.mlp.gate_up_proj.weight"), (std::vector<int64_t>{16384, 3072}));
}

void TestFamilies::configRoundTrip_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("architecture");
    QTest::newRow("qwen3") << QStringLiteral("qwen3") << QByteArray() << QStringLiteral("Qwen3ForCausalLM");
    QTest::newRow("qwen3 sliding layers")
        << QStringLiteral("qwen3")
        << QByteArray(R"({"use_sliding_window": true, "sliding_window": 4096, "max_window_layers": 20})")
        << QStringLiteral("Qwen3ForCausalLM");
    QTest::newRow("qwen3 linear scaling untied")
        << QStringLiteral("qwen3")
        << QByteArray(R"({"rope_scaling": {"rope_type": "linear", "factor": 2.0}, "tie_word_embeddings": false})")
        << QStringLiteral("Qwen3ForCausalLM");
    QTest::newRow("olmo2") << QStringLiteral("olmo2") << QByteArray() << QStringLiteral("Olmo2ForCausalLM");
    QTest::newRow("phi3 longrope") << QStringLiteral("phi3") << QByteArray() << QStringLiteral("Phi3ForCausalLM");
    QTest::newRow("phi3 longrope given attention factor")
        << QStringLiteral("phi3") << QByteArray(R"({"rope_scaling": {"attention_factor": 1.25}})")
        << QStringLiteral("Phi3ForCausalLM");
    QTest::newRow("phi3 4k") << QStringLiteral("phi3")
                             << QByteArray(R"({"rope_scaling": null, "max_position_embeddings": 4096,
                                              "sliding_window": 2047})")
                             << QStringLiteral("Phi3ForCausalLM");
}

void TestFamilies::configRoundTrip() {
    QFETCH(QString, family);
    QFETCH(QByteArray, patch);
    QFETCH(QString, architecture);
    const ModelConfig a = parseConfig(patched(family, patch).dump(), "in/config.json");
    const std::string text = configToJson(a);
    const json j = json::parse(text);
    QCOMPARE(QString::fromStdString(j.at("architectures").at(0)), architecture);
    QCOMPARE(j.at("model_type"), json(family.toStdString()));
    if (family == QLatin1String("phi3") && !a.ropeScalingType.empty()) {
        QCOMPARE(j.at("rope_scaling").at("type"), json("longrope"));
        QCOMPARE(j.at("original_max_position_embeddings"), json(4096));
    }
    const ModelConfig b = parseConfig(text, "out/config.json");
    QCOMPARE(b.modelType, a.modelType);
    QCOMPARE(b.vocabSize, a.vocabSize);
    QCOMPARE(b.hiddenSize, a.hiddenSize);
    QCOMPARE(b.numLayers, a.numLayers);
    QCOMPARE(b.numHeads, a.numHeads);
    QCOMPARE(b.numKVHeads, a.numKVHeads);
    QCOMPARE(b.headDim, a.headDim);
    QCOMPARE(b.intermediateSize, a.intermediateSize);
    QCOMPARE(b.maxPositions, a.maxPositions);
    QCOMPARE(b.normEps, a.normEps);
    QCOMPARE(b.ropeTheta, a.ropeTheta);
    QCOMPARE(b.ropeScalingType, a.ropeScalingType);
    QCOMPARE(b.ropeScalingFactor, a.ropeScalingFactor);
    QCOMPARE(b.ropeOriginalMaxPositions, a.ropeOriginalMaxPositions);
    QCOMPARE(b.ropeShortFactor, a.ropeShortFactor);
    QCOMPARE(b.ropeLongFactor, a.ropeLongFactor);
    QCOMPARE(b.ropeAttentionFactor, a.ropeAttentionFactor);
    QCOMPARE(b.slidingWindow, a.slidingWindow);
    QCOMPARE(b.layerTypes, a.layerTypes);
    QCOMPARE(b.tieEmbeddings, a.tieEmbeddings);
    QCOMPARE(b.attentionBias, a.attentionBias);
    QCOMPARE(int(b.normPlacement), int(a.normPlacement));
    QCOMPARE(int(b.qkNorm), int(a.qkNorm));
    QCOMPARE(b.fusedQkv, a.fusedQkv);
    QCOMPARE(b.fusedGateUp, a.fusedGateUp);
    QCOMPARE(b.bosTokenId, a.bosTokenId);
    QCOMPARE(b.eosTokenId, a.eosTokenId);
    QCOMPARE(b.torchDtype, a.torchDtype);
    QCOMPARE(b.ignoredFields, std::vector<std::string>{}); // ShareLens writes only what it reads
}

// Unknown keys are listed for `info`; harmless bookkeeping keys are not.
void TestFamilies::ignoredFields() {
    const ModelConfig c = parseConfig(
        patched("olmo2", R"({"some_new_switch": true, "use_cache": false, "mlp_bias": false})").dump(), "config.json");
    QCOMPARE(c.ignoredFields, (std::vector<std::string>{"mlp_bias", "some_new_switch"}));
    QCOMPARE(parseConfig(base("qwen3").dump(), "config.json").ignoredFields, std::vector<std::string>{});
    QCOMPARE(parseConfig(base("phi3").dump(), "config.json").ignoredFields, std::vector<std::string>{});
    // Phi-3's projections never have biases (Hugging Face ignores the field too).
    const ModelConfig p = parseConfig(patched("phi3", R"({"attention_bias": true})").dump(), "config.json");
    QCOMPARE(p.ignoredFields, std::vector<std::string>{"attention_bias"});
    QVERIFY(!p.attentionBias);
}

void TestFamilies::notImplemented_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("message"); // after "PATH: "
    const QString ni = QString::fromStdString(kNotImplemented);
    QTest::newRow("qwen3 experts") << "qwen3" << QByteArray(R"({"num_experts": 128})")
                                   << "num_experts = 128 in this Qwen3" + ni;
    QTest::newRow("olmo2 experts per token")
        << "olmo2" << QByteArray(R"({"num_experts_per_tok": 8})") << "num_experts_per_tok = 8 in this OLMo 2" + ni;
    QTest::newRow("phi3 local experts") << "phi3" << QByteArray(R"({"num_local_experts": 16})")
                                        << "num_local_experts = 16 in this Phi-3" + ni;
    QTest::newRow("qwen3 yarn") << "qwen3" << QByteArray(R"({"rope_scaling": {"rope_type": "yarn", "factor": 4.0}})")
                                << "rope_scaling.rope_type = \"yarn\" in this Qwen3" + ni;
    QTest::newRow("phi3 yarn") << "phi3" << QByteArray(R"({"rope_scaling": {"type": "yarn"}})")
                               << "rope_scaling.type = \"yarn\" in this Phi-3" + ni;
    QTest::newRow("qwen3 chunked layer") << "qwen3" << QByteArray(R"({"num_hidden_layers": 3, "layer_types":
                                                         ["full_attention", "chunked_attention", "full_attention"]})")
                                         << "layer_types[1] = \"chunked_attention\" in this Qwen3" + ni;
    QTest::newRow("phi3 partial rotary") << "phi3" << QByteArray(R"({"partial_rotary_factor": 0.75})")
                                         << "partial_rotary_factor = 0.75 in this Phi-3" + ni;
    QTest::newRow("olmo2 attention bias")
        << "olmo2" << QByteArray(R"({"attention_bias": true})") << "attention_bias = true in this OLMo 2" + ni;
    QTest::newRow("qwen3 gelu") << "qwen3" << QByteArray(R"({"hidden_act": "gelu"})")
                                << "hidden_act = \"gelu\" in this Qwen3" + ni;
    QTest::newRow("qwen3 rope_parameters yarn")
        << "qwen3" << QByteArray(R"({"rope_parameters": {"rope_type": "yarn", "rope_theta": 1000000}})")
        << "rope_parameters.rope_type = \"yarn\" in this Qwen3" + ni;
    QTest::newRow("qwen3 layer_types count")
        << "qwen3" << QByteArray(R"({"layer_types": ["full_attention"]})")
        << QStringLiteral("layer_types lists 1 entries, but the model has 28 layers; the config.json is "
                          "inconsistent. Use the checkpoint's own config.json.");
    QTest::newRow("qwen3 sliding layer without a window")
        << "qwen3" << QByteArray(R"({"num_hidden_layers": 2, "layer_types": ["full_attention", "sliding_attention"]})")
        << QStringLiteral("layer_types[1] in this Qwen3 config.json is \"sliding_attention\", which is not valid (a "
                          "sliding layer needs use_sliding_window = true and a sliding_window); the config.json is "
                          "damaged. Use the checkpoint's own config.json.");
    QTest::newRow("phi3 short factors of the wrong length")
        << "phi3" << QByteArray(R"({"rope_scaling": {"short_factor": [1.0, 1.0]}})")
        << QStringLiteral("rope_scaling.short_factor in this Phi-3 config.json is an array, which is not valid (a list "
                          "of head_dim / 2 = 48 positive numbers); the config.json is damaged. Use the checkpoint's "
                          "own config.json.");
}

void TestFamilies::notImplemented() {
    QFETCH(QString, family);
    QFETCH(QByteArray, patch);
    QFETCH(QString, message);
    const auto e = testutil::errorOf([&] { parseConfig(patched(family, patch).dump(), "/m/config.json"); });
    QVERIFY2(e, "accepted");
    QCOMPARE(QString::fromStdString(e->what()), "/m/config.json: " + message);
}

QTEST_GUILESS_MAIN(TestFamilies)
#include "tst_families.moc"
