// sharelens-cli finetune: metrics, summary and a reloadable shared model.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "clifixture.h"
#include "testutil.h"

namespace {

QString demo() { return testpaths::source("/resources/demo"); }
QString text() { return testpaths::source("/resources/text/kjv-genesis-kings.txt"); }

QString lastLine(const QByteArray& err) {
    const auto lines = QString::fromUtf8(err).trimmed().split('\n');
    return lines.isEmpty() ? QString() : lines.last();
}

// part "sublayers": attn 0, mlp 0, attn 1, ... (the first group then joins
// attention with MLP).
QByteArray planJson(int units, const char* part) {
    QJsonArray us;
    for (int i = 0; i < units; ++i) {
        const bool sub = qstrcmp(part, "sublayers") == 0;
        const QString p = !sub ? QString(part) : i % 2 ? QString("mlp") : QString("attn");
        const int layer = sub ? i / 2 : i;
        us.append(QJsonObject{
            {"name", QString("%1 %2").arg(p).arg(layer)}, {"layer", layer}, {"part", p}, {"parameters", 10}});
    }
    QJsonArray groups{QJsonObject{{"members", QJsonArray{0, 1}}}};
    for (int i = 2; i < units; ++i) groups.append(QJsonObject{{"members", QJsonArray{i}}});
    return QJsonDocument(QJsonObject{{"units", us}, {"groups", groups}}).toJson();
}

} // namespace

class TestFinetune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void writesMetricsSummaryAndSharedModel();
    void checkpointAndResume();
    void evalEveryZeroEvaluatesAtTheEnd();
    void distillWritesLossComponents();
    void sharedKeepsStoredDtype();
    void rejectsBadInput_data();
    void rejectsBadInput();

private:
    QTemporaryDir m_dir;
    QString m_analysis;
};

void TestFinetune::initTestCase() {
    QVERIFY(m_dir.isValid());
    const auto r = clifixture::analyseDemo(text(), m_dir.path() + "/an");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    m_analysis = m_dir.path() + "/an/analysis.json";
    const auto groups = testutil::readJson(m_analysis).value("groups").toArray();
    QVERIFY(groups.size() < 12); // something is shared
}

void TestFinetune::writesMetricsSummaryAndSharedModel() {
    const QString out = m_dir.path() + "/ft";
    const auto r = testutil::runCli(
        {"finetune", demo(),   "--plan",    m_analysis, "--text", text(), "--steps",         "4",
         "--batch",  "2",      "--seq-len", "32",       "--lr",   "1e-4", "--private-norms", "--delta-rank",
         "1",        "--init", "medoid",    "--out",    out});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    QFile f(out + "/metrics.csv");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
    QCOMPARE(lines.value(0), QStringLiteral("run,step,loss,tokens_per_s,model_state_bytes,peak_rss_bytes"));
    int rows[2] = {0, 0};
    for (int i = 1; i < lines.size(); ++i) {
        const auto c = lines[i].split(',');
        QCOMPARE(c.size(), 6);
        QVERIFY2(c[0] == "baseline" || c[0] == "shared", qPrintable(lines[i]));
        ++rows[c[0] == "shared"];
        bool ok = false;
        QVERIFY(c[2].toDouble(&ok) > 0 && ok);
        QVERIFY(c[3].toDouble(&ok) > 0 && ok);
        QVERIFY(c[4].toLongLong(&ok) > 0 && ok);
        QVERIFY(c[5].toLongLong(&ok) > 0 && ok);
    }
    QCOMPARE(rows[0], 4);
    QCOMPARE(rows[1], 4);

    const auto s = testutil::readJson(out + "/summary.json");
    for (const char* run : {"baseline", "shared"}) {
        const auto o = s.value(run).toObject();
        for (const char* k :
             {"final_train_loss", "validation_loss_before", "validation_loss_after", "validation_perplexity_before",
              "validation_perplexity_after", "parameters", "model_state_bytes", "mean_tokens_per_s"})
            QVERIFY2(o.contains(k), k);
    }
    QVERIFY(s.value("shared").toObject().value("parameters").toDouble() <
            s.value("baseline").toObject().value("parameters").toDouble());
    QCOMPARE(s.value("groups").toArray().size(), testutil::readJson(m_analysis).value("groups").toArray().size());
    QCOMPARE(s.value("stop_reason").toString(), QString());

    // shared/ is a compact checkpoint: each shared tensor stored once, reopened tied.
    const auto info = testutil::runCli({"info", out + "/shared", "--json"});
    QVERIFY2(info.exitCode == 0, info.err.constData());
    const auto ij = QJsonDocument::fromJson(info.out).object();
    QCOMPARE(ij.value("layers").toInt(), 12);
    QVERIFY2(ij.value("format").toString().contains("compact"), info.out.constData());
    QCOMPARE(ij.value("parameters").toDouble(), s.value("shared").toObject().value("parameters").toDouble());
    const auto ev =
        testutil::runCli({"eval", out + "/shared", "--text", text(), "--seq-len", "32", "--sequences", "4", "--json"});
    QVERIFY2(ev.exitCode == 0, ev.err.constData());
    QVERIFY(QJsonDocument::fromJson(ev.out).object().value("loss").toDouble() > 0);
}

