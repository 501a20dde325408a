// The analysis workspace as a user drives it: open a small model, analyse a
// short text in the background, drag the dendrogram's threshold line and see
// the groups follow, cancel a running analysis, export figures and data.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

#include "analysisjob.h"
#include "analysisfixture.h"
#include "analysisview.h"
#include "dendrogramwidget.h"
#include "finetuneview.h"
#include "grouptable.h"
#include "heatmapwidget.h"
#include "mainwindow.h"
#include "sharelens/model.h"
#include "testutil.h"

using sharelens::app::AnalysisView;
using sharelens::app::MainWindow;
using sharelens::widgets::DendrogramWidget;
using sharelens::widgets::GroupStrip;
using sharelens::widgets::HeatmapWidget;

namespace {
// With SHARELENS_SHOT_DIR set, saves the window's grab there (screenshots
// compared before and after a change to the views); otherwise nothing.
void saveShot(QWidget& w, const QString& name) {
    const QString dir = qEnvironmentVariable("SHARELENS_SHOT_DIR");
    if (dir.isEmpty()) return;
    QTest::qWait(100); // let the layouts settle before the screenshot
    QVERIFY(w.grab().save(QDir(dir).filePath(name)));
}
} // namespace

class TestAnalysisView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void analysesAndDragsThreshold();
    void cancelledResultNeverLands();
    void newAnalysisSupersedesRunningOne();
    void exportsFiguresAndData_data();
    void exportsFiguresAndData();
    void sublayerUnitsGroupPerKind();

private:
    // Opens the model in `w` and runs one analysis on the short text.
    bool openAndAnalyse(MainWindow& w, bool sublayers = false);
    void checkSpinAndConstraints(MainWindow& w);
    QTemporaryDir m_tmp;
    QString m_model, m_text;
};

void TestAnalysisView::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_analysisview");
    QVERIFY(m_tmp.isValid());
    QVERIFY(analysisfixture::makeModelAndText(m_tmp, &m_model, &m_text));
}

bool TestAnalysisView::openAndAnalyse(MainWindow& w, bool sublayers) {
    return analysisfixture::openAndAnalyse(w, m_model, m_text, sublayers);
}

