// The agents view as a user drives it: three agents (a base, an
// identical copy of it, and a model of another seed) analysed in the
// background; the (agent, layer) heatmap, the agents level, the dendrogram's
// threshold dragged with the mouse, the group preview against
// makeAgentPlan, cancel, an incompatible agent, exports, and the menu action.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "agentsjob.h"
#include "agentsview.h"
#include "document.h"
#include "dendrogramwidget.h"
#include "heatmapwidget.h"
#include "mainwindow.h"
#include "sharelens/agents.h"
#include "sharelens/checkpoint.h"
#include "sharelens/error.h"
#include "sharelens/session.h"
#include "testutil.h"

using sharelens::AgentLevel;
using sharelens::app::AgentsView;
using sharelens::widgets::DendrogramWidget;

namespace {

constexpr int kLayers = 4;

// The agents level's groups that contain unit `u`.
int groupOf(const std::vector<std::vector<int>>& groups, int u) {
    for (size_t g = 0; g < groups.size(); ++g)
        if (std::find(groups[g].begin(), groups[g].end(), u) != groups[g].end()) return static_cast<int>(g);
    return -1;
}

} // namespace

class TestAgentsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void analysesThreeAgents();
    void draggingThresholdGroupsIdenticalAgents();
    void cancelStopsQuickly();
    void incompatibleAgentShowsDialog();
    void exports_data();
    void exports();
    void menuOpensAgentsView();
    void sessionSavesAndReopens();
    void windowSavesSessionAndWritesReport();

private:
    // Adds the three agents to `v`, shows it and runs one analysis.
    bool analyse(AgentsView& v);
    QTemporaryDir m_tmp;
    QString m_base, m_copy, m_other, m_wide, m_text;
};

void TestAgentsView::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_agentsview");
    QVERIFY(m_tmp.isValid());
    QVERIFY(testutil::makeAgentTrio(m_tmp.path(), kLayers, &m_base, &m_copy, &m_other));
    m_wide = m_tmp.filePath("wide");
    QVERIFY(testutil::makeCheckpoint(m_wide, {"--family", "gpt2", "--layers", QString::number(kLayers), "--vocab",
                                              "256", "--seed", "3", "--hidden", "96"}));
    QByteArray text;
    for (int i = 0; i < 200; ++i)
        text += "Agent " + QByteArray::number(i % 7) + " answered " + QByteArray::number(i * 7919 % 1000) +
                " questions and handed the rest to the next agent of the system. ";
    m_text = m_tmp.filePath("calibration.txt");
    QVERIFY(testutil::writeFile(m_text, text));
}

bool TestAgentsView::analyse(AgentsView& v) {
    v.show();
    if (!QTest::qWaitForWindowExposed(&v)) return false;
    v.addAgent(m_base);
    v.addAgent(m_copy);
    v.addAgent(m_other, QStringLiteral("seed2"));
    v.setCalibrationFile(m_text);
    v.setSequenceLength(32);
    v.setSequenceCount(8);
    QSignalSpy finished(&v, &AgentsView::analysisFinished);
    auto* analyze = v.findChild<QPushButton*>("agentsAnalyzeButton");
    if (!analyze || !analyze->isEnabled()) return false;
    QTest::mouseClick(analyze, Qt::LeftButton);
    return finished.wait(60000) || !finished.isEmpty();
}

