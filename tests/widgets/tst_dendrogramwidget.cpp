// DendrogramWidget driven offscreen: dragging the threshold line with the
// mouse where it is drawn, hover cursor, keyboard, and setThreshold/setData
// that never emit.
#include "dendrogramwidget.h"
#include "fixtures.h"

#include <QSignalSpy>
#include <QtTest>

using namespace sharelens::widgets;

class TestDendrogramWidget : public QObject {
    Q_OBJECT
    fixtures::LinkageMatrix z_;
    static constexpr int n_ = 12;
    static constexpr double t0_ = 0.2;

    std::unique_ptr<DendrogramWidget> shown() {
        auto w = std::make_unique<DendrogramWidget>();
        w->resize(640, 400);
        w->setData(fixtures::dendrogramData(z_, t0_, n_));
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
        return w;
    }
    // A point on the threshold line, between leaves, away from the label.
    static QPoint onLine(const DendrogramWidget& w) {
        return QPoint(int(w.geometry().plot.left() + w.geometry().plot.width() * 0.3), qRound(w.thresholdY()));
    }

private Q_SLOTS:
    void initTestCase() {
        QLocale::setDefault(QLocale::c());
        z_ = fixtures::averageLinkage(fixtures::blockSimilarity(n_, 3));
    }

    void dragThreshold_data() {
        QTest::addColumn<int>("dy");
        QTest::newRow("up 40 px") << -40;
        QTest::newRow("down 25 px") << 25;
        QTest::newRow("far above the plot (clamped to the top)") << -2000;
        QTest::newRow("far below the plot (clamped to zero)") << 2000;
    }
    void dragThreshold() {
        QFETCH(int, dy);
        auto w = shown();
        QVERIFY(w);
        const DendrogramGeometry g = w->geometry();
        QSignalSpy changed(w.get(), &DendrogramWidget::thresholdChanged);
        QSignalSpy edited(w.get(), &DendrogramWidget::thresholdEdited);
        const QPoint start = onLine(*w);
        QTest::mousePress(w.get(), Qt::LeftButton, Qt::NoModifier, start);
        QVERIFY(w->isDragging());
        const QPoint half = start + QPoint(5, dy / 2);
        const QPoint end = start + QPoint(10, dy);
        QTest::mouseMove(w.get(), half);
        QTRY_VERIFY(changed.count() >= 1);
        QTest::mouseMove(w.get(), end);
        QTest::mouseRelease(w.get(), Qt::LeftButton, Qt::NoModifier, end);
        QTRY_COMPARE(edited.count(), 1);
        QVERIFY(!w->isDragging());

        // The line follows the mouse (to within the pixel the press was off
        // the exact line) and is clamped to the axis.
        const double grabOffset = start.y() - g.yForHeight(t0_);
        const double expected = g.heightForY(end.y() - grabOffset);
        const double perPixel = g.yMax / g.plot.height();
        QVERIFY2(qAbs(w->threshold() - expected) <= perPixel * 1e-6,
                 qPrintable(QStringLiteral("%1 vs %2").arg(w->threshold()).arg(expected)));
        QCOMPARE(changed.last().at(0).toDouble(), w->threshold());
        QCOMPARE(edited.last().at(0).toDouble(), w->threshold());
        QVERIFY(w->threshold() >= 0 && w->threshold() <= g.yMax);
        if (dy < -1000) QCOMPARE(w->threshold(), g.yMax);
        if (dy > 1000) QCOMPARE(w->threshold(), 0.0);
        // Moving up raises the threshold.
        if (dy < 0)
            QVERIFY(w->threshold() > t0_);
        else
            QVERIFY(w->threshold() < t0_);
        // The middle move reported the middle value.
        QVERIFY(qAbs(changed.first().at(0).toDouble() - g.heightForY(half.y() - grabOffset)) < 1e-9);
        if (qAbs(dy) < 1000) QCOMPARE(changed.count(), 2); // one signal per move
    }

    void pressAwayFromLineDoesNotDrag() {
        auto w = shown();
        QVERIFY(w);
        QSignalSpy changed(w.get(), &DendrogramWidget::thresholdChanged);
        const QPoint away = onLine(*w) + QPoint(0, 30);
        QTest::mousePress(w.get(), Qt::LeftButton, Qt::NoModifier, away);
        QVERIFY(!w->isDragging());
        QTest::mouseMove(w.get(), away + QPoint(0, -60));
        QTest::mouseRelease(w.get(), Qt::LeftButton, Qt::NoModifier, away + QPoint(0, -60));
        QTest::qWait(20);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(w->threshold(), t0_);
    }

