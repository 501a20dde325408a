#!/usr/bin/env python3
"""Independent reference for agents-mode similarity, for the tests.

  reference_agent_similarity.py IDS.json OUT.json MODEL_DIR [MODEL_DIR ...]

Runs every sequence through reference_forward.py's model of each agent,
stacks every (agent, block) unit's activations over all tokens (agent-major:
unit = agent * L + block) and writes
  {"pearson": numpy.corrcoef of the flattened unit activations,
   "cosine": their cosine,
   "agent_pearson": numpy.corrcoef of each agent's flattened activations of
                    all blocks concatenated,
   "agent_cosine": their cosine,
   "agent_cka": linear CKA (direct formula, tokens as samples) of each
                agent's features [tokens, L*H] (all blocks side by side),
   "tokens": number of tokens}
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf  # noqa: E402


def agent_blocks(d, seqs):
    cfg = json.load(open(os.path.join(d, "config.json")))
    sd = rf.load_state(d)
    fwd = rf.gpt2_forward if cfg["model_type"] == "gpt2" else rf.llama_forward
    per_block = None
    with torch.no_grad():
        for s in seqs:
            _, blocks, _ = fwd(cfg, sd, torch.tensor([s], dtype=torch.long))
            acts = [b[0].double().numpy() for b in blocks]
            if per_block is None:
                per_block = [[] for _ in acts]
            for k, x in enumerate(acts):
                per_block[k].append(x)
    return [np.concatenate(x, axis=0) for x in per_block]  # L x [tokens, H]


def cosine(flat):
    n = np.linalg.norm(flat, axis=1)
    return (flat @ flat.T) / np.outer(n, n)


def main():
    ids_path, out = sys.argv[1:3]
    dirs = sys.argv[3:]
    seqs = json.load(open(ids_path))
    agents = [agent_blocks(d, seqs) for d in dirs]
    units = np.stack([x.reshape(-1) for blocks in agents for x in blocks])
    whole = np.stack([np.stack(blocks).reshape(-1) for blocks in agents])  # block-major, aligned across agents
    feats = [np.concatenate(blocks, axis=1) for blocks in agents]  # tokens x (L*H)
    feats = [f - f.mean(axis=0, keepdims=True) for f in feats]
    A = len(feats)
    cka = np.zeros((A, A))
    for i in range(A):
        for j in range(A):
            num = np.linalg.norm(feats[j].T @ feats[i]) ** 2
            den = np.linalg.norm(feats[i].T @ feats[i]) * np.linalg.norm(feats[j].T @ feats[j])
            cka[i, j] = num / den
    json.dump({"pearson": np.corrcoef(units).tolist(), "cosine": cosine(units).tolist(),
               "agent_pearson": np.corrcoef(whole).tolist(), "agent_cosine": cosine(whole).tolist(),
               "agent_cka": cka.tolist(), "tokens": int(agents[0][0].shape[0])}, open(out, "w"))


if __name__ == "__main__":
    main()
