// Hostile tokenizers through sharelens-cli: a model folder whose
// tokenizer.json is no regular file (a FIFO, a link to a device, a folder, a
// dangling link) is an error with the exact message, not a silent fall-back
// to the byte tokenizer; and a tokenizer.json with a pathological Split
// pattern on a 2 MB text either finishes, when the calibration needs only a
// start of the text that the pattern handles cheaply, or stops with the
// message naming the pattern, instead of running for hours.
//
// "@TMP" in messages stands for the suite's temporary folder.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include "gpt2bytes.h"
#include "testutil.h"

namespace {

// A byte-level tokenizer.json over the 256 byte symbols (no merges) whose
// pre-tokenizer is a Split on `pattern` and then ByteLevel.
QByteArray splitTokenizerJson(const QString& pattern) {
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b) vocab.insert(testutil::byteSymbol(b), b);
    const QJsonObject split{
        {"type", "Split"}, {"pattern", QJsonObject{{"Regex", pattern}}}, {"behavior", "Isolated"}, {"invert", false}};
    const QJsonObject byteLevel{{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
    const QJsonObject root{
        {"version", "1.0"},
        {"added_tokens", QJsonArray()},
        {"pre_tokenizer", QJsonObject{{"type", "Sequence"}, {"pretokenizers", QJsonArray{split, byteLevel}}}},
        {"decoder", QJsonObject{{"type", "ByteLevel"}}},
        {"model", QJsonObject{{"type", "BPE"}, {"vocab", vocab}, {"merges", QJsonArray()}}}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

const char kSlowPattern[] = "a(?=[^!]*!)";

} // namespace

class TestHostileTokenize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void analyze_data();
    void analyze();

private:
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    QString expand(QString s) const { return s.replace(QStringLiteral("@TMP"), m_tmp.path()); }
    // A copy of the byte-vocabulary model, its tokenizer.json made by `kind`.
    QString makeModel(const QString& kind);

    QTemporaryDir m_tmp;
};

void TestHostileTokenize::initTestCase() {
    QVERIFY(m_tmp.isValid());
    QVERIFY(testutil::makeCheckpoint(tmp("bytes"), {"--family", "gpt2", "--vocab", "256", "--positions", "64"}));
    QFile::remove(tmp("bytes/tokenizer.json"));
    // 2 MB where every 'a' looks ahead to the one '!' at the very end.
    QVERIFY(testutil::writeFile(tmp("slow.txt"), QByteArray(2 << 20, 'a') + "!"));
    // The same after a start whose '!'s are near: the calibration's 128
    // tokens come from there.
    QVERIFY(testutil::writeFile(tmp("slow-late.txt"),
                                QByteArray("a cat! ").repeated(200) + QByteArray(2 << 20, 'a') + "!"));
    QVERIFY(testutil::writeFile(tmp("plain.txt"), QByteArray("plain calibration text. ").repeated(100)));
}

QString TestHostileTokenize::makeModel(const QString& kind) {
    const QString dir = tmp(kind);
    if (!testutil::copyFolder(tmp("bytes"), dir)) return {};
    const QString tok = dir + QStringLiteral("/tokenizer.json");
    const QByteArray tokl = tok.toLocal8Bit();
    bool ok = true;
    if (kind == QLatin1String("fifo")) ok = ::mkfifo(tokl.constData(), 0644) == 0;
    if (kind == QLatin1String("devzero")) ok = ::symlink("/dev/zero", tokl.constData()) == 0;
    if (kind == QLatin1String("folder")) ok = QDir().mkpath(tok);
    if (kind == QLatin1String("dangling")) ok = ::symlink("/nonexistent/tokenizer.json", tokl.constData()) == 0;
    if (kind.startsWith(QLatin1String("slow"))) ok = testutil::writeFile(tok, splitTokenizerJson(kSlowPattern));
    return ok ? dir : QString();
}

void TestHostileTokenize::analyze_data() {
    QTest::addColumn<QString>("kind"); // the model folder's name and what its tokenizer.json is
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); // the last stderr line; empty when it succeeds
    const QString unreadable = QStringLiteral(
        "sharelens-cli: error: @TMP/%1/tokenizer.json: the tokenizer file exists but cannot be read: %2. Replace it "
        "with the model's real tokenizer file, or remove it.");
    QTest::newRow("tokenizer.json is a FIFO")
        << "fifo"
        << "plain.txt" << 1 << unreadable.arg(QStringLiteral("fifo"), QStringLiteral("it is a FIFO (named pipe)"));
    QTest::newRow("tokenizer.json links to /dev/zero")
        << "devzero"
        << "plain.txt" << 1 << unreadable.arg(QStringLiteral("devzero"), QStringLiteral("it is a character device"));
    QTest::newRow("tokenizer.json is a folder")
        << "folder"
        << "plain.txt" << 1 << unreadable.arg(QStringLiteral("folder"), QStringLiteral("it is a folder"));
    QTest::newRow("tokenizer.json is a dangling link")
        << "dangling"
        << "plain.txt" << 1
        << unreadable.arg(QStringLiteral("dangling"), QStringLiteral("it is a symbolic link to nothing"));
    QTest::newRow("slow pattern across 2 MB")
        << "slow"
        << "slow.txt" << 1
        << QStringLiteral("sharelens-cli: error: @TMP/slow/tokenizer.json: the tokenizer's pre-tokenizer pattern "
                          "`a(?=[^!]*!)` needs too much matching work on this text (the limit is 64 MiB plus 32 bytes "
                          "scanned per byte of text); the pattern is pathological or the tokenizer.json is damaged.");
    QTest::newRow("slow pattern, cheap start") << "slow-late"
                                               << "slow-late.txt" << 0 << QString();
}

// analyze with 4 sequences of 32 tokens: 128 tokens from the start of the text.
void TestHostileTokenize::analyze() {
    QFETCH(QString, kind);
    QFETCH(QString, text);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString model = makeModel(kind);
    QVERIFY(!model.isEmpty());
    const QString out = tmp(kind + QStringLiteral("-out"));
    // Before the fix the slow rows ran for hours; two minutes is a hang guard.
    const auto r = testutil::runCli(
        {"analyze", model, "--text", tmp(text), "--seq-len", "32", "--sequences", "4", "--out", out}, 120000);
    const QString last = QString::fromUtf8(r.err).trimmed().split('\n').last();
    QVERIFY2(r.exitCode == exitCode, qPrintable(QString::fromUtf8(r.err)));
    if (exitCode == 0) {
        QVERIFY(QFile::exists(out + QStringLiteral("/analysis.json")));
    } else {
        QCOMPARE(last, expand(message));
        QVERIFY(!QFile::exists(out + QStringLiteral("/analysis.json")));
    }
}

QTEST_GUILESS_MAIN(TestHostileTokenize)
#include "tst_hostile_tokenize.moc"
