// Checkpoints that used to be accepted silently, each made from a valid
// fixture (tests/reference/make_checkpoint.py) by one change, run through
// sharelens-cli with the exact message the user reads:
//  - a config.json that disagrees with the weights (block count, a missing
//    tensor, tensors the architecture does not use), also in `info`, which
//    reads only the headers; known buffers and --allow-unused are accepted;
//  - a shard that is a FIFO, a folder or a link leading nowhere;
//  - a plan naming a tensor the model does not have;
//  - NaN weights: the loss is not finite, and where it first goes wrong.
//
// "@TMP" in arguments and messages stands for the suite's temporary folder.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <deque>
#include <functional>
#include <limits>

#include "sharelens/safetensors.h"
#include "testutil.h"

class TestHostileCkpt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cli_data();
    void cli();

private:
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    QString copyModel(const QString& from, const QString& name) {
        return testutil::copyFolder(tmp(from), tmp(name)) ? tmp(name) : QString();
    }
    bool makeConfigs();
    bool makeTensorSets();
    bool makeShards();
    bool makeNaNs();
    QTemporaryDir m_tmp;
};

namespace {

using testutil::readAll;
using testutil::replaceIn;



// Rewrites a safetensors file through the project's reader and writer:
// `edit` may change the tensor list, keeping new bytes alive in `store`.
using TensorEdit = std::function<void(std::vector<sharelens::RawTensor>&, std::deque<std::vector<float>>& store)>;
bool rewriteTensors(const QString& path, const TensorEdit& edit) {
    const std::string p = path.toStdString();
    std::deque<std::vector<float>> store;
    {
        auto f = sharelens::MappedSafetensors::open(p);
        std::vector<sharelens::RawTensor> raw;
        for (const auto& t : f->header().tensors) raw.push_back({t.name, t.dtype, t.shape, f->data(t)});
        edit(raw, store);
        sharelens::writeSafetensors(p + ".new", raw, f->header().metadata);
    }
    return QFile::remove(path) && QFile::rename(path + ".new", path);
}

// Adds F32 tensors of shape [4] under the given names.
bool addTensors(const QString& path, const QStringList& names) {
    return rewriteTensors(path, [&](auto& raw, auto& store) {
        for (const QString& n : names) {
            store.emplace_back(4, 0.5f);
            raw.push_back({n.toStdString(), sharelens::DType::F32, {4}, store.back().data()});
        }
    });
}

// Every value of one F32 tensor becomes NaN.
bool fillNaN(const QString& path, const QString& name) {
    bool found = false;
    const bool ok = rewriteTensors(path, [&](auto& raw, auto& store) {
        for (auto& t : raw) {
            if (t.name != name.toStdString()) continue;
            int64_t n = 1;
            for (int64_t d : t.shape) n *= d;
            store.emplace_back(static_cast<size_t>(n), std::numeric_limits<float>::quiet_NaN());
            t.data = store.back().data();
            found = true;
        }
    });
    return ok && found;
}

const char* const kShard2 = "model-00002-of-00002.safetensors";

} // namespace

bool TestHostileCkpt::makeConfigs() {
    const QByteArray cfg = "/config.json";
    return replaceIn(copyModel("gpt2", "cfg-fewer") + cfg, "\"n_layer\": 4", "\"n_layer\": 2") &&
           replaceIn(copyModel("gpt2", "cfg-huge") + cfg, "\"n_layer\": 4", "\"n_layer\": 10000000") &&
           replaceIn(copyModel("llama", "llama-fewer") + cfg, "\"num_hidden_layers\": 4", "\"num_hidden_layers\": 3") &&
           testutil::runPython("drop_tensor.py",
                               {copyModel("gpt2", "missing") + "/model.safetensors", "transformer.h.3.mlp.c_proj.bias"});
}

bool TestHostileCkpt::makeTensorSets() {
    const QString st = "/model.safetensors";
    return addTensors(copyModel("gpt2", "extra") + st,
                      {"transformer.h.0.attn.extra.weight", "transformer.h.1.mlp.gate.weight", "transformer.scale",
                       "transformer.h.2.ln_3.weight"}) &&
           addTensors(copyModel("gpt2", "buffers") + st,
                      {"transformer.h.0.attn.bias", "transformer.h.0.attn.masked_bias", "lm_head.weight"}) &&
           addTensors(copyModel("llama", "llama-rotary") + st, {"model.layers.0.self_attn.rotary_emb.inv_freq"});
}

