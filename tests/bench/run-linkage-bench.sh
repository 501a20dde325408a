#!/usr/bin/env bash
# Times sharelens::linkage against scipy.cluster.hierarchy.linkage (Debian's
# python3-scipy) on the same sizes and methods, in the same run, and prints
# the ratio ShareLens / SciPy per case (below 1: ShareLens is faster).
# The two sides alternate for ROUNDS rounds (default 3) and each keeps its
# best time per case, so a burst of load on this shared machine during one
# side's turn does not decide the ratio.
#   tests/bench/run-linkage-bench.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
rounds="${ROUNDS:-3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for ((r = 0; r < rounds; r++)); do
    "$build/tests/bench/bench_linkage" >>"$tmp/sharelens.txt"
    /usr/bin/python3 "$here/bench_linkage_scipy.py" >>"$tmp/scipy.txt"
done
best() { awk '{k = $1"/"$2; if (!(k in m) || $3 < m[k]) m[k] = $3} END {for (k in m) print k, m[k]}' "$1" | sort; }
printf '%-8s %6s %14s %14s %8s   (best of %d alternating rounds)\n' method n sharelens_ms scipy_ms ratio "$rounds"
join <(best "$tmp/sharelens.txt") <(best "$tmp/scipy.txt") |
    sort -t/ -k2,2n -k1,1 |
    awk '{split($1, k, "/"); printf "%-8s %6d %14.3f %14.3f %8.2f\n", k[1], k[2], $2 * 1000, $3 * 1000, $2 / $3}'
