// The agents view's Fine-tune tab as a user drives it: three small
// agents built here (a base, an identical copy, another seed) are analysed,
// the copy's blocks share with the base's, and a short fine-tune of the
// shared system against the unshared agents runs in the background, each
// agent on its own text. Checked: every live chart gets points; the results
// equal trainAgentsPair's on the same batches; Cancel stops the run through
// the one stop path; a missing or too short text and a missing plan are
// refused with a message.
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>
#include <tuple>

#include "agentsview.h"
#include "document.h"
#include "finetunejob.h"
#include "trainingcharts.h"
#include "sharelens/agents.h"
#include "sharelens/data.h"
#include "sharelens/model.h"
#include "sharelens/tokenizer.h"
#include "testutil.h"

using sharelens::AgentLevel;
using sharelens::app::AgentsView;
using sharelens::widgets::TrainingChartsPanel;

namespace {

constexpr int kLayers = 4;

QByteArray makeText(const char* who, int lines) {
    QByteArray text;
    for (int i = 0; i < lines; ++i)
        text += QByteArray(who) + " " + QByteArray::number(i % 7) + " answered " + QByteArray::number(i * 7919 % 1000) +
                " questions and handed the rest to the next agent of the system. ";
    return text;
}

// Reads and closes the modal message box that `action` opens.
QString modalText(const std::function<void()>& action, int timeoutMs = 30000) {
    QString text;
    QTimer closer;
    QObject::connect(&closer, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            text = box->objectName() + "\n" + box->text() + "\n" + box->informativeText();
            box->accept();
        }
    });
    closer.start(50);
    action();
    QElapsedTimer t;
    t.start();
    while (text.isEmpty() && t.elapsed() < timeoutMs) QTest::qWait(20);
    return text;
}

} // namespace

class TestAgentsFinetune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void refusedBeforeAnalysis();
    void shortRunMatchesEngine();
    void cancelStopsWithinOneSecond();
    void pauseHoldsAndResumeContinues();
    void badTextShowsDialog_data();
    void badTextShowsDialog();
    void poolExportOfThePlan();
    void poolExportRefusedAndCancelled();

private:
    bool analyse();
    void trainDirectly(int steps, int batch, int seqLen, int seed, sharelens::Agents* agents,
                       sharelens::AgentsPairResult* direct);
    void checkAgainstEngine(const sharelens::AgentsPairResult& direct, int steps);
    void checkTrainedPoolExport(const sharelens::Agents& agents);
    // Runs exportPool(dir) to its end: {error, trained, cancelled}.
    std::tuple<QString, bool, bool> exportPool(const QString& dir, bool cancelAtOnce = false);
    void configure(int steps, int batch, int seqLen, int seed);
    QPushButton* button(const char* name) const { return m_view->findChild<QPushButton*>(QString::fromLatin1(name)); }

    QTemporaryDir m_tmp;
    QString m_base, m_copy, m_other, m_text, m_text2, m_short;
    std::unique_ptr<AgentsView> m_view;
};

void TestAgentsFinetune::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_agentsfinetune");
    QVERIFY(m_tmp.isValid());
    QVERIFY(testutil::makeAgentTrio(m_tmp.path(), kLayers, &m_base, &m_copy, &m_other));
    m_text = m_tmp.filePath("calibration.txt");
    QVERIFY(testutil::writeFile(m_text, makeText("Agent", 200)));
    m_text2 = m_tmp.filePath("planner.txt");
    QVERIFY(testutil::writeFile(m_text2, makeText("The planner", 150)));
    m_short = m_tmp.filePath("short.txt");
    QVERIFY(testutil::writeFile(m_short, "Too short to train on."));
}

void TestAgentsFinetune::init() {
    m_view = std::make_unique<AgentsView>();
    m_view->resize(1500, 950);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->addAgent(m_base);
    m_view->addAgent(m_copy);
    m_view->addAgent(m_other, QStringLiteral("seed2"));
    m_view->setCalibrationFile(m_text);
    m_view->setSequenceLength(32);
    m_view->setSequenceCount(8);
    m_view->showTab(2);
}

