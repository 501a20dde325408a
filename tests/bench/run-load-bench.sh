#!/usr/bin/env bash
# Generates a checkpoint of a few hundred MB (F32, GPT-2 shaped) and prints
# load time and resident memory: mapping vs reading the file.
#   tests/bench/run-load-bench.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/../reference/make_checkpoint.py" --family gpt2 --out "$tmp/big" \
    --layers 6 --hidden 1024 --heads 16 --vocab 50257 --positions 1024 >/dev/null
sync
"$build/tests/bench/bench_load" "$tmp/big"