void TestAgentsView::analysesThreeAgents() {
    AgentsView v;
    v.resize(1400, 900);
    QVERIFY(analyse(v));
    QVERIFY(v.hasResult());
    const auto& sim = v.similarity();
    QCOMPARE(sim.layers, kLayers);
    QCOMPARE(v.result().names, (std::vector<std::string>{"base", "copy", "seed2"}));
    // Layers level: one unit per (agent, block), agent-major.
    QCOMPARE(v.level(), AgentLevel::Layers);
    QCOMPARE(v.heatmap()->unitCount(), 3 * kLayers);
    QCOMPARE(static_cast<int>(v.linkageMatrix().size()), 3 * kLayers - 1);
    QCOMPARE(QString::fromStdString(sim.units[size_t(kLayers + 1)]), QStringLiteral("copy/block1"));
    // The copy's blocks match the base's exactly: at a tiny threshold each
    // block of the base shares a group with the same block of the copy, and
    // the other seed's blocks are not in those groups.
    v.setThreshold(1e-9);
    for (int l = 0; l < kLayers; ++l) {
        const int g = groupOf(v.groups(), l);
        QVERIFY(g >= 0);
        QCOMPARE(groupOf(v.groups(), kLayers + l), g);
        QVERIFY(groupOf(v.groups(), 2 * kLayers + l) != g);
    }
    // The preview is makeAgentPlan's: same groups, same counts.
    const auto plan =
        sharelens::makeAgentPlan(v.result().checkpoints, v.result().names, AgentLevel::Layers, v.groups());
    QCOMPARE(v.plan().sharedParameters, plan.sharedParameters);
    QCOMPARE(v.plan().baselineParameters, plan.baselineParameters);
    QVERIFY(v.plan().sharedParameters < v.plan().baselineParameters);

    // The level switch, through the combo box the user uses.
    auto* level = v.findChild<QComboBox*>("levelBox");
    QVERIFY(level);
    level->setCurrentIndex(level->findData(int(AgentLevel::Agents)));
    QCOMPARE(v.level(), AgentLevel::Agents);
    QCOMPARE(v.heatmap()->unitCount(), 3);
    QCOMPARE(static_cast<int>(v.linkageMatrix().size()), 2);

    // Data-free tab: A x A per layer; the identical copy differs by nothing.
    for (int l = 0; l < kLayers; ++l) {
        v.setWeightLayer(l);
        QCOMPARE(v.weightHeatmap()->unitCount(), 3);
        QCOMPARE(v.weights().differenceNorm[size_t(l)](0, 1), 0.0);
        QVERIFY(v.weights().differenceNorm[size_t(l)](0, 2) > 0.0);
    }
}

void TestAgentsView::draggingThresholdGroupsIdenticalAgents() {
    AgentsView v;
    v.resize(1400, 900);
    QVERIFY(analyse(v));
    v.setLevel(AgentLevel::Agents);
    DendrogramWidget* d = v.dendrogram();
    QTRY_VERIFY(d->hasTree());
    // Merge heights: base+copy at ~0, the other seed above.
    const auto& z = v.linkageMatrix();
    QCOMPARE(static_cast<int>(z.size()), 2);
    QVERIFY(z[0][2] < 1e-9);
    QVERIFY(z[1][2] > 1e-3);
    // Drag the threshold line down to a third of the top merge.
    const double target = z[1][2] / 3.0;
    const int x = qRound(d->geometry().plot.center().x());
    const QPoint from(x, qRound(d->thresholdY()));
    const QPoint to(x, qRound(d->geometry().yForHeight(target)));
    QTest::mousePress(d, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(d, QPoint(x, (from.y() + to.y()) / 2));
    QTest::mouseMove(d, to);
    QTest::mouseRelease(d, Qt::LeftButton, Qt::NoModifier, to);
    QTRY_VERIFY(std::abs(v.threshold() - target) < z[1][2] / 20.0);
    // Agents 1 and 2 in one group, agent 3 alone.
    QCOMPARE(v.groups(), (std::vector<std::vector<int>>{{0, 1}, {2}}));
    // The preview equals makeAgentPlan's, and saves exactly one agent.
    const auto plan =
        sharelens::makeAgentPlan(v.result().checkpoints, v.result().names, AgentLevel::Agents, v.groups());
    QCOMPARE(v.plan().sharedParameters, plan.sharedParameters);
    QCOMPARE(v.plan().baselineParameters, plan.baselineParameters);
    QCOMPARE(v.plan().baselineBytes, plan.baselineBytes);
    QCOMPARE(v.plan().sharedBytes, plan.sharedBytes);
    QCOMPARE(v.plan().sharedParameters * 3, v.plan().baselineParameters * 2);
    const QLocale c = QLocale::c();
    QVERIFY2(v.previewText().contains(c.toString(static_cast<qlonglong>(plan.sharedParameters))),
             qPrintable(v.previewText()));
    auto* table = v.findChild<QTableView*>("agentGroupTable");
    QVERIFY(table);
    QAbstractItemModel* model = table->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, 1).data().toString(), QStringLiteral("base, copy"));
    QCOMPARE(model->index(1, 1).data().toString(), QStringLiteral("seed2"));
}

