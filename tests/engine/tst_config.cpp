// config.json of the GPT-2 and Llama families.
#include <QtTest/QtTest>

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "sharelens/config.h"
#include "sharelens/data.h"
#include "sharelens/error.h"

using namespace sharelens;
using json = nlohmann::json;

namespace {

// Realistic starting points, as Hugging Face writes them.
json gpt2() {
    return json::parse(R"({
      "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
      "bos_token_id": 50256, "eos_token_id": 50256, "layer_norm_epsilon": 1e-05,
      "n_ctx": 1024, "n_embd": 768, "n_head": 12, "n_inner": null, "n_layer": 12, "n_positions": 1024,
      "vocab_size": 50257, "torch_dtype": "float32"})");
}

json llama() {
    return json::parse(R"({
      "architectures": ["LlamaForCausalLM"], "model_type": "llama", "attention_bias": false,
      "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": 4096,
      "intermediate_size": 11008, "max_position_embeddings": 4096, "num_attention_heads": 32,
      "num_hidden_layers": 32, "num_key_value_heads": 32, "rms_norm_eps": 1e-05, "rope_scaling": null,
      "tie_word_embeddings": false, "torch_dtype": "float16", "vocab_size": 32000})");
}

json llama3() {
    return json::parse(R"({
      "architectures": ["LlamaForCausalLM"], "model_type": "llama", "bos_token_id": 128000,
      "eos_token_id": [128001, 128008, 128009], "hidden_act": "silu", "hidden_size": 2048,
      "intermediate_size": 8192, "max_position_embeddings": 131072, "mlp_bias": false,
      "num_attention_heads": 32, "num_hidden_layers": 16, "num_key_value_heads": 8, "head_dim": 64,
      "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
      "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                       "original_max_position_embeddings": 8192, "rope_type": "llama3"},
      "vocab_size": 128256})");
}

json mistral() {
    return json::parse(R"({
      "architectures": ["MistralForCausalLM"], "model_type": "mistral", "bos_token_id": 1, "eos_token_id": 2,
      "hidden_act": "silu", "hidden_size": 4096, "intermediate_size": 14336, "max_position_embeddings": 32768,
      "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05,
      "rope_theta": 10000.0, "sliding_window": 4096, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
      "vocab_size": 32000})");
}

json qwen2() {
    return json::parse(R"({
      "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "bos_token_id": 151643,
      "eos_token_id": 151645, "hidden_act": "silu", "hidden_size": 896, "intermediate_size": 4864,
      "max_position_embeddings": 32768, "max_window_layers": 21, "num_attention_heads": 14,
      "num_hidden_layers": 24, "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
      "sliding_window": 131072, "use_sliding_window": false, "tie_word_embeddings": true,
      "torch_dtype": "bfloat16", "vocab_size": 151936})");
}

json make(const QString& base) {
    if (base == QLatin1String("gpt2")) return gpt2();
    if (base == QLatin1String("llama")) return llama();
    if (base == QLatin1String("llama3")) return llama3();
    if (base == QLatin1String("mistral")) return mistral();
    return qwen2();
}

// Applies a JSON merge patch given as text ("null" removes a key).
json patched(const QString& base, const QByteArray& patch) {
    json j = make(base);
    if (!patch.isEmpty()) j.merge_patch(json::parse(patch.toStdString()));
    return j;
}

} // namespace

class TestConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void families_data();
    void families();
    void defaultsAndVariants_data();
    void defaultsAndVariants();
    void llama3RopeScaling();
    void bad_data();
    void bad();
    void roundTrip_data();
    void roundTrip();
    void loadConfigNamesFile();
};

