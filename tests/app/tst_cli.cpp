// sharelens-cli as a user runs it: exit codes, JSON shapes, numbers checked
// against independent references, and one clear line for every bad input.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "testutil.h"

using testutil::runCli;

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void version();
    void infoJson();
    void infoText();
    void evalMatchesReference();
    void evalText();
    void analyzeWritesContract();
    void clusterMatchesAnalyze();
    void badInput_data();
    void badInput();

private:
    QString writeCalibration();
    // Copies of the GPT-2 fixture, each broken in one way.
    void makeBrokenModels() {
        if (QFileInfo::exists(m_tmp.filePath("truncated"))) return;
        auto copy = [&](const QString& name) {
            const QString d = m_tmp.filePath(name);
            QDir().mkpath(d);
            for (const QString f : {"config.json", "model.safetensors"}) QFile::copy(m_gpt2 + "/" + f, d + "/" + f);
            return d;
        };
        QFile st(m_gpt2 + "/model.safetensors");
        QVERIFY(st.open(QIODevice::ReadOnly));
        const QByteArray bytes = st.readAll();
        testutil::writeFile(copy("truncated") + "/model.safetensors", bytes.left(bytes.size() / 2));
        QByteArray huge = bytes;
        huge[5] = char(0x7f); // header length far past the end of the file
        testutil::writeFile(copy("hugeheader") + "/model.safetensors", huge);
        QFile cfg(m_gpt2 + "/config.json");
        QVERIFY(cfg.open(QIODevice::ReadOnly));
        const QByteArray config = cfg.readAll();
        testutil::writeFile(copy("bert") + "/config.json", QByteArray(config).replace("\"gpt2\"", "\"bert\""));
        testutil::writeFile(copy("badconfig") + "/config.json", config.left(config.size() / 2));
        // A checkpoint without one tensor the config implies.
        const QString missing = copy("missing");
        QVERIFY(testutil::runPython("make_checkpoint.py", {"--family", "gpt2", "--out", missing}));
        QVERIFY(
            testutil::runPython("drop_tensor.py", {missing + "/model.safetensors", "transformer.h.3.mlp.c_proj.bias"}));
        const QString wp = copy("wordpiece");
        testutil::writeFile(
            wp + "/tokenizer.json",
            R"({"version":"1.0","model":{"type":"WordPiece","vocab":{"[UNK]":0,"a":1},"unk_token":"[UNK]"}})");
        testutil::writeFile(m_tmp.filePath("long.txt"), QByteArray("some text for the tokenizer. ").repeated(50));
    }

    QTemporaryDir m_tmp;
    QString m_gpt2, m_llama;
};

void TestCli::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_gpt2 = m_tmp.filePath("gpt2");
    m_llama = m_tmp.filePath("llama");
    QVERIFY(testutil::makeCheckpoint(m_gpt2, {"--family", "gpt2", "--layers", "4", "--hidden", "64", "--vocab", "96",
                                              "--positions", "128", "--dtype", "f16"}));
    QVERIFY(testutil::makeCheckpoint(m_llama, {"--family", "llama", "--format", "sharded", "--untied"}));
}

