// Multiple-choice task scoring and stride perplexity (sharelens/tasks.h)
// against an independent PyTorch reference (tests/reference/reference_tasks.py)
// on the demo model, and the messages for bad task files.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "errortest.h"
#include "sharelens/data.h"
#include "sharelens/input_limits.h"
#include "sharelens/model.h"
#include "sharelens/session.h"
#include "sharelens/tasks.h"
#include "sharelens/tokenizer.h"
#include "testpaths.h"
#include "testutil.h"

using namespace sharelens;

namespace {

// Items beyond the shipped example: a context longer than the demo's 256
// positions (cut from the left), whitespace ending the context, two choices,
// choices of different lengths (acc_norm differs from acc).
const char* const kFixture =
    R"({"context": "In the beginning God created the heaven and the earth. And the earth was without form, and void; and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters. And God said, Let there be light: and there was light. And God saw the light, that it was", "choices": ["good", "bad", "blue"], "label": 0})"
    "\n"
    R"({"context": "And the evening and the morning were the first ", "choices": ["day.", "night and a long time after it."], "label": 0})"
    "\n\n"
    R"({"context": "Let there be", "choices": ["light", "a very long and unlikely continuation of words"], "label": 1})"
    "\n";

QString demoDir() { return testpaths::source("/resources/demo"); }
QString examplePath() { return testpaths::source("/resources/tasks/example-mc.jsonl"); }

std::vector<EncodedTaskItem> encodeFile(const Model& model, const std::string& path) {
    auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
    return encodeTaskItems(readTaskFile(path), *tok, model.config().maxPositions, path);
}

// The demo's calibration text as one token stream (the demo has no BOS).
std::vector<int32_t> streamIds(const Model& model, size_t n) {
    auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
    auto ids = tok->encodePrefix(readTextFile(testpaths::sourceStd("/resources/text/calibration.txt")), n);
    return ids;
}

QByteArray idsJson(const std::vector<int32_t>& ids) {
    QJsonArray a;
    for (int32_t v : ids) a.append(v);
    return QJsonDocument(QJsonArray{a}).toJson(QJsonDocument::Compact);
}

} // namespace

class TestTasks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoresMatchReference_data();
    void scoresMatchReference();
    void encodesLikeTheHarness();
    void accuracyAndStderr();
    void strideScoresEveryTokenOnce();
    void badLines_data();
    void badLines();
    void refusesBadFiles();
    void sessionKeepsAccuracy();
};

void TestTasks::scoresMatchReference_data() {
    QTest::addColumn<QString>("file"); // empty: the fixture above
    QTest::addColumn<int>("window");
    QTest::addColumn<int>("stride");
    QTest::newRow("shipped-example") << examplePath() << 64 << 24;
    QTest::newRow("fixture") << QString() << 100 << 100;
}

void TestTasks::scoresMatchReference() {
    QFETCH(QString, file);
    QFETCH(int, window);
    QFETCH(int, stride);
    QTemporaryDir tmp;
    if (file.isEmpty()) {
        file = tmp.filePath(QStringLiteral("fixture.jsonl"));
        QVERIFY(testutil::writeFile(file, kFixture));
    }
    auto model = Model::load(demoDir().toStdString());
    const auto items = encodeFile(*model, file.toStdString());
    const auto scores = scoreChoices(*model, items);
    const auto acc = taskAccuracy(items, scores);
    const auto stream = streamIds(*model, 300);
    const auto stride_ = strideEvaluate(*model, stream, window, stride);

    const QString idsPath = tmp.filePath(QStringLiteral("ids.json")), refPath = tmp.filePath(QStringLiteral("r.json"));
    QVERIFY(testutil::writeFile(idsPath, idsJson(stream)));
    QVERIFY(testutil::runPython(QStringLiteral("reference_tasks.py"),
                                {demoDir(), file, idsPath, QString::number(window), QString::number(stride), refPath}));
    const QJsonObject ref = testutil::readJson(refPath);
    const QJsonArray lls = ref.value(QStringLiteral("loglikelihoods")).toArray();
    QCOMPARE(lls.size(), static_cast<qsizetype>(items.size()));
    double worst = 0;
    for (qsizetype i = 0; i < lls.size(); ++i) {
        const QJsonArray row = lls[i].toArray();
        QCOMPARE(row.size(), static_cast<qsizetype>(scores[static_cast<size_t>(i)].logLikelihood.size()));
        for (qsizetype c = 0; c < row.size(); ++c)
            worst = std::max(worst, std::abs(scores[static_cast<size_t>(i)].logLikelihood[static_cast<size_t>(c)] -
                                             row[c].toDouble()));
    }
    QVERIFY2(worst < 1e-4, qPrintable(QStringLiteral("log-likelihoods differ by %1").arg(worst)));
    QCOMPARE(acc.accuracy, ref.value(QStringLiteral("acc")).toDouble());
    QCOMPARE(acc.accuracyNorm, ref.value(QStringLiteral("acc_norm")).toDouble());
    QVERIFY(std::abs(acc.accuracyStderr - ref.value(QStringLiteral("acc_stderr")).toDouble()) < 1e-12);
    QVERIFY(std::abs(acc.accuracyNormStderr - ref.value(QStringLiteral("acc_norm_stderr")).toDouble()) < 1e-12);
    QCOMPARE(stride_.tokens, static_cast<int64_t>(ref.value(QStringLiteral("stride_tokens")).toInt()));
    QCOMPARE(stride_.windows, ref.value(QStringLiteral("windows")).toInt());
    QVERIFY2(std::abs(stride_.loss - ref.value(QStringLiteral("stride_loss")).toDouble()) < 1e-5,
             qPrintable(QStringLiteral("stride loss %1 vs %2")
                            .arg(stride_.loss)
                            .arg(ref.value(QStringLiteral("stride_loss")).toDouble())));
}

