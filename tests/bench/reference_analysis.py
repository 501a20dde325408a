#!/usr/bin/env python3
"""The reference for bench_analysis: the same job as a researcher would write
it with PyTorch and numpy: batched forward passes (torch.no_grad, the same
threads), block outputs collected, numpy.corrcoef over the flattened
activations. Prints one JSON line with the same fields as bench_analysis.

  reference_analysis.py MODEL_DIR IDS.json [MAX_SEQUENCES] [--blocks-only]

MAX_SEQUENCES takes only the first sequences (run-analysis-bench.sh uses it
for the default-threaded run, which oversubscribes a busy machine; its
figure is then compared as tokens per second). --blocks-only (Llama-family
models) stops after the last block: no final norm and LM head, which a
similarity of the block outputs does not need (ShareLens's capture skips
them too); run-scale-bench.sh uses it.
"""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import reference_forward as rf  # noqa: E402


def main():
    blocks_only = "--blocks-only" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--blocks-only"]
    d = args[0]
    ids = torch.tensor(json.load(open(args[1])), dtype=torch.long)
    if len(args) > 2:
        ids = ids[:int(args[2])]
    n_seq, seq_len = ids.shape
    cfg = json.load(open(os.path.join(d, "config.json")))
    sd = {k: v.float() for k, v in rf.load_state(d).items()}
    fwd = rf.gpt2_forward if cfg["model_type"] == "gpt2" else rf.llama_forward
    if blocks_only and fwd is rf.llama_forward:
        fwd = lambda c, s, i: rf.llama_forward(c, s, i, head=False)  # noqa: E731
    with torch.no_grad():
        fwd(cfg, sd, ids[:1])  # warm-up
        t0 = time.perf_counter()
        c0 = time.process_time()
        acts = None
        for s in range(0, n_seq, 8):
            _, blocks, _ = fwd(cfg, sd, ids[s:s + 8])
            flat = [b.reshape(-1).numpy().astype(np.float64) for b in blocks]
            if acts is None:
                acts = [[] for _ in flat]
            for k, f in enumerate(flat):
                acts[k].append(f)
        X = np.stack([np.concatenate(a) for a in acts])
        S = np.corrcoef(X)
        secs = time.perf_counter() - t0
        cpu = time.process_time() - c0
    tokens = n_seq * seq_len
    print(json.dumps({"seconds": secs, "cpu_seconds": cpu, "tokens": tokens, "tokens_per_s": tokens / secs, "s01": S[0, 1]}))


if __name__ == "__main__":
    main()
