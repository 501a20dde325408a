// The grouping controls shared by the analysis and agents views, and the
// group table and strip: the threshold range follows the tree, a threshold
// shown by the view emits nothing while the user's edits do, and the table
// model passes QAbstractItemModelTester in both of its styles.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QToolTip>
#include <QtTest>

#include "clusteringpanel.h"
#include "colormap.h"
#include "figures.h"
#include "grouptable.h"
#include "importancestrip.h"

using sharelens::widgets::ClusteringPanel;
using sharelens::widgets::GroupStrip;
using sharelens::widgets::GroupTableModel;

namespace {

// Distances of four units: two tight pairs far apart.
Eigen::MatrixXd pairs() {
    Eigen::MatrixXd d(4, 4);
    d << 0, 0.1, 0.8, 0.9, //
        0.1, 0, 0.85, 0.8, //
        0.8, 0.85, 0, 0.2, //
        0.9, 0.8, 0.2, 0;
    return d;
}

sharelens::SharingPlan planOf(const std::vector<std::vector<int>>& groups) {
    sharelens::SharingPlan p;
    for (int u = 0; u < 4; ++u) {
        sharelens::PlanUnit unit;
        unit.name = "block " + std::to_string(u);
        p.units.push_back(unit);
    }
    for (const auto& g : groups) {
        sharelens::PlanGroup pg;
        pg.members = g;
        pg.sharedParameters = 100;
        pg.savedParameters = 100 * (int64_t(g.size()) - 1);
        pg.savedBytes = 400 * (uint64_t(g.size()) - 1);
        p.groups.push_back(pg);
    }
    return p;
}

} // namespace

class TestClusteringPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void rangeFollowsTheTree();
    void shownThresholdEmitsNothing();
    void constraintsAndLinkage();
    void tableModelStyles();
    void stripColoursGroups();
    void coloursStayWhenTheThresholdMoves_data();
    void coloursStayWhenTheThresholdMoves();
    void stripToolTips_data();
    void stripToolTips();
};

void TestClusteringPanel::rangeFollowsTheTree() {
    ClusteringPanel panel(QStringLiteral("Grouping"), ClusteringPanel::Constraints | ClusteringPanel::ThresholdRow);
    double t = -1.0; // not chosen yet: the median merge height
    const auto z = panel.cluster(pairs(), &t);
    QCOMPARE(z.size(), size_t(3));
    QCOMPARE(t, z[1][2]);
    QVERIFY(panel.thresholdTop() >= z.back()[2]);
    QVERIFY(panel.thresholdTop() <= 2.0);
    QVERIFY(panel.thresholdRow()); // placed by the view, under its figures
    auto* spin = panel.thresholdRow()->findChild<QDoubleSpinBox*>(QStringLiteral("thresholdSpin"));
    QVERIFY(spin);
    QCOMPARE(spin->maximum(), panel.thresholdTop());
    double kept = 0.15; // a chosen threshold within range stays
    panel.cluster(pairs(), &kept);
    QCOMPARE(kept, 0.15);
}

void TestClusteringPanel::shownThresholdEmitsNothing() {
    ClusteringPanel panel(QStringLiteral("Grouping"), ClusteringPanel::ThresholdRow);
    double t = -1.0;
    panel.cluster(pairs(), &t);
    QSignalSpy edited(&panel, &ClusteringPanel::thresholdEdited);
    QCOMPARE(panel.showThreshold(0.3), 0.3);
    QCOMPARE(panel.showThreshold(99.0), panel.thresholdTop()); // clamped
    QVERIFY(edited.isEmpty());
    auto* slider = panel.thresholdRow()->findChild<QSlider*>(QStringLiteral("thresholdSlider"));
    QVERIFY(slider);
    QCOMPARE(slider->value(), ClusteringPanel::kSliderSteps);
    slider->setValue(ClusteringPanel::kSliderSteps / 2);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(0).toDouble(), panel.thresholdTop() / 2);
    // Without a threshold row the spin box sits in the form.
    ClusteringPanel agents(QStringLiteral("Clustering"), ClusteringPanel::NoOptions);
    QVERIFY(!agents.thresholdRow());
    QVERIFY(agents.findChild<QDoubleSpinBox*>(QStringLiteral("thresholdSpin")));
    QVERIFY(!agents.findChild<QSlider*>());
    QVERIFY(!agents.findChild<QCheckBox*>());
}

