#!/usr/bin/env python3
"""Helpers of run-scale-bench.sh: the inputs of one shape and the final table.

  scale_bench.py prepare MODEL_DIR OUT_DIR TOKENS SEQ_LEN TRAIN_TOKENS
      OUT_DIR/ids.json (TOKENS random ids in windows of SEQ_LEN),
      OUT_DIR/train_ids.json (one sequence of TRAIN_TOKENS ids) and
      OUT_DIR/plan.json (the upper half of the blocks tied in pairs).
  scale_bench.py table WORK_DIR SHAPE [SHAPE ...]
      reads what run-scale-bench.sh left in WORK_DIR and prints one Markdown
      table: a column per shape, the issue's goals beside the figures.

The matmul shares divide the useful floating-point work of a token (every
linear layer 2 flops per weight, causal attention with the average context
(T + 1) / 2; training: forward, input gradients from the first trained block
up, weight gradients of the trained blocks) by the measured time, against the
BF16 matrix-product rate that bench_matmul measured in the same run.
"""
import glob
import json
import os
import random
import re
import sys


def block_params(c):
    H, I = c["hidden_size"], c["intermediate_size"]
    hd = c.get("head_dim") or H // c["num_attention_heads"]
    q, kv = c["num_attention_heads"] * hd, c["num_key_value_heads"] * hd
    bias = (q + 2 * kv) if c["model_type"] == "qwen2" else 0
    return H * q + 2 * H * kv + q * H + 3 * H * I + bias + 2 * H, q


