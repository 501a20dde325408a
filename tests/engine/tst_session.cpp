// Session files: a save → open round trip gives the identical state (every
// double bit for bit, NaN losses kept), writes are atomic, and damaged or
// foreign files are refused with a message naming the file and the field.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <limits>
#include <random>

#include "errortest.h"
#include "sharelens/agents.h"
#include "sharelens/checkpoint.h"
#include "sharelens/data.h"
#include "sharelens/session.h"
#include "testutil.h"

using namespace sharelens;

class TestSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTripIsExact();
    void emptySessionRoundTrips();
    void distilledRunRoundTrips();
    void saveIsAtomic();
    void badFiles_data();
    void badFiles();
    void everyTruncationIsRefused();
    void agentsRoundTripIsExact();
    void singleModelFileHasNoAgents();
    void badAgents_data();
    void badAgents();

private:
    Session sample() const;
    Session agentsSample() const;

    QTemporaryDir m_tmp;
    Checkpoint m_checkpoint;
};

void TestSession::initTestCase() {
    QVERIFY(m_tmp.isValid());
    const QString dir = m_tmp.filePath("gpt2");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "6", "--hidden", "32", "--vocab", "64"}));
    m_checkpoint = openCheckpoint(dir.toStdString());
}

// A session with awkward numbers: non-terminating binary fractions, tiny and
// huge magnitudes, a NaN loss, 64-bit byte counts.
Session TestSession::sample() const {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    Session s;
    s.createdBy = "ShareLens test";
    s.models = {m_checkpoint.dir};
    s.calibration.textPath = "/data/calib ü.txt";
    s.calibration.seqLen = 96;
    s.calibration.sequences = 17;
    s.calibration.metric = Metric::Cka;
    s.calibration.skipFirstToken = true;
    s.clustering.linkage = LinkageMethod::Ward;
    s.clustering.contiguous = true;
    s.clustering.keepFirstLast = true;
    s.clustering.maxGroupSize = 3;
    s.clustering.threshold = 0.1 + 0.2;
    SimilarityResult sim;
    for (int i = 0; i < 6; ++i) sim.units.push_back("block " + std::to_string(i));
    sim.similarity = Eigen::MatrixXd::Identity(6, 6);
    for (int i = 0; i < 6; ++i)
        for (int k = i + 1; k < 6; ++k) sim.similarity(i, k) = sim.similarity(k, i) = u(rng);
    sim.similarity(0, 5) = sim.similarity(5, 0) = 1e-300;
    sim.metric = Metric::Cka;
    sim.tokens = 1632;
    sim.sequences = 17;
    sim.method = "exact linear CKA";
    s.similarity = sim;
    s.plan = makePlan(m_checkpoint, UnitKind::Blocks, {{1, 2}, {3, 4}});
    SessionRun run;
    run.textPath = "";
    run.steps = 3;
    run.batchSize = 4;
    run.seqLen = 32;
    run.learningRate = 3e-4;
    run.init = "medoid";
    run.privateNorms = true;
    run.deltaRank = 2;
    run.seed = 18446744073709551557ULL; // above 2^63: read back as uint64, not clamped to int64
    for (int k = 1; k <= 3; ++k) {
        StepRecord r;
        r.step = k;
        r.loss = k == 3 ? std::numeric_limits<double>::quiet_NaN() : 4.0 / 3.0 + u(rng);
        r.learningRate = 3e-4 * k / 7.0;
        r.stepSeconds = 0.01 * u(rng) + 0.05;
        r.tokensPerSecond = 12345.678 + u(rng);
        r.modelStateBytes = (uint64_t(1) << 60) + uint64_t(k); // above 2^53: exact only if read as an integer
        r.peakRssBytes = uint64_t(3) << 30;
        run.baseline.steps.push_back(r);
        r.modelStateBytes /= 3;
        run.shared.steps.push_back(r);
    }
    run.baseline.evals = {{0, 4.1, std::exp(4.1)}, {3, 3.9, std::exp(3.9)}};
    run.shared.evals = {{0, 4.5, std::exp(4.5)}};
    run.baselineParameters = s.plan->baselineParameters;
    run.sharedParameters = s.plan->sharedParameters;
    run.stopReason = "the shared loss became NaN at step 3";
    run.budget = {{"baseline", run.baselineParameters, uint64_t(4 * run.baselineParameters), 3.9},
                  {"int8", run.baselineParameters, 12345, 1.0 / 3.0}};
    s.runs.push_back(run);
    s.runs.push_back(SessionRun{});
    return s;
}

