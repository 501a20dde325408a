// The fine-tune panel as a user drives it, on the built-in demo model: a
// short run started with the Start button fills the live charts, the results
// table and the comparison at the same budget (layer removal, int8); Pause
// holds the run and Resume continues it; Cancel stops a long run promptly;
// charts export to PNG, SVG, PDF and CSV.
#include <ctime>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QTimer>
#include <QLineSeries>
#include <QPushButton>
#include <QDir>
#include <QFileInfo>
#include <QStatusBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QScrollArea>
#include <QTabWidget>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <QtCharts/QChartView>
#include <QtCharts/QScatterSeries>
#include <QCheckBox>

#include <cmath>

#include "finetunejob.h"
#include "analysisfixture.h"
#include "analysisview.h"
#include "finetuneview.h"
#include "document.h"
#include "mainwindow.h"
#include "sharelens/finetune_memory.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/session.h"
#include "testutil.h"

using sharelens::app::FinetuneView;

Q_DECLARE_METATYPE(FinetuneView::Chart)

class TestFinetuneView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void decimationKeepsOrderAndExtremes_data();
    void decimationKeepsOrderAndExtremes();
    void shortRunFillsChartsAndTable();
    void distillationPlotsLossComponents();
    void exportsCharts_data();
    void exportsCharts();
    void pauseHoldsAndResumeContinues();
    void cancelStopsPromptly();
    void cancelWakesPausedRun();
    void leanModeAndMemoryEstimate();
    void refusalNamesClosestModeThatFits();
    void mainWindowTabFollowsAnalysis();
    void mainWindowExportsTrainedModelAndReport();

private:
    void checkCharts();
    void checkResultsTable();
    void checkBudget(const sharelens::app::FinetuneSummary& summary);
    void checkRunReopens();
    // Exporting into the folder of another model asks first: Cancel keeps
    // it as it was, Replace writes the export there.
    void checkAsksBeforeReplacing(sharelens::app::MainWindow& w, QSignalSpy& exported, const QString& dir);
    void configure(int steps);
    QPushButton* button(const char* name) const;
    int pointCount() const;
    // Shows a main window and opens the test's model in it.
    bool showWithModel(sharelens::app::MainWindow& w);
    // Clicks Start and waits until the first step points arrive.
    bool startAndWaitForPoints(int steps);

    QTemporaryDir m_tmp;
    QString m_text;
    std::shared_ptr<const sharelens::Model> m_model;
    sharelens::SharingPlan m_plan;
    std::unique_ptr<FinetuneView> m_view;
    bool m_shortRunDone = false;
};

void TestFinetuneView::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    // The main-window tests' settings (before any window reads them).
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_finetuneview");
    QVERIFY(m_tmp.isValid());
    m_model = sharelens::Model::load(testpaths::sourceStd("/resources/demo"));
    QCOMPARE(m_model->config().numLayers, 12);
    // Two shared groups: blocks 4-5 and 7-9 (three layers fewer to store).
    m_plan = sharelens::makePlan(m_model->checkpoint(), sharelens::UnitKind::Blocks, {{4, 5}, {7, 8, 9}});
    QCOMPARE(m_plan.groups.size(), size_t(9));
    QVERIFY(m_plan.sharedParameters < m_plan.baselineParameters);
    m_text = testpaths::source("/resources/text/calibration.txt");
    QVERIFY(QFileInfo(m_text).size() > 50000);
}

void TestFinetuneView::init() {
    m_view = std::make_unique<FinetuneView>();
    m_view->resize(1400, 800);
    m_view->setModel(m_model);
    m_view->setPlan(m_plan);
    m_view->setTextFile(m_text);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestFinetuneView::cleanup() {
    // No job outlives its test.
    if (m_view) {
        m_view->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isRunning(), 10000);
    }
    m_view.reset();
}

void TestFinetuneView::configure(int steps) {
    m_view->findChild<QSpinBox*>("finetuneSteps")->setValue(steps);
    m_view->findChild<QSpinBox*>("finetuneBatch")->setValue(2);
    m_view->findChild<QSpinBox*>("finetuneSeqLen")->setValue(32);
}

QPushButton* TestFinetuneView::button(const char* name) const {
    return m_view->findChild<QPushButton*>(QString::fromLatin1(name));
}

int TestFinetuneView::pointCount() const {
    int n = 0;
    for (int c = 0; c < FinetuneView::ChartCount; ++c)
        for (int s = 0; s < m_view->seriesCount(FinetuneView::Chart(c)); ++s)
            n += int(m_view->seriesData(FinetuneView::Chart(c), s).size());
    return n;
}

bool TestFinetuneView::startAndWaitForPoints(int steps) {
    configure(steps);
    QPushButton* start = button("finetuneStart");
    if (!start || !start->isEnabled()) return false;
    QTest::mouseClick(start, Qt::LeftButton);
    if (!m_view->isRunning()) return false;
    QElapsedTimer t;
    t.start();
    while (m_view->seriesData(FinetuneView::LossChart, 1).size() < 3 && t.elapsed() < 60000) QTest::qWait(20);
    return m_view->seriesData(FinetuneView::LossChart, 1).size() >= 3;
}

