// Hierarchical clustering compatible with scipy.cluster.hierarchy (see
// sharelens/cluster.h). Written from the algorithms' published definitions:
//   - single linkage: Prim's minimum spanning tree on the full distance
//     matrix (MST-LINKAGE-CORE in D. Müllner, "Modern hierarchical,
//     agglomerative clustering algorithms", 2011);
//   - complete, average, weighted, ward: the nearest-neighbour chain
//     (NN-CHAIN-LINKAGE, same paper) with the Lance–Williams updates;
//   - both followed by a stable sort of the merges by distance and a
//     union-find pass that numbers clusters the way SciPy's output format
//     does (row i creates cluster n + i, the smaller id first).
// SciPy-identical results on exact ties depend on the scan order and on the
// exact floating-point form of each update, so both are spelled out below and
// kept deliberately simple (no reassociation, no fused multiply-add on the
// default x86-64 target).
#include "sharelens/cluster.h"

#include "sharelens/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace sharelens {

const char* linkageName(LinkageMethod m) {
    switch (m) {
    case LinkageMethod::Single: return "single";
    case LinkageMethod::Complete: return "complete";
    case LinkageMethod::Average: return "average";
    case LinkageMethod::Weighted: return "weighted";
    case LinkageMethod::Ward: return "ward";
    }
    return "?";
}

