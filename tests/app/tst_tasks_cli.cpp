// sharelens-cli eval / compare with --tasks FILE.jsonl and --stride S
// --window W, called in-process on the demo model.
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "inprocess.h"
#include "testpaths.h"
#include "testutil.h"

namespace {

// The command run in this process.
testutil::CliResult run(const QStringList& args) { return testutil::runInProcess(args); }

QString demo() { return testpaths::source("/resources/demo"); }
QString text() { return testpaths::source("/resources/text/calibration.txt"); }
QString example() { return testpaths::source("/resources/tasks/example-mc.jsonl"); }

} // namespace

class TestTasksCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void evalReportsAccuracyAndStride();
    void compareScoresEveryMethod();
    void badInput_data();
    void badInput();
};

void TestTasksCli::evalReportsAccuracyAndStride() {
    const QStringList base{"eval", demo(), "--text", text(), "--sequences", "4", "--seq-len", "128", "--json"};
    const auto r = run(base + QStringList{"--tasks", example(), "--stride", "32", "--window", "128"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    const double acc = o.value("accuracy").toDouble(-1);
    QVERIFY(acc >= 0 && acc <= 1);
    // 30 items: the accuracy is a multiple of 1/30 and its stderr sqrt(p(1-p)/29).
    QVERIFY(std::abs(acc * 30 - std::round(acc * 30)) < 1e-9);
    QVERIFY(std::abs(o.value("accuracy_stderr").toDouble() - std::sqrt(acc * (1 - acc) / 29)) < 1e-12);
    QVERIFY(o.contains("accuracy_norm") && o.contains("accuracy_norm_stderr"));
    QCOMPARE(o.value("tasks").toObject().value("items").toInt(), 30);
    // 4 windows of 128 ids joined: 512 ids, every id after the first scored once.
    QCOMPARE(o.value("stride").toObject().value("stream_tokens").toInt(), 512);
    QCOMPARE(o.value("stride_tokens").toInt(), 511);
    // Overlapping windows give more context than the chunks of the plain loss.
    QVERIFY(o.value("stride_loss").toDouble() < o.value("loss").toDouble());
    // Window = stride = the sequence length scores what the plain loss does.
    const auto same = run(base + QStringList{"--stride", "128", "--window", "128"});
    const QJsonObject s = QJsonDocument::fromJson(same.out).object();
    QCOMPARE(s.value("stride_tokens").toInt(), s.value("tokens").toInt());
    QVERIFY(std::abs(s.value("stride_loss").toDouble() - s.value("loss").toDouble()) < 1e-9);
    QVERIFY(!s.contains("accuracy"));
}

void TestTasksCli::compareScoresEveryMethod() {
    QTemporaryDir tmp;
    const auto an = run({"analyze", demo(), "--text", text(), "--sequences", "4", "--seq-len", "64", "--threshold",
                         "0.1", "--out", tmp.path()});
    QVERIFY2(an.exitCode == 0, an.err.constData());
    const QStringList args{"compare",   demo(), "--plan",      tmp.filePath("analysis.json"),
                           "--text",    text(), "--sequences", "4",
                           "--seq-len", "64",   "--tasks",     example(),
                           "--stride",  "16",   "--window",    "64"};
    const auto r = run(args + QStringList{"--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray methods = QJsonDocument::fromJson(r.out).object().value("methods").toArray();
    QVERIFY(methods.size() >= 4);
    for (const auto& m : methods) {
        const QJsonObject p = m.toObject();
        for (const char* key : {"accuracy", "accuracy_stderr", "accuracy_norm", "accuracy_norm_stderr", "stride_loss"})
            QVERIFY2(p.contains(QLatin1String(key)), qPrintable(p.value("method").toString() + " lacks " + key));
    }
    const auto table = run(args);
    QVERIFY2(table.exitCode == 0, table.err.constData());
    QVERIFY(table.out.contains("acc_norm"));
    QVERIFY(table.out.contains("stride ppl"));
    QVERIFY(table.out.contains("tasks: 30 items of"));
}

void TestTasksCli::badInput_data() {
    QTest::addColumn<QByteArray>("file"); // the task file's contents; empty: no --tasks
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("label") << QByteArray("{\"context\": \"a\", \"choices\": [\"b\", \"c\"], \"label\": 0}\n"
                                         "{\"context\": \"a\", \"choices\": [\"b\", \"c\"], \"label\": 5}\n")
                           << QStringList{} << 1
                           << QByteArray(": line 2: \"label\" is 5, outside the 2 choices; labels count from 0 (0 "
                                         "to 1)\n");
    QTest::newRow("window-only") << QByteArray() << QStringList{"--window", "64"} << 2
                                 << QByteArray("sharelens-cli: --window W needs --stride S");
    QTest::newRow("stride-too-long") << QByteArray() << QStringList{"--stride", "65", "--window", "64"} << 1
                                     << QByteArray("sharelens-cli: error: --stride 65 must be 1 to the window (64)");
    QTest::newRow("window-too-long") << QByteArray() << QStringList{"--stride", "8", "--window", "300"} << 1
                                     << QByteArray("sharelens-cli: error: --window 300 must be 2 to 256");
}

void TestTasksCli::badInput() {
    QFETCH(QByteArray, file);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);
    QTemporaryDir tmp;
    QStringList args{"eval", demo(), "--text", text(), "--sequences", "1", "--seq-len", "64"};
    if (!file.isEmpty()) {
        const QString path = tmp.filePath("tasks.jsonl");
        QVERIFY(testutil::writeFile(path, file));
        args << "--tasks" << path;
        message = "sharelens-cli: error: " + path.toUtf8() + message;
    }
    const auto r = run(args + extra);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QCOMPARE(r.out, QByteArray());
}

// analyze draws its figures with QPainter: a QGuiApplication (offscreen).
int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestTasksCli t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_tasks_cli.moc"