void TestCli::version() {
    const auto r = runCli({"--version"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("sharelens-cli " SHARELENS_TEST_VERSION), r.out.constData());
}

void TestCli::infoJson() {
    const auto r = runCli({"info", m_gpt2, "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value("architecture").toString(), QString("GPT-2"));
    QCOMPARE(o.value("layers").toInt(), 4);
    QCOMPARE(o.value("hidden_size").toInt(), 64);
    QCOMPARE(o.value("dtype").toString(), QString("F16"));
    // GPT-2 parameters from the architecture: wte + wpe + L * (12 H^2 + 13 H) + 2 H (ln_f).
    const qint64 H = 64, L = 4, V = 96, P = 128;
    const qint64 expected = V * H + P * H + L * (12 * H * H + 13 * H) + 2 * H;
    QCOMPARE(static_cast<qint64>(o.value("parameters").toDouble()), expected);
    QCOMPARE(static_cast<qint64>(o.value("bytes").toDouble()), expected * 2);

    const auto l = runCli({"info", m_llama, "--json"});
    QCOMPARE(l.exitCode, 0);
    const QJsonObject lo = QJsonDocument::fromJson(l.out).object();
    QCOMPARE(lo.value("architecture").toString(), QString("Llama"));
    QCOMPARE(lo.value("format").toString(), QString("sharded safetensors"));
}

void TestCli::infoText() {
    const auto r = runCli({"info", m_gpt2});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("layers        4"));
    QVERIFY(r.out.contains("GPT-2"));
}

void TestCli::evalMatchesReference() {
    const QString ids = m_tmp.filePath("ids.json");
    QVERIFY(testutil::writeFile(ids, "[[1,2,3,4,5,6,7,8,9,10],[50,40,30,20,10,5],[7,7,7,7,7,7,7,7,7,7,7,7,7]]"));
    for (const QString& model : {m_gpt2, m_llama}) {
        const QString ref = m_tmp.filePath("ref.json");
        QVERIFY(testutil::runPython("reference_forward.py", {model, ids, ref}));
        const QJsonObject expected = testutil::readJson(ref);
        const auto r = runCli({"eval", model, "--token-ids", ids, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("tokens").toInt(), expected.value("tokens").toInt());
        QVERIFY2(std::abs(o.value("loss").toDouble() - expected.value("loss").toDouble()) < 1e-5, r.out.constData());
    }
}

void TestCli::evalText() {
    // A byte-vocabulary model reads text through its byte-level tokenizer.
    const QString dir = m_tmp.filePath("bytes");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--vocab", "256", "--positions", "64"}));
    const QString text = m_tmp.filePath("text.txt");
    QVERIFY(testutil::writeFile(text, QByteArray("In the beginning was the word. ").repeated(10)));
    const auto r = runCli({"eval", dir, "--text", text, "--seq-len", "32", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value("tokens").toInt(), (310 / 32) * 31); // 9 sequences of 32 bytes, 31 predictions each
    QVERIFY(o.value("loss").toDouble() > 0);
}

// Six sequences of 20 token ids for the GPT-2 fixture (vocabulary 96).
QString TestCli::writeCalibration() {
    const QString ids = m_tmp.filePath("calib.json");
    QByteArray text = "[";
    for (int s = 0; s < 6; ++s) {
        text += s ? ",[" : "[";
        for (int t = 0; t < 20; ++t) text += QByteArray::number((s * 37 + t * 11) % 96) + (t < 19 ? "," : "");
        text += "]";
    }
    text += "]";
    return testutil::writeFile(ids, text) ? ids : QString();
}

void TestCli::analyzeWritesContract() {
    const QString ids = writeCalibration();
    QVERIFY(!ids.isEmpty());
    const QString out = m_tmp.filePath("analysis");
    const auto r =
        runCli({"analyze", m_gpt2, "--token-ids", ids, "--threshold", "0.5", "--linkage", "average", "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = testutil::readJson(out + "/analysis.json");
    QCOMPARE(o.value("units").toArray().size(), 4);
    QCOMPARE(o.value("metric").toString(), QString("pearson"));
    QCOMPARE(o.value("tokens").toInt(), 120);
    QCOMPARE(o.value("threshold").toDouble(), 0.5);
    QCOMPARE(o.value("linkage").toArray().size(), 3);
    QCOMPARE(o.value("linkage").toArray()[0].toArray().size(), 4);
    const QJsonArray sim = o.value("similarity").toArray();
    QCOMPARE(sim.size(), 4);

    // Against numpy's corrcoef over activations of an independent forward pass.
    const QString ref = m_tmp.filePath("simref.json");
    QVERIFY(testutil::runPython("reference_similarity.py", {m_gpt2, ids, ref}));
    const QJsonArray expected = testutil::readJson(ref).value("pearson").toArray();
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
            QVERIFY(std::abs(sim[i].toArray()[j].toDouble() - expected[i].toArray()[j].toDouble()) < 1e-5);

    // Every unit in exactly one group; parameters consistent with the groups.
    QSet<int> seen;
    qint64 saved = 0;
    const qint64 H = 64, block = 12 * H * H + 13 * H;
    for (const auto& g : o.value("groups").toArray()) {
        for (const auto& u : g.toArray()) {
            QVERIFY(!seen.contains(u.toInt()));
            seen.insert(u.toInt());
        }
        saved += (g.toArray().size() - 1) * block;
    }
    QCOMPARE(seen.size(), 4);
    const QJsonObject params = o.value("parameters").toObject();
    QCOMPARE(static_cast<qint64>(params.value("baseline").toDouble() - params.value("shared").toDouble()), saved);

    for (const char* name : {"heatmap", "dendrogram"}) {
        QFile png(out + "/" + name + ".png"), svg(out + "/" + name + ".svg"), pdf(out + "/" + name + ".pdf");
        QVERIFY(png.open(QIODevice::ReadOnly) && png.read(8) == QByteArray("\x89PNG\r\n\x1a\n"));
        QVERIFY(svg.open(QIODevice::ReadOnly) && svg.readAll().contains("<svg"));
        QVERIFY(pdf.open(QIODevice::ReadOnly) && pdf.read(5) == QByteArray("%PDF-"));
    }
}

void TestCli::clusterMatchesAnalyze() {
    // Its own analysis, so the test checks the same when run alone.
    const QString ids = writeCalibration();
    QVERIFY(!ids.isEmpty());
    const QString out = m_tmp.filePath("analysis-for-cluster");
    const auto a =
        runCli({"analyze", m_gpt2, "--token-ids", ids, "--threshold", "0.5", "--linkage", "average", "--out", out});
    QVERIFY2(a.exitCode == 0, a.err.constData());
    const QJsonObject o = testutil::readJson(out + "/analysis.json");
    QCOMPARE(o.value("linkage").toArray().size(), 3);
    const auto r = runCli({"cluster", out + "/analysis.json", "--linkage", "average", "--threshold", "0.5"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject c = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(c.value("linkage").toArray(), o.value("linkage").toArray());
    QCOMPARE(c.value("groups").toArray(), o.value("groups").toArray());
}

void TestCli::badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command 'frobnicate'";
    QTest::newRow("unknown option") << QStringList{"info", "@GPT2", "--bogus"} << 2 << "unknown option --bogus";
    QTest::newRow("eval without data") << QStringList{"eval", "@GPT2"} << 2
                                       << "give exactly one of --text FILE or --token-ids";
    QTest::newRow("missing folder") << QStringList{"info", "@TMP/nope"} << 1 << "nope";
    QTest::newRow("seq-len too long") << QStringList{"eval",         "@GPT2",     "--token-ids",
                                                     "@TMP/ok.json", "--seq-len", "4096"}
                                      << 1 << "longer than the model's context of 128";
    QTest::newRow("seq-len not a number")
        << QStringList{"eval", "@GPT2", "--token-ids", "@TMP/ok.json", "--seq-len", "ten"} << 1
        << "--seq-len expects an integer, got 'ten'";
    QTest::newRow("id outside vocabulary") << QStringList{"eval", "@GPT2", "--token-ids", "@TMP/big.json"} << 1 << "96";
    QTest::newRow("ids not a list") << QStringList{"eval", "@GPT2", "--token-ids", "@TMP/bad.json"} << 1 << "bad.json";
    QTest::newRow("threshold above 2") << QStringList{"analyze",      "@GPT2",       "--token-ids",
                                                      "@TMP/ok.json", "--threshold", "3"}
                                       << 1 << "--threshold must be between 0 and 2";
    QTest::newRow("unknown metric") << QStringList{"analyze", "@GPT2", "--token-ids", "@TMP/ok.json", "--metric", "l2"}
                                    << 1 << "--metric must be pearson, cosine or cka";
    QTest::newRow("unknown linkage") << QStringList{"cluster", "@TMP/sym.json", "--linkage", "centroid"} << 1
                                     << "--linkage must be single, complete, average, weighted or ward";
    QTest::newRow("similarity not square") << QStringList{"cluster", "@TMP/ragged.json"} << 1 << "not square";
    QTest::newRow("similarity not symmetric") << QStringList{"cluster", "@TMP/asym.json"} << 1 << "symmetric";
    QTest::newRow("similarity with NaN") << QStringList{"cluster", "@TMP/nan.json"} << 1 << "nan.json";
    QTest::newRow("similarity not JSON") << QStringList{"cluster", "@TMP/short.txt"} << 1 << "not valid JSON";
    // Broken model folders: one clear line naming the file, never an abort.
    QTest::newRow("truncated safetensors") << QStringList{"info", "@TMP/truncated"} << 1 << "model.safetensors";
    QTest::newRow("header past end of file") << QStringList{"info", "@TMP/hugeheader"} << 1 << "model.safetensors";
    QTest::newRow("unsupported model_type")
        << QStringList{"info", "@TMP/bert"} << 1 << "model_type \"bert\" is not supported";
    QTest::newRow("config not JSON") << QStringList{"info", "@TMP/badconfig"} << 1 << "config.json";
    QTest::newRow("missing tensor") << QStringList{"eval", "@TMP/missing", "--token-ids", "@TMP/ok.json"} << 1
                                    << "missing tensor transformer.h.3.mlp.c_proj.bias";
    QTest::newRow("tokenizer of another kind")
        << QStringList{"eval", "@TMP/wordpiece", "--text", "@TMP/long.txt"} << 1 << "WordPiece";
    QTest::newRow("text too short") << QStringList{"eval", "@BYTES", "--text", "@TMP/short.txt", "--seq-len", "32"} << 1
                                    << "fewer than one sequence of 32";
}

void TestCli::badInput() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    testutil::writeFile(m_tmp.filePath("ok.json"), "[[1,2,3]]");
    testutil::writeFile(m_tmp.filePath("big.json"), "[[1,2,300]]");
    testutil::writeFile(m_tmp.filePath("bad.json"), "{\"ids\": 3}");
    testutil::writeFile(m_tmp.filePath("short.txt"), "too short");
    testutil::writeFile(m_tmp.filePath("sym.json"), "{\"similarity\": [[1, 0.5], [0.5, 1]]}");
    testutil::writeFile(m_tmp.filePath("ragged.json"), "{\"similarity\": [[1, 0.5], [0.5]]}");
    testutil::writeFile(m_tmp.filePath("asym.json"), "{\"similarity\": [[1, 0.5, 0.2], [0.5, 1, 0.3], [0.9, 0.3, 1]]}");
    testutil::writeFile(m_tmp.filePath("nan.json"), "{\"similarity\": [[1, null], [null, 1]]}");
    if (!QFileInfo::exists(m_tmp.filePath("bytes")))
        QVERIFY(testutil::makeCheckpoint(m_tmp.filePath("bytes"),
                                         {"--family", "gpt2", "--vocab", "256", "--positions", "64"}));
    makeBrokenModels();
    for (QString& a : args) {
        a.replace("@GPT2", m_gpt2);
        a.replace("@BYTES", m_tmp.filePath("bytes"));
        a.replace("@TMP", m_tmp.path());
    }
    const auto r = runCli(args);
    QCOMPARE(r.exitCode, exitCode);
    // Progress lines may come first; the reason is the last line, whole.
    const QStringList lines = QString::fromUtf8(r.err).trimmed().split('\n');
    const QString last = exitCode == 2 ? lines.value(lines.size() - 2) : lines.last();
    QVERIFY2(last.contains(message), qPrintable(last));
    QVERIFY2(last.startsWith("sharelens-cli: "), qPrintable(last));
    QVERIFY(r.out.isEmpty() || exitCode == 2);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
