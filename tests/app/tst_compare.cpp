// sharelens-cli compare: baseline, shared, layer removal, drop-last-k and int8
// on the same validation sequences.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "clifixture.h"
#include "testutil.h"

namespace {

QString demo() { return testpaths::source("/resources/demo"); }
QString text() { return testpaths::source("/resources/text/kjv-genesis-kings.txt"); }

} // namespace

class TestCompare : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_analysis;
    int m_removed = 0;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const auto r = clifixture::analyseDemo(text(), m_dir.path() + "/an");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_analysis = m_dir.path() + "/an/analysis.json";
        const auto groups = testutil::readJson(m_analysis).value("groups").toArray();
        QVERIFY(groups.size() < 12); // something is shared
        m_removed = 12 - static_cast<int>(groups.size());
    }

    void json() {
        const auto r = testutil::runCli({"compare", demo(), "--plan", m_analysis, "--text", text(), "--seq-len", "64",
                                         "--sequences", "6", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto doc = QJsonDocument::fromJson(r.out).object();
        const auto methods = doc.value("methods").toArray();
        QCOMPARE(methods.size(), 5);
        QStringList names;
        QMap<QString, QJsonObject> by;
        for (const auto& m : methods) {
            const auto o = m.toObject();
            QVERIFY(o.value("parameters").isDouble());
            QVERIFY(o.value("bytes").isDouble());
            QVERIFY(o.value("loss").isDouble());
            QVERIFY(std::isfinite(o.value("loss").toDouble()) && o.value("loss").toDouble() > 0);
            names << o.value("method").toString();
            by[names.back()] = o;
        }
        const QString drop = QString("drop-last-%1").arg(m_removed);
        QCOMPARE(names, (QStringList{"baseline", "shared", "remove-shared-layers", drop, "int8"}));
        QCOMPARE(doc.value("removed_layers").toArray().size(), m_removed);
        const auto p = [&](const QString& m) { return by[m].value("parameters").toDouble(); };
        const auto b = [&](const QString& m) { return by[m].value("bytes").toDouble(); };
        // A similar parameter budget: removal and drop-last-k keep as many
        // blocks as sharing stores; the planned shared count matches.
        QCOMPARE(p("remove-shared-layers"), p(drop));
        QCOMPARE(p("shared"), p("remove-shared-layers"));
        QCOMPARE(p("shared"), testutil::readJson(m_analysis)
                                  .value("plan")
                                  .toObject()
                                  .value("parameters")
                                  .toObject()
                                  .value("shared")
                                  .toDouble());
        QVERIFY(p("shared") < p("baseline"));
        QCOMPARE(p("int8"), p("baseline"));
        QCOMPARE(b("baseline"), 4 * p("baseline"));
        QVERIFY(b("int8") < b("baseline") / 2);
        // int8 barely moves a trained model's loss; removing layers does.
        const auto l = [&](const QString& m) { return by[m].value("loss").toDouble(); };
        QVERIFY(std::abs(l("int8") - l("baseline")) < 0.02 * l("baseline"));
        QVERIFY(l(drop) > l("baseline"));
    }

    void table() {
        const auto r = testutil::runCli(
            {"compare", demo(), "--plan", m_analysis, "--text", text(), "--seq-len", "32", "--sequences", "2"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        for (const char* m :
             {"method", "baseline", "shared", "remove-shared-layers", "drop-last-", "int8", "removed layers:"})
            QVERIFY2(out.contains(m), qPrintable(out));
    }

    // --baselines picks the rows; linear-map replaces the best span of as
    // many blocks as the plan removes by a fitted H x H map, fitted on the
    // windows after the evaluated ones.
    void linearMap() {
        const auto r = testutil::runCli({"compare", demo(), "--plan", m_analysis, "--text", text(), "--seq-len", "64",
                                         "--sequences", "6", "--baselines", "removal,linear-map", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto doc = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(doc.value("sequences").toInt(), 6);
        const auto methods = doc.value("methods").toArray();
        QCOMPARE(methods.size(), 4);
        const auto removal = methods[2].toObject(), lm = methods[3].toObject();
        QCOMPARE(removal.value("method").toString(), QStringLiteral("remove-shared-layers"));
        QCOMPARE(lm.value("method").toString(), QString("linear-map-%1").arg(m_removed));
        // Parameters: the base minus the removed blocks plus H^2 (the demo's H is 128).
        QCOMPARE(lm.value("parameters").toDouble(), removal.value("parameters").toDouble() + 128 * 128);
        const auto fit = doc.value("linear_map").toObject();
        QCOMPARE(fit.value("blocks").toArray().size(), m_removed);
        QCOMPARE(fit.value("fit_sequences").toInt(), 6);
        QCOMPARE(fit.value("fit_on_evaluation").toBool(), false);
        QCOMPARE(fit.value("tokens").toInt(), 6 * 64);
        QVERIFY(fit.value("relative_residual").toDouble() > 0 && fit.value("relative_residual").toDouble() < 1);
        // The baseline row is the same with or without the extra windows loaded.
        const auto plain = testutil::runCli({"compare", demo(), "--plan", m_analysis, "--text", text(), "--seq-len",
                                             "64", "--sequences", "6", "--baselines", "int8", "--json"});
        QVERIFY2(plain.exitCode == 0, plain.err.constData());
        const auto pm = QJsonDocument::fromJson(plain.out).object().value("methods").toArray();
        QCOMPARE(pm.size(), 3);
        QCOMPARE(pm[0].toObject().value("loss").toDouble(), methods[0].toObject().value("loss").toDouble());
    }

    // --init sets the shared row's init: LaCo's merge gives another loss than the mean.
    void initLaco() {
        double loss[2];
        int i = 0;
        for (const char* init : {"mean", "laco"}) {
            const auto r =
                testutil::runCli({"compare", demo(), "--plan", m_analysis, "--text", text(), "--seq-len", "32",
                                  "--sequences", "2", "--baselines", "int8", "--init", init, "--json"});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const auto shared = QJsonDocument::fromJson(r.out).object().value("methods").toArray()[1].toObject();
            QCOMPARE(shared.value("method").toString(), QStringLiteral("shared"));
            loss[i++] = shared.value("loss").toDouble();
        }
        QVERIFY(std::isfinite(loss[1]));
        QVERIFY(loss[0] != loss[1]);
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QString>("plan"); // file content, or empty for no --plan
        QTest::addColumn<QString>("message");
        QTest::newRow("no plan") << QString() << "--plan";
        QTest::newRow("not json") << "{units"
                                  << "JSON";
        QTest::newRow("unknown baseline") << QString("@analysis") << "--baselines names an unknown baseline 'bogus'";
        QTest::newRow("wrong unit count")
            << R"({"units":[{"name":"block 0","layer":0,"part":"block","parameters":10},{"name":"block 1","layer":1,"part":"block","parameters":10}],"groups":[{"members":[0,1]}]})"
            << "";
    }
    void rejectsBadInput() {
        QFETCH(QString, plan);
        QFETCH(QString, message);
        QStringList args{"compare", demo(), "--text", text(), "--seq-len", "32", "--sequences", "2"};
        if (plan == "@analysis") {
            args << "--plan" << m_analysis << "--baselines"
                 << "int8,bogus";
        } else if (!plan.isEmpty()) {
            const QString path = m_dir.filePath("bad.json");
            QVERIFY(testutil::writeFile(path, plan.toUtf8()));
            args << "--plan" << path;
        }
        const auto r = testutil::runCli(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!r.err.contains("terminate"));
    }
};

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
