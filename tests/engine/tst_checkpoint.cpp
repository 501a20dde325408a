// Model folders: config + weights (single, sharded, .bin), tensor views.
#include <QtTest/QtTest>
#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <optional>

#include "errortest.h"
#include "sharelens/checkpoint.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "io/tensor_io.h"

using namespace sharelens;
using testutil::entries;
using testutil::errorOf;

namespace {

const char* kSmallGpt2 = R"({"model_type": "gpt2", "n_embd": 8, "n_layer": 1, "n_head": 2,
                              "n_positions": 16, "vocab_size": 10})";

std::string s(const QString& q) { return q.toStdString(); }

// Runs /usr/bin/python3 with a script; returns "" on success or the error output.
QString runPython(const QStringList& args) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(testpaths::python3(), args);
    if (!p.waitForFinished(300000)) return QStringLiteral("python3 did not finish");
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QString::fromLocal8Bit(p.readAll()).right(2000);
    return {};
}

QString makeCheckpoint(const QString& out, const QString& family, const QString& dtype, const QString& format,
                       int seed = 1) {
    return runPython({testpaths::source("/tests/reference/make_checkpoint.py"), QStringLiteral("--family"), family,
                      QStringLiteral("--out"), out, QStringLiteral("--dtype"), dtype, QStringLiteral("--format"),
                      format, QStringLiteral("--layers"), QStringLiteral("2"), QStringLiteral("--seed"),
                      QString::number(seed)});
}

bool sameTensor(const torch::Tensor& a, const torch::Tensor& b) {
    return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() && torch::equal(a, b);
}

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void dtypeConversions();
    void checkpointSummaries();

    void families_data();
    void families();
    void formatsAgree_data();
    void formatsAgree();

    void pickleVariants_data();
    void pickleVariants();

    void shardErrors_data();
    void shardErrors();
    void folderErrors_data();
    void folderErrors();
    void fileInsideFolderAndTokenizer();

    void zeroCopyAndCopyOnWrite();
    void misalignedIsCopied();
    void tensorSourceErrors();
    void saveSafetensorsRoundTrip_data();
    void saveSafetensorsRoundTrip();
    void saveSafetensorsRejects();

private:
    // A folder with config.json and the given safetensors files (name -> tensors).
    void writeFolder(const QString& dir,
                     const std::map<std::string, std::vector<std::pair<std::string, torch::Tensor>>>& files);
    bool m_havePythonTorch = false;
};

void TestCheckpoint::initTestCase() {
    m_havePythonTorch = runPython({QStringLiteral("-c"), QStringLiteral("import torch")}).isEmpty();
    if (!m_havePythonTorch) qWarning("python3-torch is not installed; the .bin cases are skipped");
}

void TestCheckpoint::writeFolder(
    const QString& dir, const std::map<std::string, std::vector<std::pair<std::string, torch::Tensor>>>& files) {
    writeFileAtomic(s(dir + QStringLiteral("/config.json")), kSmallGpt2);
    for (const auto& [name, tensors] : files) saveSafetensors(s(dir) + "/" + name, tensors);
}

void TestCheckpoint::dtypeConversions() {
    for (DType t : {DType::F64, DType::F32, DType::F16, DType::BF16, DType::I64, DType::I32, DType::I16, DType::I8,
                    DType::U8, DType::BOOL}) {
        QCOMPARE(fromTorchDtype(toTorchDtype(t)), t);
        QCOMPARE(std::size_t(torch::elementSize(toTorchDtype(t))), dtypeSize(t));
    }
    QCOMPARE(toTorchDtype(DType::BF16), torch::kBFloat16);
    auto e = errorOf([] { fromTorchDtype(torch::kComplexFloat); });
    QVERIFY(e && QString::fromStdString(e->what()).contains(QStringLiteral("not be stored")));
}

