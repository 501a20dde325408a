#!/usr/bin/env bash
# Capture + Pearson similarity: ShareLens against the PyTorch/numpy reference,
# in the same run, on the demo model and on a generated 12-layer width-512
# model, over 32,768 tokens each.
#   tests/bench/run-analysis-bench.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/../reference/make_checkpoint.py" --family gpt2 --out "$tmp/w512" \
    --layers 12 --hidden 512 --heads 8 --vocab 256 --positions 256 >/dev/null
# Calibration ids: the demo's own text through its byte tokenizer (128 x 256).
python3 - "$here/../../resources/text/kjv-genesis-kings.txt" > "$tmp/ids.json" <<'PY'
import json, sys
b = open(sys.argv[1], "rb").read()[:128 * 256]
print(json.dumps([list(b[i:i + 256]) for i in range(0, len(b), 256)]))
PY
printf '%-28s %14s %14s %8s %10s\n' "model (32768 tokens)" "ShareLens s" "reference s" "ratio" "GFLOP/s"
for m in "$here/../../resources/demo" "$tmp/w512"; do
    a=$("$build/tests/bench/bench_analysis" "$m" "$tmp/ids.json")
    b=$(/usr/bin/python3 "$here/reference_analysis.py" "$m" "$tmp/ids.json")
    python3 - "$m" "$a" "$b" <<'PY'
import json, os, sys
m, a, b = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
assert abs(a["s01"] - b["s01"]) < 1e-4, (a["s01"], b["s01"])
name = os.path.basename(os.path.normpath(m))
print(f'{name:<28} {a["seconds"]:14.3f} {b["seconds"]:14.3f} {b["seconds"]/a["seconds"]:7.2f}x {a["gflops"]:10.1f}')
PY
done