void TestAgentsView::cancelStopsQuickly() {
    // A long text: unless cancelled, the capture runs for many batches.
    QByteArray text;
    for (int i = 0; i < 2400; ++i)
        text += "Message " + QByteArray::number(i) + " went from agent " + QByteArray::number(i % 5) + " to agent " +
                QByteArray::number(i * 31 % 7) + " and came back answered in full. ";
    const QString longText = m_tmp.filePath("long.txt");
    QVERIFY(testutil::writeFile(longText, text));
    AgentsView v;
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    v.addAgent(m_base);
    v.addAgent(m_copy);
    v.addAgent(m_other);
    v.setCalibrationFile(longText);
    v.setSequenceLength(128);
    v.setSequenceCount(1000);
    QSignalSpy finished(&v, &AgentsView::analysisFinished);
    QSignalSpy failed(&v, &AgentsView::analysisFailed);
    auto* cancel = v.findChild<QPushButton*>("agentsCancelButton");
    QVERIFY(cancel);
    // Progress arrives about once per batch of the capture (stage 3 of 4);
    // the engine polls the flag once per batch too. Record the gaps.
    int stage = 0, reports = 0;
    qint64 maxGap = 0, last = -1;
    QElapsedTimer clock;
    clock.start();
    connect(v.runner(), &sharelens::app::AgentsRunner::progress, &v, [&](const sharelens::app::AnalysisProgress& p) {
        stage = p.stageIndex;
        if (stage != 3) return;
        const qint64 now = clock.elapsed();
        if (last >= 0) maxGap = std::max(maxGap, now - last);
        last = now;
        ++reports;
    });
    QTest::mouseClick(v.findChild<QPushButton*>("agentsAnalyzeButton"), Qt::LeftButton);
    QVERIFY(v.runner()->isRunning());
    QTRY_VERIFY(cancel->isEnabled());
    // Cancel in the middle of the capture, after a few batches.
    QTRY_VERIFY_WITH_TIMEOUT(stage == 3 && reports >= 3, 60000);
    QCOMPARE(finished.count(), 0);
    const qint64 clicked = clock.elapsed();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    const qint64 latency = clock.elapsed() - clicked;
    qInfo("cancel -> stopped in %lld ms (longest gap between batch reports %lld ms)", static_cast<long long>(latency),
          static_cast<long long>(maxGap));
    // Within a second, or within about one batch where a batch alone takes
    // longer (a loaded machine).
    QVERIFY2(latency <= std::max<qint64>(1000, 2 * maxGap + 200), qPrintable(QString::number(latency)));
    QCOMPARE(failed.at(0).at(1).toBool(), true);
    QVERIFY(!v.runner()->isRunning());
    QCOMPARE(finished.count(), 0);
    QVERIFY(!v.hasResult());
    QVERIFY(!cancel->isEnabled());
}

void TestAgentsView::incompatibleAgentShowsDialog() {
    // The engine's sentence, independently of the view.
    QString expected;
    try {
        sharelens::checkAgentsCompatible(
            {sharelens::openCheckpoint(m_base.toStdString()), sharelens::openCheckpoint(m_wide.toStdString())});
    } catch (const sharelens::Error& e) {
        expected = QString::fromStdString(e.what());
    }
    QVERIFY(expected.contains(QStringLiteral("hidden")));
    AgentsView v;
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    v.addAgent(m_base);
    v.addAgent(m_wide);
    v.setCalibrationFile(m_text);
    v.setSequenceLength(32);
    QSignalSpy failed(&v, &AgentsView::analysisFailed);
    QString dialogText;
    QTimer closer; // the dialog is modal: read and close it from a timer
    connect(&closer, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            dialogText = box->text() + "\n" + box->informativeText();
            box->accept();
        }
    });
    closer.start(50);
    QTest::mouseClick(v.findChild<QPushButton*>("agentsAnalyzeButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    QCOMPARE(failed.at(0).at(1).toBool(), false);
    QTRY_VERIFY_WITH_TIMEOUT(!dialogText.isEmpty(), 10000);
    QVERIFY2(dialogText.contains(expected), qPrintable(dialogText + " / " + expected));
    QVERIFY(!v.hasResult());
}

void TestAgentsView::exports_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("what"); // 0 heatmap, 1 dendrogram, 2 weights, 3 plan
    QTest::newRow("heatmap png") << "h.png" << 0;
    QTest::newRow("heatmap svg") << "h.svg" << 0;
    QTest::newRow("heatmap pdf") << "h.pdf" << 0;
    QTest::newRow("dendrogram png") << "d.png" << 1;
    QTest::newRow("dendrogram pdf") << "d.pdf" << 1;
    QTest::newRow("weights svg") << "w.svg" << 2;
    QTest::newRow("plan json") << "plan.json" << 3;
}