void TestConfig::families_data() {
    QTest::addColumn<QString>("base");
    QTest::addColumn<int>("family");
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QList<int>>("sizes"); // vocab, hidden, layers, heads, kv, headDim, inner, maxPos
    QTest::addColumn<double>("eps");
    QTest::addColumn<bool>("tied");
    QTest::addColumn<bool>("attnBias");
    QTest::addColumn<int>("window");
    QTest::addColumn<QString>("activation");
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QList<int>>("bosEos");

    QTest::newRow("gpt2") << QStringLiteral("gpt2") << int(Family::Gpt2) << QStringLiteral("GPT-2")
                          << QList<int>{50257, 768, 12, 12, 12, 64, 3072, 1024} << 1e-5 << true << true << 0
                          << QStringLiteral("gelu_new") << QStringLiteral("float32") << QList<int>{50256, 50256};
    QTest::newRow("llama2") << QStringLiteral("llama") << int(Family::Llama) << QStringLiteral("Llama")
                            << QList<int>{32000, 4096, 32, 32, 32, 128, 11008, 4096} << 1e-5 << false << false << 0
                            << QStringLiteral("silu") << QStringLiteral("float16") << QList<int>{1, 2};
    QTest::newRow("llama3") << QStringLiteral("llama3") << int(Family::Llama) << QStringLiteral("Llama")
                            << QList<int>{128256, 2048, 16, 32, 8, 64, 8192, 131072} << 1e-5 << true << false << 0
                            << QStringLiteral("silu") << QStringLiteral("bfloat16") << QList<int>{128000, 128001};
    QTest::newRow("mistral") << QStringLiteral("mistral") << int(Family::Llama) << QStringLiteral("Mistral")
                             << QList<int>{32000, 4096, 32, 32, 8, 128, 14336, 32768} << 1e-5 << false << false << 4096
                             << QStringLiteral("silu") << QStringLiteral("bfloat16") << QList<int>{1, 2};
    QTest::newRow("qwen2") << QStringLiteral("qwen2") << int(Family::Llama) << QStringLiteral("Qwen2")
                           << QList<int>{151936, 896, 24, 14, 2, 64, 4864, 32768} << 1e-6 << true << true << 0
                           << QStringLiteral("silu") << QStringLiteral("bfloat16") << QList<int>{151643, 151645};
}

void TestConfig::families() {
    QFETCH(QString, base);
    QFETCH(int, family);
    QFETCH(QString, arch);
    QFETCH(QList<int>, sizes);
    QFETCH(double, eps);
    QFETCH(bool, tied);
    QFETCH(bool, attnBias);
    QFETCH(int, window);
    QFETCH(QString, activation);
    QFETCH(QString, dtype);
    QFETCH(QList<int>, bosEos);

    const ModelConfig c = parseConfig(make(base).dump(), "config.json");
    QCOMPARE(int(c.family), family);
    QCOMPARE(QString::fromStdString(c.architectureName()), arch);
    QCOMPARE(QString::fromStdString(c.modelType), QString::fromStdString(make(base)["model_type"]));
    const QList<int> got{c.vocabSize,  c.hiddenSize, c.numLayers,        c.numHeads,
                         c.numKVHeads, c.headDim,    c.intermediateSize, c.maxPositions};
    QCOMPARE(got, sizes);
    QCOMPARE(c.normEps, eps);
    QCOMPARE(c.tieEmbeddings, tied);
    QCOMPARE(c.attentionBias, attnBias);
    QCOMPARE(c.slidingWindow, window);
    QCOMPARE(QString::fromStdString(c.activation), activation);
    QCOMPARE(QString::fromStdString(c.torchDtype), dtype);
    QCOMPARE((QList<int>{c.bosTokenId, c.eosTokenId}), bosEos);
}