bool TestHostileCkpt::makeShards() {
    bool ok = true;
    const auto shard = [&](const char* name) { return (copyModel("sharded", name) + "/" + kShard2).toLocal8Bit(); };
    const QByteArray fifo = shard("sh-fifo"), folder = shard("sh-folder"), loop = shard("sh-loop"),
                     dangling = shard("sh-dangling");
    for (const QByteArray& p : {fifo, folder, loop, dangling}) ok = ok && ::unlink(p.constData()) == 0;
    ok = ok && ::mkfifo(fifo.constData(), 0644) == 0 && ::mkdir(folder.constData(), 0755) == 0;
    ok = ok && ::symlink(kShard2, loop.constData()) == 0; // a link to itself
    return ok && ::symlink("gone.safetensors", dangling.constData()) == 0;
}

bool TestHostileCkpt::makeNaNs() {
    const QString st = "/model.safetensors";
    return fillNaN(copyModel("gpt2", "nan-wte") + st, "transformer.wte.weight") &&
           fillNaN(copyModel("gpt2", "nan-attn") + st, "transformer.h.2.attn.c_attn.weight") &&
           fillNaN(copyModel("gpt2", "nan-mlp") + st, "transformer.h.1.mlp.c_fc.weight") &&
           fillNaN(copyModel("gpt2", "nan-lnf") + st, "transformer.ln_f.weight");
}