void TestAgentsFinetune::cleanup() {
    // No job outlives its test.
    if (m_view) {
        m_view->cancelFinetune();
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isFinetuning(), 10000);
    }
    m_view.reset();
}

bool TestAgentsFinetune::analyse() {
    QSignalSpy finished(m_view.get(), &AgentsView::analysisFinished);
    m_view->analyze();
    if (!finished.wait(60000) && finished.isEmpty()) return false;
    // At a tiny threshold each block of the base shares with the copy's.
    m_view->setThreshold(1e-9);
    return m_view->plan().sharedParameters < m_view->plan().baselineParameters;
}

void TestAgentsFinetune::configure(int steps, int batch, int seqLen, int seed) {
    m_view->findChild<QSpinBox*>("agentsFinetuneSteps")->setValue(steps);
    m_view->findChild<QSpinBox*>("agentsFinetuneBatch")->setValue(batch);
    m_view->findChild<QSpinBox*>("agentsFinetuneSeqLen")->setValue(seqLen);
    m_view->findChild<QSpinBox*>("agentsFinetuneSeed")->setValue(seed);
}

void TestAgentsFinetune::refusedBeforeAnalysis() {
    QPushButton* start = button("agentsFinetuneStart");
    QVERIFY(start);
    QVERIFY(start->isVisible());
    QVERIFY(m_view->findChild<QLabel*>("agentsFinetunePlan")->text().contains(QStringLiteral("Analyze the agents")));
    const QString text = modalText([&] { QTest::mouseClick(start, Qt::LeftButton); });
    QVERIFY2(text.startsWith(QStringLiteral("agentsFinetuneNoPlan")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Analyze the agents first")), qPrintable(text));
    QVERIFY(!m_view->isFinetuning());
}

void TestAgentsFinetune::shortRunMatchesEngine() {
    QVERIFY(analyse());
    // The copy trains on its own text; the others on the calibration text.
    m_view->setAgentText(1, m_text2);
    QCOMPARE(m_view->agentText(0), m_text);
    QCOMPARE(m_view->agentText(1), m_text2);
    QCOMPARE(m_view->findChild<QTableWidget*>("agentsFinetuneTexts")->item(1, 1)->text(),
             QStringLiteral("planner.txt"));
    const int steps = 6, batch = 2, seqLen = 32, seed = 7;
    configure(steps, batch, seqLen, seed);
    QSignalSpy finished(m_view.get(), &AgentsView::finetuneFinished);
    QSignalSpy failed(m_view.get(), &AgentsView::finetuneFailed);
    QTest::mouseClick(button("agentsFinetuneStart"), Qt::LeftButton);
    QVERIFY(m_view->isFinetuning());
    QVERIFY(button("agentsFinetuneCancel")->isEnabled());
    QVERIFY(!button("agentsFinetuneStart")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
    QTRY_VERIFY(!m_view->isFinetuning());

    // Every series of every chart got points; the training losses one per step.
    TrainingChartsPanel* charts = m_view->finetuneCharts();
    for (int c = 0; c < TrainingChartsPanel::ChartCount; ++c) {
        const auto chart = TrainingChartsPanel::Chart(c);
        QVERIFY(charts->seriesCount(chart) >= 2);
        for (int s = 0; s < charts->seriesCount(chart); ++s) {
            QVERIFY2(!charts->seriesData(chart, s).empty(),
                     qPrintable(QStringLiteral("chart %1 series %2").arg(c).arg(s)));
            QCOMPARE(charts->series(chart, s)->count(), int(charts->seriesData(chart, s).size()));
        }
    }
    QCOMPARE(charts->seriesData(TrainingChartsPanel::LossChart, 0).size(), size_t(steps));
    QCOMPARE(charts->seriesData(TrainingChartsPanel::LossChart, 1).size(), size_t(steps));
    // Validation every step (steps / 10 rounds up to 1), and before the first.
    QCOMPARE(charts->seriesData(TrainingChartsPanel::LossChart, 3).size(), size_t(steps + 1));

    sharelens::Agents agents;
    sharelens::AgentsPairResult direct;
    trainDirectly(steps, batch, seqLen, seed, &agents, &direct);
    if (QTest::currentTestFailed()) return;
    checkAgainstEngine(direct, steps);
    if (QTest::currentTestFailed()) return;
    // The finished run is the agents document's: a session keeps it.
    const auto& kept = m_view->document()->session().agents;
    QVERIFY(kept && kept->runs.size() == 1);
    QCOMPARE(kept->runs[0].steps, steps);
    QCOMPARE(kept->runs[0].agents.size(), size_t(3));
    QCOMPARE(kept->runs[0].shared.parameters, m_view->finetuneSummary().shared.parameters);
    checkTrainedPoolExport(agents);
}

// The same run straight on the engine: same agents, plan, texts, split,
// options and seed, hence the same batches and the same numbers.
void TestAgentsFinetune::trainDirectly(int steps, int batch, int seqLen, int seed, sharelens::Agents* agents,
                                       sharelens::AgentsPairResult* direct) {
    const auto& req = m_view->finetuneRequest();
    std::vector<std::string> paths;
    for (const QString& p : req.paths) paths.push_back(p.toStdString());
    *agents = sharelens::loadAgents(paths, req.names);
    const size_t A = agents->models.size();
    QCOMPARE(A, size_t(3));
    std::vector<sharelens::AgentTokens> data(A);
    for (size_t k = 0; k < A; ++k) {
        const auto& m = *agents->models[k];
        auto tok = sharelens::loadTokenizerForModel(m.checkpoint().dir, m.config().vocabSize);
        const QString file = k == 1 ? m_text2 : m_text;
        auto split = sharelens::splitTokens(tok->encode(sharelens::readFile(file.toStdString())), 0.1);
        data[k] = {split.train, split.validation};
    }
    const auto view = agents->view();
    auto shared = sharelens::makeSharedAgents(view, m_view->plan(), sharelens::SharedInit::Mean);
    std::vector<sharelens::Model*> b, s;
    for (auto& m : agents->models) b.push_back(m.get());
    for (auto& m : shared) s.push_back(m.get());
    sharelens::TrainOptions o;
    o.steps = steps;
    o.batchSize = batch;
    o.seqLen = seqLen;
    o.learningRate = 3e-4;
    o.minLearningRate = 3e-5;
    o.seed = seed;
    o.evalEvery = 1;
    *direct = sharelens::trainAgentsPair(b, s, data, o);
    QVERIFY(direct->stop == sharelens::StopReason::Completed);
}

// The view's summary, tables and charts against the engine's run.
void TestAgentsFinetune::checkAgainstEngine(const sharelens::AgentsPairResult& direct, int steps) {
    TrainingChartsPanel* charts = m_view->finetuneCharts();
    const auto& summary = m_view->finetuneSummary();
    const auto& req = m_view->finetuneRequest();
    const size_t A = req.names.size();
    QCOMPARE(summary.agents.size(), A);
    QTableWidget* table = m_view->finetuneAgentTable();
    QCOMPARE(table->rowCount(), int(A));
    const QLocale c = QLocale::c();
    for (size_t k = 0; k < A; ++k) {
        const auto& a = summary.agents[k];
        QCOMPARE(a.name, req.names[k]);
        const double expected[4] = {direct.baselineAgentEvals[k].front().loss, direct.baselineAgentEvals[k].back().loss,
                                    direct.sharedAgentEvals[k].front().loss, direct.sharedAgentEvals[k].back().loss};
        const double got[4] = {a.unsharedBefore, a.unsharedAfter, a.sharedBefore, a.sharedAfter};
        for (int i = 0; i < 4; ++i) {
            QVERIFY2(std::abs(got[i] - expected[i]) <= 1e-6 * std::max(1.0, std::abs(expected[i])),
                     qPrintable(QStringLiteral("agent %1 column %2: %3 vs %4")
                                    .arg(k)
                                    .arg(i)
                                    .arg(got[i], 0, 'g', 12)
                                    .arg(expected[i], 0, 'g', 12)));
            QCOMPARE(table->item(int(k), i + 1)->text(), c.toString(expected[i], 'f', 4));
        }
        qInfo("agent %s: unshared %.4f -> %.4f, shared %.4f -> %.4f", a.name.c_str(), expected[0], expected[1],
              expected[2], expected[3]);
    }
    // The copy shares every block with the base: before training the shared
    // system's agents equal the unshared ones (mean of identical blocks).
    QVERIFY(std::abs(summary.agents[0].sharedBefore - summary.agents[0].unsharedBefore) < 1e-5);
    // The systems' results: validation = mean over the agents; training losses as the engine's.
    QCOMPARE(summary.shared.steps, steps);
    QVERIFY(std::abs(summary.baseline.validationAfter - direct.baseline.evals.back().loss) < 1e-6);
    QVERIFY(std::abs(summary.shared.validationAfter - direct.shared.evals.back().loss) < 1e-6);
    for (int i = 0; i < steps; ++i) {
        QVERIFY(std::abs(charts->seriesData(TrainingChartsPanel::LossChart, 0)[size_t(i)].y() -
                         direct.baseline.steps[size_t(i)].loss) < 1e-6);
        QVERIFY(std::abs(charts->seriesData(TrainingChartsPanel::LossChart, 1)[size_t(i)].y() -
                         direct.shared.steps[size_t(i)].loss) < 1e-6);
    }
    QVERIFY(summary.shared.parameters < summary.baseline.parameters);
    QVERIFY(summary.shared.modelStateBytes < summary.baseline.modelStateBytes);
    QTableWidget* results = m_view->finetuneResults();
    QCOMPARE(results->item(1, 3)->text(), c.toString(static_cast<qlonglong>(summary.shared.parameters)));
}

void TestAgentsFinetune::checkTrainedPoolExport(const sharelens::Agents& agents) {
    const auto& summary = m_view->finetuneSummary();
    const auto& req = m_view->finetuneRequest();
    const size_t A = req.names.size();
    // Export › Shared Pool after the run writes the TRAINED system: each
    // agent reopened alone gives the trained agent's logits exactly.
    QCOMPARE(summary.trainedShared.size(), A);
    const QString out = m_tmp.filePath("trained-pool");
    const auto [error, trained, cancelled] = exportPool(out);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(trained);
    QVERIFY(!cancelled);
    const std::vector<int32_t> ids{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};
    for (size_t k = 0; k < A; ++k) {
        const auto reopened = sharelens::Model::load((out + "/" + QString::fromStdString(req.names[k])).toStdString());
        const auto got = reopened->logits(ids);
        const auto want = summary.trainedShared[k]->logits(ids);
        QCOMPARE(got.size(), want.size());
        double d = 0;
        for (size_t i = 0; i < got.size(); ++i) d = std::max(d, std::abs(double(got[i]) - want[i]));
        QCOMPARE(d, 0.0);
        // ... and not the untrained agent's (the export is of the trained weights).
        const auto before = agents.models[k]->logits(ids);
        double moved = 0;
        for (size_t i = 0; i < got.size(); ++i) moved = std::max(moved, std::abs(double(got[i]) - before[i]));
        QVERIFY(moved > 0);
    }
}

std::tuple<QString, bool, bool> TestAgentsFinetune::exportPool(const QString& dir, bool cancelAtOnce) {
    QSignalSpy done(m_view.get(), &AgentsView::poolExportFinished);
    m_view->exportPool(dir);
    if (cancelAtOnce) m_view->cancelPoolExport();
    if (done.isEmpty() && !done.wait(120000))
        return {QStringLiteral("no poolExportFinished within 120 s"), false, false};
    if (done.count() != 1) return {QStringLiteral("%1 poolExportFinished signals").arg(done.count()), false, false};
    const auto args = done.takeFirst();
    return {args.at(1).toString(), args.at(2).toBool(), args.at(3).toBool()};
}

void TestAgentsFinetune::poolExportOfThePlan() {
    QVERIFY(analyse());
    // Before any fine-tune: the plan's untrained tied system (mean init).
    const QString out = m_tmp.filePath("plan-pool");
    const auto [error, trained, cancelled] = exportPool(out);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!trained);
    QVERIFY(!cancelled);
    QVERIFY(!m_view->isExportingPool());
    QVERIFY(QFileInfo(out + "/pool.safetensors").isFile());

    std::vector<std::string> paths;
    for (const QString& p : m_view->agentPaths()) paths.push_back(p.toStdString());
    auto agents = sharelens::loadAgents(paths, m_view->result().names);
    const auto tied = sharelens::makeSharedAgents(agents.view(), m_view->plan(), sharelens::SharedInit::Mean);
    const std::vector<int32_t> ids{2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5};
    for (size_t k = 0; k < tied.size(); ++k) {
        const std::string folder = out.toStdString() + "/" + m_view->result().names[k];
        const auto got = sharelens::Model::load(folder)->logits(ids);
        const auto want = tied[k]->logits(ids);
        QCOMPARE(got.size(), want.size());
        for (size_t i = 0; i < got.size(); ++i) QCOMPARE(got[i], want[i]);
    }
    // Reopened as a system, it needs exactly the plan's parameters.
    auto system = sharelens::loadAgents({out.toStdString()});
    QCOMPARE(system.models.size(), tied.size());
    QCOMPARE(sharelens::systemParameterCount(system.view()), m_view->plan().sharedParameters);
}

void TestAgentsFinetune::poolExportRefusedAndCancelled() {
    // No plan yet.
    const QString out = m_tmp.filePath("refused-pool");
    {
        const auto [error, trained, cancelled] = exportPool(out);
        QVERIFY2(error.contains(QStringLiteral("analyze the agents first")), qPrintable(error));
        QVERIFY(!cancelled);
        QVERIFY(!QFileInfo::exists(out));
    }
    QVERIFY(analyse());
    // A file where the folder should go: refused with the engine's message, the file kept.
    QVERIFY(testutil::writeFile(out, "user data"));
    {
        const auto [error, trained, cancelled] = exportPool(out);
        QVERIFY2(!error.isEmpty() && !cancelled, qPrintable(error));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("user data"));
    }
    // Cancelled at once: nothing is written, the panel is free again.
    const QString cancelledOut = m_tmp.filePath("cancelled-pool");
    const auto [error, trained, cancelled] = exportPool(cancelledOut, true);
    QVERIFY2(cancelled, qPrintable(error));
    QVERIFY(error.contains(QStringLiteral("cancelled")));
    QVERIFY(!QFileInfo::exists(cancelledOut));
    QVERIFY(!m_view->isExportingPool());
    QVERIFY(m_view->findChild<QPushButton*>("agentsCancelButton") &&
            !m_view->findChild<QPushButton*>("agentsCancelButton")->isEnabled());
}

void TestAgentsFinetune::cancelStopsWithinOneSecond() {
    QVERIFY(analyse());
    const int batch = 2, seqLen = 32;
    configure(1000000, batch, seqLen, 1);
    QSignalSpy finished(m_view.get(), &AgentsView::finetuneFinished);
    QSignalSpy failed(m_view.get(), &AgentsView::finetuneFailed);
    // The longest step seen (both systems, every agent), from the records.
    double longestStep = 0;
    connect(m_view->finetuneRunner(), &sharelens::app::FinetuneRunner::records, m_view.get(),
            [&](const sharelens::app::FinetuneRecords& r) {
                for (const auto& st : r.steps) longestStep = std::max(longestStep, st.second.stepSeconds);
            });
    QTest::mouseClick(button("agentsFinetuneStart"), Qt::LeftButton);
    TrainingChartsPanel* charts = m_view->finetuneCharts();
    QTRY_VERIFY_WITH_TIMEOUT(charts->seriesData(TrainingChartsPanel::LossChart, 1).size() >= 5, 60000);
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(button("agentsFinetuneCancel"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    const qint64 latency = clock.elapsed();
    qInfo("cancel -> stopped in %lld ms (longest step %.0f ms)", static_cast<long long>(latency), longestStep * 1000);
    // Within a second, or within about two steps where a step alone takes
    // that long (a loaded machine).
    QVERIFY2(latency <= std::max<qint64>(1000, qint64(2 * 2000 * longestStep) + 200),
             qPrintable(QString::number(latency)));
    // One stop path: failed(…, cancelled = true), no summary, the records so far kept.
    QCOMPARE(failed.at(0).at(1).toBool(), true);
    QCOMPARE(finished.count(), 0);
    QTRY_VERIFY(!m_view->isFinetuning());
    QVERIFY(charts->seriesData(TrainingChartsPanel::LossChart, 1).size() >= 5);
    QVERIFY(m_view->finetuneSummary().agents.empty());
    QVERIFY(button("agentsFinetuneStart")->isEnabled());
    QVERIFY(!button("agentsFinetuneCancel")->isEnabled());
    QVERIFY(m_view->findChild<QLabel*>("agentsFinetuneStage")->text().contains(QStringLiteral("cancelled")));
}

void TestAgentsFinetune::pauseHoldsAndResumeContinues() {
    QVERIFY(analyse());
    configure(1000000, 2, 32, 1);
    QTest::mouseClick(button("agentsFinetuneStart"), Qt::LeftButton);
    TrainingChartsPanel* charts = m_view->finetuneCharts();
    const auto points = [charts] {
        size_t n = 0;
        for (int c = 0; c < TrainingChartsPanel::ChartCount; ++c)
            for (int s = 0; s < charts->seriesCount(TrainingChartsPanel::Chart(c)); ++s)
                n += charts->seriesData(TrainingChartsPanel::Chart(c), s).size();
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(charts->seriesData(TrainingChartsPanel::LossChart, 1).size() >= 3, 60000);
    // Each agent's loss before training arrives with the first records.
    QTableWidget* table = m_view->finetuneAgentTable();
    QCOMPARE(table->rowCount(), 3);
    for (int k = 0; k < 3; ++k)
        for (int col : {1, 3}) {
            QVERIFY(table->item(k, col));
            bool ok = false;
            QVERIFY(table->item(k, col)->text().toDouble(&ok) > 0 && ok);
        }
    QPushButton* pause = button("agentsFinetunePause");
    QVERIFY(pause->isEnabled());
    QSignalSpy deliveries(m_view->finetuneRunner(), &sharelens::app::FinetuneRunner::records);
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(m_view->finetuneRunner()->isPaused());
    QCOMPARE(pause->text(), QStringLiteral("Resume"));
    // Deliveries already under way land, then stop: wait for them (at most
    // 20 s) until none comes for half a second.
    QElapsedTimer settling;
    settling.start();
    while (deliveries.wait(500) && settling.elapsed() < 20000) {}
    const size_t held = points();
    // Held: no record adds a point while paused.
    QVERIFY(!QTest::qWaitFor([&] { return points() != held; }, 700));
    QVERIFY(m_view->isFinetuning());
    QVERIFY(m_view->findChild<QLabel*>("agentsFinetuneStage")->text().startsWith(QStringLiteral("Paused at step")));
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(!m_view->finetuneRunner()->isPaused());
    QCOMPARE(pause->text(), QStringLiteral("Pause"));
    QTRY_VERIFY_WITH_TIMEOUT(points() > held, 10000);
}

void TestAgentsFinetune::badTextShowsDialog_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing file") << QStringLiteral("no-such-text.txt") << QStringLiteral("does not exist");
    QTest::newRow("too short") << QStringLiteral("short.txt") << QStringLiteral("fewer than one sequence of 33");
}

void TestAgentsFinetune::badTextShowsDialog() {
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QVERIFY(analyse());
    m_view->setAgentText(2, m_tmp.filePath(file));
    configure(5, 2, 32, 1);
    QSignalSpy failed(m_view.get(), &AgentsView::finetuneFailed);
    QSignalSpy finished(m_view.get(), &AgentsView::finetuneFinished);
    const QString text = modalText([&] { QTest::mouseClick(button("agentsFinetuneStart"), Qt::LeftButton); });
    QVERIFY2(text.startsWith(QStringLiteral("agentsFinetuneErrorDialog")), qPrintable(text));
    // Names the agent, the file and what is wrong.
    QVERIFY2(text.contains(QStringLiteral("agent seed2")), qPrintable(text));
    QVERIFY2(text.contains(file), qPrintable(text));
    QVERIFY2(text.contains(expected), qPrintable(text));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(1).toBool(), false);
    QCOMPARE(finished.count(), 0);
    QTRY_VERIFY(!m_view->isFinetuning());
}

QTEST_MAIN(TestAgentsFinetune)
#include "tst_agentsfinetune.moc"