void TestConfig::defaultsAndVariants_data() {
    QTest::addColumn<QString>("base");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("field");
    QTest::addColumn<double>("expected");

    QTest::newRow("gpt2 n_inner given") << QStringLiteral("gpt2") << QByteArray(R"({"n_inner": 1000})")
                                        << QStringLiteral("inner") << 1000.0;
    QTest::newRow("gpt2 n_inner absent") << QStringLiteral("gpt2") << QByteArray(R"({"n_inner": null})")
                                         << QStringLiteral("inner") << 3072.0;
    QTest::newRow("gpt2 n_ctx only") << QStringLiteral("gpt2") << QByteArray(R"({"n_positions": null, "n_ctx": 512})")
                                     << QStringLiteral("maxPos") << 512.0;
    QTest::newRow("gpt2 untied") << QStringLiteral("gpt2") << QByteArray(R"({"tie_word_embeddings": false})")
                                 << QStringLiteral("tied") << 0.0;
    QTest::newRow("gpt2 tied by default") << QStringLiteral("gpt2") << QByteArray() << QStringLiteral("tied") << 1.0;
    QTest::newRow("gpt2 eps default") << QStringLiteral("gpt2") << QByteArray(R"({"layer_norm_epsilon": null})")
                                      << QStringLiteral("eps") << 1e-5;
    QTest::newRow("gpt2 no bos") << QStringLiteral("gpt2") << QByteArray(R"({"bos_token_id": null})")
                                 << QStringLiteral("bos") << -1.0;
    QTest::newRow("llama kv default") << QStringLiteral("llama") << QByteArray(R"({"num_key_value_heads": null})")
                                      << QStringLiteral("kv") << 32.0;
    QTest::newRow("llama head_dim default")
        << QStringLiteral("llama") << QByteArray() << QStringLiteral("headDim") << 128.0;
    QTest::newRow("llama head_dim given")
        << QStringLiteral("llama") << QByteArray(R"({"head_dim": 256})") << QStringLiteral("headDim") << 256.0;
    QTest::newRow("llama rope_theta default")
        << QStringLiteral("llama") << QByteArray() << QStringLiteral("theta") << 10000.0;
    QTest::newRow("llama rope_theta given")
        << QStringLiteral("llama") << QByteArray(R"({"rope_theta": 500000})") << QStringLiteral("theta") << 500000.0;
    QTest::newRow("llama untied by default")
        << QStringLiteral("llama") << QByteArray(R"({"tie_word_embeddings": null})") << QStringLiteral("tied") << 0.0;
    QTest::newRow("llama attention_bias")
        << QStringLiteral("llama") << QByteArray(R"({"attention_bias": true})") << QStringLiteral("attnBias") << 1.0;
    QTest::newRow("llama mlp_bias") << QStringLiteral("llama") << QByteArray(R"({"mlp_bias": true})")
                                    << QStringLiteral("mlpBias") << 1.0;
    QTest::newRow("llama mlp_bias default")
        << QStringLiteral("llama") << QByteArray() << QStringLiteral("mlpBias") << 0.0;
    QTest::newRow("llama linear scaling (type)")
        << QStringLiteral("llama") << QByteArray(R"({"rope_scaling": {"type": "linear", "factor": 4.0}})")
        << QStringLiteral("ropeFactor") << 4.0;
    QTest::newRow("llama linear scaling (rope_type)")
        << QStringLiteral("llama") << QByteArray(R"({"rope_scaling": {"rope_type": "linear", "factor": 2}})")
        << QStringLiteral("ropeFactor") << 2.0;
    QTest::newRow("llama no scaling") << QStringLiteral("llama") << QByteArray() << QStringLiteral("ropeFactor") << 1.0;
    QTest::newRow("llama eps default") << QStringLiteral("llama") << QByteArray(R"({"rms_norm_eps": null})")
                                       << QStringLiteral("eps") << 1e-6;
    QTest::newRow("mistral window null") << QStringLiteral("mistral") << QByteArray(R"({"sliding_window": null})")
                                         << QStringLiteral("window") << 0.0;
    QTest::newRow("qwen2 bias forced") << QStringLiteral("qwen2") << QByteArray(R"({"attention_bias": false})")
                                       << QStringLiteral("attnBias") << 1.0;
    QTest::newRow("qwen2 window used") << QStringLiteral("qwen2") << QByteArray(R"({"use_sliding_window": true})")
                                       << QStringLiteral("window") << 131072.0;
    QTest::newRow("qwen2 window unused") << QStringLiteral("qwen2") << QByteArray() << QStringLiteral("window") << 0.0;
    QTest::newRow("newer dtype key") << QStringLiteral("llama")
                                     << QByteArray(R"({"torch_dtype": null, "dtype": "bfloat16"})")
                                     << QStringLiteral("dtypeIsBf16") << 1.0;
}

