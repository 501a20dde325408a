// sharelens-cli on Qwen3, OLMo 2 and Phi-3 checkpoints in their real layouts
// (tests/reference/make_family_checkpoint.py): info names the family, block
// and sub-layer analyses put each tensor in its unit, a sub-layer plan
// fine-tunes with private norms and deltas, and compact and Hugging Face
// exports round-trip; the exported folder gives the independent reference
// (reference_families.py) the loss ShareLens computes on it.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "testutil.h"

namespace {

// `count` sequences of `length` ids below 96.
QByteArray tokenIds(int count, int length) {
    QByteArray out = "[";
    for (int s = 0; s < count; ++s) {
        out += s ? ",[" : "[";
        for (int t = 0; t < length; ++t)
            out += QByteArray::number((s * 37 + t * 11 + t * t) % 96) + (t + 1 < length ? "," : "");
        out += "]";
    }
    return out + "]";
}

QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool cliOk(const QStringList& args) {
    const auto r = testutil::runCli(args);
    if (r.exitCode != 0) qWarning("%s: %s", qPrintable(args.join(' ')), r.err.constData());
    return r.exitCode == 0;
}

QJsonObject cliJson(const QStringList& args) {
    const auto r = testutil::runCli(args);
    if (r.exitCode != 0) qWarning("%s: %s", qPrintable(args.join(' ')), r.err.constData());
    return r.exitCode == 0 ? QJsonDocument::fromJson(r.out).object() : QJsonObject();
}

// Which unit (attn / mlp) of block 0 holds `rel`, and whether it is private; "" when none.
QString unitOf(const QJsonObject& analysis, const QString& rel, bool* isPrivate) {
    const QString name = "model.layers.0." + rel;
    for (const auto& u : analysis.value("plan").toObject().value("units").toArray()) {
        const QJsonObject o = u.toObject();
        if (!o.value("tensors").toArray().contains(name)) continue;
        *isPrivate = o.value("private_tensors").toArray().contains(name);
        return o.value("part").toString();
    }
    return {};
}

} // namespace

class TestFamiliesCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pipeline_data();
    void pipeline();
    void refusesNotImplemented_data();
    void refusesNotImplemented();

private:
    QTemporaryDir m_tmp;
    QString m_ids;
};

void TestFamiliesCli::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_ids = m_tmp.filePath("ids.json");
    QVERIFY(testutil::writeFile(m_ids, tokenIds(24, 33)));
}

void TestFamiliesCli::pipeline_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("architecture");
    // tensor relative name -> "part" or "part private"
    QTest::addColumn<QStringList>("units");
    QTest::newRow("qwen3") << QStringList{"--family", "qwen3"} << "Qwen3"
                           << QStringList{"self_attn.q_norm.weight=attn private",
                                          "self_attn.k_norm.weight=attn private", "input_layernorm.weight=attn private",
                                          "post_attention_layernorm.weight=mlp private", "mlp.up_proj.weight=mlp"};
    QTest::newRow("olmo2") << QStringList{"--family", "olmo2", "--dtype", "bf16"} << "OLMo 2"
                           << QStringList{"self_attn.q_norm.weight=attn private",
                                          "post_attention_layernorm.weight=attn private",
                                          "post_feedforward_layernorm.weight=mlp private", "mlp.down_proj.weight=mlp"};
    QTest::newRow("phi3") << QStringList{"--family", "phi3", "--original-positions", "16"} << "Phi-3"
                          << QStringList{"self_attn.qkv_proj.weight=attn", "mlp.gate_up_proj.weight=mlp",
                                         "post_attention_layernorm.weight=mlp private"};
}

