// Editing the groups by hand as a user does: split a group, move a unit,
// pin one unshared from the group table's context menu; undo and redo with
// Ctrl+Z and Ctrl+Shift+Z; the savings line, the fine-tune's plan and the
// provenance follow; moving the threshold after edits asks first; units of
// different kinds never meet in a group. And the selection: a click in the
// heatmap, the dendrogram, the layer strip or the table shows in all four.
#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

#include "analysisview.h"
#include "dendrogramwidget.h"
#include "document.h"
#include "finetunejob.h"
#include "finetuneview.h"
#include "groupedits.h"
#include "grouptable.h"
#include "heatmapwidget.h"
#include "mainwindow.h"
#include "sharelens/provenance.h"
#include "testutil.h"
#include "unitselection.h"

using sharelens::app::AnalysisView;
using sharelens::app::GroupEditor;
using sharelens::app::MainWindow;
using sharelens::widgets::DendrogramWidget;
using sharelens::widgets::GroupStrip;
using sharelens::widgets::HeatmapWidget;
using Groups = std::vector<std::vector<int>>;

namespace {
// Clicks the button named `button` of the next modal message box and keeps its text.
struct DialogAnswerer {
    QTimer timer;
    QString text;
    int answered = 0;
    explicit DialogAnswerer(const QString& button) {
        QObject::connect(&timer, &QTimer::timeout, [this, button] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) return;
            text = box->text() + "\n" + box->informativeText();
            if (auto* b = box->findChild<QPushButton*>(button)) {
                ++answered;
                b->click();
            }
        });
        timer.start(30);
    }
};

// The action named `name` in `menu` or its submenus.
QAction* findAction(QMenu* menu, const QString& name) {
    for (QAction* a : menu->findChildren<QAction*>())
        if (a->objectName() == name) return a;
    return nullptr;
}
} // namespace

class TestGroupEdits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void splitMovePinUndoRedo();
    void thresholdAfterEditsAsks();
    void kindsNeverMix();
    void editsReachProvenance();
    void selectionLinksAllViews();
    void tableHeadersHaveTooltips();

private:
    bool openAndAnalyse(MainWindow& w, bool sublayers = false);
    void undoRedoWithKeys(MainWindow& w, const Groups& cut, int64_t cutShared, const QString& cutSavings);
    QTemporaryDir m_tmp;
    QString m_model, m_text;
};

void TestGroupEdits::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName("ShareLensTests");
    QCoreApplication::setApplicationName("tst_groupedits");
    QVERIFY(m_tmp.isValid());
    m_model = m_tmp.filePath("gpt2");
    QVERIFY(testutil::makeCheckpoint(m_model, {"--family", "gpt2", "--layers", "6", "--vocab", "256"}));
    QByteArray text;
    for (int i = 0; i < 200; ++i)
        text += "In the beginning " + QByteArray::number(i * 7919 % 1000) +
                " words were counted, weighed and shared between the layers of the model. ";
    m_text = m_tmp.filePath("calibration.txt");
    QVERIFY(testutil::writeFile(m_text, text));
}

bool TestGroupEdits::openAndAnalyse(MainWindow& w, bool sublayers) {
    w.resize(1400, 900);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) return false;
    QSignalSpy opened(&w, &MainWindow::modelOpened);
    w.openModel(m_model);
    if (!opened.wait(30000) && opened.isEmpty()) return false;
    AnalysisView* view = w.analysisView();
    view->setCalibrationFile(m_text);
    view->setSequenceLength(32);
    view->setSequenceCount(16);
    if (sublayers) {
        auto* units = view->findChild<QComboBox*>("unitsBox");
        if (!units) return false;
        units->setCurrentIndex(units->findText("Attention and MLP"));
    }
    QSignalSpy finished(view, &AnalysisView::analysisFinished);
    auto* analyze = view->findChild<QPushButton*>("analyzeButton");
    if (!analyze || !analyze->isEnabled()) return false;
    QTest::mouseClick(analyze, Qt::LeftButton);
    if (!finished.wait(60000) && finished.isEmpty()) return false;
    // The top of the range: one group of all six blocks (or one per kind).
    auto* spin = view->findChild<QDoubleSpinBox*>("thresholdSpin");
    if (!spin) return false;
    view->setThreshold(spin->maximum());
    return true;
}

