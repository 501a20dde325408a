// The workspace's data and run handling as a user meets them: token ids as
// the calibration of a model without a tokenizer (kept in sessions, also in
// those the CLI writes), the questions asked before a running job is stopped
// (closing the main window or the agents window, Analyze during an analysis).
#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtTest>

#include "agentsjob.h"
#include "agentsview.h"
#include "analysisjob.h"
#include "analysisview.h"
#include "document.h"
#include "figures.h"
#include "finetuneview.h"
#include "mainwindow.h"
#include "testutil.h"
#include "trainingcharts.h"

using sharelens::app::AgentsView;
using sharelens::app::AnalysisView;
using sharelens::app::MainWindow;

namespace {

// Answers the next modal message box by clicking the button named `button`
// (an object name) or, when there is none, the standard button `fallback`;
// remembers the box's object name and text.
struct Answerer {
    QTimer timer;
    QString objectName, text;
    int answered = 0;
    Answerer(const QString& button, QMessageBox::StandardButton fallback = QMessageBox::NoButton) {
        QObject::connect(&timer, &QTimer::timeout, [this, button, fallback] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) return;
            objectName = box->objectName();
            text = box->text() + "\n" + box->informativeText();
            QAbstractButton* b = button.isEmpty() ? nullptr : box->findChild<QPushButton*>(button);
            if (!b && fallback != QMessageBox::NoButton) b = box->button(fallback);
            if (!b) return;
            ++answered;
            b->click();
        });
        timer.start(30);
    }
};

QString ids(int sequences, int length, int vocab) {
    QStringList seqs;
    for (int s = 0; s < sequences; ++s) {
        QStringList one;
        for (int t = 0; t < length; ++t) one << QString::number((s * 31 + t * 7) % vocab);
        seqs << "[" + one.join(",") + "]";
    }
    return "[" + seqs.join(",") + "]";
}

} // namespace

class TestGuiData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelWithoutTokenizerAsksForTokenIds();
    void tokenIdsCalibrateAndReopen();
    void cliTokenIdsSessionReanalysesWithThem();
    void closeDuringAnalysisAsks();
    void analyzeDuringAnalysisAsks();
    void agentsWindowCloseAsks();
    void emptyChartsShowNoTicks();
    void germanFiguresAndChartNumbers();

private:
    bool openModel(MainWindow& w, const QString& dir);
    QTemporaryDir m_tmp;
    QString m_noTok, m_ids, m_big;
};

void TestGuiData::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_guidata");
    QVERIFY(m_tmp.isValid());
    // A vocabulary of 96 and no tokenizer file: the model cannot read text.
    m_noTok = m_tmp.filePath("notok");
    QVERIFY(testutil::makeCheckpoint(m_noTok, {"--family", "gpt2", "--layers", "4", "--vocab", "96"}));
    m_ids = m_tmp.filePath("ids.json");
    QVERIFY(testutil::writeFile(m_ids, ids(5, 24, 96).toUtf8()));
    // Big enough that an analysis of it is still running when the test acts.
    m_big = m_tmp.filePath("big");
    QVERIFY(testutil::makeCheckpoint(
        m_big, {"--family", "gpt2", "--layers", "8", "--hidden", "256", "--vocab", "256", "--positions", "512"}));
}

bool TestGuiData::openModel(MainWindow& w, const QString& dir) {
    QSignalSpy opened(&w, &MainWindow::modelOpened);
    w.openModel(dir);
    return QTest::qWaitFor([&] { return opened.count() == 1; }, 30000);
}

// Opening a model without a tokenizer says so in the status bar and in the
// calibration box, which switches to token ids; Analyze without an id file
// says what is needed instead of failing on the text.
void TestGuiData::modelWithoutTokenizerAsksForTokenIds() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openModel(w, m_noTok));
    QVERIFY2(w.statusBar()->currentMessage().contains("token ids"), qPrintable(w.statusBar()->currentMessage()));
    auto* radio = w.findChild<QRadioButton*>("tokenIdsRadio");
    QVERIFY(radio && radio->isVisible() && radio->isChecked());
    auto* note = w.findChild<QLabel*>("tokenizerNote");
    QVERIFY(note && note->isVisible());
    QVERIFY(!w.findChild<QRadioButton*>("builtinTextRadio")->isEnabled());
    QVERIFY(!w.analysisView()->tokenizerAvailable());
    {
        Answerer answer(QString(), QMessageBox::Ok);
        w.analysisView()->analyze();
        QTRY_COMPARE(answer.answered, 1);
        QVERIFY2(answer.text.contains("no tokenizer"), qPrintable(answer.text));
    }
    QVERIFY(!w.analysisView()->runner()->isRunning());
    QVERIFY(!w.analysisView()->hasResult());
    // A model with a tokenizer (a byte vocabulary) keeps text as its source.
    QVERIFY(openModel(w, m_big));
    QVERIFY(w.analysisView()->tokenizerAvailable());
    QVERIFY(!radio->isChecked());
    QVERIFY(w.findChild<QRadioButton*>("builtinTextRadio")->isChecked());
    QVERIFY(!note->isVisible());
}

