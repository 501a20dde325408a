#!/usr/bin/env python3
"""Writes a small Qwen3, OLMo 2 or Phi-3 model folder with random weights, for tests.

Each in its family's real layout, scaled down from the real configs:
- qwen3 (Qwen3-0.6B-like): head_dim independent of hidden / heads (default
  32 with hidden 64 and 4 heads), GQA, per-head q_norm / k_norm [head_dim],
  tied embeddings by default (as the small Qwen3s), rope_theta 1e6;
  --sliding-window N writes use_sliding_window true with layer_types
  (the upper half of the layers sliding).
- olmo2 (OLMo-2-1B-like, with GQA): no input norms, post_attention_layernorm
  and post_feedforward_layernorm, q_norm [heads*head_dim], k_norm
  [kv_heads*head_dim], untied by default, rope_theta 500000.
- phi3 (Phi-3-mini-128k-like): fused self_attn.qkv_proj [q + 2 kv, H] and
  mlp.gate_up_proj [2 I, H], "longrope" rope_scaling with short and long
  factors (head_dim / 2 each) and original_max_position_embeddings
  (--original-positions, default 16) below max_position_embeddings; untied
  by default; --no-rope-scaling writes rope_scaling null.

--set KEY=JSON puts any config.json field (for bad-input tests).
Safetensors are written by make_checkpoint.write_safetensors (the format by hand).
"""
import argparse
import collections
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_checkpoint import DTYPES, write_safetensors  # noqa: E402

ARCH = {"qwen3": "Qwen3ForCausalLM", "olmo2": "Olmo2ForCausalLM", "phi3": "Phi3ForCausalLM"}


