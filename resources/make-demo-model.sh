#!/usr/bin/env bash
# Reproduces resources/demo/: a 12-layer GPT-2-family model with a byte-level
# vocabulary, trained from scratch by ShareLens's own trainer on Genesis-2 Kings
# (King James Version, public domain; see text/extract-kjv.sh).
#   resources/make-demo-model.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build/release}"
"$build/app/sharelens-cli" pretrain \
    --text "$here/text/kjv-genesis-kings.txt" --out "$here/demo" \
    --family gpt2 --layers 12 --hidden 128 --heads 4 --context 256 \
    --steps 1200 --batch 16 --seq-len 128 --lr 3e-3 --seed 1 --val-fraction 0.04 \
    --eval-every 100 --dtype f16
