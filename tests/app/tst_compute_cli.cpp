// sharelens-cli --compute f32|bf16: eval's --json, analysis.json and
// summary.json record the choice; bf16 results lie near f32's and differ from
// them (the setting reaches the engine); a bad value is refused with the
// flag, the accepted values and what was given.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "testutil.h"

using testutil::runCli;

namespace {

QString demo() { return testpaths::source("/resources/demo"); }
QString text() { return testpaths::source("/resources/text/calibration.txt"); }

QJsonObject jsonOf(const QByteArray& bytes) { return QJsonDocument::fromJson(bytes).object(); }

} // namespace

class TestComputeCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void evalRecordsCompute() {
        const QStringList base{"eval", demo(), "--text", text(), "--seq-len", "64", "--sequences", "6", "--json"};
        const auto f32 = runCli(base);
        QVERIFY2(f32.exitCode == 0, f32.err.constData());
        const auto bf16 = runCli(base + QStringList{"--compute", "bf16"});
        QVERIFY2(bf16.exitCode == 0, bf16.err.constData());
        const auto a = jsonOf(f32.out), b = jsonOf(bf16.out);
        QCOMPARE(a.value("compute").toString(), QStringLiteral("f32"));
        QCOMPARE(b.value("compute").toString(), QStringLiteral("bf16"));
        const double la = a.value("loss").toDouble(), lb = b.value("loss").toDouble();
        QVERIFY(la > 0);
        QVERIFY(la != lb);
        QVERIFY2(std::abs(la - lb) < 1e-2, qPrintable(QString("f32 %1 bf16 %2").arg(la).arg(lb)));
    }

    void badValue_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("value");
        QTest::newRow("eval fp16") << "eval"
                                   << "fp16";
        QTest::newRow("analyze empty") << "analyze"
                                       << "";
        QTest::newRow("compare BF16") << "compare"
                                      << "BF16";
    }
    void badValue() {
        QFETCH(QString, command);
        QFETCH(QString, value);
        QStringList args{command, demo(), "--text", text(), "--compute", value};
        if (command == QLatin1String("compare")) args << "--plan" << m_tmp.path() + "/no-plan.json";
        const auto r = runCli(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--compute must be f32 or bf16, got '%1'").arg(value).toUtf8()),
                 r.err.constData());
    }

    // analysis.json records the compute dtype; a bf16 analysis feeds a bf16
    // fine-tune whose summary.json records it too.
    void analyzeAndFinetuneRecordCompute() {
        const QString out = m_tmp.path() + "/analysis";
        const auto a = runCli({"analyze", demo(), "--text", text(), "--seq-len", "64", "--sequences", "8",
                               "--threshold", "0.5", "--compute", "bf16", "--out", out});
        QVERIFY2(a.exitCode == 0, a.err.constData());
        QCOMPARE(testutil::readJson(out + "/analysis.json").value("compute").toString(), QStringLiteral("bf16"));
        const QString ft = m_tmp.path() + "/finetune";
        const auto f =
            runCli({"finetune", demo(), "--plan", out + "/analysis.json", "--text", text(), "--steps", "2", "--batch",
                    "2", "--seq-len", "32", "--eval-every", "0", "--compute", "bf16", "--out", ft});
        QVERIFY2(f.exitCode == 0, f.err.constData());
        const auto summary = testutil::readJson(ft + "/summary.json");
        QCOMPARE(summary.value("options").toObject().value("compute").toString(), QStringLiteral("bf16"));
        const auto plain = runCli({"analyze", demo(), "--text", text(), "--seq-len", "64", "--sequences", "8",
                                   "--threshold", "0.5", "--out", out + "-f32"});
        QVERIFY2(plain.exitCode == 0, plain.err.constData());
        QCOMPARE(testutil::readJson(out + "-f32/analysis.json").value("compute").toString(), QStringLiteral("f32"));
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestComputeCli)
#include "tst_compute_cli.moc"
