#!/usr/bin/env python3
"""Writes a model folder with the exact shapes of a real small LLM and random BF16 weights.

    make_scale_checkpoint.py --shape smollm2-135m|qwen2.5-0.5b|llama-3.2-1b --out DIR [--seed K] [--dtype bf16|f16|f32]

Nothing is downloaded: config.json follows the model's published configuration
(sizes, heads, vocabulary, tied embeddings, RoPE base) and model.safetensors
holds N(0, 0.02) weights (norms 1, biases 0) in Hugging Face names. The file is
written tensor by tensor (header first), so a 1 B-parameter model needs about
one embedding matrix of memory, not the whole model.
"""
import argparse
import json
import os
import struct

import torch

# structure: data table
SHAPES = {
    "smollm2-135m": dict(arch="LlamaForCausalLM", model_type="llama", layers=30, hidden=576, intermediate=1536,
                         heads=9, kv_heads=3, head_dim=64, vocab=49152, positions=8192, tied=True,
                         rope_theta=100000.0, eps=1e-5, bias=False),
    "qwen2.5-0.5b": dict(arch="Qwen2ForCausalLM", model_type="qwen2", layers=24, hidden=896, intermediate=4864,
                         heads=14, kv_heads=2, head_dim=64, vocab=151936, positions=32768, tied=True,
                         rope_theta=1000000.0, eps=1e-6, bias=True),
    "llama-3.2-1b": dict(arch="LlamaForCausalLM", model_type="llama", layers=16, hidden=2048, intermediate=8192,
                         heads=32, kv_heads=8, head_dim=64, vocab=128256, positions=131072, tied=True,
                         rope_theta=500000.0, eps=1e-5, bias=False),
}

DTYPES = {"bf16": (torch.bfloat16, "BF16", "bfloat16"), "f16": (torch.float16, "F16", "float16"),
          "f32": (torch.float32, "F32", "float32")}


def config(s, dtype_name):
    c = {"architectures": [s["arch"]], "model_type": s["model_type"], "vocab_size": s["vocab"],
         "hidden_size": s["hidden"], "intermediate_size": s["intermediate"], "num_hidden_layers": s["layers"],
         "num_attention_heads": s["heads"], "num_key_value_heads": s["kv_heads"],
         "max_position_embeddings": s["positions"], "hidden_act": "silu", "rms_norm_eps": s["eps"],
         "rope_theta": s["rope_theta"], "rope_scaling": None, "tie_word_embeddings": s["tied"],
         "torch_dtype": dtype_name, "bos_token_id": 0, "eos_token_id": 0}
    if s["model_type"] == "llama":
        c.update({"head_dim": s["head_dim"], "attention_bias": False, "mlp_bias": False})
    else:
        c.update({"use_sliding_window": False, "sliding_window": None, "max_window_layers": s["layers"]})
    return c


def tensor_list(s):
    """(name, shape, kind) in the file's order; kind: w (random), one, zero."""
    H, I, hd = s["hidden"], s["intermediate"], s["head_dim"]
    q, kv = s["heads"] * hd, s["kv_heads"] * hd
    out = [("model.embed_tokens.weight", (s["vocab"], H), "w")]
    for i in range(s["layers"]):
        p = f"model.layers.{i}."
        out += [(p + "input_layernorm.weight", (H,), "one"),
                (p + "self_attn.q_proj.weight", (q, H), "w"), (p + "self_attn.k_proj.weight", (kv, H), "w"),
                (p + "self_attn.v_proj.weight", (kv, H), "w")]
        if s["bias"]:
            out += [(p + "self_attn.q_proj.bias", (q,), "zero"), (p + "self_attn.k_proj.bias", (kv,), "zero"),
                    (p + "self_attn.v_proj.bias", (kv,), "zero")]
        out += [(p + "self_attn.o_proj.weight", (H, q), "w"), (p + "post_attention_layernorm.weight", (H,), "one"),
                (p + "mlp.gate_proj.weight", (I, H), "w"), (p + "mlp.up_proj.weight", (I, H), "w"),
                (p + "mlp.down_proj.weight", (H, I), "w")]
    out.append(("model.norm.weight", (H,), "one"))
    if not s["tied"]:
        out.append(("lm_head.weight", (s["vocab"], H), "w"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", required=True, choices=sorted(SHAPES))
    ap.add_argument("--out", required=True)
    ap.add_argument("--dtype", default="bf16", choices=sorted(DTYPES))
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    s = SHAPES[a.shape]
    tdtype, st_name, cfg_name = DTYPES[a.dtype]
    size = torch.tensor([], dtype=tdtype).element_size()
    tensors = tensor_list(s)
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, shape, _ in tensors:
        n = 1
        for d in shape:
            n *= d
        header[name] = {"dtype": st_name, "shape": list(shape), "data_offsets": [offset, offset + n * size]}
        offset += n * size
    hbytes = json.dumps(header, separators=(",", ":")).encode()
    hbytes += b" " * (-len(hbytes) % 8)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(config(s, cfg_name), f, indent=2)
    g = torch.Generator().manual_seed(a.seed)
    with open(os.path.join(a.out, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for name, shape, kind in tensors:
            if kind == "w":
                t = (torch.randn(shape, generator=g) * 0.02).to(tdtype)
            else:
                t = (torch.ones if kind == "one" else torch.zeros)(shape, dtype=tdtype)
            t = t.contiguous()
            f.write((t.view(torch.int16) if tdtype == torch.bfloat16 else t).numpy().tobytes())
            del t
    print(os.path.join(a.out, "model.safetensors"), offset + 8 + len(hbytes))


if __name__ == "__main__":
    main()
