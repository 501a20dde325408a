#!/usr/bin/env bash
# Four agents derived from the demo model, and the agents-mode figures of
# issue 7: the parameters a cross-agent sharing plan saves and each agent's
# validation loss before and after shared fine-tuning.
#   resources/make-demo-agents.sh [BUILD_DIR] [OUT_DIR] [THRESHOLD]
# 1. Slices of Genesis-2 Kings (text/kjv-genesis-kings.txt) at four places:
#    Genesis, Leviticus-Numbers, Joshua-Judges, Kings (120 kB each).
# 2. Each agent = the demo model fine-tuned STEPS (env, 40) steps of batch
#    BATCH (env, 8) x 128 bytes on its slice through
#    `sharelens-cli finetune` with a plan that shares nothing (the shared/
#    output is then simply the fine-tuned model).
# 3. `sharelens-cli analyze` of the four agents (layers level, Pearson, the
#    Psalms calibration text) and a cut at THRESHOLD: the cross-agent plan.
# 4. `sharelens-cli finetune` of the four agents with that plan, each on its
#    own slice: shared system against the unshared agents on the same batches
#    (SHARED_STEPS and SHARED_BATCH, env, default STEPS and BATCH).
# The agents are made one after another; on a busy machine run step 2 for the
# four slices in parallel (the same commands) and rerun: existing agents are kept.
# Prints a summary table; everything is in OUT_DIR. The figures in issue 7's
# note came from
#   STEPS=24 BATCH=4 SHARED_STEPS=20 SHARED_BATCH=4 resources/make-demo-agents.sh build/dev OUT 0.04
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build/dev}"
out="${2:-$here/../build/demo-agents}"
threshold="${3:-0.04}"
steps="${STEPS:-40}"                 # fine-tuning steps that make each agent
shared_steps="${SHARED_STEPS:-$steps}" # steps of the shared fine-tune
batch="${BATCH:-8}"
shared_batch="${SHARED_BATCH:-$batch}"  # batch of each agent in the shared fine-tune
cli="$build/app/sharelens-cli"
text="$here/text/kjv-genesis-kings.txt"
mkdir -p "$out"

names=(genesis numbers judges kings)
offsets=(0 400000 800000 1300000)
for i in 0 1 2 3; do
    dd if="$text" of="$out/${names[i]}.txt" iflag=skip_bytes,count_bytes skip="${offsets[i]}" count=120000 status=none
done

# A plan with every block its own group (threshold 0 merges nothing).
"$cli" analyze "$here/demo" --text "$here/text/calibration.txt" --sequences 8 --threshold 0 \
    --out "$out/demo-analysis" > /dev/null
for i in 0 1 2 3; do
    n="${names[i]}"
    if [ ! -f "$out/agents/$n/model.safetensors" ]; then
        "$cli" finetune "$here/demo" --plan "$out/demo-analysis/analysis.json" --text "$out/$n.txt" \
            --steps "$steps" --batch "$batch" --seq-len 128 --lr 1e-3 --seed $((i + 1)) --eval-every 0 \
            --out "$out/train-$n" > /dev/null
        mkdir -p "$out/agents"
        rm -rf "$out/agents/$n"
        mv "$out/train-$n/shared" "$out/agents/$n"
    fi
done

agents=("$out/agents/genesis" "$out/agents/numbers" "$out/agents/judges" "$out/agents/kings")
"$cli" analyze "${agents[@]}" --text "$here/text/calibration.txt" --sequences 32 \
    --threshold "$threshold" --out "$out/analysis" > /dev/null
"$cli" finetune "${agents[@]}" --plan "$out/analysis/analysis.json" \
    --text "$out/genesis.txt" --text "$out/numbers.txt" --text "$out/judges.txt" --text "$out/kings.txt" \
    --steps "$shared_steps" --batch "$shared_batch" --seq-len 128 --lr 1e-3 --seed 1 --eval-every 0 \
    --out "$out/shared-finetune" > /dev/null

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
a = json.load(open(f"{out}/analysis/analysis.json"))
s = json.load(open(f"{out}/shared-finetune/summary.json"))
p = a["parameters"]
shared_groups = [g for g in a["groups"] if len(g) > 1]
print(f"units {len(a['units'])}, threshold {a['threshold']}, groups {len(a['groups'])} "
      f"({len(shared_groups)} shared across/within agents)")
for g in shared_groups:
    print("  shared:", ", ".join(a["units"][u] for u in g))
print(f"parameters: {p['baseline']} -> {p['shared']} (saved {p['baseline'] - p['shared']}, "
      f"{100 * (1 - p['shared'] / p['baseline']):.1f} %)")
print("agent similarity (Pearson, whole-model activations):")
for n, row in zip(a["agents"], a["agent_similarity"]):
    print(f"  {n['name']:>8} " + " ".join(f"{x:.5f}" for x in row))
print(f"{'agent':>8} {'unshared before':>16} {'unshared after':>15} {'shared before':>14} {'shared after':>13}")
for ag in s["agents"]:
    b, sh = ag["baseline"], ag["shared"]
    print(f"{ag['name']:>8} {b['validation_loss_before']:16.4f} {b['validation_loss_after']:15.4f} "
          f"{sh['validation_loss_before']:14.4f} {sh['validation_loss_after']:13.4f}")
for r in ("baseline", "shared"):
    x = s[r]
    print(f"{r}: parameters {x['parameters']}, model-state bytes {x.get('model_state_bytes')}, "
          f"{x.get('mean_tokens_per_s', 0):.0f} tokens/s, peak RSS {x.get('peak_rss_bytes', 0) / 2**20:.0f} MiB")
PY