void TestCheckpoint::checkpointSummaries() {
    Checkpoint c;
    c.tensors = {{"a", DType::F16, {10, 10}, "f", {}, {}},
                 {"b", DType::F32, {30}, "f", {}, {}},
                 {"c", DType::F32, {2, 2, 2}, "f", {}, {}},
                 {"d", DType::I64, {}, "f", {}, {}}};
    QCOMPARE(c.parameterCount(), int64_t(100 + 30 + 8 + 1));
    QCOMPARE(c.weightBytes(), uint64_t(200 + 120 + 32 + 8));
    QCOMPARE(QString::fromStdString(c.dominantDtype()), QStringLiteral("F16"));
    c.tensors[1].shape = {100}; // F32: 100 + 8 > 100
    QCOMPARE(QString::fromStdString(c.dominantDtype()), QStringLiteral("F32"));
    QVERIFY(c.find("c") == &c.tensors[2]);
    QVERIFY(c.find("e") == nullptr);
    QCOMPARE(QString::fromStdString(Checkpoint().dominantDtype()), QString());
}

void TestCheckpoint::families_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QString>("stName");
    QTest::newRow("gpt2 f32") << QStringLiteral("gpt2") << QStringLiteral("f32") << QStringLiteral("F32");
    QTest::newRow("llama f16") << QStringLiteral("llama") << QStringLiteral("f16") << QStringLiteral("F16");
    QTest::newRow("mistral bf16") << QStringLiteral("mistral") << QStringLiteral("bf16") << QStringLiteral("BF16");
    QTest::newRow("qwen2 f32") << QStringLiteral("qwen2") << QStringLiteral("f32") << QStringLiteral("F32");
}

void TestCheckpoint::families() {
    if (!m_havePythonTorch) QSKIP("needs python3-torch");
    QFETCH(QString, family);
    QFETCH(QString, dtype);
    QFETCH(QString, stName);
    QTemporaryDir dir;
    const QString err = makeCheckpoint(dir.path(), family, dtype, QStringLiteral("safetensors"));
    QVERIFY2(err.isEmpty(), qPrintable(err));

    const Checkpoint c = openCheckpoint(s(dir.path()));
    QCOMPARE(QString::fromStdString(c.dir), QDir(dir.path()).absolutePath());
    QCOMPARE(QString::fromStdString(c.config.modelType), family);
    QCOMPARE(int(c.config.family), int(family == QLatin1String("gpt2") ? Family::Gpt2 : Family::Llama));
    QCOMPARE(c.config.numLayers, 2);
    QCOMPARE(int(c.format), int(WeightFormat::Safetensors));
    QCOMPARE(c.weightFiles.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(c.weightFiles[0]), dir.filePath(QStringLiteral("model.safetensors")));
    QCOMPARE(QString::fromStdString(c.metadata.at("format")), QStringLiteral("pt"));
    QCOMPARE(QString::fromStdString(c.dominantDtype()), stName);
    QVERIFY(!c.tensors.empty());
    QVERIFY(std::is_sorted(c.tensors.begin(), c.tensors.end(),
                           [](const auto& a, const auto& b) { return a.name < b.name; }));

    // The script writes tensors back to back: the data section is exactly
    // weightBytes long.
    const SafetensorsHeader h = readSafetensorsHeader(c.weightFiles[0]);
    QCOMPARE(c.weightBytes(), QFileInfo(dir.filePath(QStringLiteral("model.safetensors"))).size() - h.dataOffset);
    QCOMPARE(c.tensors.size(), h.tensors.size());

    // Every tensor, through TensorSource, is a zero-copy view with the header's dtype and shape.
    auto mapped = MappedSafetensors::open(c.weightFiles[0]);
    TensorSource src(c);
    for (const CheckpointTensor& t : c.tensors) {
        QVERIFY(src.contains(t.name));
        torch::Tensor v = src.get(t.name, t.shape);
        QCOMPARE(v.scalar_type(), toTorchDtype(t.dtype));
        QVERIFY(v.sizes() == c10::IntArrayRef(t.shape));
        QVERIFY(sameTensor(v, tensorFromMapped(mapped, *mapped->header().find(t.name))));
    }
}

void TestCheckpoint::formatsAgree_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("dtype");
    QTest::newRow("gpt2 f32") << QStringLiteral("gpt2") << QStringLiteral("f32");
    QTest::newRow("llama bf16") << QStringLiteral("llama") << QStringLiteral("bf16");
    QTest::newRow("qwen2 f16") << QStringLiteral("qwen2") << QStringLiteral("f16");
}

