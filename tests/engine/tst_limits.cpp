// Bounds on what ShareLens reads: JSON nested past kMaxJsonDepth, pickles
// nested past kMaxPickleDepth or larger than kMaxPickleBytes, inputs that
// are devices, FIFOs or too large, and texts read only as far as needed.
// Every refusal is checked by its exact message.
#include <QtTest/QtTest>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/stat.h>

#include "errortest.h"
#include "io/pickle_scan.h"
#include "sharelens/agents.h"
#include "sharelens/checkpoint.h"
#include "sharelens/config.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/plan.h"
#include "sharelens/safetensors.h"
#include "sharelens/session.h"
#include "sharelens/tokenizer.h"
#include "testpaths.h"
#include "testutil.h"

using namespace sharelens;
using testutil::errorOf;

namespace {

using testutil::readAll;

const QString kTooDeep = QStringLiteral(
    "the JSON nests deeper than 512 levels, which no file ShareLens reads needs; the file is damaged or is not what "
    "it claims to be.");

std::string nested(int depth, char open = '[', char close = ']') {
    return std::string(static_cast<size_t>(depth), open) + std::string(static_cast<size_t>(depth), close);
}

QString message(const std::optional<Error>& e) { return e ? QString::fromUtf8(e->what()) : QStringLiteral("accepted"); }

// A file of `size` bytes that takes no disk space.
bool sparseFile(const QString& path, qint64 size) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.resize(size);
}


} // namespace

class TestLimits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonDepth_data();
    void jsonDepth();
    void readersRefuse100000Deep_data();
    void readersRefuse100000Deep();
    void fuzzCorpusDeepEntries_data();
    void fuzzCorpusDeepEntries();
    void pickleScan_data();
    void pickleScan();
    void hostileBinCheckpoints_data();
    void hostileBinCheckpoints();
    void nonRegularInputs_data();
    void nonRegularInputs();
    void oversizedInputs();
    void textPrefix();
};

void TestLimits::jsonDepth_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("refused");
    QTest::newRow("512 arrays") << QByteArray::fromStdString(nested(512)) << false;
    QTest::newRow("513 arrays") << QByteArray::fromStdString(nested(513)) << true;
    QTest::newRow("513 objects and arrays")
        << QByteArray::fromStdString(std::string(257, '[') + std::string(256, '{')) << true;
    QTest::newRow("brackets inside a string") << QByteArray("[\"" + QByteArray(2000, '[') + "\"]") << false;
    QTest::newRow("escaped quote inside a string")
        << QByteArray("[\"\\\"" + QByteArray(2000, '{') + "\\\\\"]") << false;
    QTest::newRow("string ends, brackets count again") << QByteArray("[\"\\\\\"" + QByteArray(600, '[') + "]") << true;
    QTest::newRow("closers only") << QByteArray(5000, ']') << false;
}

void TestLimits::jsonDepth() {
    QFETCH(QByteArray, text);
    QFETCH(bool, refused);
    const auto e = errorOf([&] { checkJsonDepth(text.toStdString(), "x.json"); });
    QCOMPARE(message(e), refused ? "x.json: " + kTooDeep : QStringLiteral("accepted"));
    if (e) QCOMPARE(e->code(), ErrorCode::JsonTooDeep);
}

// Text nested 100,000 levels deep used to parse and then exhaust the stack
// when dumped or copied; every reader refuses it first.
void TestLimits::readersRefuse100000Deep_data() {
    QTest::addColumn<QString>("reader");
    for (const char* r : {"plan", "agents plan", "session", "config", "token ids", "shard index"})
        QTest::newRow(r) << QString::fromLatin1(r);
}

void TestLimits::readersRefuse100000Deep() {
    QFETCH(QString, reader);
    const std::string deep = nested(100000);
    const std::string inObject = "{\"plan\": " + deep + ", \"units\": " + deep + "}";
    const auto e = errorOf([&] {
        if (reader == "plan") planFromJson(inObject, "f.json");
        if (reader == "agents plan") agentPlanFromJson(inObject, "f.json");
        if (reader == "session")
            sessionFromJson("{\"format\": \"sharelens-session\", \"plan\": " + deep + "}", "f.json");
        if (reader == "config") parseConfig("{\"model_type\": \"gpt2\", \"x\": " + deep + "}", "f.json");
        if (reader == "token ids") parseTokenIds(deep, "f.json");
        if (reader == "shard index") parseShardIndex("{\"weight_map\": " + deep + "}", "f.json");
    });
    QCOMPARE(message(e), "f.json: " + kTooDeep);
}

