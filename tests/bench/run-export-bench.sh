#!/usr/bin/env bash
# Export row: writing a 12-layer model (~85 MB F32) tied into 4 groups as a
# compact checkpoint (ShareLens) against torch.save of the same unique tensors
# (Debian's python3-torch), in the same run.
#   tests/bench/run-export-bench.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/../reference/make_checkpoint.py" --family gpt2 --out "$tmp/model" \
    --layers 12 --hidden 384 --heads 6 --vocab 256 --positions 128 >/dev/null
echo '[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]]' > "$tmp/ids.json"
# A plan of 4 contiguous groups of 3 blocks, made by the tool itself.
"$build/app/sharelens-cli" analyze "$tmp/model" --token-ids "$tmp/ids.json" --out "$tmp/an" >/dev/null 2>&1
/usr/bin/python3 - "$tmp/an/analysis.json" "$tmp/plan.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
plan = a["plan"]
plan["groups"] = [{"members": [3 * g, 3 * g + 1, 3 * g + 2], "init": "mean"} for g in range(4)]
json.dump(plan, open(sys.argv[2], "w"))
PY
sync
ours="$("$build/tests/bench/bench_export" "$tmp/model" "$tmp/plan.json" "$tmp/out")"
ref="$(/usr/bin/python3 "$here/reference_export.py" "$tmp/out/compact" "$tmp/ref")"
/usr/bin/python3 - "$ours" "$ref" <<'PY'
import json, sys
o, r = json.loads(sys.argv[1]), json.loads(sys.argv[2])
mb = o["compact_bytes"] / 1e6
print(f"export: compact checkpoint {mb:.1f} MB in {o['compact_s']*1000:.0f} ms "
      f"(Hugging Face folder {o['hf_bytes']/1e6:.1f} MB in {o['hf_s']*1000:.0f} ms)")
print(f"        torch.save of the same tensors {r['torch_save_s']*1000:.0f} ms, "
      f"python safetensors writer {r['python_safetensors_s']*1000:.0f} ms")
print(f"        ratio torch.save / ShareLens compact = {r['torch_save_s']/o['compact_s']:.2f}x")
# Rows for run-all's table (ShareLens writes atomically and fsyncs; the references do neither).
print("SUMMARY " + json.dumps({"what": "export compact, 12 layers -> 4 groups (ms)",
                               "sharelens": f"{o['compact_s']*1000:.0f} ({mb:.1f} MB, fsync)",
                               "reference": f"{r['torch_save_s']*1000:.0f} (torch.save)",
                               "ratio": f"{r['torch_save_s']/o['compact_s']:.2f}x"}))
print("SUMMARY " + json.dumps({"what": "  same, Python safetensors writer (ms)", "sharelens": "",
                               "reference": f"{r['python_safetensors_s']*1000:.0f}",
                               "ratio": f"{r['python_safetensors_s']/o['compact_s']:.2f}x"}))
PY