def plan_start(layers):
    """First tied block: the last 2 * (layers // 4) blocks are tied in pairs."""
    return layers - 2 * (layers // 4)


def prepare(model, out, tokens, seq, train_tokens):
    c = json.load(open(os.path.join(model, "config.json")))
    rng = random.Random(7)
    V, L = c["vocab_size"], c["num_hidden_layers"]
    os.makedirs(out, exist_ok=True)
    ids = [[rng.randrange(V) for _ in range(seq)] for _ in range(max(1, tokens // seq))]
    json.dump(ids, open(os.path.join(out, "ids.json"), "w"))
    json.dump([[rng.randrange(V) for _ in range(train_tokens)]], open(os.path.join(out, "train_ids.json"), "w"))
    s = plan_start(L)
    units = [{"name": f"block {i}", "layer": i, "part": "block", "parameters": 0} for i in range(L)]
    groups = [{"members": [i]} for i in range(s)] + [{"members": [i, i + 1]} for i in range(s, L, 2)]
    json.dump({"units": units, "groups": groups}, open(os.path.join(out, "plan.json"), "w"))


def flops_per_token(c, seq, training):
    L, H, V = c["num_hidden_layers"], c["hidden_size"], c["vocab_size"]
    P, q = block_params(c)
    attn = 4 * (seq + 1) / 2 * q  # QK^T and AV, per layer
    fwd_blocks = L * (2 * P + attn)
    if not training:
        return fwd_blocks
    head = 2 * H * V
    up = L - plan_start(L)  # blocks from the first trained one up
    bwd_input = up * (2 * P + 2 * attn) + head
    bwd_weight = up * 2 * P
    return fwd_blocks + head + bwd_input + bwd_weight


def read_json_lines(path):
    out = {}
    if not os.path.exists(path):
        return out
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            d = json.loads(line)
            out[d.get("what", d.get("dtype", "line"))] = d
    return out


def cpu_time(path):
    """CPU seconds (user + system) and the share of one CPU from /usr/bin/time -v."""
    t = open(path).read() if os.path.exists(path) else ""
    u = re.search(r"User time \(seconds\): ([\d.]+)", t)
    k = re.search(r"System time \(seconds\): ([\d.]+)", t)
    p = re.search(r"Percent of CPU this job got: (\d+)%", t)
    return (float(u.group(1)) + float(k.group(1)) if u and k else 0.0), (int(p.group(1)) if p else 0)


def read_time(path):
    """Wall seconds and peak RSS bytes from /usr/bin/time -v."""
    if not os.path.exists(path):
        return None, None
    t = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    secs = None
    if wall:
        h, m, s = wall.groups()
        secs = int(h or 0) * 3600 + int(m) * 60 + float(s)
    return secs, (int(rss.group(1)) * 1024 if rss else None)


def lean_figures(d):
    """Step seconds (mean after the first), peak RSS, predicted peak."""
    import csv
    mpath, spath = os.path.join(d, "lean", "metrics.csv"), os.path.join(d, "lean", "summary.json")
    if not (os.path.exists(mpath) and os.path.exists(spath)):
        return None
    rows = list(csv.DictReader(open(mpath)))
    s = json.load(open(spath))
    tok = s["options"]["batch"] * s["options"]["seq_len"]
    steps = [tok / float(r["tokens_per_s"]) for r in rows if r["run"] == "shared" and float(r["tokens_per_s"]) > 0]
    steps = steps[1:] or steps
    peak = max(int(r["peak_rss_bytes"]) for r in rows)
    return {"batch": s["options"]["batch"], "seq": s["options"]["seq_len"], "step_s": sum(steps) / len(steps),
            "tok": tok, "peak": peak, "predicted": s["memory"]["predicted_peak_bytes"]}


def dir_bytes(d):
    return sum(os.path.getsize(f) for f in glob.glob(os.path.join(d, "**"), recursive=True) if os.path.isfile(f))


def shape_figures(work, shape):
    """Every figure of one shape as {row label: text}, plus goal verdicts."""
    d = os.path.join(work, shape)
    model = os.path.join(work, "models", shape)
    c = json.load(open(os.path.join(model, "config.json")))
    f = {}
    mm = read_json_lines(os.path.join(work, "matmul.json")).get("bf16", {}).get("gflops_median")
    file_b = os.path.getsize(os.path.join(model, "model.safetensors"))
    f["file (BF16 safetensors)"] = f"{file_b / 1e6:,.0f} MB"
    load = open(os.path.join(d, "loadavg.txt")).read().split()[:3] if os.path.exists(os.path.join(d, "loadavg.txt")) else []
    f["load average at start (1/5/15 min)"] = " / ".join(load)
    r16 = read_json_lines(os.path.join(d, "rss_bf16.json")).get("rss")
    r32 = read_json_lines(os.path.join(d, "rss_f32.json")).get("rss")
    if r16:
        f["open (weights mapped in BF16)"] = f"{r16['open_s']:.3f} s"
        f["RSS after open / file"] = f"{r16['rss_open_mb']:,.0f} MB ({r16['rss_open_ratio']:.2f}×)"
        f["RSS after a forward, bf16 compute / file"] = (f"{r16['rss_forward_mb']:,.0f} MB ({r16['rss_forward_ratio']:.2f}×), "
                                                        f"{r16['forward_tokens']} tokens in {r16['forward_s']:.1f} s")
    if r32:
        f["RSS after a forward, f32 compute / file"] = (f"{r32['rss_forward_mb']:,.0f} MB ({r32['rss_forward_ratio']:.2f}×), "
                                                       f"{r32['forward_s']:.1f} s")
    cmp_ = read_json_lines(os.path.join(d, "compare.json")).get("capture_pearson")
    ref = read_json_lines(os.path.join(d, "reference.json")).get("line")
    if cmp_:
        f["capture + Pearson, ShareLens f32"] = f"{cmp_['f32_s_per_1k']:.1f} s/1k tokens ({cmp_['f32_tok_s']:,.0f} tok/s)"
        f["capture + Pearson, ShareLens bf16"] = f"{cmp_['bf16_s_per_1k']:.1f} s/1k tokens ({cmp_['bf16_tok_s']:,.0f} tok/s)"
        f["max \\|Δ\\| Pearson, bf16 − f32"] = f"{cmp_['max_abs_diff_pearson']:.1e} ({cmp_['tokens']:.0f} tokens)"
        f["ShareLens bf16 / ShareLens f32"] = f"{cmp_['speedup']:.2f}×"
        if mm:
            g = cmp_["bf16_tok_s"] * flops_per_token(c, 256, False) / 1e9
            f["forward matmuls in bf16 capture / BF16 ceiling"] = f"{g:,.0f} GFLOP/s = {100 * g / mm:.0f} %"
    if ref:
        f["capture + Pearson, PyTorch reference f32"] = (f"{1000 * ref['seconds'] / ref['tokens']:.1f} s/1k tokens "
                                                          f"({ref['tokens_per_s']:,.0f} tok/s)")
        if cmp_:
            f["ShareLens f32 / reference; bf16 / reference"] = (f"{cmp_['f32_tok_s'] / ref['tokens_per_s']:.2f}×; "
                                                               f"{cmp_['bf16_tok_s'] / ref['tokens_per_s']:.2f}×")
            if cmp_.get("f32_cpu_s") and ref.get("cpu_seconds"):
                per = lambda cpu, n: n / cpu  # noqa: E731
                r = per(ref["cpu_seconds"], ref["tokens"])
                f["same, per CPU-second"] = (f"{per(cmp_['f32_cpu_s'], cmp_['tokens']) / r:.2f}×; "
                                             f"{per(cmp_['bf16_cpu_s'], cmp_['tokens']) / r:.2f}×")
    link = {}
    if os.path.exists(os.path.join(d, "linkage.txt")):
        for line in open(os.path.join(d, "linkage.txt")):
            m, n, s = line.split()
            link[m] = float(s)
        f["linkage average / ward (a unit per block)"] = f"{c['num_hidden_layers']} units: " + " / ".join(
            f"{1e3 * link.get(k, 0):.3f} ms" for k in ("average", "ward"))
    if os.path.exists(os.path.join(d, "repaint.txt")):
        rp = {}
        for line in open(os.path.join(d, "repaint.txt")):
            m = re.match(r"(dendrogram setThreshold\+repaint|heatmap setGroups\+repaint)\s+n=\d+\s+median\s+([\d.]+)", line)
            if m:
                rp[m.group(1).split()[0]] = float(m.group(2))
        f["repaint after a threshold change: dendrogram / heatmap (median)"] = " / ".join(
            f"{rp[k]:.2f} ms" for k in ("dendrogram", "heatmap") if k in rp)
    lean = lean_figures(d)
    if lean:
        share = cpu_time(os.path.join(d, "lean.time"))[1]
        f["lean step (--train shared --baseline skip, bf16)"] = (f"{lean['batch']} × {lean['seq']}: {lean['step_s']:.1f} s "
                                                                f"({lean['tok'] / lean['step_s']:,.0f} tok/s; the run "
                                                                f"had {share} % of one CPU)")
        f["lean peak RSS of the steps; estimate (estimate / measured)"] = (
            f"{lean['peak'] / 2**30:.2f} GiB; {lean['predicted'] / 2**30:.2f} GiB "
            f"({lean['predicted'] / lean['peak']:.3f})")
        whole = read_time(os.path.join(d, "lean.time"))[1]
        if whole:
            f["peak RSS of the whole finetune run (with its closing comparison)"] = f"{whole / 2**30:.2f} GiB"
        if mm:
            g = (lean["tok"] / lean["step_s"]) * flops_per_token(c, lean["seq"], True) / 1e9
            f["training matmuls / BF16 ceiling"] = f"{g:,.0f} GFLOP/s = {100 * g / mm:.0f} %"
    secs, rss = read_time(os.path.join(d, "export.time"))
    if secs is not None and os.path.isdir(os.path.join(d, "export")):
        f["compact export (wall, size, peak RSS)"] = (f"{secs:.1f} s, {dir_bytes(os.path.join(d, 'export')) / 1e6:,.0f} MB, "
                                                     f"{rss / 1e6:,.0f} MB")
    return f


def goals(work, shape):
    """(goal, figure, met) for the issue's goals measured on SHAPE."""
    d = os.path.join(work, shape)
    c = json.load(open(os.path.join(work, "models", shape, "config.json")))
    mm = read_json_lines(os.path.join(work, "matmul.json")).get("bf16", {}).get("gflops_median")
    r16 = read_json_lines(os.path.join(d, "rss_bf16.json")).get("rss")
    cmp_ = read_json_lines(os.path.join(d, "compare.json")).get("capture_pearson")
    ref = read_json_lines(os.path.join(d, "reference.json")).get("line")
    lean = lean_figures(d)
    out = []
    if r16:
        out.append(("open ≤ 1 s", f"{r16['open_s']:.3f} s", r16["open_s"] <= 1.0))
        out.append(("RSS after a forward ≤ 1.2 × file", f"{r16['rss_forward_ratio']:.2f}×", r16["rss_forward_ratio"] <= 1.2))
    if cmp_ and ref:
        x = cmp_["f32_tok_s"] / ref["tokens_per_s"]
        out.append(("capture + Pearson ≥ 2 × the PyTorch reference (float32), ShareLens in float32", f"{x:.2f}×", x >= 2))
        y = cmp_["bf16_tok_s"] / ref["tokens_per_s"]
        out.append(("the same, ShareLens with bf16 compute", f"{y:.2f}×", y >= 2))
    if cmp_:
        out.append(("bf16 capture + Pearson ≥ 2.5 × ShareLens float32", f"{cmp_['speedup']:.2f}×", cmp_["speedup"] >= 2.5))
        if mm:
            p = 100 * cmp_["bf16_tok_s"] * flops_per_token(c, 256, False) / 1e9 / mm
            out.append(("forward matmuls ≥ 50 % of the BF16 ceiling", f"{p:.0f} %", p >= 50))
    if lean:
        if mm:
            p = 100 * (lean["tok"] / lean["step_s"]) * flops_per_token(c, lean["seq"], True) / 1e9 / mm
            out.append(("training matmuls ≥ 50 % of the BF16 ceiling", f"{p:.0f} %", p >= 50))
        out.append((f"lean step {lean['batch']} × {lean['seq']} peak ≤ 20 GB", f"{lean['peak'] / 1e9:.2f} GB",
                    lean["peak"] <= 20e9))
        e = lean["predicted"] / lean["peak"] - 1
        out.append(("its estimate within 15 %", f"{100 * e:+.1f} %", abs(e) <= 0.15))
    return out


def workflow_rows(work):
    d = os.path.join(work, "workflow")
    rows, total, cpu_total = [], 0.0, 0.0
    for step, label in (("analyze", "analyse 16k tokens (bf16)"), ("finetune", "fine-tune 50 steps lean (bf16)"),
                        ("export", "export compact (BF16)")):
        secs, rss = read_time(os.path.join(d, step + ".time"))
        if secs is None:
            return rows, None, None
        cpu, share = cpu_time(os.path.join(d, step + ".time"))
        total += secs
        cpu_total += cpu
        rows.append((label, f"{secs:.0f} s", f"{cpu:.0f} s ({share} % of one CPU)", f"{rss / 1e9:.2f} GB"))
    return rows, total, cpu_total


def finetune_profile(log):
    """Seconds of a timestamped finetune log by phase: set-up (open, build,
    first evaluation), training steps, evaluations every N steps, the closing
    comparison (layer removal, int8) and writing the results."""
    def secs(t):
        h, m, s_ = t.split(":")
        return int(h) * 3600 + int(m) * 60 + int(s_)
    phases = {"set-up": 0, "training steps": 0, "evaluations": 0, "comparison and writing": 0}
    last, phase = None, "set-up"
    for line in open(log):
        if not re.match(r"\d\d:\d\d:\d\d ", line):
            continue
        t, text = secs(line[:8]), line[9:]
        if last is not None:
            if phase == "comparison and writing":
                k = phase
            elif "eval step" in text:
                k = "set-up" if "eval step 0 " in text else "evaluations"
            elif "Training" in text or re.search(r"step \d+/\d+", text):
                k = "training steps"
            else:
                k = "set-up"
            phases[k] += (t - last) % 86400
        if "comparing with" in text:
            phase = "comparison and writing"
        last = t
    return phases


def table(work, shapes):
    order = ["smollm2-135m", "qwen2.5-0.5b", "llama-3.2-1b"]
    shapes = sorted(shapes, key=lambda s: order.index(s) if s in order else len(order))
    figs = {s: shape_figures(work, s) for s in shapes}
    mm = read_json_lines(os.path.join(work, "matmul.json"))
    if mm:
        print("Matrix-product ceiling (bench_matmul 4096 × 2048 × 8192, "
              f"{mm.get('bf16', {}).get('threads', '?')} threads): BF16 {mm.get('bf16', {}).get('gflops_median', 0):,.0f} "
              f"GFLOP/s, float32 {mm.get('f32', {}).get('gflops_median', 0):,.0f} GFLOP/s\n")
    rows = []
    for f in figs.values():
        rows += [k for k in f if k not in rows]
    print("| figure | " + " | ".join(shapes) + " |")
    print("|---|" + "---|" * len(shapes))
    for k in rows:
        print(f"| {k} | " + " | ".join(figs[s].get(k, "—") for s in shapes) + " |")
    goal_shape = "llama-3.2-1b" if "llama-3.2-1b" in shapes else (shapes or [None])[-1]
    for s in shapes:
        g = goals(work, s)
        if g and s == goal_shape:
            print(f"\nGoals, {s} shape:\n")
            print("| goal | measured | |")
            print("|---|---|---|")
            for goal, fig, met in g:
                print(f"| {goal} | {fig} | {'met' if met else 'not met'} |")
    wf, total, cpu_total = workflow_rows(work)
    if wf:
        load = open(os.path.join(work, "workflow", "loadavg.txt")).read().split()[:3]
        print(f"\nSmolLM2-135M shape, full workflow (2 cores, load average at start {' / '.join(load)}):\n")
        print("| step | wall | CPU time | peak RSS |")
        print("|---|---|---|---|")
        for r in wf:
            print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |")
        if total is not None:
            print(f"| **total** (goal < 15 min wall) | **{total / 60:.1f} min** "
                  f"({'met' if total < 900 else 'not met'}) | {cpu_total / 60:.1f} min | |")
        log = os.path.join(work, "workflow", "finetune.log")
        if os.path.exists(log):
            print("\nWhere the fine-tune's time went: " + ", ".join(
                f"{k} {v:.0f} s" for k, v in finetune_profile(log).items()))


def main():
    if len(sys.argv) >= 7 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "table":
        table(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