void TestTasks::encodesLikeTheHarness() {
    auto tok = makeByteTokenizer();
    const auto items = parseTaskJsonl(R"({"context": "Hi ", "choices": ["ab", "c"], "label": 1})", "t.jsonl");
    const auto e = encodeTaskItems(items, *tok, 8, "t.jsonl");
    QCOMPARE(e.size(), size_t(1));
    // The trailing space moves to the continuation: "Hi" | "  ab".
    QCOMPARE(e[0].context, (std::vector<int32_t>{'H', 'i'}));
    QCOMPARE(e[0].choices[0], (std::vector<int32_t>{' ', ' ', 'a', 'b'}));
    QCOMPARE(e[0].choices[1], (std::vector<int32_t>{' ', ' ', 'c'}));
    QCOMPARE(e[0].choiceLength, (std::vector<double>{2, 1}));
    // A choice that does not fit the model's context is refused, naming the line.
    const auto err = testutil::errorOf([&] { encodeTaskItems(items, *tok, 3, "t.jsonl"); });
    QVERIFY(err);
    QVERIFY2(QString::fromStdString(err->what()).startsWith(QStringLiteral("t.jsonl: line 1: choice 0 is 4 tokens")),
             err->what());
}

void TestTasks::accuracyAndStderr() {
    std::vector<EncodedTaskItem> items(4);
    std::vector<ChoiceScores> scores(4);
    const std::vector<std::vector<double>> ll{{-1, -2}, {-3, -3}, {-4, -6}, {-2, -1}};
    const std::vector<int> labels{0, 1, 1, 0};
    for (size_t i = 0; i < 4; ++i) {
        items[i].label = labels[i];
        items[i].choiceLength = {1, 4};
        scores[i].logLikelihood = ll[i];
    }
    const auto a = taskAccuracy(items, scores);
    // acc: predictions 0, 0 (tie: first), 0, 1 -> item 0 right only.
    QCOMPARE(a.predictions, (std::vector<int>{0, 0, 0, 1}));
    QCOMPARE(a.accuracy, 0.25);
    QVERIFY(std::abs(a.accuracyStderr - std::sqrt(0.25 * 0.75 / 3)) < 1e-15);
    // acc_norm: -1/1 vs -2/4; -3 vs -0.75; -4 vs -1.5; -2 vs -0.25 -> all choose 1.
    QCOMPARE(a.predictionsNorm, (std::vector<int>{1, 1, 1, 1}));
    QCOMPARE(a.accuracyNorm, 0.5);
    QVERIFY(std::abs(a.accuracyNormStderr - std::sqrt(0.25 / 3)) < 1e-15);
}

void TestTasks::strideScoresEveryTokenOnce() {
    auto model = Model::load(demoDir().toStdString());
    const auto ids = streamIds(*model, 200);
    // One window covering everything is the plain loss of the whole stream.
    const auto whole = strideEvaluate(*model, ids, 200, 50);
    const auto plain = model->evaluate({ids});
    QCOMPARE(whole.windows, 1);
    QCOMPARE(whole.tokens, plain.tokens);
    QVERIFY(std::abs(whole.loss - plain.loss) < 1e-6);
    const auto s = strideEvaluate(*model, ids, 64, 16);
    QCOMPARE(s.tokens, int64_t(199));
    QCOMPARE(s.windows, 10); // windows start at 0, 16, ..., 144 (the one reaching 200)
    // Overlapping windows give every scored token more context than chunks do.
    QVERIFY(s.loss < model->evaluate(chunkTokens(ids, 64)).loss);
    for (auto [w, st] : {std::pair{1, 1}, {64, 0}, {64, 65}, {1000, 10}}) {
        const auto e = testutil::errorOf([&] { strideEvaluate(*model, ids, w, st); });
        QVERIFY2(e.has_value(), qPrintable(QStringLiteral("window %1 stride %2").arg(w).arg(st)));
    }
}