void TestConfig::defaultsAndVariants() {
    QFETCH(QString, base);
    QFETCH(QByteArray, patch);
    QFETCH(QString, field);
    QFETCH(double, expected);
    const ModelConfig c = parseConfig(patched(base, patch).dump(), "config.json");
    const std::map<QString, double> fields = {
        {QStringLiteral("inner"), c.intermediateSize},
        {QStringLiteral("maxPos"), c.maxPositions},
        {QStringLiteral("tied"), c.tieEmbeddings},
        {QStringLiteral("eps"), c.normEps},
        {QStringLiteral("bos"), c.bosTokenId},
        {QStringLiteral("kv"), c.numKVHeads},
        {QStringLiteral("headDim"), c.headDim},
        {QStringLiteral("theta"), c.ropeTheta},
        {QStringLiteral("attnBias"), c.attentionBias},
        {QStringLiteral("mlpBias"), c.mlpBias},
        {QStringLiteral("ropeFactor"), c.ropeScalingFactor},
        {QStringLiteral("window"), c.slidingWindow},
        {QStringLiteral("dtypeIsBf16"), c.torchDtype == "bfloat16"},
    };
    QVERIFY2(fields.count(field), qPrintable(field));
    QCOMPARE(fields.at(field), expected);
    if (field == QLatin1String("ropeFactor") && expected != 1.0)
        QCOMPARE(QString::fromStdString(c.ropeScalingType), QStringLiteral("linear"));
    if (field == QLatin1String("ropeFactor") && expected == 1.0) QVERIFY(c.ropeScalingType.empty());
}

void TestConfig::llama3RopeScaling() {
    const ModelConfig c = parseConfig(llama3().dump(), "config.json");
    QCOMPARE(QString::fromStdString(c.ropeScalingType), QStringLiteral("llama3"));
    QCOMPARE(c.ropeScalingFactor, 32.0);
    QCOMPARE(c.ropeLowFreqFactor, 1.0);
    QCOMPARE(c.ropeHighFreqFactor, 4.0);
    QCOMPARE(c.ropeOriginalMaxPositions, 8192);
    QCOMPARE(c.ropeTheta, 500000.0);
}