void TestAgentsView::exports() {
    QFETCH(QString, file);
    QFETCH(int, what);
    AgentsView v;
    v.resize(1200, 800);
    QVERIFY(analyse(v));
    QTemporaryDir dir;
    const QString path = dir.filePath(file);
    QString error;
    const bool ok = what == 0   ? v.exportHeatmap(path, &error)
                    : what == 1 ? v.exportDendrogram(path, &error)
                    : what == 2 ? v.exportWeightHeatmap(path, &error)
                                : v.exportPlanJson(path, &error);
    QVERIFY2(ok, qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.size() > 100);
    if (file.endsWith(".png")) QVERIFY(bytes.startsWith("\x89PNG"));
    if (file.endsWith(".pdf")) QVERIFY(bytes.startsWith("%PDF"));
    if (file.endsWith(".svg")) QVERIFY(bytes.contains("<svg"));
    if (what == 3) {
        const auto back = sharelens::agentPlanFromJson(bytes.toStdString(), path.toStdString());
        QCOMPARE(back.sharedParameters, v.plan().sharedParameters);
        QCOMPARE(back.groups.size(), v.plan().groups.size());
        QCOMPARE(back.units.size(), size_t(3 * kLayers));
    }
}

void TestAgentsView::menuOpensAgentsView() {
    sharelens::app::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QAction* open = nullptr;
    for (QAction* a : w.menuBar()->actions())
        if (a->menu())
            for (QAction* b : a->menu()->actions())
                if (b->text().remove('&').startsWith(QStringLiteral("Open Agents"))) open = b;
    QVERIFY(open);
    open->trigger();
    auto* view = w.findChild<AgentsView*>();
    QVERIFY(view);
    QTRY_VERIFY(view->isVisible());
    QVERIFY(view->isWindow());
    open->trigger(); // a second time: the same window
    QCOMPARE(w.findChildren<AgentsView*>().size(), 1);
}

