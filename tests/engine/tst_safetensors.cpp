// safetensors: header validation, mapping, atomic writing.
#include <QtTest/QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstring>
#include <optional>
#include <random>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

#include "errortest.h"
#include "sharelens/error.h"
#include "sharelens/safetensors.h"

using namespace sharelens;
using testutil::entries;
using testutil::errorOf;

Q_DECLARE_METATYPE(sharelens::DType)

namespace {

QByteArray le64(uint64_t v) {
    QByteArray b(8, '\0');
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    return b;
}

// 8-byte length + header text + `dataBytes` bytes of data.
QByteArray stFile(const QByteArray& header, int dataBytes) {
    return le64(static_cast<uint64_t>(header.size())) + header + QByteArray(dataBytes, '\x11');
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

std::string str(const QString& s) { return s.toStdString(); }

std::vector<uint8_t> randomBytes(std::size_t n, DType dt, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<uint8_t> v(n);
    for (auto& b : v) b = static_cast<uint8_t>(dt == DType::BOOL ? rng() % 2 : rng() % 256);
    return v;
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dtypeHelpers();
    void numelAndFind();

    void roundTrip_data();
    void roundTrip();
    void layoutInGivenOrderAndPadding();
    void metadataRoundTrip();
    void mutableDataIsCopyOnWrite();

    void acceptsPaddingAndUnsortedOffsets();

    void badHeader_data();
    void badHeader();

    void openErrors_data();
    void openErrors();

    void truncatedAndMutatedFilesNeverCrash();

    void badArgumentLeavesExistingFile_data();
    void badArgumentLeavesExistingFile();
    void overwriteReplacesAtomically();
    void unwritableFolder_data();
    void unwritableFolder();
    void diskFullLeavesNothingBehind();
};

void TestSafetensors::dtypeHelpers() {
    const struct {
        DType t;
        const char* name;
        std::size_t size;
    } all[] = {{DType::F64, "F64", 8}, {DType::F32, "F32", 4},  {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
               {DType::I64, "I64", 8}, {DType::I32, "I32", 4},  {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
               {DType::U8, "U8", 1},   {DType::BOOL, "BOOL", 1}};
    for (const auto& e : all) {
        QCOMPARE(QString::fromLatin1(dtypeName(e.t)), QString::fromLatin1(e.name));
        QCOMPARE(dtypeSize(e.t), e.size);
        DType parsed = DType::F32;
        if (e.t == DType::F32) parsed = DType::F64;
        QVERIFY(parseDType(e.name, parsed));
        QCOMPARE(parsed, e.t);
    }
    DType out = DType::I8;
    QVERIFY(!parseDType("F8_E4M3", out));
    QVERIFY(!parseDType("f32", out)); // names are case-sensitive in the format
    QVERIFY(!parseDType("", out));
    QCOMPARE(out, DType::I8);
}

void TestSafetensors::numelAndFind() {
    TensorInfo scalar;
    QCOMPARE(scalar.numel(), int64_t(1));
    TensorInfo m;
    m.shape = {2, 3, 4};
    QCOMPARE(m.numel(), int64_t(24));
    TensorInfo empty;
    empty.shape = {0, 5};
    QCOMPARE(empty.numel(), int64_t(0));

    SafetensorsHeader h;
    h.tensors = {m, empty};
    h.tensors[0].name = "a";
    h.tensors[1].name = "b";
    QVERIFY(h.find("a") == &h.tensors[0]);
    QVERIFY(h.find("b") == &h.tensors[1]);
    QVERIFY(h.find("c") == nullptr);
}

void TestSafetensors::roundTrip_data() {
    QTest::addColumn<DType>("dtype");
    QTest::addColumn<QList<qint64>>("shape");
    QTest::newRow("F32 matrix") << DType::F32 << QList<qint64>{3, 5};
    QTest::newRow("F16 vector") << DType::F16 << QList<qint64>{7};
    QTest::newRow("BF16 3d") << DType::BF16 << QList<qint64>{2, 3, 4};
    QTest::newRow("I64 vector") << DType::I64 << QList<qint64>{5};
    QTest::newRow("F64 matrix") << DType::F64 << QList<qint64>{2, 2};
    QTest::newRow("I32") << DType::I32 << QList<qint64>{6};
    QTest::newRow("I16") << DType::I16 << QList<qint64>{3};
    QTest::newRow("I8") << DType::I8 << QList<qint64>{9};
    QTest::newRow("U8") << DType::U8 << QList<qint64>{4, 4};
    QTest::newRow("BOOL") << DType::BOOL << QList<qint64>{5};
    QTest::newRow("F32 scalar") << DType::F32 << QList<qint64>{};
    QTest::newRow("F32 empty") << DType::F32 << QList<qint64>{0, 4};
}

void TestSafetensors::roundTrip() {
    QFETCH(DType, dtype);
    QFETCH(QList<qint64>, shape);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = str(dir.filePath(QStringLiteral("t.safetensors")));

    std::vector<int64_t> shp(shape.begin(), shape.end());
    int64_t numel = 1;
    for (auto d : shp) numel *= d;
    const std::size_t bytes = static_cast<std::size_t>(numel) * dtypeSize(dtype);
    auto payload = randomBytes(bytes, dtype, 7);
    auto other = randomBytes(12, DType::F32, 8);

    writeSafetensors(path, {{"weight", dtype, shp, payload.data()}, {"other", DType::F32, {3}, other.data()}});

    auto file = MappedSafetensors::open(path);
    QCOMPARE(file->path(), path);
    QCOMPARE(file->fileSize(), uint64_t(QFileInfo(QString::fromStdString(path)).size()));
    const TensorInfo* t = file->header().find("weight");
    QVERIFY(t);
    QCOMPARE(t->dtype, dtype);
    QCOMPARE(t->shape, shp);
    QCOMPARE(t->end - t->begin, uint64_t(bytes));
    QCOMPARE(std::memcmp(file->data(*t), payload.data(), bytes), 0);
    const TensorInfo* o = file->header().find("other");
    QVERIFY(o);
    QCOMPARE(std::memcmp(file->data(*o), other.data(), 12), 0);

    // Zero-copy: the data pointer lies inside the file's mapping, at the
    // place the header says.
    const uint8_t* base = file->data(*t) - file->header().dataOffset - t->begin;
    QVERIFY(file->data(*t) >= base && file->data(*t) + bytes <= base + file->fileSize());
    QCOMPARE(static_cast<const void*>(file->mutableData(*t)), static_cast<const void*>(file->data(*t)));

    // The header-only reader agrees with the mapped one.
    SafetensorsHeader h = readSafetensorsHeader(path);
    QCOMPARE(h.tensors.size(), std::size_t(2));
    QCOMPARE(h.dataOffset, file->header().dataOffset);
    QCOMPARE(h.find("weight")->begin, t->begin);
}

void TestSafetensors::layoutInGivenOrderAndPadding() {
    QTemporaryDir dir;
    const QString qpath = dir.filePath(QStringLiteral("order.safetensors"));
    const std::string path = str(qpath);
    // F16 with 3 elements (6 bytes) then F32: the writer lays tensors out in
    // the given order without padding between them.
    std::vector<uint8_t> a(6, 1), b(8, 2), c(4, 3);
    writeSafetensors(
        path,
        {{"zeta", DType::F16, {3}, a.data()}, {"alpha", DType::F32, {2}, b.data()}, {"mid", DType::U8, {4}, c.data()}});
    const QByteArray bytes = readBytes(qpath);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(bytes[i]);
    QCOMPARE(n % 8, uint64_t(0));
    const QByteArray header = bytes.mid(8, static_cast<int>(n));
    QVERIFY(header.startsWith('{'));
    const int close = header.lastIndexOf('}');
    for (int i = close + 1; i < header.size(); ++i) QCOMPARE(header[i], ' ');
    QCOMPARE(uint64_t(bytes.size()), 8 + n + 18);

    SafetensorsHeader h = readSafetensorsHeader(path);
    QCOMPARE(h.tensors.size(), std::size_t(3));
    QCOMPARE(QString::fromStdString(h.tensors[0].name), QStringLiteral("zeta"));
    QCOMPARE(h.tensors[0].begin, uint64_t(0));
    QCOMPARE(QString::fromStdString(h.tensors[1].name), QStringLiteral("alpha"));
    QCOMPARE(h.tensors[1].begin, uint64_t(6));
    QCOMPARE(QString::fromStdString(h.tensors[2].name), QStringLiteral("mid"));
    QCOMPARE(h.tensors[2].begin, uint64_t(14));
    QCOMPARE(bytes.mid(static_cast<int>(8 + n + 14), 4), QByteArray(4, '\x03'));
}

void TestSafetensors::metadataRoundTrip() {
    QTemporaryDir dir;
    const std::string path = str(dir.filePath(QStringLiteral("m.safetensors")));
    std::vector<uint8_t> d(4, 0);
    const std::map<std::string, std::string> meta = {{"format", "pt"}, {"sharelens.groups", "[[0,1],[2]]"}};
    writeSafetensors(path, {{"x", DType::F32, {1}, d.data()}}, meta);
    QCOMPARE(readSafetensorsHeader(path).metadata, meta);
    // No tensors at all is a valid file too.
    writeSafetensors(path, {}, meta);
    SafetensorsHeader h = readSafetensorsHeader(path);
    QVERIFY(h.tensors.empty());
    QCOMPARE(h.metadata, meta);
}

void TestSafetensors::mutableDataIsCopyOnWrite() {
    QTemporaryDir dir;
    const QString qpath = dir.filePath(QStringLiteral("cow.safetensors"));
    std::vector<float> v = {1.f, 2.f, 3.f, 4.f};
    writeSafetensors(str(qpath), {{"w", DType::F32, {4}, v.data()}});
    const QByteArray before = readBytes(qpath);
    {
        auto file = MappedSafetensors::open(str(qpath));
        const TensorInfo& t = *file->header().find("w");
        float* p = reinterpret_cast<float*>(file->mutableData(t));
        p[0] = 42.f;
        QCOMPARE(reinterpret_cast<const float*>(file->data(t))[0], 42.f);
        // Another map of the same file still sees the original bytes.
        auto again = MappedSafetensors::open(str(qpath));
        QCOMPARE(reinterpret_cast<const float*>(again->data(*again->header().find("w")))[0], 1.f);
    }
    QCOMPARE(readBytes(qpath), before);
}

void TestSafetensors::acceptsPaddingAndUnsortedOffsets() {
    QTemporaryDir dir;
    const QString qpath = dir.filePath(QStringLiteral("pad.safetensors"));
    // b comes first in the data, a gap of 8 bytes, then a; trailing padding.
    const QByteArray header =
        R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},"b":{"dtype":"I8","shape":[4],"data_offsets":[0,4]},"z":{"dtype":"F16","shape":[0],"data_offsets":[4,4]}}    )";
    writeBytes(qpath, stFile(header, 40));
    auto file = MappedSafetensors::open(str(qpath));
    const auto& ts = file->header().tensors;
    QCOMPARE(ts.size(), std::size_t(3));
    QCOMPARE(QString::fromStdString(ts[0].name), QStringLiteral("b"));
    QCOMPARE(QString::fromStdString(ts[1].name), QStringLiteral("z"));
    QCOMPARE(QString::fromStdString(ts[2].name), QStringLiteral("a"));
    QCOMPARE(file->header().dataOffset, uint64_t(8 + header.size()));
}

// structure: data table
void TestSafetensors::badHeader_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("fragment");

