// The catalogue of bad inputs: every way a user can hand ShareLens a
// broken file or an impossible setting, with the exact one-line message the
// user sees. Each broken input is made here from a valid fixture
// (tests/reference/make_checkpoint.py, drop_tensor.py) by one change.
//
// cli: every row through sharelens-cli (exit code 1 with
//      "sharelens-cli: error: MESSAGE" as the last stderr line, or 2 for usage).
// gui: a representative subset through the main window's open-model path and
//      the analysis view, checking the text of the dialog the user reads.
//
// "@TMP" in arguments and messages stands for the suite's temporary folder.
#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtEndian>
#include <QtTest>

#include <functional>

#include "analysisview.h"
#include "mainwindow.h"
#include "sharelens/model.h"
#include "catalogue_cases.h"
#include "modaltext.h"
#include "testutil.h"

using sharelens::app::AnalysisView;
using sharelens::app::MainWindow;

class TestCatalogue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cli_data();
    void cli();
    void gui_data();
    void gui();

private:
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    // @TMP, and @OK / @OTHER: the first 12 digits of the two pool exports' ids.
    QString expand(QString s) const {
        if (s.contains("@OK")) s.replace("@OK", poolId("pool-ok").left(12));
        if (s.contains("@OTHER")) s.replace("@OTHER", poolId("pool-other").left(12));
        return s.replace(QStringLiteral("@TMP"), m_tmp.path());
    }
    QString poolId(const QString& dir) const;
    // A copy of a fixture folder under a new name.
    QString copyModel(const QString& from, const QString& name);
    bool makeBroken();
    bool makeBrokenSafetensors();
    bool makeBrokenFolders();
    bool makeBrokenShards();
    bool makeBrokenData();

    QTemporaryDir m_tmp;
};

namespace {

using testutil::readAll;
using testutil::replaceIn;



// Rewrites a safetensors header (the data bytes stay as they are).
bool editHeader(const QString& path, const std::function<void(QJsonObject&)>& edit) {
    const QByteArray b = readAll(path);
    if (b.size() < 8) return false;
    const quint64 n = qFromLittleEndian<quint64>(b.constData());
    QJsonObject h = QJsonDocument::fromJson(b.mid(8, static_cast<qsizetype>(n))).object();
    if (h.isEmpty()) return false;
    edit(h);
    QByteArray header = QJsonDocument(h).toJson(QJsonDocument::Compact);
    while (header.size() % 8) header += ' ';
    QByteArray out(8, '\0');
    qToLittleEndian<quint64>(static_cast<quint64>(header.size()), out.data());
    return testutil::writeFile(path, out + header + b.mid(8 + static_cast<qsizetype>(n)));
}

void setTensor(QJsonObject& h, const QString& name, const char* key, const QJsonValue& v) {
    QJsonObject t = h.value(name).toObject();
    t.insert(QLatin1String(key), v);
    h.insert(name, t);
}

} // namespace

QString TestCatalogue::poolId(const QString& dir) const {
    const QByteArray b = readAll(tmp(dir + "/pool.safetensors"));
    if (b.size() < 8) return QString();
    const quint64 n = qFromLittleEndian<quint64>(b.constData());
    const QJsonObject h = QJsonDocument::fromJson(b.mid(8, static_cast<qsizetype>(n))).object();
    return h.value("__metadata__").toObject().value("sharelens.pool_id").toString();
}

QString TestCatalogue::copyModel(const QString& from, const QString& name) {
    const QString d = tmp(name);
    QDir().mkpath(d);
    for (const QFileInfo& fi : QDir(from).entryInfoList(QDir::Files))
        QFile::copy(fi.filePath(), d + "/" + fi.fileName());
    return d;
}

