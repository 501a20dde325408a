#!/usr/bin/python3
"""The SciPy side of bench_linkage: seconds per call of
scipy.cluster.hierarchy.linkage(condensed, method) for the same sizes and
methods, on uniform random distances in [0, 2). Prints "METHOD N SECONDS"."""
import time

import numpy as np
from scipy.cluster.hierarchy import linkage


def seconds_per_call(y, method):
    best = float("inf")
    for _ in range(5):
        calls = 0
        t0 = time.perf_counter()
        while True:
            linkage(y, method)
            calls += 1
            elapsed = time.perf_counter() - t0
            if elapsed >= 0.2:
                break
        best = min(best, elapsed / calls)
    return best


def main():
    rng = np.random.default_rng(12345)
    for n in (80, 500, 2000):
        y = rng.uniform(0.0, 2.0, n * (n - 1) // 2)
        for method in ("average", "ward"):
            print(f"{method} {n} {seconds_per_call(y, method):.9f}", flush=True)


if __name__ == "__main__":
    main()
