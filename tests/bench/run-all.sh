#!/usr/bin/env bash
# The whole benchmark suite: builds the release preset, runs every
# section with its reference in the same run, and ends with one table of
# ShareLens / reference / ratio. Each section also has its own script here.
#   tests/bench/run-all.sh            (about 5-10 minutes on the 2-core machine when idle)
# Environment: TRAIN_ROUNDS (default 3) and the variables of the section scripts
# (ROUNDS, DEFAULT_REF_SEQUENCES, STEPS_DEFAULT_REF: the default-threaded
# references, which oversubscribe a busy machine, run once and lighter).
# OMP_NUM_THREADS is deliberately not set (see run-train-bench.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
start=$(date +%s)
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
echo "== Build (release preset)"
cmake --preset release >/dev/null
targets=(bench_load bench_analysis bench_linkage bench_train bench_matmul bench_repaint bench_export sharelens-cli)
cmake --build --preset release --target "${targets[@]}" >/dev/null
build="$root/build/release"
echo "built in $(( $(date +%s) - start )) s; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

section() { # title, log name, command...
    local title="$1" name="$2"
    shift 2
    echo
    echo "== $title"
    # A failing section is reported and the rest still run (and the table is still printed).
    "$@" 2>&1 | tee "$logs/$name.txt" || echo "(section '$title' failed with exit status $?)"
}
section "Matrix-multiply ceiling (1024^2 float32 through LibTorch's OpenBLAS), 1 and 2 BLAS threads" matmul \
    bash -c "OPENBLAS_NUM_THREADS=1 '$build/tests/bench/bench_matmul' 1024; OPENBLAS_NUM_THREADS=2 '$build/tests/bench/bench_matmul' 1024"
section "Checkpoint open (mapping vs reading the file)" load "$here/run-load-bench.sh" "$build"
section "Activation capture + Pearson similarity vs PyTorch/numpy" analysis "$here/run-analysis-bench.sh" "$build"
section "Linkage vs SciPy" linkage "$here/run-linkage-bench.sh" "$build"
section "Threshold change to repaint done (widgets)" repaint env QT_QPA_PLATFORM=offscreen "$build/tests/widgets/bench_repaint"
section "Training step vs PyTorch" train "$here/run-train-bench.sh" "$build" "$root/resources/demo" "${TRAIN_ROUNDS:-3}"
section "Export" export "$here/run-export-bench.sh" "$build"

echo
echo "== Summary (ratio > 1: ShareLens faster or smaller; all measured in this run;" \
     "$(( $(date +%s) - start )) s including the build)"
python3 - "$logs" <<'PY'
import json, os, re, sys
d = sys.argv[1]
def read(n):
    p = os.path.join(d, n + ".txt")
    return open(p).read() if os.path.exists(p) else ""
rows = []
def row(what, a, b, r):
    rows.append((what, a, b, r))

m = [json.loads(l) for l in read("matmul").splitlines() if l.startswith("{")]
ceil1 = m[0]["gflops_median"] if m else float("nan")
ceil1cpu = m[0].get("gflops_cpu_median", float("nan")) if m else float("nan")
ceil2 = m[1]["gflops_median"] if len(m) == 2 else float("nan")
if len(m) == 2:
    row("matmul ceiling 1024^2 f32 (GFLOP/s)", f"{m[0]['gflops_median']:.0f} (1 BLAS thread)",
        f"{m[1]['gflops_median']:.0f} (2 BLAS threads)", "")

t = read("load")
g = {k: re.search(rf"^{re.escape(k)}\s+([\d.]+)\s+([\d.]+)\s+([-\d.]+)", t, re.M)
     for k in ("open headers", "load model (map)", "first forward (pages touched)", "reference: read file into RAM")}
if all(g.values()):
    ml, rd = float(g["load model (map)"].group(1)), float(g["reference: read file into RAM"].group(1))
    row("checkpoint open, 489 MiB F32 (time)", f"{ml*1e3:.0f} ms (map)" if ml >= 1e-3 else "< 1 ms (map)",
        f"{rd*1e3:.0f} ms (read)", f"{rd/ml:.0f}x" if ml >= 1e-3 else f"> {rd/1e-3:.0f}x")
    mm = re.search(r"after a forward = ([\d.]+) x file size .*reference copy: ([\d.]+) x", t)
    if mm:
        row("checkpoint open (RSS growth / file)", f"{float(mm.group(1)):.2f}x file",
            f"{float(mm.group(2)):.2f}x file (copy)", "")