// Token ids typed into the panel calibrate the analysis as they are (every
// token of every sequence counts), and a saved session reopens with them.
void TestGuiData::tokenIdsCalibrateAndReopen() {
    const QString session = m_tmp.filePath("ids.sharelens");
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openModel(w, m_noTok));
        auto* field = w.findChild<QLineEdit*>("tokenIdsFile");
        QVERIFY(field);
        QTest::keyClicks(field, m_ids);
        QVERIFY(!w.findChild<QSpinBox*>("sequenceLength")->isEnabled()); // ids are used as they are
        QSignalSpy finished(w.analysisView(), &AnalysisView::analysisFinished);
        QTest::mouseClick(w.findChild<QPushButton*>("analyzeButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(w.analysisView()->result().tokens, int64_t(5 * 24));
        QCOMPARE(w.document()->session().calibration.tokenIdsPath, m_ids.toStdString());
        QString error;
        QVERIFY2(w.saveSessionTo(session, &error), qPrintable(error));
    }
    MainWindow w;
    QSignalSpy restored(&w, &MainWindow::sessionRestored);
    w.openSession(session);
    QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 30000);
    QCOMPARE(w.findChild<QLineEdit*>("tokenIdsFile")->text(), m_ids);
    QVERIFY(w.findChild<QRadioButton*>("tokenIdsRadio")->isChecked());
    QCOMPARE(w.analysisView()->calibration().tokenIdsPath, m_ids.toStdString());
}

// A session written by `sharelens-cli analyze --token-ids --session`
// reopens in the GUI with the ids as its calibration, and Analyze uses them.
void TestGuiData::cliTokenIdsSessionReanalysesWithThem() {
    const QString session = m_tmp.filePath("cli.sharelens");
    const auto r = testutil::runCli({"analyze", m_noTok, "--token-ids", m_ids, "--seq-len", "24", "--out",
                                     m_tmp.filePath("cli-out"), "--session", session});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(testutil::readAll(session).contains("\"token_ids\""), testutil::readAll(session).constData());
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy restored(&w, &MainWindow::sessionRestored);
    w.openSession(session);
    QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 30000);
    QVERIFY(w.analysisView()->hasResult());
    QVERIFY(w.findChild<QRadioButton*>("tokenIdsRadio")->isChecked());
    QSignalSpy finished(w.analysisView(), &AnalysisView::analysisFinished);
    QSignalSpy failed(w.analysisView(), &AnalysisView::analysisFailed);
    w.analysisView()->analyze();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, 60000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QCOMPARE(w.analysisView()->result().tokens, int64_t(5 * 24));
}

// Closing while an analysis runs says so; Cancel keeps the window and the
// run, "Stop and Close" stops it and closes.
void TestGuiData::closeDuringAnalysisAsks() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openModel(w, m_big));
    w.analysisView()->setSequenceLength(512);
    w.analysisView()->setSequenceCount(4096);
    w.analysisView()->analyze();
    QVERIFY(w.analysisView()->runner()->isRunning());
    {
        Answerer answer(QString(), QMessageBox::Cancel);
        QVERIFY(!w.close());
        QCOMPARE(answer.objectName, QString("runningDialog"));
        QVERIFY2(answer.text.contains("analysis is running"), qPrintable(answer.text));
        QVERIFY(w.isVisible());
        QVERIFY(w.analysisView()->runner()->isRunning());
    }
    Answerer answer("stopAndCloseButton");
    QVERIFY(w.close());
    QCOMPARE(answer.objectName, QString("runningDialog"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.analysisView()->runner()->isRunning(), 30000);
}

// The Analyze button while an analysis runs asks first: Cancel keeps the
// running one (same generation), Restart starts a new one. (analyze() called
// by code restarts without asking.)
void TestGuiData::analyzeDuringAnalysisAsks() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openModel(w, m_big));
    AnalysisView* view = w.analysisView();
    view->setSequenceLength(512);
    view->setSequenceCount(4096);
    view->analyze();
    QVERIFY(view->runner()->isRunning());
    const quint64 first = view->runner()->generation();
    {
        Answerer answer(QString(), QMessageBox::Cancel);
        QTest::mouseClick(w.findChild<QPushButton*>("analyzeButton"), Qt::LeftButton);
        QTRY_COMPARE(answer.answered, 1);
        QCOMPARE(answer.objectName, QString("restartAnalysisDialog"));
    }
    QCOMPARE(view->runner()->generation(), first);
    QVERIFY(view->runner()->isRunning());
    {
        Answerer answer("restartButton");
        QTest::mouseClick(w.findChild<QPushButton*>("analyzeButton"), Qt::LeftButton);
        QCOMPARE(answer.answered, 1);
    }
    QVERIFY(view->runner()->generation() > first);
    view->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!view->runner()->isRunning(), 30000);
    // Nothing running: Analyze starts at once, without a question.
    view->setSequenceLength(16);
    view->setSequenceCount(2);
    QSignalSpy finished(view, &AnalysisView::analysisFinished);
    view->analyze();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
}