static bool sameDouble(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// A distilled run keeps its settings and each step's loss components; a run
// without distillation writes neither (files as before).
void TestSession::distilledRunRoundTrips() {
    Session s = sample();
    SessionRun& run = s.runs.front();
    const std::string plain = sessionToJson(s);
    QVERIFY(plain.find("distill") == std::string::npos);
    QVERIFY(plain.find("cross_entropy") == std::string::npos);
    run.distill = DistillMode::Both;
    run.distillTemperature = 2.5;
    run.distillWeight = 0.7;
    run.distillHiddenWeight = 0.25;
    for (size_t k = 0; k < run.shared.steps.size(); ++k) {
        auto& st = run.shared.steps[k];
        st.crossEntropy = 3.0 + 0.1 * double(k);
        st.distillKl = 0.1 / 3.0 * double(k + 1);
        st.distillHidden = 1e-7 * double(k + 1);
    }
    const std::string path = m_tmp.filePath("distill.sharelens").toStdString();
    saveSession(path, s);
    const Session r = loadSession(path);
    const SessionRun& back = r.runs.front();
    QCOMPARE(back.distill, DistillMode::Both);
    QCOMPARE(back.distillTemperature, 2.5);
    QCOMPARE(back.distillWeight, 0.7);
    QCOMPARE(back.distillHiddenWeight, 0.25);
    QCOMPARE(back.shared.steps.size(), run.shared.steps.size());
    for (size_t k = 0; k < run.shared.steps.size(); ++k) {
        QCOMPARE(back.shared.steps[k].crossEntropy, run.shared.steps[k].crossEntropy);
        QCOMPARE(back.shared.steps[k].distillKl, run.shared.steps[k].distillKl);
        QCOMPARE(back.shared.steps[k].distillHidden, run.shared.steps[k].distillHidden);
    }
    // The baseline's steps had no components: its cross-entropy is its loss.
    QVERIFY(sameDouble(back.baseline.steps[0].crossEntropy, run.baseline.steps[0].loss));
    QCOMPARE(back.baseline.steps[0].distillKl, 0.0);
    QCOMPARE(r.runs.back().distill, DistillMode::None);
}

void TestSession::roundTripIsExact() {
    const Session s = sample();
    const std::string path = m_tmp.filePath("a.sharelens").toStdString();
    saveSession(path, s);
    const Session r = loadSession(path);
    // The whole state, as text; then the fields one by one (so a field the
    // writer forgot cannot hide behind a reader that forgot it too).
    QCOMPARE(QString::fromStdString(sessionToJson(r)), QString::fromStdString(sessionToJson(s)));
    QCOMPARE(r.models, s.models);
    QVERIFY(r.calibration == s.calibration);
    QVERIFY(r.clustering == s.clustering);
    QCOMPARE(r.clustering.threshold, 0.1 + 0.2);
    QVERIFY(r.similarity.has_value());
    QVERIFY(r.similarity->similarity == s.similarity->similarity); // exact
    QCOMPARE(r.similarity->similarity(0, 5), 1e-300);
    QCOMPARE(r.similarity->units, s.similarity->units);
    QCOMPARE(r.similarity->tokens, s.similarity->tokens);
    QCOMPARE(r.similarity->method, s.similarity->method);
    QVERIFY(r.similarity->metric == Metric::Cka);
    QVERIFY(r.plan.has_value());
    QCOMPARE(r.plan->groups.size(), s.plan->groups.size());
    for (size_t g = 0; g < r.plan->groups.size(); ++g) QCOMPARE(r.plan->groups[g].members, s.plan->groups[g].members);
    QCOMPARE(r.plan->sharedParameters, s.plan->sharedParameters);
    QCOMPARE(r.runs.size(), size_t(2));
    const auto &a = r.runs[0], &b = s.runs[0];
    QCOMPARE(a.seed, b.seed);
    QCOMPARE(a.init, b.init);
    QCOMPARE(a.deltaRank, 2);
    QVERIFY(a.privateNorms);
    QCOMPARE(a.learningRate, b.learningRate);
    QCOMPARE(a.stopReason, b.stopReason);
    QCOMPARE(a.baseline.steps.size(), size_t(3));
    for (size_t k = 0; k < 3; ++k) {
        for (const auto* pair : {&a.baseline, &a.shared}) {
            const auto& orig = pair == &a.baseline ? b.baseline.steps[k] : b.shared.steps[k];
            const auto& got = pair->steps[k];
            QCOMPARE(got.step, orig.step);
            QVERIFY(sameDouble(got.loss, orig.loss));
            QCOMPARE(got.learningRate, orig.learningRate);
            QCOMPARE(got.stepSeconds, orig.stepSeconds);
            QCOMPARE(got.tokensPerSecond, orig.tokensPerSecond);
            QCOMPARE(got.modelStateBytes, orig.modelStateBytes);
            QCOMPARE(got.peakRssBytes, orig.peakRssBytes);
        }
    }
    QVERIFY(std::isnan(a.baseline.steps[2].loss));
    QCOMPARE(a.shared.evals.size(), size_t(1));
    QCOMPARE(a.baseline.evals[1].perplexity, std::exp(3.9));
    QCOMPARE(a.budget.size(), size_t(2));
    QCOMPARE(a.budget[1].method, std::string("int8"));
    QCOMPARE(a.budget[1].bytes, uint64_t(12345));
    QCOMPARE(a.budget[1].loss, 1.0 / 3.0);
}

void TestSession::emptySessionRoundTrips() {
    const std::string path = m_tmp.filePath("empty.sharelens").toStdString();
    Session s;
    s.models = {"/x"};
    saveSession(path, s);
    const Session r = loadSession(path);
    QVERIFY(!r.similarity && !r.plan && r.runs.empty());
    QCOMPARE(sessionToJson(r), sessionToJson(s));
}

void TestSession::saveIsAtomic() {
    const QString dir = m_tmp.filePath("ro");
    QVERIFY(QDir().mkpath(dir));
    const std::string path = (dir + "/s.sharelens").toStdString();
    const Session s = sample();
    saveSession(path, s);
    const std::string before = readFile(path);
    // A folder we may not write into: the old file stays whole, no leftovers.
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner);
    if (QFileInfo(dir).isWritable()) {
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QSKIP("running as a user who can write to read-only folders (root)");
    }
    Session changed = s;
    changed.clustering.threshold = 0.5;
    const auto err = testutil::errorOf([&] { saveSession(path, changed); });
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(err.has_value());
    QCOMPARE(readFile(path), before);
    QCOMPARE(testutil::entries(dir), QStringList{"s.sharelens"});
}

