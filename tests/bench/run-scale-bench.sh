#!/usr/bin/env bash
# The scale benchmark: random-weight BF16 checkpoints with the exact shapes of
# SmolLM2-135M, Qwen2.5-0.5B and Llama-3.2-1B (make_scale_checkpoint.py,
# nothing downloaded), each measured from open to export, and the SmolLM2
# shape's full workflow (analyse 16k tokens, fine-tune 50 steps lean, export
# compact) against its 15-minute goal. Prints one Markdown table.
#   tests/bench/run-scale-bench.sh [--quick] [BUILD_DIR] [WORK_DIR]
# --quick: the SmolLM2 shape only, with few tokens and a short training step,
# no workflow (a smoke check of a few minutes).
# Environment: SHAPES (default "smollm2-135m qwen2.5-0.5b llama-3.2-1b"),
# WORKFLOW=0 skips the workflow, KEEP=1 keeps the generated checkpoints.
# BUILD_DIR defaults to build/release (built here if sharelens-cli is missing),
# WORK_DIR to /tmp/scalebench. Per shape, in this order, one job at a time:
#   bench_compute rss      open, resident memory after open and after a
#                          forward of 512 tokens (stored BF16; f32 and bf16 compute)
#   bench_compute compare  capture + Pearson in f32 and bf16 (same ids)
#   reference_analysis.py  the PyTorch float32 reference on the same ids
#   bench_linkage, bench_repaint at the shape's unit count (its blocks)
#   sharelens-cli finetune --train shared --baseline skip --compute bf16
#                          (step time, peak RSS, the printed estimate)
#   sharelens-cli export --format compact (under /usr/bin/time -v)
# Before a big job the script waits (60 s polls, up to 15 min) until enough
# memory is available: 8 GB for analysis, 21 GB for the 1 B training step.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
quick=0
if [ "${1:-}" = --quick ]; then quick=1; shift; fi
build="${1:-$root/build/release}"
work="${2:-/tmp/scalebench}"
bench="$build/tests/bench"
cli="$build/app/sharelens-cli"
py=/usr/bin/python3
if [ "$quick" = 1 ]; then
    shapes=(smollm2-135m)
    workflow=0
else
    read -r -a shapes <<<"${SHAPES:-smollm2-135m qwen2.5-0.5b llama-3.2-1b}"
    workflow="${WORKFLOW:-1}"
fi
if [ ! -x "$cli" ] || [ ! -x "$bench/bench_compute" ]; then
    preset="$(basename "$build")"
    (cd "$root" && cmake --preset "$preset" >/dev/null &&
        cmake --build --preset "$preset" -j2 --target sharelens-cli bench_compute bench_matmul bench_linkage bench_repaint)
fi
mkdir -p "$work/models"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "${work:?}/models"' EXIT; fi

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# wait_mem GB: until MemAvailable >= GB (polls every 60 s, gives up after 15 min).
wait_mem() {
    local need=$1 tries=0
    while [ "$(awk '/MemAvailable/ {print int($2 / 1e6)}' /proc/meminfo)" -lt "$need" ]; do
        [ "$tries" -ge 15 ] && { log "less than $need GB available after 15 min; going on"; return 0; }
        log "waiting for $need GB of available memory"
        sleep 60
        tries=$((tries + 1))
    done
}

# stamp: prefixes each line with the time of day (where a run spends its time).
stamp() { while IFS= read -r l; do printf '%(%H:%M:%S)T %s\n' -1 "$l"; done; }

# timed NAME DIR CMD...: runs CMD under /usr/bin/time -v (DIR/NAME.time, DIR/NAME.log).
timed() {
    local name=$1 dir=$2
    shift 2
    /usr/bin/time -v -o "$dir/$name.time" "$@" 2>&1 | stamp >"$dir/$name.log" ||
        { log "$name failed: $(tail -2 "$dir/$name.log")"; return 1; }
}

model_for() {
    local m="$work/models/$1"
    if [ ! -f "$m/model.safetensors" ]; then
        log "$1: writing the checkpoint"
        "$py" "$here/make_scale_checkpoint.py" --shape "$1" --out "$m" >/dev/null
    fi
    echo "$m"
}

log "BF16 and float32 matrix-product ceilings"
{
    "$bench/bench_matmul" 4096 bf16 2048 8192 "$(nproc)"
    "$bench/bench_matmul" 4096 f32 2048 8192 "$(nproc)"
} >"$work/matmul.json"

