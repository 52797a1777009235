#!/usr/bin/python3
"""Writes the POT reference values used by tests/Solvers.Transport.Tests (PotReferenceTests).

Run with Debian's python3-pot (POT 0.8.x):  /usr/bin/python3 tests/Solvers.Transport.Tests/Data/pot_reference.py
It (re)writes, next to this script:
  pot_x.csv, pot_y.csv     two 2-D point clouds (40 and 30 points, numpy default_rng(20260501))
  pot_a.csv, pot_b.csv     non-uniform weights (each sums to 1)
  pot_reference.json       ot.emd cost and ot.sinkhorn / sinkhorn_log results on the squared-Euclidean
                           cost divided by its maximum, with POT's default stopping (column marginal 2-norm
                           < 1e-9 checked every 10 iterations)
The C# tests read the same CSV files, so both sides solve identical problems.
"""
import json
import os

import numpy as np
import ot
from scipy.spatial.distance import cdist

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20260501)
x = rng.random((40, 2))
y = rng.random((30, 2)) * 0.8 + 0.1
a = rng.random(40) + 0.2
b = rng.random(30) + 0.2
a /= a.sum()
b /= b.sum()
b *= a.sum() / b.sum()


def save(name, arr):
    np.savetxt(os.path.join(here, name), arr, delimiter=",", fmt="%.17g")


save("pot_x.csv", x)
save("pot_y.csv", y)
save("pot_a.csv", a)
save("pot_b.csv", b)
# Read back exactly what the C# side will read.
x = np.loadtxt(os.path.join(here, "pot_x.csv"), delimiter=",")
y = np.loadtxt(os.path.join(here, "pot_y.csv"), delimiter=",")
a = np.loadtxt(os.path.join(here, "pot_a.csv"), delimiter=",")
b = np.loadtxt(os.path.join(here, "pot_b.csv"), delimiter=",")

M = cdist(x, y, "sqeuclidean")
M /= M.max()
ref = {"pot_version": ot.__version__, "emd_cost": float(np.sum(ot.emd(a, b, M, numItermax=10**7) * M))}
for reg in (0.1, 0.01):
    for method in ("sinkhorn", "sinkhorn_log"):
        P, log = ot.sinkhorn(a, b, M, reg, method=method, numItermax=100000, stopThr=1e-9, log=True)
        ref[f"{method}_{reg}"] = {
            "niter": int(log["niter"]),
            "cost": float(np.sum(P * M)),
            "P00": float(P[0, 0]),
            "Pmax": float(P.max()),
            "column_err": float(np.linalg.norm(P.sum(0) - b)),
        }
with open(os.path.join(here, "pot_reference.json"), "w") as f:
    json.dump(ref, f, indent=2)
print(json.dumps(ref, indent=2))
