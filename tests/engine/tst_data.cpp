// Token-id files, file reading and atomic writing, chunking, validation.
#include <QtTest/QtTest>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <optional>
#include <random>

#include "errortest.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/outpath.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace sharelens;
using testutil::entries;
using testutil::errorOf;

namespace {} // namespace

class TestData : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseGood();
    void parseBad_data();
    void parseBad();
    void parseNeverCrashes();
    void readAndWriteFiles();
    void writeFileAtomicFailures();
    void writeFileAtomicRefusesWhatItWouldReplace_data();
    void writeFileAtomicRefusesWhatItWouldReplace();
    void sameFileSeesThroughLinks();
    void outputFolders();
    void chunk_data();
    void chunk();
    void validate_data();
    void validate();
};

void TestData::parseGood() {
    const Sequences s = parseTokenIds(" [[15, 7, 99], [3, 4], [], [2147483647, 0]] ", "ids.json");
    QCOMPARE(s.size(), std::size_t(4));
    QCOMPARE(s[0], (std::vector<int32_t>{15, 7, 99}));
    QCOMPARE(s[1], (std::vector<int32_t>{3, 4}));
    QVERIFY(s[2].empty());
    QCOMPARE(s[3], (std::vector<int32_t>{2147483647, 0}));
    QVERIFY(parseTokenIds("[]", "ids.json").empty());
}

void TestData::parseBad_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("invalid JSON") << QByteArray("[[1, 2],") << QStringLiteral("not valid JSON");
    QTest::newRow("object") << QByteArray(R"({"ids": [1]})") << QStringLiteral("not an array");
    QTest::newRow("flat list") << QByteArray("[1, 2, 3]") << QStringLiteral("sequence 0 is 1, not an array");
    QTest::newRow("negative id") << QByteArray("[[1, 2], [3, -4]]") << QStringLiteral("sequence 1, position 1: -4");
    QTest::newRow("too large") << QByteArray("[[2147483648]]") << QStringLiteral("sequence 0, position 0: 2147483648");
    QTest::newRow("float") << QByteArray("[[1, 2.5]]") << QStringLiteral("sequence 0, position 1: 2.5");
    QTest::newRow("string") << QByteArray(R"([[1], [2, "3"]])") << QStringLiteral("sequence 1, position 1: \"3\"");
    QTest::newRow("nested") << QByteArray("[[1, [2]]]") << QStringLiteral("sequence 0, position 1");
    QTest::newRow("null") << QByteArray("[[null]]") << QStringLiteral("sequence 0, position 0: null");
    QTest::newRow("deeply nested") << QByteArray(200000, '[') + QByteArray(200000, ']')
                                   << QStringLiteral("the JSON nests deeper than 512 levels");
}

void TestData::parseBad() {
    QFETCH(QByteArray, text);
    QFETCH(QString, fragment);
    auto e = errorOf([&] { parseTokenIds(text.toStdString(), "/data/ids.json"); });
    QVERIFY2(e.has_value(), "accepted");
    const QString msg = QString::fromStdString(e->what());
    QVERIFY2(msg.contains(fragment), qPrintable(msg));
    QVERIFY2(msg.contains(QStringLiteral("/data/ids.json")), qPrintable(msg));
}

void TestData::parseNeverCrashes() {
    const std::string good = "[[15, 7, 99], [3, 4], [1, 2, 3, 4, 5, 6]]";
    std::mt19937 rng(99);
    const char alphabet[] = "[],0123456789- .e\"{}:tn";
    for (int iter = 0; iter < 3000; ++iter) {
        std::string s = good;
        for (int k = 0; k < 3; ++k) s[rng() % s.size()] = alphabet[rng() % (sizeof alphabet - 1)];
        try {
            const Sequences seqs = parseTokenIds(s, "f.json");
            for (const auto& q : seqs)
                for (int32_t id : q) QVERIFY(id >= 0);
        } catch (const Error&) {}
    }
}