void TestConfig::bad_data() {
    QTest::addColumn<QString>("base");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("missing model_type") << QStringLiteral("llama") << QByteArray(R"({"model_type": null})")
                                        << QStringLiteral("\"model_type\" is missing");
    QTest::newRow("unsupported model_type") << QStringLiteral("llama") << QByteArray(R"({"model_type": "bert"})")
                                            << QStringLiteral("model_type \"bert\" is not supported");
    QTest::newRow("unsupported lists supported")
        << QStringLiteral("llama") << QByteArray(R"({"model_type": "falcon"})")
        << QStringLiteral("\"gpt2\", \"llama\", \"mistral\", \"qwen2\", \"qwen3\", "
                          "\"gemma2\", \"gemma3_text\", \"olmo2\" and \"phi3\"");
    QTest::newRow("model_type not string")
        << QStringLiteral("llama") << QByteArray(R"({"model_type": 3})") << QStringLiteral("must be a string");
    QTest::newRow("gpt2 missing n_embd") << QStringLiteral("gpt2") << QByteArray(R"({"n_embd": null})")
                                         << QStringLiteral("\"n_embd\" (hidden size) is missing");
    QTest::newRow("gpt2 missing n_layer")
        << QStringLiteral("gpt2") << QByteArray(R"({"n_layer": null})") << QStringLiteral("\"n_layer\"");
    QTest::newRow("gpt2 missing positions")
        << QStringLiteral("gpt2") << QByteArray(R"({"n_positions": null, "n_ctx": null})")
        << QStringLiteral("\"n_positions\"");
    QTest::newRow("gpt2 zero heads") << QStringLiteral("gpt2") << QByteArray(R"({"n_head": 0})")
                                     << QStringLiteral("must be positive");
    QTest::newRow("gpt2 negative vocab") << QStringLiteral("gpt2") << QByteArray(R"({"vocab_size": -5})")
                                         << QStringLiteral("must be positive");
    QTest::newRow("gpt2 heads do not divide") << QStringLiteral("gpt2") << QByteArray(R"({"n_head": 7})")
                                              << QStringLiteral("n_head = 7 does not divide n_embd = 768");
    QTest::newRow("gpt2 size is a string")
        << QStringLiteral("gpt2") << QByteArray(R"({"n_embd": "768"})") << QStringLiteral("must be an integer");
    QTest::newRow("gpt2 size is fractional")
        << QStringLiteral("gpt2") << QByteArray(R"({"n_embd": 768.5})") << QStringLiteral("must be an integer");
    QTest::newRow("gpt2 size too large") << QStringLiteral("gpt2") << QByteArray(R"({"n_embd": 99999999999})")
                                         << QStringLiteral("too large");
    QTest::newRow("llama missing hidden_size") << QStringLiteral("llama") << QByteArray(R"({"hidden_size": null})")
                                               << QStringLiteral("\"hidden_size\" (hidden size) is missing");
    QTest::newRow("llama missing intermediate")
        << QStringLiteral("llama") << QByteArray(R"({"intermediate_size": null})")
        << QStringLiteral("\"intermediate_size\"");
    QTest::newRow("llama missing vocab") << QStringLiteral("llama") << QByteArray(R"({"vocab_size": null})")
                                         << QStringLiteral("\"vocab_size\"");
    QTest::newRow("llama heads do not divide")
        << QStringLiteral("llama") << QByteArray(R"({"num_attention_heads": 30})")
        << QStringLiteral("num_attention_heads = 30 does not divide hidden_size = 4096");
    QTest::newRow("kv heads do not divide")
        << QStringLiteral("mistral") << QByteArray(R"({"num_key_value_heads": 5})")
        << QStringLiteral("num_key_value_heads = 5 does not divide num_attention_heads = 32");
    QTest::newRow("kv heads zero") << QStringLiteral("llama") << QByteArray(R"({"num_key_value_heads": 0})")
                                   << QStringLiteral("must be positive");
    QTest::newRow("unknown rope type") << QStringLiteral("llama")
                                       << QByteArray(R"({"rope_scaling": {"rope_type": "yarn", "factor": 4}})")
                                       << QStringLiteral("\"yarn\" is not supported");
    QTest::newRow("dynamic rope type") << QStringLiteral("llama")
                                       << QByteArray(R"({"rope_scaling": {"type": "dynamic", "factor": 2}})")
                                       << QStringLiteral("\"dynamic\" is not supported");
    QTest::newRow("rope without type") << QStringLiteral("llama") << QByteArray(R"({"rope_scaling": {"factor": 2}})")
                                       << QStringLiteral("no \"rope_type\"");
    QTest::newRow("linear without factor")
        << QStringLiteral("llama") << QByteArray(R"({"rope_scaling": {"type": "linear"}})")
        << QStringLiteral("needs \"factor\"");
    QTest::newRow("llama3 without low_freq")
        << QStringLiteral("llama3") << QByteArray(R"({"rope_scaling": {"low_freq_factor": null}})")
        << QStringLiteral("needs \"low_freq_factor\"");
    QTest::newRow("rope_scaling not object") << QStringLiteral("llama") << QByteArray(R"({"rope_scaling": "linear"})")
                                             << QStringLiteral("must be null or an object");
    QTest::newRow("tie not bool") << QStringLiteral("llama") << QByteArray(R"({"tie_word_embeddings": "yes"})")
                                  << QStringLiteral("true or false");
    QTest::newRow("negative eps") << QStringLiteral("llama") << QByteArray(R"({"rms_norm_eps": -1})")
                                  << QStringLiteral("positive number");
    // "raw": the patch is the whole text (the test's own JSON tools would recurse).
    QTest::newRow("deeply nested size") << QStringLiteral("raw")
                                        << QByteArray(R"({"model_type": "gpt2", "n_embd": )") +
                                               QByteArray(200000, '[') + QByteArray(200000, ']') + "}"
                                        << QStringLiteral("the JSON nests deeper than 512 levels");
    QTest::newRow("mistral zero window") << QStringLiteral("mistral") << QByteArray(R"({"sliding_window": 0})")
                                         << QStringLiteral("must be positive");
}

void TestConfig::bad() {
    QFETCH(QString, base);
    QFETCH(QByteArray, patch);
    QFETCH(QString, fragment);
    const std::string path = "/models/m/config.json";
    try {
        const std::string text = base == QLatin1String("raw") ? patch.toStdString() : patched(base, patch).dump();
        parseConfig(text, path);
        QFAIL("accepted");
    } catch (const Error& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(fragment), qPrintable(msg));
        QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
    }
}