bool TestFinetuneView::showWithModel(sharelens::app::MainWindow& w) {
    return analysisfixture::showAndOpen(w, QString::fromStdString(m_model->checkpoint().dir));
}

void TestFinetuneView::decimationKeepsOrderAndExtremes_data() {
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("maxPoints");
    QTest::newRow("fewer than the cap") << 10 << 2000;
    QTest::newRow("exactly the cap") << 2000 << 2000;
    QTest::newRow("many") << 100000 << 2000;
    QTest::newRow("odd cap") << 12345 << 301;
}

void TestFinetuneView::decimationKeepsOrderAndExtremes() {
    QFETCH(int, count);
    QFETCH(int, maxPoints);
    std::vector<QPointF> pts;
    QRandomGenerator rng(7);
    double lo = 1e300, hi = -1e300;
    for (int i = 0; i < count; ++i) {
        const double y = rng.generateDouble();
        pts.emplace_back(i, y);
        lo = std::min(lo, y);
        hi = std::max(hi, y);
    }
    const QList<QPointF> out = sharelens::widgets::decimatePoints(pts, maxPoints);
    QVERIFY(out.size() <= maxPoints);
    if (count <= maxPoints) QCOMPARE(out.size(), qsizetype(count));
    for (qsizetype i = 1; i < out.size(); ++i) QVERIFY(out[i].x() > out[i - 1].x());
    double olo = 1e300, ohi = -1e300;
    for (const auto& p : out) {
        olo = std::min(olo, p.y());
        ohi = std::max(ohi, p.y());
    }
    QCOMPARE(olo, lo);
    QCOMPARE(ohi, hi);
}

void TestFinetuneView::shortRunFillsChartsAndTable() {
    QSignalSpy finished(m_view.get(), &FinetuneView::finetuneFinished);
    QSignalSpy failed(m_view.get(), &FinetuneView::finetuneFailed);
    configure(20);
    QTest::mouseClick(button("finetuneStart"), Qt::LeftButton);
    QVERIFY(m_view->isRunning());
    QVERIFY(!button("finetuneStart")->isEnabled());
    QVERIFY(button("finetuneCancel")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QVERIFY(!m_view->isRunning());
    QVERIFY(button("finetuneStart")->isEnabled());

    checkCharts();
    if (QTest::currentTestFailed()) return;
    const auto summary = finished.first().first().value<sharelens::app::FinetuneSummary>();
    QVERIFY(summary.stopReason.isEmpty());
    QCOMPARE(summary.baseline.parameters, m_plan.baselineParameters);
    QCOMPARE(summary.shared.parameters, m_plan.sharedParameters);
    QVERIFY(summary.shared.modelStateBytes < summary.baseline.modelStateBytes);

    checkResultsTable();
    if (QTest::currentTestFailed()) return;
    checkBudget(summary);
    if (QTest::currentTestFailed()) return;
    checkRunReopens();
    if (QTest::currentTestFailed()) return;

    const QImage shot = m_view->grab().toImage();
    QVERIFY(!shot.isNull());
    QString error;
    const QString memory = m_tmp.filePath(QStringLiteral("finetune_memory.png"));
    QVERIFY2(m_view->exportChart(FinetuneView::MemoryChart, memory, &error), qPrintable(error));
    QVERIFY(QFileInfo(memory).size() > 0);
}

// After a run of 20 steps: every series received points, x increasing.
void TestFinetuneView::checkCharts() {
    QVERIFY(!m_view->charts()->distillShown()); // no distillation, no such chart
    // Training series: one point per step.
    for (int c = 0; c < FinetuneView::ChartCount; ++c) {
        const auto chart = FinetuneView::Chart(c);
        for (int s = 0; s < m_view->seriesCount(chart); ++s) {
            const QList<QPointF> pts = m_view->series(chart, s)->points();
            QVERIFY2(!pts.isEmpty(), qPrintable(QString("chart %1 series %2").arg(c).arg(s)));
            for (qsizetype i = 1; i < pts.size(); ++i) QVERIFY(pts[i].x() > pts[i - 1].x());
        }
    }
    QCOMPARE(m_view->seriesData(FinetuneView::LossChart, 0).size(), size_t(20));
    QCOMPARE(m_view->seriesData(FinetuneView::LossChart, 1).size(), size_t(20));
    QCOMPARE(m_view->seriesData(FinetuneView::LossChart, 0).back().x(), 20.0);
    // Validation before training (step 0) and at the end.
    QCOMPARE(m_view->seriesData(FinetuneView::LossChart, 2).front().x(), 0.0);
    QCOMPARE(m_view->seriesData(FinetuneView::LossChart, 3).back().x(), 20.0);
}

// The results table: both runs, every cell filled, the plan's parameters.
void TestFinetuneView::checkResultsTable() {
    QTableWidget* table = m_view->resultsTable();
    QCOMPARE(table->rowCount(), 2);
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < table->columnCount(); ++c)
            QVERIFY2(table->item(r, c) && !table->item(r, c)->text().isEmpty(),
                     qPrintable(QString("%1,%2").arg(r).arg(c)));
    QCOMPARE(table->item(0, 3)->text(), QLocale().toString(static_cast<qlonglong>(m_plan.baselineParameters)));
    QCOMPARE(table->item(1, 3)->text(), QLocale().toString(static_cast<qlonglong>(m_plan.sharedParameters)));
    bool ok = false;
    QVERIFY(table->item(1, 1)->text().toDouble(&ok) > 0 && ok);
    QVERIFY(table->item(1, 2)->text().toDouble(&ok) > 0 && ok);
}