void TestCheckpoint::formatsAgree() {
    if (!m_havePythonTorch) QSKIP("needs python3-torch");
    QFETCH(QString, family);
    QFETCH(QString, dtype);
    QTemporaryDir dir;
    const QStringList formats = {QStringLiteral("safetensors"), QStringLiteral("sharded"), QStringLiteral("bin")};
    std::vector<Checkpoint> cps;
    for (const QString& f : formats) {
        const QString out = dir.filePath(f);
        const QString err = makeCheckpoint(out, family, dtype, f, 7);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        cps.push_back(openCheckpoint(s(out)));
    }
    QCOMPARE(int(cps[0].format), int(WeightFormat::Safetensors));
    QCOMPARE(int(cps[1].format), int(WeightFormat::ShardedSafetensors));
    QCOMPARE(int(cps[2].format), int(WeightFormat::TorchPickle));
    QCOMPARE(cps[1].weightFiles.size(), std::size_t(2));
    QVERIFY(QString::fromStdString(cps[2].weightFiles[0]).endsWith(QStringLiteral("/pytorch_model.bin")));

    TensorSource ref(cps[0]);
    for (std::size_t k = 1; k < cps.size(); ++k) {
        const Checkpoint& c = cps[k];
        QCOMPARE(c.tensors.size(), cps[0].tensors.size());
        QCOMPARE(c.parameterCount(), cps[0].parameterCount());
        QCOMPARE(c.dominantDtype(), cps[0].dominantDtype());
        TensorSource src(c);
        for (std::size_t i = 0; i < c.tensors.size(); ++i) {
            const auto& a = cps[0].tensors[i];
            const auto& b = c.tensors[i];
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.shape, a.shape);
            QCOMPARE(b.dtype, a.dtype);
            QVERIFY2(sameTensor(src.get(b.name), ref.get(a.name)), b.name.c_str());
        }
    }
}

void TestCheckpoint::pickleVariants_data() {
    QTest::addColumn<QString>("script");   // writes the file at sys.argv[1]
    QTest::addColumn<QString>("fragment"); // empty: must load
    const QString head = QStringLiteral("import sys, torch, collections\n"
                                        "a = torch.arange(6, dtype=torch.float32).reshape(2, 3)\n"
                                        "b = torch.ones(4, dtype=torch.bfloat16)\n");
    QTest::newRow("plain dict") << head + QStringLiteral("torch.save({'a': a, 'b': b}, sys.argv[1])") << QString();
    QTest::newRow("plain dict, transposed view")
        << head + QStringLiteral("torch.save({'a': a.t(), 'b': b}, sys.argv[1])") << QString();
    QTest::newRow("OrderedDict (state_dict)")
        << head + QStringLiteral("torch.save(collections.OrderedDict([('a', a), ('b', b)]), sys.argv[1])")
        << QStringLiteral(
               "holds an OrderedDict (what torch.save(model.state_dict()) writes), which LibTorch 1.13 cannot read");
    QTest::newRow("OrderedDict gives the command")
        << head + QStringLiteral("torch.save(torch.nn.Linear(3, 2).state_dict(), sys.argv[1])")
        << QStringLiteral("python3 -c \"import torch; sd = torch.load(");
    QTest::newRow("legacy dict")
        << head + QStringLiteral("torch.save({'a': a, 'b': b}, sys.argv[1], _use_new_zipfile_serialization=False)")
        << QStringLiteral("legacy (pre-1.6) serialization");
    QTest::newRow("legacy OrderedDict")
        << head + QStringLiteral("torch.save(collections.OrderedDict([('a', a), ('b', b)]), sys.argv[1], "
                                 "_use_new_zipfile_serialization=False)")
        << QStringLiteral("legacy (pre-1.6) serialization");
    QTest::newRow("single entry") << head + QStringLiteral("torch.save({'a': a}, sys.argv[1])")
                                  << QStringLiteral("single entry");
    QTest::newRow("parameters") << head +
                                       QStringLiteral("torch.save({'a': torch.nn.Parameter(a), 'b': b}, sys.argv[1])")
                                << QStringLiteral("nn.Parameter");
    QTest::newRow("training checkpoint") << head +
                                                QStringLiteral(
                                                    "torch.save({'model': {'a': a, 'b': b}, 'epoch': a}, sys.argv[1])")
                                         << QStringLiteral("entry \"model\" is a GenericDict, not a tensor");
    QTest::newRow("complex tensor")
        << head + QStringLiteral("torch.save({'a': a, 'c': torch.ones(2, dtype=torch.complex64)}, sys.argv[1])")
        << QStringLiteral("tensor \"c\": tensors of dtype");
    QTest::newRow("not torch") << QStringLiteral("import sys; open(sys.argv[1], 'wb').write(b'hello, not a model')")
                               << QStringLiteral("not a PyTorch file");
    QTest::newRow("empty") << QStringLiteral("import sys; open(sys.argv[1], 'wb').write(b'')")
                           << QStringLiteral("the file is empty");
    QTest::newRow("truncated zip") << head + QStringLiteral(
                                                 "import io; f = io.BytesIO(); torch.save({'a': a, 'b': b}, f); "
                                                 "open(sys.argv[1], 'wb').write(f.getvalue()[:300])")
                                   << QStringLiteral("LibTorch cannot read this file");
}

