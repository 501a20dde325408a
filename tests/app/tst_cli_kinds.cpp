// sharelens-cli on sub-layer units (no group mixes attention with MLP; a
// sub-layer plan fine-tunes and exports), on --seq-len equal to the model's
// context, on token-id files longer than --sequences, and its warnings about
// too little calibration and plans that share nothing. Run as a process.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "testutil.h"

namespace {

QString demo() { return testpaths::source("/resources/demo"); }
QString calibration() { return testpaths::source("/resources/text/calibration.txt"); }

// A JSON array of `count` sequences of `length` ids below 96.
QByteArray tokenIds(int count, int length) {
    QByteArray out = "[";
    for (int s = 0; s < count; ++s) {
        out += s ? ",[" : "[";
        for (int t = 0; t < length; ++t) out += QByteArray::number((s * 37 + t * 11) % 96) + (t + 1 < length ? "," : "");
        out += "]";
    }
    return out + "]";
}

} // namespace

class TestCliKinds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        // Context 32: windows of the whole context stay cheap.
        QVERIFY(testutil::makeCheckpoint(m_tmp.filePath("ctx32"), {"--family", "llama", "--layers", "3", "--hidden",
                                                                   "32", "--heads", "4", "--vocab", "256",
                                                                   "--positions", "32"}));
    }

    // The command: at threshold 0.95 the demo's sub-layers group per
    // kind, the plan's groups are of one part each, and it fine-tunes.
    void sublayerAnalysisNeverMixesKinds() {
        const QString out = m_tmp.filePath("demo-sub");
        const auto r = testutil::runCli({"analyze", demo(), "--text", calibration(), "--seq-len", "64", "--sequences",
                                         "8", "--units", "sublayers", "--threshold", "0.95", "--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject a = testutil::readJson(out + "/analysis.json");
        const QJsonArray units = a.value("units").toArray();
        QCOMPARE(units.size(), 24);
        int shared = 0;
        for (const auto& g : a.value("groups").toArray()) {
            const QJsonArray members = g.toArray();
            if (members.size() > 1) ++shared;
            const QString kind = units.at(members.at(0).toInt()).toString().section(' ', 0, 0);
            for (const auto& m : members) QCOMPARE(units.at(m.toInt()).toString().section(' ', 0, 0), kind);
        }
        QVERIFY2(shared > 0, "expected some shared group at 0.95");
        const QJsonArray planUnits = a.value("plan").toObject().value("units").toArray();
        for (const auto& g : a.value("plan").toObject().value("groups").toArray()) {
            const QJsonArray members = g.toObject().value("members").toArray();
            const QString part = planUnits.at(members.at(0).toInt()).toObject().value("part").toString();
            for (const auto& m : members) QCOMPARE(planUnits.at(m.toInt()).toObject().value("part").toString(), part);
        }
        // `cluster` on that analysis.json keeps the kinds apart too.
        const auto c = testutil::runCli({"cluster", out + "/analysis.json", "--threshold", "2"});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        const QJsonArray groups = QJsonDocument::fromJson(c.out).object().value("groups").toArray();
        QCOMPARE(groups.size(), 2);
        for (const auto& g : groups)
            for (const auto& m : g.toArray()) QCOMPARE(m.toInt() % 2, g.toArray().at(0).toInt() % 2);
        // The sub-layer plan fine-tunes (a few steps) and its shared model has
        // the plan's parameter count.
        const QString ft = m_tmp.filePath("demo-sub-ft");
        const auto f = testutil::runCli({"finetune", demo(), "--plan", out + "/analysis.json", "--text",
                                         calibration(), "--steps", "2", "--batch", "2", "--seq-len", "32", "--out", ft});
        QVERIFY2(f.exitCode == 0, f.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(f.out).object();
        const qint64 planShared =
            a.value("plan").toObject().value("parameters").toObject().value("shared").toInteger();
        QCOMPARE(summary.value("shared").toObject().value("parameters").toInteger(), planShared);
    }

    // --seq-len equal to the context: analysis, fine-tune (windows of
    // context + 1 tokens), eval and compare all accept it.
    void seqLenEqualToContext() {
        const QString model = m_tmp.filePath("ctx32");
        QVERIFY(testutil::writeFile(m_tmp.filePath("ids32.json"), tokenIds(40, 200)));
        const QString ids = m_tmp.filePath("ids32.json");
        const QString an = m_tmp.filePath("ctx-analysis");
        auto r = testutil::runCli({"analyze", model, "--text", calibration(), "--seq-len", "32", "--threshold", "0.5",
                                   "--out", an});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = testutil::runCli({"finetune", model, "--plan", an + "/analysis.json", "--text", calibration(), "--steps",
                              "2", "--batch", "2", "--seq-len", "32", "--out", m_tmp.filePath("ctx-ft")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = testutil::runCli({"eval", model, "--text", calibration(), "--seq-len", "32", "--sequences", "4", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = testutil::runCli({"compare", model, "--plan", an + "/analysis.json", "--text", calibration(), "--seq-len",
                              "32", "--sequences", "4", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // One more than the context is still refused.
        r = testutil::runCli({"finetune", model, "--plan", an + "/analysis.json", "--text", calibration(), "--steps",
                              "1", "--seq-len", "33", "--out", m_tmp.filePath("ctx-ft-33")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--seq-len 33 is longer than the model's context of 32 tokens"), r.err.constData());
    }

    // A token-id file is used whole unless --sequences says otherwise, and
    // then stderr says how many were dropped.
    void tokenIdsUsedWhole() {
        const QString ids = m_tmp.filePath("ids100.json");
        QVERIFY(testutil::writeFile(ids, tokenIds(100, 16)));
        const QString model = m_tmp.filePath("ctx32");
        const QString all = m_tmp.filePath("ids-all"), some = m_tmp.filePath("ids-some");
        auto r = testutil::runCli({"analyze", model, "--token-ids", ids, "--out", all});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(testutil::readJson(all + "/analysis.json").value("sequences").toInt(), 100);
        QVERIFY(!r.err.contains("note:"));
        r = testutil::runCli({"analyze", model, "--token-ids", ids, "--sequences", "30", "--out", some});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(testutil::readJson(some + "/analysis.json").value("sequences").toInt(), 30);
        QVERIFY2(r.err.contains("sharelens-cli: note: using the first 30 of the 100 sequences in " + ids.toUtf8() +
                                " (--sequences 30); 70 dropped"),
                 r.err.constData());
    }

    // 8 tokens for 6 units (sequence length 4): a warning states the rule;
    // a fine-tune of a plan that shares nothing warns too.
    void warnsAboutTooLittleCalibrationAndEmptyPlans() {
        const QString model = m_tmp.filePath("ctx32");
        QVERIFY(testutil::writeFile(m_tmp.filePath("ids-tiny.json"), tokenIds(2, 4)));
        const QString out = m_tmp.filePath("tiny");
        auto r = testutil::runCli({"analyze", model, "--token-ids", m_tmp.filePath("ids-tiny.json"), "--units",
                                   "sublayers", "--threshold", "0", "--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("sharelens-cli: warning: the calibration has 8 tokens for 6 units, fewer than 10 per "
                                "unit"),
                 r.err.constData());
        r = testutil::runCli({"finetune", model, "--plan", out + "/analysis.json", "--text", calibration(), "--steps",
                              "1", "--batch", "2", "--seq-len", "16", "--out", m_tmp.filePath("tiny-ft")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("sharelens-cli: warning: the plan shares nothing"), r.err.constData());
        // Enough calibration: no warning.
        r = testutil::runCli({"analyze", model, "--text", calibration(), "--seq-len", "32", "--out",
                              m_tmp.filePath("enough")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.err.contains("warning:"));
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestCliKinds)
#include "tst_cli_kinds.moc"