void TestClusteringPanel::constraintsAndLinkage() {
    ClusteringPanel panel(QStringLiteral("Grouping"), ClusteringPanel::Constraints);
    QSignalSpy tree(&panel, &ClusteringPanel::treeChanged), cut(&panel, &ClusteringPanel::cutChanged);
    panel.setLinkage(sharelens::LinkageMethod::Ward);
    panel.setConstraints({true, 3});
    panel.setContiguous(true);
    QVERIFY(tree.isEmpty() && cut.isEmpty()); // set by the view: no signal
    QVERIFY(panel.linkage() == sharelens::LinkageMethod::Ward);
    QVERIFY(panel.contiguous());
    QVERIFY(panel.constraints().keepFirstLast);
    QCOMPARE(panel.constraints().maxGroupSize, 3);
    auto* box = panel.findChild<QComboBox*>(QStringLiteral("linkageBox"));
    QCOMPARE(box->currentText(), QStringLiteral("Ward")); // the translated name, not "ward"
    box->setCurrentIndex(0);
    QCOMPARE(tree.count(), 1);
    panel.findChild<QSpinBox*>(QStringLiteral("maxGroupSize"))->setValue(0);
    QCOMPARE(cut.count(), 1);
}

void TestClusteringPanel::tableModelStyles() {
    const auto plan = planOf({{0, 1}, {2}, {3}});
    for (auto style : {GroupTableModel::Style::Swatch, GroupTableModel::Style::Tint}) {
        GroupTableModel model(nullptr, style);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(plan);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(0, GroupTableModel::MembersColumn)).toString(),
                 QStringLiteral("block 0, block 1"));
        QCOMPARE(model.data(model.index(0, GroupTableModel::SavedColumn), Qt::UserRole).toLongLong(), 100);
        const bool tint = style == GroupTableModel::Style::Tint;
        QCOMPARE(model.data(model.index(0, 0), Qt::BackgroundRole).isValid(), tint);
        QVERIFY(!model.data(model.index(1, 0), Qt::BackgroundRole).isValid()); // a singleton: no tint
        QCOMPARE(model.data(model.index(0, 0), Qt::DecorationRole).isValid(), !tint);
        QCOMPARE(model.headerData(GroupTableModel::SavedBytesColumn, Qt::Horizontal).toString(),
                 tint ? QStringLiteral("Saved") : QStringLiteral("Saved bytes"));
        model.setPlan(sharelens::SharingPlan{});
        QCOMPARE(model.rowCount(), 0);
    }
}

void TestClusteringPanel::stripColoursGroups() {
    GroupStrip strip;
    strip.resize(400, 40);
    strip.setUnits({"block 0", "block 1", "block 2", "block 3"}, {{0, 1}, {2}, {3}});
    QCOMPARE(strip.groupOfUnit(), (std::vector<int>{0, 0, 1, 2}));
    QCOMPARE(strip.unitColor(0), sharelens::widgets::groupColor(0));
    QCOMPARE(strip.unitColor(2), sharelens::widgets::singletonGrey()); // unshared: grey
    QVERIFY(strip.cellRect(1).left() > strip.cellRect(0).left());
}

void TestClusteringPanel::coloursStayWhenTheThresholdMoves_data() {
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    // Units 2 and 3 merge first (0.1), units 0 and 1 later (0.3): below 0.3
    // the pair {2, 3} is the third group, above it the second.
    QTest::newRow("0.2 -> 0.4") << 0.2 << 0.4;
    QTest::newRow("0.15 -> 0.6") << 0.15 << 0.6;
}

