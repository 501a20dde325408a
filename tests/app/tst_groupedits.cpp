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
#include <QSlider>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

#include "analysisfixture.h"
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

// The repeat (page step) a press on a slider's groove started.
struct SliderPeek : QSlider {
    using QAbstractSlider::repeatAction;
};
QAbstractSlider::SliderAction repeatOf(QSlider* s) { return static_cast<SliderPeek*>(s)->repeatAction(); }

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
    void sessionKeepsEditedGroups();

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
    QVERIFY(analysisfixture::makeModelAndText(m_tmp, &m_model, &m_text));
}

bool TestGroupEdits::openAndAnalyse(MainWindow& w, bool sublayers) {
    if (!analysisfixture::openAndAnalyse(w, m_model, m_text, sublayers)) return false;
    AnalysisView* view = w.analysisView();
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
    QVERIFY(!cutSavings.contains("Edited"));

    // Split the group from its context menu: two groups, less saved at once.
    QMenu* menu = view->groupMenu(0);
    QAction* split = findAction(menu, "splitGroupAction");
    QVERIFY(split && split->isEnabled());
    split->trigger();
    delete menu;
    QCOMPARE(view->groups().size(), size_t(2));
    const Groups afterSplit = view->groups();
    QVERIFY(view->plan().sharedParameters > cutShared);
    QVERIFY2(savings->text().startsWith("Edited by hand (edits: 1) · "), qPrintable(savings->text()));
    QVERIFY(w.document()->isModified());
    QCOMPARE(view->planEdits().size(), 1);
    QVERIFY2(view->planEdits().front().startsWith("split group {block 0, block 1"),
             qPrintable(view->planEdits().front()));

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

void TestGroupEdits::thresholdAfterEditsAsks() {
    MainWindow w;
    QVERIFY(openAndAnalyse(w));
    AnalysisView* view = w.analysisView();
    QVERIFY(view->groupEditor()->splitGroup(0));
    const Groups edited = view->groups();
    const double t = view->threshold();
    auto* dendro = view->findChild<DendrogramWidget*>("dendrogram");
    {
        // Keep Edits: nothing changes, the line and the spin box go back.
        DialogAnswerer answer("keepEditsButton");
        view->setThreshold(t / 3);
        QTRY_COMPARE(answer.answered, 1);
        QVERIFY2(answer.text.contains("Manual edits of the groups: 1"), qPrintable(answer.text));
        QCOMPARE(view->threshold(), t);
        QCOMPARE(view->groups(), edited);
        QCOMPARE(dendro->threshold(), t);
        QVERIFY(view->groupEditor()->isEdited());
    }
    {
        // A press on the slider's groove asks once; Keep Edits also ends the
        // press's page-step repeat (else it would ask again and again).
        auto* slider = view->findChild<QSlider*>("thresholdSlider");
        QVERIFY(slider);
        const int before = slider->value();
        DialogAnswerer answer("keepEditsButton");
        QTest::mousePress(slider, Qt::LeftButton, {}, QPoint(4, slider->height() / 2));
        QTRY_COMPARE(answer.answered, 1);
        QCOMPARE(repeatOf(slider), QAbstractSlider::SliderNoAction);
        QCOMPARE(slider->value(), before);
        QCOMPARE(view->threshold(), t);
        QTest::mouseRelease(slider, Qt::LeftButton, {}, QPoint(4, slider->height() / 2));
        QCOMPARE(answer.answered, 1);
    }
    {
        // Discard Edits: the cut at the new threshold, and the history is gone.
        DialogAnswerer answer("discardEditsButton");
        view->setThreshold(t / 3);
        QTRY_COMPARE(answer.answered, 1);
        QCOMPARE(view->threshold(), t / 3);
        QVERIFY(!view->groupEditor()->isEdited());
        QVERIFY(!view->undoStack()->canUndo());
        QCOMPARE(view->groups(), view->groupEditor()->cutGroups());
    }
    // Without edits, no question.
    DialogAnswerer none("keepEditsButton");
    view->setThreshold(t / 2);
    QCOMPARE(view->threshold(), t / 2);
    QCOMPARE(none.answered, 0);
}

void TestGroupEdits::kindsNeverMix() {
    MainWindow w;
    QVERIFY(openAndAnalyse(w, true));
    AnalysisView* view = w.analysisView();
    QCOMPARE(view->groups(), (Groups{{0, 2, 4, 6, 8, 10}, {1, 3, 5, 7, 9, 11}}));
    // The menu offers no MLP group to an attention unit...
    QMenu* menu = view->groupMenu(0);
    QVERIFY(findAction(menu, "pinAction_0"));
    QVERIFY(!findAction(menu, "moveAction_0_1"));
    delete menu;
    // ...and the editor refuses the move with the plan's own sentence.
    QString error;
    QVERIFY(!view->groupEditor()->moveUnit(0, 1, &error));
    QVERIFY2(error.contains("different kinds"), qPrintable(error));
    QCOMPARE(view->groups(), (Groups{{0, 2, 4, 6, 8, 10}, {1, 3, 5, 7, 9, 11}}));
    QVERIFY(!view->groupEditor()->isEdited());
    // A move within a kind is fine: pin attn 0, then bring it back.
    QVERIFY(view->groupEditor()->pinUnshared(0));
    const auto pinnedRow = std::find(view->groups().begin(), view->groups().end(), std::vector<int>{0});
    QVERIFY(pinnedRow != view->groups().end());
    const auto attnRow = std::find_if(view->groups().begin(), view->groups().end(),
                                      [](const auto& g) { return g.size() == 5 && g.front() % 2 == 0; });
    QVERIFY(attnRow != view->groups().end());
    QVERIFY(view->groupEditor()->moveUnit(0, int(attnRow - view->groups().begin())));
    QCOMPARE(view->groups(), (Groups{{0, 2, 4, 6, 8, 10}, {1, 3, 5, 7, 9, 11}}));
    QVERIFY(view->groupEditor()->pinned().empty());
    QVERIFY(view->savingsText().contains("attention saves"));
}

void TestGroupEdits::editsReachProvenance() {
    MainWindow w;
    QVERIFY(openAndAnalyse(w));
    AnalysisView* view = w.analysisView();
    QVERIFY(view->groupEditor()->splitGroup(0));
    QVERIFY(view->groupEditor()->pinUnshared(view->groups()[0].front()) ||
            view->groupEditor()->pinUnshared(view->groups()[1].front()));
    const QStringList edits = view->planEdits();
    QCOMPARE(edits.size(), 2);
    sharelens::Provenance p;
    GroupEditor::recordEdits(p, edits);
    const auto map = sharelens::provenanceMap(p);
    QCOMPARE(map.at("plan_edited"), std::string("true"));
    QVERIFY(QString::fromStdString(map.at("plan_edits")).contains("split group"));
    QVERIFY(QString::fromStdString(map.at("plan_edits")).contains("; pinned block"));
    // An unedited plan says nothing.
    sharelens::Provenance q;
    GroupEditor::recordEdits(q, {});
    QVERIFY(!sharelens::provenanceMap(q).count("plan_edited"));
    // A fine-tune started now records the edits of the plan it trains.
    auto* runner = w.finetuneView()->runner();
    QSignalSpy running(runner, &sharelens::app::FinetuneRunner::runningChanged);
    w.finetuneView()->start();
    QTRY_VERIFY(!running.isEmpty());
    QCOMPARE(w.trainedPlanEdits(), edits);
    w.finetuneView()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!w.finetuneView()->isRunning(), 60000);
}