bool parseLinkageMethod(const std::string& s, LinkageMethod& out) {
    for (LinkageMethod m : {LinkageMethod::Single, LinkageMethod::Complete, LinkageMethod::Average,
                            LinkageMethod::Weighted, LinkageMethod::Ward})
        if (s == linkageName(m)) {
            out = m;
            return true;
        }
    return false;
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string num(double v) {
    std::ostringstream os;
    os.precision(17);
    os << v;
    return os.str();
}

// Square, at least 2x2, finite. `what` names the matrix in messages.
void checkSquareFinite(const Eigen::MatrixXd& m, ErrorCode what) {
    if (m.rows() != m.cols())
        throw Error(ErrorCode::ClusterMatrixNotSquare,
                    {ErrorMessage(what), std::to_string(m.rows()), std::to_string(m.cols())});
    if (m.rows() < 2)
        throw Error(m.rows() == 1 ? ErrorCode::ClusterMatrixOneUnit : ErrorCode::ClusterMatrixTooFewUnits,
                    {ErrorMessage(what), std::to_string(m.rows())});
    for (Eigen::Index c = 0; c < m.cols(); ++c)
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            if (!std::isfinite(m(r, c)))
                throw Error(std::isnan(m(r, c)) ? ErrorCode::ClusterMatrixNaN : ErrorCode::ClusterMatrixInfinite,
                            {ErrorMessage(what), std::to_string(r), std::to_string(c)});
}

// Lance–Williams updates in exactly the arithmetic form SciPy evaluates them
// (scipy/cluster/_hierarchy_distance_update.pxi): d_xi, d_yi are the
// distances of cluster i to the two merged clusters x and y, d_xy theirs.
double lanceWilliams(LinkageMethod m, double d_xi, double d_yi, double d_xy, int size_x, int size_y, int size_i) {
    switch (m) {
    case LinkageMethod::Single: return std::min(d_xi, d_yi);
    case LinkageMethod::Complete: return std::max(d_xi, d_yi);
    case LinkageMethod::Average: return (double(size_x) * d_xi + double(size_y) * d_yi) / double(size_x + size_y);
    case LinkageMethod::Weighted: return 0.5 * (d_xi + d_yi);
    case LinkageMethod::Ward: {
        const double t = 1.0 / double(size_x + size_y + size_i);
        const double d2 = double(size_i + size_x) * t * d_xi * d_xi + double(size_i + size_y) * t * d_yi * d_yi -
                          double(size_i) * t * d_xy * d_xy;
        // Negative only for negative distances (S > 1, e.g. by rounding),
        // where SciPy's sqrt gives NaN; NaN from an overflow stays NaN.
        return d2 < 0 ? 0.0 : std::sqrt(d2);
    }
    }
    return 0;
}

// Lance–Williams updates of huge (finite) distances can overflow; a NaN or
// infinite cluster distance would break the nearest-neighbour search, so the
// clustering stops with a message instead.
[[noreturn]] void throwOverflow(LinkageMethod m) {
    throw Error(ErrorCode::ClusterDistancesTooLargeClusterLinkage, {linkageName(m)});
}

// A row-major n x n matrix of doubles, left uninitialised by the constructor
// (linkage() writes every element once; zero-filling 32 MB for n = 2,000
// first would cost a pass of its own).
struct Square {
    explicit Square(int n) : n(size_t(n)), v(new double[size_t(n) * size_t(n)]) {}
    double* row(size_t i) { return v.get() + i * n; }
    const double* row(size_t i) const { return v.get() + i * n; }
    double& at(size_t i, size_t j) { return v[i * n + j]; }
    size_t n;
    std::unique_ptr<double[]> v;
};

// A full copy of the upper triangle of `distance`, mirrored: SciPy reads
// squareform(D, checks=False), i.e. D(i, j) for i < j only. Column j of the
// (column-major) input is row j's part left of the diagonal; the part right
// of it is then filled by a tiled transpose, so both passes stay in cache.
Square upperMirrored(const Eigen::MatrixXd& d) {
    const size_t n = size_t(d.rows());
    Square out{int(n)};
    for (size_t j = 0; j < n; ++j) {
        const double* col = d.data() + j * n;
        double* row = out.row(j);
        for (size_t i = 0; i < j; ++i) row[i] = col[i];
        row[j] = 0.0;
    }
    constexpr size_t tile = 32;
    for (size_t ib = 0; ib < n; ib += tile)
        for (size_t jb = 0; jb <= ib; jb += tile) {
            const size_t ie = std::min(n, ib + tile), je = std::min(n, jb + tile);
            for (size_t i = ib; i < ie; ++i)
                for (size_t j = jb; j < std::min(je, i); ++j) out.at(j, i) = out.at(i, j);
        }
    return out;
}

// Merges recorded as pairs of original "slot" indices (a unit index standing
// for the cluster currently held in that slot) with their distance.
struct RawMerge {
    int x = 0, y = 0;
    double dist = 0;
};

// Stable sort by distance, then renumber with a union-find: each slot index
// is replaced by the id of the cluster it currently belongs to; the merged
// cluster of row i gets id n + i. This is the labelling step of SciPy's
// output format.
LinkageMatrix sortAndLabel(std::vector<RawMerge> raw, int n, bool sort = true) {
    if (sort)
        std::stable_sort(raw.begin(), raw.end(), [](const RawMerge& a, const RawMerge& b) { return a.dist < b.dist; });
    std::vector<int> parent(size_t(2 * n - 1));
    std::iota(parent.begin(), parent.end(), 0);
    std::vector<int> size(size_t(2 * n - 1), 1);
    auto find = [&](int v) {
        int root = v;
        while (parent[size_t(root)] != root) root = parent[size_t(root)];
        while (parent[size_t(v)] != root) { // path compression
            const int next = parent[size_t(v)];
            parent[size_t(v)] = root;
            v = next;
        }
        return root;
    };
    LinkageMatrix z(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        const int a = find(raw[i].x), b = find(raw[i].y);
        const int id = n + int(i);
        parent[size_t(a)] = id;
        parent[size_t(b)] = id;
        size[size_t(id)] = size[size_t(a)] + size[size_t(b)];
        z[i] = {double(std::min(a, b)), double(std::max(a, b)), raw[i].dist, double(size[size_t(id)])};
    }
    return z;
}

// Prim's algorithm from unit 0. `best[i]` is the distance of unit i to the
// tree; the next unit is the first (lowest index) with the smallest one, and
// the merge is recorded against the unit added last (the union-find of
// sortAndLabel only needs some member of the tree).
std::vector<RawMerge> mstSingle(const Square& d, int n) {
    std::vector<RawMerge> raw(size_t(n - 1));
    std::vector<char> inTree(size_t(n), 0);
    std::vector<double> best(size_t(n), kInf);
    int x = 0, y = 0;
    for (int k = 0; k < n - 1; ++k) {
        double currentMin = kInf;
        inTree[size_t(x)] = 1;
        const double* row = d.row(size_t(x));
        for (int i = 0; i < n; ++i) {
            if (inTree[size_t(i)]) continue;
            if (best[size_t(i)] > row[i]) best[size_t(i)] = row[i];
            if (best[size_t(i)] < currentMin) {
                currentMin = best[size_t(i)];
                y = i;
            }
        }
        raw[size_t(k)] = {x, y, currentMin};
        x = y;
    }
    return raw;
}

// Nearest-neighbour chain. The chain grows from the lowest-index live cluster;
// each step looks for the strictly nearest neighbour of the chain's tip,
// starting from the previous chain element (so that on a tie the chain stops
// rather than cycles) and otherwise preferring the lowest index. When the tip
// and the previous element are reciprocal nearest neighbours they merge: the
// merged cluster lives on in the higher of the two slots.
// The scans and updates visit the live clusters only (an ascending list, so
// the lowest-index preference is unchanged), which halves the work on
// average against scanning all n slots; the diagonal holds +inf so that a
// tip never finds itself. The method is a template argument so that the
// update loop carries no switch.
template <LinkageMethod method>
std::vector<RawMerge> nnChain(Square d, int n) {
    std::vector<RawMerge> raw(size_t(n - 1));
    std::vector<int> size(size_t(n), 1);
    std::vector<int> chain(static_cast<size_t>(n));
    std::vector<int> live(static_cast<size_t>(n));
    std::iota(live.begin(), live.end(), 0);
    for (size_t i = 0; i < size_t(n); ++i) d.at(i, i) = kInf;
    int chainLength = 0;
    for (int k = 0; k < n - 1; ++k) {
        if (chainLength == 0) {
            chainLength = 1;
            chain[0] = live.front();
        }
        int x = 0, y = 0;
        double currentMin = kInf;
        for (;;) {
            x = chain[size_t(chainLength - 1)];
            const double* row = d.row(size_t(x));
            if (chainLength > 1) {
                y = chain[size_t(chainLength - 2)];
                currentMin = row[y];
            } else {
                currentMin = kInf;
            }
            for (const int i : live)
                if (row[i] < currentMin) {
                    currentMin = row[i];
                    y = i;
                }
            if (chainLength > 1 && y == chain[size_t(chainLength - 2)]) break;
            chain[size_t(chainLength)] = y;
            ++chainLength;
        }
        chainLength -= 2;
        if (x > y) std::swap(x, y);
        const int nx = size[size_t(x)], ny = size[size_t(y)];
        raw[size_t(k)] = {x, y, currentMin};
        size[size_t(x)] = 0;
        size[size_t(y)] = nx + ny;
        live.erase(std::lower_bound(live.begin(), live.end(), x));
        const double* rowX = d.row(size_t(x));
        double* rowY = d.row(size_t(y));
        for (const int i : live) {
            if (i == y) continue;
            const double v = lanceWilliams(method, rowX[i], rowY[i], currentMin, nx, ny, size[size_t(i)]);
            if (!std::isfinite(v)) throwOverflow(method);
            rowY[i] = v;
            d.at(size_t(i), size_t(y)) = v;
        }
    }
    return raw;
}

// Checks that z is a well-formed merge matrix and returns the number of units.
int checkLinkage(const LinkageMatrix& z) {
    if (z.empty()) throw Error(ErrorCode::ClusterLinkageMatrixEmptyClusteringNeeds, {});
    const int n = int(z.size()) + 1;
    std::vector<char> used(size_t(2 * n - 1), 0);
    std::vector<int> size(size_t(2 * n - 1), 1);
    for (size_t i = 0; i < z.size(); ++i) {
        const auto& r = z[i];
        for (int c = 0; c < 4; ++c)
            if (!std::isfinite(r[size_t(c)]))
                throw Error(ErrorCode::ClusterValueNotFiniteNumberRecompute, {std::to_string(i)});
        const double lim = double(n) + double(i);
        for (int c = 0; c < 2; ++c)
            if (r[size_t(c)] < 0 || r[size_t(c)] >= lim || r[size_t(c)] != std::floor(r[size_t(c)]))
                throw Error(ErrorCode::ClusterClusterIdNotIdUnit, {std::to_string(i), num(r[size_t(c)]), num(lim - 1)});
        const int a = int(r[0]), b = int(r[1]);
        if (a == b || used[size_t(a)] || used[size_t(b)])
            throw Error(ErrorCode::ClusterClusterMergedMoreThanOnce,
                        {std::to_string(i), std::to_string(used[size_t(a)] || a == b ? a : b)});
        used[size_t(a)] = used[size_t(b)] = 1;
        size[size_t(n) + i] = size[size_t(a)] + size[size_t(b)];
        if (r[3] != double(size[size_t(n) + i]))
            throw Error(ErrorCode::ClusterSizeDoesNotMatchUnits,
                        {std::to_string(i), num(r[3]), std::to_string(size[size_t(n) + i])});
    }
    return n;
}

void checkThreshold(double t) {
    if (!std::isfinite(t) || t < 0 || t > 2) throw Error(ErrorCode::ClusterThresholdOutsideRangeDistancesS, {num(t)});
}

// max_dist[i]: the largest merge distance in the subtree of row i (the
// cophenetic criterion fcluster applies; equal to z[i][2] when monotone).
std::vector<double> maxDistances(const LinkageMatrix& z, int n) {
    std::vector<double> md(z.size());
    for (size_t i = 0; i < z.size(); ++i) {
        double m = z[i][2];
        for (int c = 0; c < 2; ++c) {
            const int id = int(z[i][size_t(c)]);
            if (id >= n) m = std::max(m, md[size_t(id - n)]);
        }
        md[i] = m;
    }
    return md;
}

// Units under cluster `id`, in the left-to-right order of the tree.
void collectLeaves(const LinkageMatrix& z, int n, int id, std::vector<int>& out) {
    std::vector<int> stack{id};
    while (!stack.empty()) {
        const int c = stack.back();
        stack.pop_back();
        if (c < n) {
            out.push_back(c);
            continue;
        }
        stack.push_back(int(z[size_t(c - n)][1]));
        stack.push_back(int(z[size_t(c - n)][0]));
    }
}

} // namespace

