// The engine's workflows and provenance: numbers in a provenance read back
// exactly, and the fine-tune workflow reports how it stopped (completed or
// cancelled) with the records so far, one StopReason for every stop.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <string>

#include "sharelens/checkpoint.h"
#include "sharelens/model.h"
#include "sharelens/provenance.h"
#include "sharelens/workflow.h"
#include "testutil.h"

using namespace sharelens;

class TestWorkflow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void numbersRoundTrip_data();
    void numbersRoundTrip();
    void provenanceMapKeys();
    void planProvenanceReadsAnalysis();
    void finetuneCompletes();
    void finetuneCancelled();

private:
    workflow::FinetuneRequest request(double lr) const;
    QTemporaryDir m_tmp;
    QString m_model, m_ids;
};

void TestWorkflow::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_model = m_tmp.filePath("gpt2");
    QVERIFY(testutil::makeCheckpoint(m_model, {"--family", "gpt2", "--layers", "4", "--hidden", "32", "--heads", "4",
                                               "--vocab", "256", "--positions", "64"}));
    QByteArray ids = "[[";
    for (int i = 0; i < 3000; ++i) ids += (i ? "," : "") + QByteArray::number((i * 31 + i / 7) % 256);
    ids += "]]";
    m_ids = m_tmp.filePath("ids.json");
    QVERIFY(testutil::writeFile(m_ids, ids));
}

void TestWorkflow::numbersRoundTrip_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("1e-8") << 1e-8 << "1e-08";
    QTest::newRow("3e-4") << 3e-4 << "3e-04";
    QTest::newRow("0.1") << 0.1 << "0.1";
    QTest::newRow("one third") << 1.0 / 3 << "0.3333333333333333";
    QTest::newRow("integer") << 200.0 << "200";
    QTest::newRow("smallest subnormal") << 5e-324 << "5e-324";
}

void TestWorkflow::numbersRoundTrip() {
    QFETCH(double, value);
    QFETCH(QString, text);
    const std::string s = formatNumber(value);
    QCOMPARE(QString::fromStdString(s), text);
    QCOMPARE(std::strtod(s.c_str(), nullptr), value); // exactly the same double (strtod: subnormals too)
}

void TestWorkflow::provenanceMapKeys() {
    Provenance p;
    p.planFile = "analysis.json";
    p.analysis["metric"] = "pearson";
    p.finetunedFrom = "model";
    p.seed = 7;
    p.steps = 12;
    p.learningRate = 1e-8;
    p.trainingData = "text.txt";
    const auto m = provenanceMap(p);
    QCOMPARE(m.at("lr"), std::string("1e-08"));
    QCOMPARE(std::stod(m.at("lr")), 1e-8);
    QCOMPARE(m.at("seed"), std::string("7"));
    QCOMPARE(m.at("steps"), std::string("12"));
    QCOMPARE(m.at("plan_file"), std::string("analysis.json"));
    QCOMPARE(m.at("metric"), std::string("pearson"));
    QCOMPARE(m.at("finetuned_from"), std::string("model"));
    QCOMPARE(m.at("training_data"), std::string("text.txt"));
    QVERIFY(!m.at("sharelens_version").empty());
    // Unset and empty fields are left out.
    QCOMPARE(m.count("source"), size_t{0});
    QCOMPARE(m.count("init"), size_t{0});
    QCOMPARE(m.count("delta_rank"), size_t{0});
    QCOMPARE(m.size(), size_t{8});
}

void TestWorkflow::planProvenanceReadsAnalysis() {
    const QString file = m_tmp.filePath("analysis.json");
    QVERIFY(testutil::writeFile(file, R"({"metric": "cka", "threshold": 0.25, "contiguous": true,
        "model": {"path": "/models/a"}, "calibration": {"file": "c.txt", "sha256": "ab"}})"));
    const auto m = provenanceMap(planProvenance(file.toStdString()));
    QCOMPARE(m.at("plan_file"), file.toStdString());
    QCOMPARE(m.at("metric"), std::string("cka"));
    QCOMPARE(m.at("threshold"), std::string("0.25"));
    QCOMPARE(m.at("contiguous"), std::string("true"));
    QCOMPARE(m.at("analyzed_model"), std::string("/models/a"));
    QCOMPARE(m.at("calibration_file"), std::string("c.txt"));
    QCOMPARE(m.at("calibration_sha256"), std::string("ab"));
}

workflow::FinetuneRequest TestWorkflow::request(double lr) const {
    workflow::FinetuneRequest rq;
    rq.modelDir = m_model.toStdString();
    rq.plan = makePlan(openCheckpoint(rq.modelDir), UnitKind::Blocks, {{0, 1}, {2}, {3}});
    rq.data = {workflow::TokenSource::Kind::TokenIds, m_ids.toStdString()};
    rq.train.steps = 4;
    rq.train.batchSize = 2;
    rq.train.seqLen = 16;
    rq.train.learningRate = lr;
    rq.train.minLearningRate = lr / 10;
    rq.train.evalEvery = 2;
    rq.train.evalSequences = 2;
    rq.train.threads = 1;
    rq.validationFraction = 0.2;
    return rq;
}

void TestWorkflow::finetuneCompletes() {
    const auto rq = request(1e-8);
    std::vector<workflow::FinetuneStage> stages;
    int steps = 0;
    workflow::FinetuneCallbacks cb;
    cb.onStage = [&](workflow::FinetuneStage s) { stages.push_back(s); };
    cb.onStep = [&](PairRun, const StepRecord&) { ++steps; };
    const auto r = workflow::finetune(rq, cb);
    QVERIFY(r.stop == StopReason::Completed);
    QCOMPARE(steps, 8); // both models, every step
    QCOMPARE(r.records.shared.steps.size(), size_t{4});
    QCOMPARE(r.setup.trainTokens + r.setup.validationTokens, size_t{3000});
    QVERIFY(r.setup.sharedParameters < r.setup.baselineParameters);
    QCOMPARE(stages.back(), workflow::FinetuneStage::Comparing);
    QVERIFY(!r.budget.empty());
    QCOMPARE(r.budget.front().method, std::string("baseline"));
    // The learning rate reaches the provenance exactly.
    const auto prov = provenanceMap(r.provenance);
    QCOMPARE(std::stod(prov.at("lr")), 1e-8);
    QCOMPARE(prov.at("steps"), std::string("4"));
    QCOMPARE(prov.at("finetuned_from"), rq.modelDir);
    QCOMPARE(prov.at("training_data"), m_ids.toStdString());
}

void TestWorkflow::finetuneCancelled() {
    const auto rq = request(1e-3);
    std::atomic<bool> cancel{false};
    workflow::FinetuneCallbacks cb;
    cb.progress = Progress(nullptr, &cancel);
    cb.onStep = [&](PairRun run, const StepRecord& s) {
        if (run == PairRun::Shared && s.step == 2) cancel = true;
    };
    bool compared = false;
    cb.onStage = [&](workflow::FinetuneStage s) { compared = compared || s == workflow::FinetuneStage::Comparing; };
    const auto r = workflow::finetune(rq, cb);
    QVERIFY(r.stop == StopReason::Cancelled);
    QCOMPARE(stopReasonText(r.stop, r.stopMessage), std::string("cancelled"));
    QCOMPARE(r.records.shared.steps.size(), size_t{2});
    QCOMPARE(r.records.baseline.steps.size(), size_t{2});
    QVERIFY(r.budget.empty());
    QVERIFY(!compared);
}

QTEST_GUILESS_MAIN(TestWorkflow)
#include "tst_workflow.moc"
