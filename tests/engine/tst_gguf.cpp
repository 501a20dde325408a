// GGUF files (llama.cpp's format) written by tests/reference/make_gguf.py
// from the published layout: they open as models with the logits of the
// safetensors they were made from (exact for F32/F16/BF16; Q8_0 exactly as
// its dequantised weights, within the quantisation's error of the
// original), their vocabularies give the original tokenizer's ids, and every
// damaged header is refused with its message.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include <nlohmann/json.hpp>

#include "errortest.h"
#include "io/gguf.h"
#include "io/tensor_io.h"
#include "sharelens/checkpoint.h"
#include "sharelens/model.h"
#include "sharelens/tensor_set.h"
#include "sharelens/tokenizer.h"
#include "testutil.h"
#include "tokenize/tokenizer_util.h"

using namespace sharelens;

class TestGguf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameLogits_data();
    void sameLogits();
    void q8_0WithinQuantisationError_data();
    void q8_0WithinQuantisationError();
    void f32IsMappedNotCopied();
    void tensorNames();
    void qwen3();
    void gpt2Vocabulary();
    void llamaVocabulary();
    void badInput_data();
    void badInput();

private:
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    // make_checkpoint.py into tmp(dir), make_gguf.py from it into tmp(file).
    bool make(const QString& dir, const QStringList& ckArgs, const QString& file, const QStringList& ggArgs) {
        return testutil::makeCheckpoint(tmp(dir), ckArgs) && gguf(dir, file, ggArgs);
    }
    bool gguf(const QString& dir, const QString& file, const QStringList& args) {
        return testutil::runPython(QStringLiteral("make_gguf.py"),
                                   QStringList{"--from", tmp(dir), "--out", tmp(file)} + args);
    }
    QTemporaryDir m_tmp;
};

namespace {

std::vector<int32_t> sequence(int vocab) {
    std::vector<int32_t> ids;
    for (int i = 0; i < 24; ++i) ids.push_back((i * 37 + 11) % vocab);
    return ids;
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, double(std::abs(a[i] - b[i])));
    return m;
}

} // namespace

void TestGguf::initTestCase() {
    QVERIFY(m_tmp.isValid());
    QVERIFY(testutil::makeCheckpoint(tmp("base"), {"--family", "llama", "--layers", "2", "--seed", "3"}));
}

void TestGguf::sameLogits_data() {
    QTest::addColumn<QStringList>("checkpoint");
    QTest::addColumn<QStringList>("gguf");
    // structure: data table
    QTest::newRow("llama-f32-untied") << QStringList{"--family", "llama", "--untied", "--seed", "1"} << QStringList{};
    QTest::newRow("llama-f32-tied-v2") << QStringList{"--family", "llama", "--tied", "--seed", "2"}
                                       << QStringList{"--version", "2"};
    QTest::newRow("llama-f16-gqa") << QStringList{"--family", "llama",      "--dtype", "f16",    "--heads",
                                                  "8",        "--kv-heads", "2",       "--seed", "3"}
                                   << QStringList{"--type", "f16"};
    QTest::newRow("llama-bf16") << QStringList{"--family", "llama", "--dtype", "bf16", "--seed", "4"}
                                << QStringList{"--type", "bf16"};
    QTest::newRow("mistral-f32") << QStringList{"--family", "mistral", "--seed", "7"} << QStringList{};
    QTest::newRow("qwen2-f32") << QStringList{"--family", "qwen2", "--seed", "5"} << QStringList{};
    QTest::newRow("qwen2-bf16-align64") << QStringList{"--family", "qwen2", "--dtype", "bf16", "--seed", "6"}
                                        << QStringList{"--type", "bf16", "--alignment", "64"};
}

void TestGguf::sameLogits() {
    QFETCH(QStringList, checkpoint);
    QFETCH(QStringList, gguf);
    const QString row = QString::fromLatin1(QTest::currentDataTag());
    QVERIFY(make(row, checkpoint, row + ".gguf", gguf));
    const auto reference = Model::load(tmp(row).toStdString());
    const auto model = Model::load(tmp(row + ".gguf").toStdString());
    QCOMPARE(model->checkpoint().format, WeightFormat::Gguf);
    QCOMPARE(model->config().numKVHeads, reference->config().numKVHeads);
    QCOMPARE(model->config().tieEmbeddings, reference->config().tieEmbeddings);
    QCOMPARE(model->config().attentionBias, reference->config().attentionBias);
    QCOMPARE(model->config().ropeTheta, reference->config().ropeTheta);
    const auto ids = sequence(reference->config().vocabSize);
    // Exact: the same weights through the same code.
    QCOMPARE(model->logits(ids), reference->logits(ids));
}