// --eval-every 0 evaluates each model once, after the last step (nothing at
// step 0); summary.json still has the untrained baseline's loss under
// --baseline skip (before = after), and the shared run no "before".
void TestFinetune::evalEveryZeroEvaluatesAtTheEnd() {
    const QString out = m_dir.path() + "/ft-eval0";
    const auto r = testutil::runCli({"finetune", demo(), "--plan", m_analysis, "--text", text(), "--steps", "2",
                                     "--batch", "2", "--seq-len", "32", "--eval-every", "0", "--train", "shared",
                                     "--baseline", "skip", "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(out + "/validation.csv");
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
    QCOMPARE(lines.value(0), QStringLiteral("run,step,loss,perplexity"));
    lines.removeFirst();
    lines.sort();
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].startsWith("baseline,2,"), qPrintable(lines[0]));
    QVERIFY2(lines[1].startsWith("shared,2,"), qPrintable(lines[1]));
    const auto s = testutil::readJson(out + "/summary.json");
    const auto b = s.value("baseline").toObject(), sh = s.value("shared").toObject();
    QVERIFY(b.value("validation_loss_after").toDouble() > 0);
    QCOMPARE(b.value("validation_loss_before").toDouble(), b.value("validation_loss_after").toDouble());
    QVERIFY(sh.value("validation_loss_after").toDouble() > 0);
    QVERIFY(!sh.contains("validation_loss_before"));
    const auto budget = s.value("budget").toArray();
    QVERIFY(budget.size() >= 3);
    QCOMPARE(budget[0].toObject().value("method").toString(), QStringLiteral("baseline"));
    QCOMPARE(budget[0].toObject().value("loss").toDouble(), b.value("validation_loss_after").toDouble());
}

// --checkpoint-every writes OUT/checkpoint; --resume continues from it (here:
// a finished 2-step run extended to 4 steps; the exact equality of a stopped
// and resumed run with an uninterrupted one is tested in tst_trainer).
void TestFinetune::checkpointAndResume() {
    const QString part = m_dir.path() + "/ck-part", more = m_dir.path() + "/ck-more";
    const QStringList common{"finetune", demo(),      "--plan", m_analysis, "--text", text(),   "--batch",
                             "2",        "--seq-len", "32",     "--lr",     "1e-4",   "--seed", "5"};
    auto r = testutil::runCli(common + QStringList{"--steps", "2", "--checkpoint-every", "1", "--out", part});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(QFileInfo::exists(part + "/checkpoint/trainer-checkpoint.pt"));
    QCOMPARE(QDir(part + "/checkpoint").entryList(QDir::Files).size(), 1); // no temporary files left
    r = testutil::runCli(common + QStringList{"--steps", "4", "--resume", part + "/checkpoint", "--out", more});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    auto rows = [](const QString& file) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) return QStringList();
        auto lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
        lines.removeFirst();
        return lines;
    };
    const auto a = rows(part + "/metrics.csv"), b = rows(more + "/metrics.csv");
    QCOMPARE(a.size(), 4); // 2 steps x 2 models
    QCOMPARE(b.size(), 8); // the first run's rows, then 2 more steps
    for (int i = 0; i < a.size(); ++i) QCOMPARE(b[i].section(',', 0, 2), a[i].section(',', 0, 2)); // run,step,loss
    QCOMPARE(b.last().section(',', 1, 1), QStringLiteral("4"));
    QVERIFY(QFileInfo::exists(more + "/checkpoint/trainer-checkpoint.pt"));

    // --threads 1: every step on one worker; the default split the batch of 2
    // over two workers here, so the losses agree to float rounding only.
    const QString one = m_dir.path() + "/ck-one";
    r = testutil::runCli(common + QStringList{"--steps", "2", "--threads", "1", "--out", one});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto c = rows(one + "/metrics.csv");
    QCOMPARE(c.size(), a.size());
    for (int i = 0; i < a.size(); ++i) {
        QCOMPARE(c[i].section(',', 0, 1), a[i].section(',', 0, 1)); // run,step
        const double la = a[i].section(',', 2, 2).toDouble(), lc = c[i].section(',', 2, 2).toDouble();
        QVERIFY2(la > 0 && std::abs(la - lc) < 1e-4, qPrintable(a[i] + " vs " + c[i]));
    }

    // Other settings than the checkpoint's: a one-line error naming the setting.
    r = testutil::runCli(QStringList{"finetune",  demo(),
                                     "--plan",    m_analysis,
                                     "--text",    text(),
                                     "--batch",   "3",
                                     "--seq-len", "32",
                                     "--lr",      "1e-4",
                                     "--seed",    "5",
                                     "--steps",   "4",
                                     "--resume",  part + "/checkpoint",
                                     "--out",     m_dir.path() + "/ck-bad"});
    QCOMPARE(r.exitCode, 1);
    const QString line = lastLine(r.err);
    QVERIFY2(line.startsWith("sharelens-cli: error:") && line.contains("batch"), qPrintable(line));
}

