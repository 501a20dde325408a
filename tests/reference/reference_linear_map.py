#!/usr/bin/env python3
"""Independent reference for the linear-map replacement baseline (GPT-2 and
Llama-family checkpoints):

  reference_linear_map.py MODEL_DIR IDS.json START LENGTH OUT.json

Runs the reference forward pass (reference_forward.py) over every sequence of
IDS.json, stacks the residual streams x_START and x_{START+LENGTH} of every
token (x_0 = the embedding output, x_l = the output of block l-1), and fits
T with numpy.linalg.lstsq(X, Y) in float64. START < 0: every start
0..L-LENGTH is fitted and the one with the lowest relative residual
|X T - Y|^2 / |Y|^2 is kept. Then the mean next-token loss of the model
with blocks START..START+LENGTH-1 removed and x -> x T in their place.

OUT.json: {"start", "length", "tokens", "matrix" (rows), "residual",
"relative_residual", "loss"}.
"""
import copy
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf  # noqa: E402


def embedding(cfg, sd, ids):
    if cfg["model_type"] == "gpt2":
        pre = "transformer." if "transformer.wte.weight" in sd else ""
        T = ids.shape[1]
        return sd[pre + "wte.weight"].float()[ids] + sd[pre + "wpe.weight"].float()[torch.arange(T)][None]
    return sd["model.embed_tokens.weight"].float()[ids]


def layers_key(cfg):
    return "n_layer" if cfg["model_type"] == "gpt2" else "num_hidden_layers"


def streams(cfg, sd, fwd, ids):
    """x_0 .. x_L of one sequence, each [T, H] float32."""
    _, blocks, _ = fwd(cfg, sd, ids)
    return [embedding(cfg, sd, ids)[0]] + [b[0] for b in blocks]


def tail_model(cfg, sd, start_after, y):
    """cfg and tensors of the blocks from `start_after` on, with an embedding
    table whose row t is y[t] (fed ids 0..T-1), so the forward starts from y."""
    L = cfg[layers_key(cfg)]
    c2 = copy.deepcopy(cfg)
    c2[layers_key(cfg)] = L - start_after
    gpt2 = cfg["model_type"] == "gpt2"
    pre = "transformer." if gpt2 and "transformer.wte.weight" in sd else ""
    layer = (pre + "h.") if gpt2 else "model.layers."
    sd2 = {}
    for name, t in sd.items():
        if name.startswith(layer):
            i, rest = name[len(layer):].split(".", 1)
            if int(i) >= start_after:
                sd2[f"{layer}{int(i) - start_after}.{rest}"] = t
        else:
            sd2[name] = t
    if gpt2:
        sd2["lm_head.weight"] = sd["lm_head.weight"] if "lm_head.weight" in sd else sd[pre + "wte.weight"]
        sd2[pre + "wte.weight"] = y
        sd2[pre + "wpe.weight"] = torch.zeros_like(y)
    else:
        sd2["lm_head.weight"] = sd["lm_head.weight"] if "lm_head.weight" in sd else sd["model.embed_tokens.weight"]
        sd2["model.embed_tokens.weight"] = y
    return c2, sd2


def main():
    d, ids_path, start, length, out = sys.argv[1:6]
    start, length = int(start), int(length)
    cfg = json.load(open(os.path.join(d, "config.json")))
    sd = rf.load_state(d)
    seqs = json.load(open(ids_path))
    fwd = rf.FORWARDS.get(cfg["model_type"], rf.llama_forward)
    L = cfg[layers_key(cfg)]
    with torch.no_grad():
        per_seq = [streams(cfg, sd, fwd, torch.tensor([s], dtype=torch.long)) for s in seqs]
    X = {l: np.concatenate([p[l].double().numpy() for p in per_seq]) for l in range(L + 1)}
    best = None
    for s in ([start] if start >= 0 else range(0, L - length + 1)):
        T, *_ = np.linalg.lstsq(X[s], X[s + length], rcond=None)
        res = float(((X[s] @ T - X[s + length]) ** 2).sum())
        rel = res / float((X[s + length] ** 2).sum())
        if best is None or rel < best[3]:
            best = (s, T, res, rel)
    s, T, res, rel = best
    Tf = torch.from_numpy(T).float()
    total, count = 0.0, 0
    with torch.no_grad():
        for seq, p in zip(seqs, per_seq):
            y = p[s] @ Tf
            c2, sd2 = tail_model(cfg, sd, s + length, y)
            logits, _, _ = fwd(c2, sd2, torch.arange(len(seq))[None])
            lp = torch.log_softmax(logits[0, :-1].double(), -1)
            tgt = torch.tensor(seq[1:], dtype=torch.long)
            total += -lp[torch.arange(len(tgt)), tgt].sum().item()
            count += len(tgt)
    json.dump({"start": s, "length": length, "tokens": int(X[0].shape[0]), "matrix": T.tolist(),
               "residual": res, "relative_residual": rel, "loss": total / count}, open(out, "w"))
    assert math.isfinite(total)


if __name__ == "__main__":
    main()
