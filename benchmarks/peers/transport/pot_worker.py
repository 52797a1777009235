"""One POT run on a problem directory written by problems.py; prints one JSON line.

usage: pot_worker.py DIR METHOD REG      (METHOD: sinkhorn, sinkhorn_log, sinkhorn_stabilized, emd)
Times only the POT call (the cost matrix is built before), like `solvers ot` reports its solve time.
"""
import json
import sys
import time
import warnings

import numpy as np
import ot
from scipy.spatial.distance import cdist

directory, method, reg = sys.argv[1], sys.argv[2], float(sys.argv[3])
load = lambda f: np.loadtxt(f"{directory}/{f}", delimiter=",", ndmin=1)
x, y, a, b = load("X.csv"), load("Y.csv"), load("a.csv"), load("b.csv")
if x.ndim == 1:
    x, y = x.reshape(-1, 1), y.reshape(-1, 1)
metric = open(f"{directory}/metric.txt").read().strip()
M = cdist(x, y, metric)
M /= M.max()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t0 = time.perf_counter()
    if method == "emd":
        P, log = ot.emd(a, b, M, numItermax=10**9, log=True)
        niter = None
    else:
        P, log = ot.sinkhorn(a, b, M, reg, method=method, numItermax=10**7, stopThr=1e-9, log=True)
        niter = int(log.get("niter", log.get("n_iter", -1)))
    seconds = time.perf_counter() - t0
l1 = float(np.abs(P.sum(1) - a).sum() + np.abs(P.sum(0) - b).sum())
ok = np.all(np.isfinite(P)) and not any("numerical errors" in str(w.message).lower() or "did not converge" in str(w.message).lower() for w in caught)
print(json.dumps({
    "impl": "pot", "method": method, "reg": reg, "n": len(a), "m": len(b), "seconds": seconds,
    "iterations": None if niter is None else niter + 1, "niter": niter,
    "cost": float(np.sum(P * M)) if np.all(np.isfinite(P)) else None, "marginalError": l1 if np.isfinite(l1) else None,
    "ok": bool(ok), "warnings": sorted({str(w.message)[:80] for w in caught}),
}))