void TestFinetuneView::checkBudget(const sharelens::app::FinetuneSummary& summary) {
    // The comparison at the same budget: fine-tuned baseline and shared, the
    // plan's layers removed, as many last layers dropped, int8 weights.
    const auto& budget = summary.budget;
    QCOMPARE(budget.size(), size_t(5));
    QStringList methods;
    for (const auto& p : budget) {
        methods << QString::fromStdString(p.method);
        QVERIFY2(std::isfinite(p.loss) && p.loss > 0, p.method.c_str());
    }
    QCOMPARE(methods, (QStringList{"baseline", "shared", "remove-shared-layers", "drop-last-3", "int8"}));
    QCOMPARE(budget[0].parameters, m_plan.baselineParameters);
    QCOMPARE(budget[1].parameters, m_plan.sharedParameters);
    // Removing the plan's layers stores as many blocks as sharing them.
    QCOMPARE(budget[2].parameters, m_plan.sharedParameters);
    QCOMPARE(budget[3].parameters, m_plan.sharedParameters);
    QCOMPARE(budget[4].parameters, m_plan.baselineParameters);
    QCOMPARE(budget[0].bytes, uint64_t(4 * m_plan.baselineParameters));
    QVERIFY(budget[4].bytes < budget[0].bytes / 2);
    // One set of validation windows: the comparison evaluates on the runs'
    // own windows, so the trained models show the same losses in both tables.
    QCOMPARE(summary.budgetSequences, sharelens::TrainOptions().evalSequences);
    QVERIFY2(std::abs(budget[0].loss - summary.baseline.validationAfter) < 1e-4,
             qPrintable(QString("%1 vs %2").arg(budget[0].loss).arg(summary.baseline.validationAfter)));
    QVERIFY2(std::abs(budget[1].loss - summary.shared.validationAfter) < 1e-4,
             qPrintable(QString("%1 vs %2").arg(budget[1].loss).arg(summary.shared.validationAfter)));
    for (int r = 0; r < 2; ++r)
        QCOMPARE(m_view->budgetTable()->item(r, 3)->text(), m_view->resultsTable()->item(r, 2)->text());
    QVERIFY(
        m_view->findChild<QLabel*>("finetuneBudgetLabel")->text().contains(QString::number(summary.budgetSequences)));
    // ... in the table and as one scatter point per method, against
    // parameters (millions) or bytes (MiB).
    QTableWidget* budgetTable = m_view->budgetTable();
    QCOMPARE(budgetTable->rowCount(), 5);
    QCOMPARE(budgetTable->item(4, 3)->text(), QLocale().toString(budget[4].loss, 'f', 4));
    QCOMPARE(m_view->budgetSeriesCount(), 5);
    for (int i = 0; i < 5; ++i) {
        const auto pts = m_view->budgetSeries(i)->points();
        QCOMPARE(pts.size(), qsizetype(1));
        QCOMPARE(pts[0].x(), budget[size_t(i)].parameters * 1e-6);
        QCOMPARE(pts[0].y(), budget[size_t(i)].loss);
    }
    m_view->setBudgetAxisBytes(true);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(m_view->budgetSeries(i)->points()[0].x(), budget[size_t(i)].bytes / (1024.0 * 1024.0));
}

void TestFinetuneView::checkRunReopens() {
    // The run as a session file keeps it, reopened into a fresh panel: the
    // same settings, chart points and table cells.
    const sharelens::SessionRun& run = m_view->lastRun();
    QCOMPARE(run.shared.steps.size(), size_t(20));
    QCOMPARE(run.baseline.evals.front().step, 0);
    QCOMPARE(run.budget.size(), size_t(5));
    QCOMPARE(run.seqLen, 32);
    sharelens::Session session;
    session.models = {m_model->checkpoint().dir};
    session.runs = {run};
    const std::string sessionPath = m_tmp.filePath("run.sharelens").toStdString();
    sharelens::saveSession(sessionPath, session);
    FinetuneView other;
    other.setModel(m_model);
    other.setPlan(m_plan);
    other.restoreRun(sharelens::loadSession(sessionPath).runs.at(0));
    QCOMPARE(other.findChild<QSpinBox*>("finetuneSteps")->value(), 20);
    QCOMPARE(other.findChild<QSpinBox*>("finetuneBatch")->value(), 2);
    for (int c = 0; c < FinetuneView::ChartCount; ++c)
        for (int si = 0; si < m_view->seriesCount(FinetuneView::Chart(c)); ++si)
            QVERIFY2(other.seriesData(FinetuneView::Chart(c), si) == m_view->seriesData(FinetuneView::Chart(c), si),
                     qPrintable(QString("chart %1 series %2").arg(c).arg(si)));
    for (QTableWidget* t : {m_view->resultsTable(), m_view->budgetTable()}) {
        QTableWidget* o = other.findChild<QTableWidget*>(t->objectName());
        QVERIFY(o);
        QCOMPARE(o->rowCount(), t->rowCount());
        for (int r = 0; r < t->rowCount(); ++r)
            for (int c = 0; c < t->columnCount(); ++c) QCOMPARE(o->item(r, c)->text(), t->item(r, c)->text());
    }
}