void validateSimilarity(const Eigen::MatrixXd& s) {
    checkSquareFinite(s, ErrorCode::ClusterSimilarityMatrix);
    for (Eigen::Index r = 0; r < s.rows(); ++r)
        for (Eigen::Index c = r + 1; c < s.cols(); ++c)
            if (std::abs(s(r, c) - s(c, r)) > 1e-6)
                throw Error(ErrorCode::ClusterSimilarityMatrixNotSymmetricValue,
                            {std::to_string(r), std::to_string(c), num(s(r, c)), std::to_string(c), std::to_string(r),
                             num(s(c, r))});
}

Eigen::MatrixXd similarityToDistance(const Eigen::MatrixXd& s) {
    validateSimilarity(s);
    Eigen::MatrixXd d = Eigen::MatrixXd::Ones(s.rows(), s.cols()) - s;
    Eigen::MatrixXd out = (d + d.transpose()) / 2.0;
    out.diagonal().setZero();
    return out;
}

LinkageMatrix linkage(const Eigen::MatrixXd& distance, LinkageMethod method) {
    checkSquareFinite(distance, ErrorCode::ClusterDistanceMatrix);
    const int n = int(distance.rows());
    Square d = upperMirrored(distance);
    std::vector<RawMerge> raw;
    switch (method) {
    case LinkageMethod::Single: raw = mstSingle(d, n); break;
    case LinkageMethod::Complete: raw = nnChain<LinkageMethod::Complete>(std::move(d), n); break;
    case LinkageMethod::Average: raw = nnChain<LinkageMethod::Average>(std::move(d), n); break;
    case LinkageMethod::Weighted: raw = nnChain<LinkageMethod::Weighted>(std::move(d), n); break;
    case LinkageMethod::Ward: raw = nnChain<LinkageMethod::Ward>(std::move(d), n); break;
    }
    return sortAndLabel(std::move(raw), n);
}

