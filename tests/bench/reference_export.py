#!/usr/bin/env python3
"""Reference for bench_export: time torch.save of the same unique tensors
(read from the compact checkpoint bench_export wrote) to a file, fsync'd, and
a hand-written safetensors writer in Python (the `safetensors` package is not
installed here), best of three.

  reference_export.py COMPACT_DIR OUT_DIR  -> JSON on stdout
"""
import json
import os
import struct
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "reference"))
from reference_forward import read_safetensors  # noqa: E402
from make_checkpoint import write_safetensors  # noqa: E402


def timed(fn, path):
    best = 1e30
    for _ in range(3):
        t0 = time.perf_counter()
        fn(path)
        fd = os.open(path, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    src, out = sys.argv[1], sys.argv[2]
    tensors = {k: v.contiguous() for k, v in read_safetensors(os.path.join(src, "model.safetensors")).items()}
    os.makedirs(out, exist_ok=True)
    t_save = timed(lambda p: torch.save(tensors, p), os.path.join(out, "state.pt"))
    t_st = timed(lambda p: write_safetensors(p, tensors), os.path.join(out, "py.safetensors"))
    print(json.dumps({"torch_save_s": t_save, "python_safetensors_s": t_st,
                      "bytes": os.path.getsize(os.path.join(out, "state.pt"))}))


if __name__ == "__main__":
    main()