void TestGguf::q8_0WithinQuantisationError_data() {
    QTest::addColumn<QStringList>("checkpoint");
    QTest::newRow("llama") << QStringList{"--family", "llama", "--untied", "--hidden", "128", "--seed", "8"};
    QTest::newRow("qwen2") << QStringList{"--family", "qwen2", "--hidden", "128", "--seed", "9"};
}

// The Q8_0 file computes exactly what its dequantised weights compute; those
// differ from the original by the quantisation's rounding (per weight at
// most max|block| / 254 plus the f16 rounding of the scale), and so do the
// logits: the bound is the logit error of the dequantised weights, measured
// here in safetensors, independently of the GGUF reader.
void TestGguf::q8_0WithinQuantisationError() {
    QFETCH(QStringList, checkpoint);
    const QString row = QStringLiteral("q8-") + QString::fromLatin1(QTest::currentDataTag());
    QVERIFY(make(row, checkpoint, row + ".gguf", {"--type", "q8_0", "--dequantized-out", tmp(row + "-deq")}));
    const auto original = Model::load(tmp(row).toStdString());
    const auto dequantised = Model::load(tmp(row + "-deq").toStdString());
    const auto model = Model::load(tmp(row + ".gguf").toStdString());
    const auto ids = sequence(original->config().vocabSize);
    const auto q = model->logits(ids);
    QCOMPARE(q, dequantised->logits(ids));
    const auto f = original->logits(ids);
    const double bound = maxAbsDiff(dequantised->logits(ids), f);
    const double error = maxAbsDiff(q, f);
    double scale = 0;
    for (float v : f) scale = std::max(scale, double(std::abs(v)));
    qInfo("Q8_0 max |logit error| %.6g (max |logit| %.4g)", error, scale);
    QVERIFY(error > 0);             // it was quantised
    QVERIFY(error <= bound + 1e-6); // and by no more than its rounding
    QVERIFY(error < 0.02 * scale);  // which is small
}

// An F32 tensor points into the map (no copy).
void TestGguf::f32IsMappedNotCopied() {
    QVERIFY(gguf("base", "mapped.gguf", {}));
    const Checkpoint ck = openCheckpoint(tmp("mapped.gguf").toStdString(), OpenOptions{});
    TensorSource source(ck);
    const auto a = source.get("model.norm.weight");
    const auto b = source.get("model.norm.weight");
    QCOMPARE(a.data_ptr(), b.data_ptr()); // both views of the one mapped tensor
    const auto file = gguf::MappedFile::open(tmp("mapped.gguf").toStdString());
    QCOMPARE(a.numel(), file->header().find("output_norm.weight")->numel());
}

void TestGguf::tensorNames() {
    // structure: data table
    const std::pair<const char*, const char*> names[] = {
        {"token_embd.weight", "model.embed_tokens.weight"},
        {"output_norm.weight", "model.norm.weight"},
        {"output.weight", "lm_head.weight"},
        {"blk.0.attn_norm.weight", "model.layers.0.input_layernorm.weight"},
        {"blk.11.attn_q.weight", "model.layers.11.self_attn.q_proj.weight"},
        {"blk.2.attn_k.bias", "model.layers.2.self_attn.k_proj.bias"},
        {"blk.2.attn_v.weight", "model.layers.2.self_attn.v_proj.weight"},
        {"blk.2.attn_output.weight", "model.layers.2.self_attn.o_proj.weight"},
        {"blk.3.attn_q_norm.weight", "model.layers.3.self_attn.q_norm.weight"},
        {"blk.3.attn_k_norm.weight", "model.layers.3.self_attn.k_norm.weight"},
        {"blk.4.ffn_norm.weight", "model.layers.4.post_attention_layernorm.weight"},
        {"blk.4.ffn_gate.weight", "model.layers.4.mlp.gate_proj.weight"},
        {"blk.4.ffn_up.weight", "model.layers.4.mlp.up_proj.weight"},
        {"blk.4.ffn_down.weight", "model.layers.4.mlp.down_proj.weight"},
        {"blk.x.ffn_down.weight", ""},
        {"blk.4.ffn_down.scale", ""},
        {"rope_freqs.weight", ""}};
    for (const auto& [from, to] : names) QCOMPARE(QString::fromStdString(gguf::hfTensorName(from)), QString(to));
}

