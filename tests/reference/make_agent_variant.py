#!/usr/bin/env python3
"""Makes an agent variant of a model folder, for the agents-mode tests.

  make_agent_variant.py BASE_DIR OUT_DIR [--perturb LAYER:SCALE ...]
                        [--copy SRC:DST ...] [--seed K] [--hidden-size H]

Copies config.json, the tokenizer (if any) and the weights, then changes
chosen blocks by known amounts:
  --perturb L:S  adds Gaussian noise to every tensor of block L whose standard
                 deviation is S times that tensor's own standard deviation
                 (for vectors whose values are all equal, S times their mean);
                 L may be "all" for every block.
  --copy S:D     replaces block D's tensors by block S's (of the same model).
  --hidden-size  only rewrites config.json's width (a deliberately mismatched
                 agent for the error tests; the weights no longer fit).
The weights are written as safetensors by make_checkpoint.write_safetensors
in the base's dtype.
"""
import argparse
import json
import os
import re
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_checkpoint as mc  # noqa: E402
import reference_forward as rf  # noqa: E402


def block_of(name):
    m = re.match(r"^(?:transformer\.)?h\.(\d+)\.|^model\.layers\.(\d+)\.", name)
    if not m:
        return None
    return int(m.group(1) if m.group(1) is not None else m.group(2))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("base")
    ap.add_argument("out")
    ap.add_argument("--perturb", action="append", default=[])
    ap.add_argument("--copy", action="append", default=[])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hidden-size", type=int, default=0)
    a = ap.parse_args()

    os.makedirs(a.out, exist_ok=True)
    cfg = json.load(open(os.path.join(a.base, "config.json")))
    if a.hidden_size:
        cfg["n_embd" if cfg["model_type"] == "gpt2" else "hidden_size"] = a.hidden_size
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    for tok in ("tokenizer.json", "tokenizer.model"):
        if os.path.exists(os.path.join(a.base, tok)):
            shutil.copy(os.path.join(a.base, tok), os.path.join(a.out, tok))

    sd = rf.load_state(a.base)
    g = torch.Generator().manual_seed(a.seed)
    for spec in a.copy:
        src, dst = (int(x) for x in spec.split(":"))
        for name in list(sd):
            if block_of(name) == dst:
                sname = re.sub(r"(h|layers)\.%d\." % dst, r"\g<1>.%d." % src, name, count=1)
                sd[name] = sd[sname].clone()
    for spec in a.perturb:
        layer, scale = spec.split(":")
        scale = float(scale)
        for name in sd:
            b = block_of(name)
            if b is None or (layer != "all" and b != int(layer)):
                continue
            t = sd[name].double()
            sd_ = t.std().item() if t.numel() > 1 else 0.0
            if sd_ == 0.0:
                sd_ = abs(t.mean().item())
            noise = torch.randn(t.shape, generator=g, dtype=torch.float64) * scale * sd_
            sd[name] = (t + noise).to(sd[name].dtype)
    mc.write_safetensors(os.path.join(a.out, "model.safetensors"), sd, {"format": "pt"})


if __name__ == "__main__":
    main()