void TestSession::badFiles_data() {
    QTest::addColumn<QByteArray>("edit"); // python-ish: which transformation
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("text:hello") << "is not a ShareLens session (not valid JSON";
    QTest::newRow("another json") << QByteArray("text:{\"units\": []}") << "no \"format\": \"sharelens-session\"";
    QTest::newRow("newer version") << QByteArray("version:99")
                                   << "was saved by a newer ShareLens (session version 99; this one reads version 1)";
    QTest::newRow("matrix rows") << QByteArray("droprow") << "similarity.matrix has 5 rows for 6 units";
    QTest::newRow("matrix ragged") << QByteArray("ragged") << "similarity.matrix row 2 does not have 6 numbers";
    QTest::newRow("matrix text") << QByteArray("textcell")
                                 << "similarity.matrix row 1 holds something that is not a number";
    QTest::newRow("threshold") << QByteArray("threshold") << "clustering.threshold is outside 0..2";
    QTest::newRow("metric") << QByteArray("metric") << "calibration.metric is not pearson, cosine or cka";
    QTest::newRow("columns differ") << QByteArray("column")
                                    << "runs[0].baseline.steps.loss has 2 entries, the other columns 3";
    QTest::newRow("missing field") << QByteArray("nocal") << "the file has no \"calibration\"";
    QTest::newRow("init") << QByteArray("init") << "runs[0].settings.init is not mean, medoid, first or laco";
    QTest::newRow("negative bytes")
        << QByteArray("negbytes")
        << "runs[0].shared.steps.model_state_bytes holds something that is not a whole number "
           "from 0 to 18446744073709551615";
    // Found by fuzz_session: 1e300 was cast to uint64_t (undefined behaviour), 2.5 became step 2.
    QTest::newRow("bytes 1e300") << QByteArray("hugebytes")
                                 << "runs[0].baseline.steps.peak_rss_bytes holds something that is not a whole number";
    QTest::newRow("fractional step") << QByteArray("fracstep")
                                     << "runs[0].shared.evals.step holds something that is not a whole number from 0 "
                                        "to 999999999";
    QTest::newRow("negative seed") << QByteArray("negseed") << "runs[0].settings.seed is not a whole number from 0";
}

