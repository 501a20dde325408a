// Hierarchical clustering against SciPy (Debian's python3-scipy run by
// tests/reference/scipy_cluster.py on matrices generated here with seeded
// randomness), contiguous clustering against a brute-force O(n^3) version
// written from the methods' definitions, cuts with constraints, and every
// bad input with its message.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

#include "sharelens/cluster.h"
#include "sharelens/error.h"
#include "testutil.h"

using namespace sharelens;
using Eigen::MatrixXd;

namespace {

const LinkageMethod kMethods[] = {LinkageMethod::Single, LinkageMethod::Complete, LinkageMethod::Average,
                                  LinkageMethod::Weighted, LinkageMethod::Ward};

struct Case {
    QString name;
    MatrixXd d;
};

// ---- generators (all seeded) ----------------------------------------------

MatrixXd symmetricFrom(int n, const std::function<double(int, int)>& f) {
    MatrixXd d = MatrixXd::Zero(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) d(i, j) = d(j, i) = f(i, j);
    return d;
}

MatrixXd uniformDistances(int n, std::mt19937_64& rng, double lo = 0.0, double hi = 2.0) {
    std::uniform_real_distribution<double> u(lo, hi);
    return symmetricFrom(n, [&](int, int) { return u(rng); });
}

// k blocks of near-identical units: tiny distances inside a block, large ones between.
MatrixXd blockDistances(int n, int k, std::mt19937_64& rng) {
    std::vector<int> block(static_cast<size_t>(n));
    for (auto& b : block) b = int(rng() % unsigned(k));
    std::uniform_real_distribution<double> inside(0.0, 0.02), between(0.6, 1.4);
    return symmetricFrom(
        n, [&](int i, int j) { return block[size_t(i)] == block[size_t(j)] ? inside(rng) : between(rng); });
}

// Units drawn (with repetition) from a few points in R^4: duplicated units have
// distance 0 to each other and bit-identical distances to every other unit.
MatrixXd duplicatedDistances(int n, int distinct, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<Eigen::Vector4d> pts(static_cast<size_t>(distinct));
    for (auto& p : pts) p = Eigen::Vector4d(u(rng), u(rng), u(rng), u(rng));
    std::vector<int> pick(static_cast<size_t>(n));
    for (auto& p : pick) p = int(rng() % unsigned(distinct));
    return symmetricFrom(
        n, [&](int i, int j) { return (pts[size_t(pick[size_t(i)])] - pts[size_t(pick[size_t(j)])]).norm(); });
}

// Distances from a few values that are exact in binary: many exact ties.
MatrixXd integerDistances(int n, int levels, std::mt19937_64& rng) {
    return symmetricFrom(n, [&](int, int) { return 0.25 * double(1 + rng() % unsigned(levels)); });
}

MatrixXd latticeDistances(int n) {
    return symmetricFrom(n, [&](int i, int j) { return double(j - i) / double(n); });
}

MatrixXd euclideanDistances(int n, int dim, std::mt19937_64& rng) {
    std::normal_distribution<double> g(0.0, 1.0);
    MatrixXd x(n, dim);
    for (int i = 0; i < n; ++i)
        for (int k = 0; k < dim; ++k) x(i, k) = g(rng);
    MatrixXd d = symmetricFrom(n, [&](int i, int j) { return (x.row(i) - x.row(j)).norm(); });
    return d / (d.maxCoeff() > 0 ? d.maxCoeff() : 1.0);
}

// The real use: 1 - Pearson correlation of activations of layers that drift
// slowly through depth.
MatrixXd pearsonDistances(int n, int width, std::mt19937_64& rng) {
    std::normal_distribution<double> g(0.0, 1.0);
    MatrixXd a(n, width);
    for (int k = 0; k < width; ++k) a(0, k) = g(rng);
    for (int i = 1; i < n; ++i)
        for (int k = 0; k < width; ++k) a(i, k) = a(i - 1, k) + 0.3 * g(rng);
    MatrixXd c = a.colwise() - a.rowwise().mean();
    for (int i = 0; i < n; ++i) c.row(i) /= c.row(i).norm();
    const MatrixXd s = c * c.transpose();
    return similarityToDistance(s);
}

std::vector<Case> makeCases() {
    std::mt19937_64 rng(20240611);
    std::vector<Case> cs;
    auto add = [&](const char* kind, const MatrixXd& d) {
        cs.push_back({QStringLiteral("%1-%2").arg(QString::fromLatin1(kind)).arg(d.rows()), d});
    };
    for (int n : {2, 3, 5, 10, 33, 80, 200, 500}) add("uniform", uniformDistances(n, rng));
    add("blocks", blockDistances(40, 4, rng));
    add("blocks", blockDistances(120, 7, rng));
    add("blocks", blockDistances(300, 12, rng));
    add("allequal", MatrixXd::Ones(2, 2) - MatrixXd::Identity(2, 2));
    add("allequal", MatrixXd::Ones(7, 7) - MatrixXd::Identity(7, 7));
    add("allequal", (MatrixXd::Ones(40, 40) - MatrixXd::Identity(40, 40)) * 0.5);
    add("allzero", MatrixXd::Zero(10, 10));
    add("duplicated", duplicatedDistances(30, 8, rng));
    add("duplicated", duplicatedDistances(90, 20, rng));
    add("integer", integerDistances(20, 3, rng));
    add("integer", integerDistances(64, 2, rng));
    add("integer", integerDistances(150, 5, rng));
    add("lattice", latticeDistances(16));
    add("lattice", latticeDistances(50));
    add("euclid", euclideanDistances(60, 3, rng));
    add("euclid", euclideanDistances(250, 8, rng));
    add("pearson", pearsonDistances(24, 256, rng));
    add("pearson", pearsonDistances(96, 128, rng));
    return cs;
}

QByteArray casesJson(const std::vector<Case>& cs) {
    std::ostringstream os;
    os.precision(17);
    os << "{\"cases\": [";
    for (size_t c = 0; c < cs.size(); ++c) {
        const MatrixXd& d = cs[c].d;
        os << (c ? "," : "") << "{\"name\": \"" << cs[c].name.toStdString() << "\", \"thresholds\": "
           << "[0, 0.1, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0], \"distance\": [";
        for (Eigen::Index i = 0; i < d.rows(); ++i) {
            os << (i ? ",[" : "[");
            for (Eigen::Index j = 0; j < d.cols(); ++j) os << (j ? "," : "") << d(i, j);
            os << "]";
        }
        os << "]}";
    }
    os << "]}";
    return QByteArray::fromStdString(os.str());
}

LinkageMatrix toLinkage(const QJsonArray& a) {
    LinkageMatrix z;
    for (const auto& row : a) {
        const QJsonArray r = row.toArray();
        z.push_back({r[0].toDouble(), r[1].toDouble(), r[2].toDouble(), r[3].toDouble()});
    }
    return z;
}

std::vector<int> toInts(const QJsonArray& a) {
    std::vector<int> v;
    for (const auto& x : a) v.push_back(x.toInt());
    return v;
}

QString rowText(const LinkageRow& r) {
    return QStringLiteral("[%1, %2, %3, %4]").arg(r[0]).arg(r[1]).arg(r[2], 0, 'g', 17).arg(r[3]);
}

// Units under cluster id (any order).
std::vector<int> leavesOf(const LinkageMatrix& z, int id) {
    const int n = int(z.size()) + 1;
    std::vector<int> out, stack{id};
    while (!stack.empty()) {
        const int c = stack.back();
        stack.pop_back();
        if (c < n)
            out.push_back(c);
        else {
            stack.push_back(int(z[size_t(c - n)][0]));
            stack.push_back(int(z[size_t(c - n)][1]));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// ---- brute-force contiguous clustering from the definitions -----------------

struct BruteCluster {
    int id;
    std::vector<int> members;   // consecutive units
    std::vector<double> weight; // WPGMA weight of each member: 2^-(depth in this cluster)
};

double bruteDistance(LinkageMethod m, const BruteCluster& a, const BruteCluster& b, const MatrixXd& d) {
    double mn = INFINITY, mx = -INFINITY, sum = 0, wsum = 0, sq = 0;
    for (size_t i = 0; i < a.members.size(); ++i)
        for (size_t j = 0; j < b.members.size(); ++j) {
            const double v = d(a.members[i], b.members[j]);
            mn = std::min(mn, v);
            mx = std::max(mx, v);
            sum += v;
            wsum += a.weight[i] * b.weight[j] * v;
            sq += v * v;
        }
    const double na = double(a.members.size()), nb = double(b.members.size());
    switch (m) {
    case LinkageMethod::Single: return mn;
    case LinkageMethod::Complete: return mx;
    case LinkageMethod::Average: return sum / (na * nb);
    case LinkageMethod::Weighted: return wsum;
    case LinkageMethod::Ward: {
        // Ward's distance sqrt(2 |A||B| / (|A|+|B|)) * |c_A - c_B| written with
        // pairwise squared distances only (ordered pairs inside A and B).
        auto inner = [&](const BruteCluster& c) {
            double s = 0;
            for (int p : c.members)
                for (int q : c.members) s += d(p, q) * d(p, q);
            return s;
        };
        // Squared, and signed: on a matrix that is not Euclidean it can be
        // negative; the caller reports sqrt(max(0, .)).
        const double centroid2 = sq / (na * nb) - inner(a) / (2 * na * na) - inner(b) / (2 * nb * nb);
        return 2 * na * nb / (na + nb) * centroid2;
    }
    }
    return 0;
}

LinkageMatrix bruteContiguous(const MatrixXd& d, LinkageMethod m) {
    const int n = int(d.rows());
    std::vector<BruteCluster> cl;
    for (int i = 0; i < n; ++i) cl.push_back({i, {i}, {1.0}});
    LinkageMatrix z;
    while (cl.size() > 1) {
        size_t best = 0;
        double bestD = INFINITY;
        for (size_t k = 0; k + 1 < cl.size(); ++k) {
            const double v = bruteDistance(m, cl[k], cl[k + 1], d);
            if (v < bestD) { // strict: the leftmost pair wins a tie
                bestD = v;
                best = k;
            }
        }
        BruteCluster merged{n + int(z.size()), {}, {}};
        for (size_t k : {best, best + 1})
            for (size_t i = 0; i < cl[k].members.size(); ++i) {
                merged.members.push_back(cl[k].members[i]);
                merged.weight.push_back(cl[k].weight[i] / 2);
            }
        if (m == LinkageMethod::Ward) bestD = std::sqrt(std::max(bestD, 0.0));
        z.push_back({double(std::min(cl[best].id, cl[best + 1].id)), double(std::max(cl[best].id, cl[best + 1].id)),
                     bestD, double(merged.members.size())});
        cl[best] = std::move(merged);
        cl.erase(cl.begin() + std::ptrdiff_t(best) + 1);
    }
    return z;
}

template <typename F>
QString errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("<no error>");
}

} // namespace

Q_DECLARE_METATYPE(MatrixXd)
Q_DECLARE_METATYPE(LinkageMatrix)
Q_DECLARE_METATYPE(std::vector<std::vector<int>>)

class TestCluster : public QObject {
    Q_OBJECT

    std::vector<Case> m_cases;
    QJsonArray m_scipy; // one entry per case

    void scipyRows() {
        QTest::addColumn<int>("caseIndex");
        QTest::addColumn<int>("methodIndex");
        for (size_t c = 0; c < m_cases.size(); ++c)
            for (int k = 0; k < 5; ++k)
                QTest::newRow(qPrintable(m_cases[c].name + QLatin1Char('/') + QLatin1String(linkageName(kMethods[k]))))
                    << int(c) << k;
    }
    QJsonObject scipyResult(int c, int k) const {
        return m_scipy[c]
            .toObject()[QStringLiteral("methods")]
            .toObject()[QLatin1String(linkageName(kMethods[k]))]
            .toObject();
    }

private Q_SLOTS:
    void initTestCase() {
        m_cases = makeCases();
        QVERIFY(m_cases.size() >= 20);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString in = dir.filePath(QStringLiteral("cases.json")), out = dir.filePath(QStringLiteral("scipy.json"));
        QVERIFY(testutil::writeFile(in, casesJson(m_cases)));
        QString err;
        QVERIFY2(testutil::runPython(QStringLiteral("scipy_cluster.py"), {in, out}, &err), qPrintable(err));
        m_scipy = testutil::readJson(out)[QStringLiteral("cases")].toArray();
        QCOMPARE(m_scipy.size(), qsizetype(m_cases.size()));
        for (size_t c = 0; c < m_cases.size(); ++c)
            QCOMPARE(m_scipy[qsizetype(c)].toObject()[QStringLiteral("name")].toString(), m_cases[c].name);
    }

    // Same merges in the same order, same cluster ids and sizes; distances to 1e-9.
    void linkageMatchesScipy_data() { scipyRows(); }
    void linkageMatchesScipy() {
        QFETCH(int, caseIndex);
        QFETCH(int, methodIndex);
        const LinkageMatrix ref = toLinkage(scipyResult(caseIndex, methodIndex)[QStringLiteral("linkage")].toArray());
        const LinkageMatrix z = linkage(m_cases[size_t(caseIndex)].d, kMethods[methodIndex]);
        QCOMPARE(z.size(), ref.size());
        for (size_t i = 0; i < z.size(); ++i) {
            const bool same = z[i][0] == ref[i][0] && z[i][1] == ref[i][1] && z[i][3] == ref[i][3] &&
                              std::abs(z[i][2] - ref[i][2]) <= 1e-9;
            QVERIFY2(same,
                     qPrintable(
                         QStringLiteral("row %1: ShareLens %2, SciPy %3").arg(i).arg(rowText(z[i]), rowText(ref[i]))));
        }
    }

    // fcluster labels on SciPy's own Z at every threshold (including Z's own
    // merge distances), and on ours at the thresholds that are not merge distances.
    void cutTreeMatchesFcluster_data() { scipyRows(); }
    void cutTreeMatchesFcluster() {
        QFETCH(int, caseIndex);
        QFETCH(int, methodIndex);
        const QJsonObject ref = scipyResult(caseIndex, methodIndex);
        const LinkageMatrix refZ = toLinkage(ref[QStringLiteral("linkage")].toArray());
        const LinkageMatrix z = linkage(m_cases[size_t(caseIndex)].d, kMethods[methodIndex]);
        const QJsonArray cuts = ref[QStringLiteral("cuts")].toArray();
        QVERIFY(cuts.size() >= 8);
        for (const auto& cutValue : cuts) {
            const QJsonObject cut = cutValue.toObject();
            const double t = cut[QStringLiteral("t")].toDouble();
            const std::vector<int> expected = toInts(cut[QStringLiteral("labels")].toArray());
            QVERIFY2(cutTree(refZ, t) == expected,
                     qPrintable(QStringLiteral("t = %1 on SciPy's Z").arg(t, 0, 'g', 17)));
            bool atMergeDistance = false;
            for (const auto& r : refZ) atMergeDistance = atMergeDistance || std::abs(r[2] - t) <= 1e-9;
            if (!atMergeDistance)
                QVERIFY2(cutTree(z, t) == expected, qPrintable(QStringLiteral("t = %1 on our Z").arg(t)));
        }
    }

    // Leaf order exactly; link x and y as icoord/10 and dcoord; link groups.
    void dendrogramMatchesScipy_data() { scipyRows(); }
    void dendrogramMatchesScipy() {
        QFETCH(int, caseIndex);
        QFETCH(int, methodIndex);
        const QJsonObject ref = scipyResult(caseIndex, methodIndex);
        const LinkageMatrix z = toLinkage(ref[QStringLiteral("linkage")].toArray());
        const QJsonArray cuts = ref[QStringLiteral("cuts")].toArray();
        const QJsonArray icoord = ref[QStringLiteral("icoord")].toArray(),
                         dcoord = ref[QStringLiteral("dcoord")].toArray();
        const std::vector<int> leaves = toInts(ref[QStringLiteral("leaves")].toArray());
        for (const auto& cutValue : cuts) {
            const double t = cutValue.toObject()[QStringLiteral("t")].toDouble();
            const DendrogramLayout lay = dendrogramLayout(z, t);
            QVERIFY(lay.leafOrder == leaves);
            for (size_t k = 0; k < leaves.size(); ++k) QCOMPARE(lay.leafX[size_t(leaves[k])], double(k) + 0.5);
            QCOMPARE(lay.links.size(), z.size());
            double maxH = 0;
            for (size_t i = 0; i < z.size(); ++i) {
                const DendrogramLink& l = lay.links[i];
                const QJsonArray ic = icoord[qsizetype(i)].toArray(), dc = dcoord[qsizetype(i)].toArray();
                QCOMPARE(l.left, int(z[i][0]));
                QCOMPARE(l.right, int(z[i][1]));
                QVERIFY(std::abs(l.xLeft - ic[0].toDouble() / 10) <= 1e-9);
                QVERIFY(std::abs(l.xRight - ic[2].toDouble() / 10) <= 1e-9);
                QVERIFY(std::abs(l.yLeft - dc[0].toDouble()) <= 1e-9);
                QVERIFY(std::abs(l.height - dc[1].toDouble()) <= 1e-9);
                QVERIFY(std::abs(l.yRight - dc[3].toDouble()) <= 1e-9);
                maxH = std::max(maxH, dc[1].toDouble());
                // Group: the cut group of all its leaves when at or below t.
                const auto groups = groupsFromLabels(toInts(cutValue.toObject()[QStringLiteral("labels")].toArray()));
                const std::vector<int> under = leavesOf(z, int(z.size()) + 1 + int(i));
                if (z[i][2] <= t) {
                    QVERIFY(l.group >= 0 && size_t(l.group) < groups.size());
                    const auto& g = groups[size_t(l.group)];
                    for (int u : under) QVERIFY(std::binary_search(g.begin(), g.end(), u));
                } else {
                    QCOMPARE(l.group, -1);
                }
            }
            QVERIFY(std::abs(lay.maxHeight - maxH) <= 1e-9);
        }
    }

    // 2000 units cluster into a complete tree. The time is printed, not
    // asserted (no timed tests: a 4 s bound failed under the asan preset's
    // Debug build on a loaded machine); the O(n^2) speed is measured by
    // tests/bench/bench_linkage against SciPy.
    void linkageLarge_data() {
        QTest::addColumn<int>("methodIndex");
        for (int k = 0; k < 5; ++k) QTest::newRow(linkageName(kMethods[k])) << k;
    }
    void linkageLarge() {
        QFETCH(int, methodIndex);
        std::mt19937_64 rng(7);
        const MatrixXd d = uniformDistances(2000, rng);
        QElapsedTimer t;
        t.start();
        const LinkageMatrix z = linkage(d, kMethods[methodIndex]);
        const qint64 ms = t.elapsed();
        qInfo("n = 2000, %s: %lld ms", linkageName(kMethods[methodIndex]), ms);
        QCOMPARE(z.size(), size_t(1999));
        QCOMPARE(z.back()[3], 2000.0);
        for (size_t i = 1; i < z.size(); ++i) QVERIFY(z[i][2] >= z[i - 1][2]); // sorted, as SciPy's
    }

    // ---- contiguous clustering ----------------------------------------------

    void contiguousMatchesBruteForce_data() {
        QTest::addColumn<MatrixXd>("d");
        QTest::addColumn<int>("methodIndex");
        std::mt19937_64 rng(99);
        for (int n : {2, 3, 7, 20, 45}) {
            const MatrixXd u = uniformDistances(n, rng), e = euclideanDistances(n, 5, rng),
                           p = pearsonDistances(n, 64, rng);
            for (int k = 0; k < 5; ++k) {
                const QString m = QLatin1String(linkageName(kMethods[k]));
                QTest::newRow(qPrintable(QStringLiteral("uniform-%1/%2").arg(n).arg(m))) << u << k;
                QTest::newRow(qPrintable(QStringLiteral("euclid-%1/%2").arg(n).arg(m))) << e << k;
                QTest::newRow(qPrintable(QStringLiteral("pearson-%1/%2").arg(n).arg(m))) << p << k;
            }
        }
    }
    void contiguousMatchesBruteForce() {
        QFETCH(MatrixXd, d);
        QFETCH(int, methodIndex);
        const LinkageMethod m = kMethods[methodIndex];
        const int n = int(d.rows());
        const LinkageMatrix z = contiguousLinkage(d, m);
        QCOMPARE(z.size(), size_t(n - 1));
        // Every merge joins two ranges of units that touch.
        std::vector<std::pair<int, int>> range(size_t(2 * n - 1));
        for (int i = 0; i < n; ++i) range[size_t(i)] = {i, i};
        for (size_t i = 0; i < z.size(); ++i) {
            QVERIFY(z[i][0] < z[i][1]);
            QVERIFY(z[i][1] < double(n) + double(i));
            auto a = range[size_t(z[i][0])], b = range[size_t(z[i][1])];
            if (a.first > b.first) std::swap(a, b);
            QVERIFY2(a.second + 1 == b.first, qPrintable(QStringLiteral("row %1 joins [%2, %3] and [%4, %5]")
                                                             .arg(i)
                                                             .arg(a.first)
                                                             .arg(a.second)
                                                             .arg(b.first)
                                                             .arg(b.second)));
            range[size_t(n) + i] = {a.first, b.second};
            QCOMPARE(z[i][3], double(b.second - a.first + 1));
        }
        // Same merges and distances as the definition-based O(n^3) version.
        const LinkageMatrix ref = bruteContiguous(d, m);
        for (size_t i = 0; i < z.size(); ++i) {
            QVERIFY(std::isfinite(z[i][2]) && z[i][2] >= 0);
            const bool same = z[i][0] == ref[i][0] && z[i][1] == ref[i][1] && z[i][3] == ref[i][3] &&
                              std::abs(z[i][2] - ref[i][2]) <= 1e-9 * std::max(1.0, std::abs(ref[i][2]));
            QVERIFY2(
                same,
                qPrintable(
                    QStringLiteral("row %1: ShareLens %2, brute force %3").arg(i).arg(rowText(z[i]), rowText(ref[i]))));
        }
        // Complete linkage cannot invert: the new cluster's distance to a
        // neighbour is at least that neighbour's old adjacent distance.
        if (m == LinkageMethod::Complete)
            for (size_t i = 1; i < z.size(); ++i) QVERIFY(z[i][2] >= z[i - 1][2]);
    }

    // Single and average linkage with the adjacency constraint can invert,
    // even on a metric: units 0, 1, 2 with d01 = 1.1, d12 = 1, d02 = 0.5 merge
    // (1, 2) at 1, then 0 joins at min(1.1, 0.5) = 0.5 (single) or
    // (1.1 + 0.5) / 2 = 0.8 (average). The rows keep merge order (not sorted),
    // and cuts use the subtree's largest distance, as fcluster does.
    void contiguousInversion_data() {
        QTest::addColumn<int>("methodIndex");
        QTest::addColumn<double>("second");
        QTest::newRow("single") << 0 << 0.5;
        QTest::newRow("complete") << 1 << 1.1;
        QTest::newRow("average") << 2 << 0.8;
        QTest::newRow("weighted") << 3 << 0.8;
    }
    void contiguousInversion() {
        QFETCH(int, methodIndex);
        QFETCH(double, second);
        MatrixXd d(3, 3);
        d << 0, 1.1, 0.5, 1.1, 0, 1, 0.5, 1, 0;
        const LinkageMatrix z = contiguousLinkage(d, kMethods[methodIndex]);
        QCOMPARE(z[0], (LinkageRow{1, 2, 1.0, 2}));
        QCOMPARE(z[1][0], 0.0);
        QCOMPARE(z[1][1], 3.0);
        QVERIFY(std::abs(z[1][2] - second) < 1e-15);
        // fcluster on these trees (checked with SciPy 1.10): the right subtree
        // is numbered before the root's leaf child.
        QCOMPARE(cutTree(z, 0.9), (std::vector<int>{3, 1, 2}));
        QCOMPARE(cutTree(z, 1.0), (second <= 1.0 ? std::vector<int>{1, 1, 1} : std::vector<int>{2, 1, 1}));
    }

    // On exact ties the leftmost adjacent pair merges: with all distances
    // equal the units join one by one from the left.
    void contiguousTieRule_data() {
        QTest::addColumn<int>("methodIndex");
        for (int k = 0; k < 4; ++k) QTest::newRow(linkageName(kMethods[k])) << k;
    }
    void contiguousTieRule() {
        QFETCH(int, methodIndex);
        const int n = 6;
        const MatrixXd d = MatrixXd::Ones(n, n) - MatrixXd::Identity(n, n);
        const LinkageMatrix z = contiguousLinkage(d, kMethods[methodIndex]);
        QCOMPARE(z[0], (LinkageRow{0, 1, 1.0, 2}));
        for (int i = 1; i < n - 1; ++i)
            QCOMPARE(z[size_t(i)], (LinkageRow{double(i + 1), double(n + i - 1), 1.0, double(i + 2)}));
        // Two equal minimal pairs far apart: (3, 4) and (0, 1) tie; (0, 1) goes first.
        MatrixXd e = MatrixXd::Constant(5, 5, 1.5);
        e.diagonal().setZero();
        e(0, 1) = e(1, 0) = e(3, 4) = e(4, 3) = 0.25;
        const LinkageMatrix y = contiguousLinkage(e, kMethods[methodIndex]);
        QCOMPARE(y[0], (LinkageRow{0, 1, 0.25, 2}));
        QCOMPARE(y[1], (LinkageRow{3, 4, 0.25, 2}));
    }

    // ---- cuts and groups ----------------------------------------------------

    void groupsFromLabelsOrder() {
        QCOMPARE(groupsFromLabels({3, 1, 3, 2, 1}), (std::vector<std::vector<int>>{{0, 2}, {1, 4}, {3}}));
        QCOMPARE(groupsFromLabels({}), (std::vector<std::vector<int>>{}));
        QCOMPARE(groupsFromLabels({7}), (std::vector<std::vector<int>>{{0}}));
    }

    // A hand-made tree on 7 units:
    //   7 = (0, 1) at 0.1       8 = (3, 4) at 0.2     9 = (2, 8) at 0.3
    //   10 = (7, 9) at 0.4      11 = (5, 6) at 0.5   12 = (10, 11) at 1.2
    void cutGroupsConstraints_data() {
        QTest::addColumn<double>("t");
        QTest::addColumn<bool>("keepFirstLast");
        QTest::addColumn<int>("maxSize");
        QTest::addColumn<std::vector<std::vector<int>>>("expected");
        using G = std::vector<std::vector<int>>;
        QTest::newRow("plain") << 1.0 << false << 0 << G{{0, 1, 2, 3, 4}, {5, 6}};
        QTest::newRow("everything") << 2.0 << false << 0 << G{{0, 1, 2, 3, 4, 5, 6}};
        QTest::newRow("first-last") << 1.0 << true << 0 << G{{0}, {1, 2, 3, 4}, {5}, {6}};
        QTest::newRow("max3") << 1.0 << false << 3 << G{{0, 1}, {2, 3, 4}, {5, 6}};
        QTest::newRow("max2") << 1.0 << false << 2 << G{{0, 1}, {2}, {3, 4}, {5, 6}};
        QTest::newRow("max1") << 1.0 << false << 1 << G{{0}, {1}, {2}, {3}, {4}, {5}, {6}};
        QTest::newRow("max5-root") << 2.0 << false << 5 << G{{0, 1, 2, 3, 4}, {5, 6}};
        // Pinned units do not count: {1, 2, 3, 4} fits in 4 ...
        QTest::newRow("first-last-max4") << 1.0 << true << 4 << G{{0}, {1, 2, 3, 4}, {5}, {6}};
        // ... but not in 3: 10 splits into 7 (= {1} once 0 is out) and 9.
        QTest::newRow("first-last-max3") << 1.0 << true << 3 << G{{0}, {1}, {2, 3, 4}, {5}, {6}};
        QTest::newRow("first-last-all") << 2.0 << true << 0 << G{{0}, {1, 2, 3, 4, 5}, {6}};
        QTest::newRow("zero") << 0.0 << true << 2 << G{{0}, {1}, {2}, {3}, {4}, {5}, {6}};
    }
    void cutGroupsConstraints() {
        QFETCH(double, t);
        QFETCH(bool, keepFirstLast);
        QFETCH(int, maxSize);
        QFETCH(std::vector<std::vector<int>>, expected);
        const LinkageMatrix z = {{0, 1, 0.1, 2}, {3, 4, 0.2, 2}, {2, 8, 0.3, 3},
                                 {7, 9, 0.4, 5}, {5, 6, 0.5, 2}, {10, 11, 1.2, 7}};
        GroupConstraints c;
        c.keepFirstLast = keepFirstLast;
        c.maxGroupSize = maxSize;
        QCOMPARE(cutGroups(z, t, c), expected);
    }

    // On real trees: groups partition the units, each fits the limit, each is
    // a subtree's units (minus pinned ones) and is split no further than needed.
    void cutGroupsInvariants_data() {
        QTest::addColumn<int>("caseIndex");
        QTest::addColumn<int>("methodIndex");
        for (size_t c = 0; c < m_cases.size(); c += 3)
            for (int k : {0, 2, 4})
                QTest::newRow(qPrintable(m_cases[c].name + QLatin1Char('/') + QLatin1String(linkageName(kMethods[k]))))
                    << int(c) << k;
    }
    void cutGroupsInvariants() {
        QFETCH(int, caseIndex);
        QFETCH(int, methodIndex);
        const LinkageMatrix z = linkage(m_cases[size_t(caseIndex)].d, kMethods[methodIndex]);
        const int n = int(z.size()) + 1;
        for (double t : {0.2, 0.6, 1.0, 2.0})
            for (bool pin : {false, true})
                for (int limit : {0, 1, 3, 8}) {
                    GroupConstraints c;
                    c.keepFirstLast = pin;
                    c.maxGroupSize = limit;
                    const auto groups = cutGroups(z, t, c);
                    const auto plain = groupsFromLabels(cutTree(z, t));
                    std::vector<int> seen(size_t(n), 0), plainOf(size_t(n), 0);
                    for (size_t g = 0; g < plain.size(); ++g)
                        for (int u : plain[g]) plainOf[size_t(u)] = int(g);
                    auto pinned = [&](int u) { return pin && (u == 0 || u == n - 1); };
                    for (size_t g = 0; g < groups.size(); ++g) {
                        const auto& grp = groups[g];
                        QVERIFY(std::is_sorted(grp.begin(), grp.end()));
                        if (g) QVERIFY(groups[g - 1].front() < grp.front());
                        for (int u : grp) ++seen[size_t(u)];
                        if (pinned(grp.front())) QCOMPARE(grp.size(), size_t(1));
                        if (limit) QVERIFY(grp.size() <= size_t(limit));
                        for (int u : grp) QCOMPARE(plainOf[size_t(u)], plainOf[size_t(grp.front())]);
                        if (grp.size() < 2) continue;
                        // The smallest subtree holding the group holds no other free unit.
                        int node = grp.front();
                        std::vector<int> under{node};
                        while (true) {
                            std::vector<int> free;
                            for (int u : under)
                                if (!pinned(u)) free.push_back(u);
                            if (std::includes(free.begin(), free.end(), grp.begin(), grp.end())) {
                                QVERIFY2(free == grp, "group is not the free units of a subtree");
                                break;
                            }
                            size_t row = 0;
                            while (int(z[row][0]) != node && int(z[row][1]) != node) ++row;
                            node = n + int(row);
                            under = leavesOf(z, node);
                        }
                        // Split no further than needed: a parent with more free units
                        // breaks the limit or lies above the cut.
                        if (node != 2 * n - 2) {
                            size_t row = 0;
                            while (int(z[row][0]) != node && int(z[row][1]) != node) ++row;
                            std::vector<int> parentFree;
                            for (int u : leavesOf(z, n + int(row)))
                                if (!pinned(u)) parentFree.push_back(u);
                            const bool sameCutGroup = std::all_of(parentFree.begin(), parentFree.end(), [&](int u) {
                                return plainOf[size_t(u)] == plainOf[size_t(grp.front())];
                            });
                            if (parentFree.size() > grp.size())
                                QVERIFY(!sameCutGroup || (limit && parentFree.size() > size_t(limit)));
                        }
                    }
                    for (int u = 0; u < n; ++u) QCOMPARE(seen[size_t(u)], 1);
                }
    }

    // ---- small API pieces ---------------------------------------------------

    void methodNames() {
        for (LinkageMethod m : kMethods) {
            LinkageMethod back = LinkageMethod::Single;
            QVERIFY(parseLinkageMethod(linkageName(m), back));
            QCOMPARE(int(back), int(m));
        }
        LinkageMethod out = LinkageMethod::Ward;
        QVERIFY(!parseLinkageMethod("centroid", out));
        QVERIFY(!parseLinkageMethod("Average", out));
        QCOMPARE(int(out), int(LinkageMethod::Ward));
    }

    void similarityToDistanceValues() {
        MatrixXd s(3, 3);
        s << 1.0, 0.25, -0.5, 0.25 + 4e-7, 0.999, 0.75, -0.5, 0.75, 1.0;
        const MatrixXd d = similarityToDistance(s);
        QCOMPARE(d(0, 0), 0.0);
        QCOMPARE(d(1, 1), 0.0); // exact zero diagonal even when S_ii != 1
        QCOMPARE(d(0, 1), d(1, 0));
        QVERIFY(std::abs(d(0, 1) - (0.75 - 2e-7)) < 1e-15);
        QCOMPARE(d(0, 2), 1.5);
        QCOMPARE(d(1, 2), 0.25);
    }

    // ---- bad inputs ---------------------------------------------------------

    void badSimilarity_data() {
        QTest::addColumn<MatrixXd>("s");
        QTest::addColumn<QString>("message");
        MatrixXd ok = MatrixXd::Identity(4, 4);
        QTest::newRow("not-square")
            << MatrixXd(MatrixXd::Zero(2, 3))
            << QStringLiteral("must be square (one row and one column per unit), but it has 2 rows and 3 columns");
        QTest::newRow("empty") << MatrixXd() << QStringLiteral("has 0 units; clustering needs at least 2 units");
        QTest::newRow("1x1") << MatrixXd(MatrixXd::Ones(1, 1))
                             << QStringLiteral("has 1 unit; clustering needs at least 2 units");
        MatrixXd nan = ok;
        nan(1, 2) = std::nan("");
        QTest::newRow("nan") << nan << QStringLiteral("has a NaN at row 1, column 2 (0-based)");
        MatrixXd inf = ok;
        inf(3, 0) = -INFINITY;
        QTest::newRow("inf") << inf << QStringLiteral("has an infinite value at row 3, column 0 (0-based)");
        MatrixXd asym = ok;
        asym(0, 2) = 0.5;
        asym(2, 0) = 0.4;
        QTest::newRow("asymmetric")
            << asym
            << QStringLiteral("not symmetric: the value at row 0, column 2 is 0.5 but at row 2, column 0 it is");
        MatrixXd slight = ok;
        slight(1, 3) = 2e-6;
        QTest::newRow("asymmetric-2e-6") << slight << QStringLiteral("at row 1, column 3 is");
    }
    void badSimilarity() {
        QFETCH(MatrixXd, s);
        QFETCH(QString, message);
        const QString e = errorOf([&] { validateSimilarity(s); });
        QVERIFY2(e.startsWith(QLatin1String("similarity matrix")) && e.contains(message), qPrintable(e));
        QCOMPARE(errorOf([&] { similarityToDistance(s); }), e);
    }
    void similarityWithinToleranceIsAccepted() {
        MatrixXd s = MatrixXd::Identity(3, 3);
        s(0, 1) = 0.5;
        s(1, 0) = 0.5 + 9e-7;
        QCOMPARE(errorOf([&] { validateSimilarity(s); }), QStringLiteral("<no error>"));
    }

    void badDistance_data() {
        QTest::addColumn<MatrixXd>("d");
        QTest::addColumn<QString>("message");
        QTest::newRow("not-square") << MatrixXd(MatrixXd::Zero(3, 2))
                                    << QStringLiteral("distance matrix must be square");
        QTest::newRow("1x1") << MatrixXd(MatrixXd::Zero(1, 1))
                             << QStringLiteral("distance matrix has 1 unit; clustering needs at least 2 units");
        MatrixXd nan = MatrixXd::Ones(3, 3);
        nan(2, 1) = std::nan("");
        QTest::newRow("nan") << nan << QStringLiteral("distance matrix has a NaN at row 2, column 1");
        MatrixXd inf = MatrixXd::Ones(3, 3);
        inf(0, 1) = INFINITY;
        QTest::newRow("inf") << inf << QStringLiteral("distance matrix has an infinite value at row 0, column 1");
    }
    void badDistance() {
        QFETCH(MatrixXd, d);
        QFETCH(QString, message);
        for (LinkageMethod m : kMethods) {
            const QString a = errorOf([&] { linkage(d, m); }), b = errorOf([&] { contiguousLinkage(d, m); });
            QVERIFY2(a.contains(message), qPrintable(a));
            QCOMPARE(b, a);
        }
    }

    void badThreshold_data() {
        QTest::addColumn<double>("t");
        QTest::addColumn<QString>("shown");
        QTest::newRow("negative") << -0.1 << QStringLiteral("-0.10000000000000001");
        QTest::newRow("above-2") << 2.5 << QStringLiteral("2.5");
        QTest::newRow("nan") << double(std::nan("")) << QStringLiteral("nan");
        QTest::newRow("inf") << double(INFINITY) << QStringLiteral("inf");
    }
    void badThreshold() {
        QFETCH(double, t);
        QFETCH(QString, shown);
        const LinkageMatrix z = {{0, 1, 0.5, 2}};
        const QString expected =
            QStringLiteral("threshold %1 is outside the range of distances 1 - S; choose a value from 0 to 2")
                .arg(shown);
        QCOMPARE(errorOf([&] { cutTree(z, t); }), expected);
        QCOMPARE(errorOf([&] { cutGroups(z, t); }), expected);
        QCOMPARE(errorOf([&] { dendrogramLayout(z, t); }), expected);
    }

    void badLinkageMatrix_data() {
        QTest::addColumn<LinkageMatrix>("z");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << LinkageMatrix{}
                               << QStringLiteral("the linkage matrix is empty; a clustering needs at least 2 units");
        QTest::newRow("future-id") << LinkageMatrix{{0, 3, 0.1, 2}, {1, 2, 0.2, 3}}
                                   << QStringLiteral(
                                          "linkage row 0: cluster id 3 is not the id of a unit or of a cluster formed "
                                          "by an earlier row (expected an integer from 0 to 2)");
        QTest::newRow("fraction") << LinkageMatrix{{0, 1.5, 0.1, 2}}
                                  << QStringLiteral("linkage row 0: cluster id 1.5 is not the id");
        QTest::newRow("twice") << LinkageMatrix{{0, 1, 0.1, 2}, {0, 2, 0.2, 2}}
                               << QStringLiteral("linkage row 1: cluster 0 is merged more than once");
        QTest::newRow("size") << LinkageMatrix{{0, 1, 0.1, 2}, {2, 3, 0.2, 4}}
                              << QStringLiteral("linkage row 1: size 4 does not match the 3 units of its clusters");
        QTest::newRow("nan") << LinkageMatrix{{0, 1, std::nan(""), 2}}
                             << QStringLiteral("linkage row 0: has a value that is not a finite number");
    }
    void badLinkageMatrix() {
        QFETCH(LinkageMatrix, z);
        QFETCH(QString, message);
        for (const QString& e : {errorOf([&] { cutTree(z, 0.5); }), errorOf([&] { cutGroups(z, 0.5); }),
                                 errorOf([&] { dendrogramLayout(z, 0.5); })})
            QVERIFY2(e.startsWith(message), qPrintable(e));
    }

    void badGroupSize() {
        const LinkageMatrix z = {{0, 1, 0.5, 2}};
        GroupConstraints c;
        c.maxGroupSize = -2;
        QCOMPARE(errorOf([&] { cutGroups(z, 1.0, c); }),
                 QStringLiteral("the largest group size is -2; use 0 for no limit or a positive number of units"));
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