void TestAnalysisView::analysesAndDragsThreshold() {
    MainWindow w;
    AnalysisView* view = w.analysisView();
    QVERIFY(view);
    auto* table = view->findChild<QTableView*>("groupTable");
    QVERIFY(table);
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(openAndAnalyse(w));

    QCOMPARE(view->result().units.size(), size_t(6));
    QCOMPARE(view->result().sequences, int64_t(16));
    QCOMPARE(view->result().tokens, int64_t(16 * 32));
    auto* heat = view->findChild<HeatmapWidget*>("heatmap");
    auto* dendro = view->findChild<DendrogramWidget*>("dendrogram");
    auto* spin = view->findChild<QDoubleSpinBox*>("thresholdSpin");
    auto* slider = view->findChild<QSlider*>("thresholdSlider");
    auto* strip = view->findChild<GroupStrip*>("groupStrip");
    auto* savings = w.findChild<QLabel*>("savingsLabel");
    QVERIFY(heat && dendro && spin && slider && strip && savings);
    QCOMPARE(heat->unitCount(), 6);
    QVERIFY(dendro->hasTree());
    QTRY_VERIFY(dendro->isVisible() && dendro->height() > 100);
    QVERIFY(!savings->text().isEmpty());
    // The spin box shows the threshold to its number of decimals.
    auto spinShows = [spin](double t) {
        return std::abs(spin->value() - t) <= 0.51 * std::pow(10.0, -spin->decimals());
    };
    // The starting threshold is the median merge height: some groups, not six singletons.
    const int rowsBefore = table->model()->rowCount();
    QVERIFY2(rowsBefore < 6, qPrintable(QString::number(rowsBefore)));
    QCOMPARE(int(view->groups().size()), rowsBefore);
    QVERIFY(spinShows(view->threshold()));
    saveShot(w, QStringLiteral("sharelens-analysed.png"));

    // Drag the line to the bottom: every unit on its own.
    const auto plot = dendro->geometry().plot;
    const int x = int(plot.center().x());
    const std::vector<int> stripBefore = strip->groupOfUnit();
    const double spinBefore = spin->value();
    QSignalSpy moved(dendro, &DendrogramWidget::thresholdChanged);
    QTest::mousePress(dendro, Qt::LeftButton, {}, QPoint(x, int(std::lround(dendro->thresholdY()))));
    QVERIFY(dendro->isDragging());
    QTest::mouseMove(dendro, QPoint(x, int(plot.bottom()) + 20));
    QTest::mouseRelease(dendro, Qt::LeftButton, {}, QPoint(x, int(plot.bottom()) + 20));
    QVERIFY(!moved.isEmpty());
    QTRY_COMPARE(table->model()->rowCount(), 6);
    QVERIFY(spin->value() < spinBefore);
    QVERIFY(spinShows(view->threshold()));
    QCOMPARE(slider->value(), int(std::lround(view->threshold() / spin->maximum() * slider->maximum())));
    QVERIFY(strip->groupOfUnit() != stripBefore);
    QCOMPARE(strip->groupOfUnit(), (std::vector<int>{0, 1, 2, 3, 4, 5}));
    QCOMPARE(view->plan().baselineParameters, view->plan().sharedParameters);

    // Drag it to the top: one group of all six, which saves five blocks.
    QTest::mousePress(dendro, Qt::LeftButton, {}, QPoint(x, int(std::lround(dendro->thresholdY()))));
    QTest::mouseMove(dendro, QPoint(x, int(plot.top()) - 20));
    QTest::mouseRelease(dendro, Qt::LeftButton, {}, QPoint(x, int(plot.top()) - 20));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(strip->groupOfUnit(), (std::vector<int>{0, 0, 0, 0, 0, 0}));
    QVERIFY(spinShows(view->threshold()));
    QVERIFY(view->plan().sharedParameters < view->plan().baselineParameters);
    const auto savedIndex = table->model()->index(0, sharelens::widgets::GroupTableModel::SavedColumn);
    QCOMPARE(table->model()->data(savedIndex, Qt::UserRole).toLongLong(),
             view->plan().baselineParameters - view->plan().sharedParameters);

    checkSpinAndConstraints(w);
    if (QTest::currentTestFailed()) return;
    saveShot(w, QStringLiteral("sharelens-grouped.png"));
}

// The spin box moves the line; keep first/last splits the ends off, and the
// dendrogram colours links by the same (constrained) groups.
void TestAnalysisView::checkSpinAndConstraints(MainWindow& w) {
    AnalysisView* view = w.analysisView();
    auto* dendro = view->findChild<DendrogramWidget*>("dendrogram");
    auto* spin = view->findChild<QDoubleSpinBox*>("thresholdSpin");
    auto* strip = view->findChild<GroupStrip*>("groupStrip");
    auto* savings = w.findChild<QLabel*>("savingsLabel");
    const double mid = view->linkageMatrix()[3][2] + 1e-9;
    spin->setValue(mid);
    QCOMPARE(view->threshold(), spin->value());
    QCOMPARE(dendro->threshold(), spin->value());
    auto* keep = view->findChild<QCheckBox*>("keepFirstLastBox");
    QVERIFY(keep);
    keep->setChecked(true);
    QCOMPARE(strip->groupOfUnit().size(), size_t(6));
    for (const auto& g : view->groups())
        if (g.size() > 1) QVERIFY(g.front() != 0 && g.back() != 5);
    // The dendrogram colours links by the same (constrained) groups.
    for (const auto& link : dendro->data().layout.links) {
        if (link.group < 0) continue;
        QVERIFY(link.group < int(view->groups().size()));
        const auto& g = view->groups()[size_t(link.group)];
        QVERIFY(g.size() >= 2 && g.front() != 0 && g.back() != 5);
    }
    QVERIFY(savings->text().contains("saves"));
}