// Contiguous clustering keeps the clusters as consecutive ranges of units in
// a list, the full matrix of cluster distances (updated with the same
// Lance–Williams rule as linkage(), so distances of non-adjacent clusters stay
// exact too), and merges at each step the adjacent pair with the smallest
// distance. Ties: the leftmost such pair (lowest first unit) is merged. Rows
// are kept in merge order and numbered n + row; they are not sorted by
// distance, because with the adjacency constraint merge distances need not
// increase (only complete linkage is guaranteed monotone), and sorting would
// put a cluster after a row that uses it.
// Ward works on squared distances, D2(x+y, i) = ((n_i + n_x) D2(x, i) +
// (n_i + n_y) D2(y, i) - n_i D2(x, y)) / (n_x + n_y + n_i), the same rule as
// linkage() before its square root. Without the global reciprocal nearest
// neighbours, D2 can turn negative on a matrix that is not Euclidean (such as
// 1 - S); pairs are compared by the signed D2 and the row reports
// sqrt(max(D2, 0)), so no NaN arises.
LinkageMatrix contiguousLinkage(const Eigen::MatrixXd& distance, LinkageMethod method) {
    checkSquareFinite(distance, ErrorCode::ClusterDistanceMatrix);
    const int n = int(distance.rows());
    Square sq = upperMirrored(distance);
    double* const d = sq.v.get();
    const bool ward = method == LinkageMethod::Ward;
    if (ward)
        for (size_t k = 0; k < size_t(n) * size_t(n); ++k) {
            d[k] = d[k] * d[k];
            if (!std::isfinite(d[k])) throwOverflow(method);
        }
    // Live clusters in unit order; a cluster lives in the slot of its first
    // unit. next links each live slot to the one on its right (-1 at the end).
    std::vector<int> next(static_cast<size_t>(n)), size(size_t(n), 1), id(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        next[size_t(i)] = i + 1 < n ? i + 1 : -1;
        id[size_t(i)] = i;
    }
    LinkageMatrix z;
    z.reserve(size_t(n - 1));
    for (int k = 0; k < n - 1; ++k) {
        int x = -1;
        double best = kInf;
        for (int a = 0; a != -1; a = next[size_t(a)]) {
            const int b = next[size_t(a)];
            if (b == -1) break;
            const double v = d[size_t(a) * size_t(n) + size_t(b)];
            if (x == -1 || v < best) {
                best = v;
                x = a;
            }
        }
        const int y = next[size_t(x)];
        const int nx = size[size_t(x)], ny = size[size_t(y)];
        const int ida = id[size_t(x)], idb = id[size_t(y)];
        z.push_back({double(std::min(ida, idb)), double(std::max(ida, idb)),
                     ward ? std::sqrt(std::max(best, 0.0)) : best, double(nx + ny)});
        // The merged cluster keeps slot x; slot y dies.
        for (int i = 0; i != -1; i = next[size_t(i)]) {
            if (i == x || i == y) continue;
            const double dxi = d[size_t(i) * size_t(n) + size_t(x)], dyi = d[size_t(i) * size_t(n) + size_t(y)];
            const int ni = size[size_t(i)];
            const double v =
                ward ? (double(ni + nx) * dxi + double(ni + ny) * dyi - double(ni) * best) / double(nx + ny + ni)
                     : lanceWilliams(method, dxi, dyi, best, nx, ny, ni);
            if (!std::isfinite(v)) throwOverflow(method);
            d[size_t(i) * size_t(n) + size_t(x)] = v;
            d[size_t(x) * size_t(n) + size_t(i)] = v;
        }
        size[size_t(x)] = nx + ny;
        size[size_t(y)] = 0;
        id[size_t(x)] = n + k;
        next[size_t(x)] = next[size_t(y)];
    }
    return z;
}