void TestGroupEdits::selectionLinksAllViews() {
    MainWindow w;
    QVERIFY(openAndAnalyse(w));
    AnalysisView* view = w.analysisView();
    // Two groups, so that the table's rows tell them apart.
    QVERIFY(view->groupEditor()->splitGroup(0));
    auto* heat = view->findChild<HeatmapWidget*>("heatmap");
    auto* dendro = view->findChild<DendrogramWidget*>("dendrogram");
    auto* strip = view->findChild<GroupStrip*>("groupStrip");
    auto* table = view->findChild<QTableView*>("groupTable");
    QVERIFY(heat && dendro && strip && table);
    QCOMPARE(view->selection(), w.selection()); // the window's selection
    QTRY_VERIFY(!heat->isRendering());
    auto rowsSelected = [&] {
        QList<int> rows;
        for (const QModelIndex& i : table->selectionModel()->selectedRows()) rows << i.row();
        std::sort(rows.begin(), rows.end());
        return rows;
    };
    auto rowOf = [&](int unit) {
        for (size_t g = 0; g < view->groups().size(); ++g)
            for (int u : view->groups()[g])
                if (u == unit) return int(g);
        return -1;
    };
    // A click on the heatmap's diagonal cell of unit 4.
    QTest::mouseClick(heat, Qt::LeftButton, {}, heat->geometry().cellCenter(4, 4).toPoint());
    QTRY_COMPARE(w.selection()->units(), QList<int>({4}));
    QCOMPARE(heat->selection(), QList<int>({4}));
    QCOMPARE(dendro->selection(), QList<int>({4}));
    QCOMPARE(strip->selection(), QList<int>({4}));
    QCOMPARE(rowsSelected(), QList<int>({rowOf(4)}));
    // A click on the dendrogram's root merge: every unit.
    const auto& root = dendro->data().layout.links.back();
    const auto& dg = dendro->geometry();
    const QPoint top(int((dg.xForSlot(root.xLeft) + dg.xForSlot(root.xRight)) / 2), qRound(dg.yForHeight(root.height)));
    QVERIFY(std::abs(top.y() - dendro->thresholdY()) > DendrogramWidget::kGrabDistance);
    QTest::mouseClick(dendro, Qt::LeftButton, {}, top);
    QTRY_COMPARE(w.selection()->units(), QList<int>({0, 1, 2, 3, 4, 5}));
    QCOMPARE(heat->selection(), w.selection()->units());
    QCOMPARE(rowsSelected(), QList<int>({0, 1}));
    // A cell of the layer strip.
    QTest::mouseClick(strip, Qt::LeftButton, {}, strip->cellRect(2).center().toPoint());
    QTRY_COMPARE(w.selection()->units(), QList<int>({2}));
    QCOMPARE(dendro->selection(), QList<int>({2}));
    // A row of the table: the group's members everywhere.
    const int other = rowOf(2) == 0 ? 1 : 0;
    table->selectRow(other);
    QList<int> members;
    for (int u : view->groups()[size_t(other)]) members << u;
    QTRY_COMPARE(w.selection()->units(), members);
    QCOMPARE(heat->selection(), members);
    QCOMPARE(strip->selection(), members);
    // Edit › Clear Selection.
    auto* clear = w.findChild<QAction*>("clearSelectionAction");
    QVERIFY(clear);
    clear->trigger();
    QVERIFY(heat->selection().isEmpty() && dendro->selection().isEmpty() && rowsSelected().isEmpty());
}