void TestAnalysisView::cancelledResultNeverLands() {
    MainWindow w;
    QVERIFY(analysisfixture::showAndOpen(w, m_model));
    AnalysisView* view = w.analysisView();
    view->setCalibrationFile(QString()); // the built-in sample text
    view->setSequenceLength(128);
    view->setSequenceCount(64);
    QSignalSpy finished(view, &AnalysisView::analysisFinished);
    QSignalSpy failed(view, &AnalysisView::analysisFailed);
    auto* cancel = view->findChild<QPushButton*>("analysisCancelButton");
    QVERIFY(cancel);
    QTest::mouseClick(view->findChild<QPushButton*>("analyzeButton"), Qt::LeftButton);
    QVERIFY(view->runner()->isRunning());
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    QCOMPARE(failed.at(0).at(1).toBool(), true);
    QTRY_VERIFY(!view->runner()->isRunning());
    // Every job has ended and what it posted has been delivered (or dropped).
    QVERIFY(QThreadPool::globalInstance()->waitForDone(60000));
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QVERIFY(!view->hasResult());
    QVERIFY(!cancel->isEnabled());
}

void TestAnalysisView::newAnalysisSupersedesRunningOne() {
    MainWindow w;
    QVERIFY(analysisfixture::showAndOpen(w, m_model));
    AnalysisView* view = w.analysisView();
    view->setCalibrationFile(m_text);
    view->setSequenceLength(32);
    view->setSequenceCount(4);
    QSignalSpy finished(view, &AnalysisView::analysisFinished);
    QSignalSpy failed(view, &AnalysisView::analysisFailed);
    view->analyze();
    view->setSequenceCount(8);
    view->analyze(); // supersedes the first
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    // The superseded job ends too; its result and its "cancelled" are dropped.
    QVERIFY(QThreadPool::globalInstance()->waitForDone(60000));
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(failed.count(), 0); // the superseded job's "cancelled" is dropped too
    QCOMPARE(view->result().sequences, int64_t(8));
}

void TestAnalysisView::exportsFiguresAndData_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("heatmap png") << "heatmap.png" << QByteArray("\x89PNG\r\n\x1a\n", 8);
    QTest::newRow("heatmap svg") << "heatmap.svg" << QByteArray("<?xml");
    QTest::newRow("heatmap pdf") << "heatmap.pdf" << QByteArray("%PDF-");
    QTest::newRow("dendrogram png") << "dendrogram.png" << QByteArray("\x89PNG\r\n\x1a\n", 8);
    QTest::newRow("dendrogram svg") << "dendrogram.svg" << QByteArray("<?xml");
    QTest::newRow("dendrogram pdf") << "dendrogram.pdf" << QByteArray("%PDF-");
    QTest::newRow("matrix csv") << "similarity.csv" << QByteArray("unit,block 0,block 1");
    QTest::newRow("groups csv") << "groups.csv" << QByteArray("group,members,");
    QTest::newRow("json") << "analysis.json" << QByteArray("{");
}

