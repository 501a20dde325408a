// HeatmapWidget's zoom and pan driven offscreen as a user does it: the wheel
// zooms about the mouse, a drag pans, a double-click or the 0 key shows the
// whole matrix again, labels follow the zoom; a click reports the units of
// the cell, and the selection given back is painted. 60 units, as a
// sub-layer analysis of a 30-layer model has.
#include "fixtures.h"
#include "heatmapwidget.h"

#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

#include <cmath>

using namespace sharelens::widgets;

namespace {
constexpr int kUnits = 60;

void wheel(QWidget* w, const QPointF& at, int angle) {
    QWheelEvent e(at, w->mapToGlobal(at), QPoint(), QPoint(0, angle), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                  false);
    QApplication::sendEvent(w, &e);
}

// The units compared by the cell under `p`.
std::pair<int, int> unitsUnder(const HeatmapWidget& w, const QPointF& p) {
    int r = -1, c = -1;
    w.geometry().unitsAt(p, &r, &c);
    return {r, c};
}
} // namespace

class TestHeatmapZoom : public QObject {
    Q_OBJECT
    std::unique_ptr<HeatmapWidget> shown() {
        auto w = std::make_unique<HeatmapWidget>();
        w->resize(560, 500);
        HeatmapData d = fixtures::heatmapData(fixtures::blockSimilarity(kUnits, 6));
        d.groups = {{0, 1, 2, 3, 4}, {10, 11, 12}};
        w->setData(d);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
        return w;
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void zoomMathKeepsPointFixed_data() {
        QTest::addColumn<double>("fx");
        QTest::addColumn<double>("fy");
        QTest::addColumn<double>("factor");
        QTest::newRow("centre, in x2") << 0.5 << 0.5 << 2.0;
        QTest::newRow("near top-left, in x4") << 0.1 << 0.2 << 4.0;
        QTest::newRow("bottom-right, in x3") << 0.9 << 0.95 << 3.0;
    }
    void zoomMathKeepsPointFixed() {
        QFETCH(double, fx);
        QFETCH(double, fy);
        QFETCH(double, factor);
        const QRectF m(10, 20, 400, 400);
        const QPointF at(m.left() + fx * m.width(), m.top() + fy * m.height());
        const HeatmapZoom z = HeatmapZoom{}.zoomedAbout(m, kUnits, at, factor);
        QVERIFY(z.isZoomed(kUnits));
        QCOMPARE(z.span, kUnits / factor);
        // The display position under `at` is the same before and after,
        // unless the view had to be clamped at an edge.
        const QRectF before = HeatmapZoom{}.virtualMatrix(m, kUnits), after = z.virtualMatrix(m, kUnits);
        const double posBefore = (at.x() - before.left()) / before.width() * kUnits;
        const double posAfter = (at.x() - after.left()) / after.width() * kUnits;
        if (z.x0 > 0 && z.x0 < kUnits - z.span) QVERIFY(std::abs(posBefore - posAfter) < 1e-9);
        QVERIFY(z.x0 >= 0 && z.x0 + z.span <= kUnits + 1e-9);
        QVERIFY(z.y0 >= 0 && z.y0 + z.span <= kUnits + 1e-9);
        // Zooming out past the whole matrix is the whole matrix.
        QVERIFY(!z.zoomedAbout(m, kUnits, at, 1.0 / (2 * factor)).isZoomed(kUnits));
        // Zooming in further than kMinSpan cells stops there.
        QCOMPARE(z.zoomedAbout(m, kUnits, at, 1000.0).span, HeatmapZoom::kMinSpan);
    }

    void wheelZoomsAboutTheMouseAndLabelsFollow() {
        auto w = shown();
        QVERIFY(w);
        QTRY_VERIFY(!w->isRendering());
        const QRectF m = w->visibleMatrix();
        const int stepBefore = w->labelStep();
        QVERIFY2(stepBefore > 1, "60 labels do not all fit unzoomed"); // the premise of the label check
        const QPointF at = w->geometry().cellCenter(40, 20);
        QCOMPARE(unitsUnder(*w, at), std::make_pair(40, 20));
        const double cellBefore = w->geometry().cellWidth();
        QSignalSpy zoomed(w.get(), &HeatmapWidget::zoomChanged);
        wheel(w.get(), at, 120 * 6); // six notches in
        QTRY_VERIFY(zoomed.count() >= 1);
        QVERIFY(w->isZoomed());
        QVERIFY(w->geometry().cellWidth() > cellBefore * 3);
        QCOMPARE(unitsUnder(*w, at), std::make_pair(40, 20)); // the cell stayed under the mouse
        QCOMPARE(w->visibleMatrix(), m);                      // the frame does not move
        QVERIFY(w->labelStep() < stepBefore);                 // more labels fit
        QVERIFY(w->toolTipAt(at.toPoint()).contains(QStringLiteral("40")));
        // A cell scrolled out of the frame has no tooltip and no click.
        const QPointF gone = w->geometry().cellCenter(0, 0);
        QVERIFY(!m.contains(gone));
        // Wheel out again: the whole matrix.
        wheel(w.get(), at, -120 * 20);
        QTRY_VERIFY(!w->isZoomed());
        QCOMPARE(w->geometry().matrix, m);
        QCOMPARE(w->labelStep(), stepBefore);
    }

    void dragPansAndDoubleClickResets() {
        auto w = shown();
        QVERIFY(w);
        QTRY_VERIFY(!w->isRendering());
        const QRectF m = w->visibleMatrix();
        w->zoomAbout(m.center(), 4.0);
        QVERIFY(w->isZoomed());
        QSignalSpy clicked(w.get(), &HeatmapWidget::unitsClicked);
        const QPoint start = m.center().toPoint();
        const auto under = unitsUnder(*w, start);
        const HeatmapZoom before = w->zoom();
        const QPoint delta(60, 45);
        QTest::mousePress(w.get(), Qt::LeftButton, Qt::NoModifier, start);
        QTest::mouseMove(w.get(), start + delta / 2);
        QTest::mouseMove(w.get(), start + delta);
        QTest::mouseRelease(w.get(), Qt::LeftButton, Qt::NoModifier, start + delta);
        // The content followed the mouse: the cell grabbed is under the release point.
        QVERIFY(w->zoom().x0 < before.x0);
        QVERIFY(w->zoom().y0 < before.y0);
        QCOMPARE(unitsUnder(*w, QPointF(start + delta)), under);
        QCOMPARE(clicked.count(), 0); // a drag is not a click
        QTest::mouseDClick(w.get(), Qt::LeftButton, Qt::NoModifier, start);
        QTRY_VERIFY(!w->isZoomed());
        QCOMPARE(w->geometry().matrix, m);
        // And the keyboard: + zooms, 0 shows everything.
        w->setFocus();
        QTest::keyClick(w.get(), Qt::Key_Plus);
        QVERIFY(w->isZoomed());
        QTest::keyClick(w.get(), Qt::Key_0);
        QVERIFY(!w->isZoomed());
    }

    void clickReportsUnitsAndSelectionIsPainted() {
        auto w = shown();
        QVERIFY(w);
        QTRY_VERIFY(!w->isRendering());
        QSignalSpy clicked(w.get(), &HeatmapWidget::unitsClicked);
        // Diagonal: that unit. Off-diagonal within a group: the group. Else the pair.
        QTest::mouseClick(w.get(), Qt::LeftButton, Qt::NoModifier, w->geometry().cellCenter(7, 7).toPoint());
        QTest::mouseClick(w.get(), Qt::LeftButton, Qt::NoModifier, w->geometry().cellCenter(11, 12).toPoint());
        QTest::mouseClick(w.get(), Qt::LeftButton, Qt::NoModifier, w->geometry().cellCenter(30, 5).toPoint());
        QTRY_COMPARE(clicked.count(), 3);
        QCOMPARE(clicked.at(0).at(0).value<QList<int>>(), QList<int>({7}));
        QCOMPARE(clicked.at(1).at(0).value<QList<int>>(), QList<int>({10, 11, 12}));
        QCOMPARE(clicked.at(2).at(0).value<QList<int>>(), QList<int>({5, 30}));
        // The selection fades the other rows and columns.
        const QImage before = w->grab().toImage();
        w->setSelection({7});
        const QImage after = w->grab().toImage();
        const qreal dpr = after.devicePixelRatio();
        const QPoint kept = (w->geometry().cellCenter(7, 40) * dpr).toPoint();
        const QPoint faded = (w->geometry().cellCenter(30, 40) * dpr).toPoint();
        QCOMPARE(after.pixel(kept), before.pixel(kept));
        QVERIFY(after.pixel(faded) != before.pixel(faded));
    }
};

QTEST_MAIN(TestHeatmapZoom)
#include "tst_heatmapzoom.moc"