void TestTasks::badLines_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const QByteArray ok = R"({"context": "a", "choices": ["b", "c"], "label": 0})";
    QTest::newRow("not-json") << ok + "\n{oops\n"
                              << "line 2: not valid JSON";
    QTest::newRow("not-object") << QByteArray("[1, 2]") << "line 1: is a array, not a JSON object";
    QTest::newRow("no-context") << QByteArray(R"({"choices": ["b", "c"], "label": 0})") << "line 1: has no \"context\"";
    QTest::newRow("context-number") << QByteArray(R"({"context": 3, "choices": ["b", "c"], "label": 0})")
                                    << "line 1: \"context\" is an integer, not a string";
    QTest::newRow("choices-string") << QByteArray(R"({"context": "a", "choices": "b", "label": 0})")
                                    << "line 1: \"choices\" is a string, not a list of strings";
    QTest::newRow("no-choices") << "\n\n" + QByteArray(R"({"context": "a", "choices": [], "label": 0})")
                                << "line 3: \"choices\" has 0 entries; an item needs 2 to 64";
    QTest::newRow("one-choice") << QByteArray(R"({"context": "a", "choices": ["b"], "label": 0})")
                                << "line 1: \"choices\" has 1 entries";
    QTest::newRow("empty-choice") << QByteArray(R"({"context": "a", "choices": ["b", " "], "label": 0})")
                                  << "line 1: choice 1 is empty";
    QTest::newRow("choice-number") << QByteArray(R"({"context": "a", "choices": ["b", 2], "label": 0})")
                                   << "line 1: choice 1 is an integer, not a string";
    QTest::newRow("label-range") << QByteArray(R"({"context": "a", "choices": ["b", "c"], "label": 2})")
                                 << "line 1: \"label\" is 2, outside the 2 choices; labels count from 0 (0 to 1)";
    QTest::newRow("label-negative") << QByteArray(R"({"context": "a", "choices": ["b", "c"], "label": -1})")
                                    << "line 1: \"label\" is -1, outside the 2 choices";
    QTest::newRow("label-string") << QByteArray(R"({"context": "a", "choices": ["b", "c"], "label": "0"})")
                                  << "line 1: \"label\" is a string, not an integer index";
    QTest::newRow("too-deep") << QByteArray(600, '[') << "line 1: the JSON nests deeper than 512 levels";
    QTest::newRow("long-line") << ok + "\n" + QByteArray((1 << 20) + 1, ' ') + "x"
                               << "line 2: is 1048578 bytes long, more than the 1 MiB";
    QTest::newRow("empty-file") << QByteArray("\n  \n") << "the task file holds no items";
}

void TestTasks::badLines() {
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const auto e = testutil::errorOf([&] { parseTaskJsonl(text.toStdString(), "tasks.jsonl"); });
    QVERIFY(e.has_value());
    const QString what = QString::fromStdString(e->what());
    QVERIFY2(what.startsWith(QStringLiteral("tasks.jsonl: ") + message), qPrintable(what));
}

void TestTasks::refusesBadFiles() {
    QTemporaryDir tmp;
    // A folder and a missing file get the input readers' messages, naming the path.
    for (const QString& p : {tmp.path(), tmp.filePath(QStringLiteral("missing.jsonl"))}) {
        const auto e = testutil::errorOf([&] { readTaskFile(p.toStdString()); });
        QVERIFY(e.has_value());
        QCOMPARE(QString::fromStdString(e->path()), p);
    }
    QCOMPARE(kMaxTaskFileBytes, kMaxJsonFileBytes);
    // The shipped example parses: 30 items of 4 choices.
    const auto items = readTaskFile(examplePath().toStdString());
    QCOMPARE(items.size(), size_t(30));
    for (const auto& it : items) QCOMPARE(it.choices.size(), size_t(4));
}

void TestTasks::sessionKeepsAccuracy() {
    // A fine-tune's budget points keep their task accuracy in a session; a
    // point without one (an older session) reads back without.
    Session s;
    s.models = {"model"};
    SessionRun run;
    BudgetPoint measured;
    measured.method = "shared";
    measured.loss = 2.5;
    measured.taskItems = 30;
    measured.accuracy = 0.4;
    measured.accuracyStderr = 0.09;
    measured.accuracyNorm = 0.5;
    measured.accuracyNormStderr = 0.1;
    BudgetPoint plain;
    plain.method = "int8";
    plain.loss = 1.5;
    run.budget = {measured, plain};
    s.runs.push_back(run);
    const std::string text = sessionToJson(s);
    QVERIFY(text.find("\"accuracy_norm_stderr\"") != std::string::npos);
    const Session r = sessionFromJson(text, "s.sharelens");
    QCOMPARE(r.runs.size(), size_t(1));
    const auto& b = r.runs[0].budget;
    QCOMPARE(b.size(), size_t(2));
    QCOMPARE(b[0].taskItems, 30);
    QCOMPARE(b[0].accuracy, 0.4);
    QCOMPARE(b[0].accuracyStderr, 0.09);
    QCOMPARE(b[0].accuracyNorm, 0.5);
    QCOMPARE(b[0].accuracyNormStderr, 0.1);
    QCOMPARE(b[1].taskItems, 0);
    QCOMPARE(sessionToJson(r), text);
}

QTEST_GUILESS_MAIN(TestTasks)
#include "tst_tasks.moc"