// Qwen3: per-head q/k norms mapped; the same logits as the safetensors.
void TestGguf::qwen3() {
    QVERIFY(gguf("base", "qwen3.gguf", {"--arch", "qwen3", "--dequantized-out", tmp("qwen3-ref")}));
    const Checkpoint ck = openCheckpoint(tmp("qwen3.gguf").toStdString());
    QCOMPARE(QString::fromStdString(ck.config.modelType), QStringLiteral("qwen3"));
    QVERIFY(ck.find("model.layers.1.self_attn.q_norm.weight"));
    QCOMPARE(ck.find("model.layers.1.self_attn.k_norm.weight")->shape, std::vector<int64_t>{ck.config.headDim});
    const auto reference = Model::load(tmp("qwen3-ref").toStdString());
    const auto model = Model::load(tmp("qwen3.gguf").toStdString());
    const auto ids = sequence(ck.config.vocabSize);
    QCOMPARE(model->logits(ids), reference->logits(ids));
}

void TestGguf::gpt2Vocabulary() {
    const QString fixture = testpaths::source("/tests/fixtures/gpt2/");
    QVERIFY(make("vocab",
                 {"--family", "llama", "--vocab", "50257", "--hidden", "32", "--heads", "2", "--layers", "1", "--tied"},
                 "vocab.gguf", {"--tokenizer", fixture + "tokenizer.json"}));
    const auto original = loadTokenizerJson((fixture + "tokenizer.json").toStdString());
    const auto fromGguf = loadTokenizerForModel(tmp("vocab.gguf").toStdString(), 50257);
    QCOMPARE(fromGguf->vocabSize(), original->vocabSize());
    const QJsonArray cases = QJsonDocument::fromJson(testutil::readAll(fixture + "expected_ids.json")).array();
    QVERIFY(cases.size() > 20);
    for (const auto& c : cases) {
        const std::string text = c.toObject().value("text").toString().toStdString();
        std::vector<int32_t> expected;
        for (const auto& id : c.toObject().value("ids").toArray()) expected.push_back(id.toInt());
        QCOMPARE(fromGguf->encode(text), expected);
        QCOMPARE(fromGguf->encode(text), original->encode(text));
        QCOMPARE(fromGguf->decode(expected), original->decode(expected));
    }
    // The model's summary and bos/eos come from the file.
    const Checkpoint ck = openCheckpoint(tmp("vocab.gguf").toStdString());
    QCOMPARE(ck.config.vocabSize, 50257);
    QCOMPARE(ck.config.bosTokenId, 50256);
    QCOMPARE(QString::fromStdString(ck.tokenizerFile), tmp("vocab.gguf"));
}

// A SentencePiece vocabulary becomes a tokenizer.json with Hugging Face's
// merges: pairs whose concatenation is a token, by that token's score.
void TestGguf::llamaVocabulary() {
    QVERIFY(make("spm", {"--family", "llama", "--vocab", "300", "--layers", "1"}, "spm.gguf", {"--spm-vocab"}));
    const auto file = gguf::MappedFile::open(tmp("spm.gguf").toStdString());
    const std::string text = gguf::tokenizerJson(file->header(), file->path());
    const auto j = nlohmann::json::parse(text);
    QCOMPARE(j["pre_tokenizer"]["type"].get<std::string>(), std::string("Metaspace"));
    QVERIFY(j["model"]["byte_fallback"].get<bool>());
    const auto& merges = j["model"]["merges"];
    const std::vector<std::vector<std::string>> first = {{"\u2581", "t"}, {"h", "e"}, {"\u2581t", "he"},
                                                         {"\u2581", "a"}, {"i", "n"}, {"\u2581", "in"}};
    for (size_t i = 0; i < first.size(); ++i) QCOMPARE(merges[i].get<std::vector<std::string>>(), first[i]);
    const auto tok = sharelens::detail::tokenizerFromJsonText(text, file->path());
    QCOMPARE(tok->encode("the ant"), (std::vector<int32_t>{262, 269, 272}));
    QCOMPARE(tok->encode("\xc3\xa9"), (std::vector<int32_t>{259, 3 + 0xC3, 3 + 0xA9}));
}

