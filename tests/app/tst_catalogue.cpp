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
    QString modalText(const std::function<void()>& trigger, const std::function<bool()>& done);

    QTemporaryDir m_tmp;
};

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool replaceIn(const QString& path, const QByteArray& from, const QByteArray& to) {
    QByteArray b = readAll(path);
    if (!b.contains(from)) {
        qWarning("%s does not contain %s", qPrintable(path), from.constData());
        return false;
    }
    return testutil::writeFile(path, b.replace(from, to));
}

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
    for (const QFileInfo& fi : QDir(from).entryInfoList(QDir::Files)) QFile::copy(fi.filePath(), d + "/" + fi.fileName());
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
                     [](QJsonObject& h) { setTensor(h, "transformer.wte.weight", "shape", QJsonArray{96, 65}); }),
          "st-shape");
    check(editHeader(copyModel(gpt2, "st-overlap") + st,
                     [](QJsonObject& h) {
                         setTensor(h, "transformer.h.0.ln_1.bias", "data_offsets",
                                   h.value("transformer.h.0.ln_1.weight").toObject().value("data_offsets"));
                     }),
          "st-overlap");
    check(editHeader(copyModel(gpt2, "st-outofbounds") + st,
                     [](QJsonObject& h) {
                         const QJsonArray o = h.value("transformer.ln_f.bias").toObject().value("data_offsets").toArray();
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
    check(replaceIn(copyModel(llama, "idx-number") + idx,
                    "\"model.norm.weight\": \"model-00002-of-00002.safetensors\"", "\"model.norm.weight\": 2"),
          "idx-number");
    check(QFile::remove(copyModel(llama, "idx-noshard") + "/model-00002-of-00002.safetensors"), "idx-noshard");
    check(replaceIn(copyModel(llama, "idx-wrongshard") + idx,
                    "\"model.norm.weight\": \"model-00002-of-00002.safetensors\"",
                    "\"model.norm.weight\": \"model-00001-of-00002.safetensors\""),
          "idx-wrongshard");
    check(replaceIn(copyModel(llama, "idx-escape") + idx,
                    "\"model.norm.weight\": \"model-00002-of-00002.safetensors\"",
                    "\"model.norm.weight\": \"../model-00002-of-00002.safetensors\""),
          "idx-escape");
    // tokenizer.json.
    check(testutil::writeFile(copyModel(tmp("bytes"), "tok-wordpiece") + "/tokenizer.json",
                              R"({"version":"1.0","model":{"type":"WordPiece","vocab":{"[UNK]":0,"a":1},"unk_token":"[UNK]"}})"),
          "tok-wordpiece");
    check(testutil::writeFile(copyModel(tmp("bytes"), "tok-notjson") + "/tokenizer.json", "{\"model\": "), "tok-notjson");
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
    QVERIFY(testutil::makeCheckpoint(tmp("bin-ordereddict"), {"--family", "gpt2", "--layers", "2", "--format",
                                                              "bin-ordereddict"}));
    // A valid plan of the GPT-2 fixture, for the finetune rows.
    QByteArray calib = "[";
    for (int seq = 0; seq < 6; ++seq) {
        calib += seq ? ",[" : "[";
        for (int t = 0; t < 60; ++t) calib += QByteArray::number((seq * 37 + t * 11) % 96) + (t < 59 ? "," : "");
        calib += "]";
    }
    QVERIFY(testutil::writeFile(tmp("calib.json"), calib + "]"));
    const auto r = testutil::runCli({"analyze", tmp("gpt2"), "--token-ids", tmp("calib.json"), "--threshold", "2",
                                     "--out", tmp("analysis")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto sub = testutil::runCli({"analyze", tmp("gpt2"), "--token-ids", tmp("calib.json"), "--units",
                                       "sublayers", "--threshold", "2", "--out", tmp("analysis-sub")});
    QVERIFY2(sub.exitCode == 0, sub.err.constData());
    // Two agents (the GPT-2 fixture and a copy), an agents plan sharing
    // everything (threshold 2) and one sharing nothing (0), and shared-pool
    // exports of both; the broken pools of the rows are made from them.
    copyModel(tmp("gpt2"), "agent-b");
    for (const char* t : {"2", "0"}) {
        const QString an = tmp("agents-analysis-") + t;
        const auto ra = testutil::runCli({"analyze", tmp("gpt2"), tmp("agent-b"), "--token-ids", tmp("calib.json"),
                                          "--threshold", t, "--out", an});
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

namespace {

// One catalogue row: the command line, the exit code and the message after
// "sharelens-cli: error: " (exit 1) or "sharelens-cli: " (exit 2, usage).
struct Case {
    const char* name;
    QStringList args;
    int exitCode;
    QString message;
};

// structure: data table (one row per bad input)
const std::vector<Case>& catalogue() {
    static const std::vector<Case> cases = [] {
        std::vector<Case> out;
        const QString ids = "@TMP/ok.json";
        auto info = [](const QString& dir) { return QStringList{"info", "@TMP/" + dir}; };
        auto eval = [&](const QString& dir) { return QStringList{"eval", "@TMP/" + dir, "--token-ids", ids}; };
        auto analyze = [&](const QStringList& more) {
            return QStringList{"analyze", "@TMP/gpt2", "--token-ids", ids, "--out", "@TMP/out"} + more;
        };
        auto finetune = [&](const QStringList& more) {
            return QStringList{"finetune", "@TMP/gpt2", "--plan", "@TMP/analysis/analysis.json", "--token-ids",
                               "@TMP/calib.json", "--steps", "1", "--seq-len", "8", "--out", "@TMP/ft"} + more;
        };
        auto row = [&](const char* name, const QStringList& args, int code, const QString& message) {
            out.push_back({name, args, code, message});
        };
        // --- Safetensors: the file
        row("safetensors truncated", info("st-truncated"), 1,
            "@TMP/st-truncated/model.safetensors: tensor \"transformer.h.1.mlp.c_proj.bias\" ends at data offset 228608, beyond the data section (211952 bytes); the file is truncated or its header is wrong.");
        row("safetensors empty file", info("st-empty"), 1,
            "@TMP/st-empty/model.safetensors: the file is 0 bytes long, too short to hold the 8-byte safetensors header length. This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.");
        row("safetensors shorter than its length field", info("st-short"), 1,
            "@TMP/st-short/model.safetensors: the file is 5 bytes long, too short to hold the 8-byte safetensors header length. This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.");
        row("safetensors header length past the end", info("st-hugeheader"), 1,
            "@TMP/st-hugeheader/model.safetensors: the header length field says 139637976732440 bytes, which is absurdly large (the limit is 100 MB). This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.");
        row("safetensors header not JSON", info("st-notjson"), 1,
            "@TMP/st-notjson/model.safetensors: the header is not valid JSON ([json.exception.parse_error.101] parse error at line 1, column 1: syntax error while parsing value - invalid literal; last read: 'x'). This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.");
        // --- Safetensors: the header's promises
        row("safetensors unknown dtype", info("st-dtype"), 1,
            "@TMP/st-dtype/model.safetensors: tensor \"transformer.wte.weight\" has dtype \"Q4\", which ShareLens does not support. Supported dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL. Convert the checkpoint to one of them (e.g. F16 or F32).");
        row("safetensors shape does not match bytes", info("st-shape"), 1,
            "@TMP/st-shape/model.safetensors: tensor \"transformer.wte.weight\" has 12288 bytes in data_offsets [0, 12288], but F16 with shape [96, 65] needs 12480 bytes.");
        row("safetensors tensors overlap", info("st-overlap"), 1,
            "@TMP/st-overlap/model.safetensors: tensors \"transformer.h.0.ln_1.bias\" [28672, 28800) and \"transformer.h.0.ln_1.weight\" [28672, 28800) overlap in the data section; the header is corrupt.");
        row("safetensors offsets past the end", info("st-outofbounds"), 1,
            "@TMP/st-outofbounds/model.safetensors: tensor \"transformer.ln_f.bias\" ends at data offset 1477376, beyond the data section (428800 bytes); the file is truncated or its header is wrong.");
        row("safetensors tensor missing", eval("st-missing"), 1,
            "@TMP/st-missing/model.safetensors: missing tensor transformer.h.3.mlp.c_proj.bias; the checkpoint does not hold it. Is the config.json's architecture the one these weights were saved from?");
        // --- Model folders
        row("folder does not exist", info("nope"), 1,
            "@TMP/nope: there is no such file or folder.");
        row("folder empty", info("empty-folder"), 1,
            "@TMP/empty-folder: there is no config.json here; a Hugging Face model folder needs config.json (the model's architecture and sizes) next to its weights, as save_pretrained() writes it.");
        row("folder is a file", info("a-file.txt"), 1,
            "@TMP/a-file.txt: this is a file, not a model folder, and the folder it is in has no config.json; open the model's folder (the one holding config.json and the weights).");
        row("folder without weights", info("no-weights"), 1,
            "@TMP/no-weights: found no weights: expected model.safetensors, model.safetensors.index.json (with its shards) or pytorch_model.bin next to config.json.");
        // --- Shared pools of agents (export --format pool)
        row("pool missing", info("pool-nopool/agent-b"), 1,
            "@TMP/pool-nopool/pool.safetensors: the shared pool that agent \"agent-b\" takes its shared tensors from is missing; keep the agent's folder beside pool.safetensors (copy the whole export folder), or export the pool again.");
        row("pool of another export", info("pool-mixed/gpt2"), 1,
            "@TMP/pool-mixed/pool.safetensors: this pool is not the one agent \"gpt2\" was exported with (pool id @OTHER, the agent expects @OK); it comes from another export. Keep the agent folders and the pool of one export together, or export the pool again.");
        row("pool folder as one model", info("pool-ok"), 1,
            "@TMP/pool-ok: this is a ShareLens shared pool of several agents, not one model; open one agent's folder inside it, or give the whole folder where agents are expected (analyze and finetune with several MODELs).");
        row("pool plan for other agents", QStringList{"export", "@TMP/gpt2", "@TMP/agent-b", "@TMP/gpt2", "--plan", "@TMP/agents-analysis-2/analysis.json", "--format", "pool", "--out", "@TMP/pool-new"}, 1,
            "@TMP/agents-analysis-2/analysis.json: the plan was made for 2 agents, but 3 MODELs were given");
        row("pool without plan", QStringList{"export", "@TMP/gpt2", "@TMP/agent-b", "--format", "pool", "--out", "@TMP/pool-new"}, 2,
            "export with several MODELs needs --plan analysis.json (an agents-mode analysis)");
        row("several models as compact", QStringList{"export", "@TMP/gpt2", "@TMP/agent-b", "--plan", "@TMP/agents-analysis-2/analysis.json", "--format", "compact", "--out", "@TMP/pool-new"}, 2,
            "several MODELs are exported as a shared pool: use --format pool");
        row("pool of one model", QStringList{"export", "@TMP/gpt2", "--plan", "@TMP/analysis/analysis.json", "--format", "pool", "--out", "@TMP/pool-new"}, 2,
            "--format pool needs several MODELs (the agents of the plan)");
        // --- config.json
        row("config not JSON", info("cfg-notjson"), 1,
            "@TMP/cfg-notjson/config.json: config.json is not valid JSON ([json.exception.parse_error.101] parse error at line 12, column 7: syntax error while parsing object key - invalid string: missing closing quote; last read: '\"voc'; expected string literal).");
        row("config a JSON array", info("cfg-array"), 1,
            "@TMP/cfg-array/config.json: config.json must hold a JSON object, but it holds array.");
        row("config unsupported model_type", info("cfg-bert"), 1,
            "@TMP/cfg-bert/config.json: model_type \"bert\" is not supported. Supported: \"gpt2\", \"llama\", \"mistral\" and \"qwen2\" (GPT-2 and Llama-shaped models).");
        row("config without n_layer", info("cfg-nolayers"), 1,
            "@TMP/cfg-nolayers/config.json: \"n_layer\" (number of layers) is missing; a GPT-2 config.json needs it. Is the file complete?");
        row("config hidden not a multiple of heads", info("cfg-heads"), 1,
            "@TMP/cfg-heads/config.json: n_head = 5 does not divide n_embd = 64; each head needs an equal share of the hidden size.");
        row("config zero layers", info("cfg-zerolayers"), 1,
            "@TMP/cfg-zerolayers/config.json: \"n_layer\" (number of layers) must be positive, but it is 0.");
        row("config negative vocabulary", info("cfg-vocab"), 1,
            "@TMP/cfg-vocab/config.json: \"vocab_size\" (vocabulary size) must be positive, but it is -96.");
        row("config hidden size differs from tensors", eval("cfg-hidden"), 1,
            "@TMP/cfg-hidden/model.safetensors: tensor transformer.wte.weight has shape [96, 64] but the config implies [96, 32]; config.json and the weights do not belong together.");
        row("config more layers than tensors", eval("cfg-layers"), 1,
            "@TMP/cfg-layers/model.safetensors: missing tensor transformer.h.4.ln_1.weight; the checkpoint does not hold it. Is the config.json's architecture the one these weights were saved from?");
        // --- model.safetensors.index.json
        row("index not JSON", info("idx-notjson"), 1,
            "@TMP/idx-notjson/model.safetensors.index.json: the shard index is not valid JSON ([json.exception.parse_error.101] parse error at line 24, column 74: syntax error while parsing value - invalid string: missing closing quote; last read: '\"model-00001-of-00002.safetens').");
        row("index without weight_map", info("idx-nomap"), 1,
            "@TMP/idx-nomap/model.safetensors.index.json: the shard index has no \"weight_map\" object mapping tensor names to shard files.");
        row("index with empty weight_map", info("idx-emptymap"), 1,
            "@TMP/idx-emptymap/model.safetensors.index.json: the shard index's \"weight_map\" is empty; it lists no tensors.");
        row("index entry not a file name", info("idx-number"), 1,
            "@TMP/idx-number/model.safetensors.index.json: \"weight_map\" entry \"model.norm.weight\" must name a shard file, but it is number.");
        row("index names a missing shard", info("idx-noshard"), 1,
            "@TMP/idx-noshard/model-00002-of-00002.safetensors: shard \"model-00002-of-00002.safetensors\" listed in model.safetensors.index.json is missing (it should hold \"lm_head.weight\" and 19 more tensors); download the complete checkpoint.");
        row("index maps a tensor to the wrong shard", info("idx-wrongshard"), 1,
            "@TMP/idx-wrongshard/model-00001-of-00002.safetensors: tensor \"model.norm.weight\" is mapped to this shard by model.safetensors.index.json, but the shard does not hold it; the shard or the index is wrong. Download the checkpoint again.");
        row("index shard outside the folder", info("idx-escape"), 1,
            "@TMP/idx-escape/model.safetensors.index.json: \"weight_map\" entry \"model.norm.weight\" names \"../model-00002-of-00002.safetensors\", which is not a file name in this folder.");
        // --- tokenizer.json
        row("tokenizer of another kind", QStringList{"eval", "@TMP/tok-wordpiece", "--text", "@TMP/long.txt"}, 1,
            "@TMP/tok-wordpiece/tokenizer.json: tokenizer.json uses a WordPiece model; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2). Use the model's tokenizer.model if it has one, or supply pre-tokenized ids");
        row("tokenizer not JSON", QStringList{"eval", "@TMP/tok-notjson", "--text", "@TMP/long.txt"}, 1,
            "@TMP/tok-notjson/tokenizer.json: tokenizer.json is not valid JSON ([json.exception.parse_error.101] parse error at line 1, column 11: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal); the file is damaged or truncated. Download the model's tokenizer.json again");
        // --- PyTorch .bin
        row("bin saved as OrderedDict", eval("bin-ordereddict"), 1,
            "@TMP/bin-ordereddict/pytorch_model.bin: this file holds an OrderedDict (what torch.save(model.state_dict()) writes), which LibTorch 1.13 cannot read. Re-save it as a plain dict of tensors with: python3 -c \"import torch; sd = torch.load('@TMP/bin-ordereddict/pytorch_model.bin', map_location='cpu'); torch.save({k: v.detach().clone() for k, v in sd.items()}, '@TMP/bin-ordereddict/pytorch_model.bin')\" — or convert it to model.safetensors (safetensors.torch.save_file(sd, 'model.safetensors')), which ShareLens reads without copying.");
        row("bin not a PyTorch file", eval("bin-garbage"), 1,
            "@TMP/bin-garbage/pytorch_model.bin: LibTorch cannot read this file (PytorchStreamReader failed reading zip archive: failed finding central directory). Re-save it as a plain dict of tensors with: python3 -c \"import torch; sd = torch.load('@TMP/bin-garbage/pytorch_model.bin', map_location='cpu'); torch.save({k: v.detach().clone() for k, v in sd.items()}, '@TMP/bin-garbage/pytorch_model.bin')\" — or convert it to model.safetensors (safetensors.torch.save_file(sd, 'model.safetensors')), which ShareLens reads without copying.");
        // --- Token id lists
        row("ids file missing", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/nope.json"}, 1,
            "@TMP/nope.json: the file does not exist.");
        row("ids not JSON", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-notjson.json"}, 1,
            "@TMP/ids-notjson.json: not valid JSON ([json.exception.parse_error.101] parse error at line 1, column 10: syntax error while parsing array - unexpected end of input; expected ']'). A token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].");
        row("ids not a list", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-object.json"}, 1,
            "@TMP/ids-object.json: the top level is object, not an array. A token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].");
        row("ids empty list", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-empty.json"}, 1,
            "@TMP/ids-empty.json: the id list holds no sequences; a token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].");
        row("ids with a string", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-string.json"}, 1,
            "@TMP/ids-string.json: sequence 0, position 1: \"two\" is not a token id; ids are integers from 0 to 2147483647.");
        row("ids with a fraction", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-fraction.json"}, 1,
            "@TMP/ids-fraction.json: sequence 0, position 1: 2.5 is not a token id; ids are integers from 0 to 2147483647.");
        row("ids negative", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-negative.json"}, 1,
            "@TMP/ids-negative.json: sequence 0, position 1: -2 is not a token id; ids are integers from 0 to 2147483647.");
        row("ids outside the vocabulary", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-big.json"}, 1,
            "sequence 0, position 2: token id 300 is outside the vocabulary [0, 96); were these ids made with another model's tokenizer?");
        // --- Text files
        row("text file missing", QStringList{"eval", "@TMP/bytes", "--text", "@TMP/nope.txt"}, 1,
            "@TMP/nope.txt: the file does not exist.");
        row("text is a folder", QStringList{"eval", "@TMP/bytes", "--text", "@TMP/empty-folder"}, 1,
            "@TMP/empty-folder: this is a folder; a file was expected.");
        row("text empty", QStringList{"eval", "@TMP/bytes", "--text", "@TMP/empty.txt", "--seq-len", "32"}, 1,
            "@TMP/empty.txt: the text has 0 tokens, fewer than one sequence of 32; use a longer text or a smaller --seq-len");
        row("text too short", QStringList{"eval", "@TMP/bytes", "--text", "@TMP/short.txt", "--seq-len", "32"}, 1,
            "@TMP/short.txt: the text has 9 tokens, fewer than one sequence of 32; use a longer text or a smaller --seq-len");
        // --- Plans (analysis.json)
        row("plan file missing", finetune({"--plan", "@TMP/nope.json"}), 1,
            "@TMP/nope.json: the file does not exist.");
        row("plan not JSON", finetune({"--plan", "@TMP/plan-notjson.json"}), 1,
            "@TMP/plan-notjson.json: is not valid JSON ([json.exception.parse_error.101] parse error at line 1, column 15: syntax error while parsing array - unexpected end of input; expected ']'); give the analysis.json that 'sharelens-cli analyze' writes, or a plan exported from ShareLens");
        row("plan not an object", finetune({"--plan", "@TMP/plan-array.json"}), 1,
            "@TMP/plan-array.json: sharing plan: expected an object with \"units\" and \"groups\" arrays");
        row("plan names a unit the model lacks", finetune({"--plan", "@TMP/plan-unit.json"}), 1,
            "@TMP/plan-unit.json: sharing plan: group member 9 is not a unit index; the plan lists units 0..3. Run the analysis again rather than editing the groups by hand");
        row("plan puts a unit in two groups", finetune({"--plan", "@TMP/plan-twice.json"}), 1,
            "@TMP/plan-twice.json: sharing plan: unit 1 is in two groups");
        row("plan member not an integer", finetune({"--plan", "@TMP/plan-huge.json"}), 1,
            "@TMP/plan-huge.json: sharing plan: \"members\" must be an integer from -2147483648 to 2147483647, but it is 1e+30");
        // --- Similarity JSON
        row("similarity not square", QStringList{"cluster", "@TMP/sim-ragged.json"}, 1,
            "@TMP/sim-ragged.json: the similarity matrix is not square: row 1 has 1 entries, expected 2");
        row("similarity not symmetric", QStringList{"cluster", "@TMP/sim-asym.json"}, 1,
            "@TMP/sim-asym.json: similarity matrix is not symmetric: the value at row 0, column 2 is 0.20000000000000001 but at row 2, column 0 it is 0.90000000000000002 (0-based; they may differ by at most 1e-6); recompute the similarity");
        row("similarity with NaN", QStringList{"cluster", "@TMP/sim-nan.json"}, 1,
            "@TMP/sim-nan.json: similarity matrix has a NaN at row 1, column 0 (0-based); recompute it, e.g. with more calibration tokens, or drop units whose activations are constant");
        row("similarity key missing", QStringList{"cluster", "@TMP/sim-nokey.json"}, 1,
            "@TMP/sim-nokey.json: expected an object with a \"similarity\" matrix (an array of rows)");
        row("similarity entry a string", QStringList{"cluster", "@TMP/sim-string.json"}, 1,
            "@TMP/sim-string.json: the similarity at row 0, column 1 (0-based) is not a number; every entry must be a number");
        row("similarity not JSON", QStringList{"cluster", "@TMP/short.txt"}, 1,
            "@TMP/short.txt: is not valid JSON ([json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing value - invalid literal; last read: 'to'); give an object {\"similarity\": [[...], ...]} such as the analysis.json that 'sharelens-cli analyze' writes");
        // --- Settings
        row("seq-len longer than the context", analyze({"--seq-len", "4096"}), 1,
            "--seq-len 4096 is longer than the model's context of 128 tokens");
        row("seq-len 1", analyze({"--seq-len", "1"}), 1,
            "--seq-len must be between 2 and 1048576, got 1");
        row("seq-len not a number", analyze({"--seq-len", "ten"}), 1,
            "--seq-len expects an integer, got 'ten'");
        row("sequences 0", analyze({"--sequences", "0"}), 1,
            "--sequences must be between 1 and 1073741824, got 0");
        row("batch 0", analyze({"--batch", "0"}), 1,
            "--batch must be between 1 and 4096, got 0");
        row("threshold above 2", analyze({"--threshold", "3"}), 1,
            "--threshold must be between 0 and 2 (distances are 1 - similarity), got 3");
        row("threshold negative", QStringList{"cluster", "@TMP/sim-ok.json", "--threshold", "-0.1"}, 1,
            "--threshold must be between 0 and 2 (distances are 1 - similarity), got -0.1");
        row("threshold not a number", QStringList{"cluster", "@TMP/sim-ok.json", "--threshold", "high"}, 1,
            "--threshold expects a number, got 'high'");
        row("metric unknown", analyze({"--metric", "l2"}), 1,
            "--metric must be pearson, cosine or cka, got 'l2'");
        row("units unknown", analyze({"--units", "heads"}), 1,
            "--units must be blocks or sublayers, got 'heads'");
        row("linkage unknown", QStringList{"cluster", "@TMP/sim-ok.json", "--linkage", "centroid"}, 1,
            "--linkage must be single, complete, average, weighted or ward, got 'centroid'");
        row("max-group-size negative", analyze({"--max-group-size", "-1"}), 1,
            "--max-group-size must be between 0 and 1048576, got -1");
        row("output folder is a file", analyze({"--out", "@TMP/a-file.txt"}), 1,
            "@TMP/a-file.txt: cannot create the output folder: Not a directory; choose another --out folder");
        row("steps 0", finetune({"--steps", "0"}), 1,
            "--steps must be between 1 and 10000000, got 0");
        row("finetune batch 0", finetune({"--batch", "0"}), 1,
            "--batch must be between 1 and 4096, got 0");
        row("lr 0", finetune({"--lr", "0"}), 1,
            "--lr must be between 1e-08 and 10, got 0");
        row("lr not a number", finetune({"--lr", "fast"}), 1,
            "--lr expects a number, got 'fast'");
        row("delta rank negative", finetune({"--delta-rank", "-1"}), 1,
            "--delta-rank must be between 0 and 1048576, got -1");
        row("plan made for another model", QStringList{"finetune", "@TMP/binplain", "--plan", "@TMP/analysis/analysis.json", "--token-ids", "@TMP/calib.json", "--steps", "1", "--seq-len", "8", "--out", "@TMP/ft"}, 1,
            "the plan has 4 units but the model has 2 blocks: it was made for another model; analyze this model to make its plan");
        row("plan of sublayers", finetune({"--plan", "@TMP/analysis-sub/analysis.json"}), 1,
            "the plan shares attn sub-blocks; shared models support whole-block units only for now (analyze with --units blocks)");
        row("init unknown", finetune({"--init", "random"}), 1,
            "--init must be mean, medoid or first, got 'random'");
        row("val-fraction above 0.5", finetune({"--val-fraction", "0.9"}), 1,
            "--val-fraction must be between 0.001 and 0.5, got 0.9");
        row("finetune seq-len longer than the context", finetune({"--seq-len", "4096"}), 1,
            "--seq-len 4096 is longer than the model's context of 128 tokens");
        row("finetune text shorter than a batch", QStringList{"finetune", "@TMP/bytes", "--plan", "@TMP/analysis/analysis.json", "--text", "@TMP/short.txt", "--steps", "1", "--out", "@TMP/ft"}, 1,
            "the training text has 9 tokens, fewer than one sequence of 65; use a longer text or a shorter sequence length");
        // --- Resource guards (SHARELENS_MEMORY_LIMIT stands in for a small machine)
        row("memory: opening the model", QStringList{"SHARELENS_MEMORY_LIMIT=1M"} + eval("gpt2"), 1,
            "opening this model needs about 1.2 MiB of memory (weights as float32 837.5 KiB, the stored F16/BF16 weights read while converting 418.8 KiB), but only 1.0 MiB is available (SHARELENS_MEMORY_LIMIT); close other programs or use a machine with more memory (F16 and BF16 weights are converted to float32, twice their size on disk)");
        row("memory: capture", QStringList{"SHARELENS_MEMORY_LIMIT=3M", "analyze", "@TMP/gpt2", "--token-ids", "@TMP/calib.json", "--metric", "cka", "--units", "sublayers", "--out", "@TMP/out"}, 1,
            "capturing activations needs about 6.6 MiB of memory (activations of one batch 2.8 MiB, the forward pass 1.8 MiB, CKA accumulators ((units x hidden)^2 doubles) 2.0 MiB), but only 3.0 MiB is available (SHARELENS_MEMORY_LIMIT); use a smaller batch or sequence length, blocks instead of sublayers, or the pearson or cosine metric (CKA's state grows with (units x hidden)^2)");
        row("memory: training", QStringList{"SHARELENS_MEMORY_LIMIT=3M"} + finetune({"--threads", "1"}), 1,
            "training needs about 4.8 MiB of memory (gradients and Adam moments (3 x 4 bytes per parameter) 3.2 MiB, activations kept for the backward pass 1.6 MiB), but only 3.0 MiB is available (SHARELENS_MEMORY_LIMIT); use a smaller batch or sequence length");
        row("memory: training on 2 step workers", QStringList{"SHARELENS_MEMORY_LIMIT=3M"} + finetune({"--threads", "2"}), 1,
            "training needs about 5.7 MiB of memory (gradients and Adam moments (3 x 4 bytes per parameter) 3.2 MiB, activations kept for the backward pass 1.6 MiB, gradients of the other 1 step worker before they are summed 837.5 KiB), but only 3.0 MiB is available (SHARELENS_MEMORY_LIMIT); use a smaller batch or sequence length, or fewer step workers (--threads 1 on the command line)");
        row("memory: limit not a size", QStringList{"SHARELENS_MEMORY_LIMIT=lots"} + eval("gpt2"), 1,
            "SHARELENS_MEMORY_LIMIT must be a number of bytes, optionally with a K, M, G or T suffix (e.g. 512M), got 'lots'");
        // --- Usage (exit 2)
        row("unknown command", QStringList{"frobnicate"}, 2,
            "unknown command 'frobnicate'");
        row("unknown option", QStringList{"info", "@TMP/gpt2", "--bogus"}, 2,
            "unknown option --bogus");
        row("option without its value", analyze({"--metric"}), 2,
            "option --metric needs a value");
        row("eval without data", QStringList{"eval", "@TMP/gpt2"}, 2,
            "give exactly one of --text FILE or --token-ids IDS.json");
        row("finetune without plan", QStringList{"finetune", "@TMP/gpt2", "--token-ids", "@TMP/ok.json"}, 2,
            "finetune needs --plan analysis.json");
        return out;
    }();
    return cases;
}

const Case* findCase(const char* name) {
    for (const Case& c : catalogue())
        if (qstrcmp(c.name, name) == 0) return &c;
    return nullptr;
}

} // namespace

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
    QTest::addColumn<QString>("kind");  // "open": MainWindow::openModel; "analyze": AnalysisView
    QTest::addColumn<QString>("target"); // the folder to open, or the calibration text
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("memoryLimit"); // SHARELENS_MEMORY_LIMIT while the row runs, or empty
    // Opening a model: the dialog shows the same message as the command line.
    const std::pair<const char*, const char*> open[] = {
        {"st-truncated", "safetensors truncated"},
        {"st-hugeheader", "safetensors header length past the end"},
        {"st-dtype", "safetensors unknown dtype"},
        {"st-missing", "safetensors tensor missing"},
        {"no-weights", "folder without weights"},
        {"a-file.txt", "folder is a file"},
        {"cfg-bert", "config unsupported model_type"},
        {"cfg-hidden", "config hidden size differs from tensors"},
        {"idx-noshard", "index names a missing shard"},
        {"bin-ordereddict", "bin saved as OrderedDict"},
    };
    for (const auto& [dir, name] : open) {
        const Case* c = findCase(name);
        QVERIFY2(c, name);
        QTest::newRow(qPrintable(QStringLiteral("open: ") + QLatin1String(name)))
            << "open" << QStringLiteral("@TMP/") + QLatin1String(dir) << c->message << QString();
    }
    // Analysis settings: calibration text and sequence length (32 tokens, 4 sequences).
    QTest::newRow("analyze: text file missing") << "analyze" << "@TMP/nope.txt" << findCase("text file missing")->message << QString();
    QTest::newRow("analyze: text is a folder") << "analyze" << "@TMP/empty-folder" << findCase("text is a folder")->message << QString();
    QTest::newRow("analyze: text too short")
        << "analyze" << "@TMP/short.txt"
        << "@TMP/short.txt: the text has 9 tokens, fewer than one sequence of 32; choose a longer text or a shorter "
           "sequence length"
        << QString();
    // Resource guards.
    QTest::newRow("open: memory") << "open" << "@TMP/gpt2" << findCase("memory: opening the model")->message << "1M";
    QTest::newRow("analyze: memory") << "analyze" << "@TMP/long.txt"
        << "capturing activations needs about 896.2 KiB of memory (activations of one batch 256.0 KiB, the forward pass "
           "640.0 KiB, accumulators 160 B), but only 1.0 KiB is available (SHARELENS_MEMORY_LIMIT); use a smaller batch "
           "or sequence length"
        << "1K";
}

// Runs `trigger`, then reads and closes the modal message box it leads to.
QString TestCatalogue::modalText(const std::function<void()>& trigger, const std::function<bool()>& done) {
    QString text;
    QTimer closer;
    connect(&closer, &QTimer::timeout, this, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            text = box->informativeText();
            box->accept();
        }
    });
    closer.start(20);
    trigger();
    if (!QTest::qWaitFor([&] { return done() && !text.isEmpty(); }, 60000)) return QStringLiteral("<no dialog>");
    return text;
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
        const QString text = modalText([&] { w.openModel(expand(target)); }, [&] { return failed.count() > 0; });
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
        const QString text = modalText([&] { view.analyze(); }, [&] { return failed.count() > 0; });
        QCOMPARE(text, expand(message));
        QCOMPARE(failed.first().at(1).toBool(), false);
    }
}

QTEST_MAIN(TestCatalogue)
#include "tst_catalogue.moc"
