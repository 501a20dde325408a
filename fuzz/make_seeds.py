#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ from valid files.

Standard library only. Every seed is a valid input the parser accepts (so the
fuzzer starts from deep inside the happy path) and stays well under 64 KB.
Re-run after a format change: python3 fuzz/make_seeds.py
With --cli PATH/sharelens-cli it also makes real session files and compact
checkpoint headers from the demo model (resources/demo): analyze, finetune
(4 steps) and export, as a user would; without it those seeds are kept as they are.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def out(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    assert len(data) < 64 * 1024, (target, name, len(data))
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- safetensors
SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def safetensors(tensors, metadata=None, pad=True):
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape in tensors:
        n = SIZES[dtype]
        for s in shape:
            n *= s
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        blobs.append(bytes((i * 7 + len(name)) % 251 for i in range(n)))
        offset += n
    h = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def gpt2_tensors(layers, hidden, vocab, positions, dtype="F32"):
    t = [("wte.weight", dtype, [vocab, hidden]), ("wpe.weight", dtype, [positions, hidden])]
    for i in range(layers):
        p = f"h.{i}."
        t += [(p + "ln_1.weight", dtype, [hidden]), (p + "ln_1.bias", dtype, [hidden]),
              (p + "attn.c_attn.weight", dtype, [hidden, 3 * hidden]), (p + "attn.c_attn.bias", dtype, [3 * hidden]),
              (p + "attn.c_proj.weight", dtype, [hidden, hidden]), (p + "attn.c_proj.bias", dtype, [hidden]),
              (p + "ln_2.weight", dtype, [hidden]), (p + "ln_2.bias", dtype, [hidden]),
              (p + "mlp.c_fc.weight", dtype, [hidden, 4 * hidden]), (p + "mlp.c_fc.bias", dtype, [4 * hidden]),
              (p + "mlp.c_proj.weight", dtype, [4 * hidden, hidden]), (p + "mlp.c_proj.bias", dtype, [hidden])]
    return t + [("ln_f.weight", dtype, [hidden]), ("ln_f.bias", dtype, [hidden])]


def llama_tensors(layers, hidden, kv, inter, vocab, dtype="BF16"):
    t = [("model.embed_tokens.weight", dtype, [vocab, hidden])]
    for i in range(layers):
        p = f"model.layers.{i}."
        t += [(p + "input_layernorm.weight", dtype, [hidden]),
              (p + "self_attn.q_proj.weight", dtype, [hidden, hidden]),
              (p + "self_attn.k_proj.weight", dtype, [kv, hidden]),
              (p + "self_attn.v_proj.weight", dtype, [kv, hidden]),
              (p + "self_attn.o_proj.weight", dtype, [hidden, hidden]),
              (p + "post_attention_layernorm.weight", dtype, [hidden]),
              (p + "mlp.gate_proj.weight", dtype, [inter, hidden]),
              (p + "mlp.up_proj.weight", dtype, [inter, hidden]),
              (p + "mlp.down_proj.weight", dtype, [hidden, inter])]
    return t + [("model.norm.weight", dtype, [hidden])]


out("safetensors", "gpt2-2layer-f32", safetensors(gpt2_tensors(2, 4, 16, 8)))
out("safetensors", "gpt2-1layer-f16-meta", safetensors(gpt2_tensors(1, 4, 8, 4, "F16"), {"format": "pt"}))
out("safetensors", "llama-2layer-bf16", safetensors(llama_tensors(2, 8, 4, 16, 16)))
out("safetensors", "compact-sharing-meta", safetensors(
    gpt2_tensors(1, 4, 8, 4),
    {"format": "pt", "sharelens.version": "0.1.0",
     "sharelens.sharing": json.dumps({"groups": [[0, 1]], "shared": {"h.1.": "h.0."}})}))
out("safetensors", "all-dtypes", safetensors([(f"t_{d}", d, [2, 3]) for d in SIZES]))
out("safetensors", "scalar-and-empty", safetensors([("scalar", "F32", []), ("empty", "F16", [0, 5]),
                                                    ("v", "I64", [3])], pad=False))
out("safetensors", "header-only", safetensors([], {"note": "no tensors"}))

# ---------------------------------------------------------------- config.json
def gpt2_config(**kw):
    c = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": 64, "n_layer": 4, "n_head": 4,
         "n_positions": 128, "n_ctx": 128, "n_inner": None, "vocab_size": 256, "layer_norm_epsilon": 1e-5,
         "activation_function": "gelu_new", "tie_word_embeddings": True, "bos_token_id": 255,
         "eos_token_id": 255, "torch_dtype": "float32"}
    c.update(kw)
    return c