void TestGguf::badInput_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message"); // after "PATH: "
    // structure: data table (one row per damaged header)
    QTest::newRow("magic") << "magic"
                           << "the file does not start with GGUF's magic bytes \"GGUF\"; it is not a GGUF file.";
    QTest::newRow("version") << "version"
                             << "the file is GGUF version 4, which ShareLens does not read (it reads versions 2 and "
                                "3); convert the model again with a current llama.cpp, or use its safetensors.";
    QTest::newRow("truncated header")
        << "truncated-header"
        << "the GGUF file ends inside the type of \"llama.attention.head_count\" (at byte 297 of 300); the file is "
           "truncated. Download it again.";
    QTest::newRow("truncated data")
        << "truncated-data"
        << "tensor \"output.weight\"'s data (bytes 384032 to 408608) lies past the end of the file "
           "(@SIZE bytes); the file is truncated or damaged. Download it again.";
    QTest::newRow("offset past the end")
        << "offset-past-end"
        << "tensor \"output.weight\"'s data (bytes 1099511627776 to 1099511652352) lies past the "
           "end of the file (@SIZE bytes); the file is truncated or damaged. Download "
           "it again.";
    QTest::newRow("Q4_K tensor") << "q4k"
                                 << "tensor \"blk.0.attn_norm.weight\" is stored as Q4_K, which ShareLens does not "
                                    "read (it reads F32, F16, BF16 and Q8_0); convert the model with llama.cpp to one "
                                    "of these types, or use its safetensors.";
    QTest::newRow("duplicate tensor") << "duplicate-tensor"
                                      << "the GGUF header is invalid: tensor \"token_embd.weight\" is listed twice; "
                                         "the file is damaged or was crafted.";
    QTest::newRow("misaligned offset")
        << "misaligned"
        << "the GGUF header is invalid: tensor \"output.weight\"'s offset 382209 is not a "
           "multiple of the alignment 32; the file is damaged or was crafted.";
    QTest::newRow("unknown value type") << "value-type"
                                        << "GGUF metadata sharelens.test is of value type 13, expected one of GGUF's "
                                           "value types 0 to 12; the file is damaged.";
    QTest::newRow("missing key") << "missing-key"
                                 << "the GGUF metadata lacks llama.block_count, which a llama model needs; the file is "
                                    "incomplete. Convert the model again.";
    QTest::newRow("architecture") << "arch"
                                  << "the GGUF file holds a \"falcon\" model; ShareLens reads \"llama\", \"qwen2\" and "
                                     "\"qwen3\" from GGUF. Use the model's safetensors checkpoint.";
    QTest::newRow("huge array") << "huge-array"
                                << "the GGUF header is invalid: \"sharelens.test\" claims an array of 1099511627776 "
                                   "elements (the limit is 16777216); the file is damaged or was crafted.";
    QTest::newRow("huge string") << "huge-string"
                                 << "the GGUF header is invalid: the value of \"sharelens.test\" claims a string of "
                                    "1099511627776 bytes (the limit is 16777216); the file is damaged or was crafted.";
    QTest::newRow("seven dims") << "dims"
                                << "the GGUF header is invalid: tensor \"token_embd.weight\" has 7 dimensions (1 to 4 "
                                   "expected); the file is damaged or was crafted.";
    QTest::newRow("alignment 3") << "alignment"
                                 << "GGUF metadata general.alignment is 3, expected a power of two stored as uint32; "
                                    "the file is damaged.";
    QTest::newRow("tensor count") << "tensor-count"
                                  << "the GGUF header is invalid: it claims 1099511627776 tensors (the limit is "
                                     "1048576); the file is damaged or was crafted.";
    QTest::newRow("vocabulary type") << "vocab-type"
                                     << "the GGUF vocabulary is of type \"bert\"; ShareLens reads \"gpt2\" (byte-level "
                                        "BPE) and \"llama\" (SentencePiece) vocabularies. Give pre-tokenized ids "
                                        "(--token-ids).";
}

void TestGguf::badInput() {
    QFETCH(QString, kind);
    QFETCH(QString, message);
    const QString file = tmp("bad-" + kind + ".gguf");
    QVERIFY(gguf("base", "bad-" + kind + ".gguf", {"--break", kind}));
    const auto e = testutil::errorOf([&] {
        if (kind == "vocab-type")
            loadTokenizerForModel(file.toStdString(), 0);
        else
            openCheckpoint(file.toStdString(), OpenOptions{});
    });
    QVERIFY2(e, "no error");
    // @SIZE: the file's length.
    message.replace(QStringLiteral("@SIZE"), QString::number(QFileInfo(file).size()));
    QCOMPARE(QString::fromStdString(e->what()), file + ": " + message);
}

QTEST_GUILESS_MAIN(TestGguf)
#include "tst_gguf.moc"