    void hoverChangesCursor() {
        auto w = shown();
        QVERIFY(w);
        QTest::mouseMove(w.get(), onLine(*w) + QPoint(0, 2));
        QTRY_COMPARE(w->cursor().shape(), Qt::SplitVCursor);
        QTest::mouseMove(w.get(), onLine(*w) + QPoint(0, 40));
        QTRY_COMPARE(w->cursor().shape(), Qt::ArrowCursor);
    }

    void setThresholdDoesNotEmit_data() {
        QTest::addColumn<double>("t");
        QTest::addColumn<double>("expected"); // < 0: the axis top
        QTest::newRow("inside") << 0.3 << 0.3;
        QTest::newRow("zero") << 0.0 << 0.0;
        QTest::newRow("negative clamps to zero") << -0.5 << 0.0;
        QTest::newRow("above the axis clamps to the top") << 50.0 << -1.0;
    }
    void setThresholdDoesNotEmit() {
        QFETCH(double, t);
        QFETCH(double, expected);
        auto w = shown();
        QVERIFY(w);
        QSignalSpy changed(w.get(), &DendrogramWidget::thresholdChanged);
        QSignalSpy edited(w.get(), &DendrogramWidget::thresholdEdited);
        w->setThreshold(t);
        const double want = expected < 0 ? w->geometry().yMax : expected;
        QCOMPARE(w->threshold(), want);
        QCOMPARE(w->thresholdY(), w->geometry().yForHeight(want));
        w->setData(fixtures::dendrogramData(z_, 0.25, n_));
        QCOMPARE(w->threshold(), 0.25);
        QTest::qWait(10);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(edited.count(), 0);
    }

    void callerRecomputesWhileDragging() {
        // The app's loop: thresholdChanged -> new groups and layout ->
        // setData. No feedback loop, and the axis does not move under the
        // mouse.
        auto w = shown();
        QVERIFY(w);
        const double yMax = w->geometry().yMax;
        int calls = 0;
        connect(w.get(), &DendrogramWidget::thresholdChanged, w.get(), [&](double t) {
            ++calls;
            w->setData(fixtures::dendrogramData(z_, t, n_));
        });
        QSignalSpy changed(w.get(), &DendrogramWidget::thresholdChanged);
        const QPoint start = onLine(*w);
        QTest::mousePress(w.get(), Qt::LeftButton, Qt::NoModifier, start);
        for (int k = 1; k <= 8; ++k) QTest::mouseMove(w.get(), start + QPoint(0, -15 * k));
        QTest::mouseRelease(w.get(), Qt::LeftButton, Qt::NoModifier, start + QPoint(0, -120));
        QTRY_COMPARE(changed.count(), 8);
        QCOMPARE(calls, 8);
        QCOMPARE(w->geometry().yMax, yMax);
        QCOMPARE(w->data().threshold, w->threshold());
        // Links under the new threshold carry groups of the new cut.
        const auto groups = fixtures::cut(z_, w->threshold());
        for (const auto& l : w->data().layout.links)
            if (l.height <= w->threshold()) QVERIFY(l.group >= 0 && l.group < int(groups.size()));
    }

    void keyboardMovesThreshold() {
        auto w = shown();
        QVERIFY(w);
        w->setFocus();
        QSignalSpy changed(w.get(), &DendrogramWidget::thresholdChanged);
        QTest::keyClick(w.get(), Qt::Key_Up);
        QTRY_COMPARE(changed.count(), 1);
        QVERIFY(w->threshold() > t0_);
        QTest::keyClick(w.get(), Qt::Key_Down, Qt::ShiftModifier);
        QTRY_COMPARE(changed.count(), 2);
        QVERIFY(w->threshold() < t0_);
    }

