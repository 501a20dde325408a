// sharelens-cli tokenize (ids, pieces and count of a text, from a
// tokenizer.json, a model folder or a GGUF file) and what `info` says of
// the architecture family and of what it ignores, run as a process.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "testutil.h"

using testutil::runCli;

class TestTokenize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void json();
    void table();
    void textFile();
    void partialCharacters();
    void addSpecial();
    void gguf();
    void infoFamilyAndIgnored();
    void infoGgufIgnored();

private:
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    QString m_tokenizer;
    QTemporaryDir m_tmp;
};

namespace {

QJsonObject parse(const QByteArray& out) { return QJsonDocument::fromJson(out).object(); }

QList<int> ints(const QJsonValue& v) {
    QList<int> out;
    for (const auto& x : v.toArray()) out << x.toInt();
    return out;
}

bool makeGguf(const QString& from, const QString& out, const QStringList& args) {
    return testutil::runPython(QStringLiteral("make_gguf.py"), QStringList{"--from", from, "--out", out} + args);
}

} // namespace

void TestTokenize::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_tokenizer = testpaths::source("/tests/fixtures/gpt2/tokenizer.json");
}

void TestTokenize::json() {
    const auto r = runCli({"tokenize", m_tokenizer, "--string", "Hello world", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = parse(r.out);
    QCOMPARE(ints(j["ids"]), (QList<int>{15496, 995}));
    QCOMPARE(j["pieces"].toArray(), (QJsonArray{"Hello", " world"}));
    QCOMPARE(j["count"].toInt(), 2);
}

void TestTokenize::table() {
    const auto r = runCli({"tokenize", m_tokenizer, "--string", "Hello world"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out), QStringLiteral("count  2\n"
                                                      "index  id        piece\n"
                                                      "0      15496     \"Hello\"\n"
                                                      "1      995       \" world\"\n"));
}

// --text: every case of the GPT-2 fixture gives its expected ids.
void TestTokenize::textFile() {
    const QJsonArray cases =
        QJsonDocument::fromJson(testutil::readAll(testpaths::source("/tests/fixtures/gpt2/expected_ids.json"))).array();
    int checked = 0;
    for (const auto& c : cases) {
        const QString text = c.toObject()["text"].toString();
        if (text.isEmpty() || ++checked > 12) continue;
        QVERIFY(testutil::writeFile(tmp("text.txt"), text.toUtf8()));
        const auto r = runCli({"tokenize", m_tokenizer, "--text", tmp("text.txt"), "--json"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(ints(parse(r.out)["ids"]), ints(c.toObject()["ids"]));
    }
    QVERIFY(checked >= 12);
}

// A byte-level token can hold part of a character: its bytes are shown as
// <0xNN>, and the output stays valid JSON.
void TestTokenize::partialCharacters() {
    const auto r = runCli({"tokenize", m_tokenizer, "--string", QString::fromUtf8("\xf0\x9f\xa4\x97"), "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = parse(r.out);
    QVERIFY2(j["count"].toInt() > 1, r.out.constData());
    QString joined;
    for (const auto& p : j["pieces"].toArray()) joined += p.toString();
    QVERIFY2(joined.contains("<0xF0>"), qPrintable(joined));
}

// No special tokens unless --add-special; then those of the template.
void TestTokenize::addSpecial() {
    QJsonObject root = QJsonDocument::fromJson(testutil::readAll(m_tokenizer)).object();
    root["post_processor"] = QJsonObject{
        {"type", "TemplateProcessing"},
        {"single", QJsonArray{QJsonObject{{"SpecialToken", QJsonObject{{"id", "<|endoftext|>"}, {"type_id", 0}}}},
                              QJsonObject{{"Sequence", QJsonObject{{"id", "A"}, {"type_id", 0}}}}}},
        {"special_tokens", QJsonObject{{"<|endoftext|>", QJsonObject{{"id", "<|endoftext|>"},
                                                                     {"ids", QJsonArray{50256}},
                                                                     {"tokens", QJsonArray{"<|endoftext|>"}}}}}}};
    QVERIFY(QDir().mkpath(tmp("template")));
    QVERIFY(testutil::writeFile(tmp("template/tokenizer.json"), QJsonDocument(root).toJson()));
    const auto plain = runCli({"tokenize", tmp("template/tokenizer.json"), "--string", "Hello world", "--json"});
    QCOMPARE(ints(parse(plain.out)["ids"]), (QList<int>{15496, 995}));
    const auto special =
        runCli({"tokenize", tmp("template/tokenizer.json"), "--string", "Hello world", "--json", "--add-special"});
    QCOMPARE(special.exitCode, 0);
    QCOMPARE(ints(parse(special.out)["ids"]), (QList<int>{50256, 15496, 995}));
    QCOMPARE(parse(special.out)["pieces"].toArray().first().toString(), QStringLiteral("<|endoftext|>"));
}

// A GGUF file's vocabulary: the same ids as the tokenizer.json it was made
// from; --add-special prepends its BOS.
void TestTokenize::gguf() {
    QVERIFY(testutil::makeCheckpoint(tmp("vocab"), {"--family", "llama", "--vocab", "50257", "--hidden", "32",
                                                    "--heads", "2", "--layers", "1", "--tied"}));
    QVERIFY(makeGguf(tmp("vocab"), tmp("vocab.gguf"), {"--tokenizer", m_tokenizer}));
    const QString text = QStringLiteral("Caf\u00e9 d\u00e9j\u00e0 vu,   1234 \u4e2d\u6587 <|endoftext|>");
    const auto want = runCli({"tokenize", m_tokenizer, "--string", text, "--json"});
    const auto got = runCli({"tokenize", tmp("vocab.gguf"), "--string", text, "--json"});
    QCOMPARE(got.exitCode, 0);
    QCOMPARE(parse(got.out), parse(want.out));
    const auto special = runCli({"tokenize", tmp("vocab.gguf"), "--string", "Hello", "--json", "--add-special"});
    QCOMPARE(ints(parse(special.out)["ids"]), (QList<int>{50256, 15496}));
}

void TestTokenize::infoFamilyAndIgnored() {
    QVERIFY(testutil::makeCheckpoint(tmp("qwen2"), {"--family", "qwen2", "--layers", "2"}));
    const auto r = runCli({"info", tmp("qwen2"), "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = parse(r.out);
    QCOMPARE(j["family"].toString(), QStringLiteral("Qwen2"));
    QCOMPARE(j["ignored_fields"].toArray(), QJsonArray());
    QCOMPARE(j["ignored_tensors"].toArray(), QJsonArray());
    const auto text = runCli({"info", tmp("qwen2")});
    QVERIFY2(text.out.startsWith("architecture  Qwen2 (qwen2)\n"), text.out.constData());
    QVERIFY2(!text.out.contains("ignored"), text.out.constData());
}

// A GGUF file: its keys ShareLens does not read are named; a tensor it does
// not use is refused, or named under --allow-unused.
void TestTokenize::infoGgufIgnored() {
    QVERIFY(testutil::makeCheckpoint(tmp("llama"), {"--family", "llama", "--layers", "2"}));
    QVERIFY(makeGguf(tmp("llama"), tmp("extra.gguf"),
                     {"--extra-key", "llama.expert_count=8", "--break", "unknown-tensor"}));
    const auto refused = runCli({"info", tmp("extra.gguf")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("sharelens_extra.weight"), refused.err.constData());
    const auto r = runCli({"info", tmp("extra.gguf"), "--allow-unused"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("architecture  Llama (llama)\n"), r.out.constData());
    QVERIFY2(r.out.contains("format        GGUF\n"), r.out.constData());
    QVERIFY2(r.out.contains("ignored       fields 1: llama.expert_count\n"), r.out.constData());
    QVERIFY2(r.out.contains("ignored       tensors 1: sharelens_extra.weight\n"), r.out.constData());
    const QJsonObject j = parse(runCli({"info", tmp("extra.gguf"), "--allow-unused", "--json"}).out);
    QCOMPARE(j["family"].toString(), QStringLiteral("Llama"));
    QCOMPARE(j["ignored_fields"].toArray(), QJsonArray{"llama.expert_count"});
    QCOMPARE(j["ignored_tensors"].toArray(), QJsonArray{"sharelens_extra.weight"});
}

QTEST_GUILESS_MAIN(TestTokenize)
#include "tst_tokenize.moc"