void TestSession::badFiles() {
    QFETCH(QByteArray, edit);
    QFETCH(QString, message);
    const std::string good = sessionToJson(sample());
    std::string text;
    if (edit.startsWith("text:")) {
        text = edit.mid(5).toStdString();
    } else {
        // Edit the JSON with Python, an independent parser.
        const QString in = m_tmp.filePath("good.json"), out = m_tmp.filePath("bad.json");
        QVERIFY(testutil::writeFile(in, QByteArray::fromStdString(good)));
        QVERIFY(testutil::runPython(QStringLiteral("edit_session.py"), {in, out, QString::fromLatin1(edit)}));
        text = readFile(out.toStdString());
    }
    const std::string path = "/some/where/bad.sharelens";
    const auto err = testutil::errorOf([&] { sessionFromJson(text, path); });
    QVERIFY2(err.has_value(), "accepted");
    const QString what = QString::fromUtf8(err->what());
    QVERIFY2(what.contains(message), qPrintable(what));
    QVERIFY2(what.contains("bad.sharelens"), qPrintable(what));
}

// Every prefix of a valid file is refused with an Error (never a crash or a
// half-read session).
void TestSession::everyTruncationIsRefused() {
    const std::string good = sessionToJson(sample());
    int refused = 0;
    const size_t step = std::max<size_t>(1, good.size() / 1500);
    for (size_t n = 0; n + 1 < good.size(); n += step) {
        // Trailing whitespace after the closing brace is still a whole document.
        if (good.find_first_not_of(" \n", n) == std::string::npos) continue;
        const auto err = testutil::errorOf([&] { sessionFromJson(good.substr(0, n), "t.sharelens"); });
        QVERIFY2(err.has_value(), qPrintable(QString("a prefix of %1 bytes was accepted").arg(n)));
        ++refused;
    }
    QVERIFY(refused > 1000);
}

