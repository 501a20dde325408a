#!/usr/bin/env python3
"""Independent reference for layer similarity, for the tests.

  reference_similarity.py MODEL_DIR IDS.json OUT.json [--sublayers] [--skip-first]

Runs every sequence through reference_forward.py's model, collects each
unit's activations over all tokens (blocks: residual stream after the block;
sublayers: what attention and MLP add to it), and writes
  {"pearson": numpy.corrcoef of the flattened activations,
   "cosine": cosine of the flattened activations,
   "cka": linear CKA by the direct formula
          ||Y_c^T X_c||_F^2 / (||X_c^T X_c||_F ||Y_c^T Y_c||_F), tokens as samples,
   "tokens": number of tokens}
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf  # noqa: E402


def main():
    d, ids_path, out = sys.argv[1:4]
    sub = "--sublayers" in sys.argv
    skip = "--skip-first" in sys.argv
    cfg = json.load(open(os.path.join(d, "config.json")))
    sd = rf.load_state(d)
    fwd = rf.gpt2_forward if cfg["model_type"] == "gpt2" else rf.llama_forward
    per_unit = None
    with torch.no_grad():
        for s in json.load(open(ids_path)):
            _, blocks, subs = fwd(cfg, sd, torch.tensor([s], dtype=torch.long))
            units = [u for pair in subs for u in pair] if sub else blocks
            acts = [u[0].double().numpy() for u in units]
            if skip:
                acts = [a[1:] for a in acts]
            if per_unit is None:
                per_unit = [[] for _ in acts]
            for k, a in enumerate(acts):
                per_unit[k].append(a)
    X = [np.concatenate(a, axis=0) for a in per_unit]  # tokens x hidden
    flat = np.stack([x.reshape(-1) for x in X])
    pearson = np.corrcoef(flat)
    norms = np.linalg.norm(flat, axis=1)
    cosine = (flat @ flat.T) / np.outer(norms, norms)
    centred = [x - x.mean(axis=0, keepdims=True) for x in X]
    n = len(X)
    cka = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            num = np.linalg.norm(centred[j].T @ centred[i]) ** 2
            den = np.linalg.norm(centred[i].T @ centred[i]) * np.linalg.norm(centred[j].T @ centred[j])
            cka[i, j] = num / den
    json.dump({"pearson": pearson.tolist(), "cosine": cosine.tolist(), "cka": cka.tolist(),
               "tokens": int(X[0].shape[0])}, open(out, "w"))


if __name__ == "__main__":
    main()
