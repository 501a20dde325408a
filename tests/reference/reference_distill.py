#!/usr/bin/env python3
"""Independent reference for the distillation loss, for the tests.

  reference_distill.py DIR

DIR/meta.json: {"T": temperature, "w": KL weight, "h": hidden weight,
                "logits": bool, "hidden": bool, "n": rows, "v": vocabulary,
                "blocks": L, "block_numel": elements of one block output}
and little-endian raw arrays: student_logits.f32 and teacher_logits.f32
[n, v], targets.i64 [n], student_block<i>.f32 and teacher_block<i>.f32.

Writes DIR/result.json {"ce", "kl", "mse", "loss"} computed with PyTorch's
own functions (kl_div with log targets, mse_loss, cross_entropy):
  kl   = kl_div(log_softmax(s / T), log_softmax(t / T), batchmean)
  mse  = mean over blocks of mse_loss(student block, teacher block)
  loss = (1 - w) ce + w T^2 kl + h mse (logits), ce + h mse (hidden only)
and DIR/kl_grad.f32: d kl / d student_logits.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F


def load(d, name, dtype=np.float32):
    return torch.from_numpy(np.fromfile(os.path.join(d, name), dtype=dtype).copy())


def main():
    d = sys.argv[1]
    m = json.load(open(os.path.join(d, "meta.json")))
    n, v, T = m["n"], m["v"], float(m["T"])
    s = load(d, "student_logits.f32").reshape(n, v).double().requires_grad_(True)
    t = load(d, "teacher_logits.f32").reshape(n, v).double()
    targets = load(d, "targets.i64", np.int64)
    ce = F.cross_entropy(s, targets)
    kl = F.kl_div(F.log_softmax(s / T, dim=-1), F.log_softmax(t / T, dim=-1), reduction="batchmean",
                  log_target=True)
    (grad,) = torch.autograd.grad(kl, s)
    mses = [F.mse_loss(load(d, "student_block%d.f32" % i).double(), load(d, "teacher_block%d.f32" % i).double())
            for i in range(m["blocks"])]
    mse = torch.stack(mses).mean() if mses else torch.tensor(0.0, dtype=torch.float64)
    loss = ce
    if m["logits"]:
        loss = (1 - m["w"]) * ce + m["w"] * T * T * kl
    if m["hidden"]:
        loss = loss + m["h"] * mse
    json.dump({"ce": ce.item(), "kl": kl.item(), "mse": mse.item(), "loss": loss.item()},
              open(os.path.join(d, "result.json"), "w"))
    grad.float().numpy().tofile(os.path.join(d, "kl_grad.f32"))


if __name__ == "__main__":
    main()
