// GUI tests: a small GPT-2 model with a byte vocabulary, a calibration text,
// a model opened in the main window and an analysis run through its controls.
#pragma once

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "analysisview.h"
#include "mainwindow.h"
#include "testutil.h"

namespace analysisfixture {

// Writes a 6-block GPT-2 checkpoint (vocabulary 256: the byte tokenizer
// reads the text) to `tmp`/gpt2 and a 200-sentence text to
// `tmp`/calibration.txt; their paths in *model and *text.
inline bool makeModelAndText(const QTemporaryDir& tmp, QString* model, QString* text) {
    *model = tmp.filePath("gpt2");
    if (!testutil::makeCheckpoint(*model, {"--family", "gpt2", "--layers", "6", "--vocab", "256"})) return false;
    QByteArray t;
    for (int i = 0; i < 200; ++i)
        t += "In the beginning " + QByteArray::number(i * 7919 % 1000) +
             " words were counted, weighed and shared between the layers of the model. ";
    *text = tmp.filePath("calibration.txt");
    return testutil::writeFile(*text, t);
}

// Shows `w` at 1400x900 and opens `model`; true when it opened.
inline bool showAndOpen(sharelens::app::MainWindow& w, const QString& model) {
    w.resize(1400, 900);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) return false;
    QSignalSpy opened(&w, &sharelens::app::MainWindow::modelOpened);
    w.openModel(model);
    return opened.wait(60000) || !opened.isEmpty();
}

// One analysis run from the view's controls: sequence length 32.
struct Analysis {
    int sequences = 16;
    bool sublayers = false; // attention and MLP units instead of blocks
    int workers = 0;        // worker processes; 0 leaves the view's setting
    int timeoutMs = 60000;
};

// Runs `a` on `text` in `view` from the Analyze button; true when it finished.
inline bool analyse(sharelens::app::AnalysisView* view, const QString& text, const Analysis& a = {}) {
    view->setCalibrationFile(text);
    view->setSequenceLength(32);
    view->setSequenceCount(a.sequences);
    if (a.sublayers) {
        auto* units = view->findChild<QComboBox*>("unitsBox");
        if (!units) return false;
        units->setCurrentIndex(units->findText("Attention and MLP"));
    }
    if (a.workers > 0) {
        auto* workers = view->findChild<QSpinBox*>("workersBox");
        if (!workers) return false;
        workers->setValue(a.workers);
    }
    QSignalSpy finished(view, &sharelens::app::AnalysisView::analysisFinished);
    auto* analyze = view->findChild<QPushButton*>("analyzeButton");
    if (!analyze || !analyze->isEnabled()) return false;
    QTest::mouseClick(analyze, Qt::LeftButton);
    return finished.wait(a.timeoutMs) || !finished.isEmpty();
}

// Shows `w`, opens `model` and runs one analysis of `text` (16 sequences;
// attention and MLP units when `sublayers`); true when it finished.
inline bool openAndAnalyse(sharelens::app::MainWindow& w, const QString& model, const QString& text, bool sublayers) {
    Analysis a;
    a.sublayers = sublayers;
    return showAndOpen(w, model) && analyse(w.analysisView(), text, a);
}

} // namespace analysisfixture