run_shape() {
    local shape=$1 m d tokens train_b train_s steps mem
    m="$(model_for "$shape")"
    d="$work/$shape"
    rm -rf "$d" && mkdir -p "$d"
    cat /proc/loadavg >"$d/loadavg.txt"
    case "$shape" in
        llama-3.2-1b) tokens=2048 train_b=4 train_s=512 mem=21 ;; # 2 batches of 4 x 256: both capture workers busy
        qwen2.5-0.5b) tokens=2048 train_b=4 train_s=256 mem=12 ;;
        *) tokens=4096 train_b=4 train_s=256 mem=8 ;;
    esac
    steps=3 # the first step is a warm-up; the step time is the mean of the others
    [ "$shape" = llama-3.2-1b ] && steps=2
    if [ "$quick" = 1 ]; then tokens=1024 train_b=2 train_s=128 steps=2; fi
    "$py" "$here/scale_bench.py" prepare "$m" "$d" "$tokens" 256 $((train_b * (train_s + 1) * (steps + 2) * 2 + 4096))
    echo "$train_b $train_s $steps $mem" >"$d/train.txt"
    wait_mem 8
    log "$shape: open and resident memory"
    "$bench/bench_compute" rss "$m" stored f32 512 >"$d/rss_f32.json" || log "rss f32 failed"
    "$bench/bench_compute" rss "$m" stored bf16 512 >"$d/rss_bf16.json" || log "rss bf16 failed"
    log "$shape: capture + Pearson, $tokens tokens, f32 and bf16"
    "$bench/bench_compute" compare "$m" "$tokens" 256 0 pearson >"$d/compare.json" || log "compare failed"
    log "$shape: PyTorch reference"
    "$py" "$here/reference_analysis.py" "$m" "$d/ids.json" --blocks-only >"$d/reference.json" || log "reference failed"
    local units
    units="$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["num_hidden_layers"])' "$m/config.json")"
    "$bench/bench_linkage" "$units" >"$d/linkage.txt"
    QT_QPA_PLATFORM=offscreen "$build/tests/widgets/bench_repaint" "$units" >"$d/repaint.txt" 2>/dev/null ||
        log "repaint failed"
}

# train_shape SHAPE: the lean-healing step and the compact export (after every
# shape's analysis, so that the 1 B training step, the largest job, comes last).
train_shape() {
    local shape=$1 m d train_b train_s steps mem
    m="$work/models/$shape"
    d="$work/$shape"
    read -r train_b train_s steps mem <"$d/train.txt"
    wait_mem "$mem"
    log "$shape: lean healing, $steps steps of $train_b x $train_s"
    timed lean "$d" "$cli" finetune "$m" --plan "$d/plan.json" --token-ids "$d/train_ids.json" --steps "$steps" \
        --batch "$train_b" --seq-len "$train_s" --val-fraction 0.05 --eval-every 0 --train shared --baseline skip \
        --compute bf16 --out "$d/lean" --force || true
    log "$shape: compact export"
    timed export "$d" "$cli" export "$m" --plan "$d/plan.json" --format compact --out "$d/export" --force || true
}

if [ "$workflow" = 1 ]; then
    m="$(model_for smollm2-135m)"
    d="$work/workflow"
    rm -rf "$d" && mkdir -p "$d"
    "$py" "$here/scale_bench.py" prepare "$m" "$d" 16384 256 60000
    cat /proc/loadavg >"$d/loadavg.txt"
    log "workflow: analyse 16k tokens"
    timed analyze "$d" "$cli" analyze "$m" --token-ids "$d/ids.json" --seq-len 256 --compute bf16 --out "$d/analysis" || true
    log "workflow: fine-tune 50 steps lean"
    timed finetune "$d" "$cli" finetune "$m" --plan "$d/analysis/analysis.json" --token-ids "$d/train_ids.json" \
        --steps 50 --train shared --baseline skip --compute bf16 --out "$d/finetune" --force || true
    log "workflow: export compact"
    timed export "$d" "$cli" export "$d/finetune/shared" --format compact --dtype bf16 --out "$d/export" \
        --force || true
fi

for s in "${shapes[@]}"; do run_shape "$s"; done
# The 1 B training step, the largest job, last.
for s in "${shapes[@]}"; do [ "$s" = llama-3.2-1b ] || train_shape "$s"; done
for s in "${shapes[@]}"; do [ "$s" != llama-3.2-1b ] || train_shape "$s"; done

echo
echo "Scale benchmark, $(date -u +%Y-%m-%d), $(nproc) CPUs, load average now $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" "$here/scale_bench.py" table "$work" "${shapes[@]}"
