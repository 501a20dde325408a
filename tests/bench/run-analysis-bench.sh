#!/usr/bin/env bash
# Capture + Pearson similarity: ShareLens against the PyTorch/numpy reference,
# in the same run, on the demo model and on a generated 12-layer width-512
# model, over 32,768 tokens each. The reference runs twice: as a notebook runs
# it (Debian's defaults, OpenBLAS on every CPU) and with OpenBLAS given the
# threads ShareLens uses ("matched": its capture workers x the BLAS threads of
# each; by default one worker per CPU with one BLAS thread each). ROUNDS (default 1) repeats ShareLens and the
# matched reference; the default-threaded reference, which oversubscribes a
# busy machine, runs in the first round only and over the first
# DEFAULT_REF_SEQUENCES (default 32 of the 128) sequences, compared as
# tokens per second. Every run also reports CPU
# seconds of its process (steady under load; see run-train-bench.sh).
# MODELS=w512 (or demo) runs one model only.
#   tests/bench/run-analysis-bench.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
rounds="${ROUNDS:-1}"
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
printf '%-10s %12s %12s %7s %12s %7s %9s\n' "model" "ShareLens s" "reference s" "ratio" "ref match s" "ratio" "GFLOP/s"
models=()
case "${MODELS:-demo w512}" in *demo*) models+=("$here/../../resources/demo");; esac
case "${MODELS:-demo w512}" in *w512*) models+=("$tmp/w512");; esac
for m in "${models[@]}"; do
    : > "$tmp/runs.txt"
    for r in $(seq "$rounds"); do
        a=$("$build/tests/bench/bench_analysis" "$m" "$tmp/ids.json")
        blas=$(python3 -c 'import json,sys; j = json.loads(sys.argv[1]); print(j["blas_threads"] * j["workers"])' "$a")
        [ "$r" = 1 ] && b=$(/usr/bin/python3 "$here/reference_analysis.py" "$m" "$tmp/ids.json" "${DEFAULT_REF_SEQUENCES:-32}")
        c=$(OPENBLAS_NUM_THREADS="$blas" /usr/bin/python3 "$here/reference_analysis.py" "$m" "$tmp/ids.json")
        printf '%s\n%s\n%s\n' "$a" "$b" "$c" >> "$tmp/runs.txt"
    done
    python3 - "$m" "$tmp/runs.txt" <<'PY'
import json, os, statistics, sys
m = sys.argv[1]
lines = [json.loads(l) for l in open(sys.argv[2])]
a, b, c = lines[0::3], lines[1::3][:1], lines[2::3]  # b: round 1 only (repeated after)
for x, y, z in zip(a, lines[1::3], c):
    # The matched reference sees the same tokens: the same similarity. (The
    # default-threaded one may see fewer tokens: checked only when it does not.)
    assert abs(x["s01"] - z["s01"]) < 1e-4, (x["s01"], z["s01"])
    assert y["tokens"] != x["tokens"] or abs(x["s01"] - y["s01"]) < 1e-4, (x["s01"], y["s01"])
med = lambda rs, k: statistics.median(r[k] for r in rs)
ratio = statistics.median(x["tokens"] / x["seconds"] / (y["tokens"] / y["seconds"]) for x, y in zip(a, b))
ratio_m = statistics.median(z["seconds"] / x["seconds"] for x, z in zip(a, c))
rs = sorted(z["seconds"] / x["seconds"] for x, z in zip(a, c))
cpu = all("cpu_seconds" in r for r in a + c)
if cpu:
    rc = sorted(z["cpu_seconds"] / x["cpu_seconds"] for x, z in zip(a, c))
name = os.path.basename(os.path.normpath(m))
sa, sb, sc = med(a, "seconds"), med(b, "seconds"), med(c, "seconds")
print(f'{name:<10} {sa:12.3f} {sb:12.3f} {ratio:6.2f}x {sc:12.3f} {ratio_m:6.2f}x {med(a, "gflops"):9.1f}'
      f'   (forward alone {med(a, "forward_only_seconds"):.3f} s)')
if b[0]["tokens"] != a[0]["tokens"]:
    print(f'{"":10} (the default-threaded reference ran over {int(b[0]["tokens"])} tokens; its ratio is of tokens/s)')
if len(a) > 1:
    print(f'{"":10} ratio vs matched reference over {len(a)} rounds: median {ratio_m:.2f}x, range {rs[0]:.2f}x .. {rs[-1]:.2f}x')
if cpu:
    print(f'{"":10} CPU seconds: ShareLens {med(a, "cpu_seconds"):.3f}, matched reference {med(c, "cpu_seconds"):.3f},'
          f' ratio median {statistics.median(rc):.2f}x (range {rc[0]:.2f}x .. {rc[-1]:.2f}x; goal >= 2x at width 512)')
tokens = a[0]["tokens"]
print("SUMMARY " + json.dumps({"model": name, "tokens": int(tokens), "sl_tps": tokens / sa, "ref_tps": b[0]["tokens"] / sb,
                               "ratio": ratio, "ref_matched_tps": tokens / sc, "blas": a[0]["blas_threads"], "workers": a[0]["workers"],
                               "gflops": med(a, "gflops"), "ratio_matched": ratio_m, "range_matched": [rs[0], rs[-1]],
                               "rounds": len(a),
                               **({"gflops_cpu": med(a, "gflops_cpu")} if all("gflops_cpu" in r for r in a) else {}),
                               **({"sl_cpu_tps": tokens / med(a, "cpu_seconds"),
                                   "ref_matched_cpu_tps": tokens / med(c, "cpu_seconds"),
                                   "ratio_matched_cpu": statistics.median(rc), "range_matched_cpu": [rc[0], rc[-1]]}
                                  if cpu else {})}))
PY
done