// --distill both: metrics.csv gains the components' columns, the step lines
// name them, summary.json records the settings, the loss and the shared
// run's last components; the baseline's rows carry no distillation terms.
void TestFinetune::distillWritesLossComponents() {
    const QString out = m_dir.path() + "/distill";
    const auto r = testutil::runCli({"finetune",
                                     demo(),
                                     "--plan",
                                     m_analysis,
                                     "--text",
                                     text(),
                                     "--steps",
                                     "3",
                                     "--batch",
                                     "2",
                                     "--seq-len",
                                     "32",
                                     "--lr",
                                     "1e-4",
                                     "--distill",
                                     "both",
                                     "--distill-temperature",
                                     "2",
                                     "--distill-weight",
                                     "0.75",
                                     "--out",
                                     out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("KL ") && r.err.contains("hidden MSE"), r.err.constData());
    QFile f(out + "/metrics.csv");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
    QCOMPARE(lines.value(0), QStringLiteral("run,step,loss,tokens_per_s,model_state_bytes,peak_rss_bytes,"
                                            "cross_entropy,distill_kl,distill_hidden"));
    int shared = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const auto c = lines[i].split(',');
        QCOMPARE(c.size(), 9);
        const double loss = c[2].toDouble(), ce = c[6].toDouble(), kl = c[7].toDouble(), mse = c[8].toDouble();
        if (c[0] == "baseline") {
            QCOMPARE(ce, loss);
            QCOMPARE(kl, 0.0);
            QCOMPARE(mse, 0.0);
            continue;
        }
        ++shared;
        QVERIFY(kl > 0 && mse > 0);
        // loss = (1 - w) CE + w T^2 KL + h MSE with w = 0.75, T = 2, h = 1.
        QVERIFY2(std::abs(loss - (0.25 * ce + 0.75 * 4 * kl + mse)) < 1e-4 * loss, qPrintable(lines[i]));
    }
    QCOMPARE(shared, 3);
    const auto s = testutil::readJson(out + "/summary.json");
    const auto d = s.value("options").toObject().value("distill").toObject();
    QCOMPARE(d.value("mode").toString(), QStringLiteral("both"));
    QCOMPARE(d.value("temperature").toDouble(), 2.0);
    QCOMPARE(d.value("weight").toDouble(), 0.75);
    QCOMPARE(d.value("hidden_weight").toDouble(), 1.0);
    QVERIFY(d.value("loss").toString().contains("T^2 KL"));
    QVERIFY(s.value("shared").toObject().value("final_distill_kl").toDouble() > 0);
    QVERIFY(s.value("shared").toObject().value("final_distill_hidden").toDouble() > 0);
    QVERIFY(!s.value("baseline").toObject().contains("final_distill_kl"));
}

