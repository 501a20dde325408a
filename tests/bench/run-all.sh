#!/usr/bin/env bash
# The whole benchmark suite: builds the release preset, then prints every
# figure beside its reference measured in the same run.
#   tests/bench/run-all.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
cd "$root"
cmake --preset release >/dev/null
cmake --build --preset release --target bench_load bench_analysis bench_linkage bench_train bench_matmul \
    bench_repaint >/dev/null
build="$root/build/release"

echo "== Matrix-multiply ceiling (1024^2 float32 through LibTorch's BLAS)"
"$build/tests/bench/bench_matmul" 1024
echo
echo "== Checkpoint open (mapping vs reading the file)"
"$here/run-load-bench.sh" "$build"
echo
echo "== Activation capture + Pearson similarity vs PyTorch/numpy"
"$here/run-analysis-bench.sh" "$build"
echo
echo "== Linkage vs SciPy"
"$here/run-linkage-bench.sh" "$build"
echo
echo "== Threshold change to repaint done (widgets)"
QT_QPA_PLATFORM=offscreen "$build/tests/widgets/bench_repaint"
echo
echo "== Training step vs PyTorch"
"$here/run-train-bench.sh" "$build"