    auto one = [](const QByteArray& entry) { return QByteArray(R"({"t":)") + entry + "}"; };
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("too short");
    QTest::newRow("7 bytes") << QByteArray(7, '\0') << QStringLiteral("too short");
    QTest::newRow("length past end") << le64(1000) + QByteArray("{}      ")
                                     << QStringLiteral("past the end of the file");
    QTest::newRow("absurd length") << le64(uint64_t(1) << 40) + QByteArray(16, ' ') << QStringLiteral("absurdly large");
    QTest::newRow("length all ones") << le64(~uint64_t(0)) + QByteArray(16, ' ') << QStringLiteral("absurdly large");
    QTest::newRow("invalid JSON") << stFile("{\"t\": nope}", 0) << QStringLiteral("not valid JSON");
    QTest::newRow("truncated JSON") << stFile("{\"t\": {\"dtype\"", 0) << QStringLiteral("not valid JSON");
    QTest::newRow("not an object") << stFile("[1, 2, 3]", 0) << QStringLiteral("not an object");
    QTest::newRow("entry is a number") << stFile(one("3"), 0) << QStringLiteral("instead of an object");
    QTest::newRow("missing dtype") << stFile(one(R"({"shape":[1],"data_offsets":[0,4]})"), 4)
                                   << QStringLiteral("has no \"dtype\"");
    QTest::newRow("dtype not a string") << stFile(one(R"({"dtype":5,"shape":[1],"data_offsets":[0,4]})"), 4)
                                        << QStringLiteral("\"dtype\" must be a string");
    QTest::newRow("unknown dtype names it")
        << stFile(one(R"({"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]})"), 4) << QStringLiteral("\"F8_E4M3\"");
    QTest::newRow("unknown dtype lists supported")
        << stFile(one(R"({"dtype":"C64","shape":[1],"data_offsets":[0,8]})"), 8)
        << QStringLiteral("Supported dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
    QTest::newRow("deeply nested dtype") << stFile(one(QByteArray(R"({"dtype":)") + QByteArray(100000, '[') +
                                                       QByteArray(100000, ']') +
                                                       R"(,"shape":[1],"data_offsets":[0,4]})"),
                                                   4)
                                         << QStringLiteral("the JSON nests deeper than 512 levels");
    QTest::newRow("missing shape") << stFile(one(R"({"dtype":"F32","data_offsets":[0,4]})"), 4)
                                   << QStringLiteral("has no \"shape\"");
    QTest::newRow("shape not an array") << stFile(one(R"({"dtype":"F32","shape":4,"data_offsets":[0,16]})"), 16)
                                        << QStringLiteral("\"shape\" must be an array");
    QTest::newRow("shape holds a float") << stFile(one(R"({"dtype":"F32","shape":[1.5],"data_offsets":[0,4]})"), 4)
                                         << QStringLiteral("must hold integers");
    QTest::newRow("shape holds a string") << stFile(one(R"({"dtype":"F32","shape":["2"],"data_offsets":[0,8]})"), 8)
                                          << QStringLiteral("must hold integers");
    QTest::newRow("negative dimension") << stFile(one(R"({"dtype":"F32","shape":[2,-2],"data_offsets":[0,16]})"), 16)
                                        << QStringLiteral("negative dimension -2");
    QTest::newRow("missing data_offsets")
        << stFile(one(R"({"dtype":"F32","shape":[1]})"), 4) << QStringLiteral("has no \"data_offsets\"");
    QTest::newRow("data_offsets of one") << stFile(one(R"({"dtype":"F32","shape":[1],"data_offsets":[0]})"), 4)
                                         << QStringLiteral("array of two integers");
    QTest::newRow("data_offsets not array") << stFile(one(R"({"dtype":"F32","shape":[1],"data_offsets":"0,4"})"), 4)
                                            << QStringLiteral("array of two integers");
    QTest::newRow("negative offset") << stFile(one(R"({"dtype":"F32","shape":[1],"data_offsets":[-4,0]})"), 4)
                                     << QStringLiteral("non-negative integers");
    QTest::newRow("float offset") << stFile(one(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4.0]})"), 4)
                                  << QStringLiteral("non-negative integers");
    QTest::newRow("offsets reversed") << stFile(one(R"({"dtype":"F32","shape":[1],"data_offsets":[8,4]})"), 8)
                                      << QStringLiteral("end before they begin");
    QTest::newRow("numel overflow")
        << stFile(one(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]})"), 4)
        << QStringLiteral("overflows");
    QTest::newRow("numel times size overflow")
        << stFile(one(R"({"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,0]})"), 4)
        << QStringLiteral("overflows");
    QTest::newRow("huge dimension") << stFile(
                                           one(R"({"dtype":"U8","shape":[18446744073709551615],"data_offsets":[0,0]})"),
                                           4)
                                    << QStringLiteral("too large");
    QTest::newRow("size mismatch") << stFile(one(R"({"dtype":"F32","shape":[2],"data_offsets":[0,4]})"), 8)
                                   << QStringLiteral("needs 8 bytes");
    QTest::newRow("beyond data section") << stFile(one(R"({"dtype":"F32","shape":[4],"data_offsets":[0,16]})"), 8)
                                         << QStringLiteral("beyond the data section");
    QTest::newRow("overlapping tensors")
        << stFile(
               R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
               16)
        << QStringLiteral("overlap");
    QTest::newRow("same range twice")
        << stFile(
               R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}})",
               8)
        << QStringLiteral("overlap");
    QTest::newRow("metadata not an object")
        << stFile(R"({"__metadata__":[1,2]})", 0) << QStringLiteral("\"__metadata__\" must be an object");
    QTest::newRow("metadata value not a string")
        << stFile(R"({"__metadata__":{"format":1}})", 0) << QStringLiteral("\"format\" must be a string");
    QTest::newRow("metadata value an object")
        << stFile(R"({"__metadata__":{"k":{"a":"b"}}})", 0) << QStringLiteral("must be a string");
}

