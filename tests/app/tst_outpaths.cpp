// Output paths: nothing a user made is replaced. Every command that writes a
// file or folder the user names refuses, with the exact one-line message,
// an output that is one of its inputs, a file or folder ShareLens did not
// write, a device, FIFO or read-only file; and the target is as it was
// afterwards. Legitimate re-writes (a session over a session, an export over
// its previous export, --force) still work.
//
// "@TMP" in arguments and messages stands for the suite's temporary folder.
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "testutil.h"

class TestOutPaths : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void refused_data();
    void refused();
    void legitimateRewrites();
    void forceReplaces();

private:
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    QString expand(QString s) const { return s.replace(QStringLiteral("@TMP"), m_tmp.path()); }
    QStringList expand(QStringList l) const {
        for (QString& s : l) s = expand(s);
        return l;
    }
    bool copyModel(const QString& from, const QString& to) const;

    QTemporaryDir m_tmp;
    bool m_haveDevice = false;
};

namespace {

const char* const kNotRegular =
    ", not a regular file; ShareLens writes only regular files and never replaces a device, pipe or socket. Choose "
    "a file path.";

// What is at `path`, to compare before and after a command: the file type,
// and for a regular file its mode and bytes, for a folder each entry's.
QByteArray snapshot(const QString& path) {
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0) return "missing";
    if (S_ISCHR(st.st_mode)) return "character device " + QByteArray::number(quint64(st.st_rdev));
    if (S_ISFIFO(st.st_mode)) return "fifo";
    if (S_ISLNK(st.st_mode)) return "link to " + QFile::encodeName(QFile::symLinkTarget(path));
    if (S_ISDIR(st.st_mode)) {
        QByteArray out = "folder";
        QDirIterator it(path, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
        QStringList entries;
        while (it.hasNext()) entries << it.next();
        entries.sort();
        for (const QString& e : entries) out += "\n" + QFile::encodeName(e) + " " + snapshot(e);
        return out;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return "unreadable";
    return "file " + QByteArray::number(st.st_mode & 07777, 8) + " " +
           QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

// A pretrain of a one-block model for one step into `out`.
QStringList tinyPretrain(const QString& out) {
    return {"pretrain", "--text", "@TMP/text.txt", "--out", out,         "--layers", "1",       "--hidden", "16",
            "--heads",  "2",      "--context",     "16",    "--seq-len", "8",        "--steps", "1",        "--batch",
            "1"};
}

QString lastErrorLine(const testutil::CliResult& r) { return QString::fromUtf8(r.err).trimmed().split('\n').last(); }

} // namespace

bool TestOutPaths::copyModel(const QString& from, const QString& to) const {
    return testutil::copyFolder(tmp(from), tmp(to));
}

void TestOutPaths::initTestCase() {
    QVERIFY(m_tmp.isValid());
    QVERIFY(testutil::makeCheckpoint(
        tmp("gpt2"), {"--family", "gpt2", "--layers", "4", "--hidden", "64", "--vocab", "96", "--positions", "128"}));
    QVERIFY(testutil::makeCheckpoint(tmp("other"), {"--family", "gpt2", "--layers", "2", "--hidden", "32", "--vocab",
                                                    "96", "--positions", "64", "--seed", "7"}));
    QByteArray ids = "[";
    for (int seq = 0; seq < 6; ++seq) {
        ids += seq ? ",[" : "[";
        for (int t = 0; t < 40; ++t) ids += QByteArray::number((seq * 37 + t * 11) % 96) + (t < 39 ? "," : "");
        ids += "]";
    }
    QVERIFY(testutil::writeFile(tmp("ids.json"), ids + "]"));
    QVERIFY(testutil::writeFile(tmp("text.txt"),
                                QByteArray("the quick brown fox jumps over the lazy dog.\n").repeated(40)));
    // A session and an analysis of the GPT-2 fixture.
    const auto r = testutil::runCli({"analyze", tmp("gpt2"), "--token-ids", tmp("ids.json"), "--seq-len", "16", "--out",
                                     tmp("an"), "--session", tmp("s.sharelens")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(QFile::copy(tmp("s.sharelens"), tmp("r.pdf")));        // a session named like its report
    QVERIFY(QFile::copy(tmp("s.sharelens"), tmp("ro.sharelens"))); // a read-only session
    QVERIFY(QFile::setPermissions(tmp("ro.sharelens"), QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE(::link(QFile::encodeName(tmp("s.sharelens")).constData(),
                    QFile::encodeName(tmp("s-hard.sharelens")).constData()),
             0);
    QVERIFY(QFile::link(tmp("s.sharelens"), tmp("s-sym.sharelens")));
    QVERIFY(testutil::writeFile(tmp("notes.txt"), "my notes, not a session\n"));
    QVERIFY(testutil::writeFile(tmp("ro.pdf"), "a report the user made read-only\n"));
    QVERIFY(QFile::setPermissions(tmp("ro.pdf"), QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    for (const char* fifo : {"fifo.pdf", "fifo.sharelens"})
        QCOMPARE(::mkfifo(QFile::encodeName(tmp(fifo)).constData(), 0644), 0);
    // A character device standing in for /dev/null (the same numbers): made
    // only by root; the rows that need it are skipped otherwise.
    m_haveDevice = ::mknod(QFile::encodeName(tmp("null.pdf")).constData(), S_IFCHR | 0666, makedev(1, 3)) == 0;
    // Folders of another model (config.json + model.safetensors, no recipe).
    for (const char* d : {"other-hf", "other-compact", "other-pretrain", "other-pool", "force-hf", "force-pretrain"})
        QVERIFY(copyModel("other", d));
}

void TestOutPaths::refused_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("target"); // must be as it was after the command
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("needsDevice");
    const QStringList analyze{"analyze",   "@TMP/gpt2", "--token-ids", "@TMP/ids.json",
                              "--seq-len", "16",        "--out",       "@TMP/an2"};
    const QStringList exportArgs{"export", "@TMP/gpt2", "--plan", "@TMP/an/analysis.json", "--format"};
    const QStringList finetune{"finetune",    "@TMP/gpt2",
                               "--plan",      "@TMP/an/analysis.json",
                               "--token-ids", "@TMP/ids.json",
                               "--steps",     "1",
                               "--seq-len",   "8",
                               "--out",       "@TMP/ft"};
    auto isInput = [](const QString& out, const QString& in) {
        return "the output " + out + " is the file this command reads (" + in +
               "); it is not replaced. Choose another output path.";
    };
    auto notOurs = [](const QString& path) {
        return path + " exists and is not a session written by ShareLens; it is not replaced. Choose another path, "
                      "or remove it first.";
    };
    auto folderNotOurs = [](const QString& dir, const QString& kind, const QString& marker) {
        return "the folder " + dir + " is not empty and is not a ShareLens " + kind + " export (it has no " + marker +
               "); it is not replaced. Choose a new or empty folder, remove it first, or pass --force to replace it.";
    };
    auto readOnly = [](const QString& path) {
        return path + " is read-only; it is not replaced. Make it writable (chmod u+w) or choose another path.";
    };
    auto row = [](const char* name, const QStringList& args, const QString& target, const QString& message,
                  bool device = false) { QTest::newRow(name) << args << target << message << device; };

    // --- An output that is an input of the same command
    row("report onto its session", {"report", "@TMP/s.sharelens", "--out", "@TMP/s.sharelens"}, "@TMP/s.sharelens",
        isInput("@TMP/s.sharelens", "@TMP/s.sharelens"));
    row("report onto a hard link of its session", {"report", "@TMP/s.sharelens", "--out", "@TMP/s-hard.sharelens"},
        "@TMP/s-hard.sharelens", isInput("@TMP/s-hard.sharelens", "@TMP/s.sharelens"));
    row("report onto a symbolic link to its session", {"report", "@TMP/s.sharelens", "--out", "@TMP/s-sym.sharelens"},
        "@TMP/s-sym.sharelens", isInput("@TMP/s-sym.sharelens", "@TMP/s.sharelens"));
    row("report's default output is its session", {"report", "@TMP/r.pdf"}, "@TMP/r.pdf",
        isInput("@TMP/r.pdf", "@TMP/r.pdf"));
    row("analyze --session onto its --token-ids", analyze + QStringList{"--session", "@TMP/ids.json"}, "@TMP/ids.json",
        isInput("@TMP/ids.json", "@TMP/ids.json"));
    row("finetune --session onto its --plan", finetune + QStringList{"--session", "@TMP/an/analysis.json"},
        "@TMP/an/analysis.json", isInput("@TMP/an/analysis.json", "@TMP/an/analysis.json"));
    // --- A file that is not a session
    row("analyze --session onto a text file", analyze + QStringList{"--session", "@TMP/notes.txt"}, "@TMP/notes.txt",
        notOurs("@TMP/notes.txt"));
    row("finetune --session onto a text file", finetune + QStringList{"--session", "@TMP/notes.txt"}, "@TMP/notes.txt",
        notOurs("@TMP/notes.txt"));
    // --- A folder holding another model
    row("export hf onto another model's folder", exportArgs + QStringList{"hf", "--out", "@TMP/other-hf"},
        "@TMP/other-hf", folderNotOurs("@TMP/other-hf", "model", "sharelens-recipe.json"));
    row("export compact onto another model's folder",
        exportArgs + QStringList{"compact", "--out", "@TMP/other-compact"}, "@TMP/other-compact",
        folderNotOurs("@TMP/other-compact", "model", "sharelens-recipe.json"));
    row("export pool onto another model's folder",
        {"export", "@TMP/gpt2", "@TMP/other", "--plan", "@TMP/an/analysis.json", "--format", "pool", "--out",
         "@TMP/other-pool"},
        "@TMP/other-pool", folderNotOurs("@TMP/other-pool", "shared-pool", "pool.safetensors"));
    row("pretrain onto another model's folder", tinyPretrain("@TMP/other-pretrain"), "@TMP/other-pretrain",
        folderNotOurs("@TMP/other-pretrain", "pretrain", "training.json"));
    // --- Devices, FIFOs and read-only files
    row("report onto a FIFO", {"report", "@TMP/s.sharelens", "--out", "@TMP/fifo.pdf"}, "@TMP/fifo.pdf",
        "@TMP/fifo.pdf is a FIFO (named pipe)" + QString::fromLatin1(kNotRegular));
    row("analyze --session onto a FIFO", analyze + QStringList{"--session", "@TMP/fifo.sharelens"},
        "@TMP/fifo.sharelens", "@TMP/fifo.sharelens is a FIFO (named pipe)" + QString::fromLatin1(kNotRegular));
    row("report onto a character device", {"report", "@TMP/s.sharelens", "--out", "@TMP/null.pdf"}, "@TMP/null.pdf",
        "@TMP/null.pdf is a character device" + QString::fromLatin1(kNotRegular), true);
    row("report onto /dev/null", {"report", "@TMP/s.sharelens", "--out", "/dev/null"}, "/dev/null",
        "/dev/null is a character device" + QString::fromLatin1(kNotRegular));
    row("report onto a read-only file", {"report", "@TMP/s.sharelens", "--out", "@TMP/ro.pdf"}, "@TMP/ro.pdf",
        readOnly("@TMP/ro.pdf"));
    row("analyze --session onto a read-only session", analyze + QStringList{"--session", "@TMP/ro.sharelens"},
        "@TMP/ro.sharelens", readOnly("@TMP/ro.sharelens"));
}

void TestOutPaths::refused() {
    QFETCH(QStringList, args);
    QFETCH(QString, target);
    QFETCH(QString, message);
    QFETCH(bool, needsDevice);
    if (needsDevice && !m_haveDevice) QSKIP("cannot make a character device here (not root)");
    args = expand(args);
    target = expand(target);
    const QByteArray before = snapshot(target);
    const auto r = testutil::runCli(args, 300000);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(lastErrorLine(r), "sharelens-cli: error: " + expand(message));
    QCOMPARE(snapshot(target), before);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
}

void TestOutPaths::legitimateRewrites() {
    // A session over a session, a report over its previous report.
    for (int k = 0; k < 2; ++k) {
        const auto r = testutil::runCli({"analyze", tmp("gpt2"), "--token-ids", tmp("ids.json"), "--seq-len", "16",
                                         "--out", tmp("an3"), "--session", tmp("again.sharelens")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto p = testutil::runCli({"report", tmp("again.sharelens"), "--out", tmp("again.pdf")});
        QVERIFY2(p.exitCode == 0, p.err.constData());
    }
    QVERIFY(testutil::readJson(tmp("again.sharelens")).value("format") == QStringLiteral("sharelens-session"));
    // An export over its previous export, of either format.
    for (const char* format : {"hf", "hf", "compact"}) {
        const auto r = testutil::runCli(
            {"export", tmp("gpt2"), "--plan", tmp("an/analysis.json"), "--format", format, "--out", tmp("exp")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    QCOMPARE(testutil::readJson(tmp("exp/sharelens-recipe.json")).value("format").toString(),
             QStringLiteral("sharelens-compact"));
    // pretrain over its previous output: training.json carries the marker.
    for (int k = 0; k < 2; ++k) {
        const auto r = testutil::runCli(expand(tinyPretrain(tmp("pre"))));
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    QCOMPARE(testutil::readJson(tmp("pre/training.json")).value("format").toString(),
             QStringLiteral("sharelens-pretrain"));
    // The demo model's folder, written by pretrain before training.json had
    // its marker: recognised by its recipe.
    QVERIFY(QDir().mkpath(tmp("old-pre")));
    QVERIFY(QFile::copy(testpaths::source("/resources/demo/training.json"), tmp("old-pre/training.json")));
    QVERIFY(QFile::copy(testpaths::source("/resources/demo/config.json"), tmp("old-pre/config.json")));
    const auto old = testutil::runCli(expand(tinyPretrain(tmp("old-pre"))));
    QVERIFY2(old.exitCode == 0, old.err.constData());
    // An empty folder is a new one.
    QVERIFY(QDir().mkpath(tmp("empty")));
    const auto r = testutil::runCli(
        {"export", tmp("gpt2"), "--plan", tmp("an/analysis.json"), "--format", "hf", "--out", tmp("empty")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestOutPaths::forceReplaces() {
    // --force replaces a folder of another model whole.
    auto r = testutil::runCli({"export", tmp("gpt2"), "--plan", tmp("an/analysis.json"), "--format", "hf", "--out",
                               tmp("force-hf"), "--force"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(testutil::readJson(tmp("force-hf/sharelens-recipe.json")).value("format").toString(),
             QStringLiteral("huggingface"));
    QCOMPARE(testutil::readJson(tmp("force-hf/config.json")).value("n_layer").toInt(), 4);
    r = testutil::runCli(expand(tinyPretrain(tmp("force-pretrain")) << "--force"));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(testutil::readJson(tmp("force-pretrain/training.json")).value("format").toString(),
             QStringLiteral("sharelens-pretrain"));
}

QTEST_GUILESS_MAIN(TestOutPaths)
#include "tst_outpaths.moc"
