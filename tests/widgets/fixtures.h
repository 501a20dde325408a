// Test inputs for the widgets: structured similarity matrices and dendrogram
// layouts built here by hand (a naive average linkage and a layout that
// follows scipy's dendrogram() conventions), so the widget tests do not
// depend on the engine's clustering.
#pragma once

#include "figures.h"

#include <QRandomGenerator>

#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

namespace fixtures {

using sharelens::DendrogramLayout;
using sharelens::DendrogramLink;
using sharelens::LinkageMatrix;

// n units in `blocks` contiguous blocks: about 0.9 within a block, lower
// between blocks, decaying with block distance; seeded noise; exactly
// symmetric with a unit diagonal.
inline Eigen::MatrixXd blockSimilarity(int n, int blocks, quint32 seed = 7) {
    QRandomGenerator rng(seed);
    Eigen::MatrixXd s(n, n);
    auto blockOf = [&](int i) { return i * blocks / n; };
    for (int i = 0; i < n; ++i) {
        s(i, i) = 1.0;
        for (int j = i + 1; j < n; ++j) {
            const int bi = blockOf(i), bj = blockOf(j);
            double v = bi == bj ? 0.93 - 0.004 * (j - i) * blocks * 12.0 / n
                                : 0.62 - 0.12 * std::abs(bi - bj) - 0.003 * (j - i) * 12.0 / n;
            v += (rng.generateDouble() - 0.5) * 0.06;
            s(i, j) = s(j, i) = std::clamp(v, -1.0, 1.0);
        }
    }
    return s;
}

// Naive average linkage on d = 1 - S with SciPy's numbering (unit i is
// cluster i, row k forms cluster n + k, [a, b, distance, size] with a < b).
inline LinkageMatrix averageLinkage(const Eigen::MatrixXd& s) {
    const int n = int(s.rows());
    std::vector<int> id(static_cast<size_t>(n)), size(static_cast<size_t>(n), 1);
    for (int i = 0; i < n; ++i) id[size_t(i)] = i;
    Eigen::MatrixXd d = Eigen::MatrixXd::Ones(n, n) - s;
    std::vector<bool> alive(size_t(n), true);
    LinkageMatrix z;
    for (int step = 0; step < n - 1; ++step) {
        int a = -1, b = -1;
        double best = std::numeric_limits<double>::infinity();
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                if (alive[size_t(i)] && alive[size_t(j)] && d(i, j) < best) best = d(i, j), a = i, b = j;
        const int na = size[size_t(a)], nb = size[size_t(b)];
        for (int k = 0; k < n; ++k)
            if (alive[size_t(k)] && k != a && k != b) d(a, k) = d(k, a) = (na * d(a, k) + nb * d(b, k)) / (na + nb);
        z.push_back({double(std::min(id[size_t(a)], id[size_t(b)])), double(std::max(id[size_t(a)], id[size_t(b)])),
                     best, double(na + nb)});
        alive[size_t(b)] = false;
        id[size_t(a)] = n + step;
        size[size_t(a)] = na + nb;
    }
    return z;
}

// A balanced tree over units 0..n-1 in order (for big n where the naive
// linkage is too slow): adjacent clusters merge level by level.
inline LinkageMatrix balancedLinkage(int n) {
    LinkageMatrix z;
    std::vector<int> ids(static_cast<size_t>(n)), sizes(static_cast<size_t>(n), 1);
    for (int i = 0; i < n; ++i) ids[size_t(i)] = i;
    double h = 0.02;
    int next = n;
    while (ids.size() > 1) {
        std::vector<int> nid, nsize;
        for (size_t k = 0; k + 1 < ids.size(); k += 2) {
            z.push_back({double(ids[k]), double(ids[k + 1]), h, double(sizes[k] + sizes[k + 1])});
            h += 0.6 / n;
            nid.push_back(next++);
            nsize.push_back(sizes[k] + sizes[k + 1]);
        }
        if (ids.size() % 2) nid.push_back(ids.back()), nsize.push_back(sizes.back());
        ids = nid;
        sizes = nsize;
    }
    return z;
}

// Flat groups of the cut at t (fcluster's distance criterion), each sorted,
// ordered by first unit.
inline std::vector<std::vector<int>> cut(const LinkageMatrix& z, double t) {
    const int n = int(z.size()) + 1;
    std::vector<std::vector<int>> members(size_t(2 * n - 1));
    for (int i = 0; i < n; ++i) members[size_t(i)] = {i};
    std::vector<int> parent(size_t(2 * n - 1), -1);
    for (int k = 0; k < n - 1; ++k) {
        const int a = int(z[size_t(k)][0]), b = int(z[size_t(k)][1]);
        parent[size_t(a)] = parent[size_t(b)] = n + k;
        members[size_t(n + k)] = members[size_t(a)];
        members[size_t(n + k)].insert(members[size_t(n + k)].end(), members[size_t(b)].begin(),
                                      members[size_t(b)].end());
    }
    auto height = [&](int c) { return c < n ? 0.0 : z[size_t(c - n)][2]; };
    std::vector<std::vector<int>> groups;
    for (int c = 0; c < 2 * n - 1; ++c) {
        const int p = parent[size_t(c)];
        if (height(c) <= t && (p < 0 || height(p) > t)) {
            auto g = members[size_t(c)];
            std::sort(g.begin(), g.end());
            groups.push_back(g);
        }
    }
    std::sort(groups.begin(), groups.end());
    return groups;
}

// Layout as scipy's dendrogram() draws it: leaves left to right by visiting
// the first then the second child; a cluster sits at the mean x of its two
// children; links below the cut carry the index of their group.
inline DendrogramLayout layout(const LinkageMatrix& z, double t) {
    const int n = int(z.size()) + 1;
    DendrogramLayout L;
    L.leafX.assign(size_t(n), 0);
    std::vector<double> x(size_t(2 * n - 1), 0), h(size_t(2 * n - 1), 0);
    std::function<void(int)> visit = [&](int c) {
        if (c < n) {
            x[size_t(c)] = L.leafOrder.size() + 0.5;
            L.leafX[size_t(c)] = x[size_t(c)];
            L.leafOrder.push_back(c);
            return;
        }
        const auto& row = z[size_t(c - n)];
        visit(int(row[0]));
        visit(int(row[1]));
        x[size_t(c)] = (x[size_t(row[0])] + x[size_t(row[1])]) / 2;
        h[size_t(c)] = row[2];
    };
    visit(2 * n - 2);
    const auto groups = cut(z, t);
    std::vector<int> groupOf(size_t(n), -1);
    for (size_t g = 0; g < groups.size(); ++g)
        for (int u : groups[g]) groupOf[size_t(u)] = int(g);
    std::vector<int> firstLeaf(size_t(2 * n - 1));
    for (int i = 0; i < n; ++i) firstLeaf[size_t(i)] = i;
    for (int k = 0; k < n - 1; ++k) {
        const auto& row = z[size_t(k)];
        firstLeaf[size_t(n + k)] = firstLeaf[size_t(row[0])];
        DendrogramLink l;
        l.left = int(row[0]);
        l.right = int(row[1]);
        l.xLeft = x[size_t(l.left)];
        l.xRight = x[size_t(l.right)];
        l.yLeft = h[size_t(l.left)];
        l.yRight = h[size_t(l.right)];
        l.height = row[2];
        l.group = row[2] <= t ? groupOf[size_t(firstLeaf[size_t(n + k)])] : -1;
        L.links.push_back(l);
        L.maxHeight = std::max(L.maxHeight, row[2]);
    }
    return L;
}

inline QStringList layerLabels(int n) {
    QStringList l;
    for (int i = 0; i < n; ++i) l << QStringLiteral("layer %1").arg(i);
    return l;
}

inline sharelens::widgets::DendrogramData dendrogramData(const LinkageMatrix& z, double t, int n) {
    sharelens::widgets::DendrogramData d;
    d.z = z;
    d.layout = layout(z, t);
    d.labels = layerLabels(n);
    d.threshold = t;
    return d;
}

inline sharelens::widgets::HeatmapData heatmapData(const Eigen::MatrixXd& s) {
    sharelens::widgets::HeatmapData d;
    d.values = s;
    d.labels = layerLabels(int(s.rows()));
    d.vmin = 0;
    d.vmax = 1;
    d.colorbarLabel = QStringLiteral("Pearson similarity");
    return d;
}

} // namespace fixtures
