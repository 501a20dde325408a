#!/usr/bin/env python3
"""Writes a Hugging Face model folder with random weights, for tests.

Families: gpt2, llama, mistral, qwen2, gemma2, gemma3_text. Formats: safetensors, sharded
(model.safetensors.index.json + shards), bin (torch.save of a plain dict),
bin-ordereddict (torch.save(model.state_dict()) as PyTorch does by default).

The safetensors files are written by hand from the format's definition
(8-byte little-endian header length, JSON header, data), so this script
needs only python3-torch.
"""
import argparse
import collections
import json
import os
import struct

import torch

DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16}
ST_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
            torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8"}


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    header = {}
    offset = 0
    blobs = []
    for name, t in tensors.items():
        b = tensor_bytes(t)
        header[name] = {"dtype": ST_NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def gpt2_weights(cfg, g, tied):
    H, L, V, P = cfg["n_embd"], cfg["n_layer"], cfg["vocab_size"], cfg["n_positions"]
    inner = cfg.get("n_inner") or 4 * H
    r = lambda *s, std=0.02: torch.randn(*s, generator=g) * std
    sd = collections.OrderedDict()
    sd["transformer.wte.weight"] = r(V, H)
    sd["transformer.wpe.weight"] = r(P, H, std=0.01)
    for i in range(L):
        p = f"transformer.h.{i}."
        sd[p + "ln_1.weight"] = 1 + r(H, std=0.1)
        sd[p + "ln_1.bias"] = r(H, std=0.05)
        sd[p + "attn.c_attn.weight"] = r(H, 3 * H, std=0.08)
        sd[p + "attn.c_attn.bias"] = r(3 * H, std=0.02)
        sd[p + "attn.c_proj.weight"] = r(H, H, std=0.05)
        sd[p + "attn.c_proj.bias"] = r(H, std=0.02)
        sd[p + "ln_2.weight"] = 1 + r(H, std=0.1)
        sd[p + "ln_2.bias"] = r(H, std=0.05)
        sd[p + "mlp.c_fc.weight"] = r(H, inner, std=0.05)
        sd[p + "mlp.c_fc.bias"] = r(inner, std=0.02)
        sd[p + "mlp.c_proj.weight"] = r(inner, H, std=0.05)
        sd[p + "mlp.c_proj.bias"] = r(H, std=0.02)
    sd["transformer.ln_f.weight"] = 1 + r(H, std=0.1)
    sd["transformer.ln_f.bias"] = r(H, std=0.05)
    if not tied:
        sd["lm_head.weight"] = r(V, H)
    return sd


def llama_weights(cfg, g, tied, family):
    H, L, V = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["vocab_size"]
    nh, nkv, I = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["intermediate_size"]
    hd = H // nh
    r = lambda *s, std=0.02: torch.randn(*s, generator=g) * std
    sd = collections.OrderedDict()
    sd["model.embed_tokens.weight"] = r(V, H, std=0.5)
    for i in range(L):
        p = f"model.layers.{i}."
        sd[p + "input_layernorm.weight"] = 1 + r(H, std=0.1)
        sd[p + "self_attn.q_proj.weight"] = r(nh * hd, H, std=0.08)
        sd[p + "self_attn.k_proj.weight"] = r(nkv * hd, H, std=0.08)
        sd[p + "self_attn.v_proj.weight"] = r(nkv * hd, H, std=0.08)
        if family == "qwen2":
            sd[p + "self_attn.q_proj.bias"] = r(nh * hd, std=0.05)
            sd[p + "self_attn.k_proj.bias"] = r(nkv * hd, std=0.05)
            sd[p + "self_attn.v_proj.bias"] = r(nkv * hd, std=0.05)
        sd[p + "self_attn.o_proj.weight"] = r(H, nh * hd, std=0.05)
        sd[p + "post_attention_layernorm.weight"] = 1 + r(H, std=0.1)
        sd[p + "mlp.gate_proj.weight"] = r(I, H, std=0.05)
        sd[p + "mlp.up_proj.weight"] = r(I, H, std=0.05)
        sd[p + "mlp.down_proj.weight"] = r(H, I, std=0.05)
    sd["model.norm.weight"] = 1 + r(H, std=0.1)
    if not tied:
        sd["lm_head.weight"] = r(V, H, std=0.05)
    return sd


def gemma_weights(cfg, g, tied):
    """Gemma 2 / Gemma 3 text tensors (norms stored as w of (1 + w))."""
    H, L, V = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["vocab_size"]
    nh, nkv, I, hd = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["intermediate_size"], cfg["head_dim"]
    r = lambda *s, std=0.02: torch.randn(*s, generator=g) * std
    sd = collections.OrderedDict()
    sd["model.embed_tokens.weight"] = r(V, H, std=0.25)
    for i in range(L):
        p = f"model.layers.{i}."
        sd[p + "input_layernorm.weight"] = r(H, std=0.1)
        sd[p + "self_attn.q_proj.weight"] = r(nh * hd, H, std=0.15)
        sd[p + "self_attn.k_proj.weight"] = r(nkv * hd, H, std=0.15)
        sd[p + "self_attn.v_proj.weight"] = r(nkv * hd, H, std=0.08)
        sd[p + "self_attn.o_proj.weight"] = r(H, nh * hd, std=0.05)
        if cfg["model_type"] == "gemma3_text":
            sd[p + "self_attn.q_norm.weight"] = r(hd, std=0.3)
            sd[p + "self_attn.k_norm.weight"] = r(hd, std=0.3)
        sd[p + "post_attention_layernorm.weight"] = r(H, std=0.1)
        sd[p + "pre_feedforward_layernorm.weight"] = r(H, std=0.1)
        sd[p + "mlp.gate_proj.weight"] = r(I, H, std=0.05)
        sd[p + "mlp.up_proj.weight"] = r(I, H, std=0.05)
        sd[p + "mlp.down_proj.weight"] = r(H, I, std=0.05)
        sd[p + "post_feedforward_layernorm.weight"] = r(H, std=0.1)
    sd["model.norm.weight"] = r(H, std=0.1)
    if not tied:
        sd["lm_head.weight"] = r(V, H, std=0.05)
    return sd


def gemma_config(family, layers, hidden, heads, kv_heads, vocab, positions, tied, rope_scaling, window):
    """Shapes as gemma-2-2b / gemma-3-270m scaled down: head_dim != hidden / heads,
    GQA, query_pre_attn_scalar != head_dim, a sliding window shorter than the
    test sequences, both attention types; soft-caps scaled down so they bite."""
    cfg = {"model_type": family, "hidden_size": hidden, "num_hidden_layers": layers,
           "num_attention_heads": heads, "num_key_value_heads": kv_heads, "head_dim": 2 * hidden // heads,
           "intermediate_size": 2 * hidden, "max_position_embeddings": positions, "rms_norm_eps": 1e-6,
           "vocab_size": vocab, "hidden_activation": "gelu_pytorch_tanh", "hidden_act": "gelu_pytorch_tanh",
           "query_pre_attn_scalar": 24, "sliding_window": window, "tie_word_embeddings": tied,
           "attention_bias": False, "attention_dropout": 0.0, "bos_token_id": 2, "eos_token_id": 1,
           "pad_token_id": 0}
    if family == "gemma2":
        cfg.update({"architectures": ["Gemma2ForCausalLM"], "rope_theta": 10000.0,
                    "attn_logit_softcapping": 5.0, "final_logit_softcapping": 15.0,
                    "cache_implementation": "hybrid"})
    else:
        cfg.update({"architectures": ["Gemma3ForCausalLM"], "rope_theta": 1000000.0,
                    "rope_local_base_freq": 10000.0, "sliding_window_pattern": 3,
                    "attn_logit_softcapping": None, "final_logit_softcapping": None,
                    "rope_scaling": {"rope_type": "linear", "factor": 4.0} if rope_scaling else None})
    return cfg


def make_config(family, layers, hidden, heads, kv_heads, vocab, positions, tied, rope_scaling):
    if family == "gpt2":
        return {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"],
                "n_embd": hidden, "n_layer": layers, "n_head": heads,
                "n_positions": positions, "n_ctx": positions, "n_inner": None,
                "vocab_size": vocab, "layer_norm_epsilon": 1e-5,
                "activation_function": "gelu_new", "tie_word_embeddings": tied,
                "bos_token_id": vocab - 1, "eos_token_id": vocab - 1}
    arch = {"llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM",
            "qwen2": "Qwen2ForCausalLM"}[family]
    cfg = {"model_type": family, "architectures": [arch], "hidden_size": hidden,
           "num_hidden_layers": layers, "num_attention_heads": heads,
           "num_key_value_heads": kv_heads, "intermediate_size": int(hidden * 8 / 3) // 8 * 8,
           "max_position_embeddings": positions, "rms_norm_eps": 1e-6,
           "rope_theta": 500000.0 if family == "llama" else 10000.0, "vocab_size": vocab,
           "hidden_act": "silu", "tie_word_embeddings": tied,
           "bos_token_id": 1, "eos_token_id": 2}
    if family == "mistral":
        cfg["sliding_window"] = None
    if rope_scaling and family == "llama":
        cfg["rope_scaling"] = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                               "high_freq_factor": 4.0,
                               "original_max_position_embeddings": positions // 4}
    return cfg


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--family", required=True, choices=["gpt2", "llama", "mistral", "qwen2", "gemma2", "gemma3_text"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--dtype", default="f32", choices=list(DTYPES))
    ap.add_argument("--format", default="safetensors",
                    choices=["safetensors", "sharded", "bin", "bin-ordereddict"])
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--kv-heads", type=int, default=0, help="0: heads/2 for Llama family")
    ap.add_argument("--vocab", type=int, default=96)
    ap.add_argument("--positions", type=int, default=128)
    ap.add_argument("--untied", action="store_true")
    ap.add_argument("--tied", action="store_true")
    ap.add_argument("--rope-scaling", action="store_true", help="llama3 rope scaling (llama only)")
    ap.add_argument("--window", type=int, default=6, help="sliding_window (Gemma)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--zero", action="store_true",
                    help="all weights zero: every activation is constant (for zero-variance tests)")
    a = ap.parse_args()

    tied = a.family == "gpt2" if not (a.tied or a.untied) else a.tied
    kv = a.kv_heads or max(1, a.heads // 2)
    gemma = a.family.startswith("gemma")
    if gemma and not (a.tied or a.untied):
        tied = True
    if gemma:
        cfg = gemma_config(a.family, a.layers, a.hidden, a.heads, kv, a.vocab, a.positions, tied, a.rope_scaling,
                           a.window)
    else:
        cfg = make_config(a.family, a.layers, a.hidden, a.heads, kv, a.vocab, a.positions, tied,
                          a.rope_scaling)
    g = torch.Generator().manual_seed(a.seed)
    if gemma:
        sd = gemma_weights(cfg, g, tied)
    else:
        sd = gpt2_weights(cfg, g, tied) if a.family == "gpt2" else llama_weights(cfg, g, tied, a.family)
    if a.zero:
        sd = collections.OrderedDict((k, torch.zeros_like(v)) for k, v in sd.items())
    dt = DTYPES[a.dtype]
    sd = collections.OrderedDict((k, v.to(dt)) for k, v in sd.items())
    cfg["torch_dtype"] = {"f32": "float32", "f16": "float16", "bf16": "bfloat16"}[a.dtype]

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    if a.format == "safetensors":
        write_safetensors(os.path.join(a.out, "model.safetensors"), sd, {"format": "pt"})
    elif a.format == "sharded":
        names = list(sd)
        half = len(names) // 2
        shards = [names[:half], names[half:]]
        weight_map = {}
        total = 0
        for k, part in enumerate(shards):
            fname = f"model-{k + 1:05d}-of-{len(shards):05d}.safetensors"
            write_safetensors(os.path.join(a.out, fname), {n: sd[n] for n in part}, {"format": "pt"})
            for n in part:
                weight_map[n] = fname
                total += sd[n].numel() * sd[n].element_size()
        with open(os.path.join(a.out, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    elif a.format == "bin":
        torch.save(dict(sd), os.path.join(a.out, "pytorch_model.bin"))
    else:
        torch.save(sd, os.path.join(a.out, "pytorch_model.bin"))


if __name__ == "__main__":
    main()
