#!/usr/bin/env bash
# Times sharelens::linkage against scipy.cluster.hierarchy.linkage (Debian's
# python3-scipy) on the same sizes and methods, in the same run, and prints
# the ratio ShareLens / SciPy per case (below 1: ShareLens is faster).
#   tests/bench/run-linkage-bench.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$build/tests/bench/bench_linkage" >"$tmp/sharelens.txt"
/usr/bin/python3 "$here/bench_linkage_scipy.py" >"$tmp/scipy.txt"
printf '%-8s %6s %14s %14s %8s\n' method n sharelens_ms scipy_ms ratio
join <(awk '{print $1"/"$2, $3}' "$tmp/sharelens.txt" | sort) \
     <(awk '{print $1"/"$2, $3}' "$tmp/scipy.txt" | sort) |
    sort -t/ -k2,2n -k1,1 |
    awk '{split($1, k, "/"); printf "%-8s %6d %14.3f %14.3f %8.2f\n", k[1], k[2], $2 * 1000, $3 * 1000, $2 / $3}'