// Safetensors files broken one way each.
bool TestCatalogue::makeBrokenSafetensors() {
    const QString gpt2 = tmp("gpt2");
    const QString st = "/model.safetensors";
    const QByteArray file = readAll(gpt2 + st);
    bool ok = true;
    auto check = [&](bool b, const char* what) {
        if (!b) qWarning("could not make %s", what);
        ok = ok && b;
    };
    // Safetensors: the file itself.
    check(testutil::writeFile(copyModel(gpt2, "st-truncated") + st, file.left(file.size() / 2)), "st-truncated");
    check(testutil::writeFile(copyModel(gpt2, "st-empty") + st, QByteArray()), "st-empty");
    check(testutil::writeFile(copyModel(gpt2, "st-short") + st, file.left(5)), "st-short");
    QByteArray huge = file;
    huge[5] = char(0x7f);
    check(testutil::writeFile(copyModel(gpt2, "st-hugeheader") + st, huge), "st-hugeheader");
    QByteArray notJson = file;
    notJson[8] = 'x';
    check(testutil::writeFile(copyModel(gpt2, "st-notjson") + st, notJson), "st-notjson");
    // Safetensors: the header's promises.
    check(editHeader(copyModel(gpt2, "st-dtype") + st,
                     [](QJsonObject& h) { setTensor(h, "transformer.wte.weight", "dtype", "Q4"); }),
          "st-dtype");
    check(editHeader(copyModel(gpt2, "st-shape") + st,
                     [](QJsonObject& h) {
                         setTensor(h, "transformer.wte.weight", "shape", QJsonArray{96, 65});
                     }),
          "st-shape");
    check(editHeader(copyModel(gpt2, "st-overlap") + st,
                     [](QJsonObject& h) {
                         setTensor(h, "transformer.h.0.ln_1.bias", "data_offsets",
                                   h.value("transformer.h.0.ln_1.weight").toObject().value("data_offsets"));
                     }),
          "st-overlap");
    check(editHeader(copyModel(gpt2, "st-outofbounds") + st,
                     [](QJsonObject& h) {
                         const QJsonArray o =
                             h.value("transformer.ln_f.bias").toObject().value("data_offsets").toArray();
                         setTensor(h, "transformer.ln_f.bias", "data_offsets",
                                   QJsonArray{o[0].toDouble() + 1048576, o[1].toDouble() + 1048576});
                     }),
          "st-outofbounds");
    const QString missing = copyModel(gpt2, "st-missing");
    check(testutil::runPython("drop_tensor.py", {missing + st, "transformer.h.3.mlp.c_proj.bias"}), "st-missing");
    return ok;
}

// Folders, config.json and shared pools.
bool TestCatalogue::makeBrokenFolders() {
    const QString gpt2 = tmp("gpt2");
    bool ok = true;
    auto check = [&](bool b, const char* what) {
        if (!b) qWarning("could not make %s", what);
        ok = ok && b;
    };
    // The folder.
    const QString noWeights = tmp("no-weights");
    QDir().mkpath(noWeights);
    check(QFile::copy(gpt2 + "/config.json", noWeights + "/config.json"), "no-weights");
    QDir().mkpath(tmp("empty-folder"));
    check(testutil::writeFile(tmp("a-file.txt"), "not a folder\n"), "a-file");
    // config.json.
    const QString cfg = "/config.json";
    const QByteArray config = readAll(gpt2 + cfg);
    check(testutil::writeFile(copyModel(gpt2, "cfg-notjson") + cfg, config.left(config.size() / 2)), "cfg-notjson");
    check(testutil::writeFile(copyModel(gpt2, "cfg-array") + cfg, "[1, 2, 3]\n"), "cfg-array");
    check(replaceIn(copyModel(gpt2, "cfg-bert") + cfg, "\"gpt2\"", "\"bert\""), "cfg-bert");
    check(replaceIn(copyModel(gpt2, "cfg-nolayers") + cfg, "\"n_layer\": 4,", ""), "cfg-nolayers");
    check(replaceIn(copyModel(gpt2, "cfg-heads") + cfg, "\"n_head\": 4", "\"n_head\": 5"), "cfg-heads");
    check(replaceIn(copyModel(gpt2, "cfg-zerolayers") + cfg, "\"n_layer\": 4", "\"n_layer\": 0"), "cfg-zerolayers");
    check(replaceIn(copyModel(gpt2, "cfg-vocab") + cfg, "\"vocab_size\": 96", "\"vocab_size\": -96"), "cfg-vocab");
    check(replaceIn(copyModel(gpt2, "cfg-hidden") + cfg, "\"n_embd\": 64", "\"n_embd\": 32"), "cfg-hidden");
    check(replaceIn(copyModel(gpt2, "cfg-layers") + cfg, "\"n_layer\": 4", "\"n_layer\": 6"), "cfg-layers");
    // Shared pools: gone, or swapped for another export's.
    check(QFile::remove(tmp("pool-nopool/pool.safetensors")), "pool-nopool");
    check(QFile::remove(tmp("pool-mixed/pool.safetensors")) &&
              QFile::copy(tmp("pool-other/pool.safetensors"), tmp("pool-mixed/pool.safetensors")),
          "pool-mixed");
    return ok;
}

