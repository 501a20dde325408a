// The main window as a user drives it: open a model, read its summary, get a
// clear dialog for a folder that is not a model.
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QTranslator>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "analysisview.h"
#include "mainwindow.h"
#include "modelloader.h"
#include "testutil.h"

using sharelens::app::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensModelAndShowsSummary();
    void opensDemoModelFromWelcomeButton();
    void badFolderShowsDialog_data();
    void badFolderShowsDialog();
    void germanTranslation();
    void darkThemeIsRemembered();

private:
    QString label(MainWindow& w, const char* name) {
        auto* l = w.findChild<QLabel*>(QString::fromLatin1(name));
        return l ? l->text() : QString();
    }
    QTemporaryDir m_tmp;
};

void TestMainWindow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_mainwindow");
}

void TestMainWindow::opensModelAndShowsSummary() {
    const QString dir = m_tmp.filePath("llama");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "llama", "--layers", "3"}));
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy opened(&w, &MainWindow::modelOpened);
    w.openModel(dir);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
    QCOMPARE(label(w, "layers"), QString("3"));
    QVERIFY(label(w, "architecture").startsWith("Llama"));
    QCOMPARE(label(w, "hiddenSize"), QString("64"));
    QVERIFY(w.windowTitle().contains("llama"));
}

void TestMainWindow::opensDemoModelFromWelcomeButton() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* demo = w.findChild<QPushButton*>("openDemoButton");
    QVERIFY(demo);
    QSignalSpy opened(&w, &MainWindow::modelOpened);
    QTest::mouseClick(demo, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
    QCOMPARE(label(w, "layers"), QString("12"));
    QVERIFY(label(w, "architecture").startsWith("GPT-2"));
    QCOMPARE(label(w, "dtype"), QString("F16"));

    // Analyse the demo model on the built-in calibration text, as a user would.
    auto* view = w.findChild<sharelens::app::AnalysisView*>();
    QVERIFY(view);
    view->setSequenceLength(64);
    view->setSequenceCount(8);
    QSignalSpy finished(view, &sharelens::app::AnalysisView::analysisFinished);
    auto* analyze = w.findChild<QPushButton*>("analyzeButton");
    QVERIFY(analyze && analyze->isEnabled());
    QTest::mouseClick(analyze, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(view->result().units.size(), size_t(12));
    QCOMPARE(view->result().tokens, int64_t(8 * 64));
    // The demo model has structure: neighbouring blocks are more alike than distant ones.
    const auto& S = view->result().similarity;
    QVERIFY(S(5, 6) > S(0, 11));
    // Every unit is in exactly one group of the current plan.
    size_t members = 0;
    for (const auto& g : view->groups()) members += g.size();
    QCOMPARE(members, size_t(12));
}

void TestMainWindow::badFolderShowsDialog_data() {
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not a model folder") << "empty" << "config.json";
    QTest::newRow("truncated safetensors") << "truncate" << "model.safetensors";
    QTest::newRow("unsupported model_type") << "bert" << "model_type \"bert\" is not supported";
}

void TestMainWindow::badFolderShowsDialog() {
    QFETCH(QString, breakage);
    QFETCH(QString, expected);
    const QString dir = m_tmp.filePath("broken-" + breakage);
    if (breakage == "empty") {
        QVERIFY(QDir().mkpath(dir));
    } else {
        QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "2"}));
        if (breakage == "truncate") {
            QFile f(dir + "/model.safetensors");
            QVERIFY(f.resize(f.size() / 2));
        } else {
            QFile f(dir + "/config.json");
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray c = f.readAll().replace("\"gpt2\"", "\"bert\"");
            f.close();
            QVERIFY(testutil::writeFile(dir + "/config.json", c));
        }
    }
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy failed(&w, &MainWindow::modelFailed);
    QString dialogText;
    // The dialog is modal: read and close it from a timer.
    QTimer closer;
    connect(&closer, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            dialogText = box->text() + "\n" + box->informativeText();
            box->accept();
        }
    });
    closer.start(50);
    w.openModel(dir);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!dialogText.isEmpty(), 10000);
    QVERIFY2(dialogText.contains(expected), qPrintable(dialogText));
    QVERIFY(w.model() == nullptr);
}

void TestMainWindow::germanTranslation() {
    QTranslator de;
    QVERIFY(de.load(QLocale(QLocale::German), "sharelens", "_", ":/i18n"));
    QApplication::installTranslator(&de);
    {
        MainWindow w;
        const auto menus = w.menuBar()->actions();
        QVERIFY(!menus.isEmpty());
        QCOMPARE(menus.first()->text(), QString("&Datei"));
        auto* demo = w.findChild<QPushButton*>("openDemoButton");
        QVERIFY(demo);
        QCOMPARE(demo->text(), QString("Demomodell öffnen"));
    }
    QApplication::removeTranslator(&de);
    MainWindow english;
    QCOMPARE(english.menuBar()->actions().first()->text(), QString("&File"));
}

void TestMainWindow::darkThemeIsRemembered() {
    MainWindow w;
    auto* dark = w.findChild<QAction*>("darkThemeAction");
    QVERIFY(dark);
    const QColor lightWindow = QApplication::palette().color(QPalette::Window);
    dark->setChecked(true);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    QVERIFY(QSettings().value("view/dark").toBool());
    dark->setChecked(false);
    QCOMPARE(QApplication::palette().color(QPalette::Window).lightness() > 100, lightWindow.lightness() > 100);
    QVERIFY(!QSettings().value("view/dark").toBool());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