for l in read("analysis").splitlines():
    if l.startswith("SUMMARY "):
        j = json.loads(l[8:])
        row(f"capture+Pearson {j['model']} ({j['tokens']} tok, tokens/s)", f"{j['sl_tps']:.0f}",
            f"{j['ref_tps']:.0f}", f"{j['ratio']:.2f}x")
        if "ref_matched_tps" in j:
            th = j['blas'] * j.get('workers', 1)
            row(f"  same, reference with {th} BLAS thread(s) (ShareLens: {j.get('workers', 1)} worker(s))", "",
                f"{j['ref_matched_tps']:.0f}",
                f"{j['ratio_matched']:.2f}x" if "ratio_matched" in j else f"{j['sl_tps']/j['ref_matched_tps']:.2f}x")
        if "ratio_matched_cpu" in j:
            row("  same, matched, tokens per CPU-second", f"{j['sl_cpu_tps']:.0f}", f"{j['ref_matched_cpu_tps']:.0f}",
                f"{j['ratio_matched_cpu']:.2f}x")
        w = j.get('workers', 1)
        ceil = ceil2 if w == 2 else ceil1
        row(f"  forward {j['model']} (GFLOP/s, of {2 if w == 2 else 1}-thread ceiling)", f"{j['gflops']:.1f}",
            f"ceiling {ceil:.1f}", f"{j['gflops']/ceil*100:.0f}%")
        if "gflops_cpu" in j and ceil1cpu == ceil1cpu:
            row(f"  same per CPU-second (of the 1-thread ceiling)", f"{j['gflops_cpu']:.1f}", f"ceiling {ceil1cpu:.1f}",
                f"{j['gflops_cpu']/ceil1cpu*100:.0f}%")

for l in read("linkage").splitlines():
    p = l.split()
    if len(p) == 5 and p[1].isdigit():
        row(f"linkage {p[0]} n={p[1]} (ms)", f"{float(p[2]):.2f}", f"{float(p[3]):.2f} (SciPy)",
            f"{float(p[3])/float(p[2]):.2f}x")

for l in read("repaint").splitlines():
    mm = re.match(r"(dendrogram setThreshold\+repaint|heatmap setGroups\+repaint)\s+n=(\d+)\s+median\s+([\d.]+) ms\s+p95\s+([\d.]+)", l)
    if mm:
        row(f"threshold->repaint {mm.group(1).split()[0]} n={mm.group(2)} (ms)",
            f"{float(mm.group(3)):.1f} (p95 {float(mm.group(4)):.1f})", "goal 16", "")

t = read("train")
for l in t.splitlines():
    if l.startswith("SUMMARY "):
        j = json.loads(l[8:])
        row("training step baseline, demo 8x128 (tokens/s)", f"{j['sl_tps']:.0f}", f"{j['ref_tps']:.0f}",
            f"{j['ratio']:.2f}x")
        rm, rs = j["range_matched"], j["range_single"]
        cpus = j["blas"] * j["workers"]
        row(f"  same, reference on the same {cpus} CPU(s) ({j['rounds']} rounds)", f"{j['workers']} step workers",
            f"{j['ref_matched_tps']:.0f}", f"{j['ratio_matched']:.2f}x ({rm[0]:.2f}-{rm[1]:.2f})")
        row("  same, reference on 1 thread (its fastest here)", "", f"{j['ref_single_tps']:.0f}",
            f"{j['ratio_single']:.2f}x ({rs[0]:.2f}-{rs[1]:.2f})")
        row("  tokens per CPU-second, vs the 1-thread reference", f"{j['sl_cpu_tps']:.0f}",
            f"{j['ref_single_cpu_tps']:.0f}", f"{j['ratio_single_cpu']:.2f}x")
        row("training step shared, 12 -> 4 groups (tokens/s)", f"{j['shared_tps']:.0f}", "", "")
        row("model-state bytes shared / baseline", f"{j['shared_state']} / {j['base_state']}",
            f"plan {j['plan_ratio']:.4f}", f"{j['state_ratio']:.4f}")
        row("peak RSS, baseline step (MiB)", f"{j['sl_rss_base']/2**20:.0f}", f"{j['ref_rss']/2**20:.0f}",
            f"{j['ref_rss']/j['sl_rss_base']:.2f}x")
        row("peak RSS, + shared model (MiB)", f"{j['sl_rss']/2**20:.0f}", "", "")

t = read("export")
exp = [l for l in t.splitlines() if l.startswith("SUMMARY ")]
if exp:
    for l in exp:
        j = json.loads(l[8:])
        row(j.get("what", "export"), str(j.get("sharelens", "")), str(j.get("reference", "")), str(j.get("ratio", "")))
else:
    row("export", "no result (see the Export section above)", "", "")

w = [max(len(r[i]) for r in rows + [("what", "ShareLens", "reference", "ratio")]) for i in range(4)]
fmt = lambda r: f"| {r[0]:<{w[0]}} | {r[1]:>{w[1]}} | {r[2]:>{w[2]}} | {r[3]:>{w[3]}} |"
print(fmt(("what", "ShareLens", "reference", "ratio")))
print("|" + "|".join("-" * (x + 2) for x in w) + "|")
for r in rows:
    print(fmt(r))
PY
echo "total $(( $(date +%s) - start )) s"
