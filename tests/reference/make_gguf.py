#!/usr/bin/env python3
"""Writes a GGUF file (llama.cpp's format) from a safetensors model folder, for tests.

Written from the format's published layout, without llama.cpp or the gguf
package: "GGUF", u32 version, u64 tensor count, u64 key/value count, the
key/values (u64-length strings, u32 value types, arrays as u32 element type +
u64 count + elements), the tensor infos (name, u32 n_dims, u64 dims in ggml
order = torch's shape reversed, u32 ggml type, u64 offset into the data
section), padding to general.alignment, then the data (each tensor aligned).

  make_gguf.py --from DIR --out FILE.gguf [--type f32|f16|bf16|q8_0]
               [--tokenizer tokenizer.json | --spm-vocab] [--version 2|3]
               [--alignment N] [--dequantized-out DIR] [--break KIND]
               [--arch llama|qwen2|qwen3] [--extra-key KEY=VALUE]

DIR is a folder written by make_checkpoint.py (config.json, model.safetensors)
of model_type llama, mistral or qwen2 (--arch overrides; --arch qwen3 turns
a llama checkpoint into a Qwen3 one by adding per-head q/k norm weights, so
use --dequantized-out for its reference folder). Like llama.cpp's
converter, the rows of Llama's q and k projections are permuted for its
interleaved RoPE (Qwen2/Qwen3 are not). Q8_0 (blocks of 32: f16 scale d =
max|x| / 127, 32 int8 round(x / d)) applies to matrices; norms stay F32.
--dequantized-out writes the weights exactly as the GGUF holds them, in
Hugging Face layout and F32, as a safetensors folder (the Q8_0 reference).
--break KIND writes a damaged file (see BREAKS) for the bad-input tests.
"""
import argparse
import json
import os
import shutil
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_checkpoint import write_safetensors  # noqa: E402
from reference_forward import read_safetensors  # noqa: E402

U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)
GGML = {"f32": 0, "f16": 1, "q8_0": 8, "bf16": 30}
BREAKS = ["magic", "version", "truncated-header", "truncated-data", "offset-past-end", "q4k",
          "duplicate-tensor", "misaligned", "value-type", "missing-key", "arch", "huge-array",
          "huge-string", "dims", "vocab-type", "alignment", "tensor-count", "unknown-tensor"]

BLOCK = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
         "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output", "self_attn.q_norm": "attn_q_norm",
         "self_attn.k_norm": "attn_k_norm", "post_attention_layernorm": "ffn_norm",
         "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"}


def gguf_name(hf):
    top = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
           "lm_head.weight": "output.weight"}
    if hf in top:
        return top[hf]
    parts = hf.split(".")
    layer, rest, suffix = parts[2], ".".join(parts[3:-1]), parts[-1]
    return f"blk.{layer}.{BLOCK[rest]}.{suffix}"


def permute(w, n_head):
    """llama.cpp's converter: HF's rotate_half row order -> interleaved pairs."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def round_half_away(x):
    return torch.sign(x) * torch.floor(torch.abs(x) + 0.5)


def quantize_q8_0(t):
    """ggml's reference Q8_0: bytes, and the values the file then holds."""
    x = t.to(torch.float32).reshape(-1, 32)
    amax = x.abs().max(dim=1).values
    d = amax / 127.0
    inv = torch.where(d > 0, 1.0 / torch.where(d > 0, d, torch.ones_like(d)), torch.zeros_like(d))
    q = round_half_away(x * inv[:, None]).clamp(-128, 127).to(torch.int8)
    d16 = d.to(torch.float16)
    out = bytearray()
    for i in range(x.shape[0]):
        out += d16[i:i + 1].view(torch.int16).numpy().tobytes() + q[i].numpy().tobytes()
    held = (d16.to(torch.float32)[:, None] * q.to(torch.float32)).reshape(t.shape)
    return bytes(out), held