void TestData::readAndWriteFiles() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("ids.json")).toStdString();
    writeFileAtomic(path, "[[1, 2, 3]]");
    QCOMPARE(QString::fromStdString(readFile(path)), QStringLiteral("[[1, 2, 3]]"));
    QCOMPARE(readTokenIds(path), (Sequences{{1, 2, 3}}));
    std::string binary("a\0b\xff", 4);
    writeFileAtomic(path, binary);
    QCOMPARE(readFile(path), binary);
    writeFileAtomic(path, "");
    QCOMPARE(readFile(path), std::string());
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("ids.json")});

    auto e = errorOf([&] { readFile(path + ".nope"); });
    QVERIFY(e && QString::fromStdString(e->what()).contains(QStringLiteral("does not exist")));
    e = errorOf([&] { readFile(dir.path().toStdString()); });
    QVERIFY(e && QString::fromStdString(e->what()).contains(QStringLiteral("folder")));
    e = errorOf([&] { readTokenIds(path + ".nope"); });
    QVERIFY(e && QString::fromStdString(e->path()) == QString::fromStdString(path + ".nope"));
}

void TestData::writeFileAtomicFailures() {
    QTemporaryDir dir;
    const QString keep = dir.filePath(QStringLiteral("keep.txt"));
    writeFileAtomic(keep.toStdString(), "original");
    // Writing over a folder fails and leaves everything as it was.
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
    auto e = errorOf([&] { writeFileAtomic(dir.filePath(QStringLiteral("sub")).toStdString(), "x"); });
    QVERIFY(e && QString::fromStdString(e->what()).contains(QStringLiteral("folder")));
    e = errorOf([&] { writeFileAtomic(dir.filePath(QStringLiteral("missing/f.txt")).toStdString(), "x"); });
    QVERIFY2(e && QString::fromStdString(e->what()).contains(QStringLiteral("does not exist")), e ? e->what() : "");
    e = errorOf([&] { writeFileAtomic(keep.toStdString() + "/f.txt", "x"); });
    QVERIFY2(e && QString::fromStdString(e->what()).contains(QStringLiteral("not a folder")), e ? e->what() : "");
    QCOMPARE(QString::fromStdString(readFile(keep.toStdString())), QStringLiteral("original"));
    QCOMPARE(entries(dir.path()), (QStringList{QStringLiteral("keep.txt"), QStringLiteral("sub")}));
}

// What `path` leads to: its type, and for a regular file its mode and bytes.
static QByteArray describeNode(const QString& path) {
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) return "missing";
    if (S_ISCHR(st.st_mode)) return "character device";
    if (S_ISFIFO(st.st_mode)) return "fifo";
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return "unreadable";
    return "file " + QByteArray::number(st.st_mode & 07777, 8) + " " + f.readAll();
}

void TestData::writeFileAtomicRefusesWhatItWouldReplace_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message"); // after "PATH "
    QTest::newRow("FIFO") << "fifo"
                          << "is a FIFO (named pipe), not a regular file; ShareLens writes only regular files and "
                             "never replaces a device, pipe or socket. Choose a file path.";
    QTest::newRow("character device") << "chr"
                                      << "is a character device, not a regular file; ShareLens writes only regular "
                                         "files and never replaces a device, pipe or socket. Choose a file path.";
    QTest::newRow("symbolic link to a FIFO") << "link"
                                             << "is a FIFO (named pipe), not a regular file; ShareLens writes only "
                                                "regular files and never replaces a device, pipe or socket. Choose "
                                                "a file path.";
    QTest::newRow("read-only file") << "ro"
                                    << "is read-only; it is not replaced. Make it writable (chmod u+w) or choose "
                                       "another path.";
}

