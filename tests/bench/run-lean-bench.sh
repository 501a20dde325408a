#!/usr/bin/env bash
# Lean healing: step time and peak resident memory of `sharelens-cli finetune`
# in each mode (--train all|shared, --baseline run|skip, --checkpointing) on a
# random-weight SmolLM2-135M-shaped checkpoint (30 layers, hidden 576,
# intermediate 1536, 9 heads, 3 kv heads, vocab 49152, tied embeddings, BF16;
# written by tests/reference/make_checkpoint.py, nothing downloaded), against
# the memory estimate the run prints before it starts (summary.json "memory").
#   tests/bench/run-lean-bench.sh [BUILD_DIR] [WORK_DIR]
# Environment: BATCH, SEQ_LEN, STEPS (defaults 2, 256, 3); MODES (default all
# eight, e.g. MODES="all,run,0 shared,skip,1").
# The plan ties layers 14..29 in pairs (8 groups of two): the shared model has
# 8 blocks fewer; --train shared trains those 8 blocks' tensors.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
work="${2:-$(mktemp -d)}"
cli="$build/app/sharelens-cli"
model="$work/smollm2-135m"
mkdir -p "$work"
if [ ! -f "$model/model.safetensors" ]; then
    python3 "$here/../reference/make_checkpoint.py" --family llama --out "$model" --dtype bf16 --layers 30 \
        --hidden 576 --heads 9 --kv-heads 3 --vocab 49152 --positions 2048 --tied --seed 1
fi
python3 - "$work" <<'PY'
import json, random, sys
work = sys.argv[1]
random.seed(1)
json.dump([[random.randrange(49152) for _ in range(30000)]], open(work + "/ids.json", "w"))
units = [{"name": f"block {l}", "layer": l, "part": "block", "parameters": 0} for l in range(30)]
groups = [{"members": [l, l + 1]} for l in range(14, 30, 2)] + [{"members": [l]} for l in range(14)]
json.dump({"units": units, "groups": groups}, open(work + "/plan.json", "w"))
PY
modes="${MODES:-all,run,0 all,run,1 all,skip,0 all,skip,1 shared,run,0 shared,run,1 shared,skip,0 shared,skip,1}"
printf "%-44s %12s %12s %12s %8s\n" "mode" "step s" "estimate" "measured" "est/meas"
for m in $modes; do
    IFS=, read -r scope base ck <<<"$m"
    flags=(--train "$scope" --baseline "$base")
    [ "$ck" = 1 ] && flags+=(--checkpointing)
    out="$work/run-$scope-$base-$ck"
    "$cli" finetune "$model" --plan "$work/plan.json" --token-ids "$work/ids.json" --steps "${STEPS:-3}" \
        --batch "${BATCH:-2}" --seq-len "${SEQ_LEN:-256}" --val-fraction 0.01 --eval-every 0 --threads 1 \
        --out "$out" --force "${flags[@]}" >/dev/null 2>"$out.log" || { echo "$m failed: $(tail -1 "$out.log")"; continue; }
    python3 - "$out/metrics.csv" "$out/summary.json" "${flags[*]}" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
s = json.load(open(sys.argv[2]))
peak = max(int(r["peak_rss_bytes"]) for r in rows)
# Step time: the shared model's steps after the first (warm-up), tokens/s -> seconds.
tok = s["options"]["batch"] * s["options"]["seq_len"]
shared = [tok / float(r["tokens_per_s"]) for r in rows if r["run"] == "shared"][1:] or [0]
base = [tok / float(r["tokens_per_s"]) for r in rows if r["run"] == "baseline"][1:]
step = sum(shared) / len(shared) + (sum(base) / len(base) if base else 0)
est = s["memory"]["predicted_peak_bytes"]
g = 1 << 30
print(f"{sys.argv[3]:<44} {step:12.2f} {est / g:10.2f}Gi {peak / g:10.2f}Gi {est / peak:8.3f}")
PY
done
