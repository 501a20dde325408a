// Tokenizers. GPT-2 ids are checked against the ids that gpt-3-encoder's own
// JavaScript encoder produced (tests/reference/make_gpt2_tokenizer_fixture.sh);
// SentencePiece ids against Debian's spm_encode; Llama 3 / Qwen2 pre-token
// splits against splits derived by hand from their regexes.

#include "sharelens/error.h"
#include "testpaths.h"
#include "sharelens/tokenizer.h"

#include <QtTest/QtTest>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdlib>

using sharelens::Tokenizer;

namespace {

const char* const kLlama3Pattern =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const char* const kQwen2Pattern =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

QString fixture(const char* rel)
{
    return testpaths::source("/tests/fixtures/") + QString::fromUtf8(rel);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeAll(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

std::string str(const QByteArray& b) { return std::string(b.constData(), size_t(b.size())); }
QByteArray bytes(const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); }

QList<int> toList(const std::vector<int32_t>& v) { return QList<int>(v.begin(), v.end()); }

// GPT-2's byte -> character table, written from its definition: printable
// Latin-1 bytes stand for themselves, the other 68 take U+0100.. in order.
QString byteSymbol(int b)
{
    int next = 256;
    for (int i = 0; i < 256; ++i) {
        const bool printable = (i >= 0x21 && i <= 0x7E) || (i >= 0xA1 && i <= 0xAC) || i >= 0xAE;
        const int cp = printable ? i : next++;
        if (i == b)
            return QString(QChar(cp));
    }
    return {};
}

QString toSymbols(const QByteArray& raw)
{
    QString s;
    for (const char c : raw)
        s += byteSymbol(static_cast<unsigned char>(c));
    return s;
}

struct TinyBpe {
    QList<QByteArray> extraTokens;                // raw bytes; ids 256, 257, ...
    QList<QPair<QByteArray, QByteArray>> merges; // raw bytes
    bool ignoreMerges = false;
    QJsonValue preTokenizer;
    QJsonValue normalizer;
    QJsonArray addedTokens;
};

// A byte-level BPE tokenizer.json: ids 0..255 are the bytes' symbols (id ==
// byte value), then extraTokens in order.
QByteArray makeTokenizerJson(const TinyBpe& t)
{
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b)
        vocab.insert(byteSymbol(b), b);
    int id = 256;
    for (const auto& tok : t.extraTokens)
        if (!vocab.contains(toSymbols(tok)))
            vocab.insert(toSymbols(tok), id++);
    QJsonArray merges;
    for (const auto& [a, b] : t.merges)
        merges.append(toSymbols(a) + QLatin1Char(' ') + toSymbols(b));
    // The optional fields as Hugging Face writes them (ShareLens's own demo
    // model writes them the same way).
    QJsonObject model{{QStringLiteral("type"), QStringLiteral("BPE")},
                      {QStringLiteral("dropout"), QJsonValue::Null},
                      {QStringLiteral("unk_token"), QJsonValue::Null},
                      {QStringLiteral("continuing_subword_prefix"), QJsonValue::Null},
                      {QStringLiteral("end_of_word_suffix"), QJsonValue::Null},
                      {QStringLiteral("fuse_unk"), false},
                      {QStringLiteral("byte_fallback"), false},
                      {QStringLiteral("vocab"), vocab},
                      {QStringLiteral("merges"), merges},
                      {QStringLiteral("ignore_merges"), t.ignoreMerges}};
    QJsonObject root{{QStringLiteral("version"), QStringLiteral("1.0")},
                     {QStringLiteral("added_tokens"), t.addedTokens},
                     {QStringLiteral("normalizer"), t.normalizer},
                     {QStringLiteral("pre_tokenizer"), t.preTokenizer},
                     {QStringLiteral("decoder"), QJsonObject{{QStringLiteral("type"), QStringLiteral("ByteLevel")}}},
                     {QStringLiteral("model"), model}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QJsonObject byteLevel(bool useRegex, bool addPrefixSpace = false)
{
    return {{QStringLiteral("type"), QStringLiteral("ByteLevel")},
            {QStringLiteral("add_prefix_space"), addPrefixSpace},
            {QStringLiteral("trim_offsets"), true},
            {QStringLiteral("use_regex"), useRegex}};
}

QJsonObject splitThenByteLevel(const char* pattern)
{
    const QJsonObject split{{QStringLiteral("type"), QStringLiteral("Split")},
                            {QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), QString::fromUtf8(pattern)}}},
                            {QStringLiteral("behavior"), QStringLiteral("Isolated")},
                            {QStringLiteral("invert"), false}};
    return {{QStringLiteral("type"), QStringLiteral("Sequence")},
            {QStringLiteral("pretokenizers"), QJsonArray{split, byteLevel(false)}}};
}

QList<QByteArray> pieces(const Tokenizer& tok, const std::vector<int32_t>& ids)
{
    QList<QByteArray> out;
    for (const int32_t id : ids)
        out.append(bytes(tok.decode({id})));
    return out;
}