// The agents window: closing it during an analysis asks (Cancel keeps it
// open and running, Stop stops it); closing it with unsaved results offers
// to save them.
void TestGuiData::agentsWindowCloseAsks() {
    QString base, copy, other;
    QVERIFY(testutil::makeAgentTrio(m_tmp.filePath("agents"), 3, &base, &copy, &other));
    MainWindow w;
    w.showAgents();
    AgentsView* v = w.agentsView();
    QVERIFY(QTest::qWaitForWindowExposed(v));
    const QString big2 = m_tmp.filePath("big2");
    QVERIFY(testutil::copyFolder(m_big, big2));
    v->addAgent(m_big);
    v->addAgent(big2);
    v->setSequenceLength(512);
    v->setSequenceCount(4096);
    v->analyze();
    QVERIFY(v->runner()->isRunning());
    {
        Answerer answer(QString(), QMessageBox::Cancel);
        QVERIFY(!v->close());
        QCOMPARE(answer.objectName, QString("runningDialog"));
        QVERIFY(v->isVisible());
        QVERIFY(v->runner()->isRunning());
    }
    {
        Answerer answer("stopAndCloseButton");
        QVERIFY(v->close());
        QCOMPARE(answer.objectName, QString("runningDialog"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!v->runner()->isRunning(), 30000);
    // Results that are not saved: Save/Discard/Cancel.
    w.showAgents();
    v->clearAgents();
    v->addAgent(base);
    v->addAgent(other);
    v->setSequenceLength(16);
    v->setSequenceCount(4);
    QSignalSpy finished(v, &AgentsView::analysisFinished);
    v->analyze();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    {
        Answerer answer(QString(), QMessageBox::Cancel);
        QVERIFY(!v->close());
        QCOMPARE(answer.objectName, QString("unsavedDialog"));
        QVERIFY(v->isVisible());
    }
    Answerer answer(QString(), QMessageBox::Discard);
    QVERIFY(v->close());
    QCOMPARE(answer.objectName, QString("unsavedDialog"));
    QVERIFY(!v->isVisible());
    Answerer last(QString(), QMessageBox::Discard); // the main window asks once more
    w.close();
}

// Charts before a fine-tune: no tick labels (not "0 0 0 0 1"; drawn
// transparent, so the axis titles keep their room), in the agents window
// and the Fine-tune tab alike.
void TestGuiData::emptyChartsShowNoTicks() {
    MainWindow w;
    auto check = [](sharelens::widgets::TrainingChartsPanel* panel) {
        QVERIFY(panel);
        for (int c = 0; c < sharelens::widgets::TrainingChartsPanel::ChartCount; ++c) {
            const auto axes = panel->chartView(sharelens::widgets::TrainingChartsPanel::Chart(c))->chart()->axes();
            QVERIFY(!axes.isEmpty());
            for (QAbstractAxis* axis : axes) QCOMPARE(axis->labelsColor().alpha(), 0);
        }
    };
    check(w.agentsView()->finetuneCharts());
    check(w.finetuneView()->findChild<sharelens::widgets::TrainingChartsPanel*>());
    // The agents' narrow loss chart names only the runs in its legend.
    w.showAgents();
    w.agentsView()->showTab(2);
    QVERIFY(QTest::qWaitForWindowExposed(w.agentsView()));
    QChart* loss =
        w.agentsView()->finetuneCharts()->chartView(sharelens::widgets::TrainingChartsPanel::LossChart)->chart();
    const auto shown = [loss] {
        int n = 0;
        for (QLegendMarker* m : loss->legend()->markers()) n += m->isVisible() ? 1 : 0;
        return n;
    };
    QTRY_COMPARE(shown(), 2);
}

// German: the figures' own words (axis titles, "No data", export errors)
// come translated, and chart numbers follow the locale (decimal comma).
void TestGuiData::germanFiguresAndChartNumbers() {
    QTranslator de;
    QVERIFY(de.load(QLocale(QLocale::German), "sharelens", "_", ":/i18n"));
    QApplication::installTranslator(&de);
    QString error;
    QVERIFY(!sharelens::widgets::exportFigure(
        m_tmp.filePath("figure.bmp"), QSizeF(100, 100), [](QPainter&, const QRectF&) {}, &error));
    QApplication::removeTranslator(&de);
    QVERIFY2(error.contains("Abbildungsformat"), qPrintable(error));

    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    {
        sharelens::widgets::TrainingChartsPanel panel({"a", "b"});
        QChart* chart = panel.chartView(sharelens::widgets::TrainingChartsPanel::LossChart)->chart();
        QVERIFY(chart->localizeNumbers());
        QCOMPARE(chart->locale().decimalPoint(), QString(","));
    }
    QLocale::setDefault(QLocale::c());
}

QTEST_MAIN(TestGuiData)
#include "tst_guidata.moc"