// Shard indexes, tokenizers and PyTorch .bin files.
bool TestCatalogue::makeBrokenShards() {
    const QString llama = tmp("llama");
    bool ok = true;
    auto check = [&](bool b, const char* what) {
        if (!b) qWarning("could not make %s", what);
        ok = ok && b;
    };
    // model.safetensors.index.json.
    const QString idx = "/model.safetensors.index.json";
    const QByteArray index = readAll(llama + idx);
    check(testutil::writeFile(copyModel(llama, "idx-notjson") + idx, index.left(index.size() / 2)), "idx-notjson");
    check(testutil::writeFile(copyModel(llama, "idx-nomap") + idx, "{\"metadata\": {}}"), "idx-nomap");
    check(testutil::writeFile(copyModel(llama, "idx-emptymap") + idx, "{\"weight_map\": {}}"), "idx-emptymap");
    check(replaceIn(copyModel(llama, "idx-number") + idx, "\"model.norm.weight\": \"model-00002-of-00002.safetensors\"",
                    "\"model.norm.weight\": 2"),
          "idx-number");
    check(QFile::remove(copyModel(llama, "idx-noshard") + "/model-00002-of-00002.safetensors"), "idx-noshard");
    check(replaceIn(copyModel(llama, "idx-wrongshard") + idx,
                    "\"model.norm.weight\": \"model-00002-of-00002.safetensors\"",
                    "\"model.norm.weight\": \"model-00001-of-00002.safetensors\""),
          "idx-wrongshard");
    check(replaceIn(copyModel(llama, "idx-escape") + idx, "\"model.norm.weight\": \"model-00002-of-00002.safetensors\"",
                    "\"model.norm.weight\": \"../model-00002-of-00002.safetensors\""),
          "idx-escape");
    // tokenizer.json.
    check(testutil::writeFile(
              copyModel(tmp("bytes"), "tok-wordpiece") + "/tokenizer.json",
              R"({"version":"1.0","model":{"type":"WordPiece","vocab":{"[UNK]":0,"a":1},"unk_token":"[UNK]"}})"),
          "tok-wordpiece");
    check(testutil::writeFile(copyModel(tmp("bytes"), "tok-notjson") + "/tokenizer.json", "{\"model\": "),
          "tok-notjson");
    // PyTorch .bin.
    check(testutil::writeFile(copyModel(tmp("binplain"), "bin-garbage") + "/pytorch_model.bin",
                              QByteArray("PK\x03\x04 this is not a zip archive").repeated(40)),
          "bin-garbage");
    return ok;
}