std::vector<int> unitKinds(const std::vector<std::string>& names) {
    std::vector<std::string> seen;
    std::vector<int> kinds;
    for (const auto& name : names) {
        std::string kind = name.substr(0, name.find(' '));
        // Layers of different attention types are kinds of their own.
        if (!name.empty() && name.back() == ')' && name.find(" (") != std::string::npos)
            kind += name.substr(name.rfind(" ("));
        const auto it = std::find(seen.begin(), seen.end(), kind);
        kinds.push_back(int(it - seen.begin()));
        if (it == seen.end()) seen.push_back(kind);
    }
    return kinds;
}

// Each kind's tree is computed on the kind's own submatrix and its rows are
// recorded as merges of representative units (a cluster's first leaf), so
// that sortAndLabel can renumber them in the whole matrix's numbering. The
// joins of the kinds come last, all at one height above any threshold;
// stable sorting keeps each kind's rows in their own order. Contiguous rows
// are not sorted (see contiguousLinkage): the kinds' rows follow each other.
LinkageMatrix linkageByKind(const Eigen::MatrixXd& distance, LinkageMethod method, bool contiguous,
                            const std::vector<int>& kinds) {
    auto whole = [&] { return contiguous ? contiguousLinkage(distance, method) : linkage(distance, method); };
    if (kinds.empty()) return whole();
    checkSquareFinite(distance, ErrorCode::ClusterDistanceMatrix);
    const int n = int(distance.rows());
    if (int(kinds.size()) != n) throw std::invalid_argument("linkageByKind: one kind per unit expected");
    std::vector<std::vector<int>> members;
    for (int u = 0; u < n; ++u) {
        if (kinds[size_t(u)] < 0) throw std::invalid_argument("linkageByKind: negative kind");
        if (size_t(kinds[size_t(u)]) >= members.size()) members.resize(size_t(kinds[size_t(u)]) + 1);
        members[size_t(kinds[size_t(u)])].push_back(u);
    }
    members.erase(std::remove_if(members.begin(), members.end(), [](const auto& m) { return m.empty(); }),
                  members.end());
    if (members.size() < 2) return whole();
    std::vector<RawMerge> raw;
    double top = 2.0;
    for (const auto& units : members) {
        const int m = int(units.size());
        if (m < 2) continue;
        Eigen::MatrixXd sub(m, m);
        for (int i = 0; i < m; ++i)
            for (int j = 0; j < m; ++j) sub(i, j) = distance(units[size_t(i)], units[size_t(j)]);
        const LinkageMatrix z = contiguous ? contiguousLinkage(sub, method) : linkage(sub, method);
        std::vector<int> rep(units);
        for (const auto& row : z) {
            const int a = rep[size_t(row[0])], b = rep[size_t(row[1])];
            rep.push_back(std::min(a, b));
            raw.push_back({a, b, row[2]});
            top = std::max(top, row[2]);
        }
    }
    const double join = std::nextafter(top, kInf);
    for (size_t k = 1; k < members.size(); ++k) raw.push_back({members[0].front(), members[k].front(), join});
    return sortAndLabel(std::move(raw), n, !contiguous);
}