void TestAnalysisView::exportsFiguresAndData() {
    QFETCH(QString, file);
    QFETCH(QByteArray, magic);
    MainWindow w;
    QVERIFY(openAndAnalyse(w));
    AnalysisView* view = w.analysisView();
    QTemporaryDir out;
    const QString path = out.filePath(file);
    QString error;
    bool ok = false;
    if (file.startsWith("heatmap"))
        ok = view->exportHeatmap(path, &error);
    else if (file.startsWith("dendrogram"))
        ok = view->exportDendrogram(path, &error);
    else if (file == "similarity.csv")
        ok = view->exportMatrixCsv(path, &error);
    else if (file == "groups.csv")
        ok = view->exportGroupsCsv(path, &error);
    else
        ok = view->exportJson(path, &error);
    QVERIFY2(ok, qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray head = f.read(64);
    QVERIFY2(head.startsWith(magic), head.constData());
    QVERIFY(f.size() > 100);
    if (file == "analysis.json") {
        const QJsonObject o = testutil::readJson(path);
        QCOMPARE(o["units"].toArray().size(), 6);
        QCOMPARE(o["similarity"].toArray().size(), 6);
        QCOMPARE(o["linkage"].toArray().size(), 5);
        QCOMPARE(o["threshold"].toDouble(), view->threshold());
        QCOMPARE(o["groups"].toArray().size(), int(view->groups().size()));
        QVERIFY(o["parameters"].toObject()["baseline"].toDouble() > 0);
    }
    if (file == "heatmap.png") {
        // A folder that does not exist fails with a sentence and leaves nothing behind.
        const QString bad = out.filePath("missing/dir/heatmap.png");
        QString why;
        QVERIFY(!view->exportHeatmap(bad, &why));
        QVERIFY(!why.isEmpty());
        QVERIFY(!QFile::exists(bad));
    }
}

// Units "Attention and MLP": at every threshold a group holds one kind, the
// savings name each kind's part, and the Fine-tune tab trains the plan of the
// highest threshold (all attention sub-layers tied, all MLPs tied).
void TestAnalysisView::sublayerUnitsGroupPerKind() {
    MainWindow w;
    QVERIFY(openAndAnalyse(w, true));
    AnalysisView* view = w.analysisView();
    QCOMPARE(view->result().units.size(), size_t(12));
    auto* spin = view->findChild<QDoubleSpinBox*>("thresholdSpin");
    QVERIFY(spin);
    for (int k = 0; k <= 10; ++k) {
        view->setThreshold(spin->maximum() * k / 10.0);
        for (const auto& g : view->groups())
            for (int u : g) QCOMPARE(u % 2, g.front() % 2); // units alternate attn, mlp
        for (const auto& g : view->plan().groups)
            for (int u : g.members)
                QCOMPARE(view->plan().units[size_t(u)].part, view->plan().units[size_t(g.members.front())].part);
    }
    view->setThreshold(spin->maximum());
    QCOMPARE(view->groups(), (std::vector<std::vector<int>>{{0, 2, 4, 6, 8, 10}, {1, 3, 5, 7, 9, 11}}));
    QVERIFY2(view->savingsText().contains("attention saves"), qPrintable(view->savingsText()));
    const auto plan = view->plan();
    QVERIFY(plan.sharedParameters < plan.baselineParameters);

    sharelens::app::FinetuneView* panel = w.finetuneView();
    QVERIFY(panel->hasPlan());
    panel->setTextFile(m_text);
    panel->findChild<QSpinBox*>("finetuneSteps")->setValue(2);
    panel->findChild<QSpinBox*>("finetuneBatch")->setValue(2);
    panel->findChild<QSpinBox*>("finetuneSeqLen")->setValue(16);
    QSignalSpy trained(panel, &sharelens::app::FinetuneView::finetuneFinished);
    QSignalSpy failed(panel, &sharelens::app::FinetuneView::finetuneFailed);
    panel->start();
    QTRY_VERIFY_WITH_TIMEOUT(!trained.isEmpty() || !failed.isEmpty(), 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
    QVERIFY(panel->trainedShared());
    QCOMPARE(panel->trainedShared()->summary().parameters, plan.sharedParameters);

    // Too little calibration for twelve units (8 tokens, fewer than 10 per
    // unit): the clustering panel says so.
    view->setSequenceLength(8);
    view->setSequenceCount(1);
    QSignalSpy finished(view, &AnalysisView::analysisFinished);
    view->analyze();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QCOMPARE(view->result().tokens, int64_t(8));
    bool warned = false;
    for (auto* label : view->findChildren<QLabel*>())
        warned = warned || label->text().contains("fewer than 10 per unit");
    QVERIFY(warned);
}

QTEST_MAIN(TestAnalysisView)
#include "tst_analysisview.moc"