void TestGroupEdits::tableHeadersHaveTooltips() {
    sharelens::widgets::GroupTableModel model;
    for (int c = 0; c < model.columnCount(); ++c) {
        const QString tip = model.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString();
        QVERIFY2(tip.size() > 20, qPrintable(QString::number(c)));
        QVERIFY(tip != model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    }
}

void TestGroupEdits::sessionKeepsEditedGroups() {
    // Saved with edited groups, a session reopens with them (as one edit that Undo takes back to the cut).
    const QString path = m_tmp.filePath("edited.sharelens");
    Groups edited, cut;
    {
        MainWindow w;
        QVERIFY(openAndAnalyse(w));
        cut = w.analysisView()->groups();
        QVERIFY(w.analysisView()->groupEditor()->splitGroup(0));
        edited = w.analysisView()->groups();
        QString error;
        QVERIFY2(w.saveSessionTo(path, &error), qPrintable(error));
    }
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy restored(&w, &MainWindow::sessionRestored);
    w.openSession(path);
    QTRY_VERIFY_WITH_TIMEOUT(!restored.isEmpty(), 60000);
    AnalysisView* view = w.analysisView();
    QCOMPARE(view->groups(), edited);
    QCOMPARE(view->planEdits().size(), 1);
    QVERIFY2(view->planEdits().front().startsWith("groups as saved in the session"),
             qPrintable(view->planEdits().front()));
    QVERIFY(!w.document()->isModified());
    view->undoStack()->undo();
    QCOMPARE(view->groups(), cut);
}

QTEST_MAIN(TestGroupEdits)
#include "tst_groupedits.moc"
