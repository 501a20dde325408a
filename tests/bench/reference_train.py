#!/usr/bin/python3
"""Reference for bench_train: one GPT-2 training step (forward + backward +
gradient clipping + AdamW step) in plain PyTorch, with the same shapes, batch,
sequence length, optimizer settings and thread count as ShareLens.

  reference_train.py MODEL_DIR --batch B --seq-len T --steps N --warmup W --threads K

Prints one JSON line: median step seconds, tokens per second, and the median
forward / backward / optimizer phase times.
"""
import argparse
import json
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from reference_forward import load_state  # noqa: E402


class Block(nn.Module):
    def __init__(self, H, nh, inner, eps):
        super().__init__()
        self.H, self.nh, self.eps = H, nh, eps
        self.ln_1 = nn.LayerNorm(H, eps=eps)
        self.c_attn = nn.Linear(H, 3 * H)
        self.attn_proj = nn.Linear(H, H)
        self.ln_2 = nn.LayerNorm(H, eps=eps)
        self.c_fc = nn.Linear(H, inner)
        self.mlp_proj = nn.Linear(inner, H)

    def forward(self, x, mask):
        B, T, H = x.shape
        hd = H // self.nh
        q, k, v = self.c_attn(self.ln_1(x)).split(H, dim=-1)
        q, k, v = (t.view(B, T, self.nh, hd).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-1, -2)) * (hd ** -0.5) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, H)
        x = x + self.attn_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT2(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        H, nh = cfg["n_embd"], cfg["n_head"]
        inner = cfg.get("n_inner") or 4 * H
        eps = cfg.get("layer_norm_epsilon", 1e-5)
        self.wte = nn.Embedding(cfg["vocab_size"], H)
        self.wpe = nn.Embedding(cfg["n_positions"], H)
        self.h = nn.ModuleList(Block(H, nh, inner, eps) for _ in range(cfg["n_layer"]))
        self.ln_f = nn.LayerNorm(H, eps=eps)

    def load_hf(self, sd):
        pre = "transformer." if "transformer.wte.weight" in sd else ""
        g = lambda n: sd[pre + n].float()
        with torch.no_grad():
            self.wte.weight.copy_(g("wte.weight"))
            self.wpe.weight.copy_(g("wpe.weight"))
            self.ln_f.weight.copy_(g("ln_f.weight"))
            self.ln_f.bias.copy_(g("ln_f.bias"))
            for i, b in enumerate(self.h):
                p = f"h.{i}."
                for mod, name in ((b.ln_1, "ln_1"), (b.ln_2, "ln_2")):
                    mod.weight.copy_(g(p + name + ".weight"))
                    mod.bias.copy_(g(p + name + ".bias"))
                # HF Conv1D stores [in, out]; nn.Linear wants [out, in].
                for mod, name in ((b.c_attn, "attn.c_attn"), (b.attn_proj, "attn.c_proj"),
                                  (b.c_fc, "mlp.c_fc"), (b.mlp_proj, "mlp.c_proj")):
                    mod.weight.copy_(g(p + name + ".weight").t())
                    mod.bias.copy_(g(p + name + ".bias"))

    def forward(self, ids):
        T = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(T))
        mask = torch.full((T, T), float("-inf")).triu(1)
        for b in self.h:
            x = b(x, mask)
        return self.ln_f(x) @ self.wte.weight.t()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    cfg = json.load(open(os.path.join(a.model, "config.json")))
    model = GPT2(cfg)
    model.load_hf(load_state(a.model))
    model.train()
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=1e-4, betas=(0.9, 0.95))
    ids = torch.randint(0, cfg["vocab_size"], (a.batch, a.seq_len + 1))
    steps, cpus, fwd, bwd, upd = [], [], [], [], []
    for s in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        c0 = time.process_time()
        opt.zero_grad(set_to_none=True)
        logits = model(ids[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))
        loss.item()
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        t3 = time.perf_counter()
        c3 = time.process_time()
        if s >= a.warmup:
            steps.append(t3 - t0)
            cpus.append(c3 - c0)
            fwd.append(t1 - t0)
            bwd.append(t2 - t1)
            upd.append(t3 - t2)
    med = lambda v: sorted(v)[len(v) // 2]
    print(json.dumps({"threads": torch.get_num_threads(), "step_s": med(steps),
                      "tokens_per_s": a.batch * a.seq_len / med(steps), "cpu_step_s": med(cpus),
                      "cpu_tokens_per_s": a.batch * a.seq_len / med(cpus),
                      "forward_s": med(fwd), "backward_s": med(bwd), "optimizer_s": med(upd),
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


if __name__ == "__main__":
    main()
