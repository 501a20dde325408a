// Comparing runs: every finished fine-tune of the session listed in the Runs
// tab, two of them overlaid (A solid, B dashed), kept through a session
// file; and, through the main window, two real fine-tunes both listed,
// saved, reopened and shown again in the Fine-tune tab.
#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtCharts/QChart>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtTest>

#include "analysisfixture.h"
#include "document.h"
#include "finetuneview.h"
#include "mainwindow.h"
#include "runsview.h"
#include "trainingcharts.h"

using sharelens::SessionRun;
using sharelens::app::Document;
using sharelens::app::FinetuneView;
using sharelens::app::MainWindow;
using sharelens::app::RunsView;

namespace {

// A run of `steps` steps whose losses fall from `start`; speed grows with the seed.
SessionRun makeRun(uint64_t seed, int steps, double start) {
    SessionRun run;
    run.steps = steps;
    run.batchSize = 2;
    run.seqLen = 16;
    run.learningRate = 1e-3;
    run.seed = seed;
    run.baselineParameters = 1000;
    run.sharedParameters = 600;
    for (int s = 1; s <= steps; ++s) {
        sharelens::StepRecord b{s, start - 0.1 * s, 1e-3, 0.01, 100.0 * double(seed) + s, 4096, 1000000};
        sharelens::StepRecord sh = b;
        sh.loss += 0.2;
        sh.tokensPerSecond += 50;
        sh.peakRssBytes = 2000000 + uint64_t(seed);
        run.baseline.steps.push_back(b);
        run.shared.steps.push_back(sh);
    }
    run.baseline.evals = {{0, start, std::exp(start)}, {steps, start - 0.5, std::exp(start - 0.5)}};
    run.shared.evals = {{0, start + 0.1, std::exp(start + 0.1)}, {steps, start - 0.3, std::exp(start - 0.3)}};
    return run;
}

QStringList rowTexts(QTableWidget* t, int row) {
    QStringList cells;
    for (int c = 0; c < t->columnCount(); ++c) cells << (t->item(row, c) ? t->item(row, c)->text() : QString());
    return cells;
}

std::vector<double> ys(QLineSeries* s) {
    std::vector<double> out;
    for (const QPointF& p : s->points()) out.push_back(p.y());
    return out;
}

} // namespace

class TestRunsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listsEveryRunAndOverlaysTwo();
    void tableSelectionChoosesRuns();
    void sessionRoundTripKeepsRuns();
    void twoFinishedFinetunesListedSavedAndShown();
    void chartsFollowDarkPaletteExportsStayLight();

private:
    QTemporaryDir m_tmp;
};

void TestRunsView::initTestCase() {
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_tmp.isValid());
}

void TestRunsView::listsEveryRunAndOverlaysTwo() {
    Document doc;
    doc.reset(QStringLiteral("/models/m"));
    RunsView view;
    view.setDocument(&doc);
    QCOMPARE(view.runCount(), 0);
    QVERIFY(!view.findChild<QPushButton*>("runsShowButton")->isEnabled());
    doc.addRun(makeRun(1, 10, 3.0));
    QCOMPARE(view.runCount(), 1);
    QCOMPARE(view.runA(), 0);
    QCOMPARE(view.runB(), -1);
    doc.addRun(makeRun(2, 6, 4.0));
    QCOMPARE(view.runCount(), 2);
    QCOMPARE(view.table()->rowCount(), 2);
    // The newest run is compared with the one before it.
    QCOMPARE(view.runA(), 0);
    QCOMPARE(view.runB(), 1);
    // The row's figures: steps, last training and validation losses, mean speed, peak RSS.
    const QStringList row = rowTexts(view.table(), 1);
    QCOMPARE(row[RunsView::RunCol], QString("Run 2"));
    QCOMPARE(row[RunsView::StepsCol], QString("6 of 6"));
    QCOMPARE(row[RunsView::TrainLossCol], QString("3.4000 / 3.6000"));
    QCOMPARE(row[RunsView::ValLossCol], QString("3.5000 / 3.7000"));
    QCOMPARE(row[RunsView::SpeedCol], QString("204 / 254")); // 200 + mean of 1..6 = 203.5
    QVERIFY(row[RunsView::SettingsCol].contains("batch 2"));
    QCOMPARE(row[RunsView::StatusCol], QString("Completed"));
    QVERIFY(!row[RunsView::PeakRssCol].isEmpty() && row[RunsView::PeakRssCol] != QString("—"));
    // Both runs in both charts: A solid, B dashed, every step's value.
    const auto& runs = doc.session().runs;
    for (int c = 0; c < RunsView::ChartCount; ++c) {
        const auto chart = RunsView::Chart(c);
        for (int s = 0; s < RunsView::SeriesCount; ++s) {
            const SessionRun& run = runs[s < RunsView::BBaseline ? 0 : 1];
            const auto& steps = (s % 2 ? run.shared : run.baseline).steps;
            std::vector<double> want;
            for (const auto& st : steps) want.push_back(c == RunsView::LossChart ? st.loss : st.tokensPerSecond);
            QLineSeries* series = view.series(chart, RunsView::Series(s));
            QCOMPARE(ys(series), want);
            QCOMPARE(series->pen().style(), s < RunsView::BBaseline ? Qt::SolidLine : Qt::DashLine);
            QVERIFY(series->isVisible());
        }
        // The legend draws the series' own lines (dashed for B).
        QCOMPARE(view.chartView(chart)->chart()->legend()->markerShape(), QLegend::MarkerShapeFromSeries);
    }
    QCOMPARE(view.series(RunsView::LossChart, RunsView::AShared)->name(), QString("Run 1 shared"));
    QCOMPARE(view.series(RunsView::LossChart, RunsView::BShared)->name(), QString("Run 2 shared (dashed)"));
    // Run B none: its series are hidden and empty.
    view.setCompared(1, -1);
    QVERIFY(!view.series(RunsView::SpeedChart, RunsView::BBaseline)->isVisible());
    QVERIFY(view.series(RunsView::SpeedChart, RunsView::BBaseline)->points().isEmpty());
    QCOMPARE(ys(view.series(RunsView::LossChart, RunsView::ABaseline)).size(), size_t(6));
    // The choosers follow.
    QCOMPARE(view.findChild<QComboBox*>("runsCompareA")->currentData().toInt(), 1);
    QCOMPARE(view.findChild<QComboBox*>("runsCompareB")->currentData().toInt(), -1);
}

