// The importance strip under the heatmap: off by default, shown after an
// analysis with "Layer importance" on, the measures offered, the bars equal
// to the engine's values, tooltips, and the exports (PNG, SVG, PDF, CSV).
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "analysisfixture.h"
#include "analysisjob.h"
#include "analysisview.h"
#include "importancepanel.h"
#include "importancestrip.h"
#include "mainwindow.h"

using sharelens::app::AnalysisView;
using sharelens::app::ImportancePanel;
using sharelens::app::MainWindow;
using sharelens::widgets::ImportanceStrip;

class TestImportanceView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hiddenWithoutImportance();
    void stripShowsImportance();
    void exports_data();
    void exports();

private:
    QTemporaryDir m_tmp;
    QString m_model, m_text;
};

void TestImportanceView::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_importanceview");
    QVERIFY(m_tmp.isValid());
    QVERIFY(analysisfixture::makeModelAndText(m_tmp, &m_model, &m_text));
}

void TestImportanceView::hiddenWithoutImportance() {
    MainWindow w;
    QVERIFY(analysisfixture::openAndAnalyse(w, m_model, m_text, false));
    auto* panel = w.analysisView()->findChild<ImportancePanel*>("importancePanel");
    QVERIFY(panel);
    QVERIFY(!panel->importance());
    QVERIFY(!panel->isVisible());
}

void TestImportanceView::stripShowsImportance() {
    MainWindow w;
    auto* box = w.analysisView()->findChild<QCheckBox*>("importanceBox");
    QVERIFY(box);
    QVERIFY(!box->isChecked());
    box->setChecked(true);
    QVERIFY(analysisfixture::openAndAnalyse(w, m_model, m_text, false));
    AnalysisView* view = w.analysisView();
    auto* panel = view->findChild<ImportancePanel*>("importancePanel");
    QVERIFY(panel);
    QTRY_VERIFY(panel->isVisible());
    QVERIFY(panel->importance());
    const auto& imp = *panel->importance();
    QCOMPARE(imp.blockInfluence.size(), size_t(6));
    QCOMPARE(imp.leaveOneOutLoss.size(), size_t(6));
    QCOMPARE(imp.tokens, int64_t(16 * 32));
    QCOMPARE(panel->measures(),
             (QStringList{"bi", "loo", "angular 1", "angular 2", "angular 3", "angular 4", "angular 5"}));
    auto* strip = panel->findChild<ImportanceStrip*>("importanceStrip");
    QVERIFY(strip && strip->isVisible() && strip->height() > 10);
    QVERIFY(strip->data().values == imp.blockInfluence);
    // A tooltip per bar: the block and its value.
    QCOMPARE(strip->toolTipFor(2),
             QString("block 2: block influence %1").arg(QLocale().toString(imp.blockInfluence[2], 'g', 4)));
    const auto g = strip->geometry();
    QCOMPARE(g.barAt(g.bar(3, imp.blockInfluence[3]).center()), 3);
    // Angular distance, n = 2: five spans, the lowest marked.
    panel->setMeasure("angular 2");
    QCOMPARE(strip->data().values, imp.angularDistance[1]);
    QCOMPARE(strip->data().labels.value(0), QString("blocks 0–1"));
    QCOMPARE(strip->data().marked, imp.bestSpan[1]);
    panel->setMeasure("loo");
    QVERIFY(strip->data().values == imp.leaveOneOutLoss);
}

void TestImportanceView::exports_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("png") << "importance.png" << QByteArray("\x89PNG");
    QTest::newRow("svg") << "importance.svg" << QByteArray("<?xml");
    QTest::newRow("pdf") << "importance.pdf" << QByteArray("%PDF");
    QTest::newRow("csv") << "importance.csv" << QByteArray("index,label,block influence\n0,block 0,");
}

void TestImportanceView::exports() {
    QFETCH(QString, file);
    QFETCH(QByteArray, magic);
    MainWindow w;
    auto* panel = w.analysisView()->findChild<ImportancePanel*>("importancePanel");
    QVERIFY(panel);
    QString error;
    QTemporaryDir out;
    const QString path = out.filePath(file);
    QVERIFY(!panel->exportFigure(path, &error)); // nothing yet
    QVERIFY(error.contains("Layer importance"));
    w.analysisView()->findChild<QCheckBox*>("importanceBox")->setChecked(true);
    QVERIFY(analysisfixture::openAndAnalyse(w, m_model, m_text, false));
    const bool ok = file.endsWith(".csv") ? panel->exportCsv(path, &error) : panel->exportFigure(path, &error);
    QVERIFY2(ok, qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY2(bytes.startsWith(magic), bytes.left(40).constData());
    if (file.endsWith(".csv")) QCOMPARE(bytes.count('\n'), 7); // header + 6 blocks
}

QTEST_MAIN(TestImportanceView)
#include "tst_importanceview.moc"
