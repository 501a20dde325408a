// Token-id files, file reading and atomic writing, chunking, validation.
#include <QtTest/QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <optional>
#include <random>

#include "errortest.h"
#include "sharelens/data.h"
#include "sharelens/error.h"

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
