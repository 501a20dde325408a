#!/usr/bin/env python3
"""Independent reference forward passes for Qwen3, OLMo 2 and Phi-3 checkpoints.

Written from the published architecture descriptions with plain torch ops
(no ShareLens code, no transformers):

- Qwen3: Llama blocks whose queries and keys pass an RMSNorm per head
  (self_attn.q_norm / k_norm, weight [head_dim]) after the projection and the
  split into heads, before RoPE; head_dim from the config.
- OLMo 2: no norm before attention or MLP; post_attention_layernorm normalises
  attention's output and post_feedforward_layernorm the MLP's, each before its
  residual add; q_norm / k_norm normalise the whole q and k projections
  (weights [heads * head_dim], [kv_heads * head_dim]) before the split into heads.
- Phi-3: Llama blocks with q, k, v stacked in self_attn.qkv_proj and gate, up
  stacked in mlp.gate_up_proj (gate first); "longrope" / "su" RoPE scaling:
  inverse frequency i = 1 / (ext[i] * theta^(2i/d)), ext = long_factor when the
  sequence is longer than original_max_position_embeddings, short_factor
  otherwise; cos and sin times sqrt(1 + ln(s) / ln(orig)), s = max / orig > 1.
  sliding_window (when set): token i attends to j with i - window < j <= i.

  reference_families.py MODEL_DIR IDS.json OUT.json

Same input and output as reference_forward.py (logits of the first sequence,
mean next-token loss over all, token count, per-block residual stream).
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_forward import load_state  # noqa: E402  (safetensors reader only)


def rms(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def rot(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], -1)


def inv_frequencies(cfg, hd, T):
    theta = cfg.get("rope_theta", 10000.0)
    exps = torch.arange(0, hd, 2, dtype=torch.float64) / hd
    rs = cfg.get("rope_scaling") or {}
    kind = rs.get("rope_type", rs.get("type"))
    if kind in ("longrope", "su"):
        orig = cfg.get("original_max_position_embeddings") or rs.get("original_max_position_embeddings", 4096)
        ext = torch.tensor(rs["long_factor"] if T > orig else rs["short_factor"], dtype=torch.float64)
        s = cfg["max_position_embeddings"] / orig
        scale = rs.get("attention_factor") or (math.sqrt(1 + math.log(s) / math.log(orig)) if s > 1 else 1.0)
        return (1.0 / (ext * theta ** exps)).float(), scale
    assert kind in (None, "default"), kind
    return (1.0 / theta ** exps).float(), 1.0


def attention(cfg, q, k, v, T, layer):
    nh, nkv = q.shape[1], k.shape[1]
    hd = q.shape[-1]
    k = k.repeat_interleave(nh // nkv, dim=1)
    v = v.repeat_interleave(nh // nkv, dim=1)
    i = torch.arange(T)[:, None]
    j = torch.arange(T)[None, :]
    allowed = j <= i
    window = cfg.get("sliding_window")
    if cfg["model_type"] == "qwen3":
        types = cfg.get("layer_types") or ["sliding_attention" if i >= cfg.get("max_window_layers", 28)
                                           else "full_attention" for i in range(cfg["num_hidden_layers"])]
        window = window if cfg.get("use_sliding_window") and types[layer] == "sliding_attention" else None
    if window:
        allowed = allowed & (j > i - window)
    mask = torch.zeros(T, T).masked_fill(~allowed, float("-inf"))
    att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask
    return att.softmax(-1) @ v


def family_forward(cfg, sd, ids):
    fam = cfg["model_type"]
    W = lambda n: sd[n].float()
    H, nh = cfg["hidden_size"], cfg["num_attention_heads"]
    nkv = cfg.get("num_key_value_heads", nh)
    hd = cfg.get("head_dim") or H // nh
    I = cfg["intermediate_size"]
    eps = cfg.get("rms_norm_eps", 1e-6 if fam == "qwen3" else 1e-5)
    B, T = ids.shape
    inv, scale = inv_frequencies(cfg, hd, T)
    ang = torch.arange(T, dtype=torch.float32)[:, None] * inv[None]
    cos = torch.cat([ang, ang], -1).cos() * scale
    sin = torch.cat([ang, ang], -1).sin() * scale
    x = W("model.embed_tokens.weight")[ids]
    blocks, subs = [], []
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        h = x if fam == "olmo2" else rms(x, W(p + "input_layernorm.weight"), eps)
        if fam == "phi3":
            q, k, v = (h @ W(p + "self_attn.qkv_proj.weight").T).split([nh * hd, nkv * hd, nkv * hd], -1)
        else:
            q, k, v = (h @ W(p + f"self_attn.{n}_proj.weight").T for n in "qkv")
        if fam == "olmo2":
            q = rms(q, W(p + "self_attn.q_norm.weight"), eps)
            k = rms(k, W(p + "self_attn.k_norm.weight"), eps)
        q, k, v = (t.reshape(B, T, -1, hd) for t in (q, k, v))
        if fam == "qwen3":
            q = rms(q, W(p + "self_attn.q_norm.weight"), eps)
            k = rms(k, W(p + "self_attn.k_norm.weight"), eps)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
        q = q * cos + rot(q) * sin
        k = k * cos + rot(k) * sin
        y = attention(cfg, q, k, v, T, layer).transpose(1, 2).reshape(B, T, nh * hd)
        a = y @ W(p + "self_attn.o_proj.weight").T
        if fam == "olmo2":
            a = rms(a, W(p + "post_attention_layernorm.weight"), eps)
        x = x + a
        h = x if fam == "olmo2" else rms(x, W(p + "post_attention_layernorm.weight"), eps)
        if fam == "phi3":
            gate, up = (h @ W(p + "mlp.gate_up_proj.weight").T).split([I, I], -1)
        else:
            gate, up = h @ W(p + "mlp.gate_proj.weight").T, h @ W(p + "mlp.up_proj.weight").T
        m = (torch.nn.functional.silu(gate) * up) @ W(p + "mlp.down_proj.weight").T
        if fam == "olmo2":
            m = rms(m, W(p + "post_feedforward_layernorm.weight"), eps)
        x = x + m
        blocks.append(x)
        subs.append((a, m))
    x = rms(x, W("model.norm.weight"), eps)
    head = W("lm_head.weight") if "lm_head.weight" in sd else W("model.embed_tokens.weight")
    return x @ head.T, blocks, subs


def main():
    d, ids_path, out = sys.argv[1:4]
    cfg = json.load(open(os.path.join(d, "config.json")))
    assert cfg["model_type"] in ("qwen3", "olmo2", "phi3"), cfg["model_type"]
    sd = load_state(d)
    seqs = json.load(open(ids_path))
    total, count, first, first_blocks = 0.0, 0, None, None
    with torch.no_grad():
        for s in seqs:
            ids = torch.tensor([s], dtype=torch.long)
            logits, blocks, _ = family_forward(cfg, sd, ids)
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
