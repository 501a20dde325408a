// Hierarchical clustering of units on d = 1 - S, compatible with SciPy:
// linkage() returns the same (n-1) x 4 merge matrix as
// scipy.cluster.hierarchy.linkage(squareform(D), method) — same merge order
// on ties, cluster numbering (original units 0..n-1, the cluster formed by
// row i is n+i) and sizes — and cutTree() the same labels as
// fcluster(Z, t, criterion='distance'). Torch-free; Eigen only.
#pragma once

#include <Eigen/Dense>

#include <array>
#include <string>
#include <vector>

namespace sharelens {

enum class LinkageMethod { Single, Complete, Average, Weighted, Ward };

const char* linkageName(LinkageMethod m); // "single", ...
bool parseLinkageMethod(const std::string& s, LinkageMethod& out);

// One row of the merge matrix: [cluster a, cluster b, distance, size], a < b.
using LinkageRow = std::array<double, 4>;
using LinkageMatrix = std::vector<LinkageRow>;

// Checks a similarity matrix: square, at least 2x2, finite, symmetric within
// 1e-6, diagonal within 1e-6 of 1 for correlation-like metrics is NOT required.
// Throws sharelens::Error saying which rule is broken and where (row, column).
void validateSimilarity(const Eigen::MatrixXd& s);

// d = 1 - S with an exact zero diagonal, symmetrised as (D + D^T) / 2.
Eigen::MatrixXd similarityToDistance(const Eigen::MatrixXd& s);

// Agglomerative clustering of a symmetric distance matrix with zero diagonal.
// Only the upper triangle is read, as squareform(D, checks=False) reads it.
// Throws sharelens::Error if D is not square, smaller than 2x2 or not finite.
// O(n^2) memory; O(n^2) time for single (MST) and the nearest-neighbour-chain
// methods where SciPy uses them (complete, average, weighted, ward).
LinkageMatrix linkage(const Eigen::MatrixXd& distance, LinkageMethod method);

// Contiguous-only clustering: only clusters that are adjacent in unit order
// may merge (the shape layer folding and recursive transformers need). Same
// output format; cluster distances by the same method's update rule.
LinkageMatrix contiguousLinkage(const Eigen::MatrixXd& distance, LinkageMethod method);

// Kinds of units named "<kind> <index>" ("attn 3", "mlp 3", "block 3"), or
// "<kind> <index> (<attention type>)" in models that mix sliding-window and
// global layers ("attn 3 (sliding)"): the text before the first space plus the
// attention type, numbered 0, 1, ... in order of first appearance.
std::vector<int> unitKinds(const std::vector<std::string>& names);

// Clustering in which units of different kinds never share a group: each kind
// is clustered on its own (linkage() or, with `contiguous`, contiguousLinkage()
// over that kind's units in unit order), and the kinds' trees are then joined
// at one height just above both 2 (the largest distance 1 - S can take, so
// above every threshold) and the highest merge within a kind. Row order and
// cluster numbering follow SciPy's format; non-contiguous rows are sorted by
// distance. With one kind (or empty `kinds`) it is linkage() or
// contiguousLinkage() itself. Throws as those do, or std::invalid_argument
// when `kinds` has a size other than the matrix's.
LinkageMatrix linkageByKind(const Eigen::MatrixXd& distance, LinkageMethod method, bool contiguous,
                            const std::vector<int>& kinds);

// fcluster(Z, t, criterion='distance'): flat labels 1..k per unit, numbered
// as SciPy numbers them. Throws sharelens::Error if t is outside [0, 2] or
// not finite (distances 1 - S lie in [0, 2]).
std::vector<int> cutTree(const LinkageMatrix& z, double threshold);

// Groups from labels: each group lists its units in increasing order; groups
// ordered by their first unit.
std::vector<std::vector<int>> groupsFromLabels(const std::vector<int>& labels);

struct GroupConstraints {
    bool keepFirstLast = false; // the first and last unit stay unshared (singletons)
    int maxGroupSize = 0;       // 0 = no limit; larger groups are split by
                                // descending into their subtree in Z
};

// Groups of the cut at `threshold` under the constraints.
std::vector<std::vector<int>> cutGroups(const LinkageMatrix& z, double threshold,
                                        const GroupConstraints& constraints = {});

// Geometry-free dendrogram layout, as scipy's dendrogram() orders leaves.
struct DendrogramLink {
    int left = 0, right = 0;      // child cluster ids (unit < n <= merged)
    double xLeft = 0, xRight = 0; // x of the children in leaf-slot units (leaf k at k + 0.5)
    double yLeft = 0, yRight = 0; // heights of the children (0 for leaves)
    double height = 0;            // merge distance
    int group = -1;               // index into cut groups when height <= threshold, else -1
};

struct DendrogramLayout {
    std::vector<int> leafOrder;        // units left to right
    std::vector<double> leafX;         // x of each unit (by unit index)
    std::vector<DendrogramLink> links; // one per row of Z, same order
    double maxHeight = 0;
};

DendrogramLayout dendrogramLayout(const LinkageMatrix& z, double threshold);

} // namespace sharelens