// Token ids, texts, plans, similarity matrices.
bool TestCatalogue::makeBrokenData() {
    bool ok = true;
    auto check = [&](bool b, const char* what) {
        if (!b) qWarning("could not make %s", what);
        ok = ok && b;
    };
    // Token ids, texts, plans, similarity matrices.
    check(testutil::writeFile(tmp("ok.json"), "[[1,2,3,4,5,6,7,8],[9,10,11,12,13,14,15,16]]"), "ok.json");
    check(testutil::writeFile(tmp("ids-big.json"), "[[1,2,300]]"), "ids-big");
    check(testutil::writeFile(tmp("ids-negative.json"), "[[1,-2,3]]"), "ids-negative");
    check(testutil::writeFile(tmp("ids-object.json"), "{\"ids\": 3}"), "ids-object");
    check(testutil::writeFile(tmp("ids-empty.json"), "[]"), "ids-empty");
    check(testutil::writeFile(tmp("ids-string.json"), "[[1, \"two\", 3]]"), "ids-string");
    check(testutil::writeFile(tmp("ids-fraction.json"), "[[1, 2.5, 3]]"), "ids-fraction");
    check(testutil::writeFile(tmp("ids-notjson.json"), "[[1, 2, 3"), "ids-notjson");
    check(testutil::writeFile(tmp("short.txt"), "too short"), "short.txt");
    check(testutil::writeFile(tmp("empty.txt"), ""), "empty.txt");
    check(testutil::writeFile(tmp("long.txt"), QByteArray("some text for the tokenizer. ").repeated(50)), "long.txt");
    check(testutil::writeFile(tmp("plan-notjson.json"), "{\"plan\": [1, 2"), "plan-notjson");
    check(testutil::writeFile(tmp("plan-array.json"), "[1, 2, 3]"), "plan-array");
    const QByteArray analysis = readAll(tmp("analysis/analysis.json"));
    QJsonObject a = QJsonDocument::fromJson(analysis).object();
    QJsonObject plan = a.value("plan").toObject();
    QJsonArray groups = plan.value("groups").toArray();
    auto withGroups = [&](const QJsonArray& g) {
        QJsonObject p = plan;
        p.insert("groups", g);
        QJsonObject o = a;
        o.insert("plan", p);
        return QJsonDocument(o).toJson();
    };
    check(!groups.isEmpty(), "analysis plan");
    if (!groups.isEmpty()) {
        QJsonObject g0 = groups[0].toObject();
        g0.insert("members", QJsonArray{0, 9});
        check(testutil::writeFile(tmp("plan-unit.json"), withGroups(QJsonArray{g0})), "plan-unit");
        QJsonObject g1 = groups[0].toObject();
        g1.insert("members", QJsonArray{0, 1});
        QJsonObject g2 = g1;
        g2.insert("members", QJsonArray{1, 2});
        check(testutil::writeFile(tmp("plan-twice.json"), withGroups(QJsonArray{g1, g2})), "plan-twice");
        QJsonObject g3 = groups[0].toObject();
        g3.insert("members", QJsonArray{0, 1e30});
        check(testutil::writeFile(tmp("plan-huge.json"), withGroups(QJsonArray{g3})), "plan-huge");
    }
    check(testutil::writeFile(tmp("sim-ragged.json"), "{\"similarity\": [[1, 0.5], [0.5]]}"), "sim-ragged");
    check(testutil::writeFile(tmp("sim-asym.json"), "{\"similarity\": [[1, 0.5, 0.2], [0.5, 1, 0.3], [0.9, 0.3, 1]]}"),
          "sim-asym");
    check(testutil::writeFile(tmp("sim-nan.json"), "{\"similarity\": [[1, null], [null, 1]]}"), "sim-nan");
    check(testutil::writeFile(tmp("sim-nokey.json"), "{\"matrix\": [[1, 0.5], [0.5, 1]]}"), "sim-nokey");
    check(testutil::writeFile(tmp("sim-string.json"), "{\"similarity\": [[1, \"high\"], [0.5, 1]]}"), "sim-string");
    check(testutil::writeFile(tmp("sim-ok.json"), "{\"similarity\": [[1, 0.5], [0.5, 1]]}"), "sim-ok");
    return ok;
}

bool TestCatalogue::makeBroken() {
    const bool a = makeBrokenSafetensors(), b = makeBrokenFolders(), c = makeBrokenShards(), d = makeBrokenData();
    return a && b && c && d;
}