def make_config(a, tied):
    hd = a.head_dim or (32 if a.family == "qwen3" else a.hidden // a.heads)
    kv = a.kv_heads or max(1, a.heads // 2)
    cfg = {"architectures": [ARCH[a.family]], "model_type": a.family, "vocab_size": a.vocab,
           "hidden_size": a.hidden, "intermediate_size": a.intermediate or 3 * a.hidden,
           "num_hidden_layers": a.layers, "num_attention_heads": a.heads, "num_key_value_heads": kv,
           "max_position_embeddings": a.positions, "hidden_act": "silu", "initializer_range": 0.02,
           "use_cache": True, "attention_dropout": 0.0, "tie_word_embeddings": tied,
           "bos_token_id": 1, "eos_token_id": 2, "pad_token_id": None}
    if a.family == "qwen3":
        cfg.update({"head_dim": hd, "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "rope_scaling": None,
                    "attention_bias": False, "use_sliding_window": False, "sliding_window": None,
                    "max_window_layers": a.layers})
        if a.sliding_window:
            cfg.update({"use_sliding_window": True, "sliding_window": a.sliding_window,
                        "layer_types": ["full_attention" if i < a.layers // 2 else "sliding_attention"
                                        for i in range(a.layers)]})
    elif a.family == "olmo2":
        cfg.update({"rms_norm_eps": 1e-6, "rope_theta": 500000.0, "rope_scaling": None, "attention_bias": False})
    else:
        cfg.update({"rms_norm_eps": 1e-5, "rope_theta": 10000.0, "resid_pdrop": 0.0, "embd_pdrop": 0.0,
                    "original_max_position_embeddings": a.original_positions,
                    "sliding_window": a.sliding_window or None})
        if a.no_rope_scaling:
            cfg["rope_scaling"] = None
        else:
            g = torch.Generator().manual_seed(a.seed + 100)
            half = hd // 2
            # Real Phi-3 factors grow from about 1 at high frequencies to tens at low ones.
            short = (1 + 0.3 * torch.rand(half, generator=g)).tolist()
            long = (torch.linspace(1, 30, half) * (1 + 0.2 * torch.rand(half, generator=g))).tolist()
            cfg["rope_scaling"] = {"type": "longrope", "short_factor": short, "long_factor": long}
    return cfg, hd, kv


def weights(cfg, hd, kv, g, tied):
    fam = cfg["model_type"]
    H, L, V, I = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["vocab_size"], cfg["intermediate_size"]
    nh = cfg["num_attention_heads"]
    r = lambda *s, std=0.02: torch.randn(*s, generator=g) * std
    norm = lambda n: 1 + r(n, std=0.1)
    sd = collections.OrderedDict()
    sd["model.embed_tokens.weight"] = r(V, H, std=0.5)
    for i in range(L):
        p = f"model.layers.{i}."
        if fam != "olmo2":
            sd[p + "input_layernorm.weight"] = norm(H)
        if fam == "phi3":
            sd[p + "self_attn.qkv_proj.weight"] = r(nh * hd + 2 * kv * hd, H, std=0.08)
        else:
            sd[p + "self_attn.q_proj.weight"] = r(nh * hd, H, std=0.08)
            sd[p + "self_attn.k_proj.weight"] = r(kv * hd, H, std=0.08)
            sd[p + "self_attn.v_proj.weight"] = r(kv * hd, H, std=0.08)
        sd[p + "self_attn.o_proj.weight"] = r(H, nh * hd, std=0.05)
        if fam == "qwen3":
            sd[p + "self_attn.q_norm.weight"] = norm(hd)
            sd[p + "self_attn.k_norm.weight"] = norm(hd)
        if fam == "olmo2":
            sd[p + "self_attn.q_norm.weight"] = norm(nh * hd)
            sd[p + "self_attn.k_norm.weight"] = norm(kv * hd)
        if fam == "phi3":
            sd[p + "mlp.gate_up_proj.weight"] = r(2 * I, H, std=0.05)
        else:
            sd[p + "mlp.gate_proj.weight"] = r(I, H, std=0.05)
            sd[p + "mlp.up_proj.weight"] = r(I, H, std=0.05)
        sd[p + "mlp.down_proj.weight"] = r(H, I, std=0.05)
        sd[p + "post_attention_layernorm.weight"] = norm(H)
        if fam == "olmo2":
            sd[p + "post_feedforward_layernorm.weight"] = norm(H)
    sd["model.norm.weight"] = norm(H)
    if not tied:
        sd["lm_head.weight"] = r(V, H, std=0.05)
    return sd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", required=True, choices=list(ARCH))
    ap.add_argument("--out", required=True)
    ap.add_argument("--dtype", default="f32", choices=list(DTYPES))
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--kv-heads", type=int, default=0, help="0: heads / 2")
    ap.add_argument("--head-dim", type=int, default=0, help="0: 32 for qwen3, hidden / heads otherwise")
    ap.add_argument("--intermediate", type=int, default=0, help="0: 3 * hidden")
    ap.add_argument("--vocab", type=int, default=96)
    ap.add_argument("--positions", type=int, default=128)
    ap.add_argument("--original-positions", type=int, default=16, help="phi3: original_max_position_embeddings")
    ap.add_argument("--sliding-window", type=int, default=0)
    ap.add_argument("--no-rope-scaling", action="store_true")
    ap.add_argument("--tied", action="store_true")
    ap.add_argument("--untied", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=JSON")
    a = ap.parse_args()

    tied = a.tied or (a.family == "qwen3" and not a.untied)
    cfg, hd, kv = make_config(a, tied)
    g = torch.Generator().manual_seed(a.seed)
    sd = weights(cfg, hd, kv, g, tied)
    dt = DTYPES[a.dtype]
    sd = collections.OrderedDict((k, v.to(dt)) for k, v in sd.items())
    cfg["torch_dtype"] = {"f32": "float32", "f16": "float16", "bf16": "bfloat16"}[a.dtype]
    for kv_text in a.set:
        key, value = kv_text.split("=", 1)
        cfg[key] = json.loads(value)

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    write_safetensors(os.path.join(a.out, "model.safetensors"), sd, {"format": "pt"})


if __name__ == "__main__":
    main()