void TestFamiliesCli::pipeline() {
    QFETCH(QStringList, args);
    QFETCH(QString, architecture);
    QFETCH(QStringList, units);
    const QString dir = m_tmp.filePath(QTest::currentDataTag());
    const QString model = dir + "/model";
    QVERIFY(testutil::runPython("make_family_checkpoint.py", QStringList{"--out", model, "--positions", "64"} + args));

    const QJsonObject info = cliJson({"info", model, "--json"});
    QCOMPARE(info.value("architecture").toString(), architecture);
    QCOMPARE(info.value("layers").toInt(), 4);

    // Sub-layer units: each tensor in its sub-layer, norms private.
    QVERIFY(cliOk({"analyze", model, "--token-ids", m_ids, "--units", "sublayers", "--threshold", "2",
                   "--max-group-size", "2", "--out", dir + "/an-sub"}));
    const QJsonObject sub = testutil::readJson(dir + "/an-sub/analysis.json");
    QCOMPARE(sub.value("units").toArray().size(), 8);
    for (const QString& u : units) {
        bool isPrivate = false;
        const QString part = unitOf(sub, u.section('=', 0, 0), &isPrivate);
        QCOMPARE(part + (isPrivate ? " private" : ""), u.section('=', 1));
    }
    // A sub-layer plan fine-tunes with private norms and low-rank deltas.
    const QJsonObject ft =
        cliJson({"finetune", model, "--plan", dir + "/an-sub/analysis.json", "--token-ids", m_ids, "--steps", "2",
                 "--batch", "2", "--seq-len", "32", "--private-norms", "--delta-rank", "1", "--out", dir + "/ft"});
    QVERIFY(ft.value("shared").toObject().value("parameters").toDouble() > 0);
    const QJsonObject ftInfo = cliJson({"info", dir + "/ft/shared", "--json"});
    QCOMPARE(ftInfo.value("architecture").toString(), architecture);
    QVERIFY(cliJson({"eval", dir + "/ft/shared", "--token-ids", m_ids, "--json"}).value("loss").toDouble() > 0);

    // Block units; compact and Hugging Face exports of the plan.
    QVERIFY(cliOk(
        {"analyze", model, "--token-ids", m_ids, "--threshold", "2", "--max-group-size", "2", "--out", dir + "/an"}));
    const QString plan = dir + "/an/analysis.json";
    QCOMPARE(testutil::readJson(plan).value("units").toArray().size(), 4);
    const QString c = dir + "/c", h = dir + "/h", h2 = dir + "/h2";
    QVERIFY(!cliJson({"export", model, "--plan", plan, "--format", "compact", "--out", c, "--dtype", "f32"}).isEmpty());
    QVERIFY(!cliJson({"export", model, "--plan", plan, "--format", "hf", "--out", h, "--dtype", "f32"}).isEmpty());
    QVERIFY(!cliJson({"export", c, "--format", "hf", "--out", h2, "--dtype", "f32"}).isEmpty());
    QCOMPARE(readBytes(h2 + "/model.safetensors"), readBytes(h + "/model.safetensors"));
    QCOMPARE(readBytes(h2 + "/config.json"), readBytes(h + "/config.json"));
    QCOMPARE(cliJson({"info", h, "--json"}).value("architecture").toString(), architecture);
    const double lc = cliJson({"eval", c, "--token-ids", m_ids, "--json"}).value("loss").toDouble();
    const double lh = cliJson({"eval", h, "--token-ids", m_ids, "--json"}).value("loss").toDouble();
    QVERIFY(lc > 0);
    QCOMPARE(lc, lh);
    // The exported folder is the family's real layout: the independent reference reads it.
    QVERIFY(testutil::runPython("reference_families.py", {h, m_ids, dir + "/ref.json"}));
    const double ref = testutil::readJson(dir + "/ref.json").value("loss").toDouble();
    QVERIFY2(std::abs(lh - ref) < 1e-5 * std::max(1.0, ref), qPrintable(QString("%1 vs %2").arg(lh).arg(ref)));
    // The compact form stores each tied tensor once: smaller than the plain folder.
    QVERIFY(QFileInfo(c + "/model.safetensors").size() < QFileInfo(h + "/model.safetensors").size());
}

void TestFamiliesCli::refusesNotImplemented_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("line");
    const QString tail = " config.json is not implemented by this version of ShareLens; loading the model without it "
                         "would compute a different model. Use a checkpoint without it, or a ShareLens that implements "
                         "it.";
    QTest::newRow("qwen3 MoE") << QStringList{"--family", "qwen3", "--set", "num_experts=128"}
                               << "config.json: num_experts = 128 in this Qwen3" + tail;
    QTest::newRow("phi3 partial rotary") << QStringList{"--family", "phi3", "--set", "partial_rotary_factor=0.75"}
                                         << "config.json: partial_rotary_factor = 0.75 in this Phi-3" + tail;
}

// One line naming the field, its value and the family; no model is built.
void TestFamiliesCli::refusesNotImplemented() {
    QFETCH(QStringList, args);
    QFETCH(QString, line);
    const QString model = m_tmp.filePath(QStringLiteral("bad-") + QTest::currentDataTag()).replace(' ', '-');
    QVERIFY(testutil::runPython("make_family_checkpoint.py", QStringList{"--out", model} + args));
    for (const QStringList& command : {QStringList{"info", model}, QStringList{"eval", model, "--token-ids", m_ids}}) {
        const auto r = testutil::runCli(command);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(model + "/" + line), r.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestFamiliesCli)
#include "tst_families_cli.moc"