void TestGroupEdits::splitMovePinUndoRedo() {
    MainWindow w;
    QVERIFY(openAndAnalyse(w));
    AnalysisView* view = w.analysisView();
    auto* savings = w.findChild<QLabel*>("savingsLabel");
    QVERIFY(savings);
    const Groups cut = view->groups();
    QCOMPARE(cut, (Groups{{0, 1, 2, 3, 4, 5}}));
    const QString cutSavings = savings->text();
    const int64_t cutShared = view->plan().sharedParameters;
    QVERIFY(!cutSavings.contains("edited"));

    // Split the group from its context menu: two groups, less saved at once.
    QMenu* menu = view->groupMenu(0);
    QAction* split = findAction(menu, "splitGroupAction");
    QVERIFY(split && split->isEnabled());
    split->trigger();
    delete menu;
    QCOMPARE(view->groups().size(), size_t(2));
    const Groups afterSplit = view->groups();
    QVERIFY(view->plan().sharedParameters > cutShared);
    QVERIFY2(savings->text().contains("edited by hand (1 edits)"), qPrintable(savings->text()));
    QVERIFY(w.document()->isModified());
    QCOMPARE(view->planEdits().size(), 1);
    QVERIFY2(view->planEdits().front().startsWith("split group {block 0, block 1"), qPrintable(view->planEdits().front()));

    // Pin a member of the larger part unshared, then move another unit to the other group.
    const auto& big = afterSplit[0].size() >= afterSplit[1].size() ? afterSplit[0] : afterSplit[1];
    const int bigRow = afterSplit[0].size() >= afterSplit[1].size() ? 0 : 1;
    QVERIFY(big.size() >= 2);
    const int pinned = big.front();
    menu = view->groupMenu(bigRow);
    QAction* pin = findAction(menu, QStringLiteral("pinAction_%1").arg(pinned));
    QVERIFY(pin && pin->isEnabled());
    pin->trigger();
    delete menu;
    QVERIFY(std::find(view->groups().begin(), view->groups().end(), std::vector<int>{pinned}) != view->groups().end());
    QVERIFY(view->groupEditor()->pinned() == std::vector<int>{pinned});
    // Move the last unit of the larger part to the smaller part (a row of the menu).
    const Groups afterPin = view->groups();
    const auto smallIt = std::find_if(afterPin.begin(), afterPin.end(), [&](const auto& g) {
        return g != std::vector<int>{pinned} && std::find(g.begin(), g.end(), big.back()) == g.end();
    });
    QVERIFY(smallIt != afterPin.end());
    const int smallRow = int(smallIt - afterPin.begin());
    int fromRow = -1;
    for (size_t r = 0; r < afterPin.size(); ++r)
        if (std::find(afterPin[r].begin(), afterPin[r].end(), big.back()) != afterPin[r].end()) fromRow = int(r);
    menu = view->groupMenu(fromRow);
    QAction* move = findAction(menu, QStringLiteral("moveAction_%1_%2").arg(big.back()).arg(smallRow));
    QVERIFY(move);
    move->trigger();
    delete menu;
    QVERIFY(std::any_of(view->groups().begin(), view->groups().end(), [&](const auto& g) {
        return std::find(g.begin(), g.end(), big.back()) != g.end() && g.size() == smallIt->size() + 1;
    }));
    QVERIFY2(view->planEdits().back().startsWith(QStringLiteral("moved block %1").arg(big.back())),
             qPrintable(view->planEdits().back()));
    QCOMPARE(view->undoStack()->index(), view->groupEditor()->editCount());
    QCOMPARE(view->undoStack()->index(), 3);
    undoRedoWithKeys(w, cut, cutShared, cutSavings);
}

// Ctrl+Z undoes one edit at a time back to the cut; Ctrl+Shift+Z redoes.
void TestGroupEdits::undoRedoWithKeys(MainWindow& w, const Groups& cut, int64_t cutShared, const QString& cutSavings) {
    AnalysisView* view = w.analysisView();
    auto* savings = w.findChild<QLabel*>("savingsLabel");
    const int edits = view->undoStack()->index();
    const Groups edited = view->groups();

    auto* undo = w.findChild<QAction*>("undoAction");
    auto* redo = w.findChild<QAction*>("redoAction");
    QVERIFY(undo && redo);
    QVERIFY(undo->isEnabled());
    QVERIFY(undo->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Z)));
    QVERIFY(redo->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    view->findChild<QTableView*>("groupTable")->setFocus();
    for (int k = 0; k < edits; ++k) QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(view->groups(), cut);
    QCOMPARE(view->plan().sharedParameters, cutShared);
    QCOMPARE(savings->text(), cutSavings);
    QVERIFY(view->planEdits().isEmpty());
    QVERIFY(!undo->isEnabled());
    for (int k = 0; k < edits; ++k) QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(view->groups(), edited);
    QCOMPARE(view->planEdits().size(), edits);
    // The fine-tune trains the edited plan.
    QVERIFY(w.finetuneView()->hasPlan());
    QCOMPARE(w.document()->session().plan->groups.size(), edited.size());
}


