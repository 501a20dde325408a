// Byte-level BPE tokenizers from tokenizer.json. GPT-2 ids are checked
// against the ids that gpt-3-encoder's own JavaScript encoder produced
// (tests/reference/make_gpt2_tokenizer_fixture.sh); Llama 3 / Qwen2 pre-token
// splits against splits derived by hand from their regexes; then the
// messages for broken tokenizer.json files. SentencePiece, the byte tokenizer
// and loadTokenizerForModel are in tst_tokenizer_spm.cpp.

#include "tokenizer_testutil.h"

#include <QtTest/QtTest>

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdlib>
#include <functional>

using namespace tokenizertest;

class TestTokenizer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<Tokenizer> m_gpt2;
    QJsonObject m_gpt2Json;

    QString tmpFile(const QString& name, const QByteArray& content) {
        const QString p = m_tmp.filePath(name);
        if (!writeAll(p, content)) return {};
        return p;
    }

    std::unique_ptr<Tokenizer> gpt2Variant(const QString& name, const std::function<void(QJsonObject&)>& edit) {
        QJsonObject j = m_gpt2Json;
        edit(j);
        const QString p = tmpFile(name, QJsonDocument(j).toJson(QJsonDocument::Compact));
        return sharelens::loadTokenizerJson(p.toStdString());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        const QByteArray json = readAll(fixture("gpt2/tokenizer.json"));
        QVERIFY2(!json.isEmpty(), "tests/fixtures/gpt2/tokenizer.json is missing");
        m_gpt2Json = QJsonDocument::fromJson(json).object();
        QVERIFY(!m_gpt2Json.isEmpty());
        m_gpt2 = sharelens::loadTokenizerJson(fixture("gpt2/tokenizer.json").toStdString());
        QVERIFY(m_gpt2);
    }

    // ---------------------------------------------------------------- GPT-2

    void gpt2Ids_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<int>>("expected");
        const QJsonArray cases = QJsonDocument::fromJson(readAll(fixture("gpt2/expected_ids.json"))).array();
        QVERIFY2(cases.size() >= 30, "tests/fixtures/gpt2/expected_ids.json is missing or short");
        for (const auto& c : cases) {
            const QJsonObject o = c.toObject();
            QList<int> ids;
            for (const auto& v : o.value(QStringLiteral("ids")).toArray()) ids.append(v.toInt());
            QTest::newRow(o.value(QStringLiteral("name")).toString().toUtf8().constData())
                << o.value(QStringLiteral("text")).toString().toUtf8() << ids;
        }
    }

    void gpt2Ids() {
        QFETCH(QByteArray, text);
        QFETCH(QList<int>, expected);
        const auto ids = m_gpt2->encode(str(text));
        QCOMPARE(toList(ids), expected);
        QCOMPARE(bytes(m_gpt2->decode(ids)), text);
    }

    void gpt2Basics() {
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
    void gpt2MergesAsPairs() {
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
    void gpt2AddPrefixSpace_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("asWithoutOption");
        QTest::newRow("word") << QByteArray("Hello world") << QByteArray(" Hello world");
        QTest::newRow("digits") << QByteArray("2024 was") << QByteArray(" 2024 was");
        QTest::newRow("already spaced") << QByteArray(" Hello") << QByteArray(" Hello");
        QTest::newRow("after special token") << QByteArray("<|endoftext|>Hello") << QByteArray("<|endoftext|> Hello");
        QTest::newRow("newline first") << QByteArray("\nHi") << QByteArray(" \nHi");
    }
    void gpt2AddPrefixSpace() {
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
    void gpt2ArbitraryBytes_data() {
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
            for (auto& c : b) c = char(rng.bounded(256));
            QTest::addRow("random %d", seed) << b;
        }
    }
    void gpt2ArbitraryBytes() {
        QFETCH(QByteArray, text);
        const auto ids = m_gpt2->encode(str(text));
        for (const int32_t id : ids) QVERIFY(id >= 0 && id < 50257);
        QCOMPARE(bytes(m_gpt2->decode(ids)), text);
    }

    // Throughput on a fresh tokenizer (empty word cache): 4 MB of made-up
    // words, so most words are new, with punctuation, numbers and some
    // non-ASCII text mixed in.
    void gpt2EncodeLargeText() {
        const char* syllables[] = {"ka",  "lo", "re", "sh", "tion", "ing", "ver", "qu", "ab",   "st", "mi", "nd",
                                   "pre", "ex", "un", "ly", "ou",   "ph",  "zz",  "é",  "über", "да", "東"};
        const char* seps[] = {" ", " ", " ", " ", ", ", ". ", "\n", " (", ") ", "  ", "'s ", "; ", "\t"};
        QRandomGenerator rng(11);
        QByteArray text;
        text.reserve(4 * 1024 * 1024 + 64);
        while (text.size() < 4 * 1024 * 1024) {
            if (rng.bounded(10) == 0) {
                text += QByteArray::number(rng.bounded(1000000));
            } else {
                const int n = 1 + int(rng.bounded(4));
                for (int k = 0; k < n; ++k) text += syllables[rng.bounded(int(std::size(syllables)))];
            }
            text += seps[rng.bounded(int(std::size(seps)))];
        }
        const auto tok = sharelens::loadTokenizerJson(fixture("gpt2/tokenizer.json").toStdString());
        QElapsedTimer timer;
        timer.start();
        const auto ids = tok->encode(str(text));
        const double seconds = std::max(double(timer.nsecsElapsed()) * 1e-9, 1e-6);
        const double mbps = double(text.size()) / seconds / 1e6;
        qInfo("GPT-2 encode: %.1f MB in %.2f s = %.1f MB/s (%zu tokens)", double(text.size()) / 1e6, seconds, mbps,
              ids.size());
        // The figure is printed, not asserted: a loaded machine must not fail
        // the suite (speed goals live in tests/bench as ratios).
        QCOMPARE(bytes(tok->decode(ids)), text);
        // Byte-level BPE on this mix: more than one byte per token, at most
        // eight (GPT-2's merges join the common syllables).
        QVERIFY(ids.size() > size_t(text.size()) / 8 && ids.size() < size_t(text.size()));
    }

    // ------------------------------------------------- Llama 3 and Qwen2

    void splitPreTokens_data() {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<bool>("nfc");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        const QByteArray llama = kLlama3Pattern, qwen = kQwen2Pattern;
        QTest::newRow("llama3 digits by three")
            << llama << false << QByteArray("1234567") << QList<QByteArray>{"123", "456", "7"};
        QTest::newRow("llama3 letters and digits")
            << llama << false << QByteArray("abc12345def") << QList<QByteArray>{"abc", "123", "45", "def"};
        QTest::newRow("llama3 uppercase contraction")
            << llama << false << QByteArray("I'M here") << QList<QByteArray>{"I", "'M", " here"};
        QTest::newRow("llama3 lowercase contraction")
            << llama << false << QByteArray("we've") << QList<QByteArray>{"we", "'ve"};
        QTest::newRow("llama3 punctuation takes newlines")
            << llama << false << QByteArray("Hi!!\n\nthere") << QList<QByteArray>{"Hi", "!!\n\n", "there"};
        QTest::newRow("llama3 symbol joins word")
            << llama << false << QByteArray("$hello world") << QList<QByteArray>{"$hello", " world"};
        QTest::newRow("llama3 space runs")
            << llama << false << QByteArray("a   b") << QList<QByteArray>{"a", "  ", " b"};
        QTest::newRow("llama3 newline run")
            << llama << false << QByteArray("a\n\n b") << QList<QByteArray>{"a", "\n\n", " b"};
        QTest::newRow("llama3 special token") << llama << false << QByteArray("<|begin_of_text|>Hello 2024")
                                              << QList<QByteArray>{"<|begin_of_text|>", "Hello", " ", "202", "4"};
        QTest::newRow("llama3 unicode letters")
            << llama << false << QByteArray("«Привет» мир") << QList<QByteArray>{"«Привет", "»", " мир"};
        QTest::newRow("qwen2 digits one by one")
            << qwen << true << QByteArray("in 2024") << QList<QByteArray>{"in", " ", "2", "0", "2", "4"};
        QTest::newRow("qwen2 nfc") << qwen << true << QByteArray("cafe\xcc\x81 ok")
                                   << QList<QByteArray>{"caf\xc3\xa9", " ok"};
        QTest::newRow("qwen2 cjk") << qwen << true << QByteArray("你好，世界") << QList<QByteArray>{"你好", "，世界"};
    }

    // Every expected piece is a vocabulary entry and ignore_merges is on, so
    // each correctly split pre-token comes back as one id; a wrong split
    // falls apart into single bytes.
    void splitPreTokens() {
        QFETCH(QByteArray, pattern);
        QFETCH(bool, nfc);
        QFETCH(QByteArray, text);
        QFETCH(QList<QByteArray>, expected);
        TinyBpe t;
        t.ignoreMerges = true;
        t.preTokenizer = splitThenByteLevel(pattern.constData());
        if (nfc) t.normalizer = QJsonObject{{QStringLiteral("type"), QStringLiteral("NFC")}};
        for (const auto& p : expected)
            if (p != "<|begin_of_text|>") t.extraTokens.append(p);
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
    void splitMatchesJavaScript_data() {
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
    void splitMatchesJavaScript() {
        QFETCH(QString, pattern);
        QFETCH(QByteArray, text);
        QFETCH(QList<QByteArray>, expected);
        static QHash<QString, std::shared_ptr<Tokenizer>> tokenizers;
        if (!tokenizers.contains(pattern)) {
            // One tokenizer per pattern whose vocabulary holds every expected piece.
            const QJsonObject root =
                QJsonDocument::fromJson(readAll(fixture("gpt2/pretokenizer_splits.json"))).object();
            TinyBpe t;
            t.ignoreMerges = true;
            for (const auto& c : root.value(QStringLiteral("cases")).toArray())
                if (c.toObject().value(QStringLiteral("pattern")).toString() == pattern)
                    for (const auto& piece : c.toObject().value(QStringLiteral("pieces")).toArray())
                        t.extraTokens.append(piece.toString().toUtf8());
            const QByteArray re = root.value(QStringLiteral("patterns")).toObject().value(pattern).toString().toUtf8();
            t.preTokenizer = pattern == QStringLiteral("gpt2") ? QJsonValue(byteLevel(true))
                                                               : QJsonValue(splitThenByteLevel(re.constData()));
            const QString path =
                tmpFile(QStringLiteral("js_") + pattern + QStringLiteral(".json"), makeTokenizerJson(t));
            tokenizers.insert(pattern, std::shared_ptr<Tokenizer>(sharelens::loadTokenizerJson(path.toStdString())));
        }
        const auto& tok = *tokenizers.value(pattern);
        QCOMPARE(pieces(tok, tok.encode(str(text))), expected);
    }

    void ignoreMerges_data() {
        QTest::addColumn<bool>("ignoreMerges");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("merges") << false << QByteArray("hello") << QList<QByteArray>{"he", "llo"};
        QTest::newRow("ignore_merges, word in vocab") << true << QByteArray("hello") << QList<QByteArray>{"hello"};
        QTest::newRow("ignore_merges, word not in vocab")
            << true << QByteArray("hellos") << QList<QByteArray>{"he", "llo", "s"};
        QTest::newRow("merges, two words")
            << false << QByteArray("hello hello") << QList<QByteArray>{"he", "llo", " ", "he", "llo"};
        // " hello" is one pre-token, not in the vocabulary: merged as usual.
        QTest::newRow("ignore_merges, two words")
            << true << QByteArray("hello hello") << QList<QByteArray>{"hello", " ", "he", "llo"};
    }
    void ignoreMerges() {
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
    void addedTokenOptions_data() {
        QTest::addColumn<QString>("option"); // "", "lstrip", "rstrip", "single_word"
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("plain") << QString() << QByteArray("a <mask> b") << QList<QByteArray>{"a", " ", "<mask>", " b"};
        QTest::newRow("lstrip") << QStringLiteral("lstrip") << QByteArray("a  <mask> b")
                                << QList<QByteArray>{"a", "<mask>", " b"};
        QTest::newRow("rstrip") << QStringLiteral("rstrip") << QByteArray("a <mask>  b")
                                << QList<QByteArray>{"a", " ", "<mask>", "b"};
        QTest::newRow("single_word alone")
            << QStringLiteral("single_word") << QByteArray("a <mask> b") << QList<QByteArray>{"a", " ", "<mask>", " b"};
        QTest::newRow("single_word inside a word")
            << QStringLiteral("single_word") << QByteArray("a<mask>b") << QList<QByteArray>{"a", "<", "mask", ">", "b"};
        QTest::newRow("plain inside a word")
            << QString() << QByteArray("a<mask>b") << QList<QByteArray>{"a", "<mask>", "b"};
        QTest::newRow("longest match") << QString() << QByteArray("<mask><mask2>")
                                       << QList<QByteArray>{"<mask>", "<mask2>"};
    }
    void addedTokenOptions() {
        QFETCH(QString, option);
        QFETCH(QByteArray, text);
        QFETCH(QList<QByteArray>, expected);
        TinyBpe t;
        t.ignoreMerges = true;
        t.preTokenizer = byteLevel(true);
        t.extraTokens = {"mask", " b"};
        QJsonObject mask{{QStringLiteral("id"), 500},
                         {QStringLiteral("content"), QStringLiteral("<mask>")},
                         {QStringLiteral("special"), true}};
        if (!option.isEmpty()) mask.insert(option, true);
        t.addedTokens = {
            mask, QJsonObject{{QStringLiteral("id"), 501}, {QStringLiteral("content"), QStringLiteral("<mask2>")}}};
        const QString path = tmpFile(QStringLiteral("added.json"), makeTokenizerJson(t));
        const auto tok = sharelens::loadTokenizerJson(path.toStdString());
        const auto ids = tok->encode(str(text));
        QCOMPARE(pieces(*tok, ids), expected);
        QVERIFY(std::count(ids.begin(), ids.end(), 500) == expected.count("<mask>"));
    }

    // Merge order follows rank, not position: with "b c" ranked before
    // "a b", "abc" becomes a + bc.
    void mergeRank_data() {
        QTest::addColumn<bool>("bcFirst");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("bc first") << true << QByteArray("abc") << QList<QByteArray>{"a", "bc"};
        QTest::newRow("ab first") << false << QByteArray("abc") << QList<QByteArray>{"ab", "c"};
        QTest::newRow("repeated pair leftmost") << true << QByteArray("aaa") << QList<QByteArray>{"aa", "a"};
        QTest::newRow("long run") << true << QByteArray(1001, 'a') << (QList<QByteArray>(500, "aa") << QByteArray("a"));
    }
    void mergeRank() {
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

    // -------------------------------------------------------------- errors

    void badTokenizerJson_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const auto bpe = [](const QByteArray& vocab, const QByteArray& merges, const QByteArray& extra = "") {
            return "{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"type\":\"BPE\",\"vocab\":" + vocab +
                   ",\"merges\":" + merges + "}" + extra + "}";
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
        QTest::newRow("no vocab")
            << QByteArray("{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"type\":\"BPE\",\"merges\":[]}}")
            << QStringLiteral("no \"vocab\"");
        QTest::newRow("empty vocab") << bpe("{}", "[]") << QStringLiteral("vocabulary is empty");
        QTest::newRow("merge names unknown token") << bpe("{\"a\":0,\"b\":1,\"ab\":2}", "[\"a zz\"]")
                                                   << QStringLiteral("\"zz\", which is not in the vocabulary");
        QTest::newRow("merge result unknown")
            << bpe("{\"a\":0,\"b\":1}", "[\"a b\"]") << QStringLiteral("makes \"ab\", which is not in the vocabulary");
        QTest::newRow("merge without space") << bpe("{\"a\":0}", "[\"ab\"]") << QStringLiteral("not two tokens");
        QTest::newRow("merge pair of three")
            << bpe("{\"a\":0}", "[[\"a\",\"a\",\"a\"]]") << QStringLiteral("neither \"a b\" nor");
        QTest::newRow("merges not a list") << bpe("{\"a\":0}", "{\"a\":1}") << QStringLiteral("not a list");
        QTest::newRow("id not integer") << bpe("{\"a\":\"zero\"}", "[]") << QStringLiteral("not an integer");
        QTest::newRow("id negative") << bpe("{\"a\":-1}", "[]") << QStringLiteral("outside");
        QTest::newRow("id huge") << bpe("{\"a\":2000000000}", "[]") << QStringLiteral("outside");
        QTest::newRow("duplicate id") << bpe("{\"a\":0,\"b\":0}", "[]") << QStringLiteral("two tokens");
        QTest::newRow("no pre-tokenizer")
            << QByteArray("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}")
            << QStringLiteral("no pre-tokenizer");
        QTest::newRow("whitespace pre-tokenizer")
            << QByteArray("{\"pre_tokenizer\":{\"type\":\"Whitespace\"},\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0}"
                          ",\"merges\":[]}}")
            << QStringLiteral("pre-tokenizer \"Whitespace\"");
        QTest::newRow("split without byte level")
            << QByteArray(
                   "{\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"a\"},\"behavior\":\"Isolated\"},"
                   "\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}")
            << QStringLiteral("no ByteLevel step");
        QTest::newRow("bad regex") << QByteArray("{\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{"
                                                 "\"type\":\"Split\",\"pattern\":{\"Regex\":\"(a\"},"
                                                 "\"behavior\":\"Isolated\"},{\"type\":\"ByteLevel\"}]},\"model\":{"
                                                 "\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]}}")
                                   << QStringLiteral("PCRE2 cannot compile");
        QTest::newRow("unknown behavior")
            << QByteArray("{\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\","
                          "\"pattern\":{\"Regex\":\"a\"},"
                          "\"behavior\":\"Sideways\"},{\"type\":\"ByteLevel\"}]},\"model\":{\"type\":\"BPE\",\"vocab\":"
                          "{\"a\":0},\"merges\":[]}}")
            << QStringLiteral("unknown behavior");
        QTest::newRow("lowercase normalizer") << bpe("{\"a\":0}", "[]", ",\"normalizer\":{\"type\":\"Lowercase\"}")
                                              << QStringLiteral("normalizer \"Lowercase\"");
        QTest::newRow("wordpiece decoder") << bpe("{\"a\":0}", "[]", ",\"decoder\":{\"type\":\"WordPiece\"}")
                                           << QStringLiteral("decoder \"WordPiece\"");
        QTest::newRow("added tokens not a list") << bpe("{\"a\":0}", "[]", ",\"added_tokens\":{\"id\":1}")
                                                 << QStringLiteral("\"added_tokens\" is not a list");
        QTest::newRow("added token without id") << bpe("{\"a\":0}", "[]", ",\"added_tokens\":[{\"content\":\"x\"}]")
                                                << QStringLiteral("added token without");
        QTest::newRow("wrong types deep inside")
            << bpe("{\"a\":0}", "[]", ",\"normalizer\":{\"type\":\"Sequence\",\"normalizers\":7}")
            << QStringLiteral("no \"normalizers\" list");
    }

    void badTokenizerJson() {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = tmpFile(QStringLiteral("bad_tokenizer.json"), content);
        const QString err = errorOf([&] { sharelens::loadTokenizerJson(path.toStdString()); });
        QVERIFY2(err.contains(expected), qPrintable(QStringLiteral("got: ") + err));
        QVERIFY2(err.startsWith(path + QStringLiteral(": ")), qPrintable(QStringLiteral("no file name in: ") + err));
    }

    void missingTokenizerJson() {
        const QString path = m_tmp.filePath(QStringLiteral("does_not_exist.json"));
        const QString err = errorOf([&] { sharelens::loadTokenizerJson(path.toStdString()); });
        QVERIFY2(err.startsWith(path) && err.contains(QStringLiteral("cannot open")), qPrintable(err));
    }

    // Seeded mutations of a small valid tokenizer.json: every load either
    // works or throws sharelens::Error; nothing else escapes and nothing
    // crashes, and whatever loads can encode and decode.
    void mutatedTokenizerJson_data() {
        QTest::addColumn<quint32>("seed");
        for (quint32 s = 1; s <= 4; ++s) QTest::addRow("seed %u", s) << s;
    }
    void mutatedTokenizerJson() {
        QFETCH(quint32, seed);
        TinyBpe t;
        t.preTokenizer = splitThenByteLevel(kLlama3Pattern);
        t.extraTokens = {"he", "ll", "llo", " w"};
        t.merges = {{"h", "e"}, {"l", "l"}, {"ll", "o"}, {" ", "w"}};
        t.addedTokens.append(
            QJsonObject{{QStringLiteral("id"), 300}, {QStringLiteral("content"), QStringLiteral("<s>")}});
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

    void cleanupTestCase() { m_gpt2.reset(); }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