// fcluster(Z, t, 'distance'): a depth-first walk from the root that enters
// the left child's subtree, then the right child's, then labels the node's
// leaf children (left, then right). The first node met on a path whose
// subtree's largest merge distance is <= t leads a flat cluster: every leaf
// below it gets that cluster's number. A leaf not under any such node is a
// cluster of its own. Numbers count up from 1 in the order clusters are met.
std::vector<int> cutTree(const LinkageMatrix& z, double threshold) {
    checkThreshold(threshold);
    const int n = checkLinkage(z);
    const std::vector<double> md = maxDistances(z, n);
    std::vector<int> labels(size_t(n), 0);
    std::vector<char> visited(size_t(2 * n - 1), 0);
    std::vector<int> stack{2 * n - 2};
    int leader = -1, clusters = 0;
    while (!stack.empty()) {
        const int row = stack.back() - n;
        const int l = int(z[size_t(row)][0]), r = int(z[size_t(row)][1]);
        if (leader == -1 && md[size_t(row)] <= threshold) {
            leader = row;
            ++clusters;
        }
        if (l >= n && !visited[size_t(l)]) {
            visited[size_t(l)] = 1;
            stack.push_back(l);
            continue;
        }
        if (r >= n && !visited[size_t(r)]) {
            visited[size_t(r)] = 1;
            stack.push_back(r);
            continue;
        }
        for (int leaf : {l, r})
            if (leaf < n) {
                if (leader == -1) ++clusters;
                labels[size_t(leaf)] = clusters;
            }
        if (leader == row) leader = -1;
        stack.pop_back();
    }
    return labels;
}

std::vector<std::vector<int>> groupsFromLabels(const std::vector<int>& labels) {
    std::vector<std::vector<int>> groups;
    std::vector<int> sorted(labels);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::vector<long> index(sorted.size(), -1);
    for (size_t u = 0; u < labels.size(); ++u) {
        const size_t k = size_t(std::lower_bound(sorted.begin(), sorted.end(), labels[u]) - sorted.begin());
        if (index[k] < 0) {
            index[k] = long(groups.size());
            groups.emplace_back();
        }
        groups[size_t(index[k])].push_back(int(u));
    }
    return groups; // units visited in increasing order: groups sorted by first unit
}