void TestSafetensors::badHeader() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.safetensors"));
    writeBytes(path, bytes);

    std::vector<uint8_t> buf(bytes.begin(), bytes.end());
    buf.resize(std::max<std::size_t>(buf.size(), 8)); // the parser may read the 8 length bytes
    const std::optional<Error> errors[] = {
        errorOf([&] { MappedSafetensors::open(str(path)); }),
        errorOf([&] { readSafetensorsHeader(str(path)); }),
        errorOf(
            [&] { parseSafetensorsHeader(buf.data(), buf.size(), static_cast<uint64_t>(bytes.size()), str(path)); }),
    };
    const char* how[] = {"MappedSafetensors::open", "readSafetensorsHeader", "parseSafetensorsHeader"};
    for (int i = 0; i < 3; ++i) {
        QVERIFY2(errors[i].has_value(), how[i]);
        const QString msg = QString::fromStdString(errors[i]->what());
        QVERIFY2(msg.contains(fragment), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(how[i]), msg)));
        QVERIFY2(msg.contains(path), qPrintable(msg));
        QCOMPARE(QString::fromStdString(errors[i]->path()), path);
    }
}

void TestSafetensors::openErrors_data() {
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("missing file") << QStringLiteral("missing") << QStringLiteral("does not exist");
    QTest::newRow("directory") << QStringLiteral("dir") << QStringLiteral("folder");
    QTest::newRow("permission") << QStringLiteral("noperm") << QStringLiteral("permission denied");
}