void TestHostileCkpt::initTestCase() {
    QVERIFY(m_tmp.isValid());
    QVERIFY(testutil::makeCheckpoint(tmp("gpt2"), {"--family", "gpt2"}));
    QVERIFY(testutil::makeCheckpoint(tmp("llama"), {"--family", "llama"}));
    QVERIFY(testutil::makeCheckpoint(tmp("sharded"), {"--family", "llama", "--format", "sharded"}));
    QVERIFY(testutil::writeFile(tmp("ids.json"), "[[1, 5, 9, 13, 17, 21, 25, 29], [2, 4, 6, 8, 10, 12, 14, 16]]"));
    QVERIFY(makeConfigs());
    QVERIFY(makeTensorSets());
    QVERIFY(makeShards());
    QVERIFY(makeNaNs());
    // A plan for the fixture whose block 1 names a norm the model lacks.
    const auto r = testutil::runCli(
        {"analyze", tmp("gpt2"), "--token-ids", tmp("ids.json"), "--threshold", "2", "--out", tmp("analysis")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(replaceIn(tmp("analysis/analysis.json"), "transformer.h.1.ln_2.weight", "transformer.h.1.ln_9.weight"));
}

void TestHostileCkpt::cli_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); // exit 1: the error line; exit 0: a line stdout or stderr holds
    const QString disagree = "the config does not belong to these weights. Use the checkpoint's own config.json.";
    const auto eval = [](const QString& dir) {
        return QStringList{"eval", "@TMP/" + dir, "--token-ids", "@TMP/ids.json"};
    };
    const auto info = [](const QString& dir) { return QStringList{"info", "@TMP/" + dir}; };
    // --- config.json against the weights
    QTest::newRow("fewer layers than blocks (eval)")
        << eval("cfg-fewer") << 1
        << "@TMP/cfg-fewer/config.json: config.json says n_layer is 2, but the weights hold 4 layers (blocks 0 to "
           "3); " + disagree;
    QTest::newRow("absurd layer count (info)")
        << info("cfg-huge") << 1
        << "@TMP/cfg-huge/config.json: config.json says n_layer is 10000000, but the weights hold 4 layers (blocks 0 "
           "to 3); " + disagree;
    QTest::newRow("llama fewer layers (info)")
        << info("llama-fewer") << 1
        << "@TMP/llama-fewer/config.json: config.json says num_hidden_layers is 3, but the weights hold 4 layers "
           "(blocks 0 to 3); " + disagree;
    QTest::newRow("missing tensor (info)")
        << info("missing") << 1
        << "@TMP/missing/model.safetensors: missing tensor transformer.h.3.mlp.c_proj.bias; the checkpoint does not "
           "hold it. Is the config.json's architecture the one these weights were saved from?";
    const QString unused =
        "@TMP/extra/config.json: the checkpoint holds 4 tensors that a GPT-2 model as configured does not use "
        "(transformer.h.0.attn.extra.weight, transformer.h.1.mlp.gate.weight, transformer.h.2.ln_3.weight, …); the "
        "config does not describe these weights. Use the checkpoint's own config.json, or pass --allow-unused to "
        "ignore them.";
    QTest::newRow("unused tensors (info)") << info("extra") << 1 << unused;
    QTest::newRow("unused tensors (eval)") << eval("extra") << 1 << unused;
    QTest::newRow("unused tensors allowed (info)")
        << info("extra") + QStringList{"--allow-unused"} << 0
        << "warning: ignoring 4 tensors that a GPT-2 model as configured does not use: "
           "transformer.h.0.attn.extra.weight transformer.h.1.mlp.gate.weight transformer.h.2.ln_3.weight "
           "transformer.scale";
    QTest::newRow("unused tensors allowed (eval)") << eval("extra") + QStringList{"--allow-unused"} << 0
                                                   << "tokens      14";
    QTest::newRow("known buffers are no unused tensors") << info("buffers") << 0 << "layers        4";
    QTest::newRow("rotary buffer is no unused tensor") << info("llama-rotary") << 0 << "layers        4";
    // --- shards that are no files
    const QString shardAt = QStringLiteral("/") + kShard2 + ": shard \"" + kShard2 +
                            "\" listed in model.safetensors.index.json is ";
    QTest::newRow("shard is a FIFO") << info("sh-fifo") << 1
                                     << "@TMP/sh-fifo" + shardAt +
                                            "a FIFO (named pipe), not a file; replace it with the real shard file.";
    QTest::newRow("shard is a folder") << info("sh-folder") << 1
                                       << "@TMP/sh-folder" + shardAt +
                                              "a folder, not a file; replace it with the real shard file.";
    const QString nowhere = "a symbolic link that leads nowhere (a loop or a dangling link); fix the link or replace "
                            "it with the real shard file.";
    QTest::newRow("shard is a link loop") << info("sh-loop") << 1 << "@TMP/sh-loop" + shardAt + nowhere;
    QTest::newRow("shard is a dangling link") << info("sh-dangling") << 1 << "@TMP/sh-dangling" + shardAt + nowhere;
    // --- plans
    QTest::newRow("plan names an absent tensor")
        << QStringList{"export", "@TMP/gpt2", "--plan", "@TMP/analysis/analysis.json", "--format", "compact", "--out",
                       "@TMP/out-plan"}
        << 1
        << "the plan names tensor \"transformer.h.1.ln_9.weight\", which this model does not have; the plan was made "
           "for another model.";
    // --- NaN weights
    const auto nan = [](const QString& dir, const QString& where) {
        return "@TMP/" + dir + ": the loss is not finite (nan); the first non-finite activations appear in " + where +
               ". The weights hold NaN or infinite values there.";
    };
    QTest::newRow("NaN embedding") << eval("nan-wte") << 1 << nan("nan-wte", "the embedding");
    QTest::newRow("NaN attention") << eval("nan-attn") << 1 << nan("nan-attn", "block 2 (attention)");
    QTest::newRow("NaN MLP") << eval("nan-mlp") << 1 << nan("nan-mlp", "block 1 (MLP)");
    QTest::newRow("NaN final norm") << eval("nan-lnf") << 1 << nan("nan-lnf", "the final norm");
}

void TestHostileCkpt::cli() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    for (QString& a : args) a.replace("@TMP", m_tmp.path());
    message.replace("@TMP", m_tmp.path());
    const auto r = testutil::runCli(args, 120000);
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(r.exitCode == exitCode, qPrintable(QString::number(r.exitCode) + ": " + err));
    if (exitCode == 0) {
        const QStringList lines = (QString::fromUtf8(r.out) + "\n" + err).split('\n');
        QVERIFY2(lines.contains(message), qPrintable(err + "\n" + QString::fromUtf8(r.out)));
        return;
    }
    QCOMPARE(err.split('\n').last(), "sharelens-cli: error: " + message);
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestHostileCkpt)
#include "tst_hostile_ckpt.moc"