// OUT/shared is written in MODEL's stored dtype unless --dtype says otherwise:
// a BF16 model's trained shared model as BF16 (about half the float32 file),
// recorded in summary.json, and it evaluates to the float32-written one's
// loss within BF16 rounding (the same run, only the storage differs).
void TestFinetune::sharedKeepsStoredDtype() {
    const QString model = m_dir.path() + "/llama-bf16";
    QVERIFY(testutil::makeCheckpoint(
        model, {"--family", "llama", "--dtype", "bf16", "--layers", "4", "--vocab", "256", "--seed", "4"}));
    const auto an = testutil::runCli({"analyze", model, "--text", text(), "--seq-len", "32", "--sequences", "8",
                                      "--threshold", "2", "--out", m_dir.path() + "/an-bf16"});
    QVERIFY2(an.exitCode == 0, an.err.constData());
    const QString plan = m_dir.path() + "/an-bf16/analysis.json";
    struct Out {
        QString dtype;
        qint64 bytes = 0;
        double loss = 0;
    };
    // A failed check returns from the lambda only: the caller stops on currentTestFailed().
    auto run = [&](const QStringList& extra, const QString& name, Out* o) {
        const QString out = m_dir.path() + "/" + name;
        const auto r = testutil::runCli(QStringList{"finetune", model, "--plan", plan, "--text", text(), "--steps", "2",
                                                    "--batch", "2", "--seq-len", "32", "--out", out} +
                                        extra);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto s = testutil::readJson(out + "/summary.json");
        o->dtype = s.value("options").toObject().value("dtype").toString();
        const auto info = testutil::runCli({"info", out + "/shared", "--json"});
        QVERIFY2(info.exitCode == 0, info.err.constData());
        QCOMPARE(QJsonDocument::fromJson(info.out).object().value("dtype").toString(), o->dtype);
        o->bytes = QFileInfo(out + "/shared/model.safetensors").size();
        const auto ev = testutil::runCli(
            {"eval", out + "/shared", "--text", text(), "--seq-len", "32", "--sequences", "8", "--json"});
        QVERIFY2(ev.exitCode == 0, ev.err.constData());
        o->loss = QJsonDocument::fromJson(ev.out).object().value("loss").toDouble();
    };
    Out bf16, f32, f16;
    run({}, "dtype-default", &bf16);
    run({"--dtype", "f32"}, "dtype-f32", &f32);
    run({"--dtype", "f16"}, "dtype-f16", &f16);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(bf16.dtype, QStringLiteral("BF16"));
    QCOMPARE(f32.dtype, QStringLiteral("F32"));
    QCOMPARE(f16.dtype, QStringLiteral("F16"));
    QVERIFY2(bf16.bytes < f32.bytes * 6 / 10, qPrintable(QString("%1 and %2 bytes").arg(bf16.bytes).arg(f32.bytes)));
    QVERIFY(f32.loss > 0);
    QVERIFY2(std::abs(bf16.loss - f32.loss) < 1e-2 * f32.loss,
             qPrintable(QString("BF16 %1, F32 %2").arg(bf16.loss).arg(f32.loss)));
    QVERIFY2(std::abs(f16.loss - f32.loss) < 1e-2 * f32.loss,
             qPrintable(QString("F16 %1, F32 %2").arg(f16.loss).arg(f32.loss)));
}

void TestFinetune::rejectsBadInput_data() {
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("words");
    QTest::newRow("steps-0") << "steps0"
                             << "--steps must be between 1";
    QTest::newRow("plan-for-another-model") << "plan3"
                                            << "another model";
    QTest::newRow("plan-joining-attention-with-mlp") << "sublayers"
                                                     << "units of different kinds";
    QTest::newRow("text-too-short") << "short"
                                    << "fewer than one sequence";
    QTest::newRow("bad-init") << "init"
                              << "--init must be";
    QTest::newRow("negative-threads") << "threads"
                                      << "--threads must be between 0 and 1024";
    QTest::newRow("bad-dtype") << "dtype"
                               << "--dtype must be f32, f16 or bf16, got 'f8'";
}

void TestFinetune::rejectsBadInput() {
    QFETCH(QString, what);
    QFETCH(QString, words);
    QString plan = m_analysis, txt = text();
    QStringList extra;
    if (what == "steps0")
        extra << "--steps"
              << "0";
    if (what == "init")
        extra << "--init"
              << "best";
    if (what == "threads")
        extra << "--threads"
              << "-1";
    if (what == "dtype")
        extra << "--dtype"
              << "f8";
    if (what == "plan3" || what == "sublayers") {
        plan = m_dir.path() + "/" + what + ".json";
        QVERIFY(testutil::writeFile(plan, what == "plan3" ? planJson(3, "block") : planJson(24, "sublayers")));
    }
    if (what == "short") {
        txt = m_dir.path() + "/short.txt";
        QVERIFY(testutil::writeFile(txt, "In the beginning God created the heaven and the earth.\n"));
    }
    const QString out = m_dir.path() + "/bad-" + what;
    const auto r = testutil::runCli(QStringList{"finetune", demo(), "--plan", plan, "--text", txt, "--steps", "2",
                                                "--batch", "2", "--seq-len", "32", "--out", out} +
                                    extra);
    QCOMPARE(r.exitCode, 1);
    const QString line = lastLine(r.err);
    QVERIFY2(line.startsWith("sharelens-cli: error:") && line.contains(words), qPrintable(line));
    QVERIFY(!QFileInfo::exists(out + "/shared"));
}

QTEST_GUILESS_MAIN(TestFinetune)
#include "tst_finetune.moc"
