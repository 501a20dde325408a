#!/usr/bin/env bash
# One training step of the baseline GPT-2 model: ShareLens (bench_train)
# against an equivalent PyTorch script (reference_train.py), alternating runs
# in the same invocation, same model, batch, sequence length and threads; and
# the shared model's state bytes (12 layers tied into 4 groups) against the
# baseline's and the plan's ratio.
#   tests/bench/run-train-bench.sh [BUILD_DIR] [MODEL_DIR] [ROUNDS]
# OMP_NUM_THREADS is deliberately not set: spinning OpenMP threads make
# LibTorch far slower on a loaded machine. The reference uses
# torch.set_num_threads(N) with N = the engine's torch::get_num_threads().
#
# Latest figures (2026-11-23, demo model, batch 8 x 128, 1 thread, 5 rounds):
# ShareLens 3830 tokens/s, reference 3924 tokens/s, 0.98x (pair ratios 0.49x
# .. 1.12x: the 2-core machine is shared); forward 1.03x, backward 0.96x,
# clip+AdamW 1.35x. Model state of the 12-layer model tied into 4 groups:
# 0.3513 of the baseline's, exactly the plan's parameter ratio. The 1.1x goal
# is NOT met: both sides run the same Debian LibTorch kernels (same BLAS,
# same fused GELU / softmax / layer norm), so per-op parity is expected; what
# would close it is work the reference cannot do, e.g. a fused causal
# attention kernel (no [B*heads, T, T] score/probability tensors kept for
# backward), a fused cross-entropy over the tied head, or a foreach/fused AdamW.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
model="${2:-$here/../../resources/demo}"
rounds="${3:-5}"
args=(--batch "${BATCH:-8}" --seq-len "${SEQ_LEN:-128}" --steps "${STEPS:-8}" --warmup "${WARMUP:-3}")
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for r in $(seq "$rounds"); do
    a=$("$build/tests/bench/bench_train" "$model" "${args[@]}")
    threads=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["threads"])' "$a")
    b=$(/usr/bin/python3 "$here/reference_train.py" "$model" "${args[@]}" --threads "$threads")
    echo "$a" >> "$out"
    echo "$b" >> "$out"
done
python3 - "$out" "$model" <<'PY'
import json, os, statistics, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
a, b = lines[0::2], lines[1::2]
med = lambda rs, k: statistics.median(r[k] for r in rs)
name = os.path.basename(os.path.normpath(sys.argv[2]))
print(f"training step, {name}, {a[0]['threads']} threads, {len(a)} alternating rounds (median)")
print(f"{'':24} {'ShareLens':>12} {'reference':>12} {'ratio':>8}")
for k, label in (("tokens_per_s", "tokens/s"), ("step_s", "step s"), ("forward_s", "forward s"),
                 ("backward_s", "backward s"), ("optimizer_s", "clip+AdamW s")):
    x, y = med(a, k), med(b, k)
    ratio = x / y if k == "tokens_per_s" else y / x
    print(f"{label:24} {x:12.4f} {y:12.4f} {ratio:7.2f}x")
# Each ShareLens run is paired with the reference run right after it, so the
# per-pair ratio sees nearly the same machine load; its median is the figure.
pairs = sorted(x["tokens_per_s"] / y["tokens_per_s"] for x, y in zip(a, b))
print(f"tokens/s ratio, median of {len(pairs)} adjacent pairs: {statistics.median(pairs):.2f}x"
      f"  (range {pairs[0]:.2f}x .. {pairs[-1]:.2f}x; goal >= 1.10x)")
last = a[-1]
ratio = last["shared_state_bytes"] / last["baseline_state_bytes"]
plan = last["plan_shared_parameters"] / last["plan_baseline_parameters"]
print(f"shared step tokens/s      {med(a, 'shared_tokens_per_s'):.1f}")
print(f"model state bytes         baseline {last['baseline_state_bytes']}  shared {last['shared_state_bytes']}"
      f"  ratio {ratio:.4f}  plan ratio {plan:.4f}")
print(f"peak RSS (ShareLens)      {last['peak_rss_bytes'] / 2**20:.1f} MiB")
PY