void TestRunsView::tableSelectionChoosesRuns() {
    Document doc;
    doc.reset(QStringLiteral("/models/m"));
    for (uint64_t seed : {1, 2, 3}) doc.addRun(makeRun(seed, 4, 3.0 + double(seed)));
    RunsView view;
    view.setDocument(&doc);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTableWidget* t = view.table();
    const auto click = [&](int row, Qt::KeyboardModifiers mods) {
        const QRect rect = t->visualRect(t->model()->index(row, RunsView::StepsCol));
        QTest::mouseClick(t->viewport(), Qt::LeftButton, mods, rect.center());
    };
    click(0, Qt::NoModifier);
    QCOMPARE(view.runA(), 0);
    click(2, Qt::ControlModifier);
    QTRY_COMPARE(view.runB(), 2);
    QCOMPARE(view.runA(), 0);
    QCOMPARE(ys(view.series(RunsView::LossChart, RunsView::BBaseline)).front(), 5.9);
    // The chooser sets run B too.
    auto* chooseB = view.findChild<QComboBox*>("runsCompareB");
    chooseB->setCurrentIndex(chooseB->findData(1));
    QCOMPARE(view.runB(), 1);
    QCOMPARE(t->selectionModel()->selectedRows().size(), 2);
    // "Show in Fine-tune Tab" asks for run A.
    QSignalSpy show(&view, &RunsView::showRunRequested);
    QTest::mouseClick(view.findChild<QPushButton*>("runsShowButton"), Qt::LeftButton);
    QCOMPARE(show.count(), 1);
    QCOMPARE(show.at(0).at(0).toInt(), 0);
}

void TestRunsView::sessionRoundTripKeepsRuns() {
    Document doc;
    doc.reset(QStringLiteral("/models/m"));
    doc.addRun(makeRun(1, 5, 3.0));
    SessionRun stopped = makeRun(2, 3, 2.5);
    stopped.steps = 8;
    stopped.stopReason = "cancelled";
    doc.addRun(stopped);
    RunsView before;
    before.setDocument(&doc);
    const QString path = m_tmp.filePath("runs.sharelens");
    QString error;
    QVERIFY2(doc.save(path, &error), qPrintable(error));
    sharelens::Session read;
    QVERIFY2(Document::read(path, &read, &error), qPrintable(error));
    QCOMPARE(read.runs.size(), size_t(2));
    Document reopened;
    RunsView after;
    after.setDocument(&reopened);
    reopened.replace(read, path);
    QCOMPARE(after.runCount(), 2);
    for (int r = 0; r < 2; ++r) QCOMPARE(rowTexts(after.table(), r), rowTexts(before.table(), r));
    QCOMPARE(rowTexts(after.table(), 1)[RunsView::StepsCol], QString("3 of 8"));
    QCOMPARE(rowTexts(after.table(), 1)[RunsView::StatusCol], QString("cancelled"));
    for (int s = 0; s < RunsView::SeriesCount; ++s)
        QCOMPARE(after.series(RunsView::LossChart, RunsView::Series(s))->points(),
                 before.series(RunsView::LossChart, RunsView::Series(s))->points());
    // A fresh model empties the list.
    reopened.reset(QStringLiteral("/models/other"));
    QCOMPARE(after.runCount(), 0);
}

