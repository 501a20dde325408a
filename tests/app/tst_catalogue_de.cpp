// A sample of the bad-input catalogue (tst_catalogue.cpp) with the German
// translation installed: the engine reports each failure as a code and its
// arguments, and the dialog the user reads shows the German sentence with the
// file and the values filled in. The inputs are made here from the same
// fixtures, one change each.
//
// "@TMP" in targets and messages stands for the suite's temporary folder.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>
#include <QtTest>

#include <functional>

#include "analysisview.h"
#include "mainwindow.h"
#include "sharelens/model.h"
#include "modaltext.h"
#include "testutil.h"

using sharelens::app::AnalysisView;
using sharelens::app::MainWindow;
using testutil::replaceIn;

class TestCatalogueGerman : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void gui_data();
    void gui();

private:
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    QString expand(QString s) const { return s.replace(QStringLiteral("@TMP"), m_tmp.path()); }
    QString copyModel(const QString& from, const QString& name);

    QTemporaryDir m_tmp;
    QTranslator m_german;
};

QString TestCatalogueGerman::copyModel(const QString& from, const QString& name) {
    const QString d = tmp(name);
    return testutil::copyFolder(from, d) ? d : QString();
}

void TestCatalogueGerman::initTestCase() {
    QVERIFY(m_tmp.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_catalogue_de");
    // The fixtures of tst_catalogue.cpp, so the numbers in the messages agree.
    QVERIFY(testutil::makeCheckpoint(tmp("gpt2"), {"--family", "gpt2", "--layers", "4", "--hidden", "64", "--vocab",
                                                   "96", "--positions", "128", "--dtype", "f16"}));
    QVERIFY(testutil::makeCheckpoint(tmp("llama"), {"--family", "llama", "--format", "sharded", "--untied"}));
    QVERIFY(testutil::makeCheckpoint(tmp("bytes"), {"--family", "gpt2", "--vocab", "256", "--positions", "64"}));
    const QString st = copyModel(tmp("gpt2"), "st-truncated") + "/model.safetensors";
    const QByteArray file = testutil::readAll(st);
    QVERIFY(!file.isEmpty());
    QVERIFY(testutil::writeFile(st, file.left(file.size() / 2)));
    QVERIFY(QDir().mkpath(tmp("no-weights")));
    QVERIFY(QFile::copy(tmp("gpt2/config.json"), tmp("no-weights/config.json")));
    QVERIFY(QDir().mkpath(tmp("empty-folder")));
    QVERIFY(testutil::writeFile(tmp("a-file.txt"), "not a folder\n"));
    QVERIFY(replaceIn(copyModel(tmp("gpt2"), "cfg-zerolayers") + "/config.json", "\"n_layer\": 4", "\"n_layer\": 0"));
    QVERIFY(replaceIn(copyModel(tmp("gpt2"), "cfg-hidden") + "/config.json", "\"n_embd\": 64", "\"n_embd\": 32"));
    QVERIFY(QFile::remove(copyModel(tmp("llama"), "idx-noshard") + "/model-00002-of-00002.safetensors"));

    QVERIFY(m_german.load(QLocale(QLocale::German), "sharelens", "_", ":/i18n"));
    QVERIFY(QApplication::installTranslator(&m_german));
}

void TestCatalogueGerman::cleanupTestCase() { QApplication::removeTranslator(&m_german); }

void TestCatalogueGerman::gui_data() {
    QTest::addColumn<QString>("kind");   // "open": MainWindow::openModel; "analyze": AnalysisView
    QTest::addColumn<QString>("target"); // the folder to open, or the calibration text
    QTest::addColumn<QString>("message");
    QTest::newRow("open: safetensors truncated")
        << "open"
        << "@TMP/st-truncated"
        << "@TMP/st-truncated/model.safetensors: Tensor \"transformer.h.1.mlp.c_proj.bias\" endet bei Datenoffset "
           "228608, hinter dem Datenbereich (211952 Bytes); die Datei ist abgeschnitten oder ihr Kopf ist falsch.";
    QTest::newRow("open: folder without weights")
        << "open"
        << "@TMP/no-weights"
        << "@TMP/no-weights: keine Gewichte gefunden: erwartet wird model.safetensors, model.safetensors.index.json "
           "(mit ihren Shards) oder pytorch_model.bin neben config.json.";
    QTest::newRow("open: folder is a file")
        << "open"
        << "@TMP/a-file.txt"
        << "@TMP/a-file.txt: dies ist eine Datei, kein Modellordner, und der Ordner, in dem sie liegt, hat keine "
           "config.json; öffnen Sie den Ordner des Modells (den mit config.json und den Gewichten).";
    // The field's description is a message of its own, translated too.
    QTest::newRow("open: config zero layers")
        << "open"
        << "@TMP/cfg-zerolayers"
        << "@TMP/cfg-zerolayers/config.json: \"n_layer\" (Anzahl der Schichten) muss positiv sein, ist aber 0.";
    QTest::newRow("open: config hidden size differs from tensors")
        << "open"
        << "@TMP/cfg-hidden"
        << "@TMP/cfg-hidden/model.safetensors: Tensor transformer.wte.weight hat die Form [96, 64], aber die "
           "Konfiguration ergibt [96, 32]; config.json und die Gewichte gehören nicht zusammen.";
    QTest::newRow("open: index names a missing shard")
        << "open"
        << "@TMP/idx-noshard"
        << "@TMP/idx-noshard/model-00002-of-00002.safetensors: Shard \"model-00002-of-00002.safetensors\", in "
           "model.safetensors.index.json aufgeführt, fehlt (er sollte \"lm_head.weight\" und 19 weitere Tensoren "
           "enthalten); laden Sie den vollständigen Checkpoint herunter.";
    QTest::newRow("analyze: text file missing") << "analyze"
                                                << "@TMP/nope.txt"
                                                << "@TMP/nope.txt: die Datei existiert nicht.";
    QTest::newRow("analyze: text is a folder") << "analyze"
                                               << "@TMP/empty-folder"
                                               << "@TMP/empty-folder: dies ist ein Ordner; erwartet wurde eine Datei.";
}


void TestCatalogueGerman::gui() {
    QFETCH(QString, kind);
    QFETCH(QString, target);
    QFETCH(QString, message);
    if (kind == "open") {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy failed(&w, &MainWindow::modelFailed);
        const QString text = readModalText([&] { w.openModel(expand(target)); }, [&] { return failed.count() > 0; });
        QCOMPARE(text, expand(message));
        QVERIFY(w.model() == nullptr);
    } else {
        std::shared_ptr<const sharelens::Model> model(sharelens::Model::load(tmp("bytes").toStdString()));
        AnalysisView view;
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setModel(model);
        view.setCalibrationFile(expand(target));
        view.setSequenceLength(32);
        view.setSequenceCount(4);
        QSignalSpy failed(&view, &AnalysisView::analysisFailed);
        const QString text = readModalText([&] { view.analyze(); }, [&] { return failed.count() > 0; });
        QCOMPARE(text, expand(message));
    }
}

QTEST_MAIN(TestCatalogueGerman)
#include "tst_catalogue_de.moc"