void TestData::writeFileAtomicRefusesWhatItWouldReplace() {
    QFETCH(QString, kind);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("target"));
    const QByteArray p = QFile::encodeName(path);
    if (kind == "fifo") QCOMPARE(::mkfifo(p.constData(), 0644), 0);
    if (kind == "chr" && ::mknod(p.constData(), S_IFCHR | 0666, makedev(1, 3)) != 0)
        QSKIP("cannot make a character device here (not root)");
    if (kind == "link") {
        QCOMPARE(::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("fifo"))).constData(), 0644), 0);
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("fifo")), path));
    }
    if (kind == "ro") {
        writeFileAtomic(path.toStdString(), "mine");
        QCOMPARE(::chmod(p.constData(), 0444), 0);
    }
    const QByteArray before = describeNode(path);
    const QStringList listing = entries(dir.path());
    const auto e = errorOf([&] { writeFileAtomic(path.toStdString(), "replacement"); });
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->what()), path + QLatin1Char(' ') + message);
    QCOMPARE(describeNode(path), before);
    QCOMPARE(entries(dir.path()), listing); // no temporary file left
    if (kind == "link") QCOMPARE(QFileInfo(path).isSymLink(), true);
    // With a write bit back, the file is replaced as before, keeping its mode.
    if (kind == "ro") {
        QCOMPARE(::chmod(p.constData(), 0644), 0);
        writeFileAtomic(path.toStdString(), "replacement");
        QCOMPARE(describeNode(path), QByteArray("file 644 replacement"));
    }
}

void TestData::sameFileSeesThroughLinks() {
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.txt"));
    writeFileAtomic(a.toStdString(), "x");
    QCOMPARE(::link(QFile::encodeName(a).constData(), QFile::encodeName(dir.filePath("hard.txt")).constData()), 0);
    QVERIFY(QFile::link(a, dir.filePath(QStringLiteral("sym.txt"))));
    const std::string s = a.toStdString();
    QVERIFY(sameFile(s, dir.filePath(QStringLiteral("hard.txt")).toStdString()));
    QVERIFY(sameFile(s, dir.filePath(QStringLiteral("sym.txt")).toStdString()));
    QVERIFY(sameFile(s, dir.path().toStdString() + "/./a.txt"));
    QVERIFY(sameFile(dir.filePath("new.txt").toStdString(), dir.path().toStdString() + "/./new.txt"));
    QVERIFY(!sameFile(s, dir.filePath(QStringLiteral("new.txt")).toStdString()));
    const auto e = errorOf([&] { checkOutIsNotInput(dir.filePath("sym.txt").toStdString(), {"", s}); });
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->what()),
             QStringLiteral("the output %1 is the file this command reads (%2); it is not replaced. Choose another "
                            "output path.")
                 .arg(dir.filePath("sym.txt"), a));
}

void TestData::outputFolders() {
    QTemporaryDir dir;
    const auto ours = [](const std::string& d) { return QFileInfo::exists(QString::fromStdString(d) + "/mark"); };
    const std::string d = dir.filePath(QStringLiteral("out")).toStdString();
    checkOutputFolder(d, "test", "mark", ours); // missing
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("out")));
    checkOutputFolder(d, "test", "mark", ours); // empty
    writeFileAtomic(d + "/config.json", "{}");
    const auto e = errorOf([&] { checkOutputFolder(d, "test", "mark", ours); });
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->what()),
             QStringLiteral("the folder %1 is not empty and is not a ShareLens test export (it has no mark); it is "
                            "not replaced. Choose a new or empty folder, remove it first, or pass --force to replace "
                            "it.")
                 .arg(QString::fromStdString(d)));
    writeFileAtomic(d + "/mark", "{}");
    checkOutputFolder(d, "test", "mark", ours); // a previous output of its kind
    QVERIFY(jsonFileHasMarker(d + "/mark", "format", {}) == false);
    writeFileAtomic(d + "/mark", R"({"format": "sharelens-test"})");
    QVERIFY(jsonFileHasMarker(d + "/mark", "format", {"other", "sharelens-test"}));
    QVERIFY(!jsonFileHasMarker(d + "/mark", "format", {"sharelens-other"}));
    QVERIFY(!jsonFileHasMarker(d + "/config.json", "format", {"sharelens-test"}));
}