// Two real fine-tunes from the Fine-tune tab: both listed, saved in the
// session, listed again when it is reopened, and the first shown again.
void TestRunsView::twoFinishedFinetunesListedSavedAndShown() {
    QString model, text;
    QVERIFY(analysisfixture::makeModelAndText(m_tmp, &model, &text));
    const QString path = m_tmp.filePath("two-runs.sharelens");
    QStringList cells[2];
    {
        MainWindow w;
        QVERIFY(analysisfixture::openAndAnalyse(w, model, text, false));
        w.analysisView()->setThreshold(0.5);
        FinetuneView* ft = w.finetuneView();
        QVERIFY(ft->hasPlan());
        ft->setTextFile(text);
        ft->findChild<QSpinBox*>("finetuneSteps")->setValue(3);
        ft->findChild<QSpinBox*>("finetuneBatch")->setValue(2);
        ft->findChild<QSpinBox*>("finetuneSeqLen")->setValue(16);
        for (int seed : {1, 2}) {
            ft->findChild<QSpinBox*>("finetuneSeed")->setValue(seed);
            QSignalSpy finished(ft, &FinetuneView::finetuneFinished);
            ft->start();
            QVERIFY(finished.wait(120000) || !finished.isEmpty());
        }
        RunsView* runs = w.runsView();
        QCOMPARE(runs->runCount(), 2);
        QCOMPARE(runs->runA(), 0);
        QCOMPARE(runs->runB(), 1);
        QVERIFY(runs->table()->item(1, RunsView::SettingsCol)->text().contains("seed 2"));
        for (int r = 0; r < 2; ++r) cells[r] = rowTexts(runs->table(), r);
        QVERIFY(cells[0] != cells[1]);
        QString error;
        QVERIFY2(w.saveSessionTo(path, &error), qPrintable(error));
    }
    MainWindow w2;
    w2.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w2));
    QSignalSpy restored(&w2, &MainWindow::sessionRestored);
    w2.openSession(path);
    QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 60000);
    RunsView* runs = w2.runsView();
    QCOMPARE(runs->runCount(), 2);
    for (int r = 0; r < 2; ++r) QCOMPARE(rowTexts(runs->table(), r), cells[r]);
    // The Fine-tune tab shows the last run; asking for the first puts it there.
    QCOMPARE(w2.finetuneView()->lastRun().seed, uint64_t(2));
    runs->setCompared(0, 1);
    QTest::mouseClick(runs->findChild<QPushButton*>("runsShowButton"), Qt::LeftButton);
    QCOMPARE(w2.finetuneView()->lastRun().seed, uint64_t(1));
    QCOMPARE(w2.finetuneView()->findChild<QSpinBox*>("finetuneSeed")->value(), 1);
    QCOMPARE(w2.document()->session().runs.size(), size_t(2)); // showing adds no run
}

// In the dark theme the charts' title, legend and axes take the palette's
// light text on its dark base; an exported figure stays light (dark ink on
// white), and the chart is dark again afterwards.
void TestRunsView::chartsFollowDarkPaletteExportsStayLight() {
    const QPalette before = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 32));
    dark.setColor(QPalette::Window, QColor(45, 45, 48));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
    RunsView view;
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QApplication::setPalette(dark);
    QChart* chart = view.chartView(RunsView::LossChart)->chart();
    QTRY_COMPARE(chart->titleBrush().color(), QColor(230, 230, 230));
    QCOMPARE(chart->backgroundBrush().color(), QColor(30, 30, 32));
    QCOMPARE(chart->legend()->labelColor(), QColor(230, 230, 230));
    for (QAbstractAxis* axis : chart->axes()) {
        QCOMPARE(axis->titleBrush().color(), QColor(230, 230, 230));
        QCOMPARE(axis->labelsColor().rgb(), QColor(230, 230, 230).rgb());
    }
    const QString png = m_tmp.filePath("dark-export.png");
    QString error;
    QVERIFY2(sharelens::widgets::exportChartView(view.chartView(RunsView::LossChart), png, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    int darkInk = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 90) ++darkInk;
    QVERIFY2(darkInk > 200, qPrintable(QString("%1 dark pixels").arg(darkInk))); // title and axis text in dark ink
    QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));
    QCOMPARE(chart->titleBrush().color(), QColor(230, 230, 230)); // dark again in the window
    QApplication::setPalette(before);
    QTRY_VERIFY(chart->titleBrush().color() != QColor(230, 230, 230));
}

QTEST_MAIN(TestRunsView)
#include "tst_runsview.moc"
