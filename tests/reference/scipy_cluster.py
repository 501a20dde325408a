#!/usr/bin/python3
"""SciPy's hierarchical clustering as the reference for tst_cluster.

Reads a JSON file
    {"cases": [{"name": str, "distance": [[n x n floats]], "thresholds": [t, ...]}, ...]}
and writes, for every case and every method in METHODS,
    {"cases": [{"name": str, "methods": {METHOD: {
        "linkage": [[a, b, d, size], ...],                 # scipy.cluster.hierarchy.linkage
        "cuts": [{"t": t, "labels": [...]}, ...],          # fcluster(Z, t, 'distance')
        "leaves": [...],                                   # dendrogram(Z, no_plot=True)['leaves']
        "icoord": [[4 floats] per row of Z],               # dendrogram's icoord/dcoord, reordered
        "dcoord": [[4 floats] per row of Z]}}}, ...]}      #   from its post-order to Z's row order
The cuts are taken at the given thresholds and at some of Z's own merge
distances (exact ties with the threshold). Debian's python3-scipy is the
reference: run with /usr/bin/python3.

usage: scipy_cluster.py IN.json OUT.json
"""
import json
import sys

import numpy as np
from scipy.cluster.hierarchy import dendrogram, fcluster, linkage
from scipy.spatial.distance import squareform

METHODS = ["single", "complete", "average", "weighted", "ward"]


def rows_in_dendrogram_order(Z, n):
    """Rows of Z in the order dendrogram() appends their links: post-order,
    the subtree of Z[i, 0] before that of Z[i, 1]."""
    order = []
    stack = [(2 * n - 2, False)]
    while stack:
        node, expanded = stack.pop()
        if node < n:
            continue
        row = node - n
        if expanded:
            order.append(row)
            continue
        stack.append((node, True))
        stack.append((int(Z[row, 1]), False))
        stack.append((int(Z[row, 0]), False))
    return order


def one_method(D, method, thresholds):
    n = D.shape[0]
    Z = linkage(squareform(D, checks=False), method)
    ts = list(thresholds)
    for q in (0.25, 0.5, 0.75):
        t = float(Z[int(q * (n - 2)), 2])
        if 0.0 <= t <= 2.0:
            ts.append(t)
    cuts = [{"t": t, "labels": fcluster(Z, t, criterion="distance").tolist()} for t in ts]
    dn = dendrogram(Z, no_plot=True)
    order = rows_in_dendrogram_order(Z, n)
    icoord = [None] * (n - 1)
    dcoord = [None] * (n - 1)
    for k, row in enumerate(order):
        icoord[row] = [float(v) for v in dn["icoord"][k]]
        dcoord[row] = [float(v) for v in dn["dcoord"][k]]
    return {
        "linkage": Z.tolist(),
        "cuts": cuts,
        "leaves": [int(v) for v in dn["leaves"]],
        "icoord": icoord,
        "dcoord": dcoord,
    }


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.setrecursionlimit(100000)  # dendrogram() recurses once per level of the tree
    with open(sys.argv[1]) as f:
        cases = json.load(f)["cases"]
    out = []
    for case in cases:
        D = np.array(case["distance"], dtype=np.float64)
        out.append({
            "name": case["name"],
            "methods": {m: one_method(D, m, case["thresholds"]) for m in METHODS},
        })
    with open(sys.argv[2], "w") as f:
        json.dump({"cases": out}, f)


if __name__ == "__main__":
    main()
