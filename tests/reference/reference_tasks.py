#!/usr/bin/env python3
"""Independent reference for multiple-choice task scoring and stride
perplexity, written from lm-evaluation-harness's description of
log-likelihood multiple choice and from the Hugging Face perplexity recipe,
over the forward pass of reference_forward.py (no ShareLens code).

  reference_tasks.py MODEL_DIR TASKS.jsonl IDS.json WINDOW STRIDE OUT.json

Tokenization: only byte-level BPE vocabularies without merges (the demo
model's): every byte is its own token, so encode(text) is the bytes mapped
through the GPT-2 byte-to-unicode table and the vocabulary.

For each item and choice: continuation = " " + choice, with whitespace that
ends the context moved to its front; context ids = encode(context), choice
ids = encode(context + continuation)[len(context ids):]; the input is
(context ids + choice ids)[-(n_ctx + 1):][:-1]; the log-likelihood is the sum
of log_softmax over the choice ids. acc = argmax of the log-likelihoods,
acc_norm = argmax of log-likelihood / len(choice) (characters); stderr =
sqrt(p (1 - p) / (n - 1)).

Stride: the first sequence of IDS.json joined with the others (as one
stream); windows [b, min(b + W, N)) for b = 0, S, 2S, ...; each scores the
ids after the previous window's end (from id 1 in the first), stopping at the
window that reaches N. loss = summed NLL / (N - 1).

OUT.json: {"loglikelihoods": [[...]], "acc", "acc_stderr", "acc_norm",
"acc_norm_stderr", "predictions", "stride_loss", "stride_tokens", "windows"}
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_forward import FORWARDS, llama_forward, load_state  # noqa: E402


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def byte_encoder(model_dir):
    tok = json.load(open(os.path.join(model_dir, "tokenizer.json")))
    assert tok["model"]["type"] == "BPE" and not tok["model"]["merges"], "only merge-free byte-level vocabularies"
    vocab, table = tok["model"]["vocab"], bytes_to_unicode()
    return lambda text: [vocab[table[b]] for b in text.encode("utf-8")]


def is_space(c):
    return c in " \t\r\n"


def stderr(outcomes):
    n = len(outcomes)
    if n < 2:
        return 0.0
    p = sum(outcomes) / n
    return math.sqrt(p * (1 - p) / (n - 1))


def score_items(fwd, cfg, sd, encode, items, n_ctx):
    lls = []
    for it in items:
        ctx = it["context"]
        keep = len(ctx)
        while keep > 0 and is_space(ctx[keep - 1]):
            keep -= 1
        context, moved = ctx[:keep], ctx[keep:]
        cids = encode(context)
        row = []
        for ch in it["choices"]:
            whole = encode(context + moved + " " + ch)
            cont = whole[len(cids):]
            full = (cids + cont)[-(n_ctx + 1):]
            inp = torch.tensor([full[:-1]], dtype=torch.long)
            logits, _, _ = fwd(cfg, sd, inp)
            lp = torch.log_softmax(logits[0].double(), -1)
            L = len(full) - 1
            row.append(sum(lp[L - len(cont) + j, cont[j]].item() for j in range(len(cont))))
        lls.append(row)
    return lls


def stride_loss(fwd, cfg, sd, ids, window, stride):
    N, total, count, windows, prev_end, begin = len(ids), 0.0, 0, 0, 0, 0
    while True:
        end = min(begin + window, N)
        inp = torch.tensor([ids[begin:end]], dtype=torch.long)
        logits, _, _ = fwd(cfg, sd, inp)
        lp = torch.log_softmax(logits[0].double(), -1)
        for t in range(max(prev_end, begin + 1), end):
            total -= lp[t - 1 - begin, ids[t]].item()
            count += 1
        windows += 1
        prev_end = end
        if end == N:
            break
        begin += stride
    return total / count, count, windows


def main():
    d, tasks_path, ids_path, window, stride, out = sys.argv[1:7]
    cfg = json.load(open(os.path.join(d, "config.json")))
    sd = load_state(d)
    fwd = FORWARDS.get(cfg["model_type"], llama_forward)
    n_ctx = cfg.get("n_positions", cfg.get("max_position_embeddings"))
    items = [json.loads(line) for line in open(tasks_path, encoding="utf-8") if line.strip()]
    with torch.no_grad():
        lls = score_items(fwd, cfg, sd, byte_encoder(d), items, n_ctx)
        seqs = json.load(open(ids_path))
        ids = [t for s in seqs for t in s]
        sl, sc, sw = stride_loss(fwd, cfg, sd, ids, int(window), int(stride))
    pred = [max(range(len(r)), key=lambda c: (r[c], -c)) for r in lls]
    pred_norm = [max(range(len(r)), key=lambda c: (r[c] / len(it["choices"][c]), -c)) for r, it in zip(lls, items)]
    hit = [int(p == it["label"]) for p, it in zip(pred, items)]
    hit_norm = [int(p == it["label"]) for p, it in zip(pred_norm, items)]
    json.dump({"loglikelihoods": lls, "predictions": pred, "predictions_norm": pred_norm,
               "acc": sum(hit) / len(hit), "acc_stderr": stderr(hit),
               "acc_norm": sum(hit_norm) / len(hit_norm), "acc_norm_stderr": stderr(hit_norm),
               "stride_loss": sl, "stride_tokens": sc, "windows": sw}, open(out, "w"))


if __name__ == "__main__":
    main()