void TestSafetensors::openErrors() {
    QFETCH(QString, what);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("x.safetensors"));
    if (what == QLatin1String("dir")) {
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("x.safetensors")));
    } else if (what == QLatin1String("noperm")) {
        if (::geteuid() == 0) QSKIP("running as root: file permissions do not stop reads");
        writeSafetensors(str(path), {});
        QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    }
    for (int which = 0; which < 2; ++which) {
        try {
            if (which == 0)
                MappedSafetensors::open(str(path));
            else
                readSafetensorsHeader(str(path));
            QFAIL("no error");
        } catch (const Error& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(fragment) && msg.contains(path), qPrintable(msg));
        }
    }
}

void TestSafetensors::truncatedAndMutatedFilesNeverCrash() {
    // A valid file with metadata and three tensors.
    QTemporaryDir dir;
    const std::string path = str(dir.filePath(QStringLiteral("v.safetensors")));
    std::vector<uint8_t> a(24, 1), b(6, 2), c(8, 3);
    writeSafetensors(
        path,
        {{"a", DType::F32, {2, 3}, a.data()}, {"b", DType::BF16, {3}, b.data()}, {"c", DType::I64, {1}, c.data()}},
        {{"k", "v"}});
    const QByteArray full = readBytes(QString::fromStdString(path));
    QVERIFY(full.size() > 40);

    // Every prefix: an Error (never a crash), except the whole file.
    for (int len = 0; len <= full.size(); ++len) {
        std::vector<uint8_t> buf(full.begin(), full.begin() + len);
        buf.resize(std::max<std::size_t>(buf.size(), 8)); // parser contract: at least 8 readable bytes
        bool threw = false;
        try {
            parseSafetensorsHeader(buf.data(), static_cast<std::size_t>(std::max(len, 8)), static_cast<uint64_t>(len),
                                   "v.safetensors");
        } catch (const Error&) {
            threw = true;
        }
        QVERIFY2(threw == (len < full.size()), qPrintable(QStringLiteral("prefix of %1 bytes").arg(len)));
    }

    // Random byte mutations of the header: only Error, and any accepted
    // header still has every tensor inside the data section.
    std::mt19937 rng(1234);
    int accepted = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        std::vector<uint8_t> buf(full.begin(), full.end());
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < flips; ++k) {
            std::size_t at = rng() % std::min<std::size_t>(buf.size(), 8 + 200);
            buf[at] = static_cast<uint8_t>(rng());
        }
        try {
            SafetensorsHeader h = parseSafetensorsHeader(buf.data(), buf.size(), buf.size(), "m.safetensors");
            for (const auto& t : h.tensors) QVERIFY(h.dataOffset + t.end <= buf.size());
            ++accepted;
        } catch (const Error&) {}
    }
    QVERIFY(accepted < 3000);
}