// Two agents of six blocks: the similarity at both levels (CKA: no Pearson or
// cosine matrices), the weight comparison, a plan and a finished run.
Session TestSession::agentsSample() const {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    Session s;
    s.createdBy = "ShareLens test";
    s.models = {m_checkpoint.dir, m_checkpoint.dir + "-b"};
    s.calibration.seqLen = 32;
    s.calibration.sequences = 5;
    SessionAgents a;
    a.names = {"", "second ü"};
    AgentSimilarityResult sim;
    sim.agents = {"gpt2", "second ü"};
    sim.layers = 6;
    for (const auto& agent : sim.agents)
        for (int l = 0; l < 6; ++l) sim.units.push_back(agentUnitName(agent, l));
    sim.similarity = Eigen::MatrixXd::NullaryExpr(12, 12, [&] { return u(rng); });
    sim.similarity(3, 4) = 1e-300;
    sim.agentSimilarity = Eigen::MatrixXd::NullaryExpr(2, 2, [&] { return 0.1 + 0.2 * u(rng); });
    sim.metric = Metric::Cka;
    sim.tokens = 160;
    sim.sequences = 5;
    sim.method = "one pass";
    a.similarity = sim;
    WeightDifferenceResult w;
    w.agents = sim.agents;
    for (int l = 0; l < 6; ++l) {
        w.differenceNorm.push_back(Eigen::MatrixXd::NullaryExpr(2, 2, [&] { return u(rng); }));
        w.relativeDifference.push_back(Eigen::MatrixXd::NullaryExpr(2, 2, [&] { return u(rng); }));
        w.weightCosine.push_back(Eigen::MatrixXd::NullaryExpr(2, 2, [&] { return u(rng); }));
        w.deltaCosine.push_back(Eigen::MatrixXd::Constant(2, 2, std::numeric_limits<double>::quiet_NaN()));
    }
    a.weights = w;
    a.level = AgentLevel::Agents;
    a.linkage = LinkageMethod::Complete;
    a.layersThreshold = 0.1 + 0.2;
    a.agentsThreshold = 1.0 / 3.0;
    const std::vector<Checkpoint> cps{m_checkpoint, m_checkpoint};
    a.plan = sessionAgentPlan(makeAgentPlan(cps, sim.agents, AgentLevel::Agents, {{0, 1}}));
    a.agentTexts = {"", "/texts/b.txt"};
    SessionAgentsRun run;
    run.textPaths = {"/texts/a.txt", "/texts/b.txt"};
    run.steps = 40;
    run.batchSize = 2;
    run.seqLen = 16;
    run.learningRate = 1e-8;
    run.init = SharedInit::Medoid;
    run.seed = std::numeric_limits<uint64_t>::max();
    run.plan = sessionAgentPlan(makeAgentPlan(cps, sim.agents, AgentLevel::Layers, {{0, 6}, {1, 2, 7}}));
    run.baseline = {1000, 4.5, 4.25, 1u << 20, uint64_t(1) << 40, 1234.5, 40};
    run.shared = {800, 4.5, std::numeric_limits<double>::quiet_NaN(), 1u << 19, 3, 0.1, 40};
    run.agents = {{"gpt2", 4.5, 4.0, 4.6, 4.1}, {"second ü", 4.4, -1, 4.3, 3.9}};
    run.stopReason = "the loss became NaN";
    a.runs = {run};
    s.agents = a;
    return s;
}

void TestSession::agentsRoundTripIsExact() {
    const Session s = agentsSample();
    const std::string path = m_tmp.filePath("agents.sharelens").toStdString();
    saveSession(path, s);
    const Session r = loadSession(path);
    QCOMPARE(QString::fromStdString(sessionToJson(r)), QString::fromStdString(sessionToJson(s)));
    QVERIFY(r.agents.has_value());
    const SessionAgents &a = *r.agents, &b = *s.agents;
    QCOMPARE(a.names, b.names);
    QVERIFY(a.level == AgentLevel::Agents);
    QVERIFY(a.linkage == LinkageMethod::Complete);
    QCOMPARE(a.layersThreshold, 0.1 + 0.2);
    QCOMPARE(a.agentsThreshold, 1.0 / 3.0);
    QVERIFY(a.similarity && a.similarity->similarity == b.similarity->similarity);
    QCOMPARE(a.similarity->similarity(3, 4), 1e-300);
    QVERIFY(a.similarity->agentSimilarity == b.similarity->agentSimilarity);
    QCOMPARE(a.similarity->units, b.similarity->units);
    QCOMPARE(a.similarity->layers, 6);
    QCOMPARE(a.similarity->pearson.size(), Eigen::Index(0));
    QVERIFY(a.weights && a.weights->differenceNorm.size() == 6);
    QVERIFY(a.weights->weightCosine[5] == b.weights->weightCosine[5]);
    QVERIFY(std::isnan(a.weights->deltaCosine[0](1, 1)));
    QVERIFY(a.plan && a.plan->level == AgentLevel::Agents);
    QCOMPARE(a.plan->sharedParameters, b.plan->sharedParameters);
    QCOMPARE(a.agentTexts, b.agentTexts);
    QCOMPARE(a.runs.size(), size_t(1));
    const SessionAgentsRun &x = a.runs[0], &y = b.runs[0];
    QCOMPARE(x.textPaths, y.textPaths);
    QCOMPARE(x.learningRate, 1e-8);
    QCOMPARE(x.seed, y.seed);
    QVERIFY(x.init == SharedInit::Medoid);
    QCOMPARE(x.plan.groups, y.plan.groups);
    QVERIFY(x.plan.level == AgentLevel::Layers);
    QCOMPARE(a.plan->groups, (std::vector<std::vector<int>>{{0, 1}}));
    QCOMPARE(a.plan->baselineBytes, b.plan->baselineBytes);
    QCOMPARE(x.baseline.peakRssBytes, uint64_t(1) << 40);
    QCOMPARE(x.baseline.meanTokensPerSecond, 1234.5);
    QVERIFY(std::isnan(x.shared.validationAfter));
    QCOMPARE(x.agents.size(), size_t(2));
    QCOMPARE(x.agents[1].name, std::string("second ü"));
    QCOMPARE(x.agents[1].unsharedAfter, -1.0);
    QCOMPARE(x.stopReason, y.stopReason);
}