void TestConfig::roundTrip_data() {
    QTest::addColumn<QString>("base");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("architecture");
    QTest::newRow("gpt2") << QStringLiteral("gpt2") << QByteArray() << QStringLiteral("GPT2LMHeadModel");
    QTest::newRow("gpt2 untied, no bos") << QStringLiteral("gpt2")
                                         << QByteArray(R"({"tie_word_embeddings": false, "bos_token_id": null})")
                                         << QStringLiteral("GPT2LMHeadModel");
    QTest::newRow("llama linear") << QStringLiteral("llama")
                                  << QByteArray(
                                         R"({"rope_scaling": {"type": "linear", "factor": 4.0}, "mlp_bias": true})")
                                  << QStringLiteral("LlamaForCausalLM");
    QTest::newRow("llama3") << QStringLiteral("llama3") << QByteArray() << QStringLiteral("LlamaForCausalLM");
    QTest::newRow("mistral") << QStringLiteral("mistral") << QByteArray() << QStringLiteral("MistralForCausalLM");
    QTest::newRow("mistral no window") << QStringLiteral("mistral") << QByteArray(R"({"sliding_window": null})")
                                       << QStringLiteral("MistralForCausalLM");
    QTest::newRow("qwen2") << QStringLiteral("qwen2") << QByteArray() << QStringLiteral("Qwen2ForCausalLM");
    QTest::newRow("qwen2 window") << QStringLiteral("qwen2")
                                  << QByteArray(R"({"use_sliding_window": true, "sliding_window": 4096})")
                                  << QStringLiteral("Qwen2ForCausalLM");
}

void TestConfig::roundTrip() {
    QFETCH(QString, base);
    QFETCH(QByteArray, patch);
    QFETCH(QString, architecture);
    const ModelConfig a = parseConfig(patched(base, patch).dump(), "in/config.json");
    const std::string text = configToJson(a);
    const json j = json::parse(text);
    QCOMPARE(QString::fromStdString(j.at("architectures").at(0)), architecture);
    QCOMPARE(j.at("model_type"), make(base).at("model_type"));
    // Keys Hugging Face transformers reads for the family.
    const char* const* keys;
    static const char* const gptKeys[] = {
        "n_embd", "n_layer", "n_head", "n_positions", "vocab_size", "layer_norm_epsilon", nullptr};
    static const char* const llamaKeys[] = {"hidden_size",         "num_hidden_layers",
                                            "num_attention_heads", "num_key_value_heads",
                                            "intermediate_size",   "max_position_embeddings",
                                            "rms_norm_eps",        "rope_theta",
                                            "vocab_size",          nullptr};
    keys = a.family == Family::Gpt2 ? gptKeys : llamaKeys;
    for (int i = 0; keys[i]; ++i) QVERIFY2(j.contains(keys[i]), keys[i]);

    const ModelConfig b = parseConfig(text, "out/config.json");
    QCOMPARE(int(b.family), int(a.family));
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
    QCOMPARE(b.ropeLowFreqFactor, a.ropeLowFreqFactor);
    QCOMPARE(b.ropeHighFreqFactor, a.ropeHighFreqFactor);
    QCOMPARE(b.ropeOriginalMaxPositions, a.ropeOriginalMaxPositions);
    QCOMPARE(b.slidingWindow, a.slidingWindow);
    QCOMPARE(b.tieEmbeddings, a.tieEmbeddings);
    QCOMPARE(b.attentionBias, a.attentionBias);
    QCOMPARE(b.mlpBias, a.mlpBias);
    QCOMPARE(b.activation, a.activation);
    QCOMPARE(b.bosTokenId, a.bosTokenId);
    QCOMPARE(b.eosTokenId, a.eosTokenId);
    QCOMPARE(b.torchDtype, a.torchDtype);
}

void TestConfig::loadConfigNamesFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("config.json")).toStdString();
    writeFileAtomic(path, mistral().dump());
    QCOMPARE(loadConfig(path).slidingWindow, 4096);

    writeFileAtomic(path, "{\"model_type\": \"gpt2\", ");
    try {
        loadConfig(path);
        QFAIL("accepted invalid JSON");
    } catch (const Error& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(QStringLiteral("not valid JSON")) && msg.contains(QString::fromStdString(path)),
                 qPrintable(msg));
    }
    writeFileAtomic(path, "[1, 2]");
    QVERIFY_THROWS_EXCEPTION(Error, loadConfig(path));
    try {
        loadConfig(path + ".missing");
        QFAIL("accepted a missing file");
    } catch (const Error& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("does not exist")), e.what());
    }
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
