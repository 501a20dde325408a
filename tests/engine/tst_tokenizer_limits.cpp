// Bounds on tokenizing: encodePrefix (only the start of a long text is
// tokenized, with exactly the ids of the full encoding), the regex work
// limits that stop a pathological pre-tokenizer pattern with a message naming
// it, and tokenizer files that exist but are no regular file.
//
// The windowed matching behind both is checked against an independent whole-
// text search: QRegularExpression (PCRE2 over UTF-16) splits long random
// texts, and the tokenizer, whose vocabulary holds every expected piece with
// ignore_merges on, must give back exactly those pieces.

#include "tokenizer_testutil.h"

#include <QtTest/QtTest>

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>

#include <sys/stat.h>
#include <unistd.h>

using namespace tokenizertest;

namespace {

const char* const kSlowPattern = "a(?=[^!]*!)";

// Seeded text with what stresses windows: long words, long runs of spaces
// and newlines, digits, punctuation, CJK and other scripts; `invalid` adds
// stray bytes that are not UTF-8.
QByteArray randomText(quint32 seed, int size, bool invalid) {
    const char* parts[] = {"the",  "quick", "über", "東京", "данные", "'s", "'LL", " ",   "  ", "\n", "\n\n",
                           "\r\n", "\t",    "2024", "3.14", "!!",     "?",  "(x)", "a_b", "😀",  "—",  "é"};
    QRandomGenerator rng(seed);
    QByteArray t;
    while (t.size() < size) {
        const int r = int(rng.bounded(100));
        if (r < 2)
            t += QByteArray(1 + int(rng.bounded(3000)), " \n"[rng.bounded(2)]);
        else if (r < 4)
            t += QByteArray(1 + int(rng.bounded(2000)), "ab7."[rng.bounded(4)]);
        else if (r < 5 && invalid)
            t += char(0x80 + rng.bounded(0x80));
        else
            t += parts[rng.bounded(int(std::size(parts)))];
    }
    return t;
}

QJsonObject splitStep(const char* pattern, const char* behavior, bool invert) {
    return {{QStringLiteral("type"), QStringLiteral("Split")},
            {QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), QString::fromUtf8(pattern)}}},
            {QStringLiteral("behavior"), QString::fromUtf8(behavior)},
            {QStringLiteral("invert"), invert}};
}

QJsonObject withByteLevel(const QJsonObject& split) {
    return {{QStringLiteral("type"), QStringLiteral("Sequence")},
            {QStringLiteral("pretokenizers"), QJsonArray{split, byteLevel(false)}}};
}

// The pieces a Split step makes of `text`, from a search of the whole text
// with QRegularExpression and the behavior applied to the complete span list.
QList<QByteArray> referencePieces(const QByteArray& text, const char* pattern, const QString& behavior, bool invert) {
    const QString s = QString::fromUtf8(text);
    const QRegularExpression re(QString::fromUtf8(pattern), QRegularExpression::UseUnicodePropertiesOption);
    struct Span {
        qsizetype b, e;
        bool match;
    };
    QList<Span> spans;
    qsizetype prev = 0;
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedLength() == 0) continue;
        if (m.capturedStart() > prev) spans.append({prev, m.capturedStart(), invert});
        spans.append({m.capturedStart(), m.capturedEnd(), !invert});
        prev = m.capturedEnd();
    }
    if (prev < s.size()) spans.append({prev, s.size(), invert});
    QList<QByteArray> out;
    const auto emit = [&](qsizetype b, qsizetype e) {
        if (e > b) out.append(s.mid(b, e - b).toUtf8());
    };
    if (behavior == QLatin1String("Isolated")) {
        for (const Span& sp : spans) emit(sp.b, sp.e);
    } else if (behavior == QLatin1String("Removed")) {
        for (const Span& sp : spans)
            if (!sp.match) emit(sp.b, sp.e);
    } else if (behavior == QLatin1String("MergedWithPrevious") || behavior == QLatin1String("MergedWithNext")) {
        const bool previous = behavior == QLatin1String("MergedWithPrevious");
        qsizetype start = 0;
        for (const Span& sp : spans)
            if (sp.match) {
                emit(start, previous ? sp.e : sp.b);
                start = previous ? sp.e : sp.b;
            }
        emit(start, s.size());
    } else { // Contiguous
        for (qsizetype i = 0; i < spans.size();) {
            qsizetype j = i + 1;
            while (j < spans.size() && spans[j].match == spans[i].match) ++j;
            emit(spans[i].b, spans[j - 1].e);
            i = j;
        }
    }
    return out;
}

int errorCodeOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const sharelens::Error& e) {
        return int(e.code());
    }
    return -1;
}

} // namespace

class TestTokenizerLimits : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    std::unique_ptr<Tokenizer> load(const QString& name, const TinyBpe& t) {
        const QString p = m_tmp.filePath(name);
        if (!writeAll(p, makeTokenizerJson(t))) return {};
        return sharelens::loadTokenizerJson(p.toStdString());
    }
    // Byte symbols only, no merges: every id is the byte it stands for, so
    // any correct encoding of a text is its bytes.
    std::unique_ptr<Tokenizer> bytesOnly(const QString& name, const char* pattern) {
        TinyBpe t;
        t.preTokenizer = withByteLevel(splitStep(pattern, "Isolated", false));
        return load(name, t);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // ------------------------------------------------------ encodePrefix

    void prefixEqualsFullEncode_data() {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<bool>("invalid");
        for (quint32 s = 1; s <= 4; ++s) QTest::addRow("seed %u", s) << s << false;
        for (quint32 s = 5; s <= 6; ++s) QTest::addRow("seed %u, invalid bytes", s) << s << true;
    }
    // GPT-2 fixture: the ids of encodePrefix(text, n) are the first n ids of
    // encode(text), for n across the whole range.
    void prefixEqualsFullEncode() {
        QFETCH(quint32, seed);
        QFETCH(bool, invalid);
        const auto tok = sharelens::loadTokenizerJson(fixture("gpt2/tokenizer.json").toStdString());
        const QByteArray text = randomText(seed, 60000, invalid);
        const auto full = tok->encode(str(text));
        QCOMPARE(bytes(tok->decode(full)), text);
        for (const size_t n : {size_t(0), size_t(1), size_t(7), size_t(100), size_t(1000), full.size() / 2,
                               full.size() - 1, full.size(), full.size() + 5}) {
            const auto prefix = tok->encodePrefix(str(text), n);
            const size_t expect = std::min(n, full.size());
            QCOMPARE(prefix.size(), expect);
            QVERIFY2(std::equal(prefix.begin(), prefix.end(), full.begin()), qPrintable(QString::number(n)));
        }
    }

    // ------------------------------------ windowed matching is exact

    void splitMatchesWholeTextSearch_data() {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QString>("behavior");
        QTest::addColumn<bool>("invert");
        QTest::addColumn<quint32>("seed");
        const QString behaviors[] = {"Isolated", "Removed", "MergedWithPrevious", "MergedWithNext", "Contiguous"};
        quint32 seed = 20;
        for (const QString& b : behaviors) {
            QTest::addRow("spaces %s", qPrintable(b)) << QByteArray("[\\s.]+") << b << false << seed++;
            QTest::addRow("digits %s inverted", qPrintable(b)) << QByteArray("\\p{N}+") << b << true << seed++;
        }
        QTest::addRow("llama3") << QByteArray(kLlama3Pattern) << QStringLiteral("Isolated") << false << seed++;
        QTest::addRow("qwen2") << QByteArray(kQwen2Pattern) << QStringLiteral("Isolated") << false << seed++;
        QTest::addRow("paragraphs") << QByteArray("\\n\\n+") << QStringLiteral("MergedWithPrevious") << false << seed++;
        // Every word looks ahead to the one '!' at the end: windows grow to
        // the end and settle there (a short text, so inside the budget).
        // Every word looks ahead to the one '!' at the end: windows grow to
        // the end and are settled there (a short text, inside the budget).
        QTest::addRow("lookahead to a far !")
            << QByteArray("\\w+(?=[^!]*!)") << QStringLiteral("Isolated") << false << seed++;
        QTest::addRow("end anchors") << QByteArray("\\s+$|\\b\\w") << QStringLiteral("Isolated") << false << seed++;
    }
    void splitMatchesWholeTextSearch() {
        QFETCH(QByteArray, pattern);
        QFETCH(QString, behavior);
        QFETCH(bool, invert);
        QFETCH(quint32, seed);
        QByteArray text = randomText(seed, pattern.contains('!') ? 5000 : 30000, false);
        if (pattern.contains('!')) text += "!"; // one '!' at the very end
        const QList<QByteArray> expected = referencePieces(text, pattern.constData(), behavior, invert);
        QVERIFY(expected.size() > 10);
        TinyBpe t;
        t.ignoreMerges = true;
        t.preTokenizer = withByteLevel(splitStep(pattern.constData(), behavior.toUtf8().constData(), invert));
        for (const QByteArray& p : expected) t.extraTokens.append(p);
        const auto tok = load(QStringLiteral("split-whole.json"), t);
        const auto ids = tok->encode(str(text));
        const QList<QByteArray> got = pieces(*tok, ids);
        // Any wrong split falls apart into single bytes, so the counts differ.
        QCOMPARE(got.size(), expected.size());
        QCOMPARE(got, expected);
    }

    // ------------------------------------------------- regex work limits

    void limitsTrip_data() {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("limit");
        // Each 'a' looks ahead to the one '!' at the end: quadratic.
        QTest::newRow("lookahead across 2 MB") << QByteArray(kSlowPattern) << QByteArray(2 << 20, 'a') + "!"
                                               << QStringLiteral("64 MiB plus 32 bytes scanned per byte of text");
        // Exponential backtracking: the match limit of one search.
        QTest::newRow("nested repeats") << QByteArray("(a+)+b") << QByteArray(40, 'a') + "cb"
                                        << QStringLiteral("backtracking steps in one search");
    }
    void limitsTrip() {
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArray, text);
        QFETCH(QString, limit);
        const auto tok = bytesOnly(QStringLiteral("slow.json"), pattern.constData());
        const QString path = m_tmp.filePath(QStringLiteral("slow.json"));
        const QString err = errorOf([&] { tok->encode(str(text)); });
        const QString expect = path + QStringLiteral(": the tokenizer's pre-tokenizer pattern `") +
                               QString::fromUtf8(pattern) + QStringLiteral("` needs too much matching work");
        QVERIFY2(err.startsWith(expect), qPrintable(err));
        QVERIFY2(err.contains(limit), qPrintable(err));
        QCOMPARE(errorCodeOf([&] { tok->encode(str(text)); }), int(sharelens::ErrorCode::RegexTooMuchWork));
    }

    // A long pattern is named by its first 57 bytes and "...".
    void longPatternShortened() {
        const QByteArray pattern = QByteArray("(?:q)?").repeated(12) + kSlowPattern;
        const auto tok = bytesOnly(QStringLiteral("long.json"), pattern.constData());
        const QString err = errorOf([&] { tok->encode(std::string(1 << 21, 'a') + "!"); });
        QVERIFY2(
            err.contains(QStringLiteral("pattern `") + QString::fromUtf8(pattern.left(57)) + QStringLiteral("...`")),
            qPrintable(err));
    }

    // The slow pattern on 2 MB: a few hundred ids from the start come back
    // (their '!' is near), though the whole text is far past the budget.
    void slowPatternLazyPrefix() {
        const auto tok = bytesOnly(QStringLiteral("slow-prefix.json"), kSlowPattern);
        const QByteArray head = QByteArray("a cat! ").repeated(200);
        const QByteArray text = head + QByteArray(2 << 20, 'a') + "!";
        const auto ids = tok->encodePrefix(str(text), 1000);
        QCOMPARE(ids.size(), size_t(1000));
        QCOMPARE(bytes(tok->decode(ids)), text.left(1000));
        QCOMPARE(errorCodeOf([&] { tok->encode(str(text)); }), int(sharelens::ErrorCode::RegexTooMuchWork));
    }

    // Real pre-tokenizers on 2 MB of prose, code and CJK stay far inside the
    // limits (a limit they hit would stop real work).
    void legitPatternsStayInside_data() {
        QTest::addColumn<QByteArray>("pattern"); // empty: the GPT-2 fixture
        QTest::newRow("gpt2") << QByteArray();
        QTest::newRow("llama3") << QByteArray(kLlama3Pattern);
        QTest::newRow("qwen2") << QByteArray(kQwen2Pattern);
    }
    void legitPatternsStayInside() {
        QFETCH(QByteArray, pattern);
        const QByteArray prose = "It was the best of times, it was the worst of times; it was the age of wisdom. ";
        const QByteArray code = "    for (int i = 0; i < n; ++i) {\n        sum += v[i] * 2;\n    }\n";
        const QByteArray cjk = "東京は日本の首都である。人口は約千四百万人。\n";
        QByteArray text;
        while (text.size() < (2 << 20)) text += prose.repeated(20) + "\n\n" + code.repeated(10) + cjk.repeated(10);
        text += QByteArray(1 << 20, ' ') + "x" + QByteArray(1 << 19, '\n') + QByteArray(1 << 19, ' ');
        const auto tok = pattern.isEmpty() ? sharelens::loadTokenizerJson(fixture("gpt2/tokenizer.json").toStdString())
                                           : bytesOnly(QStringLiteral("legit.json"), pattern.constData());
        QElapsedTimer timer;
        timer.start();
        std::vector<int32_t> ids;
        QCOMPARE(errorOf([&] { ids = tok->encode(str(text)); }), QString());
        qInfo("%.1f MB in %.2f s", double(text.size()) / 1e6, double(timer.elapsed()) / 1000.0);
        QCOMPARE(bytes(tok->decode(ids)), text);
    }

    // ----------------------------------------- tokenizer files that are no file

    void unreadableTokenizerFile_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("what");
        for (const char* name : {"tokenizer.json", "tokenizer.model"}) {
            QTest::addRow("%s fifo", name) << "fifo" << name << "it is a FIFO (named pipe)";
            QTest::addRow("%s folder", name) << "folder" << name << "it is a folder";
            QTest::addRow("%s link to /dev/zero", name) << "devzero" << name << "it is a character device";
            QTest::addRow("%s dangling link", name) << "dangling" << name << "it is a symbolic link to nothing";
        }
    }
    // The model folder's tokenizer is looked at, never opened: a FIFO would
    // block a reader for ever.
    void unreadableTokenizerFile() {
        QFETCH(QString, kind);
        QFETCH(QString, name);
        QFETCH(QString, what);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString p = dir.filePath(name);
        const QByteArray pl = p.toLocal8Bit();
        if (kind == QLatin1String("fifo")) QCOMPARE(::mkfifo(pl.constData(), 0644), 0);
        if (kind == QLatin1String("folder")) QVERIFY(QDir().mkpath(p));
        if (kind == QLatin1String("devzero")) QCOMPARE(::symlink("/dev/zero", pl.constData()), 0);
        if (kind == QLatin1String("dangling")) QCOMPARE(::symlink("/nonexistent/tokenizer", pl.constData()), 0);
        const QString expected = p + QStringLiteral(": the tokenizer file exists but cannot be read: ") + what +
                                 QStringLiteral(". Replace it with the model's real tokenizer file, or remove it.");
        QCOMPARE(errorOf([&] { sharelens::loadTokenizerForModel(dir.path().toStdString(), 256); }), expected);
        if (name == QLatin1String("tokenizer.json"))
            QCOMPARE(errorOf([&] { sharelens::loadTokenizerJson(p.toStdString()); }), expected);
    }

    // A tokenizer.json past 256 MiB is refused before it is read (a sparse
    // file: no disk space is used).
    void hugeTokenizerJson() {
        const QString p = m_tmp.filePath(QStringLiteral("huge.json"));
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(qint64(300) << 20));
        f.close();
        QCOMPARE(errorOf([&] { sharelens::loadTokenizerJson(p.toStdString()); }),
                 p + QStringLiteral(": the file is 300.0 MiB, more than the 256.0 MiB that a tokenizer.json may be; "
                                    "real ones are under 20 MiB, so this one is damaged or is not a tokenizer. "
                                    "Replace it with the model's own tokenizer.json."));
    }
};

QTEST_GUILESS_MAIN(TestTokenizerLimits)
#include "tst_tokenizer_limits.moc"
