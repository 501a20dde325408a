// The clustering behind `sharelens-cli cluster SIMILARITY.json`: the JSON
// reading lives in the CLI (which links Qt and LibTorch), so matrices are
// decoded from the fuzz bytes instead and go through validateSimilarity,
// similarityToDistance, linkage / contiguousLinkage, cutTree, cutGroups and
// dendrogramLayout.
//
// Input layout: byte 0 = n - 2 (n = 2..33), byte 1 = flags (bits 0-2 method,
// bit 3 contiguous, bit 4 raw doubles instead of a symmetric matrix from
// int8 steps, bit 5 keep first/last, bits 6-7 max group size), bytes 2-3 the
// threshold (0..2 in 1/32768 steps, 0xffff = NaN), then the entries.
#include "sharelens/cluster.h"
#include "sharelens/error.h"

#include "fuzz_util.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>

using namespace sharelens;

namespace {

// The n x n similarity from the bytes after the 4-byte prefix: raw doubles,
// or a symmetric matrix with a unit diagonal from int8 steps (ties on purpose).
Eigen::MatrixXd decodeSimilarity(int n, bool raw, const uint8_t* p, size_t left) {
    Eigen::MatrixXd s(n, n);
    if (raw) {
        for (int i = 0; i < n; ++i)
            for (int k = 0; k < n; ++k) {
                double v = 0;
                if (left >= 8) {
                    std::memcpy(&v, p, 8);
                    p += 8;
                    left -= 8;
                }
                s(i, k) = v;
            }
        return s;
    }
    for (int i = 0; i < n; ++i) {
        s(i, i) = 1.0;
        for (int k = i + 1; k < n; ++k) {
            double v = 0;
            if (left) {
                v = static_cast<int8_t>(*p++) / 127.0; // in [-1.008, 1]: ties on purpose
                --left;
            }
            s(i, k) = s(k, i) = v;
        }
    }
    return s;
}

// Reproducing: show what went in and came out.
void printCase(const Eigen::MatrixXd& s, const LinkageMatrix& z, LinkageMethod method, bool contiguous,
               double threshold) {
    const int n = static_cast<int>(s.rows());
    std::fprintf(stderr, "n=%d method=%s contiguous=%d threshold=%g\n", n, linkageName(method), contiguous, threshold);
    for (int i = 0; i < n; ++i) {
        for (int k = 0; k < n; ++k) std::fprintf(stderr, " %.17g", s(i, k));
        std::fprintf(stderr, "\n");
    }
    for (const auto& r : z) std::fprintf(stderr, "Z: %g %g %.17g %g\n", r[0], r[1], r[2], r[3]);
}

// SciPy's merge-matrix shape: n - 1 merges of two live clusters each.
void checkMerges(const LinkageMatrix& z, int n) {
    SHARELENS_FUZZ_CHECK(static_cast<int>(z.size()) == n - 1);
    std::vector<int> used(size_t(2 * n - 1), 0);
    for (size_t r = 0; r < z.size(); ++r) {
        const int a = static_cast<int>(z[r][0]), b = static_cast<int>(z[r][1]);
        SHARELENS_FUZZ_CHECK(z[r][0] == a && z[r][1] == b && 0 <= a && a < b && b < n + int(r));
        SHARELENS_FUZZ_CHECK(!used[size_t(a)]++ && !used[size_t(b)]++);
        SHARELENS_FUZZ_CHECK(!std::isnan(z[r][2]));
    }
    SHARELENS_FUZZ_CHECK(z.back()[3] == n);
}

// Every unit in exactly one group.
void checkPartition(const std::vector<std::vector<int>>& groups, int n, int maxGroupSize) {
    std::set<int> all;
    for (const auto& g : groups) {
        if (maxGroupSize) SHARELENS_FUZZ_CHECK(static_cast<int>(g.size()) <= maxGroupSize);
        for (int u : g) SHARELENS_FUZZ_CHECK(all.insert(u).second && u >= 0 && u < n);
    }
    SHARELENS_FUZZ_CHECK(static_cast<int>(all.size()) == n);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 4) return 0;
    const int n = 2 + data[0] % 32;
    const uint8_t flags = data[1];
    const LinkageMethod method = static_cast<LinkageMethod>((flags & 7) % 5);
    const bool contiguous = flags & 8;
    const uint16_t t16 = uint16_t(data[2] | (data[3] << 8));
    const double threshold = t16 == 0xffff ? std::nan("") : t16 / 32768.0;
    const Eigen::MatrixXd s = decodeSimilarity(n, flags & 16, data + 4, size - 4);
    try {
        validateSimilarity(s);
    } catch (const Error&) {
        return 0;
    }
    const Eigen::MatrixXd d = similarityToDistance(s);
    SHARELENS_FUZZ_CHECK(d.rows() == n && d.cols() == n);
    LinkageMatrix z;
    try {
        z = contiguous ? contiguousLinkage(d, method) : linkage(d, method);
    } catch (const Error&) {
        return 0;
    }
    if (std::getenv("SHARELENS_FUZZ_VERBOSE")) printCase(s, z, method, contiguous, threshold);
    checkMerges(z, n);

    std::vector<int> labels;
    try {
        labels = cutTree(z, threshold);
    } catch (const Error&) {
        SHARELENS_FUZZ_CHECK(!(threshold >= 0 && threshold <= 2));
        return 0;
    }
    SHARELENS_FUZZ_CHECK(static_cast<int>(labels.size()) == n);
    checkPartition(groupsFromLabels(labels), n, 0);

    GroupConstraints c;
    c.keepFirstLast = flags & 32;
    c.maxGroupSize = flags >> 6;
    checkPartition(cutGroups(z, threshold, c), n, c.maxGroupSize);

    const DendrogramLayout layout = dendrogramLayout(z, threshold);
    SHARELENS_FUZZ_CHECK(static_cast<int>(layout.leafOrder.size()) == n);
    SHARELENS_FUZZ_CHECK(layout.links.size() == z.size());
    return 0;
}