def tensor_data(t, kind):
    if kind == "q8_0" and t.dim() == 2 and t.shape[-1] % 32 == 0:
        data, held = quantize_q8_0(t)
        return GGML["q8_0"], data, held
    if kind in ("f32", "q8_0"):
        v = t.to(torch.float32)
        return GGML["f32"], v.numpy().tobytes(), v
    if kind == "f16":
        v = t.to(torch.float16)
        return GGML["f16"], v.numpy().tobytes(), v.to(torch.float32)
    v = t.to(torch.bfloat16)
    return GGML["bf16"], v.view(torch.int16).numpy().tobytes(), v.to(torch.float32)


def s(x):
    b = x.encode() if isinstance(x, str) else x
    return struct.pack("<Q", len(b)) + b


SCALAR = {U8: "<B", I8: "<b", U16: "<H", I16: "<h", U32: "<I", I32: "<i", F32: "<f", BOOL: "<?",
          U64: "<Q", I64: "<q", F64: "<d"}


def value(vtype, v):
    if vtype == STRING:
        return struct.pack("<I", STRING) + s(v)
    if vtype == ARRAY:
        etype, items = v
        body = b"".join(s(i) if etype == STRING else struct.pack(SCALAR[etype], i) for i in items)
        return struct.pack("<I", ARRAY) + struct.pack("<IQ", etype, len(items)) + body
    return struct.pack("<I", vtype) + struct.pack(SCALAR[vtype], v)


def gpt2_vocab(path):
    tok = json.load(open(path, encoding="utf-8"))
    vocab = tok["model"]["vocab"]
    tokens = [None] * (max(vocab.values()) + 1)
    for t, i in vocab.items():
        tokens[i] = t
    types = [1] * len(tokens)
    for a in tok.get("added_tokens", []):
        tokens[a["id"]] = a["content"]
        types[a["id"]] = 3 if a.get("special") else 4
    merges = [m if isinstance(m, str) else " ".join(m) for m in tok["model"]["merges"]]
    return [("tokenizer.ggml.model", STRING, "gpt2"), ("tokenizer.ggml.pre", STRING, "default"),
            ("tokenizer.ggml.tokens", ARRAY, (STRING, tokens)),
            ("tokenizer.ggml.token_type", ARRAY, (I32, types)),
            ("tokenizer.ggml.merges", ARRAY, (STRING, merges)),
            ("tokenizer.ggml.bos_token_id", U32, len(tokens) - 1),
            ("tokenizer.ggml.eos_token_id", U32, len(tokens) - 1)]


def spm_vocab(n):
    """A small SentencePiece vocabulary: <unk>, <s>, </s>, 256 byte tokens, pieces."""
    pieces = ["\u2581", "\u2581t", "he", "\u2581the", "\u2581a", "in", "\u2581in", "er", "on", "an", "\u2581an",
              "\u2581and", "e", "t", "h", "a", "n", "d", "i", "r", "o", "\u2581o", "\u2581on", "re", "\u2581re"]
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)] + pieces
    types = [2, 3, 3] + [6] * 256 + [1] * len(pieces)
    scores = [0.0, 0.0, 0.0] + [0.0] * 256 + [-float(i) for i in range(len(pieces))]
    while len(tokens) < n:
        tokens.append(f"<unused{len(tokens)}>")
        types.append(5)
        scores.append(-1e9)
    return [("tokenizer.ggml.model", STRING, "llama"),
            ("tokenizer.ggml.tokens", ARRAY, (STRING, tokens[:n])),
            ("tokenizer.ggml.scores", ARRAY, (F32, scores[:n])),
            ("tokenizer.ggml.token_type", ARRAY, (I32, types[:n])),
            ("tokenizer.ggml.bos_token_id", U32, 1), ("tokenizer.ggml.eos_token_id", U32, 2),
            ("tokenizer.ggml.unknown_token_id", U32, 0)]


