// HeatmapWidget driven offscreen: rendering (synchronous and on a worker
// thread), reordering, outlines without re-rendering, tooltips.
#include "colormap.h"
#include "fixtures.h"
#include "heatmapwidget.h"

#include <QHelpEvent>
#include <QSignalSpy>
#include <QToolTip>
#include <QtTest>

#include <memory>

using namespace sharelens::widgets;

namespace {
std::vector<int> reversed(int n) {
    std::vector<int> v;
    for (int i = n - 1; i >= 0; --i) v.push_back(i);
    return v;
}
} // namespace

class TestHeatmapWidget : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void showsMatrixColours_data() {
        QTest::addColumn<bool>("reorder");
        QTest::newRow("natural") << false;
        QTest::newRow("reversed") << true;
    }
    void showsMatrixColours() {
        // What is on screen at a cell's centre is that cell's colour.
        QFETCH(bool, reorder);
        const int n = 12;
        HeatmapData d = fixtures::heatmapData(fixtures::blockSimilarity(n, 3));
        if (reorder) d.order = reversed(n);
        HeatmapWidget w;
        w.resize(520, 460);
        w.setData(d);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_VERIFY(!w.isRendering());
        const QImage shot = w.grab().toImage();
        const qreal dpr = shot.devicePixelRatio();
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const QPointF centre = w.geometry().cellCenter(r, c) * dpr;
                const QRgb want = viridisTable()[size_t(std::lround(std::clamp(d.values(r, c), 0.0, 1.0) * 255))];
                const QRgb got = shot.pixel(centre.toPoint());
                QVERIFY2(qAbs(qRed(got) - qRed(want)) <= 1 && qAbs(qGreen(got) - qGreen(want)) <= 1 &&
                             qAbs(qBlue(got) - qBlue(want)) <= 1,
                         qPrintable(QStringLiteral("cell %1,%2").arg(r).arg(c)));
            }
    }

    void toolTipAtKnownCell_data() {
        QTest::addColumn<std::vector<int>>("order");
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("col");
        QTest::newRow("natural 3x7") << std::vector<int>{} << 3 << 7;
        QTest::newRow("reversed 3x7") << reversed(12) << 3 << 7;
        QTest::newRow("diagonal") << std::vector<int>{} << 5 << 5;
    }
    void toolTipAtKnownCell() {
        QFETCH(std::vector<int>, order);
        QFETCH(int, row);
        QFETCH(int, col);
        HeatmapData d = fixtures::heatmapData(fixtures::blockSimilarity(12, 3));
        d.order = order;
        HeatmapWidget w;
        w.resize(500, 440);
        w.setData(d);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QPoint at = w.geometry().cellCenter(row, col).toPoint();
        const QString expected = QStringLiteral("layer %1 × layer %2\nPearson similarity: %3")
                                     .arg(row)
                                     .arg(col)
                                     .arg(QString::number(d.values(row, col), 'f', 4));
        QCOMPARE(w.toolTipAt(at), expected);

        // And through a real tooltip event.
        QHelpEvent help(QEvent::ToolTip, at, w.mapToGlobal(at));
        QApplication::sendEvent(&w, &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), expected);
        QToolTip::hideText();
    }

    void noToolTipOffMatrix() {
        HeatmapWidget w;
        w.resize(500, 440);
        w.setData(fixtures::heatmapData(fixtures::blockSimilarity(12, 3)));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.toolTipAt(QPoint(1, 1)).isEmpty());
        const QRectF m = w.geometry().matrix;
        QVERIFY(w.toolTipAt(QPoint(int(m.right()) + 3, int(m.center().y()))).isEmpty());
    }

    void largeMatrixRendersOffThread() {
        const int n = 600;
        HeatmapWidget w;
        w.resize(500, 440);
        QSignalSpy ready(&w, &HeatmapWidget::imageReady);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.setData(fixtures::heatmapData(fixtures::blockSimilarity(n, 6)));
        QVERIFY(w.isRendering()); // returned before the image was made
        QTRY_COMPARE(ready.count(), 1);
        QVERIFY(!w.isRendering());
        QCOMPARE(w.renderCount(), quint64(1));
    }

    void supersededRenderIsDropped() {
        const int n = 700;
        HeatmapWidget w;
        w.resize(500, 440);
        QSignalSpy ready(&w, &HeatmapWidget::imageReady);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        HeatmapData a = fixtures::heatmapData(fixtures::blockSimilarity(n, 6, 1));
        HeatmapData b = fixtures::heatmapData(fixtures::blockSimilarity(n, 6, 2));
        w.setData(a);
        w.setData(b);
        w.setOrder(reversed(n));
        QTRY_VERIFY(!w.isRendering());
        QTest::qWait(100);
        QCOMPARE(ready.count(), 1);
        QCOMPARE(w.renderCount(), quint64(1));
        QCOMPARE(w.geometry().order, reversed(n));
    }

    void destroyedWhileRendering() {
        auto w = std::make_unique<HeatmapWidget>();
        w->resize(400, 400);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->setData(fixtures::heatmapData(fixtures::blockSimilarity(900, 5)));
        QVERIFY(w->isRendering());
        w.reset();        // cancels the job and waits for it; its result is never delivered
        QTest::qWait(50); // a stray queued delivery would crash here
    }

    void groupsChangeWithoutRerender() {
        HeatmapWidget w;
        w.resize(500, 440);
        w.setData(fixtures::heatmapData(fixtures::blockSimilarity(12, 3)));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_VERIFY(!w.isRendering());
        const quint64 renders = w.renderCount();
        const QImage before = w.grab().toImage();
        w.setGroups({{0, 1, 2, 3}, {4, 5, 6, 7}});
        QCOMPARE(w.groups().size(), size_t(2));
        const QImage after = w.grab().toImage();
        QCOMPARE(w.renderCount(), renders);
        QVERIFY(before != after); // the outlines are drawn
        // The outline runs along the block's edge: the pixel on the block's
        // top-left corner is no longer the cell colour.
        const QRectF block = w.geometry().cellRect(4, 4);
        const QPoint corner = (block.topLeft() * after.devicePixelRatio()).toPoint();
        QVERIFY(before.pixel(corner) != after.pixel(corner));
    }

    void setOrderRerenders() {
        const int n = 12;
        HeatmapWidget w;
        w.resize(500, 440);
        w.setData(fixtures::heatmapData(fixtures::blockSimilarity(n, 3)));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const quint64 renders = w.renderCount();
        const QRectF firstCell = w.geometry().cellRect(0, 0);
        w.setOrder(reversed(n));
        QTRY_COMPARE(w.renderCount(), renders + 1);
        QCOMPARE(w.geometry().cellRect(n - 1, n - 1), firstCell);
        QVERIFY(w.geometry().cellRect(0, 0).top() > firstCell.top());
    }

    void emptyWidget() {
        HeatmapWidget w;
        w.resize(300, 200);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.unitCount(), 0);
        QVERIFY(w.toolTipAt(QPoint(150, 100)).isEmpty());
        QVERIFY(!w.grab().isNull());
    }
};

QTEST_MAIN(TestHeatmapWidget)
#include "tst_heatmapwidget.moc"
