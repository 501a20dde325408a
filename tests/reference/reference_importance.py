#!/usr/bin/env python3
"""Independent reference for the layer-importance metrics, for the tests.

  reference_importance.py MODEL_DIR IDS.json OUT.json [--last] [--skip-first] [--loo] [--steps K]

Runs every sequence through reference_forward.py's model (GPT-2 or Llama
family), takes the residual streams x_0 (the embedding output, computed here
from the embedding tables) and x_1 .. x_L (after each block, before the final
norm) per token, and writes
  {"block_influence": [1 - mean_t cos(x_l, x_{l+1})],
   "angular_distance": {"n": [mean_t arccos(cos(x_l, x_{l+n})) / pi for l = 0 .. L-n]},
   "tokens": tokens counted, "angular_tokens": tokens counted in the angular distance,
   with --loo also "baseline_loss", "leave_one_out_loss" (the reference model
   rebuilt without block l: its tensors renumbered, its config's layer count
   lowered) and "removal_order" / "removal_loss" (greedy, K removals; all
   but one block when --steps is not given)}
--last: the angular distance over the last token of each sequence only;
--skip-first: position 0 of every sequence does not count.
"""
import json
import os
import re
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf  # noqa: E402


def is_gpt2(cfg):
    return cfg["model_type"] == "gpt2"


def forward(cfg):
    return rf.gpt2_forward if is_gpt2(cfg) else rf.llama_forward


def layer_count(cfg):
    return cfg["n_layer"] if is_gpt2(cfg) else cfg["num_hidden_layers"]


def embedding(cfg, sd, ids):
    if is_gpt2(cfg):
        pre = "transformer." if "transformer.wte.weight" in sd else ""
        T = ids.shape[1]
        return sd[pre + "wte.weight"].float()[ids] + sd[pre + "wpe.weight"].float()[torch.arange(T)][None]
    return sd["model.embed_tokens.weight"].float()[ids]


def streams(cfg, sd, seq):
    ids = torch.tensor([seq], dtype=torch.long)
    _, blocks, _ = forward(cfg)(cfg, sd, ids)
    return [embedding(cfg, sd, ids)[0].double().numpy()] + [b[0].double().numpy() for b in blocks]


def metrics(cfg, sd, seqs, last, skip):
    L = layer_count(cfg)
    cos_sum = np.zeros((L + 1, L + 1))
    ang_sum = np.zeros((L + 1, L + 1))
    tokens = ang_tokens = 0
    for s in seqs:
        X = np.stack(streams(cfg, sd, s))  # [L+1, T, H]
        if skip:
            X = X[:, 1:]
        if X.shape[1] == 0:
            continue
        norms = np.linalg.norm(X, axis=2)  # [L+1, T]
        dots = np.einsum("ith,jth->tij", X, X)
        cos = np.clip(dots / (norms.T[:, :, None] * norms.T[:, None, :]), -1.0, 1.0)
        cos_sum += cos.sum(0)
        tokens += X.shape[1]
        ang = np.arccos(cos) / np.pi
        if last:
            ang_sum += ang[-1]
            ang_tokens += 1
        else:
            ang_sum += ang.sum(0)
            ang_tokens += X.shape[1]
    bi = [1.0 - cos_sum[l, l + 1] / tokens for l in range(L)]
    angular = {str(n): [ang_sum[l, l + n] / ang_tokens for l in range(L - n + 1)] for n in range(1, L)}
    return {"block_influence": bi, "angular_distance": angular, "tokens": tokens, "angular_tokens": ang_tokens}


def without(cfg, sd, removed):
    """The checkpoint without the blocks in `removed`, the rest renumbered."""
    L = layer_count(cfg)
    keep = [l for l in range(L) if l not in removed]
    new_index = {old: new for new, old in enumerate(keep)}
    pat = re.compile(r"^((?:transformer\.)?h|model\.layers)\.(\d+)\.(.*)$")
    out = {}
    for name, t in sd.items():
        m = pat.match(name)
        if not m:
            out[name] = t
        elif int(m.group(2)) in new_index:
            out[f"{m.group(1)}.{new_index[int(m.group(2))]}.{m.group(3)}"] = t
    c = dict(cfg)
    c["n_layer" if is_gpt2(cfg) else "num_hidden_layers"] = len(keep)
    return c, out


def loss(cfg, sd, seqs):
    total, count = 0.0, 0
    for s in seqs:
        ids = torch.tensor([s], dtype=torch.long)
        logits, _, _ = forward(cfg)(cfg, sd, ids)
        lp = torch.log_softmax(logits[0, :-1].double(), -1)
        tgt = ids[0, 1:]
        total += -lp[torch.arange(len(tgt)), tgt].sum().item()
        count += len(tgt)
    return total / count


def removal(cfg, sd, seqs, steps):
    L = layer_count(cfg)
    out = {"baseline_loss": loss(cfg, sd, seqs)}
    loo = [loss(*without(cfg, sd, {l}), seqs) for l in range(L)]
    out["leave_one_out_loss"] = loo
    removed, order, losses = set(), [], []
    for s in range(steps):
        cand = {b: (loo[b] if s == 0 else loss(*without(cfg, sd, removed | {b}), seqs))
                for b in range(L) if b not in removed}
        best = min(cand, key=lambda b: (cand[b], b))
        removed.add(best)
        order.append(best)
        losses.append(cand[best])
    out["removal_order"] = order
    out["removal_loss"] = losses
    return out


def main():
    d, ids_path, out_path = sys.argv[1:4]
    cfg = json.load(open(os.path.join(d, "config.json")))
    sd = rf.load_state(d)
    seqs = json.load(open(ids_path))
    with torch.no_grad():
        out = metrics(cfg, sd, seqs, "--last" in sys.argv, "--skip-first" in sys.argv)
        if "--loo" in sys.argv:
            steps = layer_count(cfg) - 1
            if "--steps" in sys.argv:
                steps = int(sys.argv[sys.argv.index("--steps") + 1])
            out.update(removal(cfg, sd, seqs, steps))
    json.dump(out, open(out_path, "w"))


if __name__ == "__main__":
    main()
