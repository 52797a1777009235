"""SciPy on the exported sequence: independent GMRES(40) and GCROT(m, k) with its CU recycling carried across
the systems (scipy.sparse.linalg.gcrotmk, the peer of our GCRO-DR/SKR).

Usage: /usr/bin/python3 peer_scipy_sequence.py DIR PRECOND TOL [MAXIT] > one JSON line per method.
MAXIT (default 10000, the SKR paper's -ksp_max_it) caps each solve at about that many A-products: SciPy counts
gmres's maxiter in restart cycles (MAXIT / 40) and gcrotmk's in outer cycles (MAXIT / 20, each about m = 20 products).
totalIterations counts products with A (GMRES's inner steps plus its restart residuals; GCROT's likewise),
the measure our GCRO-DR reports as operatorApplications.
Preconditioners: none, jacobi, ilu0 (spilu with natural ordering, no pivoting, fill_factor 1, drop_tol 0: the
closest SciPy has to ILU(0)). Time = preconditioner set-up + solve, summed.
"""
import json
import os
import sys
import time

import numpy as np
import scipy
import scipy.io
import scipy.sparse as sp
import scipy.sparse.linalg as sla


def load(directory):
    systems, i = [], 0
    while os.path.exists(os.path.join(directory, "A_%d.mtx" % i)):
        a = sp.csr_matrix(scipy.io.mmread(os.path.join(directory, "A_%d.mtx" % i)))
        b = np.asarray(scipy.io.mmread(os.path.join(directory, "b_%d.mtx" % i))).ravel()
        systems.append((a, b))
        i += 1
    return systems


def preconditioner(a, kind):
    if kind == "none":
        return None
    if kind == "jacobi":
        d = 1.0 / a.diagonal()
        return sla.LinearOperator(a.shape, matvec=lambda v: d * v)
    if kind == "ilu0":
        ilu = sla.spilu(a.tocsc(), drop_tol=0.0, fill_factor=1, permc_spec="NATURAL", diag_pivot_thresh=0.0)
        return sla.LinearOperator(a.shape, matvec=ilu.solve)
    raise ValueError(kind)


class Counted:
    """A with a count of its products, the iteration measure comparable across GMRES and GCROT."""

    def __init__(self, a):
        self.a, self.n = a, 0
        self.op = sla.LinearOperator(a.shape, matvec=self._mv, dtype=a.dtype)

    def _mv(self, v):
        self.n += 1
        return self.a @ v


def tol_kwargs(tol):
    # SciPy 1.10 names the relative tolerance `tol`; newer versions `rtol`.
    return {"rtol": tol} if tuple(int(v) for v in scipy.__version__.split(".")[:2]) >= (1, 12) else {"tol": tol}


def main():
    directory, kind, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
    max_it = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    systems = load(directory)
    base = dict(peer="scipy", count=len(systems), n=systems[0][0].shape[0], precond=kind, tol=tol, version=scipy.__version__)

    total_it, total_s, total_cpu, conv, worst = 0, 0.0, 0.0, 0, 0.0
    for a, b in systems:
        t0, c0 = time.perf_counter(), time.thread_time()
        m = preconditioner(a, kind)
        counted = Counted(a)
        x, info = sla.gmres(counted.op, b, restart=40, maxiter=-(-max_it // 40), M=m, atol=0.0, **tol_kwargs(tol))
        total_s += time.perf_counter() - t0
        total_cpu += time.thread_time() - c0
        total_it += counted.n
        res = np.linalg.norm(b - a @ x) / np.linalg.norm(b)
        worst = max(worst, res)
        conv += int(info == 0 and res <= 2 * tol)
    print(json.dumps(dict(base, method="gmres", totalIterations=total_it, totalSeconds=total_s, threadCpuSeconds=total_cpu, converged=conv, worstRelativeResidual=worst)))

    cu = []   # gcrotmk recycles U across systems; discard_C=True since each system has a new A (C = A U is rebuilt)
    total_it, total_s, total_cpu, conv, worst = 0, 0.0, 0.0, 0, 0.0
    for a, b in systems:
        t0, c0 = time.perf_counter(), time.thread_time()
        m = preconditioner(a, kind)
        counted = Counted(a)
        x, info = sla.gcrotmk(counted.op, b, m=20, k=20, CU=cu, discard_C=True, maxiter=-(-max_it // 20), M=m, atol=0.0, **tol_kwargs(tol))
        total_s += time.perf_counter() - t0
        total_cpu += time.thread_time() - c0
        total_it += counted.n
        res = np.linalg.norm(b - a @ x) / np.linalg.norm(b)
        worst = max(worst, res)
        conv += int(info == 0 and res <= 2 * tol)
    print(json.dumps(dict(base, method="gcrotmk(20,20)+CU", totalIterations=total_it, totalSeconds=total_s, threadCpuSeconds=total_cpu, converged=conv,
                          worstRelativeResidual=worst)))


if __name__ == "__main__":
    main()