// A group's colour is its smallest member's, in the strip, the table, the
// heatmap outlines and the dendrogram alike, so it stays put when another
// group forms at a higher threshold; a unit that shares with none is grey.
void TestClusteringPanel::coloursStayWhenTheThresholdMoves() {
    QFETCH(double, low);
    QFETCH(double, high);
    using namespace sharelens::widgets;
    Eigen::MatrixXd d(4, 4);
    d << 0, 0.3, 0.9, 0.9, //
        0.3, 0, 0.9, 0.9,  //
        0.9, 0.9, 0, 0.1,  //
        0.9, 0.9, 0.1, 0;
    const auto z = sharelens::linkage(d, sharelens::LinkageMethod::Average);
    const QStringList names{"block 0", "block 1", "block 2", "block 3"};
    const QColor pair = groupColorOfFirst(2);
    QVERIFY(pair != singletonGrey());
    for (double t : {low, high}) {
        const auto groups = sharelens::cutGroups(z, t);
        GroupStrip strip;
        strip.setUnits(names, groups);
        QCOMPARE(strip.unitColor(2), pair);
        QCOMPARE(strip.unitColor(3), pair);
        QCOMPARE(strip.unitColor(0), t < 0.3 ? singletonGrey() : groupColorOfFirst(0));
        GroupTableModel model(nullptr, GroupTableModel::Style::Swatch);
        model.setPlan(planOf(groups));
        int row = -1;
        for (int r = 0; r < model.rowCount(); ++r)
            if (groups[size_t(r)] == std::vector<int>{2, 3}) row = r;
        QVERIFY(row >= 0);
        QCOMPARE(model.data(model.index(row, 0), Qt::DecorationRole).value<QColor>(), pair);
        QCOMPARE(model.data(model.index(0, 0), Qt::DecorationRole).value<QColor>(),
                 t < 0.3 ? singletonGrey() : groupColorOfFirst(0));
        // Heatmap outlines and dendrogram links carry the same key.
        const HeatmapGeometry g(QRectF(0, 0, 100, 100), 4);
        for (const GroupBlock& b : groupBlocks(groups, g)) QCOMPARE(b.firstUnit, groups[size_t(b.group)].front());
        const auto layout = sharelens::dendrogramLayout(z, t);
        const auto first = dendrogramGroupFirstUnits(layout);
        for (const auto& link : layout.links) {
            if (link.group < 0) continue;
            const bool pairLink = (link.left == 2 && link.right == 3) || (link.left == 3 && link.right == 2);
            if (pairLink) QCOMPARE(first[size_t(link.group)], 2);
        }
    }
}

void TestClusteringPanel::stripToolTips_data() {
    QTest::addColumn<QString>("strip"); // "group" or "importance"
    QTest::addColumn<int>("index");     // the cell or bar pointed at, -1 for none
    QTest::addColumn<QString>("tip");   // the tooltip shown, empty for none
    QTest::newRow("group: shared unit") << "group" << 1 << "block 1: group 1";
    QTest::newRow("group: unshared unit") << "group" << 2 << "block 2: not shared";
    QTest::newRow("group: beside the cells") << "group" << -1 << "";
    QTest::newRow("importance: bar") << "importance" << 2 << "block 2: block influence 0.25";
    QTest::newRow("importance: beside the bars") << "importance" << -1 << "";
}

// The strips' tooltips through a real QEvent::ToolTip: the cell's or bar's
// text where the pointer is, none (the event ignored) beside them.
void TestClusteringPanel::stripToolTips() {
    QFETCH(QString, strip);
    QFETCH(int, index);
    QFETCH(QString, tip);
    GroupStrip groups;
    groups.setUnits({"block 0", "block 1", "block 2", "block 3"}, {{0, 1}, {2}, {3}});
    sharelens::widgets::ImportanceStrip bars;
    sharelens::widgets::ImportanceStripData data;
    data.valueLabel = "block influence";
    data.labels = QStringList{"block 0", "block 1", "block 2", "block 3"};
    data.values = {0.5, 0.125, 0.25, 1.0};
    bars.setData(data);
    QWidget* w = strip == "group" ? static_cast<QWidget*>(&groups) : &bars;
    w->resize(400, 40);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    QPoint at(-1, -1);
    if (index >= 0)
        at = (strip == "group" ? groups.cellRect(index) : bars.geometry().bar(index, data.values[size_t(index)]))
                 .center()
                 .toPoint();
    QHelpEvent help(QEvent::ToolTip, at, w->mapToGlobal(at));
    QVERIFY(QApplication::sendEvent(w, &help));
    QCOMPARE(help.isAccepted(), !tip.isEmpty());
    if (tip.isEmpty()) {
        QTRY_VERIFY(!QToolTip::isVisible());
        return;
    }
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), tip);
    QToolTip::hideText();
    QTRY_VERIFY(!QToolTip::isVisible());
}

QTEST_MAIN(TestClusteringPanel)
#include "tst_clusteringpanel.moc"