void TestCheckpoint::pickleVariants() {
    if (!m_havePythonTorch) QSKIP("needs python3-torch");
    QFETCH(QString, script);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const QString bin = dir.filePath(QStringLiteral("pytorch_model.bin"));
    const QString err = runPython({QStringLiteral("-c"), script, bin});
    QVERIFY2(err.isEmpty(), qPrintable(err));
    writeFileAtomic(s(dir.filePath(QStringLiteral("config.json"))), kSmallGpt2);

    if (fragment.isEmpty()) {
        const auto sd = loadTorchStateDict(s(bin));
        QCOMPARE(sd.size(), std::size_t(2));
        const torch::Tensor a = torch::arange(6, torch::kFloat32).reshape({2, 3});
        const bool transposed = script.contains(QStringLiteral("a.t()"));
        QVERIFY(sameTensor(sd.at("a"), transposed ? a.t() : a));
        QVERIFY(sameTensor(sd.at("b"), torch::ones({4}, torch::kBFloat16)));
        const Checkpoint c = openCheckpoint(s(dir.path()));
        QCOMPARE(int(c.format), int(WeightFormat::TorchPickle));
        QCOMPARE(c.tensors.size(), std::size_t(2));
        QCOMPARE(c.tensors[0].name, std::string("a"));
        QCOMPARE(c.tensors[0].shape, (std::vector<int64_t>{transposed ? 3 : 2, transposed ? 2 : 3}));
        QCOMPARE(c.tensors[1].dtype, DType::BF16);
        QVERIFY(sameTensor(TensorSource(c).get("a"), transposed ? a.t() : a));
        return;
    }
    for (int how = 0; how < 2; ++how) {
        auto e =
            how == 0 ? errorOf([&] { loadTorchStateDict(s(bin)); }) : errorOf([&] { openCheckpoint(s(dir.path())); });
        QVERIFY2(e.has_value(), "accepted");
        const QString msg = QString::fromStdString(e->what());
        QVERIFY2(msg.contains(fragment), qPrintable(msg));
        QVERIFY2(msg.contains(bin), qPrintable(msg));
        QVERIFY2(!msg.contains(QStringLiteral("INTERNAL ASSERT")), qPrintable(msg));
    }
}

void TestCheckpoint::shardErrors_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<QString>("file"); // the file the message must name
    QTest::newRow("valid") << 0 << QString() << QString();
    QTest::newRow("missing shard") << 1 << QStringLiteral("is missing")
                                   << QStringLiteral("model-00002-of-00002.safetensors");
    QTest::newRow("tensor missing from its shard") << 2 << QStringLiteral("\"h.0.w\" is mapped to this shard")
                                                   << QStringLiteral("model-00001-of-00002.safetensors");
    QTest::newRow("extra tensor in a shard")
        << 3 << QStringLiteral("holds tensor \"stray\"") << QStringLiteral("model-00002-of-00002.safetensors");
    QTest::newRow("no weight_map") << 4 << QStringLiteral("no \"weight_map\"")
                                   << QStringLiteral("model.safetensors.index.json");
    QTest::newRow("index not JSON") << 5 << QStringLiteral("not valid JSON")
                                    << QStringLiteral("model.safetensors.index.json");
    QTest::newRow("shard outside folder")
        << 6 << QStringLiteral("not a file name in this folder") << QStringLiteral("model.safetensors.index.json");
    QTest::newRow("corrupt shard header")
        << 7 << QStringLiteral("past the end of the file") << QStringLiteral("model-00001-of-00002.safetensors");
}

