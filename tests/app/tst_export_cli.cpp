// sharelens-cli export: compact and Hugging Face folders from the demo model,
// bad input (each a one-line error and no partial files), and an export that
// is SIGKILLed at several moments over an existing one.
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <unistd.h>

#include "clifixture.h"
#include "testutil.h"

namespace {

QString demo() { return testpaths::source("/resources/demo"); }
QString text() { return testpaths::source("/resources/text/calibration.txt"); }

QString lastLine(const QByteArray& err) {
    const auto lines = QString::fromUtf8(err).trimmed().split('\n');
    return lines.isEmpty() ? QString() : lines.last();
}

QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

QStringList temporaries(const QString& dir) {
    return QDir(dir).entryList({QStringLiteral(".*.sharelens-tmp-*")}, QDir::AllEntries | QDir::Hidden);
}

double evalLoss(const QString& model) {
    const auto r = testutil::runCli({"eval", model, "--text", text(), "--seq-len", "64", "--sequences", "4", "--json"});
    if (r.exitCode != 0) {
        qWarning("eval %s: %s", qPrintable(model), r.err.constData());
        return -1;
    }
    return QJsonDocument::fromJson(r.out).object().value("loss").toDouble();
}

// Mounts a tmpfs of `size` (e.g. "64k") with `options` at `dir`; false when
// this system does not let us (not root, no mount permission).
bool mountTmpfs(const QString& dir, const QString& size, const QString& options = {}) {
    if (::geteuid() != 0) return false;
    QProcess p;
    p.start("mount",
            {"-t", "tmpfs", "-o", "size=" + size + (options.isEmpty() ? QString() : "," + options), "tmpfs", dir});
    return p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

void unmount(const QString& dir) {
    QProcess p;
    p.start("umount", {dir});
    p.waitForFinished(10000);
}

// Sets up the bad input `what` of TestExportCli::rejectsBadInput in the
// folder tmpPath: the MODEL, the --out folder, the other arguments and, where
// the system decides it, the words the message must contain.
void prepareBadInput(const QString& what, const QString& tmpPath, const QString& analysis, QString& model, QString& out,
                     QStringList& args, QString& words, bool& mounted) {
    if (what == "noformat") args = {"--plan", analysis};
    if (what == "noplan") args = {"--format", "hf"};
    if (what == "optsnoplan") {
        QVERIFY(testutil::runCli({"export", demo(), "--plan", analysis, "--format", "compact", "--out", tmpPath + "/c"})
                    .exitCode == 0);
        model = tmpPath + "/c";
        args = {"--format", "hf", "--delta-rank", "2"};
    }
    if (what == "badformat") args = {"--plan", analysis, "--format", "onnx"};
    if (what == "baddtype")
        args << "--dtype"
             << "f8";
    if (what == "plan3") {
        QJsonArray us, groups{QJsonObject{{"members", QJsonArray{0, 1}}}};
        for (int i = 0; i < 3; ++i)
            us.append(
                QJsonObject{{"name", QString("block %1").arg(i)}, {"layer", i}, {"part", "block"}, {"parameters", 10}});
        groups.append(QJsonObject{{"members", QJsonArray{2}}});
        QVERIFY(testutil::writeFile(tmpPath + "/plan3.json",
                                    QJsonDocument(QJsonObject{{"units", us}, {"groups", groups}}).toJson()));
        args = {"--plan", tmpPath + "/plan3.json", "--format", "compact"};
    }
    if (what == "self") {
        QVERIFY(testutil::runCli({"export", demo(), "--plan", analysis, "--format", "compact", "--out", tmpPath + "/c"})
                    .exitCode == 0);
        model = out = tmpPath + "/c";
        args = {"--format", "compact"};
    }
    if (what == "foreign") {
        QVERIFY(QDir().mkpath(out));
        QVERIFY(testutil::writeFile(out + "/paper.tex", "draft"));
    }
    if (what == "file") QVERIFY(testutil::writeFile(out, "x"));
    if (what == "readonly") {
        QVERIFY(QDir().mkpath(tmpPath + "/ro"));
        mounted = mountTmpfs(tmpPath + "/ro", "1m", "ro");
        if (mounted) {
            out = tmpPath + "/ro/exp";
        } else if (::geteuid() == 0) {
            out = "/sys/sharelens-export-test"; // sysfs refuses new folders even to root
            words = "not writable";
        } else {
            QVERIFY(QFile::setPermissions(tmpPath + "/ro", QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            out = tmpPath + "/ro/exp";
            words = "not writable";
        }
    }
    if (what == "damaged") {
        QVERIFY(testutil::runCli({"export", demo(), "--plan", analysis, "--format", "compact", "--out", tmpPath + "/c"})
                    .exitCode == 0);
        // A format version this ShareLens does not know (same length, so the header stays valid).
        QByteArray bytes = readBytes(tmpPath + "/c/model.safetensors");
        const QByteArray from = "\"sharelens.format\":\"compact-v1\"", to = "\"sharelens.format\":\"compact-v7\"";
        QVERIFY(bytes.indexOf(from) > 0);
        bytes.replace(bytes.indexOf(from), from.size(), to);
        QVERIFY(testutil::writeFile(tmpPath + "/c/model.safetensors", bytes));
        model = tmpPath + "/c";
        args = {"--format", "hf"};
    }
}

} // namespace

class TestExportCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void compactAndHuggingFaceRoundTrip();
    void initLaco();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void fullDiskOnARealFileSystem();
    void killedExportLeavesPreviousFolder();

private:
    QTemporaryDir m_dir;
    QString m_analysis;
};

void TestExportCli::initTestCase() {
    QVERIFY(m_dir.isValid());
    const auto r = clifixture::analyseDemo(text(), m_dir.path() + "/an");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    m_analysis = m_dir.path() + "/an/analysis.json";
    QVERIFY(testutil::readJson(m_analysis).value("groups").toArray().size() < 12);
}

void TestExportCli::compactAndHuggingFaceRoundTrip() {
    const QString c = m_dir.path() + "/out/compact", h = m_dir.path() + "/out/hf",
                  h2 = m_dir.path() + "/out/hf-from-compact";
    auto r =
        testutil::runCli({"export", demo(), "--plan", m_analysis, "--format", "compact", "--out", c, "--dtype", "f32"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject an = testutil::readJson(m_analysis);
    const double shared = an.value("parameters").toObject().value("shared").toDouble();
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("parameters").toDouble(), shared);

    // info reads the compact checkpoint: unique parameters, stored bytes.
    r = testutil::runCli({"info", c, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto info = QJsonDocument::fromJson(r.out).object();
    QVERIFY(info.value("format").toString().contains("compact"));
    QCOMPARE(info.value("parameters").toDouble(), shared);
    QCOMPARE(info.value("layers").toInt(), 12);
    const qint64 file = QFileInfo(c + "/model.safetensors").size();
    QVERIFY(file >= qint64(shared) * 4 && file < qint64(shared) * 4 * 101 / 100);

    // Provenance in the recipe: the plan's analysis and the calibration digest.
    QFile cal(text());
    QVERIFY(cal.open(QIODevice::ReadOnly));
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(cal.readAll(), QCryptographicHash::Sha256).toHex());
    const auto recipe = testutil::readJson(c + "/sharelens-recipe.json");
    const auto opts = recipe.value("options").toObject();
    QCOMPARE(opts.value("calibration_sha256").toString(), sha);
    QCOMPARE(opts.value("metric").toString(), QStringLiteral("pearson"));
    QCOMPARE(opts.value("threshold").toString().toDouble(), 0.1);
    QCOMPARE(opts.value("source").toString(), demo());
    QVERIFY(recipe.value("plan").toObject().value("groups").toArray().size() > 0);

    r = testutil::runCli({"export", demo(), "--plan", m_analysis, "--format", "hf", "--out", h, "--dtype", "f32"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // A compact MODEL needs no plan; written out it is the same folder, byte for byte.
    r = testutil::runCli({"export", c, "--format", "hf", "--out", h2, "--dtype", "f32"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(readBytes(h2 + "/model.safetensors"), readBytes(h + "/model.safetensors"));
    QCOMPARE(readBytes(h2 + "/config.json"), readBytes(h + "/config.json"));
    for (const QString& d : {c, h, h2})
        QCOMPARE(readBytes(d + "/tokenizer.json"), readBytes(demo() + "/tokenizer.json"));
    r = testutil::runCli({"info", h, "--json"});
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("parameters").toDouble(),
             an.value("parameters").toObject().value("baseline").toDouble());

    // The same loss from the compact checkpoint and the plain folder.
    const double lc = evalLoss(c), lh = evalLoss(h);
    QVERIFY(lc > 0);
    QCOMPARE(lc, lh);
    // The default dtype is the model's (the demo's F16): half the bytes.
    r = testutil::runCli(
        {"export", demo(), "--plan", m_analysis, "--format", "compact", "--out", m_dir.path() + "/out/c16"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("dtype").toString(), QStringLiteral("F16"));
    QVERIFY(std::abs(evalLoss(m_dir.path() + "/out/c16") - lc) < 1e-2);
    QCOMPARE(temporaries(m_dir.path() + "/out"), QStringList());
}

// --init laco: the recipe names it and the shared weights are LaCo's merge,
// not the mean (another loss).
void TestExportCli::initLaco() {
    QString loss[2];
    int i = 0;
    for (const char* init : {"mean", "laco"}) {
        const QString out = m_dir.path() + "/init-" + init;
        const auto r = testutil::runCli({"export", demo(), "--plan", m_analysis, "--format", "compact", "--out", out,
                                         "--dtype", "f32", "--init", init});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(
            testutil::readJson(out + "/sharelens-recipe.json").value("options").toObject().value("init").toString(),
            QString::fromLatin1(init));
        const double l = evalLoss(out);
        QVERIFY(l > 0 && std::isfinite(l));
        loss[i++] = QString::number(l, 'g', 12);
    }
    QVERIFY(loss[0] != loss[1]);
}

void TestExportCli::rejectsBadInput_data() {
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("words");
    QTest::newRow("no format") << "noformat" << 2 << "needs --format";
    QTest::newRow("no out") << "noout" << 2 << "needs --out";
    QTest::newRow("plain model without plan") << "noplan" << 2 << "needs --plan";
    QTest::newRow("options without plan") << "optsnoplan" << 2 << "apply only with --plan";
    QTest::newRow("bad format") << "badformat" << 1 << "--format must be compact or hf";
    QTest::newRow("bad dtype") << "baddtype" << 1 << "--dtype must be f32, f16 or bf16";
    QTest::newRow("plan for another model") << "plan3" << 1 << "another model";
    QTest::newRow("out is the model") << "self" << 1 << "is the model being exported";
    QTest::newRow("folder of other files") << "foreign" << 1 << "which this export does not write";
    QTest::newRow("out is a file") << "file" << 1 << "a file of that name exists";
    QTest::newRow("read-only folder") << "readonly" << 1 << "read-only";
    QTest::newRow("unknown compact version") << "damaged" << 1 << "format \"compact-v7\"";
}

void TestExportCli::rejectsBadInput() {
    QFETCH(QString, what);
    QFETCH(int, exitCode);
    QFETCH(QString, words);
    QTemporaryDir tmp;
    QString model = demo(), out = tmp.path() + "/exp";
    QStringList args{"--plan", m_analysis, "--format", "compact"};
    bool mounted = false;
    prepareBadInput(what, tmp.path(), m_analysis, model, out, args, words, mounted);
    if (QTest::currentTestFailed()) return;
    const QStringList before = entries(tmp.path());
    const QStringList beforeOut = QFileInfo(out).isDir() ? entries(out) : QStringList();
    QStringList cmd{"export", model};
    cmd << args;
    if (what != "noout") cmd << "--out" << out;
    const auto r = testutil::runCli(cmd);
    if (mounted) {
        QCOMPARE(entries(tmp.path() + "/ro"), QStringList());
        unmount(tmp.path() + "/ro");
    }
    QCOMPARE(r.exitCode, exitCode);
    const QString line = lastLine(r.err);
    if (exitCode == 1) {
        QVERIFY2(line.startsWith("sharelens-cli: error:") && line.contains(words), qPrintable(line));
        QCOMPARE(QString::fromUtf8(r.err).count("sharelens-cli:"), 1);
    } else {
        QVERIFY2(QString::fromUtf8(r.err).contains(words), r.err.constData());
    }
    // Nothing was written: the folder listing is as it was.
    QCOMPARE(entries(tmp.path()), before);
    if (QFileInfo(out).isDir()) QCOMPARE(entries(out), beforeOut);
}

void TestExportCli::fullDiskOnARealFileSystem() {
    // A real full disk: a tmpfs just large enough for an F16 compact export,
    // then an F32 Hugging Face export over it.
    QTemporaryDir tmp;
    const QString disk = tmp.path() + "/disk";
    QVERIFY(QDir().mkpath(disk));
    const QString c = m_dir.path() + "/small";
    QVERIFY(testutil::runCli({"export", demo(), "--plan", m_analysis, "--format", "compact", "--out", c}).exitCode ==
            0);
    qint64 need = 0;
    for (const QString& f : entries(c)) need += QFileInfo(c + "/" + f).size();
    const qint64 size = (need + 3 * 4096) / 4096 * 4096 + 64 * 1024;
    if (!mountTmpfs(disk, QString::number(size)))
        QSKIP("cannot mount a small tmpfs here (tst_export fills a file-size limit instead)");
    struct Unmount {
        QString d;
        ~Unmount() { unmount(d); }
    } unmountLater{disk};
    const QString out = disk + "/exp";
    auto r = testutil::runCli({"export", c, "--format", "compact", "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray before = readBytes(out + "/model.safetensors");
    r = testutil::runCli({"export", c, "--format", "hf", "--dtype", "f32", "--out", out});
    QCOMPARE(r.exitCode, 1);
    const QString line = lastLine(r.err);
    QVERIFY2(line.contains("the disk is full") && line.contains(out + "/model.safetensors") &&
                 line.contains("Nothing was changed"),
             qPrintable(line));
    QCOMPARE(readBytes(out + "/model.safetensors"), before);
    QCOMPARE(entries(disk), QStringList{"exp"});
    QVERIFY(evalLoss(out) > 0);
}

void TestExportCli::killedExportLeavesPreviousFolder() {
    // A ~85 MB F32 model, so writing it takes a while.
    QTemporaryDir tmp;
    const QString big = tmp.path() + "/big";
    QVERIFY(testutil::makeCheckpoint(big, {"--family", "gpt2", "--layers", "12", "--hidden", "384", "--heads", "6",
                                           "--vocab", "256", "--positions", "128", "--seed", "5"}));
    QVERIFY(testutil::writeFile(tmp.path() + "/ids.json", "[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]]"));
    auto r = testutil::runCli({"analyze", big, "--token-ids", tmp.path() + "/ids.json", "--threshold", "0.5",
                               "--contiguous", "--out", tmp.path() + "/an"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString plan = tmp.path() + "/an/analysis.json";
    const QString out = tmp.path() + "/exports/exp", ref = tmp.path() + "/exports/ref";
    const QStringList previous{"export", big, "--plan", plan, "--format", "hf", "--dtype", "f16", "--out", out};
    const QStringList next{"export", big, "--plan", plan, "--format", "hf", "--dtype", "f32", "--out", out};
    r = testutil::runCli(QStringList(next.mid(0, 9)) << ref);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray newModel = readBytes(ref + "/model.safetensors"), newConfig = readBytes(ref + "/config.json");
    QVERIFY(newModel.size() > 50 * 1000 * 1000);
    r = testutil::runCli(previous);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray oldModel = readBytes(out + "/model.safetensors"), oldConfig = readBytes(out + "/config.json");
    const QString parent = tmp.path() + "/exports";

    // Kill moments: after a fixed time from the start, and once the temporary
    // folder exists (the write under way) plus a delay.
    struct Moment {
        bool afterTemporary;
        int ms;
    };
    const std::vector<Moment> moments{{false, 300}, {true, 0}, {true, 30}, {true, 100}, {true, 600}, {true, 1200}};
    int midWrite = 0, replaced = 0;
    for (const Moment& m : moments) {
        QProcess p;
        p.start(testutil::cliPath(), next);
        QVERIFY(p.waitForStarted());
        QElapsedTimer t;
        t.start();
        // The temporary folder of THIS run (stale ones are removed before it is made).
        const QString mine = QStringLiteral(".exp.sharelens-tmp-%1-").arg(p.processId());
        if (m.afterTemporary) {
            bool seen = false;
            while (!seen && p.state() == QProcess::Running && t.elapsed() < 120000) {
                for (const QString& e : temporaries(parent)) seen = seen || e.startsWith(mine);
                if (!seen) QThread::usleep(500);
            }
        }
        QThread::msleep(static_cast<unsigned long>(m.ms));
        const bool running = p.state() == QProcess::Running;
        p.kill(); // SIGKILL
        p.waitForFinished(30000);
        bool leftTemporary = false;
        for (const QString& e : temporaries(parent)) leftTemporary = leftTemporary || e.startsWith(mine);
        if (running && leftTemporary) ++midWrite;
        const QByteArray model = readBytes(out + "/model.safetensors"), config = readBytes(out + "/config.json");
        const bool isOld = model == oldModel && config == oldConfig;
        const bool isNew = model == newModel && config == newConfig;
        QVERIFY2(isOld || isNew, qPrintable(QStringLiteral("killed at %1 ms%2: the folder holds neither export")
                                                .arg(m.ms)
                                                .arg(m.afterTemporary ? " after the temporary appeared" : "")));
        qInfo("killed %s%d ms: %s, %s", m.afterTemporary ? "temporary + " : "start + ", m.ms,
              running ? "while running" : "after it ended", isOld ? "previous export intact" : "new export complete");
        QVERIFY(evalLoss(out) > 0); // loadable
        if (isNew) {
            ++replaced;
            r = testutil::runCli(previous); // back to the previous export for the next round
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QCOMPARE(readBytes(out + "/model.safetensors"), oldModel);
        }
    }
    qInfo("%d of %zu kills landed while the new folder was being written; %d runs had already swapped it in", midWrite,
          moments.size(), replaced);
    QVERIFY2(midWrite >= 2, "too few kills landed during the write to test anything");
    // The next export removes what the killed runs left behind.
    r = testutil::runCli(next);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(entries(parent), (QStringList{"exp", "ref"}));
    QCOMPARE(readBytes(out + "/model.safetensors"), newModel);
}

QTEST_GUILESS_MAIN(TestExportCli)
#include "tst_export_cli.moc"