void TestSafetensors::badArgumentLeavesExistingFile_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("duplicate names") << 0 << QStringLiteral("another tensor already has this name");
    QTest::newRow("no data") << 1 << QStringLiteral("it has no data");
    QTest::newRow("negative dimension") << 2 << QStringLiteral("negative dimension");
    QTest::newRow("empty name") << 3 << QStringLiteral("its name is empty");
    QTest::newRow("reserved name") << 4 << QStringLiteral("reserved");
    QTest::newRow("invalid UTF-8 name") << 5 << QStringLiteral("UTF-8");
}

void TestSafetensors::badArgumentLeavesExistingFile() {
    QFETCH(int, kind);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const QString qpath = dir.filePath(QStringLiteral("keep.safetensors"));
    std::vector<float> v = {1, 2, 3};
    writeSafetensors(str(qpath), {{"orig", DType::F32, {3}, v.data()}});
    const QByteArray before = readBytes(qpath);
    const QStringList filesBefore = entries(dir.path());

    std::vector<RawTensor> ts = {{"a", DType::F32, {3}, v.data()}, {"b", DType::F32, {3}, v.data()}};
    switch (kind) {
    case 0: ts[1].name = "a"; break;
    case 1: ts[1].data = nullptr; break;
    case 2: ts[1].shape = {3, -1}; break;
    case 3: ts[1].name.clear(); break;
    case 4: ts[1].name = "__metadata__"; break;
    case 5: ts[1].name = "bad\xff\xfe"; break;
    }
    try {
        writeSafetensors(str(qpath), ts);
        QFAIL("no error");
    } catch (const Error& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(fragment) && msg.contains(qpath), qPrintable(msg));
    }
    QCOMPARE(readBytes(qpath), before);
    QCOMPARE(entries(dir.path()), filesBefore);
}