// An agents session saved from the main window and opened in a new one puts
// the agents window back as it was: the agents and their names, the level,
// linkage and threshold, the similarity, the groups and the plan.
void TestAgentsView::sessionSavesAndReopens() {
    const QString path = m_tmp.filePath("agents.sharelens");
    std::vector<std::vector<int>> groups;
    Eigen::MatrixXd similarity;
    double threshold = 0;
    int64_t shared = 0;
    {
        sharelens::app::MainWindow w;
        AgentsView* v = w.agentsView();
        QVERIFY(analyse(*v));
        v->setLevel(AgentLevel::Agents);
        auto* linkage = v->findChild<QComboBox*>("linkageBox");
        QVERIFY(linkage);
        linkage->setCurrentIndex(linkage->findText(QStringLiteral("Complete")));
        v->setThreshold(v->linkageMatrix().back()[2] * 0.5);
        groups = v->groups();
        similarity = v->similarity().similarity;
        threshold = v->threshold();
        shared = v->plan().sharedParameters;
        QVERIFY(w.agentsDocument()->isModified());
        QString error;
        QVERIFY2(w.saveAgentsSessionTo(path, &error), qPrintable(error));
        QVERIFY(!w.agentsDocument()->isModified());
    }
    QVERIFY(sharelens::loadSession(path.toStdString()).agents.has_value());

    sharelens::app::MainWindow w2;
    w2.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w2));
    QSignalSpy restored(&w2, &sharelens::app::MainWindow::sessionRestored);
    w2.openSession(path);
    QCOMPARE(restored.count(), 1);
    AgentsView* v = w2.agentsView();
    QTRY_VERIFY(v->isVisible());
    QVERIFY(v->hasResult());
    QCOMPARE(v->agentPaths(), (QStringList{m_base, m_copy, m_other}));
    QCOMPARE(v->agentNames(), (QStringList{QString(), QString(), QStringLiteral("seed2")}));
    QVERIFY(v->level() == AgentLevel::Agents);
    QCOMPARE(v->findChild<QComboBox*>("levelBox")->currentData().toInt(), int(AgentLevel::Agents));
    QCOMPARE(v->findChild<QComboBox*>("linkageBox")->currentText(), QStringLiteral("Complete"));
    QCOMPARE(v->threshold(), threshold);
    QVERIFY(v->similarity().similarity == similarity);
    QCOMPARE(v->groups(), groups);
    QCOMPARE(v->plan().sharedParameters, shared);
    QCOMPARE(v->heatmap()->unitCount(), 3);
    QVERIFY(v->dendrogram()->hasTree());
    QVERIFY(!w2.agentsDocument()->isModified());
    QCOMPARE(w2.agentsDocument()->filePath(), path);
}

// The agents window's own File menu: Ctrl+S saves the agents session (no
// dialog once it has a file), and the report is written as one PDF with the
// agents, the figures, the groups and the totals.
void TestAgentsView::windowSavesSessionAndWritesReport() {
    sharelens::app::MainWindow w;
    AgentsView* v = w.agentsView();
    auto* bar = v->findChild<QMenuBar*>("agentsMenuBar");
    QVERIFY(bar);
    auto* save = v->findChild<QAction*>("agentsSaveAction");
    auto* report = v->findChild<QAction*>("agentsReportAction");
    QVERIFY(save && report);
    QVERIFY(!save->isEnabled() && !report->isEnabled()); // nothing analysed yet
    QString error;
    QVERIFY(!w.exportAgentsReport(m_tmp.filePath("none.pdf"), &error));
    QVERIFY(error.contains("Analyze two or more agents"));
    QVERIFY(analyse(*v));
    QTRY_VERIFY(save->isEnabled() && report->isEnabled());
    v->setLevel(AgentLevel::Agents);
    const QString path = m_tmp.filePath("window.sharelens");
    QVERIFY2(w.saveAgentsSessionTo(path, &error), qPrintable(error));
    // Moved and saved with the window's shortcut.
    const double threshold = v->linkageMatrix().back()[2] * 0.5;
    v->setThreshold(threshold);
    QVERIFY(w.agentsDocument()->isModified());
    v->activateWindow();
    QTest::keySequence(v, QKeySequence::Save);
    QTRY_VERIFY(!w.agentsDocument()->isModified());
    QCOMPARE(sharelens::loadSession(path.toStdString()).agents->agentsThreshold, threshold);

    const QString pdf = m_tmp.filePath("agents-report.pdf");
    QVERIFY2(w.exportAgentsReport(pdf, &error), qPrintable(error));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF-") && bytes.trimmed().endsWith("%%EOF"));
    QProcess text;
    text.start("pdftotext", {"-layout", pdf, "-"});
    QVERIFY(text.waitForFinished(60000));
    const QString all = QString::fromUtf8(text.readAllStandardOutput()).simplified();
    QVERIFY2(all.contains("ShareLens report: agents"), qPrintable(all.left(400)));
    QVERIFY(all.contains("seed2"));                     // the typed name
    QVERIFY(all.contains("Similarity and clustering")); // the figures' page
    QVERIFY(all.contains("Groups (agents level)"));     // the plan
    const QLocale en(QLocale::English, QLocale::UnitedStates);
    QVERIFY(all.contains(en.toString(qlonglong(v->plan().sharedParameters))));
}

QTEST_MAIN(TestAgentsView)
#include "tst_agentsview.moc"
