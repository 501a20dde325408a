#!/usr/bin/env bash
# Compute dtype (float32 against bfloat16) and storage-dtype residency on the
# demo and on generated BF16 checkpoints with real shapes (make_scale_checkpoint.py),
# one JSON line per figure:
#   tests/bench/run-compute-bench.sh [BUILD_DIR] [SHAPE ...]
# SHAPEs: smollm2-135m (default), qwen2.5-0.5b, llama-3.2-1b (one at a time:
# the 1 B shape needs about 2.5 GB of disk and up to 8 GB of memory; its
# training step is skipped).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
shift || true
shapes=("${@:-smollm2-135m}")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bench="$build/tests/bench/bench_compute"
echo "# demo (GPT-2, stored F16)"
"$bench" compare "$here/../../resources/demo" 4096 256 8
"$bench" rss "$here/../../resources/demo" f32 f32
"$bench" rss "$here/../../resources/demo" stored f32
for shape in "${shapes[@]}"; do
    echo "# $shape (random BF16 weights)"
    /usr/bin/python3 "$here/make_scale_checkpoint.py" --shape "$shape" --out "$tmp/$shape" >/dev/null
    train=4
    tokens=4096
    if [ "$shape" = llama-3.2-1b ]; then train=0; tokens=2048; fi
    "$bench" rss "$tmp/$shape" f32 f32
    "$bench" rss "$tmp/$shape" stored f32
    "$bench" rss "$tmp/$shape" stored bf16
    "$bench" compare "$tmp/$shape" "$tokens" 256 "$train"
    if [ "$shape" != llama-3.2-1b ]; then
        "$bench" forward "$tmp/$shape" 4 256
        "$bench" ops "$tmp/$shape" 4 256
    fi
    rm -rf "${tmp:?}/$shape"
done