void TestCheckpoint::shardErrors() {
    QFETCH(int, kind);
    QFETCH(QString, fragment);
    QFETCH(QString, file);
    QTemporaryDir dir;
    const auto w = torch::ones({2, 2});
    std::vector<std::pair<std::string, torch::Tensor>> shard1 = {{"h.0.w", w}, {"wte", torch::zeros({4})}};
    std::vector<std::pair<std::string, torch::Tensor>> shard2 = {{"h.1.w", w}};
    if (kind == 2) shard1.erase(shard1.begin());
    if (kind == 3) shard2.push_back({"stray", w});
    writeFolder(dir.path(),
                {{"model-00001-of-00002.safetensors", shard1}, {"model-00002-of-00002.safetensors", shard2}});
    std::string index = R"({"metadata": {"total_size": 48}, "weight_map": {
        "h.0.w": "model-00001-of-00002.safetensors", "wte": "model-00001-of-00002.safetensors",
        "h.1.w": "model-00002-of-00002.safetensors"}})";
    if (kind == 1) QVERIFY(QFile::remove(dir.filePath(QStringLiteral("model-00002-of-00002.safetensors"))));
    if (kind == 4) index = R"({"metadata": {}})";
    if (kind == 5) index = "{\"weight_map\": ";
    if (kind == 6) index = R"({"weight_map": {"h.0.w": "../model-00001-of-00002.safetensors"}})";
    if (kind == 7)
        writeFileAtomic(s(dir.filePath(QStringLiteral("model-00001-of-00002.safetensors"))),
                        std::string("\x40\0\0\0\0\0\0\0{}", 10));
    writeFileAtomic(s(dir.filePath(QStringLiteral("model.safetensors.index.json"))), index);

    if (kind == 0) {
        const Checkpoint c = openCheckpoint(s(dir.path()));
        QCOMPARE(int(c.format), int(WeightFormat::ShardedSafetensors));
        QCOMPARE(c.tensors.size(), std::size_t(3));
        QCOMPARE(c.tensors[0].name, std::string("h.0.w"));
        QCOMPARE(c.tensors[1].name, std::string("h.1.w"));
        QVERIFY(QString::fromStdString(c.tensors[1].file).endsWith(QStringLiteral("model-00002-of-00002.safetensors")));
        QCOMPARE(c.parameterCount(), int64_t(12));
        TensorSource src(c);
        QVERIFY(sameTensor(src.get("h.1.w", {2, 2}), w));
        return;
    }
    auto e = errorOf([&] { openCheckpoint(s(dir.path())); });
    QVERIFY2(e.has_value(), "accepted");
    const QString msg = QString::fromStdString(e->what());
    QVERIFY2(msg.contains(fragment), qPrintable(msg));
    QVERIFY2(QString::fromStdString(e->path()).endsWith(file), qPrintable(msg));
}

void TestCheckpoint::folderErrors_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("missing config.json") << 0 << QStringLiteral("a Hugging Face model folder needs config.json");
    QTest::newRow("no weights") << 1 << QStringLiteral("found no weights");
    QTest::newRow("several weight files")
        << 2 << QStringLiteral("found several weight files (a.safetensors, b.safetensors)");
    QTest::newRow("no such folder") << 3 << QStringLiteral("no such file or folder");
    QTest::newRow("bad config") << 4 << QStringLiteral("model_type \"bert\" is not supported");
    QTest::newRow("corrupt model.safetensors") << 5 << QStringLiteral("too short");
}

