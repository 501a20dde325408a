// sharelens-cli analyze --importance (the importance object of analysis.json)
// and compare --baselines with the bi and angular removal baselines, run as a
// process on the demo model.
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "clifixture.h"
#include "testutil.h"

namespace {

QString demo() { return testpaths::source("/resources/demo"); }
QString text() { return testpaths::source("/resources/text/kjv-genesis-kings.txt"); }

std::vector<double> doubles(const QJsonArray& a) {
    std::vector<double> v;
    for (const auto& x : a) v.push_back(x.toDouble());
    return v;
}

} // namespace

class TestImportanceCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_analysis;
    QJsonObject m_importance;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const auto r = clifixture::analyseDemo(
            text(), m_dir.path() + "/an",
            {"--importance", "--removal-steps", "3", "--session", m_dir.path() + "/s.sharelens"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_analysis = m_dir.path() + "/an/analysis.json";
        m_importance = testutil::readJson(m_analysis).value("importance").toObject();
        QVERIFY(!m_importance.isEmpty());
    }

    void importanceObject() {
        const auto bi = doubles(m_importance.value("block_influence").toArray());
        QCOMPARE(static_cast<int>(bi.size()), 12);
        for (double v : bi) QVERIFY(std::isfinite(v) && v >= 0 && v <= 2);
        const QJsonObject ang = m_importance.value("angular_distance").toObject();
        QCOMPARE(ang.size(), 11); // n = 1 .. L-1
        for (int n = 1; n < 12; ++n) {
            const auto row = doubles(ang.value(QString::number(n)).toArray());
            QCOMPARE(static_cast<int>(row.size()), 12 - n + 1);
            for (double v : row) QVERIFY(v >= 0 && v <= 1);
        }
        QCOMPARE(m_importance.value("angular_tokens").toString(), QString("all"));
        const auto loo = doubles(m_importance.value("leave_one_out_loss").toArray());
        QCOMPARE(static_cast<int>(loo.size()), 12);
        const QJsonArray order = m_importance.value("removal_order").toArray();
        QCOMPARE(order.size(), 3);
        // The first greedy removal is the block of lowest leave-one-out loss.
        const int argmin = static_cast<int>(std::min_element(loo.begin(), loo.end()) - loo.begin());
        QCOMPARE(order[0].toInt(), argmin);
        const auto after = doubles(m_importance.value("removal_loss").toArray());
        QCOMPARE(after.front(), loo[static_cast<size_t>(argmin)]);
        QVERIFY(m_importance.value("baseline_loss").toDouble() < after.back());
    }

    void lastTokenAngular() {
        const auto r = testutil::runCli({"analyze", demo(), "--text", text(), "--seq-len", "32", "--sequences", "4",
                                         "--importance", "--angular-tokens", "last", "--removal-steps", "0", "--out",
                                         m_dir.path() + "/last"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto im = testutil::readJson(m_dir.path() + "/last/analysis.json").value("importance").toObject();
        QCOMPARE(im.value("angular_tokens").toString(), QString("last"));
        QCOMPARE(im.value("angular_token_count").toInt(), 4);
        QCOMPARE(im.value("tokens").toInt(), 4 * 32);
        QCOMPARE(im.value("removal_order").toArray().size(), 0);
        QCOMPARE(im.value("leave_one_out_loss").toArray().size(), 12);
    }

    void compareBaselines() {
        const auto r = testutil::runCli({"compare", demo(), "--plan", m_analysis, "--text", text(), "--seq-len", "64",
                                         "--sequences", "4", "--json", "--baselines", "removal,bi,angular"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto doc = QJsonDocument::fromJson(r.out).object();
        const int k = doc.value("removed_layers").toArray().size();
        QVERIFY(k > 0);
        QStringList names;
        QMap<QString, double> params;
        for (const auto& m : doc.value("methods").toArray()) {
            names << m.toObject().value("method").toString();
            params[names.back()] = m.toObject().value("parameters").toDouble();
        }
        const QString K = QString::number(k);
        QCOMPARE(names,
                 (QStringList{"baseline", "shared", "remove-shared-layers", "remove-bi-" + K, "remove-angular-" + K}));
        QCOMPARE(params["remove-bi-" + K], params["remove-shared-layers"]);
        QCOMPARE(params["remove-angular-" + K], params["remove-shared-layers"]);
        // bi: the k blocks of lowest block influence; angular: the best span of k.
        auto bi = doubles(m_importance.value("block_influence").toArray());
        std::vector<int> idx(bi.size());
        for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
        std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return bi[size_t(a)] < bi[size_t(b)]; });
        idx.resize(size_t(k));
        std::sort(idx.begin(), idx.end());
        QJsonArray want;
        for (int i : idx) want.append(i);
        QCOMPARE(doc.value("bi_layers").toArray(), want);
        const int start = m_importance.value("best_span").toObject().value(K).toInt();
        const QJsonArray span = doc.value("angular_layers").toArray();
        QCOMPARE(span.size(), k);
        for (int i = 0; i < k; ++i) QCOMPARE(span[i].toInt(), start + i);
    }

    // The pruning curve: every line starts below the baseline's parameters,
    // removal lines at k = 1, 2; figures and CSV; the report's last pages.
    void curveAndReport() {
        const QString out = m_dir.path() + "/curve";
        const auto r = testutil::runCli({"curve", demo(), "--plan", m_analysis, "--text", text(), "--seq-len", "32",
                                         "--sequences", "3", "--max-removed", "2", "--out", out, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto points = QJsonDocument::fromJson(r.out).object().value("points").toArray();
        QMap<QString, QList<QJsonObject>> by;
        for (const auto& p : points) by[p.toObject().value("strategy").toString()] << p.toObject();
        QCOMPARE(by.value("baseline").size(), 1);
        for (const char* s : {"bi", "angular", "last-k"}) {
            QCOMPARE(by.value(s).size(), 2);
            QCOMPARE(by.value(s)[1].value("removed").toInt(), 2);
            // Same number of blocks removed: the same parameters (GPT-2 blocks are equal).
            QCOMPARE(by.value(s)[1].value("parameters").toDouble(),
                     by.value("last-k")[1].value("parameters").toDouble());
        }
        QVERIFY(!by.value("sharing").isEmpty());
        const double base = by.value("baseline")[0].value("parameters").toDouble();
        for (const auto& p : points)
            if (p.toObject().value("strategy") != "baseline")
                QVERIFY(p.toObject().value("parameters").toDouble() < base);
        for (const char* f : {"curve.png", "curve.svg", "curve.pdf", "curve.csv"})
            QVERIFY2(QFile::exists(out + "/" + f), f);
        QCOMPARE(testutil::readAll(out + "/curve.csv").count('\n'), points.size() + 1);
        for (const char* f : {"importance.png", "angular.svg", "importance.csv"})
            QVERIFY2(QFile::exists(m_dir.path() + "/an/" + f), f);

        auto pages = [](const QString& pdf) {
            QProcess p;
            p.start("pdfinfo", {pdf});
            p.waitForFinished(60000);
            const auto m = QRegularExpression("Pages:\\s+(\\d+)").match(QString::fromUtf8(p.readAllStandardOutput()));
            return m.hasMatch() ? m.captured(1).toInt() : -1;
        };
        const QString plain = m_dir.path() + "/plain.pdf", with = m_dir.path() + "/with.pdf";
        const auto a = testutil::runCli({"report", m_dir.path() + "/s.sharelens", "--out", plain});
        QVERIFY2(a.exitCode == 0, a.err.constData());
        const auto b = testutil::runCli({"report", m_dir.path() + "/s.sharelens", "--out", with, "--analysis",
                                         m_analysis, "--curve", out + "/curve.csv"});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const int p0 = pages(plain), p1 = pages(with);
        QVERIFY2(p0 > 0 && p1 == p0 + 2, qPrintable(QString("%1 -> %2 pages").arg(p0).arg(p1)));
    }

    // The curve a report reads is bounded like every input: a device is
    // refused before it is read, and a damaged line is named.
    void reportRefusesBadCurve() {
        const QString session = m_dir.path() + "/s.sharelens";
        auto r = testutil::runCli({"report", session, "--out", m_dir.filePath("dev.pdf"), "--curve", "/dev/zero"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("not a regular file"), r.err.constData());
        QVERIFY(!QFile::exists(m_dir.filePath("dev.pdf")));
        const QString bad = m_dir.filePath("bad-curve.csv");
        QVERIFY(testutil::writeFile(bad, "strategy,removed,threshold,parameters,loss\nbi,1,,12,2.5\nbi,x,,12,2.5\n"));
        r = testutil::runCli({"report", session, "--out", m_dir.filePath("bad.pdf"), "--curve", bad});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("line 3 is not a point of a pruning curve"), r.err.constData());
    }

    void rejects_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown baseline")
            << QStringList{"compare", "--baselines", "removal,pruning"} << "unknown baseline 'pruning'";
        QTest::newRow("empty baseline") << QStringList{"compare", "--baselines", "int8,"} << "unknown baseline ''";
        QTest::newRow("bi without importance")
            << QStringList{"compare", "--baselines", "bi", "--plain-plan"} << "analyze --importance";
        QTest::newRow("bad angular tokens") << QStringList{"analyze", "--importance", "--angular-tokens", "first"}
                                            << "--angular-tokens must be all or last";
        QTest::newRow("angular tokens alone")
            << QStringList{"analyze", "--angular-tokens", "last"} << "--angular-tokens needs --importance";
    }
    void rejects() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QStringList cmd{args.front(), demo(), "--text", text(), "--seq-len", "32", "--sequences", "2"};
        if (args.front() == "compare") {
            QString plan = m_analysis;
            if (args.contains("--plain-plan")) {
                QJsonObject o = testutil::readJson(m_analysis);
                o.remove("importance");
                plan = m_dir.filePath("plain.json");
                QVERIFY(testutil::writeFile(plan, QJsonDocument(o).toJson()));
                args.removeAll("--plain-plan");
            }
            cmd << "--plan" << plan;
        } else {
            cmd << "--out" << m_dir.filePath("rejected");
        }
        cmd << args.mid(1);
        const auto r = testutil::runCli(cmd);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!r.err.contains("terminate"));
    }
};

QTEST_GUILESS_MAIN(TestImportanceCli)
#include "tst_importance_cli.moc"