    void boundsLimitDragging() {
        auto w = shown();
        QVERIFY(w);
        w->setThresholdBounds(0.1, 0.3);
        QSignalSpy changed(w.get(), &DendrogramWidget::thresholdChanged);
        const QPoint start = onLine(*w);
        QTest::mousePress(w.get(), Qt::LeftButton, Qt::NoModifier, start);
        QTest::mouseMove(w.get(), start + QPoint(0, -300));
        QTest::mouseRelease(w.get(), Qt::LeftButton, Qt::NoModifier, start + QPoint(0, -300));
        QTRY_VERIFY(changed.count() >= 1);
        QCOMPARE(w->threshold(), 0.3);
    }

    void mergesHaveTooltipsAndClicksSelectThem() {
        auto w = shown();
        QVERIFY(w);
        const DendrogramGeometry& g = w->geometry();
        const auto& links = w->data().layout.links;
        QCOMPARE(links.size(), z_.size());
        auto barMiddle = [&](size_t i) {
            const auto& l = links[i];
            return QPointF((g.xForSlot(l.xLeft) + g.xForSlot(l.xRight)) / 2, g.yForHeight(l.height));
        };
        for (size_t i = 0; i < z_.size(); ++i) {
            // Every merge found under its bar has as many members as Z's size column says.
            const int found = w->mergeAt(barMiddle(i));
            QVERIFY(found >= 0);
            QCOMPARE(w->mergeMembers(found).size(), qsizetype(z_[size_t(found)][3]));
            QCOMPARE(w->data().z[size_t(found)][2], links[i].height);
        }
        // The root: its height and all the units; a click selects them.
        const size_t root = z_.size() - 1;
        const QPointF top = barMiddle(root);
        QVERIFY(std::abs(top.y() - w->thresholdY()) > DendrogramWidget::kGrabDistance);
        QCOMPARE(w->mergeAt(top), int(root));
        const QString tip = w->toolTipAt(top);
        QVERIFY2(tip.contains(QStringLiteral("%1 units").arg(n_)), qPrintable(tip));
        QVERIFY2(tip.contains(QString::number(z_[root][2], 'f', 4)), qPrintable(tip));
        QVERIFY(w->toolTipAt(QPointF(g.plot.left() + 2, g.plot.top() + 2)).isEmpty());
        QSignalSpy clicked(w.get(), &DendrogramWidget::unitsClicked);
        QTest::mouseClick(w.get(), Qt::LeftButton, Qt::NoModifier, top.toPoint());
        QTRY_COMPARE(clicked.count(), 1);
        QList<int> all;
        for (int u = 0; u < n_; ++u) all << u;
        QCOMPARE(clicked.at(0).at(0).value<QList<int>>(), all);
        // A leaf's label: that unit.
        const QPoint label(int(g.xForSlot(3.5)), int(g.plot.bottom() + 12));
        QTest::mouseClick(w.get(), Qt::LeftButton, Qt::NoModifier, label);
        QTRY_COMPARE(clicked.count(), 2);
        QCOMPARE(clicked.at(1).at(0).value<QList<int>>(), QList<int>({w->data().layout.leafOrder[3]}));
        // The threshold line still drags and is not a click.
        QSignalSpy changed(w.get(), &DendrogramWidget::thresholdChanged);
        const QPoint start = onLine(*w);
        QTest::mousePress(w.get(), Qt::LeftButton, Qt::NoModifier, start);
        QTest::mouseMove(w.get(), start + QPoint(0, -20));
        QTest::mouseRelease(w.get(), Qt::LeftButton, Qt::NoModifier, start + QPoint(0, -20));
        QTRY_VERIFY(changed.count() >= 1);
        QCOMPARE(clicked.count(), 2);
        // The selection is drawn: bold links under a selected cluster.
        const QImage before = w->grab().toImage();
        w->setSelection(w->mergeMembers(0));
        QVERIFY(w->grab().toImage() != before);
    }

    void emptyWidget() {
        DendrogramWidget w;
        w.resize(300, 200);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.hasTree());
        QSignalSpy changed(&w, &DendrogramWidget::thresholdChanged);
        QTest::mousePress(&w, Qt::LeftButton, Qt::NoModifier, QPoint(150, 100));
        QTest::mouseMove(&w, QPoint(150, 50));
        QTest::mouseRelease(&w, Qt::LeftButton, Qt::NoModifier, QPoint(150, 50));
        QCOMPARE(changed.count(), 0);
    }
};

QTEST_MAIN(TestDendrogramWidget)
#include "tst_dendrogramwidget.moc"