void TestCheckpoint::folderErrors() {
    QFETCH(int, kind);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    QString path = dir.path();
    const auto w = torch::ones({2});
    switch (kind) {
    case 0: saveSafetensors(s(dir.filePath(QStringLiteral("model.safetensors"))), {{"x", w}}); break;
    case 1: writeFileAtomic(s(dir.filePath(QStringLiteral("config.json"))), kSmallGpt2); break;
    case 2: writeFolder(dir.path(), {{"a.safetensors", {{"x", w}}}, {"b.safetensors", {{"y", w}}}}); break;
    case 3: path = dir.filePath(QStringLiteral("nope")); break;
    case 4:
        writeFolder(dir.path(), {{"model.safetensors", {{"x", w}}}});
        writeFileAtomic(s(dir.filePath(QStringLiteral("config.json"))), R"({"model_type": "bert"})");
        break;
    case 5:
        writeFolder(dir.path(), {});
        writeFileAtomic(s(dir.filePath(QStringLiteral("model.safetensors"))), "abc");
        break;
    }
    auto e = errorOf([&] { openCheckpoint(s(path)); });
    QVERIFY2(e.has_value(), "accepted");
    const QString msg = QString::fromStdString(e->what());
    QVERIFY2(msg.contains(fragment), qPrintable(msg));
    QVERIFY2(msg.contains(path), qPrintable(msg));
}

void TestCheckpoint::fileInsideFolderAndTokenizer() {
    QTemporaryDir dir;
    writeFolder(dir.path(), {{"model.safetensors", {{"x", torch::ones({3})}}}});
    // Training leftovers do not count as weights, and no tokenizer is fine.
    writeFileAtomic(s(dir.filePath(QStringLiteral("training_args.bin"))), "junk");
    Checkpoint c = openCheckpoint(s(dir.filePath(QStringLiteral("config.json"))));
    QCOMPARE(QString::fromStdString(c.dir), QDir(dir.path()).absolutePath());
    QVERIFY(c.tokenizerFile.empty());
    c = openCheckpoint(s(dir.path() + QStringLiteral("/")));
    QCOMPARE(QString::fromStdString(c.dir), QDir(dir.path()).absolutePath());

    writeFileAtomic(s(dir.filePath(QStringLiteral("tokenizer.model"))), "spm");
    c = openCheckpoint(s(dir.filePath(QStringLiteral("model.safetensors"))));
    QCOMPARE(QString::fromStdString(c.tokenizerFile), dir.filePath(QStringLiteral("tokenizer.model")));
    writeFileAtomic(s(dir.filePath(QStringLiteral("tokenizer.json"))), "{}");
    c = openCheckpoint(s(dir.path()));
    QCOMPARE(QString::fromStdString(c.tokenizerFile), dir.filePath(QStringLiteral("tokenizer.json")));

    // A single differently named safetensors file is taken as the weights.
    QVERIFY(QFile::rename(dir.filePath(QStringLiteral("model.safetensors")),
                          dir.filePath(QStringLiteral("weights.safetensors"))));
    c = openCheckpoint(s(dir.path()));
    QCOMPARE(QString::fromStdString(c.weightFiles.at(0)), dir.filePath(QStringLiteral("weights.safetensors")));
}

void TestCheckpoint::zeroCopyAndCopyOnWrite() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.safetensors"));
    const auto w = torch::arange(12, torch::kFloat32).reshape({3, 4});
    saveSafetensors(s(path), {{"w", w}, {"i", torch::arange(5, torch::kInt64)}, {"h", w.to(torch::kFloat16)}});
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();

    auto file = MappedSafetensors::open(s(path));
    const TensorInfo& info = *file->header().find("w");
    torch::Tensor t = tensorFromMapped(file, info);
    QCOMPARE(static_cast<const void*>(t.data_ptr()), static_cast<const void*>(file->data(info)));
    QVERIFY(sameTensor(t, w));
    torch::Tensor h = tensorFromMapped(file, *file->header().find("h"));
    QCOMPARE(static_cast<const void*>(h.data_ptr()), static_cast<const void*>(file->data(*file->header().find("h"))));
    QVERIFY(sameTensor(h, w.to(torch::kFloat16)));

    // The tensor keeps the map alive.
    std::weak_ptr<MappedSafetensors> weak = file;
    file.reset();
    QVERIFY(!weak.expired());
    QVERIFY(sameTensor(t, w));
    // Writing to it copies the page, never the file.
    t.mul_(2);
    QCOMPARE(t[1][1].item<float>(), 10.f);
    t = torch::Tensor();
    h = torch::Tensor();
    QVERIFY(weak.expired());
    f.seek(0);
    QCOMPARE(f.readAll(), before);
}

