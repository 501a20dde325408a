// The main window as a user drives it: open a model, read its summary, get a
// clear dialog for a folder that is not a model.
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QDialogButtonBox>
#include <QStatusBar>
#include <QTranslator>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "analysisview.h"
#include "document.h"
#include "mainwindow.h"
#include "modelloader.h"
#include "startup.h"
#include "testutil.h"

using sharelens::app::installTranslators;
using sharelens::app::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensModelAndShowsSummary();
    void opensDemoModelFromWelcomeButton();
    void badFolderShowsDialog_data();
    void badFolderShowsDialog();
    void sessionSavesAndReopensExactly();
    void badSessionShowsDialog_data();
    void badSessionShowsDialog();
    void unsavedResultsAreOffered();
    void germanTranslation();
    void germanQtStrings();
    void cancelledAnalysisSaysSo();
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
    QTest::newRow("not a model folder") << "empty"
                                        << "config.json";
    QTest::newRow("truncated safetensors") << "truncate"
                                           << "model.safetensors";
    QTest::newRow("unsupported model_type") << "bert"
                                            << "model_type \"bert\" is not supported";
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

namespace {
// Answers the next modal message box with `button` and records its text.
struct DialogAnswerer {
    QTimer timer;
    QString text;
    QString objectName;
    explicit DialogAnswerer(QMessageBox::StandardButton button) {
        QObject::connect(&timer, &QTimer::timeout, [this, button] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                text = box->text() + "\n" + box->informativeText();
                objectName = box->objectName();
                box->button(button)->click();
            }
        });
        timer.start(50);
    }
};

// Opens `dir` in `w` and analyses it on the built-in text.
bool openAndAnalyse(MainWindow& w, const QString& dir) {
    QSignalSpy opened(&w, &MainWindow::modelOpened);
    w.openModel(dir);
    if (!QTest::qWaitFor([&] { return opened.count() == 1; }, 30000)) return false;
    auto* view = w.analysisView();
    view->setSequenceLength(32);
    view->setSequenceCount(8);
    QSignalSpy finished(view, &sharelens::app::AnalysisView::analysisFinished);
    view->analyze();
    return QTest::qWaitFor([&] { return finished.count() == 1; }, 60000);
}
} // namespace

// A session saved from the File menu's path reopens in a new window with the
// same similarity (bit for bit), settings, threshold and groups.
void TestMainWindow::sessionSavesAndReopensExactly() {
    const QString dir = m_tmp.filePath("session-model");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "6", "--hidden", "32", "--vocab", "256"}));
    const QString path = m_tmp.filePath("a.sharelens");
    std::vector<std::vector<int>> groups;
    Eigen::MatrixXd similarity;
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.findChild<QAction*>("saveSessionAction")->isEnabled());
        QVERIFY(openAndAnalyse(w, dir));
        QVERIFY(w.findChild<QAction*>("saveSessionAction")->isEnabled());
        auto* view = w.analysisView();
        auto* linkage = view->findChild<QComboBox*>("linkageBox");
        linkage->setCurrentIndex(linkage->findText("Complete"));
        view->setThreshold(0.37);
        QVERIFY(w.document()->isModified());
        QVERIFY(w.isWindowModified());
        QString error;
        QVERIFY2(w.saveSessionTo(path, &error), qPrintable(error));
        QVERIFY(!w.document()->isModified());
        QVERIFY(w.windowTitle().startsWith("a.sharelens"));
        groups = view->groups();
        similarity = view->result().similarity;
        QCOMPARE(view->clustering().threshold, 0.37);
        QVERIFY(groups.size() < 6); // the threshold joined something
        w.close();                  // saved: no question asked
    }
    MainWindow w2;
    w2.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w2));
    QSignalSpy restored(&w2, &MainWindow::sessionRestored);
    w2.openSession(path);
    QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 30000);
    auto* view = w2.analysisView();
    QVERIFY(view->hasResult());
    QVERIFY(view->result().similarity == similarity);
    QCOMPARE(view->threshold(), 0.37);
    QCOMPARE(view->groups(), groups);
    QCOMPARE(view->findChild<QComboBox*>("linkageBox")->currentText(), QString("Complete"));
    QCOMPARE(view->calibration().seqLen, 32);
    QCOMPARE(view->calibration().sequences, 8);
    QCOMPARE(w2.document()->filePath(), path);
    QVERIFY(!w2.document()->isModified());
    QCOMPARE(QFileInfo(QString::fromStdString(w2.model()->checkpoint().dir)).canonicalFilePath(),
             QFileInfo(dir).canonicalFilePath());
    // Saved again, the file is the same bytes (nothing lost or invented).
    const QString again = m_tmp.filePath("b.sharelens");
    QString error;
    QVERIFY(w2.saveSessionTo(again, &error));
    QFile a(path), b(again);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), a.readAll());
}