def metadata(cfg, arch, a, n_tensors_kind):
    hd = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    kv = [("general.architecture", STRING, arch), ("general.name", STRING, "sharelens-test"),
          (f"{arch}.block_count", U32, cfg["num_hidden_layers"]),
          (f"{arch}.context_length", U32, cfg["max_position_embeddings"]),
          (f"{arch}.embedding_length", U32, cfg["hidden_size"]),
          (f"{arch}.feed_forward_length", U32, cfg["intermediate_size"]),
          (f"{arch}.attention.head_count", U32, cfg["num_attention_heads"]),
          (f"{arch}.attention.head_count_kv", U32, cfg["num_key_value_heads"]),
          (f"{arch}.attention.key_length", U32, hd), (f"{arch}.attention.value_length", U32, hd),
          (f"{arch}.rope.dimension_count", U32, hd),
          (f"{arch}.rope.freq_base", F32, cfg.get("rope_theta", 10000.0)),
          (f"{arch}.attention.layer_norm_rms_epsilon", F32, cfg["rms_norm_eps"]),
          ("general.file_type", U32, {"f32": 0, "f16": 1, "q8_0": 7, "bf16": 32}[n_tensors_kind])]
    if a.alignment != 32:
        kv.append(("general.alignment", U32, a.alignment))
    kv += [(e.split("=", 1)[0], STRING, e.split("=", 1)[1]) for e in a.extra_key]
    if a.tokenizer:
        kv += gpt2_vocab(a.tokenizer)
    elif a.spm_vocab:
        kv += spm_vocab(cfg["vocab_size"])
    return kv


def break_metadata(kv, arch, kind):
    if kind == "missing-key":
        kv = [e for e in kv if e[0] != f"{arch}.block_count"]
    if kind == "arch":
        kv = [("general.architecture", STRING, "falcon") if e[0] == "general.architecture" else e for e in kv]
    if kind == "vocab-type":
        kv = [e for e in kv if not e[0].startswith("tokenizer.")] + [("tokenizer.ggml.model", STRING, "bert")]
    if kind == "alignment":
        kv.append(("general.alignment", U32, 3))
    return kv


def encode_kv(kv, kind):
    out = b""
    for key, vtype, v in kv:
        out += s(key) + value(vtype, v)
    if kind == "value-type":
        out += s("sharelens.test") + struct.pack("<I", 13) + struct.pack("<Q", 0)
    if kind == "huge-array":
        out += s("sharelens.test") + struct.pack("<IIQ", ARRAY, U8, 1 << 40)
    if kind == "huge-string":
        out += s("sharelens.test") + struct.pack("<IQ", STRING, 1 << 40)
    return out


