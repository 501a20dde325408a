#!/usr/bin/env python3
"""Independent reference forward pass for GPT-2, Llama-family and Gemma 2/3
checkpoints (Qwen3, OLMo 2 and Phi-3 through reference_families.py).

Written from the published architectures with plain torch ops (no ShareLens
code, no transformers). Used by the tests as an oracle:

  reference_forward.py MODEL_DIR IDS.json OUT.json

IDS.json is a JSON array of token-id sequences. OUT.json receives
  {"logits": [[...]] (first sequence, float32 values),
   "loss": mean next-token cross-entropy over all sequences,
   "tokens": number of predicted tokens,
   "blocks": [[...]] per block: the residual stream after the block, first sequence}
"""
import json
import math
import os
import struct
import sys

import torch

ST = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
      "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8, "F64": torch.float64}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, en = e["data_offsets"]
        buf = bytearray(data[base + b: base + en])
        t = torch.frombuffer(buf, dtype=ST[e["dtype"]]) if len(buf) else torch.empty(0, dtype=ST[e["dtype"]])
        out[name] = t.reshape(e["shape"]).clone()
    return out


def load_state(d):
    if os.path.exists(os.path.join(d, "model.safetensors")):
        return read_safetensors(os.path.join(d, "model.safetensors"))
    idx = os.path.join(d, "model.safetensors.index.json")
    if os.path.exists(idx):
        sd = {}
        for f in sorted(set(json.load(open(idx))["weight_map"].values())):
            sd.update(read_safetensors(os.path.join(d, f)))
        return sd
    return dict(torch.load(os.path.join(d, "pytorch_model.bin")))


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def gpt2_forward(cfg, sd, ids):
    pre = "transformer." if "transformer.wte.weight" in sd else ""
    W = lambda n: sd[pre + n].float()
    H, nh = cfg["n_embd"], cfg["n_head"]
    hd = H // nh
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    T = ids.shape[1]
    x = W("wte.weight")[ids] + W("wpe.weight")[torch.arange(T)][None]
    mask = torch.full((T, T), float("-inf")).triu(1)
    blocks, subs = [], []
    for i in range(cfg["n_layer"]):
        p = f"h.{i}."
        h = torch.nn.functional.layer_norm(x, (H,), W(p + "ln_1.weight"), W(p + "ln_1.bias"), eps)
        qkv = h @ W(p + "attn.c_attn.weight") + W(p + "attn.c_attn.bias")
        q, k, v = qkv.split(H, dim=-1)
        sh = lambda t: t.view(t.shape[0], T, nh, hd).transpose(1, 2)
        q, k, v = sh(q), sh(k), sh(v)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(x.shape)
        a = y @ W(p + "attn.c_proj.weight") + W(p + "attn.c_proj.bias")
        x = x + a
        h = torch.nn.functional.layer_norm(x, (H,), W(p + "ln_2.weight"), W(p + "ln_2.bias"), eps)
        m = gelu_new(h @ W(p + "mlp.c_fc.weight") + W(p + "mlp.c_fc.bias"))
        m = m @ W(p + "mlp.c_proj.weight") + W(p + "mlp.c_proj.bias")
        x = x + m
        blocks.append(x)
        subs.append((a, m))
    x = torch.nn.functional.layer_norm(x, (H,), W("ln_f.weight"), W("ln_f.bias"), eps)
    head = sd["lm_head.weight"].float() if "lm_head.weight" in sd else W("wte.weight")
    return x @ head.T, blocks, subs


def rope_inv_freq(cfg, hd):
    theta = cfg.get("rope_theta", 10000.0)
    inv = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    rs = cfg.get("rope_scaling")
    if rs:
        kind = rs.get("rope_type", rs.get("type"))
        if kind == "linear":
            inv = inv / rs["factor"]
        elif kind == "llama3":
            factor, lo, hi = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
            old = rs["original_max_position_embeddings"]
            lo_wl, hi_wl = old / lo, old / hi
            out = []
            for f in inv.tolist():
                wl = 2 * math.pi / f
                if wl < hi_wl:
                    out.append(f)
                elif wl > lo_wl:
                    out.append(f / factor)
                else:
                    s = (old / wl - lo) / (hi - lo)
                    out.append((1 - s) * f / factor + s * f)
            inv = torch.tensor(out, dtype=torch.float64)
    return inv.float()


