// linkageByKind: units of different kinds (attention and MLP sub-layers)
// never share a group at any threshold, each kind's tree is the kind's own
// clustering, and one kind is plain linkage(). Seeded random matrices.
#include <QtTest>

#include <map>
#include <random>

#include "sharelens/cluster.h"

using namespace sharelens;
using Eigen::MatrixXd;

Q_DECLARE_METATYPE(sharelens::LinkageMethod)

namespace {

// Sub-layer units as an analysis names them: attn 0, mlp 0, attn 1, ...
std::vector<std::string> sublayerNames(int layers) {
    std::vector<std::string> names;
    for (int l = 0; l < layers; ++l) {
        names.push_back("attn " + std::to_string(l));
        names.push_back("mlp " + std::to_string(l));
    }
    return names;
}

// Distances in [0, 1.2] with cross-kind pairs the closest of all, so a
// clustering of the whole matrix would join attention with MLP first.
MatrixXd crossKindClose(int n, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> same(0.3, 1.2), cross(0.0, 0.2);
    MatrixXd d = MatrixXd::Zero(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) d(i, j) = d(j, i) = (i % 2 == j % 2) ? same(rng) : cross(rng);
    return d;
}

// The groups of one kind's own clustering, in whole-matrix unit numbers.
std::vector<std::vector<int>> kindGroups(const MatrixXd& d, const std::vector<int>& units, LinkageMethod m,
                                         bool contiguous, double t) {
    const int k = int(units.size());
    MatrixXd sub(k, k);
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) sub(i, j) = d(units[size_t(i)], units[size_t(j)]);
    const LinkageMatrix z = contiguous ? contiguousLinkage(sub, m) : linkage(sub, m);
    std::vector<std::vector<int>> out;
    for (const auto& g : cutGroups(z, t)) {
        std::vector<int> mapped;
        for (int u : g) mapped.push_back(units[size_t(u)]);
        out.push_back(mapped);
    }
    return out;
}

} // namespace

class TestClusterKinds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void kindsFromNames() {
        QCOMPARE(unitKinds(sublayerNames(2)), (std::vector<int>{0, 1, 0, 1}));
        QCOMPARE(unitKinds({"block 0", "block 1", "block 2"}), (std::vector<int>{0, 0, 0}));
        QCOMPARE(unitKinds({"mlp 0", "attn 0"}), (std::vector<int>{0, 1}));
    }

    void noCrossKindGroup_data() {
        QTest::addColumn<LinkageMethod>("method");
        QTest::addColumn<bool>("contiguous");
        for (LinkageMethod m : {LinkageMethod::Single, LinkageMethod::Complete, LinkageMethod::Average,
                                LinkageMethod::Weighted, LinkageMethod::Ward})
            for (bool c : {false, true})
                QTest::newRow(qPrintable(QString("%1%2").arg(linkageName(m), c ? "-contiguous" : ""))) << m << c;
    }
    // At every threshold the cut's groups are one kind each and are exactly
    // the groups of clustering that kind alone.
    void noCrossKindGroup() {
        QFETCH(LinkageMethod, method);
        QFETCH(bool, contiguous);
        std::mt19937_64 rng(20240518);
        for (int layers : {2, 5, 12}) {
            const int n = 2 * layers;
            const MatrixXd d = crossKindClose(n, rng);
            const std::vector<int> kinds = unitKinds(sublayerNames(layers));
            const LinkageMatrix z = linkageByKind(d, method, contiguous, kinds);
            QCOMPARE(int(z.size()), n - 1);
            QVERIFY(z.back()[2] > 2.0); // the kinds join above any threshold
            std::vector<int> attn, mlp;
            for (int u = 0; u < n; ++u) (u % 2 ? mlp : attn).push_back(u);
            for (double t : {0.0, 0.25, 0.5, 0.9, 1.2, 1.5, 2.0}) {
                const auto groups = cutGroups(z, t);
                for (const auto& g : groups)
                    for (int u : g) QCOMPARE(kinds[size_t(u)], kinds[size_t(g.front())]);
                auto expected = kindGroups(d, attn, method, contiguous, t);
                for (auto& g : kindGroups(d, mlp, method, contiguous, t)) expected.push_back(g);
                std::sort(expected.begin(), expected.end());
                QCOMPARE(groups, expected);
                const auto labels = cutTree(z, t);
                QCOMPARE(groupsFromLabels(labels), expected);
            }
            // The dendrogram's layout holds every unit once.
            const DendrogramLayout layout = dendrogramLayout(z, 2.0);
            QCOMPARE(int(layout.leafOrder.size()), n);
        }
    }

    // Without the kinds, the same matrix groups attention with MLP (the
    // failure this guards against).
    void wholeMatrixWouldMixKinds() {
        std::mt19937_64 rng(7);
        const MatrixXd d = crossKindClose(8, rng);
        bool mixed = false;
        for (const auto& g : cutGroups(linkage(d, LinkageMethod::Average), 0.25))
            for (int u : g) mixed = mixed || (u % 2 != g.front() % 2);
        QVERIFY(mixed);
    }

    void oneKindIsPlainLinkage() {
        std::mt19937_64 rng(3);
        const MatrixXd d = crossKindClose(9, rng);
        for (bool contiguous : {false, true}) {
            const LinkageMatrix plain =
                contiguous ? contiguousLinkage(d, LinkageMethod::Average) : linkage(d, LinkageMethod::Average);
            QCOMPARE(linkageByKind(d, LinkageMethod::Average, contiguous, std::vector<int>(9, 0)), plain);
            QCOMPARE(linkageByKind(d, LinkageMethod::Average, contiguous, {}), plain);
        }
    }

    // A kind with a single unit joins the others at the top.
    void singleUnitKind() {
        std::mt19937_64 rng(5);
        const MatrixXd d = crossKindClose(5, rng);
        const LinkageMatrix z = linkageByKind(d, LinkageMethod::Complete, false, {0, 0, 1, 0, 0});
        QCOMPARE(int(z.size()), 4);
        for (const auto& g : cutGroups(z, 2.0))
            if (std::find(g.begin(), g.end(), 2) != g.end()) QCOMPARE(g, std::vector<int>{2});
    }
};

QTEST_GUILESS_MAIN(TestClusterKinds)
#include "tst_cluster_kinds.moc"
