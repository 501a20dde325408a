#!/usr/bin/env bash
# Training throughput of the baseline GPT-2 model on this machine: one
# process with one step worker, one process splitting each batch over two
# step workers (threads mode), and two processes (a c10d/Gloo group on
# 127.0.0.1, started the torchrun way through the environment) with one step
# worker each; one BLAS thread everywhere. Prints each run's JSON line
# (tokens/s, communication seconds per step, the gradient reduction alone)
# and, for the two-process run, the compute/communication ratio.
#   tests/bench/run-dist-bench.sh [BUILD_DIR] [MODEL_DIR] [ROUNDS]
# Environment: BATCH, SEQ_LEN, STEPS, WARMUP (defaults 8, 128, 8, 2).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
model="${2:-$here/../../resources/demo}"
rounds="${3:-3}"
bench="$build/tests/bench/bench_dist"
args=(--batch "${BATCH:-8}" --seq-len "${SEQ_LEN:-128}" --steps "${STEPS:-8}" --warmup "${WARMUP:-2}")
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
for r in $(seq "$rounds"); do
    echo "round $r"
    echo -n "1 process, 1 worker:   "; "$bench" "$model" "${args[@]}" --threads 1
    echo -n "1 process, 2 workers:  "; "$bench" "$model" "${args[@]}" --threads 2
    p=$(port)
    echo -n "2 processes:           "
    WORLD_SIZE=2 RANK=1 LOCAL_RANK=1 LOCAL_WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$p \
        "$bench" "$model" "${args[@]}" &
    line=$(WORLD_SIZE=2 RANK=0 LOCAL_RANK=0 LOCAL_WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$p \
        "$bench" "$model" "${args[@]}")
    wait
    echo "$line"
    python3 -c 'import json,sys; j=json.loads(sys.argv[1]); c=j["step_s"]-j["comm_s_per_step"]; print("   compute %.3f s, in collectives %.3f s, gradient reduction alone %.4f s per step (%.1f MB): compute/communication %.0f" % (c, j["comm_s_per_step"], j["pure_reduce_s"], j["gradient_bytes"]/1e6, c/max(j["pure_reduce_s"],1e-9)))' "$line"
done