// A single-model session is written without an "agents" object, so files
// stay as they were, and reads back without one.
void TestSession::singleModelFileHasNoAgents() {
    const std::string text = sessionToJson(sample());
    QVERIFY(text.find("\"agents\"") == std::string::npos);
    QVERIFY(!sessionFromJson(text, "s.sharelens").agents);
}

void TestSession::badAgents_data() {
    QTest::addColumn<QString>("pattern"); // the first match is replaced
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("message");
    QTest::newRow("level") << R"("level": "agents")"
                           << R"("level": "teams")"
                           << "agents.level is not layers or agents";
    QTest::newRow("names") << R"("names": \[\s*"",)"
                           << R"("names": [)"
                           << "agents.names does not hold one name per model";
    QTest::newRow("layers") << R"("layers": 6,(\s*"method"))"
                            << R"("layers": 5,\1)"
                            << "agents.similarity.units has more than 10 entries";
    QTest::newRow("threshold") << R"("agents_threshold": [0-9.e-]+)"
                               << R"("agents_threshold": 3)"
                               << "agents.agents_threshold is neither -1 nor within 0..2";
    QTest::newRow("one model") << R"("models": \[)"
                               << R"("models": ["/only"], "x": [)"
                               << "models holds 1 folders; an agents session has 2 to 4096";
    QTest::newRow("plan twice") << R"("groups": \[\s*\[\s*0,)"
                                << R"("groups": [[0, 0,)"
                                << "agents.plan.groups names unit 0 twice";
    QTest::newRow("weights") << R"("weight_cosine": \[\s*\[)"
                             << R"("weight_cosine": [[[0]], [)"
                             << "agents.weights.weight_cosine[0].m has 1 rows, not 2";
}

void TestSession::badAgents() {
    QFETCH(QString, pattern);
    QFETCH(QString, replacement);
    QFETCH(QString, message);
    QString text = QString::fromStdString(sessionToJson(agentsSample()));
    const QRegularExpression re(pattern);
    const QRegularExpressionMatch m = re.match(text);
    QVERIFY2(m.hasMatch(), qPrintable(pattern));
    QString with = replacement;
    for (int i = 1; i <= m.lastCapturedIndex(); ++i) with.replace(QStringLiteral("\\%1").arg(i), m.captured(i));
    text.replace(m.capturedStart(), m.capturedLength(), with);
    const auto err = testutil::errorOf([&] { sessionFromJson(text.toStdString(), "/some/where/bad.sharelens"); });
    QVERIFY2(err.has_value(), "accepted");
    const QString what = QString::fromUtf8(err->what());
    QVERIFY2(what.contains(message), qPrintable(what));
    QVERIFY2(what.contains("bad.sharelens"), qPrintable(what));
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