def llama_forward(cfg, sd, ids, head=True):
    """head=False skips the final norm and the LM head (logits None)."""
    W = lambda n: sd[n].float()
    H, nh = cfg["hidden_size"], cfg["num_attention_heads"]
    nkv = cfg.get("num_key_value_heads", nh)
    hd = cfg.get("head_dim") or H // nh
    eps = cfg.get("rms_norm_eps", 1e-6)
    B, T = ids.shape
    inv = rope_inv_freq(cfg, hd)
    ang = torch.arange(T, dtype=torch.float32)[:, None] * inv[None]
    cos = torch.cat([ang, ang], -1).cos()
    sin = torch.cat([ang, ang], -1).sin()

    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w

    def rot(x):
        a, b = x[..., : hd // 2], x[..., hd // 2:]
        return torch.cat([-b, a], -1)

    def lin(x, n):
        y = x @ W(n + ".weight").T
        return y + W(n + ".bias") if (n + ".bias") in sd else y

    mask = torch.full((T, T), float("-inf")).triu(1)
    x = W("model.embed_tokens.weight")[ids]
    blocks, subs = [], []
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms(x, W(p + "input_layernorm.weight"))
        q = lin(h, p + "self_attn.q_proj").view(B, T, nh, hd).transpose(1, 2)
        k = lin(h, p + "self_attn.k_proj").view(B, T, nkv, hd).transpose(1, 2)
        v = lin(h, p + "self_attn.v_proj").view(B, T, nkv, hd).transpose(1, 2)
        q = q * cos + rot(q) * sin
        k = k * cos + rot(k) * sin
        k = k.repeat_interleave(nh // nkv, dim=1)
        v = v.repeat_interleave(nh // nkv, dim=1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, nh * hd)
        a = lin(y, p + "self_attn.o_proj")
        x = x + a
        h = rms(x, W(p + "post_attention_layernorm.weight"))
        g = torch.nn.functional.silu(lin(h, p + "mlp.gate_proj")) * lin(h, p + "mlp.up_proj")
        m = lin(g, p + "mlp.down_proj")
        x = x + m
        blocks.append(x)
        subs.append((a, m))
    if not head:
        return None, blocks, subs
    x = rms(x, W("model.norm.weight"))
    head = W("lm_head.weight") if "lm_head.weight" in sd else W("model.embed_tokens.weight")
    return x @ head.T, blocks, subs


def gemma_layer_types(cfg, pattern):
    if cfg.get("layer_types"):
        return cfg["layer_types"]
    return ["full_attention" if (i + 1) % pattern == 0 else "sliding_attention"
            for i in range(cfg["num_hidden_layers"])]


def gemma_rope(theta, hd, T, linear_factor=1.0):
    inv = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd)) / linear_factor
    ang = torch.arange(T, dtype=torch.float32)[:, None] * inv.float()[None]
    emb = torch.cat([ang, ang], -1)
    return emb.cos(), emb.sin()


def gemma_decoder(cfg, sd, ids, types, ropes, qk_norm, attn_cap, final_cap):
    """The Gemma decoder: sandwich norms with (1 + w), GeGLU, soft-capping,
    query_pre_attn_scalar, sliding/global layers (ropes: type -> (cos, sin))."""
    W = lambda n: sd[n].float()
    H, nh, nkv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg["head_dim"]
    eps = cfg.get("rms_norm_eps", 1e-6)
    B, T = ids.shape
    scale = cfg.get("query_pre_attn_scalar", 256) ** -0.5
    window = cfg.get("sliding_window") or 4096

    def rms(x, w):
        x = x.float()
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * (1.0 + w.float())

    def rot(x):
        a, b = x[..., : hd // 2], x[..., hd // 2:]
        return torch.cat([-b, a], -1)

    i_idx = torch.arange(T)[:, None]
    j_idx = torch.arange(T)[None, :]
    causal = j_idx > i_idx
    masks = {"full_attention": torch.zeros(T, T).masked_fill(causal, float("-inf")),
             "sliding_attention": torch.zeros(T, T).masked_fill(causal | (j_idx <= i_idx - window), float("-inf"))}
    act = cfg.get("hidden_activation") or cfg.get("hidden_act") or "gelu_pytorch_tanh"
    gelu = (lambda t: torch.nn.functional.gelu(t)) if act == "gelu" else (
        lambda t: torch.nn.functional.gelu(t, approximate="tanh"))
    x = W("model.embed_tokens.weight")[ids]
    x = x * torch.tensor(H ** 0.5, dtype=x.dtype)
    blocks, subs = [], []
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        cos, sin = ropes[types[i]]
        h = rms(x, W(p + "input_layernorm.weight"))
        q = (h @ W(p + "self_attn.q_proj.weight").T).view(B, T, nh, hd)
        k = (h @ W(p + "self_attn.k_proj.weight").T).view(B, T, nkv, hd)
        v = (h @ W(p + "self_attn.v_proj.weight").T).view(B, T, nkv, hd).transpose(1, 2)
        if qk_norm:
            q = rms(q, W(p + "self_attn.q_norm.weight"))
            k = rms(k, W(p + "self_attn.k_norm.weight"))
        q, k = q.transpose(1, 2), k.transpose(1, 2)
        q = q * cos + rot(q) * sin
        k = k * cos + rot(k) * sin
        k = k.repeat_interleave(nh // nkv, dim=1)
        v = v.repeat_interleave(nh // nkv, dim=1)
        att = (q @ k.transpose(-1, -2)) * scale
        if attn_cap:
            att = torch.tanh(att / attn_cap) * attn_cap
        att = (att + masks[types[i]]).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, nh * hd)
        a = rms(y @ W(p + "self_attn.o_proj.weight").T, W(p + "post_attention_layernorm.weight"))
        x = x + a
        h = rms(x, W(p + "pre_feedforward_layernorm.weight"))
        g = gelu(h @ W(p + "mlp.gate_proj.weight").T) * (h @ W(p + "mlp.up_proj.weight").T)
        m = rms(g @ W(p + "mlp.down_proj.weight").T, W(p + "post_feedforward_layernorm.weight"))
        x = x + m
        blocks.append(x)
        subs.append((a, m))
    x = rms(x, W("model.norm.weight"))
    head = W("lm_head.weight") if "lm_head.weight" in sd else W("model.embed_tokens.weight")
    logits = x @ head.T
    if final_cap:
        logits = torch.tanh(logits / final_cap) * final_cap
    return logits, blocks, subs


def gemma_cap(cfg, key, default):
    return cfg[key] if key in cfg else default


def gemma2_forward(cfg, sd, ids):
    """Gemma 2: every other layer sliding (layer 0 first), one RoPE base,
    attention and final soft-capping (50 and 30 unless the config says)."""
    T = ids.shape[1]
    rs = cfg.get("rope_scaling") or {}
    factor = rs.get("factor", 1.0) if rs.get("rope_type", rs.get("type")) == "linear" else 1.0
    rope = gemma_rope(cfg.get("rope_theta", 10000.0), cfg["head_dim"], T, factor)
    types = gemma_layer_types(cfg, 2)
    return gemma_decoder(cfg, sd, ids, types, {"sliding_attention": rope, "full_attention": rope}, False,
                         gemma_cap(cfg, "attn_logit_softcapping", 50.0),
                         gemma_cap(cfg, "final_logit_softcapping", 30.0))


def gemma3_forward(cfg, sd, ids):
    """Gemma 3 text: sliding_window_pattern (or layer_types), local RoPE base
    for sliding layers, rope_theta with linear scaling for global ones,
    per-head q/k norms; soft-capping only when the config sets it."""
    T = ids.shape[1]
    hd = cfg["head_dim"]
    rs = cfg.get("rope_scaling") or {}
    factor = rs.get("factor", 1.0) if rs.get("rope_type", rs.get("type")) == "linear" else 1.0
    ropes = {"full_attention": gemma_rope(cfg.get("rope_theta", 1e6), hd, T, factor),
             "sliding_attention": gemma_rope(cfg.get("rope_local_base_freq", 10000.0), hd, T)}
    pattern = cfg.get("sliding_window_pattern", cfg.get("_sliding_window_pattern", 6))
    types = gemma_layer_types(cfg, pattern)
    return gemma_decoder(cfg, sd, ids, types, ropes, True, cfg.get("attn_logit_softcapping"),
                         cfg.get("final_logit_softcapping"))


FORWARDS = {"gpt2": gpt2_forward, "gemma2": gemma2_forward, "gemma3_text": gemma3_forward}


def main():
    d, ids_path, out = sys.argv[1:4]
    cfg = json.load(open(os.path.join(d, "config.json")))
    sd = load_state(d)
    seqs = json.load(open(ids_path))
    fwd = FORWARDS.get(cfg["model_type"], llama_forward)
    if cfg["model_type"] in ("qwen3", "olmo2", "phi3"):
        from reference_families import family_forward  # written from those architectures
        fwd = family_forward
    total, count, first, first_blocks = 0.0, 0, None, None
    with torch.no_grad():
        for s in seqs:
            ids = torch.tensor([s], dtype=torch.long)
            logits, blocks, _ = fwd(cfg, sd, ids)
            if first is None:
                first, first_blocks = logits[0], [b[0] for b in blocks]
            lp = torch.log_softmax(logits[0, :-1].double(), -1)
            tgt = ids[0, 1:]
            total += -lp[torch.arange(len(tgt)), tgt].sum().item()
            count += len(tgt)
    json.dump({"logits": first.tolist(), "loss": total / count, "tokens": count,
               "blocks": [b.tolist() for b in first_blocks]}, open(out, "w"))


if __name__ == "__main__":
    main()
