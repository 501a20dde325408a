#!/usr/bin/env python3
"""Rewrites a safetensors file without one tensor (for missing-tensor tests).

  drop_tensor.py FILE NAME
"""
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_checkpoint import write_safetensors  # noqa: E402
from reference_forward import read_safetensors  # noqa: E402

path, name = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    (n,) = struct.unpack("<Q", f.read(8))
    meta = json.loads(f.read(n)).get("__metadata__")
tensors = read_safetensors(path)
if name not in tensors:
    sys.exit(f"{name} is not in {path}")
del tensors[name]
write_safetensors(path, tensors, meta)