void TestData::chunk_data() {
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("seqLen");
    QTest::addColumn<int>("maxSequences");
    QTest::addColumn<int>("expected");
    QTest::newRow("exact") << 12 << 4 << 0 << 3;
    QTest::newRow("remainder dropped") << 14 << 4 << 0 << 3;
    QTest::newRow("limited") << 100 << 5 << 7 << 7;
    QTest::newRow("limit above available") << 10 << 5 << 7 << 2;
    QTest::newRow("too short") << 3 << 4 << 0 << 0;
    QTest::newRow("empty") << 0 << 4 << 0 << 0;
}

void TestData::chunk() {
    QFETCH(int, count);
    QFETCH(int, seqLen);
    QFETCH(int, maxSequences);
    QFETCH(int, expected);
    std::vector<int32_t> ids(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) ids[static_cast<std::size_t>(i)] = i;
    const Sequences s = chunkTokens(ids, seqLen, maxSequences);
    QCOMPARE(int(s.size()), expected);
    for (std::size_t k = 0; k < s.size(); ++k) {
        QCOMPARE(int(s[k].size()), seqLen);
        for (int j = 0; j < seqLen; ++j) QCOMPARE(s[k][static_cast<std::size_t>(j)], int32_t(k * seqLen + j));
    }
    QVERIFY(errorOf([&] { chunkTokens(ids, 0); }).has_value());
    QVERIFY(errorOf([&] { chunkTokens(ids, 4, -1); }).has_value());
}

void TestData::validate_data() {
    QTest::addColumn<QList<QList<int>>>("seqs");
    QTest::addColumn<int>("vocab");
    QTest::addColumn<int>("maxLen");
    QTest::addColumn<QString>("fragment"); // empty: valid
    QTest::newRow("valid") << QList<QList<int>>{{0, 1, 2}, {9, 9}} << 10 << 3 << QString();
    QTest::newRow("id equals vocab") << QList<QList<int>>{{0, 1}, {3, 10, 2}} << 10 << 8
                                     << QStringLiteral(
                                            "sequence 1, position 1: token id 10 is outside the vocabulary [0, 10)");
    QTest::newRow("negative id") << QList<QList<int>>{{-1, 1}} << 10 << 8 << QStringLiteral("token id -1");
    QTest::newRow("too short") << QList<QList<int>>{{1, 2}, {5}} << 10 << 8
                               << QStringLiteral("sequence 1 has 1 token(s)");
    QTest::newRow("empty sequence") << QList<QList<int>>{{}} << 10 << 8 << QStringLiteral("sequence 0 has 0 token(s)");
    QTest::newRow("too long") << QList<QList<int>>{{1, 2}, {1, 2}, {1, 2, 3, 4}} << 10 << 3
                              << QStringLiteral("sequence 2 has 4 tokens, more than the maximum of 3");
    QTest::newRow("too long suggests --seq-len")
        << QList<QList<int>>{{1, 2, 3, 4}} << 10 << 3 << QStringLiteral("--seq-len");
    QTest::newRow("no sequences") << QList<QList<int>>{} << 10 << 3 << QStringLiteral("no token sequences");
    QTest::newRow("bad vocab") << QList<QList<int>>{{1, 2}} << 0 << 3 << QStringLiteral("vocabulary size");
}

void TestData::validate() {
    QFETCH(QList<QList<int>>, seqs);
    QFETCH(int, vocab);
    QFETCH(int, maxLen);
    QFETCH(QString, fragment);
    Sequences s;
    for (const auto& q : seqs) s.emplace_back(q.begin(), q.end());
    auto e = errorOf([&] { validateSequences(s, vocab, maxLen); });
    if (fragment.isEmpty()) {
        QVERIFY2(!e, e ? e->what() : "");
    } else {
        QVERIFY2(e.has_value(), "accepted");
        QVERIFY2(QString::fromStdString(e->what()).contains(fragment), e->what());
    }
}

QTEST_GUILESS_MAIN(TestData)
#include "tst_data.moc"