void TestMainWindow::badSessionShowsDialog_data() {
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("hello") << "is not a ShareLens session (not valid JSON";
    QTest::newRow("other json") << QByteArray("{\"similarity\": []}") << "no \"format\": \"sharelens-session\"";
    QTest::newRow("missing model")
        << QByteArray("{\"format\": \"sharelens-session\", \"version\": 1, \"created_by\": \"x\", \"models\": "
                      "[\"/nonexistent/model\"], \"calibration\": {\"text\": \"\", \"seq_len\": 8, \"sequences\": 1, "
                      "\"metric\": \"pearson\", \"units\": \"blocks\", \"skip_first_token\": false}, \"clustering\": "
                      "{\"linkage\": \"average\", \"contiguous\": false, \"keep_first_last\": false, "
                      "\"max_group_size\": 0, \"threshold\": 0.1}, \"similarity\": null, \"plan\": null, \"runs\": []}")
        << "Its model folder /nonexistent/model is missing";
}

void TestMainWindow::badSessionShowsDialog() {
    QFETCH(QByteArray, contents);
    QFETCH(QString, expected);
    const QString path = m_tmp.filePath("bad.sharelens");
    QVERIFY(testutil::writeFile(path, contents));
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    DialogAnswerer answer(QMessageBox::Ok);
    w.openSession(path);
    QTRY_VERIFY_WITH_TIMEOUT(!answer.text.isEmpty(), 10000);
    QVERIFY2(answer.text.contains(expected), qPrintable(answer.text));
    QVERIFY(answer.text.contains("bad.sharelens"));
    QVERIFY(w.model() == nullptr);
}

// Closing a window with unsaved results asks first; Cancel keeps it open.
void TestMainWindow::unsavedResultsAreOffered() {
    const QString dir = m_tmp.filePath("unsaved-model");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "3", "--hidden", "32", "--vocab", "256"}));
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openAndAnalyse(w, dir));
    QVERIFY(w.document()->isModified() && w.document()->hasResults());
    {
        DialogAnswerer answer(QMessageBox::Cancel);
        QVERIFY(!w.close());
        QCOMPARE(answer.objectName, QString("unsavedDialog"));
        QVERIFY(w.isVisible());
    }
    {
        // Opening another model asks too; Cancel keeps the results.
        DialogAnswerer answer(QMessageBox::Cancel);
        w.openModel(dir);
        QCOMPARE(answer.objectName, QString("unsavedDialog"));
        QVERIFY(!w.loader()->isRunning());
        QVERIFY(w.analysisView()->hasResult());
    }
    DialogAnswerer answer(QMessageBox::Discard);
    QVERIFY(w.close());
    QCOMPARE(answer.objectName, QString("unsavedDialog"));
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

// Qt's own strings (the buttons of every question) follow the language too:
// the startup installs qtbase's translations beside ShareLens's.
void TestMainWindow::germanQtStrings() {
    const QStringList found = installTranslators(QLocale(QLocale::German));
    QVERIFY2(found.contains("qtbase"), "Qt's German translations are missing (Debian: qt6-translations-l10n)");
    QVERIFY(found.contains("sharelens"));
    {
        QDialogButtonBox box(QDialogButtonBox::Save | QDialogButtonBox::Discard | QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Save)->text(), QString("Speichern"));
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QString("Abbrechen"));
        QVERIFY(box.button(QDialogButtonBox::Discard)->text() != QString("Discard"));
    }
    for (auto* t : QCoreApplication::instance()->findChildren<QTranslator*>(Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    QDialogButtonBox english(QDialogButtonBox::Save);
    QCOMPARE(english.button(QDialogButtonBox::Save)->text(), QString("Save"));
}

// A cancelled analysis says so in the status bar (it is not an error dialog).
void TestMainWindow::cancelledAnalysisSaysSo() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy opened(&w, &MainWindow::modelOpened);
    w.openDemoModel();
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
    auto* view = w.analysisView();
    view->setSequenceLength(256);
    view->setSequenceCount(64);
    QSignalSpy failed(view, &sharelens::app::AnalysisView::analysisFailed);
    view->analyze();
    view->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    QVERIFY(failed.first().at(1).toBool());
    QCOMPARE(w.statusBar()->currentMessage(), QString("Analysis cancelled."));
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