def build(cfg, sd, arch, a):
    """The file's bytes and the HF-layout F32 weights it holds."""
    kind = a.brk
    kv = break_metadata(metadata(cfg, arch, a, a.type), arch, kind)
    extra = 1 if kind in ("value-type", "huge-array", "huge-string") else 0
    infos, blobs, held, offset = [], [], {}, 0
    for name, t in sd.items():
        w = t
        if arch == "llama" and name.endswith(("q_proj.weight", "q_proj.bias")):
            w = permute(t, cfg["num_attention_heads"])
        if arch == "llama" and name.endswith(("k_proj.weight", "k_proj.bias")):
            w = permute(t, cfg["num_key_value_heads"])
        gtype, data, h = tensor_data(w, a.type)
        held[name] = unpermute_like(name, h, cfg, arch)
        infos.append([gguf_name(name), list(reversed(w.shape)), gtype, offset])
        blobs.append(data)
        offset += (len(data) + a.alignment - 1) // a.alignment * a.alignment
    if kind == "unknown-tensor":
        infos.append(["sharelens_extra.weight", [4], 0, offset])
        blobs.append(bytes(16))
    if kind == "q4k":
        infos[1][2] = 12
    if kind == "duplicate-tensor":
        infos[1][0] = infos[0][0]
    if kind == "misaligned":
        infos[-1][3] += 1
    if kind == "offset-past-end":
        infos[-1][3] = 1 << 40
    if kind == "dims":
        infos[0][1] = [1, 1, 1, 1, 1, 1, 1]
    n_tensors = (1 << 40) if kind == "tensor-count" else len(infos)
    version = 4 if kind == "version" else a.version
    head = (b"GGUX" if kind == "magic" else b"GGUF") + struct.pack("<IQQ", version, n_tensors, len(kv) + extra)
    head += encode_kv(kv, kind)
    kv_end = len(head)
    for name, dims, gtype, off in infos:
        head += s(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        head += struct.pack("<IQ", gtype, off)
    head += bytes((-len(head)) % a.alignment)
    body = b""
    for b in blobs:
        body += b + bytes((-len(b)) % a.alignment)
    data = head + body
    if kind == "truncated-header":
        data = data[:kv_end // 2]
    if kind == "truncated-data":
        data = data[:len(data) - 100]
    return data, held


def unpermute_like(name, h, cfg, arch):
    """The HF-layout values of a tensor the file holds (llama's q/k rows put back)."""
    if arch != "llama":
        return h
    for suffix, heads in (("q_proj", cfg["num_attention_heads"]), ("k_proj", cfg["num_key_value_heads"])):
        if name.endswith((suffix + ".weight", suffix + ".bias")):
            return h.reshape(heads, h.shape[0] // heads // 2, 2, *h.shape[1:]).swapaxes(1, 2).reshape(h.shape)
    return h


def as_qwen3(sd, cfg):
    """A Qwen3 model from a Llama-shaped one: per-head q/k RMSNorm weights added."""
    if any(k.endswith("q_proj.bias") for k in sd):
        sys.exit("a Qwen3 model has no q/k/v biases: start from a llama checkpoint")
    hd = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    g = torch.Generator().manual_seed(11)
    out = {}
    for k, v in sd.items():
        out[k] = v
        if k.endswith("self_attn.k_proj.weight"):
            p = k[:-len("k_proj.weight")]
            out[p + "q_norm.weight"] = (1 + 0.1 * torch.randn(hd, generator=g)).to(v.dtype)
            out[p + "k_norm.weight"] = (1 + 0.1 * torch.randn(hd, generator=g)).to(v.dtype)
    cfg = dict(cfg, model_type="qwen3", architectures=["Qwen3ForCausalLM"], head_dim=hd, attention_bias=False)
    return out, cfg


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--arch", choices=["llama", "qwen2", "qwen3"])
    ap.add_argument("--type", default="f32", choices=list(GGML))
    ap.add_argument("--tokenizer")
    ap.add_argument("--spm-vocab", action="store_true")
    ap.add_argument("--version", type=int, default=3, choices=[2, 3])
    ap.add_argument("--alignment", type=int, default=32)
    ap.add_argument("--dequantized-out")
    ap.add_argument("--break", dest="brk", choices=BREAKS)
    ap.add_argument("--extra-key", action="append", default=[], metavar="KEY=VALUE",
                    help="an extra string key (one ShareLens does not read)")
    a = ap.parse_args()
    cfg = json.load(open(os.path.join(a.src, "config.json")))
    arch = a.arch or cfg["model_type"]
    if arch == "mistral":
        arch = "llama"
    sd = read_safetensors(os.path.join(a.src, "model.safetensors"))
    if arch == "qwen3":
        sd, cfg = as_qwen3(sd, cfg)
    data, held = build(cfg, sd, arch, a)
    with open(a.out, "wb") as f:
        f.write(data)
    if a.dequantized_out:
        os.makedirs(a.dequantized_out, exist_ok=True)
        c = dict(cfg, torch_dtype="float32")
        with open(os.path.join(a.dequantized_out, "config.json"), "w") as f:
            json.dump(c, f, indent=2)
        write_safetensors(os.path.join(a.dequantized_out, "model.safetensors"),
                          {k: v.contiguous() for k, v in held.items()}, {"format": "pt"})
        if a.tokenizer:
            shutil.copy(a.tokenizer, os.path.join(a.dequantized_out, "tokenizer.json"))


if __name__ == "__main__":
    main()