// The fuzz targets' seeds nested past the limit (fuzz/make_seeds.py): each
// reader refuses its own.
void TestLimits::fuzzCorpusDeepEntries_data() {
    QTest::addColumn<QString>("file");
    for (const char* f :
         {"plan/nested-1000-deep.json", "session/nested-1000-deep.sharelens", "config/nested-1000-deep.json",
          "tokenizer/nested-1000-deep.json", "token_ids/nested-1000-deep.json", "index/nested-1000-deep.json",
          "safetensors/nested-1000-deep", "compact_meta/nested-1000-deep-map"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestLimits::fuzzCorpusDeepEntries() {
    QFETCH(QString, file);
    const QString path = testpaths::source("/fuzz/corpus/") + file;
    const QByteArray bytes = readAll(path);
    QVERIFY2(!bytes.isEmpty(), qPrintable(path));
    const std::string text = bytes.toStdString(), p = path.toStdString();
    const QString kind = file.section('/', 0, 0);
    const auto e = errorOf([&] {
        if (kind == "plan") planFromJson(text, p);
        if (kind == "session") sessionFromJson(text, p);
        if (kind == "config") parseConfig(text, p);
        if (kind == "tokenizer") loadTokenizerJson(p);
        if (kind == "token_ids") parseTokenIds(text, p);
        if (kind == "index") parseShardIndex(text, p);
        const auto* data = reinterpret_cast<const uint8_t*>(text.data());
        if (kind == "safetensors") parseSafetensorsHeader(data, text.size(), text.size(), p);
        if (kind == "compact_meta") {
            const SafetensorsHeader h = parseSafetensorsHeader(data, text.size(), text.size(), p);
            sharingMapFromJson(h.metadata.at("sharelens.map"), p);
        }
    });
    QVERIFY2(e && e->code() == ErrorCode::JsonTooDeep, qPrintable(message(e)));
}

void TestLimits::pickleScan_data() {
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("expected");
    const QString deep = QStringLiteral(
        "p.pkl: the pickle inside this checkpoint nests deeper than 1000 levels, which no checkpoint needs; the file "
        "is damaged or was crafted. Get the checkpoint again, preferably as safetensors.");
    // torch.save({"a": torch.zeros(2, 3), "b": torch.ones(6, dtype=torch.bfloat16)})'s data.pkl.
    static const char kStateDict[] =
        "\200\002}q\000(X\001\000\000\000aq\001ctorch._utils\n_rebuild_tensor_v2\nq\002((X\007\000\000"
        "\000storageq\003ctorch\nFloatStorage\nq\004X\001\000\000\0000q\005X\003\000\000\000cpuq\006K\006"
        "tq\007QK\000K\002K\003\206q\010K\003K\001\206q\011\211ccollections\nOrderedDict\nq\n)Rq\013tq"
        "\014Rq\015X\001\000\000\000bq\016h\002((h\003ctorch\nBFloat16Storage\nq\017X\001\000\000\0001q"
        "\020h\006K\006tq\021QK\000K\006\205q\022K\001\205q\023\211h\n)Rq\024tq\025Rq\026u.";
    const QByteArray stateDict(kStateDict, sizeof kStateDict - 1);
    QTest::newRow("a state_dict") << stateDict << QString();
    QTest::newRow("lists 1000 deep") << QByteArray("\x80\x02" + QByteArray(1000, ']') + QByteArray(999, 'a') + ".")
                                     << QString();
    QTest::newRow("lists 1001 deep") << QByteArray("\x80\x02" + QByteArray(1001, ']') + QByteArray(1000, 'a') + ".")
                                     << deep;
    QTest::newRow("lists 200000 deep") << QByteArray("\x80\x02" + QByteArray(200000, ']') + QByteArray(199999, 'a') +
                                                     ".")
                                       << deep;
    QTest::newRow("tuples of marks 5000 deep")
        << QByteArray("\x80\x02" + QByteArray(5000, '(') + QByteArray(5000, 't') + ".") << deep;
    // Each new list takes the previous one from the memo: the stack never
    // holds more than two values, yet the nesting grows by one each time.
    QTest::newRow("nesting through the memo")
        << QByteArray("\200\002]q\0000", 6) + QByteArray("]h\000aq\0000", 7).repeated(1500) + "N." << deep;
    // A list already inside another one is filled afterwards (through the
    // memo): the parent grows out of sight, so it is refused.
    QTest::newRow("filling a list already placed") << QByteArray("\200\002]q\000]h\000ah\000Na.", 14) << deep;
    QTest::newRow("truncated") << QByteArray("\x80\x02]]") << QString();
    QTest::newRow("unknown opcode") << QByteArray("\x80\x02\xff]") << QString();
    QTest::newRow("larger than 64 MiB")
        << QByteArray("\x80\x02X") + QByteArray("\x00\x00\x00\x05", 4) + QByteArray(80 << 20, 'x') + "."
        << QStringLiteral("p.pkl: the pickle inside this checkpoint is 80.0 MiB, more than the 64.0 MiB a "
                          "checkpoint's pickle needs; the file is damaged or was crafted. Get the checkpoint "
                          "again, preferably as safetensors.");
}

void TestLimits::pickleScan() {
    QFETCH(QByteArray, pickle);
    QFETCH(QString, expected);
    const auto e = errorOf([&] { checkPickleBounds(std::string_view(pickle.constData(), pickle.size()), "p.pkl"); });
    QCOMPARE(message(e), expected.isEmpty() ? QStringLiteral("accepted") : expected);
}

// `info` used to crash inside LibTorch's unpickler on a 200,000-deep pickle.
void TestLimits::hostileBinCheckpoints_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("200000 deep") << QStringList{"--depth", "200000"}
                                 << QStringLiteral("nests deeper than 1000 levels, which no checkpoint needs; the "
                                                   "file is damaged or was crafted. Get the checkpoint again, "
                                                   "preferably as safetensors.");
    QTest::newRow("80 MiB") << QStringList{"--bytes", QString::number(80 << 20)}
                            << QStringLiteral("is 80.0 MiB, more than the 64.0 MiB a checkpoint's pickle needs; the "
                                              "file is damaged or was crafted. Get the checkpoint again, preferably "
                                              "as safetensors.");
}

void TestLimits::hostileBinCheckpoints() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString bin = dir.filePath("pytorch_model.bin");
    QVERIFY(testutil::runPython("make_hostile_pickle.py", QStringList{"--out", bin} + args));
    QVERIFY(testutil::writeFile(dir.filePath("config.json"), R"({"model_type": "gpt2", "n_embd": 8, "n_layer": 1,
        "n_head": 2, "n_positions": 16, "vocab_size": 10})"));
    const auto e = errorOf([&] { openCheckpoint(dir.path().toStdString()); });
    QCOMPARE(message(e), bin + ": the pickle inside this checkpoint " + expected);
}

void TestLimits::nonRegularInputs_data() {
    QTest::addColumn<QString>("reader");
    QTest::addColumn<QString>("path"); // "@FIFO": a named pipe made here
    QTest::addColumn<QString>("expected");
    QTest::newRow("token ids from /dev/zero") << "token ids"
                                              << "/dev/zero"
                                              << "/dev/zero is a character device, not a regular file; give a file "
                                                 "that holds token ids.";
    QTest::newRow("text from /dev/urandom") << "text"
                                            << "/dev/urandom"
                                            << "/dev/urandom is a character device, not a regular file; give a "
                                               "file that holds text.";
    QTest::newRow("text prefix from a FIFO") << "text prefix"
                                             << "@FIFO"
                                             << "@FIFO is a FIFO (named pipe), not a regular file; give a file that "
                                                "holds text.";
    QTest::newRow("session from a FIFO") << "session"
                                         << "@FIFO"
                                         << "@FIFO is a FIFO (named pipe), not a regular file; give a file that "
                                            "holds a ShareLens session.";
}

void TestLimits::nonRegularInputs() {
    QFETCH(QString, reader);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString fifo = dir.filePath("pipe");
    QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    path.replace("@FIFO", fifo);
    expected.replace("@FIFO", fifo);
    const std::string p = path.toStdString();
    const auto e = errorOf([&] {
        if (reader == "token ids") readTokenIds(p);
        if (reader == "text") readTextFile(p);
        if (reader == "text prefix") readTextPrefix(p, 1 << 20);
        if (reader == "session") loadSession(p);
    });
    QCOMPARE(message(e), expected);
    QVERIFY(e && e->code() == ErrorCode::InputNotRegularFile);
}

// Sizes are checked before anything is read (the files here are sparse).
void TestLimits::oversizedInputs() {
    QTemporaryDir dir;
    const QString ids = dir.filePath("ids.json"), session = dir.filePath("big.sharelens");
    QVERIFY(sparseFile(ids, qint64(300) << 20));
    QVERIFY(sparseFile(session, qint64(300) << 20));
    QCOMPARE(message(errorOf([&] { readTokenIds(ids.toStdString()); })),
             ids + ": the file is 300.0 MiB, more than the 256.0 MiB that a token-id file may be; give fewer "
                   "sequences, or give the text with --text.");
    QCOMPARE(message(errorOf([&] { loadSession(session.toStdString()); })),
             session + ": the file is 300.0 MiB, more than the 256.0 MiB a ShareLens session may hold; it is not a "
                       "session, or it is damaged.");
}

// The analysis reads only the start of a text; a cut never splits a character.
void TestLimits::textPrefix() {
    QTemporaryDir dir;
    const QString path = dir.filePath("t.txt");
    QByteArray text;
    for (int i = 0; i < 1000; ++i) text += "ab\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 "; // a, b, é, €, 😀, space
    QVERIFY(testutil::writeFile(path, text));
    const std::string p = path.toStdString();
    QCOMPARE(readTextPrefix(p, 1u << 20), text.toStdString());
    for (std::uint64_t n = 1; n <= 16; ++n) {
        const std::string prefix = readTextPrefix(p, n);
        QVERIFY(prefix.size() <= n && prefix.size() + 3 >= n);
        QVERIFY(QString::fromUtf8(prefix.data(), qsizetype(prefix.size())).toUtf8().toStdString() == prefix);
        QCOMPARE(prefix, text.left(qsizetype(prefix.size())).toStdString());
    }
    QCOMPARE(textBytesForTokens(10), std::uint64_t(1) << 20);
    QCOMPARE(textBytesForTokens(64 * 1024), std::uint64_t(64) * 64 * 1024);
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
