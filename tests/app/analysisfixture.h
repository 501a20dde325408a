// GUI tests: a small GPT-2 model with a byte vocabulary, a calibration text,
// and one analysis of it run through the main window's controls.
#pragma once

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
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

// Shows `w`, opens `model` and runs one analysis of `text` (sequence length
// 32, 16 sequences; attention and MLP units when `sublayers`) from the
// Analyze button; true when it finished.
inline bool openAndAnalyse(sharelens::app::MainWindow& w, const QString& model, const QString& text, bool sublayers) {
    w.resize(1400, 900);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) return false;
    QSignalSpy opened(&w, &sharelens::app::MainWindow::modelOpened);
    w.openModel(model);
    if (!opened.wait(30000) && opened.isEmpty()) return false;
    sharelens::app::AnalysisView* view = w.analysisView();
    view->setCalibrationFile(text);
    view->setSequenceLength(32);
    view->setSequenceCount(16);
    if (sublayers) {
        auto* units = view->findChild<QComboBox*>("unitsBox");
        if (!units) return false;
        units->setCurrentIndex(units->findText("Attention and MLP"));
    }
    QSignalSpy finished(view, &sharelens::app::AnalysisView::analysisFinished);
    auto* analyze = view->findChild<QPushButton*>("analyzeButton");
    if (!analyze || !analyze->isEnabled()) return false;
    QTest::mouseClick(analyze, Qt::LeftButton);
    return finished.wait(60000) || !finished.isEmpty();
}

} // namespace analysisfixture