// Runs f; returns the sharelens::Error message, "" if nothing was thrown, or
// "OTHER EXCEPTION: ..." for anything that is not a sharelens::Error.
template <typename F>
QString errorOf(F&& f)
{
    try {
        f();
    } catch (const sharelens::Error& e) {
        return QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("OTHER EXCEPTION: ") + QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<Tokenizer> m_gpt2;
    QJsonObject m_gpt2Json;
    QString m_spmTrain, m_spmEncode, m_spmDecode;
    QMap<QString, QString> m_spmModels; // model type -> .model path

    QString tmpFile(const QString& name, const QByteArray& content)
    {
        const QString p = m_tmp.filePath(name);
        if (!writeAll(p, content))
            return {};
        return p;
    }

    std::unique_ptr<Tokenizer> gpt2Variant(const QString& name, const std::function<void(QJsonObject&)>& edit)
    {
        QJsonObject j = m_gpt2Json;
        edit(j);
        const QString p = tmpFile(name, QJsonDocument(j).toJson(QJsonDocument::Compact));
        return sharelens::loadTokenizerJson(p.toStdString());
    }

    QString trainSpm(const QString& type)
    {
        if (m_spmTrain.isEmpty())
            return {};
        if (m_spmModels.contains(type))
            return m_spmModels[type];
        // A small deterministic corpus.
        QByteArray corpus;
        const char* words[] = {"the", "layer", "shares", "parameters", "with", "its", "neighbour", "model",
                               "training", "loss", "memory", "cluster", "similarity", "attention", "block",
                               "token", "Zürich", "naïve", "café", "東京", "データ", "42", "2024", "!", ",", "?"};
        QRandomGenerator rng(7);
        for (int line = 0; line < 400; ++line) {
            const int n = 4 + int(rng.bounded(10));
            for (int w = 0; w < n; ++w) {
                if (w)
                    corpus += ' ';
                corpus += words[rng.bounded(int(std::size(words)))];
            }
            corpus += '\n';
        }
        const QString input = tmpFile(QStringLiteral("spm_corpus.txt"), corpus);
        const QString prefix = m_tmp.filePath(QStringLiteral("spm_") + type);
        QProcess p;
        p.start(m_spmTrain, {QStringLiteral("--input=") + input, QStringLiteral("--model_prefix=") + prefix,
                             QStringLiteral("--vocab_size=150"), QStringLiteral("--model_type=") + type,
                             QStringLiteral("--hard_vocab_limit=false"), QStringLiteral("--character_coverage=1.0"),
                             QStringLiteral("--minloglevel=2")});
        if (!p.waitForFinished(120000) || p.exitCode() != 0) {
            qWarning() << "spm_train failed:" << p.readAllStandardError().right(2000);
            return {};
        }
        m_spmModels[type] = prefix + QStringLiteral(".model");
        return m_spmModels[type];
    }

    // Runs an spm_* tool on stdin, returns its stdout lines.
    QList<QByteArray> runSpm(const QString& program, const QStringList& args, const QByteArray& input)
    {
        QProcess p;
        p.start(program, args);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            return {};
        QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
        if (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        return lines;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QByteArray json = readAll(fixture("gpt2/tokenizer.json"));
        QVERIFY2(!json.isEmpty(), "tests/fixtures/gpt2/tokenizer.json is missing");
        m_gpt2Json = QJsonDocument::fromJson(json).object();
        QVERIFY(!m_gpt2Json.isEmpty());
        m_gpt2 = sharelens::loadTokenizerJson(fixture("gpt2/tokenizer.json").toStdString());
        QVERIFY(m_gpt2);
        m_spmTrain = QStandardPaths::findExecutable(QStringLiteral("spm_train"));
        m_spmEncode = QStandardPaths::findExecutable(QStringLiteral("spm_encode"));
        m_spmDecode = QStandardPaths::findExecutable(QStringLiteral("spm_decode"));
    }

    // ---------------------------------------------------------------- GPT-2

    void gpt2Ids_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<int>>("expected");
        const QJsonArray cases = QJsonDocument::fromJson(readAll(fixture("gpt2/expected_ids.json"))).array();
        QVERIFY2(cases.size() >= 30, "tests/fixtures/gpt2/expected_ids.json is missing or short");
        for (const auto& c : cases) {
            const QJsonObject o = c.toObject();
            QList<int> ids;
            for (const auto& v : o.value(QStringLiteral("ids")).toArray())
                ids.append(v.toInt());
            QTest::newRow(o.value(QStringLiteral("name")).toString().toUtf8().constData())
                << o.value(QStringLiteral("text")).toString().toUtf8() << ids;
        }
    }

    void gpt2Ids()
    {
        QFETCH(QByteArray, text);
        QFETCH(QList<int>, expected);
        const auto ids = m_gpt2->encode(str(text));
        QCOMPARE(toList(ids), expected);
        QCOMPARE(bytes(m_gpt2->decode(ids)), text);
    }

    void gpt2Basics()
    {
        QCOMPARE(m_gpt2->vocabSize(), 50257);
        QCOMPARE(QString::fromStdString(m_gpt2->kind()), QStringLiteral("bpe"));
        QCOMPARE(bytes(m_gpt2->decode({50256})), QByteArray("<|endoftext|>"));
        QCOMPARE(bytes(m_gpt2->decode({15496, 995})), QByteArray("Hello world"));
        const QString err = errorOf([&] { m_gpt2->decode({50257}); });
        QVERIFY2(err.contains(QStringLiteral("outside")), qPrintable(err));
    }

    // Merges written as ["a", "b"] pairs (newer tokenizer.json files) give
    // the same ids as "a b" strings.
    void gpt2MergesAsPairs_data() { gpt2Ids_data(); }
    void gpt2MergesAsPairs()
    {
        QFETCH(QByteArray, text);
        QFETCH(QList<int>, expected);
        static std::unique_ptr<Tokenizer> pairs;
        if (!pairs) {
            pairs = gpt2Variant(QStringLiteral("gpt2_pairs.json"), [](QJsonObject& j) {
                QJsonObject model = j.value(QStringLiteral("model")).toObject();
                QJsonArray converted;
                for (const auto& m : model.value(QStringLiteral("merges")).toArray()) {
                    const QStringList parts = m.toString().split(QLatin1Char(' '));
                    converted.append(QJsonArray{parts.value(0), parts.value(1)});
                }
                model.insert(QStringLiteral("merges"), converted);
                j.insert(QStringLiteral("model"), model);
            });
        }
        QCOMPARE(toList(pairs->encode(str(text))), expected);
    }

    // add_prefix_space: "Hello" encodes like " Hello".
    void gpt2AddPrefixSpace_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("asWithoutOption");
        QTest::newRow("word") << QByteArray("Hello world") << QByteArray(" Hello world");
        QTest::newRow("digits") << QByteArray("2024 was") << QByteArray(" 2024 was");
        QTest::newRow("already spaced") << QByteArray(" Hello") << QByteArray(" Hello");
        QTest::newRow("after special token") << QByteArray("<|endoftext|>Hello") << QByteArray("<|endoftext|> Hello");
        QTest::newRow("newline first") << QByteArray("\nHi") << QByteArray(" \nHi");
    }
    void gpt2AddPrefixSpace()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, asWithoutOption);
        static std::unique_ptr<Tokenizer> prefixed;
        if (!prefixed)
            prefixed = gpt2Variant(QStringLiteral("gpt2_prefix.json"), [](QJsonObject& j) {
                j.insert(QStringLiteral("pre_tokenizer"), byteLevel(true, true));
            });
        QCOMPARE(toList(prefixed->encode(str(text))), toList(m_gpt2->encode(str(asWithoutOption))));
        QVERIFY(toList(prefixed->encode(str(text))) != toList(m_gpt2->encode(str(text))) || text.startsWith(' '));
    }

    // Arbitrary bytes (invalid UTF-8 included) survive encode -> decode.
    void gpt2ArbitraryBytes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("lone continuation") << QByteArray("ab\x80 cd");
        QTest::newRow("truncated 3-byte") << QByteArray("x \xe4\xbd y");
        QTest::newRow("overlong slash") << QByteArray("a\xc0\xaf b");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80 z");
        QTest::newRow("nul and controls") << QByteArray("a\0b\x01\x02 c", 8);
        QTest::newRow("invalid inside word") << QByteArray("hel\xfflo wor\xfe ld");
        for (int seed = 1; seed <= 6; ++seed) {
            QRandomGenerator rng{quint32(seed)};
            QByteArray b(200 + seed * 50, Qt::Uninitialized);
            for (auto& c : b)
                c = char(rng.bounded(256));
            QTest::addRow("random %d", seed) << b;
        }
    }
    void gpt2ArbitraryBytes()
    {
        QFETCH(QByteArray, text);
        const auto ids = m_gpt2->encode(str(text));
        for (const int32_t id : ids)
            QVERIFY(id >= 0 && id < 50257);
        QCOMPARE(bytes(m_gpt2->decode(ids)), text);
    }

    // Throughput on a fresh tokenizer (empty word cache): 4 MB of made-up
    // words, so most words are new, with punctuation, numbers and some
    // non-ASCII text mixed in.
    void gpt2EncodeLargeText()
    {
        const char* syllables[] = {"ka", "lo", "re", "sh", "tion", "ing", "ver", "qu", "ab", "st", "mi",
                                   "nd", "pre", "ex", "un", "ly", "ou", "ph", "zz", "é", "über", "да", "東"};
        const char* seps[] = {" ", " ", " ", " ", ", ", ". ", "\n", " (", ") ", "  ", "'s ", "; ", "\t"};
        QRandomGenerator rng(11);
        QByteArray text;
        text.reserve(4 * 1024 * 1024 + 64);
        while (text.size() < 4 * 1024 * 1024) {
            if (rng.bounded(10) == 0) {
                text += QByteArray::number(rng.bounded(1000000));
            } else {
                const int n = 1 + int(rng.bounded(4));
                for (int k = 0; k < n; ++k)
                    text += syllables[rng.bounded(int(std::size(syllables)))];
            }
            text += seps[rng.bounded(int(std::size(seps)))];
        }
        const auto tok = sharelens::loadTokenizerJson(fixture("gpt2/tokenizer.json").toStdString());
        QElapsedTimer timer;
        timer.start();
        const auto ids = tok->encode(str(text));
        const double seconds = std::max(double(timer.nsecsElapsed()) * 1e-9, 1e-6);
        const double mbps = double(text.size()) / seconds / 1e6;
        qInfo("GPT-2 encode: %.1f MB in %.2f s = %.1f MB/s (%zu tokens)", double(text.size()) / 1e6, seconds,
              mbps, ids.size());
        // The figure is printed, not asserted: a loaded machine must not fail
        // the suite (speed goals live in tests/bench as ratios).
        QCOMPARE(bytes(tok->decode(ids)), text);
        // Byte-level BPE on this mix: more than one byte per token, at most
        // eight (GPT-2's merges join the common syllables).
        QVERIFY(ids.size() > size_t(text.size()) / 8 && ids.size() < size_t(text.size()));
    }

    // ------------------------------------------------- Llama 3 and Qwen2

    void splitPreTokens_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<bool>("nfc");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        const QByteArray llama = kLlama3Pattern, qwen = kQwen2Pattern;
        QTest::newRow("llama3 digits by three") << llama << false << QByteArray("1234567")
                                                << QList<QByteArray>{"123", "456", "7"};
        QTest::newRow("llama3 letters and digits") << llama << false << QByteArray("abc12345def")
                                                   << QList<QByteArray>{"abc", "123", "45", "def"};
        QTest::newRow("llama3 uppercase contraction") << llama << false << QByteArray("I'M here")
                                                      << QList<QByteArray>{"I", "'M", " here"};
        QTest::newRow("llama3 lowercase contraction") << llama << false << QByteArray("we've")
                                                      << QList<QByteArray>{"we", "'ve"};
        QTest::newRow("llama3 punctuation takes newlines") << llama << false << QByteArray("Hi!!\n\nthere")
                                                           << QList<QByteArray>{"Hi", "!!\n\n", "there"};
        QTest::newRow("llama3 symbol joins word") << llama << false << QByteArray("$hello world")
                                                  << QList<QByteArray>{"$hello", " world"};
        QTest::newRow("llama3 space runs") << llama << false << QByteArray("a   b")
                                           << QList<QByteArray>{"a", "  ", " b"};
        QTest::newRow("llama3 newline run") << llama << false << QByteArray("a\n\n b")
                                            << QList<QByteArray>{"a", "\n\n", " b"};
        QTest::newRow("llama3 special token") << llama << false << QByteArray("<|begin_of_text|>Hello 2024")
                                              << QList<QByteArray>{"<|begin_of_text|>", "Hello", " ", "202", "4"};
        QTest::newRow("llama3 unicode letters") << llama << false << QByteArray("«Привет» мир")
                                                << QList<QByteArray>{"«Привет", "»", " мир"};
        QTest::newRow("qwen2 digits one by one") << qwen << true << QByteArray("in 2024")
                                                 << QList<QByteArray>{"in", " ", "2", "0", "2", "4"};
        QTest::newRow("qwen2 nfc") << qwen << true << QByteArray("cafe\xcc\x81 ok")
                                   << QList<QByteArray>{"caf\xc3\xa9", " ok"};
        QTest::newRow("qwen2 cjk") << qwen << true << QByteArray("你好，世界")
                                   << QList<QByteArray>{"你好", "，世界"};
    }

    // Every expected piece is a vocabulary entry and ignore_merges is on, so
    // each correctly split pre-token comes back as one id; a wrong split
    // falls apart into single bytes.
    void splitPreTokens()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(bool, nfc);
        QFETCH(QByteArray, text);
        QFETCH(QList<QByteArray>, expected);
        TinyBpe t;
        t.ignoreMerges = true;
        t.preTokenizer = splitThenByteLevel(pattern.constData());
        if (nfc)
            t.normalizer = QJsonObject{{QStringLiteral("type"), QStringLiteral("NFC")}};
        for (const auto& p : expected)
            if (p != "<|begin_of_text|>")
                t.extraTokens.append(p);
        t.addedTokens.append(QJsonObject{{QStringLiteral("id"), 1000},
                                         {QStringLiteral("content"), QStringLiteral("<|begin_of_text|>")},
                                         {QStringLiteral("special"), true}});
        const QString path = tmpFile(QStringLiteral("split.json"), makeTokenizerJson(t));
        const auto tok = sharelens::loadTokenizerJson(path.toStdString());
        const auto ids = tok->encode(str(text));
        QCOMPARE(pieces(*tok, ids), expected);
        QCOMPARE(ids.size(), size_t(expected.size()));
    }

    // Seeded random strings split by JavaScript's regex engine
    // (tests/fixtures/gpt2/pretokenizer_splits.json, made by
    // make_gpt2_tokenizer_fixture.sh): ShareLens's PCRE2 splitting must agree.
    // Same vocabulary trick as splitPreTokens.
    void splitMatchesJavaScript_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        const QJsonObject root = QJsonDocument::fromJson(readAll(fixture("gpt2/pretokenizer_splits.json"))).object();
        const QJsonArray cases = root.value(QStringLiteral("cases")).toArray();
        QVERIFY2(cases.size() >= 300, "tests/fixtures/gpt2/pretokenizer_splits.json is missing or short");
        const QJsonObject patterns = root.value(QStringLiteral("patterns")).toObject();
        QCOMPARE(patterns.value(QStringLiteral("llama3")).toString(), QString::fromUtf8(kLlama3Pattern));
        QCOMPARE(patterns.value(QStringLiteral("qwen2")).toString(), QString::fromUtf8(kQwen2Pattern));
        QHash<QString, int> counts;
        for (const auto& c : cases) {
            const QJsonObject o = c.toObject();
            const QString pattern = o.value(QStringLiteral("pattern")).toString();
            QList<QByteArray> expected;
            for (const auto& piece : o.value(QStringLiteral("pieces")).toArray())
                expected.append(piece.toString().toUtf8());
            QTest::addRow("%s #%d", qPrintable(pattern), counts[pattern]++)
                << pattern << o.value(QStringLiteral("text")).toString().toUtf8() << expected;
        }
    }
    void splitMatchesJavaScript()
    {
        QFETCH(QString, pattern);
        QFETCH(QByteArray, text);
        QFETCH(QList<QByteArray>, expected);
        static QHash<QString, std::shared_ptr<Tokenizer>> tokenizers;
        if (!tokenizers.contains(pattern)) {
            // One tokenizer per pattern whose vocabulary holds every expected piece.
            const QJsonObject root = QJsonDocument::fromJson(readAll(fixture("gpt2/pretokenizer_splits.json"))).object();
            TinyBpe t;
            t.ignoreMerges = true;
            for (const auto& c : root.value(QStringLiteral("cases")).toArray())
                if (c.toObject().value(QStringLiteral("pattern")).toString() == pattern)
                    for (const auto& piece : c.toObject().value(QStringLiteral("pieces")).toArray())
                        t.extraTokens.append(piece.toString().toUtf8());
            const QByteArray re = root.value(QStringLiteral("patterns")).toObject().value(pattern).toString().toUtf8();
            t.preTokenizer = pattern == QStringLiteral("gpt2") ? QJsonValue(byteLevel(true)) : QJsonValue(splitThenByteLevel(re.constData()));
            const QString path = tmpFile(QStringLiteral("js_") + pattern + QStringLiteral(".json"), makeTokenizerJson(t));
            tokenizers.insert(pattern, std::shared_ptr<Tokenizer>(sharelens::loadTokenizerJson(path.toStdString())));
        }
        const auto& tok = *tokenizers.value(pattern);
        QCOMPARE(pieces(tok, tok.encode(str(text))), expected);
    }

    void ignoreMerges_data()
    {
        QTest::addColumn<bool>("ignoreMerges");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("merges") << false << QByteArray("hello") << QList<QByteArray>{"he", "llo"};
        QTest::newRow("ignore_merges, word in vocab") << true << QByteArray("hello") << QList<QByteArray>{"hello"};
        QTest::newRow("ignore_merges, word not in vocab") << true << QByteArray("hellos")
                                                          << QList<QByteArray>{"he", "llo", "s"};
        QTest::newRow("merges, two words") << false << QByteArray("hello hello")
                                           << QList<QByteArray>{"he", "llo", " ", "he", "llo"};
        // " hello" is one pre-token, not in the vocabulary: merged as usual.
        QTest::newRow("ignore_merges, two words") << true << QByteArray("hello hello")
                                                  << QList<QByteArray>{"hello", " ", "he", "llo"};
    }
    void ignoreMerges()
    {
        QFETCH(bool, ignoreMerges);
        QFETCH(QByteArray, text);
        QFETCH(QList<QByteArray>, expected);
        TinyBpe t;
        t.ignoreMerges = ignoreMerges;
        t.preTokenizer = splitThenByteLevel(kLlama3Pattern);
        t.extraTokens = {"he", "ll", "llo", "hello"}; // no merge makes "hello"
        t.merges = {{"h", "e"}, {"l", "l"}, {"ll", "o"}};
        const QString path = tmpFile(QStringLiteral("ignore_merges.json"), makeTokenizerJson(t));
        const auto tok = sharelens::loadTokenizerJson(path.toStdString());
        QCOMPARE(pieces(*tok, tok->encode(str(text))), expected);
    }

    // Added tokens: lstrip / rstrip take the whitespace next to the token,
    // single_word matches only between non-word characters.
    void addedTokenOptions_data()
    {
        QTest::addColumn<QString>("option"); // "", "lstrip", "rstrip", "single_word"
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("plain") << QString() << QByteArray("a <mask> b") << QList<QByteArray>{"a", " ", "<mask>", " b"};
        QTest::newRow("lstrip") << QStringLiteral("lstrip") << QByteArray("a  <mask> b")
                                << QList<QByteArray>{"a", "<mask>", " b"};
        QTest::newRow("rstrip") << QStringLiteral("rstrip") << QByteArray("a <mask>  b")
                                << QList<QByteArray>{"a", " ", "<mask>", "b"};
        QTest::newRow("single_word alone") << QStringLiteral("single_word") << QByteArray("a <mask> b")
                                           << QList<QByteArray>{"a", " ", "<mask>", " b"};
        QTest::newRow("single_word inside a word") << QStringLiteral("single_word") << QByteArray("a<mask>b")
                                                   << QList<QByteArray>{"a", "<", "mask", ">", "b"};
        QTest::newRow("plain inside a word") << QString() << QByteArray("a<mask>b")
                                             << QList<QByteArray>{"a", "<mask>", "b"};
        QTest::newRow("longest match") << QString() << QByteArray("<mask><mask2>")
                                       << QList<QByteArray>{"<mask>", "<mask2>"};
    }
    void addedTokenOptions()
    {
        QFETCH(QString, option);
        QFETCH(QByteArray, text);
        QFETCH(QList<QByteArray>, expected);
        TinyBpe t;
        t.ignoreMerges = true;
        t.preTokenizer = byteLevel(true);
        t.extraTokens = {"mask", " b"};
        QJsonObject mask{{QStringLiteral("id"), 500}, {QStringLiteral("content"), QStringLiteral("<mask>")},
                         {QStringLiteral("special"), true}};
        if (!option.isEmpty())
            mask.insert(option, true);
        t.addedTokens = {mask, QJsonObject{{QStringLiteral("id"), 501}, {QStringLiteral("content"), QStringLiteral("<mask2>")}}};
        const QString path = tmpFile(QStringLiteral("added.json"), makeTokenizerJson(t));
        const auto tok = sharelens::loadTokenizerJson(path.toStdString());
        const auto ids = tok->encode(str(text));
        QCOMPARE(pieces(*tok, ids), expected);
        QVERIFY(std::count(ids.begin(), ids.end(), 500) == expected.count("<mask>"));
    }

    // Merge order follows rank, not position: with "b c" ranked before
    // "a b", "abc" becomes a + bc.
    void mergeRank_data()
    {
        QTest::addColumn<bool>("bcFirst");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("bc first") << true << QByteArray("abc") << QList<QByteArray>{"a", "bc"};
        QTest::newRow("ab first") << false << QByteArray("abc") << QList<QByteArray>{"ab", "c"};
        QTest::newRow("repeated pair leftmost") << true << QByteArray("aaa") << QList<QByteArray>{"aa", "a"};
        QTest::newRow("long run") << true << QByteArray(1001, 'a')
                                  << (QList<QByteArray>(500, "aa") << QByteArray("a"));
    }
    void mergeRank()
    {
        QFETCH(bool, bcFirst);
        QFETCH(QByteArray, text);
        QFETCH(QList<QByteArray>, expected);
        TinyBpe t;
        t.preTokenizer = byteLevel(true);
        t.extraTokens = {"ab", "bc", "aa"};
        t.merges = bcFirst ? QList<QPair<QByteArray, QByteArray>>{{"b", "c"}, {"a", "b"}, {"a", "a"}}
                           : QList<QPair<QByteArray, QByteArray>>{{"a", "b"}, {"b", "c"}, {"a", "a"}};
        const QString path = tmpFile(QStringLiteral("rank.json"), makeTokenizerJson(t));
        const auto tok = sharelens::loadTokenizerJson(path.toStdString());
        QCOMPARE(pieces(*tok, tok->encode(str(text))), expected);
    }

    // ----------------------------------------------------------------- bytes

    void byteTokenizers_data()
    {
        QTest::addColumn<bool>("fromJson");
        QTest::addColumn<QByteArray>("text");
        for (const bool fromJson : {false, true}) {
            const char* kind = fromJson ? "json" : "builtin";
            QTest::addRow("%s ascii", kind) << fromJson << QByteArray("Hello, world!");
            QTest::addRow("%s utf8", kind) << fromJson << QByteArray("naïve 東京 👍🏽");
            QTest::addRow("%s empty", kind) << fromJson << QByteArray();
            QTest::addRow("%s invalid utf8", kind) << fromJson << QByteArray("\xff\xfe\x80 x\0y", 8);
            QByteArray all;
            for (int b = 0; b < 256; ++b)
                all += char(b);
            QTest::addRow("%s all bytes", kind) << fromJson << all;
        }
    }

    // makeByteTokenizer(), and a tokenizer.json whose vocabulary is just the
    // 256 byte symbols (ShareLens's demo model): id == byte value.
    void byteTokenizers()
    {
        QFETCH(bool, fromJson);
        QFETCH(QByteArray, text);
        std::unique_ptr<Tokenizer> tok;
        if (fromJson) {
            TinyBpe t;
            t.preTokenizer = byteLevel(false);
            tok = sharelens::loadTokenizerJson(tmpFile(QStringLiteral("bytes.json"), makeTokenizerJson(t)).toStdString());
            QCOMPARE(QString::fromStdString(tok->kind()), QStringLiteral("bpe"));
        } else {
            tok = sharelens::makeByteTokenizer();
            QCOMPARE(QString::fromStdString(tok->kind()), QStringLiteral("bytes"));
        }
        QCOMPARE(tok->vocabSize(), 256);
        QList<int> expected;
        for (const char c : text)
            expected.append(static_cast<unsigned char>(c));
        const auto ids = tok->encode(str(text));
        QCOMPARE(toList(ids), expected);
        QCOMPARE(bytes(tok->decode(ids)), text);
        const QString err = errorOf([&] { tok->decode({256}); });
        QVERIFY2(err.contains(QStringLiteral("outside")), qPrintable(err));
    }

    // -------------------------------------------------------------- errors

    void badTokenizerJson_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const auto bpe = [](const QByteArray& vocab, const QByteArray& merges, const QByteArray& extra = "") {
            return "{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"type\":\"BPE\",\"vocab\":" + vocab
                   + ",\"merges\":" + merges + "}" + extra + "}";
        };
        QTest::newRow("not json") << QByteArray("{ this is not json") << QStringLiteral("not valid JSON");
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("truncated") << bpe("{\"a\":0}", "[]").left(30) << QStringLiteral("not valid JSON");
        QTest::newRow("top-level array") << QByteArray("[1,2]") << QStringLiteral("JSON object");
        QTest::newRow("no model") << QByteArray("{}") << QStringLiteral("no \"model\"");
        QTest::newRow("wordpiece") << QByteArray("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"a\":0}}}")
                                   << QStringLiteral("tokenizer.json uses a WordPiece model; ShareLens reads "
                                                     "byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)");
        QTest::newRow("unigram") << QByteArray("{\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"a\",0.0]]}}")
                                 << QStringLiteral("uses a Unigram model");
        QTest::newRow("wordlevel") << QByteArray("{\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"a\":0}}}")
                                   << QStringLiteral("uses a WordLevel model");
        QTest::newRow("byte fallback (llama 2)")
            << QByteArray("{\"model\":{\"type\":\"BPE\",\"byte_fallback\":true,\"vocab\":{\"a\":0},\"merges\":[]}}")
            << QStringLiteral("SentencePiece-style");
        QTest::newRow("metaspace") << QByteArray("{\"pre_tokenizer\":{\"type\":\"Metaspace\",\"replacement\":\"▁\"},"
                                                 "\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}")
                                   << QStringLiteral("SentencePiece-style");
        QTest::newRow("no vocab") << QByteArray("{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"type\":\"BPE\",\"merges\":[]}}")
                                  << QStringLiteral("no \"vocab\"");
        QTest::newRow("empty vocab") << bpe("{}", "[]") << QStringLiteral("vocabulary is empty");
        QTest::newRow("merge names unknown token") << bpe("{\"a\":0,\"b\":1,\"ab\":2}", "[\"a zz\"]")
                                                   << QStringLiteral("\"zz\", which is not in the vocabulary");
        QTest::newRow("merge result unknown") << bpe("{\"a\":0,\"b\":1}", "[\"a b\"]")
                                              << QStringLiteral("makes \"ab\", which is not in the vocabulary");
        QTest::newRow("merge without space") << bpe("{\"a\":0}", "[\"ab\"]") << QStringLiteral("not two tokens");
        QTest::newRow("merge pair of three") << bpe("{\"a\":0}", "[[\"a\",\"a\",\"a\"]]")
                                             << QStringLiteral("neither \"a b\" nor");
        QTest::newRow("merges not a list") << bpe("{\"a\":0}", "{\"a\":1}") << QStringLiteral("not a list");
        QTest::newRow("id not integer") << bpe("{\"a\":\"zero\"}", "[]") << QStringLiteral("not an integer");
        QTest::newRow("id negative") << bpe("{\"a\":-1}", "[]") << QStringLiteral("outside");
        QTest::newRow("id huge") << bpe("{\"a\":2000000000}", "[]") << QStringLiteral("outside");
        QTest::newRow("duplicate id") << bpe("{\"a\":0,\"b\":0}", "[]") << QStringLiteral("two tokens");
        QTest::newRow("no pre-tokenizer")
            << QByteArray("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}") << QStringLiteral("no pre-tokenizer");
        QTest::newRow("whitespace pre-tokenizer")
            << QByteArray("{\"pre_tokenizer\":{\"type\":\"Whitespace\"},\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}")
            << QStringLiteral("pre-tokenizer \"Whitespace\"");
        QTest::newRow("split without byte level")
            << QByteArray("{\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"a\"},\"behavior\":\"Isolated\"},"
                          "\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}")
            << QStringLiteral("no ByteLevel step");
        QTest::newRow("bad regex")
            << QByteArray("{\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(a\"},"
                          "\"behavior\":\"Isolated\"},{\"type\":\"ByteLevel\"}]},\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}")
            << QStringLiteral("PCRE2 cannot compile");
        QTest::newRow("unknown behavior")
            << QByteArray("{\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"Regex\":\"a\"},"
                          "\"behavior\":\"Sideways\"},{\"type\":\"ByteLevel\"}]},\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}")
            << QStringLiteral("unknown behavior");
        QTest::newRow("lowercase normalizer") << bpe("{\"a\":0}", "[]", ",\"normalizer\":{\"type\":\"Lowercase\"}")
                                              << QStringLiteral("normalizer \"Lowercase\"");
        QTest::newRow("wordpiece decoder") << bpe("{\"a\":0}", "[]", ",\"decoder\":{\"type\":\"WordPiece\"}")
                                           << QStringLiteral("decoder \"WordPiece\"");
        QTest::newRow("added tokens not a list") << bpe("{\"a\":0}", "[]", ",\"added_tokens\":{\"id\":1}")
                                                 << QStringLiteral("\"added_tokens\" is not a list");
        QTest::newRow("added token without id") << bpe("{\"a\":0}", "[]", ",\"added_tokens\":[{\"content\":\"x\"}]")
                                                << QStringLiteral("added token without");
        QTest::newRow("wrong types deep inside") << bpe("{\"a\":0}", "[]", ",\"normalizer\":{\"type\":\"Sequence\",\"normalizers\":7}")
                                                 << QStringLiteral("no \"normalizers\" list");
    }

    void badTokenizerJson()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = tmpFile(QStringLiteral("bad_tokenizer.json"), content);
        const QString err = errorOf([&] { sharelens::loadTokenizerJson(path.toStdString()); });
        QVERIFY2(err.contains(expected), qPrintable(QStringLiteral("got: ") + err));
        QVERIFY2(err.startsWith(path + QStringLiteral(": ")), qPrintable(QStringLiteral("no file name in: ") + err));
    }

    void missingTokenizerJson()
    {
        const QString path = m_tmp.filePath(QStringLiteral("does_not_exist.json"));
        const QString err = errorOf([&] { sharelens::loadTokenizerJson(path.toStdString()); });
        QVERIFY2(err.startsWith(path) && err.contains(QStringLiteral("cannot open")), qPrintable(err));
    }

    // Seeded mutations of a small valid tokenizer.json: every load either
    // works or throws sharelens::Error; nothing else escapes and nothing
    // crashes, and whatever loads can encode and decode.
    void mutatedTokenizerJson_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 s = 1; s <= 4; ++s)
            QTest::addRow("seed %u", s) << s;
    }
    void mutatedTokenizerJson()
    {
        QFETCH(quint32, seed);
        TinyBpe t;
        t.preTokenizer = splitThenByteLevel(kLlama3Pattern);
        t.extraTokens = {"he", "ll", "llo", " w"};
        t.merges = {{"h", "e"}, {"l", "l"}, {"ll", "o"}, {" ", "w"}};
        t.addedTokens.append(QJsonObject{{QStringLiteral("id"), 300}, {QStringLiteral("content"), QStringLiteral("<s>")}});
        const QByteArray valid = makeTokenizerJson(t);
        QRandomGenerator rng(seed);
        const QString path = m_tmp.filePath(QStringLiteral("mutated.json"));
        int loaded = 0, rejected = 0;
        for (int i = 0; i < 300; ++i) {
            QByteArray m = valid;
            const int edits = 1 + int(rng.bounded(4));
            for (int e = 0; e < edits; ++e) {
                const int pos = int(rng.bounded(qint32(m.size())));
                switch (rng.bounded(4)) {
                case 0: m[pos] = char(rng.bounded(256)); break;
                case 1: m.remove(pos, 1 + int(rng.bounded(8))); break;
                case 2: m.insert(pos, "{}[],:\"0-1e9"[rng.bounded(12)]); break;
                case 3: m.truncate(pos); break;
                }
            }
            QVERIFY(writeAll(path, m));
            std::unique_ptr<Tokenizer> tok;
            const QString err = errorOf([&] { tok = sharelens::loadTokenizerJson(path.toStdString()); });
            QVERIFY2(!err.startsWith(QStringLiteral("OTHER EXCEPTION")), qPrintable(err));
            if (!tok) {
                QVERIFY(!err.isEmpty());
                ++rejected;
                continue;
            }
            ++loaded;
            const std::string text = "hello <s> world 12345 \xff!";
            std::vector<int32_t> ids;
            QCOMPARE(errorOf([&] { ids = tok->encode(text); }), QString());
            const QString derr = errorOf([&] { tok->decode(ids); });
            QVERIFY2(!derr.startsWith(QStringLiteral("OTHER EXCEPTION")), qPrintable(derr));
        }
        QVERIFY(rejected > 0);
        QVERIFY(loaded + rejected == 300);
    }

    // -------------------------------------------------------- SentencePiece

    void sentencePiece_data()
    {
        QTest::addColumn<QString>("modelType");
        QTest::newRow("unigram") << QStringLiteral("unigram");
        QTest::newRow("bpe") << QStringLiteral("bpe");
    }

    void sentencePiece()
    {
        QFETCH(QString, modelType);
        if (m_spmTrain.isEmpty() || m_spmEncode.isEmpty() || m_spmDecode.isEmpty())
            QSKIP("spm_train/spm_encode/spm_decode not installed (Debian package sentencepiece)");
        const QString model = trainSpm(modelType);
        QVERIFY2(!model.isEmpty(), "spm_train failed");
        const QList<QByteArray> lines{"the layer shares parameters with its neighbour",
                                      "Zürich café naïve 東京 データ",
                                      "similarity of attention blocks: 42, 2024?",
                                      "unseen words like xylophone and QUANTUM",
                                      "  leading and   inner spaces",
                                      "emoji 👍 and symbols ©"};
        QByteArray input;
        for (const auto& l : lines)
            input += l + '\n';
        const QList<QByteArray> idLines = runSpm(m_spmEncode, {QStringLiteral("--model=") + model,
                                                               QStringLiteral("--output_format=id")},
                                                 input);
        QCOMPARE(idLines.size(), lines.size());
        const QList<QByteArray> decoded = runSpm(m_spmDecode, {QStringLiteral("--model=") + model,
                                                               QStringLiteral("--input_format=id")},
                                                 idLines.join('\n') + '\n');
        QCOMPARE(decoded.size(), lines.size());

        const auto tok = sharelens::loadSentencePiece(model.toStdString());
        QCOMPARE(QString::fromStdString(tok->kind()), QStringLiteral("sentencepiece"));
        QVERIFY(tok->vocabSize() > 50 && tok->vocabSize() <= 150);
        for (qsizetype i = 0; i < lines.size(); ++i) {
            QList<int> expected;
            for (const auto& s : idLines[i].split(' '))
                if (!s.isEmpty())
                    expected.append(s.toInt());
            const auto ids = tok->encode(str(lines[i]));
            QCOMPARE(toList(ids), expected);
            QCOMPARE(bytes(tok->decode(ids)), decoded[i]);
        }
        const QString err = errorOf([&] { tok->decode({tok->vocabSize()}); });
        QVERIFY2(err.contains(QStringLiteral("outside")), qPrintable(err));
        // The helper keeps serving after a failed request.
        QVERIFY(!tok->encode("the layer").empty());
    }

    void sentencePieceErrors_data()
    {
        QTest::addColumn<QByteArray>("modelContent"); // empty: no file
        QTest::addColumn<QByteArray>("helperEnv");    // empty: unset
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing model") << QByteArray() << QByteArray() << QStringLiteral("cannot open");
        QTest::newRow("garbage model") << QByteArray("this is not a protobuf \x01\x02\x03") << QByteArray()
                                       << QStringLiteral("SentencePiece model");
        QTest::newRow("json given as model") << QByteArray("{\"model\":{}}") << QByteArray()
                                             << QStringLiteral("SentencePiece model");
        QTest::newRow("helper missing") << QByteArray("x") << QByteArray("/nonexistent/sharelens-spm")
                                        << QStringLiteral("SHARELENS_SPM_HELPER");
        QTest::newRow("helper not a helper") << QByteArray("x") << QByteArray("/bin/true")
                                             << QStringLiteral("stopped without answering");
    }

    void sentencePieceErrors()
    {
        QFETCH(QByteArray, modelContent);
        QFETCH(QByteArray, helperEnv);
        QFETCH(QString, expected);
        const QString path = m_tmp.filePath(QStringLiteral("bad.model"));
        QFile::remove(path);
        if (!modelContent.isEmpty())
            QVERIFY(writeAll(path, modelContent));
        const QByteArray old = qgetenv("SHARELENS_SPM_HELPER");
        if (!helperEnv.isEmpty())
            qputenv("SHARELENS_SPM_HELPER", helperEnv);
        const QString err = errorOf([&] { sharelens::loadSentencePiece(path.toStdString()); });
        if (old.isEmpty())
            qunsetenv("SHARELENS_SPM_HELPER");
        else
            qputenv("SHARELENS_SPM_HELPER", old);
        QVERIFY2(err.contains(expected), qPrintable(QStringLiteral("got: ") + err));
        QVERIFY2(err.startsWith(path), qPrintable(QStringLiteral("no file name in: ") + err));
    }

    // ------------------------------------------------ loadTokenizerForModel

    void forModel_data()
    {
        QTest::addColumn<QString>("files"); // "json", "model", "metaspace+model", "none"
        QTest::addColumn<int>("vocabSize");
        QTest::addColumn<QString>("expected"); // kind, or "error: <substring>"
        QTest::newRow("tokenizer.json") << QStringLiteral("json") << 50257 << QStringLiteral("bpe");
        QTest::newRow("padded vocabulary") << QStringLiteral("json") << 50304 << QStringLiteral("bpe");
        QTest::newRow("tokenizer.model") << QStringLiteral("model") << 150 << QStringLiteral("sentencepiece");
        QTest::newRow("json preferred") << QStringLiteral("json+model") << 50257 << QStringLiteral("bpe");
        QTest::newRow("sentencepiece-style json falls back")
            << QStringLiteral("metaspace+model") << 150 << QStringLiteral("sentencepiece");
        QTest::newRow("bytes") << QStringLiteral("none") << 256 << QStringLiteral("bytes");
        QTest::newRow("nothing usable") << QStringLiteral("none") << 32000
                                        << QStringLiteral("error: has no tokenizer.json or tokenizer.model");
        QTest::newRow("tokenizer too big for model") << QStringLiteral("json") << 1000
                                                     << QStringLiteral("error: belongs to another model");
        QTest::newRow("unsupported json alone") << QStringLiteral("metaspace") << 150
                                                << QStringLiteral("error: SentencePiece-style");
        QTest::newRow("not a folder") << QStringLiteral("missing") << 256 << QStringLiteral("error: is not a folder");
    }

    void forModel()
    {
        QFETCH(QString, files);
        QFETCH(int, vocabSize);
        QFETCH(QString, expected);
        if (files.contains(QStringLiteral("model")) && trainSpm(QStringLiteral("unigram")).isEmpty())
            QSKIP("spm_train not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString folder = dir.path();
        if (files == QStringLiteral("missing"))
            folder = dir.filePath(QStringLiteral("nope"));
        if (files.contains(QStringLiteral("json")))
            QVERIFY(QFile::copy(fixture("gpt2/tokenizer.json"), dir.filePath(QStringLiteral("tokenizer.json"))));
        if (files.contains(QStringLiteral("metaspace")))
            QVERIFY(writeAll(dir.filePath(QStringLiteral("tokenizer.json")),
                             "{\"pre_tokenizer\":{\"type\":\"Metaspace\"},\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}"));
        if (files.contains(QStringLiteral("model")))
            QVERIFY(QFile::copy(trainSpm(QStringLiteral("unigram")), dir.filePath(QStringLiteral("tokenizer.model"))));
        std::unique_ptr<Tokenizer> tok;
        const QString err = errorOf([&] { tok = sharelens::loadTokenizerForModel(folder.toStdString(), vocabSize); });
        if (expected.startsWith(QStringLiteral("error: "))) {
            QVERIFY2(err.contains(expected.mid(7)), qPrintable(QStringLiteral("got: ") + err));
            QVERIFY2(err.contains(folder), qPrintable(err));
            QVERIFY(!tok);
        } else {
            QVERIFY2(tok, qPrintable(err));
            QCOMPARE(QString::fromStdString(tok->kind()), expected);
        }
    }

    void cleanupTestCase() { m_gpt2.reset(); }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