void TestCheckpoint::misalignedIsCopied() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("m.safetensors"));
    // 3 F16 values (6 bytes) first: the F32 tensor starts at data offset 6.
    const auto f = torch::tensor({1.5f, -2.f, 3.25f});
    saveSafetensors(s(path), {{"half", torch::ones({3}, torch::kFloat16)}, {"f", f}});
    auto file = MappedSafetensors::open(s(path));
    const TensorInfo& info = *file->header().find("f");
    QCOMPARE(info.begin, uint64_t(6));
    QVERIFY(reinterpret_cast<uintptr_t>(file->data(info)) % 4 != 0);
    torch::Tensor t = tensorFromMapped(file, info);
    QVERIFY(static_cast<const void*>(t.data_ptr()) != static_cast<const void*>(file->data(info)));
    QCOMPARE(reinterpret_cast<uintptr_t>(t.data_ptr()) % 4, uintptr_t(0));
    QVERIFY(sameTensor(t, f));
}

void TestCheckpoint::tensorSourceErrors() {
    QTemporaryDir dir;
    writeFolder(dir.path(), {{"model.safetensors", {{"wte", torch::zeros({10, 8})}}}});
    const Checkpoint c = openCheckpoint(s(dir.path()));
    TensorSource src(c);
    QVERIFY(!src.contains("lm_head.weight"));
    auto e = errorOf([&] { src.get("lm_head.weight"); });
    QVERIFY(e.has_value());
    QVERIFY2(QString::fromStdString(e->what()).contains(QStringLiteral("missing tensor lm_head.weight")), e->what());
    QVERIFY2(QString::fromStdString(e->what()).contains(dir.path()), e->what());
    e = errorOf([&] { src.get("wte", {10, 16}); });
    QVERIFY(e.has_value());
    QVERIFY2(QString::fromStdString(e->what()).contains(
                 QStringLiteral("tensor wte has shape [10, 8] but the config implies [10, 16]")),
             e->what());
    QVERIFY(src.get("wte", {10, 8}).sizes() == c10::IntArrayRef({10, 8}));
}

void TestCheckpoint::saveSafetensorsRoundTrip_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("transposed f32") << 0;
    QTest::newRow("bf16") << 1;
    QTest::newRow("int64") << 2;
    QTest::newRow("bool") << 3;
    QTest::newRow("sliced f64") << 4;
    QTest::newRow("empty") << 5;
    QTest::newRow("scalar") << 6;
}

void TestCheckpoint::saveSafetensorsRoundTrip() {
    QFETCH(int, kind);
    torch::manual_seed(kind);
    torch::Tensor t;
    switch (kind) {
    case 0: t = torch::randn({3, 5}).t(); break;
    case 1: t = torch::randn({4, 2}).to(torch::kBFloat16); break;
    case 2: t = torch::randint(-1000, 1000, {7}, torch::kInt64); break;
    case 3: t = torch::randn({6}) > 0; break;
    case 4: t = torch::randn({10}, torch::kFloat64).slice(0, 1, 9, 2); break;
    case 5: t = torch::empty({0, 3}); break;
    case 6: t = torch::tensor(3.5f).reshape({}); break;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.safetensors"));
    saveSafetensors(s(path), {{"t", t}}, {{"k", "v"}});
    auto file = MappedSafetensors::open(s(path));
    QCOMPARE(QString::fromStdString(file->header().metadata.at("k")), QStringLiteral("v"));
    torch::Tensor back = tensorFromMapped(file, *file->header().find("t"));
    QVERIFY(back.is_contiguous());
    QVERIFY(sameTensor(back, t));
}

void TestCheckpoint::saveSafetensorsRejects() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.safetensors"));
    auto e = errorOf([&] { saveSafetensors(s(path), {{"c", torch::ones({2}, torch::kComplexFloat)}}); });
    QVERIFY2(e && QString::fromStdString(e->what()).contains(QStringLiteral("cannot save tensor \"c\"")),
             e ? e->what() : "");
    e = errorOf([&] { saveSafetensors(s(path), {{"u", torch::Tensor()}}); });
    QVERIFY2(e && QString::fromStdString(e->what()).contains(QStringLiteral("undefined")), e ? e->what() : "");
    e = errorOf([&] { saveSafetensors(s(path), {{"a", torch::ones({1})}, {"a", torch::ones({1})}}); });
    QVERIFY(e.has_value());
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 0);
}

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
