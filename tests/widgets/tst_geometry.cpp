// Geometry, colour map and tick helpers, without a window.
#include "colormap.h"
#include "figures.h"
#include "geometry.h"

#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>
#include <numeric>
#include <set>

using namespace sharelens::widgets;

Q_DECLARE_METATYPE(std::vector<int>)

namespace {
std::vector<int> natural(int n) {
    std::vector<int> v(static_cast<size_t>(n));
    std::iota(v.begin(), v.end(), 0);
    return v;
}
std::vector<int> shuffled(int n, quint32 seed) {
    auto v = natural(n);
    QRandomGenerator rng(seed);
    for (int i = n - 1; i > 0; --i) std::swap(v[size_t(i)], v[size_t(rng.bounded(i + 1))]);
    return v;
}
std::vector<int> reversed(int n) {
    auto v = natural(n);
    std::reverse(v.begin(), v.end());
    return v;
}
} // namespace

class TestGeometry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void heatmapRoundTrip_data() {
        QTest::addColumn<QRectF>("rect");
        QTest::addColumn<int>("n");
        QTest::addColumn<std::vector<int>>("order");
        QTest::newRow("12 natural") << QRectF(10, 20, 240, 240) << 12 << std::vector<int>{};
        QTest::newRow("12 reversed") << QRectF(0, 0, 120, 120) << 12 << reversed(12);
        QTest::newRow("13 shuffled, fractional cells") << QRectF(3.5, 7.25, 100, 100) << 13 << shuffled(13, 5);
        QTest::newRow("1 unit") << QRectF(0, 0, 50, 50) << 1 << std::vector<int>{};
        QTest::newRow("200 shuffled") << QRectF(40, 30, 500, 500) << 200 << shuffled(200, 9);
        QTest::newRow("2000 natural, sub-pixel cells") << QRectF(0, 0, 600, 600) << 2000 << std::vector<int>{};
        QTest::newRow("non-square rect") << QRectF(0, 0, 300, 150) << 30 << shuffled(30, 1);
    }
    void heatmapRoundTrip() {
        QFETCH(QRectF, rect);
        QFETCH(int, n);
        QFETCH(std::vector<int>, order);
        const HeatmapGeometry g(rect, n, order);
        QCOMPARE(g.n, n);
        QCOMPARE(int(g.order.size()), n);
        for (int r = 0; r < n; r += std::max(1, n / 40)) {
            for (int c = 0; c < n; c += std::max(1, n / 37)) {
                const QRectF cell = g.cellRect(r, c);
                QVERIFY(rect.contains(cell.center()));
                int rr = -1, cc = -1;
                QVERIFY(g.unitsAt(cell.center(), &rr, &cc));
                QCOMPARE(rr, r);
                QCOMPARE(cc, c);
                // The cell's own top-left corner belongs to it (half-open cells).
                QVERIFY(g.unitsAt(cell.topLeft(), &rr, &cc));
                QCOMPARE(rr, r);
                QCOMPARE(cc, c);
            }
        }
        // Cells tile the matrix: the last display position ends at the edge.
        QCOMPARE(g.positionRect(n - 1, n - 1).bottomRight(), rect.bottomRight());
    }

    void heatmapEdges() {
        const HeatmapGeometry g(QRectF(10, 10, 100, 100), 10);
        int r = -1, c = -1;
        QVERIFY(g.unitsAt(QPointF(10, 10), &r, &c));
        QCOMPARE(r, 0);
        QCOMPARE(c, 0);
        QVERIFY(g.unitsAt(QPointF(109.999, 109.999), &r, &c));
        QCOMPARE(r, 9);
        QCOMPARE(c, 9);
        QVERIFY(!g.unitsAt(QPointF(110, 50), &r, &c)); // right edge is outside
        QVERIFY(!g.unitsAt(QPointF(50, 110), &r, &c));
        QVERIFY(!g.unitsAt(QPointF(9.99, 50), &r, &c));
        QVERIFY(!g.unitsAt(QPointF(50, -3), &r, &c));
        QCOMPARE(g.columnPositionAt(qQNaN()), -1);
        QVERIFY(g.cellRect(-1, 0).isNull());
        QVERIFY(g.cellRect(0, 10).isNull());
        QVERIFY(!HeatmapGeometry(QRectF(0, 0, 100, 100), 0).isValid());
    }

    void heatmapReordering() {
        // Reversed order: unit 0 is shown last (bottom-right), unit n-1 first.
        const int n = 8;
        const HeatmapGeometry g(QRectF(0, 0, 80, 80), n, reversed(n));
        QCOMPARE(g.cellRect(0, 0), QRectF(70, 70, 10, 10));
        QCOMPARE(g.cellRect(n - 1, n - 1), QRectF(0, 0, 10, 10));
        QCOMPARE(g.cellRect(0, n - 1), QRectF(0, 70, 10, 10)); // row unit 0, column unit 7
        for (int u = 0; u < n; ++u) QCOMPARE(g.order[size_t(g.position[size_t(u)])], u);
    }

    void heatmapInvalidOrderIsNatural_data() {
        QTest::addColumn<std::vector<int>>("order");
        QTest::newRow("empty") << std::vector<int>{};
        QTest::newRow("too short") << std::vector<int>{0, 1, 2};
        QTest::newRow("duplicate") << std::vector<int>{0, 1, 1, 3};
        QTest::newRow("out of range") << std::vector<int>{0, 1, 2, 4};
        QTest::newRow("negative") << std::vector<int>{0, -1, 2, 3};
    }
    void heatmapInvalidOrderIsNatural() {
        QFETCH(std::vector<int>, order);
        const HeatmapGeometry g(QRectF(0, 0, 40, 40), 4, order);
        QCOMPARE(g.order, natural(4));
        QCOMPARE(g.position, natural(4));
    }

    void fitSquare_data() {
        QTest::addColumn<QRectF>("area");
        QTest::addColumn<QRectF>("expected");
        QTest::newRow("wide") << QRectF(0, 0, 200, 100) << QRectF(50, 0, 100, 100);
        QTest::newRow("tall") << QRectF(10, 10, 100, 300) << QRectF(10, 110, 100, 100);
        QTest::newRow("square") << QRectF(5, 5, 60, 60) << QRectF(5, 5, 60, 60);
    }
    void fitSquare() {
        QFETCH(QRectF, area);
        QFETCH(QRectF, expected);
        QCOMPARE(HeatmapGeometry::fitSquare(area), expected);
    }

    void dendrogramHeightRoundTrip_data() {
        QTest::addColumn<double>("height");
        QTest::newRow("zero (bottom edge)") << 0.0;
        QTest::newRow("top edge") << 1.3;
        QTest::newRow("middle") << 0.65;
        QTest::newRow("small") << 1e-4;
        QTest::newRow("just below top") << 1.3 - 1e-9;
    }
    void dendrogramHeightRoundTrip() {
        QFETCH(double, height);
        const DendrogramGeometry g(QRectF(40, 20, 500, 300), 1.3, 12);
        const double y = g.yForHeight(height);
        QVERIFY(y >= g.plot.top() - 1e-9 && y <= g.plot.bottom() + 1e-9);
        QVERIFY(qAbs(g.heightForY(y) - height) < 1e-12);
    }

    void dendrogramClamps() {
        const DendrogramGeometry g(QRectF(40, 20, 500, 300), 1.3, 12);
        QCOMPARE(g.yForHeight(0), 320.0);
        QCOMPARE(g.yForHeight(1.3), 20.0);
        QCOMPARE(g.heightForY(-50), 1.3);  // above the plot
        QCOMPARE(g.heightForY(1000), 0.0); // below the plot
        QCOMPARE(g.heightForY(20), 1.3);
        QCOMPARE(g.heightForY(320), 0.0);
        // Higher on screen is a larger height.
        QVERIFY(g.heightForY(100) > g.heightForY(200));
    }

    void dendrogramSlots_data() {
        QTest::addColumn<int>("leaves");
        QTest::newRow("2") << 2;
        QTest::newRow("12") << 12;
        QTest::newRow("2000") << 2000;
    }
    void dendrogramSlots() {
        QFETCH(int, leaves);
        const DendrogramGeometry g(QRectF(30, 0, 700, 200), 1.0, leaves);
        for (int k = 0; k < leaves; k += std::max(1, leaves / 50)) {
            const double x = g.xForSlot(k + 0.5);
            QCOMPARE(g.leafAtX(x), k);
            QVERIFY(qAbs(g.slotForX(x) - (k + 0.5)) < 1e-9);
        }
        QCOMPARE(g.xForSlot(0), g.plot.left());
        QCOMPARE(g.xForSlot(leaves), g.plot.right());
        QCOMPARE(g.leafAtX(g.plot.left()), 0);
        QCOMPARE(g.leafAtX(g.plot.right()), -1);
        QCOMPARE(g.leafAtX(g.plot.left() - 1), -1);
    }

    void axisTop_data() {
        QTest::addColumn<double>("maxHeight");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<double>("expected");
        QTest::newRow("threshold inside") << 1.0 << 0.4 << 1.08;
        QTest::newRow("threshold at the axis top") << 1.0 << 1.08 << 1.08;
        QTest::newRow("threshold above") << 1.0 << 1.5 << 1.5 * 1.08;
        QTest::newRow("empty tree") << 0.0 << 0.0 << 1.0;
        QTest::newRow("NaN threshold") << 0.5 << qQNaN() << 0.54;
    }
    void axisTop() {
        QFETCH(double, maxHeight);
        QFETCH(double, threshold);
        QFETCH(double, expected);
        QVERIFY(qAbs(DendrogramGeometry::axisTop(maxHeight, threshold) - expected) < 1e-12);
    }

    void viridisMatchesReference_data() {
        // viridis(10) as published by the R package viridisLite (hex),
        // an independent sampling of the same map.
        QTest::addColumn<double>("t");
        QTest::addColumn<QString>("hex");
        const char* ref[] = {"#440154", "#482878", "#3E4A89", "#31688E", "#26828E",
                             "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C", "#FDE725"};
        for (int i = 0; i < 10; ++i) QTest::newRow(ref[i]) << i / 9.0 << QString::fromLatin1(ref[i]);
    }
    void viridisMatchesReference() {
        QFETCH(double, t);
        QFETCH(QString, hex);
        const QColor want(hex), got = QColor::fromRgb(viridis(t));
        // Linear interpolation between anchors 16 entries apart: within 3/255.
        QVERIFY2(qAbs(got.red() - want.red()) <= 3 && qAbs(got.green() - want.green()) <= 3 &&
                     qAbs(got.blue() - want.blue()) <= 3,
                 qPrintable(got.name() + QStringLiteral(" vs ") + hex));
    }

    void viridisIsMonotoneInLightness() {
        double last = -1;
        for (int i = 0; i < 256; ++i) {
            const QColor c = QColor::fromRgb(viridisTable()[size_t(i)]);
            const double luma = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF();
            QVERIFY2(luma >= last - 1e-3, qPrintable(QString::number(i)));
            last = luma;
        }
        QCOMPARE(viridis(-1), viridis(0));
        QCOMPARE(viridis(2), viridis(1));
        QCOMPARE(viridis(qQNaN()), viridis(0));
    }

    void groupColoursDiffer() {
        std::set<QRgb> seen;
        for (int g = 0; g < 10; ++g) seen.insert(groupColor(g).rgb());
        QCOMPARE(int(seen.size()), 10);
        QVERIFY(!seen.count(neutralGrey().rgb()));
        QCOMPARE(groupColor(10), groupColor(0));
    }

    // Every method of the same-budget comparison has a colour of its own (the
    // K of "drop-last-K" and the others does not matter); unknown names are grey.
    void methodColoursDiffer() {
        std::set<QRgb> seen;
        for (const char* m : {"baseline", "shared", "remove-shared-layers", "drop-last-3", "int8", "remove-bi-3",
                              "remove-angular-3", "linear-map-3"})
            seen.insert(methodColor(QString::fromLatin1(m)).rgb());
        QCOMPARE(int(seen.size()), 8);
        const QRgb grey = methodColor(QStringLiteral("something-else")).rgb();
        QVERIFY(!seen.count(grey));
        QCOMPARE(methodColor(QStringLiteral("linear-map-7")), methodColor(QStringLiteral("linear-map-3")));
    }

    void niceTicks_data() {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<int>("target");
        QTest::newRow("0..1") << 0.0 << 1.0 << 5;
        QTest::newRow("-1..1") << -1.0 << 1.0 << 5;
        QTest::newRow("0..1.08") << 0.0 << 1.08 << 5;
        QTest::newRow("0.37..0.41") << 0.37 << 0.41 << 4;
        QTest::newRow("0..250") << 0.0 << 250.0 << 6;
        QTest::newRow("reversed") << 1.0 << 0.0 << 5;
    }
    void niceTicks() {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(int, target);
        int decimals = -1;
        const auto ticks = sharelens::widgets::niceTicks(lo, hi, target, &decimals);
        QVERIFY(ticks.size() >= 2);
        QVERIFY(int(ticks.size()) <= 2 * target + 1);
        QVERIFY(decimals >= 0);
        const double a = std::min(lo, hi), b = std::max(lo, hi);
        const double step = ticks[1] - ticks[0];
        const double mant = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        QVERIFY2(qAbs(mant - 1) < 1e-6 || qAbs(mant - 2) < 1e-6 || qAbs(mant - 2.5) < 1e-6 || qAbs(mant - 5) < 1e-6,
                 qPrintable(QString::number(mant)));
        for (size_t i = 0; i < ticks.size(); ++i) {
            QVERIFY(ticks[i] >= a - 1e-9 && ticks[i] <= b + 1e-9);
            if (i) QVERIFY(qAbs(ticks[i] - ticks[i - 1] - step) < step * 1e-6);
            // The printed label is the value.
            QVERIFY(qAbs(QString::number(ticks[i], 'f', decimals).toDouble() - ticks[i]) < step * 1e-6);
        }
    }

    void groupBlocksCoverExactlyTheGroup_data() {
        QTest::addColumn<std::vector<int>>("order");
        QTest::addColumn<int>("expectedBlocks");
        // groups {1,2,3}, {5,7}, {0} (singleton, no outline), {4,6}
        QTest::newRow("natural") << std::vector<int>{} << 1 + 4 + 4;
        QTest::newRow("contiguous order") << std::vector<int>{0, 1, 2, 3, 5, 7, 4, 6} << 1 + 1 + 1;
        QTest::newRow("reversed") << reversed(8) << 1 + 4 + 4;
    }
    void groupBlocksCoverExactlyTheGroup() {
        QFETCH(std::vector<int>, order);
        QFETCH(int, expectedBlocks);
        const std::vector<std::vector<int>> groups = {{1, 2, 3}, {5, 7}, {0}, {4, 6}};
        const HeatmapGeometry g(QRectF(0, 0, 80, 80), 8, order);
        const auto blocks = groupBlocks(groups, g);
        QCOMPARE(int(blocks.size()), expectedBlocks);
        // Every cell covered by a block of group k compares two members of k,
        // and every such pair is covered exactly once.
        std::map<std::pair<int, int>, int> covered;
        for (const GroupBlock& b : blocks)
            for (int r = b.rowPos; r < b.rowPos + b.rows; ++r)
                for (int c = b.colPos; c < b.colPos + b.cols; ++c) {
                    const auto& grp = groups[size_t(b.group)];
                    QVERIFY(std::count(grp.begin(), grp.end(), g.order[size_t(r)]));
                    QVERIFY(std::count(grp.begin(), grp.end(), g.order[size_t(c)]));
                    ++covered[{r, c}];
                }
        int pairs = 0;
        for (const auto& grp : groups)
            if (grp.size() >= 2) pairs += int(grp.size() * grp.size());
        QCOMPARE(int(covered.size()), pairs);
        for (const auto& [cell, count] : covered) QCOMPARE(count, 1);
    }
};

QTEST_APPLESS_MAIN(TestGeometry)
#include "tst_geometry.moc"