// The Distillation box: mode and temperature (enabled only for a mode with
// logits); a distilled run fills the distillation chart with one series per
// component it trains, and the run keeps the settings.
void TestFinetuneView::distillationPlotsLossComponents() {
    auto* mode = m_view->findChild<QComboBox*>("finetuneDistill");
    auto* temperature = m_view->findChild<QDoubleSpinBox*>("finetuneDistillTemperature");
    QVERIFY(mode && temperature);
    QCOMPARE(mode->currentData().toInt(), int(sharelens::DistillMode::None));
    QVERIFY(!temperature->isEnabled());
    mode->setCurrentIndex(mode->findData(int(sharelens::DistillMode::Hidden)));
    QVERIFY(!temperature->isEnabled());
    mode->setCurrentIndex(mode->findData(int(sharelens::DistillMode::Both)));
    QVERIFY(temperature->isEnabled());
    temperature->setValue(2.0);

    QSignalSpy finished(m_view.get(), &FinetuneView::finetuneFinished);
    QSignalSpy failed(m_view.get(), &FinetuneView::finetuneFailed);
    configure(6);
    QTest::mouseClick(button("finetuneStart"), Qt::LeftButton);
    QVERIFY(m_view->isRunning());
    QVERIFY(!mode->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    auto* charts = m_view->charts();
    using Panel = sharelens::widgets::TrainingChartsPanel;
    QVERIFY(charts->distillShown());
    QVERIFY(charts->chartView(Panel::DistillChart)->isVisible());
    QCOMPARE(charts->seriesCount(Panel::DistillChart), 3);
    for (int s = 0; s < 3; ++s) {
        QCOMPARE(charts->seriesData(Panel::DistillChart, s).size(), size_t(6));
        QVERIFY(charts->series(Panel::DistillChart, s)->isVisible());
        for (const auto& p : charts->seriesData(Panel::DistillChart, s)) QVERIFY(p.y() > 0);
    }
    // The shared run's training loss is (1 - 0.5) CE + 0.5 T^2 KL + MSE.
    const auto& loss = m_view->seriesData(FinetuneView::LossChart, 1);
    QCOMPARE(loss.size(), size_t(6));
    for (size_t i = 0; i < loss.size(); ++i) {
        const double ce = charts->seriesData(Panel::DistillChart, 0)[i].y(),
                     kl = charts->seriesData(Panel::DistillChart, 1)[i].y(),
                     mse = charts->seriesData(Panel::DistillChart, 2)[i].y();
        QVERIFY(std::abs(loss[i].y() - (0.5 * ce + 0.5 * 4 * kl + mse)) < 1e-5 * loss[i].y());
    }
    QCOMPARE(m_view->lastRun().distill, sharelens::DistillMode::Both);
    QCOMPARE(m_view->lastRun().distillTemperature, 2.0);
    QVERIFY(m_view->lastRun().shared.steps.back().distillKl > 0);

    // A run restored from the session shows its settings and components; a
    // run without distillation hides the chart.
    const auto run = m_view->lastRun();
    mode->setCurrentIndex(0);
    m_view->restoreRun(run);
    QCOMPARE(mode->currentData().toInt(), int(sharelens::DistillMode::Both));
    QCOMPARE(temperature->value(), 2.0);
    QVERIFY(charts->distillShown());
    auto plain = run;
    plain.distill = sharelens::DistillMode::None;
    for (auto& st : plain.shared.steps) st.distillKl = st.distillHidden = 0;
    m_view->restoreRun(plain);
    QVERIFY(!charts->distillShown());
    QVERIFY(!charts->chartView(Panel::DistillChart)->isVisible());
}

void TestFinetuneView::exportsCharts_data() {
    QTest::addColumn<FinetuneView::Chart>("chart");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("magic");
    const std::pair<FinetuneView::Chart, const char*> charts[] = {{FinetuneView::LossChart, "loss"},
                                                                  {FinetuneView::SpeedChart, "speed"},
                                                                  {FinetuneView::MemoryChart, "memory"},
                                                                  {FinetuneView::BudgetChart, "budget"}};
    for (const auto& [c, name] : charts) {
        QTest::addRow("%s png", name) << c << "png" << QByteArray("\x89PNG\r\n\x1a\n");
        QTest::addRow("%s svg", name) << c << "svg" << QByteArray("<?xml");
        QTest::addRow("%s pdf", name) << c << "pdf" << QByteArray("%PDF-");
        QTest::addRow("%s csv", name) << c << "csv"
                                      << QByteArray(c == FinetuneView::BudgetChart ? "method," : "series,step,");
    }
}

void TestFinetuneView::exportsCharts() {
    QFETCH(FinetuneView::Chart, chart);
    QFETCH(QString, suffix);
    QFETCH(QByteArray, magic);
    QSignalSpy finished(m_view.get(), &FinetuneView::finetuneFinished);
    configure(4);
    QTest::mouseClick(button("finetuneStart"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QCOMPARE(m_view->budget().size(), size_t(5));
    const QString path = m_tmp.filePath(QString("chart%1.%2").arg(int(chart)).arg(suffix));
    QString error;
    const bool ok =
        suffix == "csv" ? m_view->exportChartCsv(chart, path, &error) : m_view->exportChart(chart, path, &error);
    QVERIFY2(ok, qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    QVERIFY2(data.startsWith(magic), data.left(16).constData());
    if (suffix == "svg") QVERIFY(data.contains("<svg"));
    if (suffix == "csv") {
        const auto lines = data.trimmed().split('\n');
        if (chart == FinetuneView::BudgetChart) {
            QCOMPARE(lines.size(), qsizetype(6)); // header + five methods
            QCOMPARE(lines[0], QByteArray("method,parameters,bytes,validation_loss"));
            QCOMPARE(lines[5].split(',').first(), QByteArray("int8"));
        } else {
            QVERIFY(lines.size() > 4);
            QCOMPARE(lines[1].split(',').size(), 3);
        }
    }
    // An unwritable place fails with a sentence.
    error.clear();
    const QString bad = m_tmp.filePath("missing/dir/x." + suffix);
    QVERIFY(suffix == "csv" ? !m_view->exportChartCsv(chart, bad, &error) : !m_view->exportChart(chart, bad, &error));
    QVERIFY(!error.isEmpty());
}

void TestFinetuneView::pauseHoldsAndResumeContinues() {
    QVERIFY(startAndWaitForPoints(100000));
    // Records arrive batched: at most one delivery per kDeliveryIntervalMs.
    {
        QSignalSpy deliveries(m_view->runner(), &sharelens::app::FinetuneRunner::records);
        const int before = pointCount();
        QElapsedTimer t;
        t.start();
        QTest::qWait(1000);
        const qint64 ms = t.elapsed();
        QVERIFY(pointCount() > before);
        QVERIFY2(deliveries.size() <= ms / sharelens::app::FinetuneRunner::kDeliveryIntervalMs + 2,
                 qPrintable(QString("%1 deliveries in %2 ms").arg(deliveries.size()).arg(ms)));
        qInfo("%d deliveries carrying %d points in %lld ms", int(deliveries.size()), pointCount() - before, ms);
    }
    QPushButton* pause = button("finetunePause");
    QVERIFY(pause->isEnabled());
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(m_view->isPaused());
    QCOMPARE(pause->text(), QStringLiteral("Resume"));
    // The step under way when Pause was clicked still finishes and is
    // delivered; under AddressSanitizer, with a step's workers sharing the
    // cores with another test, that can take longer than a fixed wait. So:
    // wait (up to 20 s) until no point has arrived for a whole second, then
    // nothing more may arrive. A pause that does not hold keeps delivering
    // (about 5 steps a second even under the sanitizer) and fails here.
    int held = pointCount();
    QElapsedTimer settling, quiet;
    settling.start();
    quiet.start();
    while (quiet.elapsed() < 1000) {
        QTest::qWait(100);
        if (pointCount() != held) {
            held = pointCount();
            quiet.restart();
        }
        QVERIFY2(settling.elapsed() < 20000, "points keep arriving after Pause");
    }
    QTest::qWait(1000);
    QCOMPARE(pointCount(), held);
    QVERIFY(m_view->isRunning());
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(!m_view->isPaused());
    QCOMPARE(pause->text(), QStringLiteral("Pause"));
    QTRY_VERIFY_WITH_TIMEOUT(pointCount() > held, 10000);
}

void TestFinetuneView::cancelStopsPromptly() {
    QSignalSpy finished(m_view.get(), &FinetuneView::finetuneFinished);
    QSignalSpy failed(m_view.get(), &FinetuneView::finetuneFailed);
    QVERIFY(startAndWaitForPoints(100000));
    // Cancel interrupts the run: the CPU work between the click and the stop
    // (which a busy machine does not inflate, unlike wall time) is under 2 CPU-s.
    const std::clock_t cpuAtClick = std::clock();
    QTest::mouseClick(button("finetuneCancel"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isRunning(), 30000);
    const double cpu = double(std::clock() - cpuAtClick) / CLOCKS_PER_SEC;
    QVERIFY2(cpu < 2.0, qPrintable(QString::number(cpu)));
    // One stop path: a cancelled failure; the charts keep the records so far.
    QCOMPARE(finished.size(), 0);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(1).toBool(), true);
    QVERIFY(m_view->seriesData(FinetuneView::LossChart, 1).size() >= 3);
    QVERIFY(m_view->budget().empty());
    QVERIFY(button("finetuneStart")->isEnabled());
    QVERIFY(!button("finetuneCancel")->isEnabled());
}

void TestFinetuneView::cancelWakesPausedRun() {
    QVERIFY(startAndWaitForPoints(100000));
    QTest::mouseClick(button("finetunePause"), Qt::LeftButton);
    QVERIFY(m_view->isPaused());
    QTest::qWait(200);
    QElapsedTimer t;
    t.start();
    QTest::mouseClick(button("finetuneCancel"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isRunning(), 1000);
    QVERIFY(t.elapsed() < 1000);
    QVERIFY(!m_view->isPaused());
    QCOMPARE(button("finetunePause")->text(), QStringLiteral("Pause"));
}

// The Memory box: the estimate under Start, Start disabled when no mode fits
// (SHARELENS_MEMORY_LIMIT stands in for a small machine), and a lean run
// (shared groups only, no baseline run, checkpointing) whose results say the
// baseline was not fine-tuned.
void TestFinetuneView::leanModeAndMemoryEstimate() {
    QLabel* estimate = m_view->findChild<QLabel*>("finetuneEstimate");
    QVERIFY(estimate);
    QVERIFY2(estimate->text().startsWith("Needs about "), qPrintable(estimate->text()));
    auto* scope = m_view->findChild<QComboBox*>("finetuneTrainScope");
    auto* baseline = m_view->findChild<QCheckBox*>("finetuneRunBaseline");
    auto* checkpointing = m_view->findChild<QCheckBox*>("finetuneCheckpointing");
    QVERIFY(scope && baseline && checkpointing);
    const QString full = estimate->text();
    qputenv("SHARELENS_MEMORY_LIMIT", "1K");
    checkpointing->setChecked(true);
    qunsetenv("SHARELENS_MEMORY_LIMIT");
    QVERIFY2(estimate->text().contains("does not fit in any mode"), qPrintable(estimate->text()));
    QVERIFY(!m_view->estimateFits());
    QVERIFY(!button("finetuneStart")->isEnabled());
    scope->setCurrentIndex(1);
    baseline->setChecked(false);
    QVERIFY(m_view->estimateFits());
    QVERIFY(button("finetuneStart")->isEnabled());
    QVERIFY2(estimate->text() != full, qPrintable(estimate->text())); // the lean mode needs less

    QSignalSpy finished(m_view.get(), &FinetuneView::finetuneFinished);
    QSignalSpy failed(m_view.get(), &FinetuneView::finetuneFailed);
    configure(4);
    QTest::mouseClick(button("finetuneStart"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    const auto summary = finished.first().first().value<sharelens::app::FinetuneSummary>();
    QVERIFY(!summary.baselineTrained);
    QCOMPARE(summary.baseline.steps, 0);
    QCOMPARE(summary.shared.steps, 4);
    QCOMPARE(m_view->resultsTable()->item(0, 0)->text(), QStringLiteral("Baseline (not fine-tuned)"));
    QVERIFY(m_view->budgetTable()->rowCount() > 0);
    QCOMPARE(m_view->budgetTable()->item(0, 0)->text(), QStringLiteral("Baseline, untrained"));
}

// A plan that does not fit names the mode the engine's refusal names: of the
// modes that fit, the fewest changes from the chosen one (not the cheapest).
void TestFinetuneView::refusalNamesClosestModeThatFits() {
    using sharelens::TrainScope;
    configure(4);
    const auto rq = sharelens::app::workflowRequest(m_view->currentRequest());
    auto sizes = sharelens::finetuneSizes(*m_model, m_plan, rq.share, rq.train);
    sizes.baselineLoaded = false; // as the panel: the run loads its own copy
    const auto need = [&](TrainScope scope, bool baseline, bool checkpointing) {
        return sharelens::estimateFinetune(sizes, sharelens::FinetuneMode{scope, baseline, checkpointing}).bytes;
    };
    const uint64_t limit = need(TrainScope::Shared, true, false); // of three modes one change away, only it fits
    QVERIFY(need(TrainScope::All, false, false) > limit && need(TrainScope::All, true, true) > limit);
    QVERIFY(need(TrainScope::Shared, false, true) < limit); // the cheapest mode overall is another
    auto* checkpointing = m_view->findChild<QCheckBox*>("finetuneCheckpointing");
    QVERIFY(checkpointing && !checkpointing->isChecked());
    qputenv("SHARELENS_MEMORY_LIMIT", QByteArray::number(qulonglong(limit)));
    checkpointing->setChecked(true);
    checkpointing->setChecked(false);
    qunsetenv("SHARELENS_MEMORY_LIMIT");
    const QString text = m_view->estimateLabel()->text();
    QVERIFY2(text.contains("does not fit; shared groups only, with the baseline needs about "), qPrintable(text));
    QVERIFY(!m_view->estimateFits() && !button("finetuneStart")->isEnabled());
}

void TestFinetuneView::mainWindowTabFollowsAnalysis() {
    m_view.reset(); // this test drives the main window's own panel
    sharelens::app::MainWindow w;
    QVERIFY(showWithModel(w));
    QTabWidget* tabs = w.modelTabs();
    QVERIFY(tabs);
    QCOMPARE(tabs->widget(1), static_cast<QWidget*>(w.finetuneView()));
    QVERIFY(!tabs->isTabEnabled(1)); // no groups yet

    sharelens::app::AnalysisView* analysis = w.analysisView();
    QVERIFY(analysisfixture::analyse(analysis, m_text, analysisfixture::Analysis{8}));
    QTRY_VERIFY(tabs->isTabEnabled(1));
    FinetuneView* panel = w.finetuneView();
    QVERIFY(panel->hasPlan());
    QVERIFY(panel->findChild<QPushButton*>("finetuneStart")->isEnabled());
    tabs->setCurrentIndex(1);
    QVERIFY(panel->isVisible());
    // The settings panel fits its scroll area: nothing is cut off at the right.
    auto* scroll = panel->findChild<QScrollArea*>();
    QVERIFY(scroll);
    QTRY_COMPARE(scroll->widget()->width(), scroll->viewport()->width());
    QVERIFY(scroll->widget()->width() >= scroll->widget()->minimumSizeHint().width());
    QVERIFY(w.grab().save(m_tmp.filePath(QStringLiteral("finetune_window.png"))));
    // Groups follow the threshold: cutting at the top joins everything.
    analysis->setThreshold(1.0);
    QCOMPARE(panel->findChild<QLabel*>("finetunePlan")
                 ->text()
                 .contains(QLocale().toString(static_cast<qlonglong>(analysis->plan().sharedParameters))),
             true);
}

namespace {

// How many of File › Export's two shared-model actions are enabled (-1 when
// one is missing).
int exportActionsEnabled(const sharelens::app::MainWindow& w) {
    int n = 0;
    for (const char* name : {"exportCompactAction", "exportHuggingFaceAction"}) {
        auto* a = w.findChild<QAction*>(name);
        if (!a) return -1;
        n += a->isEnabled() ? 1 : 0;
    }
    return n;
}

} // namespace

// File › Export from the main window: nothing to export before a fine-tune
// (a sentence says so); afterwards the trained shared model as a compact
// checkpoint and as a Hugging Face folder, both reopening to its logits, and
// the session as a PDF report.
void TestFinetuneView::mainWindowExportsTrainedModelAndReport() {
    m_view.reset(); // this test drives the main window's own panel
    sharelens::app::MainWindow w;
    QVERIFY(showWithModel(w));
    sharelens::app::AnalysisView* analysis = w.analysisView();
    analysis->setCalibrationFile(m_text);
    analysis->setSequenceLength(32);
    analysis->setSequenceCount(8);
    QSignalSpy analysed(analysis, &sharelens::app::AnalysisView::analysisFinished);
    analysis->analyze();
    QTRY_VERIFY_WITH_TIMEOUT(!analysed.isEmpty(), 60000);
    analysis->setThreshold(0.3);
    QVERIFY(w.finetuneView()->hasPlan());

    QSignalSpy exported(&w, &sharelens::app::MainWindow::exportFinished);
    const QString compact = m_tmp.filePath("export-compact"), hf = m_tmp.filePath("export-hf");
    w.exportSharedModel(compact, true);
    QCOMPARE(exported.size(), 1);
    QVERIFY(exported.takeFirst().at(1).toString().contains("no trained shared model"));
    QVERIFY(!QFileInfo::exists(compact));
    QCOMPARE(exportActionsEnabled(w), 0); // the menu says so too, until a fine-tune

    FinetuneView* panel = w.finetuneView();
    panel->findChild<QSpinBox*>("finetuneSteps")->setValue(3);
    panel->findChild<QSpinBox*>("finetuneBatch")->setValue(2);
    panel->findChild<QSpinBox*>("finetuneSeqLen")->setValue(32);
    QSignalSpy trained(panel, &FinetuneView::finetuneFinished);
    panel->start();
    QTRY_VERIFY_WITH_TIMEOUT(!trained.isEmpty(), 120000);
    const auto model = panel->trainedShared();
    QVERIFY(model);
    QCOMPARE(exportActionsEnabled(w), 2);
    QCOMPARE(w.document()->session().runs.size(), size_t(1));

    const std::vector<int32_t> ids{72, 101, 32, 115, 97, 105, 100, 44, 32, 76, 101, 116};
    const auto expected = model->logits(ids);
    // By default the compact checkpoint stores the weights as the F16 demo
    // does: smaller than the original, and the status bar says its size.
    const QString compact16 = m_tmp.filePath("export-compact-f16");
    w.exportSharedModel(compact16, true);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 60000);
    QVERIFY2(exported.takeFirst().at(1).toString().isEmpty(), "compact export failed");
    const qint64 original = QFileInfo(QString::fromStdString(m_model->checkpoint().dir) + "/model.safetensors").size();
    const qint64 written = QFileInfo(compact16 + "/model.safetensors").size();
    QVERIFY2(written > 0 && written < original, qPrintable(QString("%1 >= %2").arg(written).arg(original)));
    const auto back16 = sharelens::Model::load(compact16.toStdString());
    for (const auto& t : back16->checkpoint().tensors) QCOMPARE(QString(sharelens::dtypeName(t.dtype)), QString("F16"));
    qint64 folder = 0;
    for (const QFileInfo& f : QDir(compact16).entryInfoList(QDir::Files)) folder += f.size();
    QVERIFY2(w.statusBar()->currentMessage().contains(QLocale().formattedDataSize(folder)),
             qPrintable(w.statusBar()->currentMessage()));
    QVERIFY(w.statusBar()->currentMessage().contains("F16"));
    // Asked for F32, both formats reopen to the trained model's logits.
    for (const auto& [dir, isCompact] : {std::pair{compact, true}, std::pair{hf, false}}) {
        w.exportSharedModel(dir, isCompact, sharelens::DType::F32);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 60000);
        const QString error = exported.takeFirst().at(1).toString();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto back = sharelens::Model::load(dir.toStdString());
        QCOMPARE(back->summary().parameters, isCompact ? model->summary().parameters : m_model->summary().parameters);
        const auto got = back->logits(ids);
        QCOMPARE(got.size(), expected.size());
        double maxDiff = 0;
        for (size_t i = 0; i < got.size(); ++i) maxDiff = std::max(maxDiff, double(std::abs(got[i] - expected[i])));
        QVERIFY2(maxDiff < 1e-4, qPrintable(QString("max |Δlogit| %1").arg(maxDiff)));
    }
    checkAsksBeforeReplacing(w, exported, m_tmp.filePath("another-model"));
    if (QTest::currentTestFailed()) return;

    const QString pdf = m_tmp.filePath("report.pdf");
    QString error;
    QVERIFY2(w.exportReport(pdf, &error), qPrintable(error));
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    QVERIFY(data.startsWith("%PDF-"));
    QVERIFY(data.trimmed().endsWith("%%EOF"));
    QVERIFY(data.contains("/Type /Page"));
}

namespace {

// Exports the trained model into `dir` as a compact checkpoint, answering the
// replace-folder question with Replace or Cancel; true when it was asked.
bool exportAnswering(sharelens::app::MainWindow& w, const QString& dir, bool replace) {
    bool asked = false;
    QTimer answer;
    QObject::connect(&answer, &QTimer::timeout, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || box->objectName() != QLatin1String("replaceFolderDialog")) return;
        asked = true;
        QAbstractButton* button = replace ? box->findChild<QPushButton*>(QStringLiteral("replaceFolderReplace"))
                                          : box->button(QMessageBox::Cancel);
        if (button) button->click();
    });
    answer.start(20);
    w.exportSharedModel(dir, true);
    answer.stop();
    return asked;
}

} // namespace

void TestFinetuneView::checkAsksBeforeReplacing(sharelens::app::MainWindow& w, QSignalSpy& exported,
                                                const QString& dir) {
    // Another model's folder: its files, no ShareLens recipe.
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(testutil::writeFile(dir + "/config.json", "{\"model_type\": \"gpt2\"}"));
    QVERIFY(testutil::writeFile(dir + "/model.safetensors", "another model's weights"));
    QVERIFY2(exportAnswering(w, dir, false), "no question before replacing another model's folder");
    QCOMPARE(exported.size(), 1);
    const QList<QVariant> cancelled = exported.takeFirst();
    QVERIFY(cancelled.at(2).toBool());
    QVERIFY2(cancelled.at(1).toString().contains("cancelled"), qPrintable(cancelled.at(1).toString()));
    QFile weights(dir + "/model.safetensors");
    QVERIFY(weights.open(QIODevice::ReadOnly));
    QCOMPARE(weights.readAll(), QByteArray("another model's weights"));
    weights.close();
    QVERIFY(!QFileInfo::exists(dir + "/sharelens-recipe.json"));

    QVERIFY2(exportAnswering(w, dir, true), "no question before replacing another model's folder");
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 60000);
    const QList<QVariant> replaced = exported.takeFirst();
    QVERIFY2(replaced.at(1).toString().isEmpty(), qPrintable(replaced.at(1).toString()));
    QVERIFY(!replaced.at(2).toBool());
    QVERIFY(QFileInfo::exists(dir + "/sharelens-recipe.json"));
    QVERIFY(sharelens::Model::load(dir.toStdString()));
}

QTEST_MAIN(TestFinetuneView)
#include "tst_finetuneview.moc"