// The cut's groups are the subtrees whose largest merge distance is <= t and
// whose parent's is not (and single units outside them), exactly as cutTree.
// keepFirstLast takes units 0 and n-1 out of their groups and makes them
// singletons. maxGroupSize then splits a group with more members (not
// counting units taken out) than the limit into the groups of the two child
// subtrees of its node in Z, recursively, until every group fits; a child
// left empty by the removed units is dropped. The result is ordered as
// groupsFromLabels orders groups: each sorted, by first unit.
std::vector<std::vector<int>> cutGroups(const LinkageMatrix& z, double threshold, const GroupConstraints& constraints) {
    if (constraints.maxGroupSize < 0)
        throw Error(ErrorCode::ClusterLargestGroupSizeUseNo, {std::to_string(constraints.maxGroupSize)});
    checkThreshold(threshold);
    const int n = checkLinkage(z);
    std::vector<char> pinned(size_t(n), 0);
    if (constraints.keepFirstLast) pinned[0] = pinned[size_t(n - 1)] = 1;

    // Top nodes of the cut: walk down from the root while the subtree's
    // largest merge distance exceeds the threshold.
    const std::vector<double> md = maxDistances(z, n);
    std::vector<int> tops, stack{2 * n - 2};
    while (!stack.empty()) {
        const int c = stack.back();
        stack.pop_back();
        if (c < n || md[size_t(c - n)] <= threshold) {
            tops.push_back(c);
            continue;
        }
        stack.push_back(int(z[size_t(c - n)][0]));
        stack.push_back(int(z[size_t(c - n)][1]));
    }

    std::vector<std::vector<int>> groups;
    const size_t limit = constraints.maxGroupSize > 0 ? size_t(constraints.maxGroupSize) : size_t(n);
    for (int top : tops) {
        std::vector<int> work{top};
        while (!work.empty()) {
            const int c = work.back();
            work.pop_back();
            std::vector<int> members, all;
            collectLeaves(z, n, c, all);
            for (int u : all)
                if (!pinned[size_t(u)]) members.push_back(u);
            if (members.empty()) continue;
            if (members.size() > limit && c >= n) {
                work.push_back(int(z[size_t(c - n)][0]));
                work.push_back(int(z[size_t(c - n)][1]));
                continue;
            }
            std::sort(members.begin(), members.end());
            groups.push_back(std::move(members));
        }
    }
    for (int u = 0; u < n; ++u)
        if (pinned[size_t(u)]) groups.push_back({u});
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
    return groups;
}

// Leaves left to right as scipy's dendrogram() places them with its default
// options: at each node the subtree of the row's first id, then the second.
// A leaf in slot k sits at x = k + 0.5; a link sits midway between its two
// children. A link belongs to a cut group when its subtree's largest merge
// distance is <= threshold (its height for monotone trees), so all of its
// leaves share that group; otherwise its group is -1.
DendrogramLayout dendrogramLayout(const LinkageMatrix& z, double threshold) {
    checkThreshold(threshold);
    const int n = checkLinkage(z);
    DendrogramLayout out;
    collectLeaves(z, n, 2 * n - 2, out.leafOrder);
    out.leafX.assign(size_t(n), 0);
    for (size_t k = 0; k < out.leafOrder.size(); ++k) out.leafX[size_t(out.leafOrder[k])] = double(k) + 0.5;

    const std::vector<int> labels = cutTree(z, threshold);
    const std::vector<std::vector<int>> groups = groupsFromLabels(labels);
    std::vector<int> groupOfUnit(size_t(n), -1);
    for (size_t g = 0; g < groups.size(); ++g)
        for (int u : groups[g]) groupOfUnit[size_t(u)] = int(g);
    const std::vector<double> md = maxDistances(z, n);

    // Children come before parents in Z, so one forward pass fills x and the
    // first leaf of every cluster.
    std::vector<double> x(size_t(2 * n - 1), 0), y(size_t(2 * n - 1), 0);
    std::vector<int> firstLeaf(size_t(2 * n - 1), 0);
    for (int u = 0; u < n; ++u) {
        x[size_t(u)] = out.leafX[size_t(u)];
        firstLeaf[size_t(u)] = u;
    }
    out.links.resize(z.size());
    for (size_t i = 0; i < z.size(); ++i) {
        DendrogramLink& link = out.links[i];
        link.left = int(z[i][0]);
        link.right = int(z[i][1]);
        link.xLeft = x[size_t(link.left)];
        link.xRight = x[size_t(link.right)];
        link.yLeft = y[size_t(link.left)];
        link.yRight = y[size_t(link.right)];
        link.height = z[i][2];
        const size_t id = size_t(n) + i;
        x[id] = (link.xLeft + link.xRight) / 2;
        y[id] = link.height;
        firstLeaf[id] = firstLeaf[size_t(link.left)];
        link.group = md[i] <= threshold ? groupOfUnit[size_t(firstLeaf[id])] : -1;
        out.maxHeight = std::max(out.maxHeight, link.height);
    }
    return out;
}

} // namespace sharelens