void TestSafetensors::overwriteReplacesAtomically() {
    QTemporaryDir dir;
    const QString qpath = dir.filePath(QStringLiteral("w.safetensors"));
    std::vector<float> v1 = {1, 2}, v2 = {3, 4, 5};
    writeSafetensors(str(qpath), {{"x", DType::F32, {2}, v1.data()}});
    QVERIFY(QFile::setPermissions(qpath, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
    writeSafetensors(str(qpath), {{"y", DType::F32, {3}, v2.data()}});
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("w.safetensors")});
    SafetensorsHeader h = readSafetensorsHeader(str(qpath));
    QCOMPARE(h.tensors.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(h.tensors[0].name), QStringLiteral("y"));
    // The replaced file keeps the mode of the one it replaced.
    QCOMPARE(QFile::permissions(qpath) &
                 (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
}

void TestSafetensors::unwritableFolder_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("missing folder") << 0 << QStringLiteral("does not exist");
    QTest::newRow("folder is a file") << 1 << QStringLiteral("is a file, not a folder");
    QTest::newRow("read-only folder") << 2 << QStringLiteral("not writable");
    QTest::newRow("path is a folder") << 3 << QStringLiteral("folder");
}

void TestSafetensors::unwritableFolder() {
    QFETCH(int, kind);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    QString path;
    if (kind == 0) {
        path = dir.filePath(QStringLiteral("no/such/folder/x.safetensors"));
    } else if (kind == 1) {
        writeBytes(dir.filePath(QStringLiteral("plain")), "x");
        path = dir.filePath(QStringLiteral("plain/x.safetensors"));
    } else if (kind == 2) {
        if (::geteuid() == 0) {
            // Root writes anywhere mode bits allow nothing; sysfs refuses new files even to root.
            path = QStringLiteral("/sys/sharelens-test.safetensors");
            if (::access("/sys", F_OK) != 0) QSKIP("no /sys to stand in for a read-only folder");
        } else {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("ro")));
            QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("ro")),
                                          QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            path = dir.filePath(QStringLiteral("ro/x.safetensors"));
        }
    } else {
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("d.safetensors")));
        path = dir.filePath(QStringLiteral("d.safetensors"));
    }
    std::vector<float> v = {1};
    try {
        writeSafetensors(str(path), {{"x", DType::F32, {1}, v.data()}});
        QFile::remove(path);
        if (kind == 2) QSKIP("this system let us write into the stand-in read-only folder");
        QFAIL("no error");
    } catch (const Error& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(fragment) && msg.contains(path), qPrintable(msg));
    }
    if (kind == 1) QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("plain")});
    if (kind == 3) QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("d.safetensors")});
}

void TestSafetensors::diskFullLeavesNothingBehind() {
    // A file-size limit makes write() fail part-way, as a full disk does.
    QTemporaryDir dir;
    const QString qpath = dir.filePath(QStringLiteral("big.safetensors"));
    std::vector<float> small = {1, 2, 3};
    writeSafetensors(str(qpath), {{"orig", DType::F32, {3}, small.data()}});
    const QByteArray before = readBytes(qpath);

    std::vector<float> big(64 * 1024, 1.f); // 256 KiB
    struct rlimit old {};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
    auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = old;
    lim.rlim_cur = 16 * 1024;
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &lim), 0);
    QString msg;
    try {
        writeSafetensors(str(qpath), {{"big", DType::F32, {int64_t(big.size())}, big.data()}});
    } catch (const Error& e) {
        msg = QString::fromStdString(e.what());
    }
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);

    QVERIFY2(!msg.isEmpty(), "the write did not fail under a 16 KiB file-size limit");
    QVERIFY2(msg.contains(qpath) && msg.contains(QStringLiteral("Nothing was changed")), qPrintable(msg));
    QCOMPARE(readBytes(qpath), before);
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("big.safetensors")});
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