void TestCatalogue::initTestCase() {
    QVERIFY(m_tmp.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_catalogue");
    QVERIFY(testutil::makeCheckpoint(tmp("gpt2"), {"--family", "gpt2", "--layers", "4", "--hidden", "64", "--vocab",
                                                   "96", "--positions", "128", "--dtype", "f16"}));
    QVERIFY(testutil::makeCheckpoint(tmp("llama"), {"--family", "llama", "--format", "sharded", "--untied"}));
    QVERIFY(testutil::makeCheckpoint(tmp("bytes"), {"--family", "gpt2", "--vocab", "256", "--positions", "64"}));
    QVERIFY(testutil::makeCheckpoint(tmp("binplain"), {"--family", "gpt2", "--layers", "2", "--format", "bin"}));
    QVERIFY(testutil::makeCheckpoint(tmp("bin-ordereddict"),
                                     {"--family", "gpt2", "--layers", "2", "--format", "bin-ordereddict"}));
    // A valid plan of the GPT-2 fixture, for the finetune rows.
    QByteArray calib = "[";
    for (int seq = 0; seq < 6; ++seq) {
        calib += seq ? ",[" : "[";
        for (int t = 0; t < 60; ++t) calib += QByteArray::number((seq * 37 + t * 11) % 96) + (t < 59 ? "," : "");
        calib += "]";
    }
    QVERIFY(testutil::writeFile(tmp("calib.json"), calib + "]"));
    const auto r = testutil::runCli(
        {"analyze", tmp("gpt2"), "--token-ids", tmp("calib.json"), "--threshold", "2", "--out", tmp("analysis")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto sub = testutil::runCli({"analyze", tmp("gpt2"), "--token-ids", tmp("calib.json"), "--units", "sublayers",
                                       "--threshold", "2", "--out", tmp("analysis-sub")});
    QVERIFY2(sub.exitCode == 0, sub.err.constData());
    // The sub-layer analysis with a hand-made group of attention and MLP.
    QJsonObject subAnalysis = testutil::readJson(tmp("analysis-sub/analysis.json"));
    QJsonObject mixedPlan = subAnalysis.value("plan").toObject();
    mixedPlan["groups"] = QJsonArray{QJsonObject{{"members", QJsonArray{0, 1}}}};
    subAnalysis["plan"] = mixedPlan;
    QVERIFY(testutil::writeFile(tmp("plan-mixed.json"), QJsonDocument(subAnalysis).toJson()));
    // Two agents (the GPT-2 fixture and a copy), an agents plan sharing
    // everything (threshold 2) and one sharing nothing (0), and shared-pool
    // exports of both; the broken pools of the rows are made from them.
    copyModel(tmp("gpt2"), "agent-b");
    for (const char* t : {"2", "0"}) {
        const QString an = tmp("agents-analysis-") + t;
        const auto ra = testutil::runCli(
            {"analyze", tmp("gpt2"), tmp("agent-b"), "--token-ids", tmp("calib.json"), "--threshold", t, "--out", an});
        QVERIFY2(ra.exitCode == 0, ra.err.constData());
    }
    for (const char* d : {"pool-ok", "pool-nopool", "pool-mixed", "pool-other"}) {
        const QString plan = tmp(QString::fromLatin1("agents-analysis-") + (qstrcmp(d, "pool-other") == 0 ? "0" : "2"));
        const auto re = testutil::runCli({"export", tmp("gpt2"), tmp("agent-b"), "--plan", plan + "/analysis.json",
                                          "--format", "pool", "--out", tmp(d)});
        QVERIFY2(re.exitCode == 0, re.err.constData());
    }
    QVERIFY(makeBroken());
}

void TestCatalogue::cli_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    for (const Case& c : catalogue()) QTest::newRow(c.name) << c.args << c.exitCode << c.message;
}

void TestCatalogue::cli() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    for (QString& a : args) a = expand(a);
    // Leading NAME=value arguments set the environment (SHARELENS_MEMORY_LIMIT).
    QStringList env;
    while (!args.isEmpty() && args.first().startsWith("SHARELENS_")) env << args.takeFirst();
    const auto r = testutil::runCli(args, 120000, env);
    const QStringList lines = QString::fromUtf8(r.err).trimmed().split('\n');
    // Usage errors add "Try 'sharelens-cli --help'." after the reason.
    const QString last = exitCode == 2 ? lines.value(lines.size() - 2) : lines.last();
    if (qEnvironmentVariableIsSet("SHARELENS_CATALOGUE_PRINT"))
        qInfo("ROW %s | %d | %s", QTest::currentDataTag(), r.exitCode, qPrintable(last));
    QCOMPARE(r.exitCode, exitCode);
    const QString prefix = exitCode == 2 ? "sharelens-cli: " : "sharelens-cli: error: ";
    QCOMPARE(last, prefix + expand(message));
    QVERIFY2(r.out.isEmpty() || exitCode == 2, r.out.constData());
}

// ------------------------------------------------------------------- GUI rows

void TestCatalogue::gui_data() {
    QTest::addColumn<QString>("kind");   // "open": MainWindow::openModel; "analyze": AnalysisView
    QTest::addColumn<QString>("target"); // the folder to open, or the calibration text
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("memoryLimit"); // SHARELENS_MEMORY_LIMIT while the row runs, or empty
    // Opening a model: the dialog shows the same message as the command line.
    const std::pair<const char*, const char*> open[] = {
        {"st-truncated", "safetensors truncated"},      {"st-hugeheader", "safetensors header length past the end"},
        {"st-dtype", "safetensors unknown dtype"},      {"st-missing", "safetensors tensor missing"},
        {"no-weights", "folder without weights"},       {"a-file.txt", "folder is a file"},
        {"cfg-bert", "config unsupported model_type"},  {"cfg-hidden", "config hidden size differs from tensors"},
        {"idx-noshard", "index names a missing shard"}, {"bin-ordereddict", "bin saved as OrderedDict"},
        {"cfg-layers", "config more layers than tensors"},
    };
    for (const auto& [dir, name] : open) {
        const Case* c = findCase(name);
        QVERIFY2(c, name);
        QTest::newRow(qPrintable(QStringLiteral("open: ") + QLatin1String(name)))
            << "open" << QStringLiteral("@TMP/") + QLatin1String(dir) << c->message << QString();
    }
    // Analysis settings: calibration text and sequence length (32 tokens, 4 sequences).
    QTest::newRow("analyze: text file missing")
        << "analyze"
        << "@TMP/nope.txt" << findCase("text file missing")->message << QString();
    QTest::newRow("analyze: text is a folder")
        << "analyze"
        << "@TMP/empty-folder" << findCase("text is a folder")->message << QString();
    QTest::newRow("analyze: text too short")
        << "analyze"
        << "@TMP/short.txt"
        << "@TMP/short.txt: the text has 9 tokens, fewer than one sequence of 32; choose a longer text or a shorter "
           "sequence length"
        << QString();
    // Resource guards.
    // The GUI opens F16/BF16 matrices in their stored dtype (mapped, not converted).
    QTest::newRow("open: memory") << "open"
                                  << "@TMP/gpt2"
                                  << QStringLiteral("opening this model needs about 425.5 KiB of memory (weights as "
                                                    "float32 13.5 KiB, F16/BF16 weights mapped in their stored dtype "
                                                    "412.0 KiB), but only 100.0 KiB is available "
                                                    "(SHARELENS_MEMORY_LIMIT); close other programs or use a machine "
                                                    "with more memory")
                                  << "100K";
    QTest::newRow("analyze: memory") << "analyze"
                                     << "@TMP/long.txt"
                                     << "capturing activations needs about 896.2 KiB of memory (activations of one "
                                        "batch 256.0 KiB, the forward pass "
                                        "640.0 KiB, accumulators 160 B), but only 1.0 KiB is available "
                                        "(SHARELENS_MEMORY_LIMIT); use a smaller batch "
                                        "or sequence length"
                                     << "1K";
}


void TestCatalogue::gui() {
    QFETCH(QString, kind);
    QFETCH(QString, target);
    QFETCH(QString, message);
    QFETCH(QString, memoryLimit);
    if (!memoryLimit.isEmpty()) qputenv("SHARELENS_MEMORY_LIMIT", memoryLimit.toUtf8());
    const auto unset = qScopeGuard([] { qunsetenv("SHARELENS_MEMORY_LIMIT"); });
    if (kind == "open") {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy failed(&w, &MainWindow::modelFailed);
        const QString text = readModalText([&] { w.openModel(expand(target)); }, [&] { return failed.count() > 0; });
        QCOMPARE(text, expand(message));
        QVERIFY(w.model() == nullptr);
    } else {
        qunsetenv("SHARELENS_MEMORY_LIMIT"); // the model opens; the limit applies to the analysis
        std::shared_ptr<const sharelens::Model> model(sharelens::Model::load(tmp("bytes").toStdString()));
        if (!memoryLimit.isEmpty()) qputenv("SHARELENS_MEMORY_LIMIT", memoryLimit.toUtf8());
        AnalysisView view;
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setModel(model);
        view.setCalibrationFile(expand(target));
        view.setSequenceLength(32);
        view.setSequenceCount(4);
        QSignalSpy failed(&view, &AnalysisView::analysisFailed);
        const QString text = readModalText([&] { view.analyze(); }, [&] { return failed.count() > 0; });
        QCOMPARE(text, expand(message));
        QCOMPARE(failed.first().at(1).toBool(), false);
    }
}

QTEST_MAIN(TestCatalogue)
#include "tst_catalogue.moc"
