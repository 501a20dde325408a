#!/usr/bin/env bash
# Distillation healing against plain fine-tuning: one `sharelens-cli
# finetune` per mode (none, logits, hidden, both) of the same model, plan and
# data, and per mode the shared run's mean step time (its steps after the
# first; the teacher's forward is part of it), the baseline's for comparison,
# the run's peak RSS (metrics.csv, reset when training starts) and the
# process's maximum RSS (/usr/bin/time: loading, the teacher's copy and the
# comparison included).
#   tests/bench/run-distill-bench.sh CLI MODEL PLAN (--text FILE | --token-ids IDS.json) [finetune options...]
# e.g. tests/bench/run-distill-bench.sh build/dev/app/sharelens-cli resources/demo analysis.json \
#        --text resources/text/kjv-genesis-kings.txt --steps 10 --batch 4 --seq-len 64
set -euo pipefail
cli="$1"
model="$2"
plan="$3"
shift 3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%-7s %14s %16s %14s %14s\n' mode "shared s/step" "baseline s/step" "train peak MiB" "process MiB"
for mode in none logits hidden both; do
    /usr/bin/time -f '%M' -o "$work/time-$mode" \
        "$cli" finetune "$model" --plan "$plan" "$@" --distill "$mode" --out "$work/$mode" >/dev/null 2>"$work/err-$mode" ||
        { tail -1 "$work/err-$mode"; continue; }
    python3 - "$work/$mode/metrics.csv" "$work/$mode/summary.json" "$(cat "$work/time-$mode")" "$mode" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
o = json.load(open(sys.argv[2]))["options"]
tokens = o["batch"] * o["seq_len"]
def secs(run):
    t = [tokens / float(r["tokens_per_s"]) for r in rows if r["run"] == run][1:]
    return sum(t) / max(1, len(t))
peak = max(int(r["peak_rss_bytes"]) for r in rows) / 2**20
print("%-7s %14.3f %16.3f %14.0f %14.0f" % (sys.argv[4], secs("shared"), secs("baseline"), peak,
                                           int(sys.argv[3]) / 1024))
PY
done
