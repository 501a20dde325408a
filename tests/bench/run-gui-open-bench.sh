#!/bin/sh
# The GUI's resident memory after it opens a model folder, under a virtual X
# server, and a screenshot of the window with the model open.
#
#   tests/bench/run-gui-open-bench.sh SHARELENS_BINARY MODEL_DIR SHOT.png [DISPLAY_NUMBER]
#
# MODEL_DIR: e.g. python3 tests/bench/make_scale_checkpoint.py --shape qwen2.5-0.5b --out /tmp/m
# Prints VmRSS, RssAnon and RssFile once the resident memory has not changed
# for 5 s (the open has finished: the window only waits for the user then),
# with the model's weight file size for the ratio. Ends the GUI it started.
set -eu
bin=$1
model=$2
shot=$3
num=${4:-97}
[ -x "$bin" ] || { echo "no executable $bin" >&2; exit 1; }
[ -d "$model" ] || { echo "no model folder $model" >&2; exit 1; }

xvfb-run -n "$num" -s "-screen 0 1400x900x24" "$bin" "$model" >/dev/null 2>&1 &
runner=$!
pid=""
for _ in $(seq 1 100); do
    pid=$(pgrep -P "$runner" -x "$(basename "$bin")" || true)
    [ -n "$pid" ] && break
    sleep 0.2
done
[ -n "$pid" ] || { echo "the GUI did not start" >&2; exit 1; }

trap 'kill "$pid" 2>/dev/null || true' EXIT
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
start=$(date +%s.%N)
last=$(rss)
same=0
while [ "$same" -lt 10 ]; do
    sleep 0.5
    now=$(rss)
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; last=$now; fi
done
end=$(date +%s.%N)
auth=$(tr '\0' '\n' <"/proc/$pid/environ" | sed -n 's/^XAUTHORITY=//p')
DISPLAY=":$num" XAUTHORITY="$auth" import -window root "$shot"
file=$(du -cb "$model"/*.safetensors | tail -1 | cut -f1)
grep -E '^(VmRSS|VmHWM|RssAnon|RssFile)' "/proc/$pid/status"
awk -v r="$last" -v f="$file" -v s="$start" -v e="$end" \
    'BEGIN { printf "weights file %.1f MiB; RSS %.1f MiB = %.2f x the file; settled after %.1f s (incl. 5 s idle)\n", f / 1048576, r / 1024, r * 1024 / f, e - s }'
kill "$pid"
trap - EXIT
wait "$runner" 2>/dev/null || true