def llama_config(family="llama", **kw):
    c = {"model_type": family, "architectures": [{"llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM",
                                                  "qwen2": "Qwen2ForCausalLM"}[family]],
         "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
         "intermediate_size": 168, "max_position_embeddings": 256, "rms_norm_eps": 1e-6,
         "rope_theta": 500000.0, "vocab_size": 512, "hidden_act": "silu", "tie_word_embeddings": False,
         "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "bfloat16"}
    c.update(kw)
    return c


out("config", "gpt2.json", json.dumps(gpt2_config(), indent=2))
out("config", "gpt2-ninner.json", json.dumps(gpt2_config(n_inner=100, tie_word_embeddings=False)))
out("config", "llama.json", json.dumps(llama_config(), indent=2))
out("config", "llama3-rope.json", json.dumps(llama_config(rope_scaling={
    "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
    "original_max_position_embeddings": 64}, head_dim=16, attention_bias=False, mlp_bias=True)))
out("config", "llama-linear-rope.json", json.dumps(llama_config(rope_scaling={"type": "linear", "factor": 2.0})))
out("config", "mistral.json", json.dumps(llama_config("mistral", sliding_window=4096, rope_theta=10000.0)))
out("config", "mistral-nowindow.json", json.dumps(llama_config("mistral", sliding_window=None)))
out("config", "qwen2.json", json.dumps(llama_config("qwen2", use_sliding_window=False, sliding_window=32768,
                                                    tie_word_embeddings=True, dtype="float16")))

# ---------------------------------------------------------------- tokenizer.json
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


B2U = bytes_to_unicode()


def tok(s):
    return "".join(B2U[b] for b in s.encode())


def tokenizer(pre, merges_as_pairs=False, normalizer=None, decoder=None, added=True, extra=None):
    vocab = {B2U[b]: b for b in range(256)}
    merges = []
    for a, b in [("Ġ", "t"), ("h", "e"), ("Ġt", "he"), ("i", "n"), ("Ġ", "a"), ("e", "r"), ("Ġ", "w"),
                 ("o", "r"), ("l", "d"), ("Ġw", "or"), ("Ġwor", "ld"), ("H", "e"), ("l", "l"), ("He", "ll"),
                 ("Hell", "o"), ("1", "2"), (tok("é")[0], tok("é")[1])]:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
        merges.append([a, b] if merges_as_pairs else a + " " + b)
    t = {"version": "1.0", "truncation": None, "padding": None,
         "added_tokens": [{"id": len(vocab), "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                           "rstrip": False, "normalized": False, "special": True}] if added else [],
         "normalizer": normalizer, "pre_tokenizer": pre, "post_processor": None,
         "decoder": decoder or {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                                "use_regex": True},
         "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                   "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                   "ignore_merges": False, "vocab": vocab, "merges": merges}}
    if extra:
        t.update(extra)
    return json.dumps(t, ensure_ascii=False, indent=None)


GPT2_PRE = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
LLAMA3_RE = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
             r"|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_RE = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
            r"|\s*[\r\n]+|\s+(?!\S)|\s+")
out("tokenizer", "gpt2-small.json", tokenizer(GPT2_PRE))
out("tokenizer", "llama3-small.json", tokenizer({"type": "Sequence", "pretokenizers": [
    {"type": "Split", "pattern": {"Regex": LLAMA3_RE}, "behavior": "Isolated", "invert": False},
    {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
    merges_as_pairs=True))
out("tokenizer", "qwen2-small-nfc.json", tokenizer({"type": "Sequence", "pretokenizers": [
    {"type": "Split", "pattern": {"Regex": QWEN2_RE}, "behavior": "Isolated", "invert": False},
    {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}]},
    normalizer={"type": "NFC"}))
out("tokenizer", "digits-split-string.json", tokenizer({"type": "Sequence", "pretokenizers": [
    {"type": "Digits", "individual_digits": True},
    {"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithNext", "invert": False},
    {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": False}]},
    normalizer={"type": "Sequence", "normalizers": [{"type": "NFKC"}]},
    decoder={"type": "Sequence", "decoders": [{"type": "ByteLevel"}]}, added=False))

# ---------------------------------------------------------------- IDS.json
out("token_ids", "two.json", "[[15, 7, 99], [3, 4]]")
out("token_ids", "one-long.json", json.dumps([list(range(0, 600, 3))]))
out("token_ids", "spaced.json", "[\n  [0, 1, 2, 50256],\n  [ 1 ,2 ],\n  []\n]\n")
out("token_ids", "big-ids.json", "[[2147483647, 0], [128000, 128001, 128255]]")

# ---------------------------------------------------------------- plan JSON
def plan(n_layers, groups, init="mean", private_norms=False):
    per = 1000
    units = [{"name": f"block {i}", "layer": i, "part": "block", "parameters": per,
              "private_parameters": 16 if private_norms else 0,
              "tensors": [f"h.{i}.attn.c_attn.weight", f"h.{i}.ln_1.weight"],
              "private_tensors": [f"h.{i}.ln_1.weight"] if private_norms else []} for i in range(n_layers)]
    gs = [{"members": g, "init": init, "shared_parameters": per, "saved_parameters": (len(g) - 1) * per,
           "saved_bytes": (len(g) - 1) * per * 4} for g in groups]
    saved = sum(g["saved_parameters"] for g in gs)
    return json.dumps({"units": units, "groups": gs, "private_norms": private_norms, "bytes_per_parameter": 4,
                       "parameters": {"baseline": n_layers * per + 500, "shared": n_layers * per + 500 - saved},
                       "bytes": {"baseline": (n_layers * per + 500) * 4,
                                 "shared": (n_layers * per + 500 - saved) * 4}}, indent=2)


out("plan", "plan-4.json", plan(4, [[0], [1, 2], [3]]))
out("plan", "plan-6-medoid.json", plan(6, [[0, 1, 2], [3], [4, 5]], "medoid", True))
out("plan", "plan-minimal.json", '{"units": [{"name": "attn 0", "layer": 0, "part": "attn", "parameters": 12}],'
                                 ' "groups": [{"members": [0], "init": "first"}]}')
# analysis.json as `analyze` writes it (finetune --plan reads it)
out("plan", "analysis-like.json", json.dumps({
    "units": json.loads(plan(3, [[0, 1], [2]]))["units"], "metric": "pearson", "tokens": 4096,
    "similarity": [[1, 0.9, 0.2], [0.9, 1, 0.3], [0.2, 0.3, 1]], "linkage": [[0, 1, 0.1, 2], [2, 3, 0.75, 3]],
    "threshold": 0.5, "groups": json.loads(plan(3, [[0, 1], [2]]))["groups"],
    "parameters": {"baseline": 3500, "shared": 2500}}))

# ---------------------------------------------------------------- cluster bytes
# byte 0: n - 2, byte 1: flags, bytes 2-3: threshold, then entries (fuzz_cluster.cpp)
def cluster(n, flags, threshold, entries):
    t = 0xFFFF if threshold is None else int(threshold * 32768)
    head = bytes([n - 2, flags]) + struct.pack("<H", t)
    if flags & 16:
        return head + b"".join(struct.pack("<d", v) for v in entries)
    return head + bytes((int(round(v * 127)) & 0xFF) for v in entries)


def upper(n, f):
    return [f(i, k) for i in range(n) for k in range(i + 1, n)]


for m, name in enumerate(["single", "complete", "average", "weighted", "ward"]):
    out("cluster", f"blocks12-{name}", cluster(12, m, 0.3, upper(12, lambda i, k: 1 - abs(i - k) / 12)))
out("cluster", "contiguous-average", cluster(8, 2 | 8, 0.5, upper(8, lambda i, k: 0.9 if (i // 3) == (k // 3) else 0.1)))
out("cluster", "ties-keepfirstlast-max2", cluster(6, 1 | 32 | 128, 1.0, upper(6, lambda i, k: 0.5)))
out("cluster", "raw-doubles", cluster(3, 16 | 4, 0.25, [1, .8, .1, .8, 1, .3, .1, .3, 1]))
out("cluster", "negative-nan-threshold", cluster(4, 0, None, upper(4, lambda i, k: -1.0)))

# ---------------------------------------------------------------- session files
def steps_table(n, nan_at=None):
    t = {"step": list(range(1, n + 1)), "loss": [3.5 - 0.25 * i for i in range(n)],
         "learning_rate": [1e-4 * (i + 1) / n for i in range(n)], "step_seconds": [0.125] * n,
         "tokens_per_s": [4096.5] * n, "model_state_bytes": [39120896] * n,
         "peak_rss_bytes": [248074240 + i for i in range(n)]}
    if nan_at is not None:
        t["loss"][nan_at] = None
    return t


def session_run(n, seed=1, init="", stop="", nan_at=None):
    return {"settings": {"text": "", "steps": n, "batch": 2, "seq_len": 32, "lr": 3e-4, "init": init,
                         "private_norms": init == "first", "delta_rank": 2 if init == "first" else 0, "seed": seed},
            "baseline": {"steps": steps_table(n), "evals": {"step": [0, n], "loss": [1.85, 1.92],
                                                          "perplexity": [6.39, 6.84]}},
            "shared": {"steps": steps_table(n, nan_at), "evals": {"step": [], "loss": [], "perplexity": []}},
            "baseline_parameters": 2445056, "shared_parameters": 462336, "stop_reason": stop,
            "budget": [{"method": "baseline", "parameters": 2445056, "bytes": 9780224, "loss": 1.84},
                       {"method": "int8", "parameters": 2445056, "bytes": 2757632, "loss": None}]}


def session(n_units=0, runs=(), models=("/models/demo",), metric="pearson", units="blocks", plan_groups=None,
            linkage="average", threshold=0.15):
    sim = None
    if n_units:
        names = [f"block {i}" if units == "blocks" else f"{'attn' if i % 2 == 0 else 'mlp'} {i // 2}"
                 for i in range(n_units)]
        sim = {"units": names, "matrix": [[1.0 if i == k else 1 - abs(i - k) / (2 * n_units) for k in range(n_units)]
                                          for i in range(n_units)],
               "metric": metric, "unit_kind": units, "tokens": 512, "sequences": 8, "method": "streaming"}
    return json.dumps({"format": "sharelens-session", "version": 1, "created_by": "ShareLens 0.1.0",
                       "models": list(models),
                       "calibration": {"text": "", "seq_len": 64, "sequences": 8, "metric": metric, "units": units,
                                       "skip_first_token": metric == "cka"},
                       "clustering": {"linkage": linkage, "contiguous": linkage == "single",
                                      "keep_first_last": False, "max_group_size": 0, "threshold": threshold},
                       "similarity": sim,
                       "plan": json.loads(plan(n_units, plan_groups)) if plan_groups else None,
                       "runs": list(runs)}, indent=1)


out("session", "empty.sharelens", session())
out("session", "analysed-4.sharelens", session(4, plan_groups=[[0, 1], [2], [3]]))
out("session", "cka-sublayers.sharelens", session(6, metric="cka", units="sublayers", linkage="ward", threshold=2))
out("session", "two-runs-nan.sharelens", session(3, [session_run(3), session_run(2, 18446744073709551615, "first",
                                                                               "stopped at step 2", 1)],
                                                 plan_groups=[[0, 2], [1]]))
out("session", "agents.sharelens", session(2, models=("/m/planner", "/m/coder", "/m/critic"), linkage="single"))


# ------------------------------------------------------- compact checkpoint metadata
def compact_header(layers, blocks=None, aliases=None, deltas=None, drop=(), extra=(), plan_json=None):
    """The first bytes of a compact model.safetensors: every tensor under a
    prefix in `drop` is left out (the map makes it another block's)."""
    tensors = [t for t in gpt2_tensors(layers, 4, 8, 4, "F16") if not any(t[0].startswith(p) for p in drop)]
    tensors += list(extra)
    meta = {"format": "pt", "sharelens.format": "compact-v1", "sharelens.version": "0.1.0",
            "sharelens.map": json.dumps({"aliases": aliases or {}, "blocks": blocks or {}, "deltas": deltas or {}}),
            "sharelens.provenance": json.dumps({"source": "/models/demo", "metric": "pearson", "threshold": "0.15",
                                                "seed": 1})}
    if plan_json is not None:
        meta["sharelens.plan"] = plan_json
    return safetensors(tensors, meta)


out("compact_meta", "blocks-2of3", compact_header(3, blocks={"h.1.": "h.0.", "h.2.": "h.0."}, drop=("h.1.", "h.2."),
                                                  plan_json=plan(3, [[0, 1, 2]])))
out("compact_meta", "aliases", compact_header(2, aliases={"h.1.mlp.c_fc.weight": "h.0.mlp.c_fc.weight",
                                                          "h.1.mlp.c_fc.bias": "h.0.mlp.c_fc.bias"},
                                              drop=("h.1.mlp.c_fc.",)))
out("compact_meta", "deltas", compact_header(
    2, blocks={"h.1.": "h.0."}, drop=("h.1.",),
    deltas={"h.1.attn.c_proj.weight": {"a": "h.1.attn.c_proj.weight.delta_a", "b": "h.1.attn.c_proj.weight.delta_b"},
            "h.1.ln_1.weight": {"a": "h.1.ln_1.weight.delta_a"}},
    extra=[("h.1.attn.c_proj.weight.delta_a", "F32", [4, 2]), ("h.1.attn.c_proj.weight.delta_b", "F32", [2, 4]),
           ("h.1.ln_1.weight.delta_a", "F32", [4])]))
out("compact_meta", "empty-map", compact_header(1))


def real_seeds(cli):
    """Session files and compact headers made by sharelens-cli from the demo model."""
    root = os.path.dirname(HERE)
    demo, text = os.path.join(root, "resources", "demo"), os.path.join(root, "resources", "text", "calibration.txt")
    tmp = tempfile.mkdtemp(prefix="sharelens-seeds-")
    try:
        def run(*args):
            subprocess.run([cli, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ses, an = os.path.join(tmp, "demo.sharelens"), os.path.join(tmp, "an")
        run("analyze", demo, "--text", text, "--threshold", "0.15", "--sequences", "8", "--seq-len", "64",
            "--out", an, "--session", ses)
        shutil.copy(ses, os.path.join(HERE, "corpus", "session", "demo-analysed.sharelens"))
        run("finetune", demo, "--plan", os.path.join(an, "analysis.json"), "--text", text, "--steps", "4", "--batch",
            "2", "--seq-len", "32", "--out", os.path.join(tmp, "ft"), "--session", ses)
        shutil.copy(ses, os.path.join(HERE, "corpus", "session", "demo-finetuned.sharelens"))
        for name, extra in (("demo-compact-f16", []),
                            ("demo-compact-delta2-f32", ["--private-norms", "--delta-rank", "2", "--dtype", "f32"])):
            d = os.path.join(tmp, name)
            run("export", demo, "--plan", os.path.join(an, "analysis.json"), "--format", "compact", "--out", d, *extra)
            with open(os.path.join(d, "model.safetensors"), "rb") as f:
                n = struct.unpack("<Q", f.read(8))[0]
                f.seek(0)
                out("compact_meta", name, f.read(8 + n))  # the header only: the fuzz target needs no data
    finally:
        shutil.rmtree(tmp)


# ------------------------------------------------------------ nesting depth
# Every JSON reader refuses text nested deeper than its limit (512 levels,
# sharelens/input_limits.h) before parsing it: dumping or copying a parsed
# value recurses once per level. 1,000 levels, in the place each format
# would hold a nested value, keep the seeds small.
DEEP = 1000


def deep(n=DEEP):
    return "[" * n + "]" * n


def deep_object(n=DEEP):
    return '{"a":' * n + "0" + "}" * n


out("plan", "nested-1000-deep.json", '{"units": ' + deep() + ', "groups": []}')
out("session", "nested-1000-deep.sharelens", '{"format": "sharelens-session", "version": 1, "plan": ' + deep_object() + "}")
out("config", "nested-1000-deep.json", '{"model_type": "gpt2", "rope_scaling": ' + deep_object() + "}")
out("tokenizer", "nested-1000-deep.json", '{"model": {"type": "BPE", "vocab": {}, "merges": ' + deep() + "}}")
out("token_ids", "nested-1000-deep.json", deep())
out("index", "nested-1000-deep.json", '{"metadata": ' + deep_object() + ', "weight_map": {}}')
def raw_header(text):
    h = text.encode()
    return struct.pack("<Q", len(h) + (-len(h) % 8)) + h + b" " * (-len(h) % 8)


out("safetensors", "nested-1000-deep", raw_header('{"__metadata__":{"format":"pt"},"t":' + deep() + "}"))
out("compact_meta", "nested-1000-deep-map", raw_header(json.dumps(
    {"__metadata__": {"format": "pt", "sharelens.format": "compact-v1", "sharelens.version": "0.1.0",
                      "sharelens.map": deep_object()}})))

# ---------------------------------------------------------------- gguf
def gguf_string(x):
    b = x.encode()
    return struct.pack("<Q", len(b)) + b


def gguf_value(vtype, v):
    fmt = {0: "<B", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q"}
    if vtype == 8:
        return struct.pack("<I", 8) + gguf_string(v)
    if vtype == 9:
        etype, items = v
        body = b"".join(gguf_string(i) if etype == 8 else struct.pack(fmt[etype], i) for i in items)
        return struct.pack("<IIQ", 9, etype, len(items)) + body
    return struct.pack("<I", vtype) + struct.pack(fmt[vtype], v)


def gguf(arch="llama", version=3, ttype=0, vocab="gpt2", alignment=32, hidden=32, layers=1, bias=False):
    """A small GGUF model of the published layout (tensor data: a repeating byte pattern)."""
    V, inter = 16, 32
    kv = [("general.architecture", 8, arch), (arch + ".block_count", 4, layers), (arch + ".context_length", 4, 64),
          (arch + ".embedding_length", 4, hidden), (arch + ".feed_forward_length", 4, inter),
          (arch + ".attention.head_count", 4, 4), (arch + ".attention.head_count_kv", 4, 2),
          (arch + ".rope.freq_base", 6, 10000.0), (arch + ".attention.layer_norm_rms_epsilon", 6, 1e-6)]
    if alignment != 32:
        kv.append(("general.alignment", 4, alignment))
    letters = [chr(ord("a") + i) for i in range(V - 3)]
    if vocab == "gpt2":
        kv += [("tokenizer.ggml.model", 8, "gpt2"), ("tokenizer.ggml.pre", 8, "default"),
               ("tokenizer.ggml.tokens", 9, (8, letters + ["ab", "abc", "<|endoftext|>"])),
               ("tokenizer.ggml.token_type", 9, (5, [1] * (V - 1) + [3])),
               ("tokenizer.ggml.merges", 9, (8, ["a b", "ab c"])), ("tokenizer.ggml.bos_token_id", 4, V - 1)]
    elif vocab == "llama":
        toks = ["<unk>", "<s>", "</s>", "\u2581"] + letters[:V - 6] + ["\u2581a", "ab"]
        kv += [("tokenizer.ggml.model", 8, "llama"), ("tokenizer.ggml.tokens", 9, (8, toks)),
               ("tokenizer.ggml.scores", 9, (6, [0.0] * 4 + [-float(i) for i in range(V - 4)])),
               ("tokenizer.ggml.token_type", 9, (5, [2, 3, 3] + [1] * (V - 3))),
               ("tokenizer.ggml.bos_token_id", 4, 1)]
    H, hd = hidden, hidden // 4
    shapes = [("token_embd.weight", [V, H]), ("output_norm.weight", [H])]
    for i in range(layers):
        p = f"blk.{i}."
        shapes += [(p + "attn_norm.weight", [H]), (p + "attn_q.weight", [H, H]), (p + "attn_k.weight", [2 * hd, H]),
                   (p + "attn_v.weight", [2 * hd, H]), (p + "attn_output.weight", [H, H]),
                   (p + "ffn_norm.weight", [H]), (p + "ffn_gate.weight", [inter, H]),
                   (p + "ffn_up.weight", [inter, H]), (p + "ffn_down.weight", [H, inter])]
        if bias:
            shapes += [(p + "attn_q.bias", [H]), (p + "attn_k.bias", [2 * hd]), (p + "attn_v.bias", [2 * hd])]
        if arch == "qwen3":
            shapes += [(p + "attn_q_norm.weight", [hd]), (p + "attn_k_norm.weight", [hd])]
    head = b"GGUF" + struct.pack("<IQQ", version, len(shapes), len(kv))
    for k, t, v in kv:
        head += gguf_string(k) + gguf_value(t, v)
    blobs, offset = [], 0
    for name, shape in shapes:
        n = 1
        for d in shape:
            n *= d
        t = ttype if len(shape) == 2 else 0
        size = {0: 4 * n, 1: 2 * n, 30: 2 * n, 8: n // 32 * 34}[t]
        head += gguf_string(name) + struct.pack("<I", len(shape)) + b"".join(struct.pack("<Q", d) for d in reversed(shape))
        head += struct.pack("<IQ", t, offset)
        blob = bytes((i * 7 + 3) % 61 for i in range(size))
        blobs.append(blob + bytes((-len(blob)) % alignment))
        offset += len(blobs[-1])
    head += bytes((-len(head)) % alignment)
    return head + b"".join(blobs)


out("gguf", "llama-f32-gpt2-vocab.gguf", gguf())
out("gguf", "llama-f16-v2.gguf", gguf(version=2, ttype=1))
out("gguf", "llama-bf16-spm-vocab.gguf", gguf(ttype=30, vocab="llama"))
out("gguf", "llama-q8_0-align64.gguf", gguf(ttype=8, alignment=64))
out("gguf", "qwen2-bias.gguf", gguf(arch="qwen2", bias=True))
out("gguf", "qwen3-qk-norm.gguf", gguf(arch="qwen3", ttype=1, vocab=""))
out("gguf", "header-only.gguf", b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + gguf_string("general.architecture") +
    gguf_value(8, "llama"))


if "--cli" in sys.argv:
    real_seeds(os.path.abspath(sys.argv[sys.argv.index("--cli") + 1]))

# ---------------------------------------------------------------- dictionaries
JSON_TOKENS = ['"{"', '"}"', '"["', '"]"', '":"', '","', '"\\""', '"null"', '"true"', '"false"', '"-"', '"0"',
               '"1e308"', '"-1e308"', '"1e-400"', '"18446744073709551616"', '"9223372036854775807"',
               '"-9223372036854775808"', '"2147483648"', '"-2147483649"', '"4294967296"', '"0.5"', '"NaN"',
               '"\\\\u0000"', '"\\\\ud800"', '"[[[[[[[["', '"{\\"a\\":{\\"a\\":{\\"a\\":"']


# ------------------------------------------------------------- shard index
def shard_index(shards, total=None):
    wm = {}
    for shard, names in shards.items():
        for n in names:
            wm[n] = shard
    root = {"weight_map": wm}
    if total is not None:
        root = {"metadata": {"total_size": total}, "weight_map": wm}
    return json.dumps(root, indent=2)


gpt2_names = [n for n, *_ in gpt2_tensors(2, 8, 16, 8)]
out("index", "gpt2-two-shards.json", shard_index({"model-00001-of-00002.safetensors": gpt2_names[:9],
                                                   "model-00002-of-00002.safetensors": gpt2_names[9:]}, 12345))
llama_names = [n for n, *_ in llama_tensors(2, 8, 4, 16, 32)]
out("index", "llama-three-shards.json", shard_index({"model-00001-of-00003.safetensors": llama_names[:5],
                                                     "model-00002-of-00003.safetensors": llama_names[5:12],
                                                     "model-00003-of-00003.safetensors": llama_names[12:]}))
out("index", "bin-one-shard.json", shard_index({"pytorch_model-00001-of-00001.bin": gpt2_names}, 1))
out("index", "compact.json", '{"weight_map":{"a":"x.safetensors","b":"x.safetensors","c":"y.safetensors"}}')
out("index", "unicode.json", json.dumps({"metadata": {}, "weight_map": {"t\u00e9": "s\u00e9.safetensors"}}))


def dictionary(target, keys):
    path = os.path.join(HERE, "dict", target + ".dict")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("# JSON tokens and the keys " + target + " reads (written by make_seeds.py)\n")
        for t in JSON_TOKENS:
            f.write(t + "\n")
        for k in keys:
            f.write(json.dumps(json.dumps(k)) + "\n")


dictionary("safetensors", ["__metadata__", "dtype", "shape", "data_offsets", "format", "pt"] + list(SIZES))
dictionary("config", ["model_type", "gpt2", "llama", "mistral", "qwen2", "n_embd", "n_layer", "n_head",
                      "n_positions", "n_ctx", "n_inner", "vocab_size", "layer_norm_epsilon", "activation_function",
                      "hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "head_dim",
                      "intermediate_size", "max_position_embeddings", "rms_norm_eps", "rope_theta", "rope_scaling",
                      "rope_type", "type", "factor", "low_freq_factor", "high_freq_factor", "linear", "llama3",
                      "original_max_position_embeddings", "sliding_window", "use_sliding_window",
                      "tie_word_embeddings", "attention_bias", "mlp_bias", "hidden_act", "bos_token_id",
                      "eos_token_id", "torch_dtype", "dtype", "float32", "float16", "bfloat16", "silu", "gelu_new"])
dictionary("tokenizer", ["model", "type", "BPE", "vocab", "merges", "unk_token", "byte_fallback", "ignore_merges",
                         "continuing_subword_prefix", "end_of_word_suffix", "added_tokens", "id", "content",
                         "lstrip", "rstrip", "single_word", "normalizer", "normalizers", "NFC", "NFD", "NFKC",
                         "NFKD", "Sequence", "pre_tokenizer", "pretokenizers", "ByteLevel", "add_prefix_space",
                         "use_regex", "Split", "pattern", "Regex", "String", "behavior", "Isolated", "Removed",
                         "MergedWithPrevious", "MergedWithNext", "Contiguous", "invert", "Digits",
                         "individual_digits", "decoder", "decoders", "Metaspace", "ByteFallback", "Replace",
                         "Prepend", "\\p{L}+", "(?:", ")*", "(a+)+", "\\s+(?!\\S)", "Ġ", "Ġt", "<|endoftext|>"])
dictionary("token_ids", [])
dictionary("gguf", ["GGUF", "general.architecture", "general.alignment", "llama", "qwen2", "qwen3", "llama.block_count",
                    "llama.embedding_length", "llama.feed_forward_length", "llama.attention.head_count",
                    "llama.attention.head_count_kv", "llama.attention.key_length", "llama.context_length",
                    "llama.rope.freq_base", "llama.attention.layer_norm_rms_epsilon", "tokenizer.ggml.model",
                    "tokenizer.ggml.tokens", "tokenizer.ggml.merges", "tokenizer.ggml.scores",
                    "tokenizer.ggml.token_type", "gpt2", "token_embd.weight", "output.weight",
                    "blk.0.attn_q.weight", "blk.0.attn_q_norm.weight"])
dictionary("index", ["weight_map", "metadata", "total_size", "model-00001-of-00002.safetensors", ".", "..", "/", "../x", "pytorch_model.bin"])
dictionary("plan", ["units", "groups", "name", "layer", "part", "block", "attn", "mlp", "parameters",
                    "private_parameters", "tensors", "private_tensors", "members", "init", "mean", "medoid", "first",
                    "shared_parameters", "saved_parameters", "saved_bytes", "private_norms", "bytes_per_parameter",
                    "baseline", "shared", "bytes"])
dictionary("session", ["format", "sharelens-session", "version", "created_by", "models", "calibration", "text",
                       "seq_len", "sequences", "metric", "pearson", "cosine", "cka", "units", "blocks", "sublayers",
                       "skip_first_token", "clustering", "linkage", "single", "complete", "average", "weighted",
                       "ward", "contiguous", "keep_first_last", "max_group_size", "threshold", "similarity", "matrix",
                       "unit_kind", "tokens", "method", "plan", "runs", "settings", "steps", "batch", "lr", "init",
                       "mean", "medoid", "first", "private_norms", "delta_rank", "seed", "baseline", "shared",
                       "step", "loss", "learning_rate", "step_seconds", "tokens_per_s", "model_state_bytes",
                       "peak_rss_bytes", "evals", "perplexity", "baseline_parameters", "shared_parameters",
                       "stop_reason", "budget", "parameters", "bytes", "groups", "members"])
dictionary("compact_meta", ["__metadata__", "dtype", "shape", "data_offsets", "F16", "F32", "BF16",
                            "sharelens.format", "compact-v1", "sharelens.map", "sharelens.plan",
                            "sharelens.provenance", "aliases", "blocks", "deltas", "a", "b", ".delta_a", ".delta_b",
                            "h.0.", "h.1.", "transformer.h.0.", "h.0.attn.c_attn.weight", "h.1.ln_1.weight"])
