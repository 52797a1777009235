"""SciPy peer: SpMV, CG / PCG-Jacobi, GMRES(30) and BiCGStab with Jacobi / spilu.

Usage: /usr/bin/python3 peer_scipy.py OUT.jsonl [--quick]
SciPy has no IC(0); its ILU is SuperLU's ILUTP (spilu), used here with
drop_tol=0, fill_factor=1, natural ordering and no pivoting as an
approximation of ILU(0) (the default COLAMD ordering + pivoting reports
"Factor is exactly singular" on sherman5 and hor_131 with these settings).
"""
import math
import sys

import numpy as np
import scipy
import scipy.sparse.linalg as sla
from scipy.sparse import _sparsetools

import problems as P

PEER = "scipy"


class TimeLimit(Exception):
    pass


def spmv_rows(name, A):
    n, nnz = A.shape[0], A.nnz
    x = np.random.default_rng(1).standard_normal(n)
    y = np.zeros(n)
    ref = A @ x
    _sparsetools.csr_matvec(n, n, A.indptr, A.indices, A.data, x, y)
    assert np.allclose(y, ref)

    def matmul():
        A @ x

    def matvec_into():
        _sparsetools.csr_matvec(n, n, A.indptr, A.indices, A.data, x, y)   # y += A x

    best = {}
    for label, fn in (("A @ x", matmul), ("csr_matvec into y", matvec_into)):
        reps = 1
        while True:                         # calibrate a batch of >= 0.2 s
            t = P.now()
            for _ in range(reps):
                fn()
            t = P.now() - t
            if t >= 0.2:
                break
            reps *= 4 if t < 0.05 else 2
        times = []
        for _ in range(5):
            t = P.now()
            for _ in range(reps):
                fn()
            times.append((P.now() - t) / reps)
        best[label] = min(times)
    label = min(best, key=best.get)
    t = best[label]
    return dict(peer=PEER, problem=name, n=n, nnz=nnz, solver="spmv", secondsPerSpmv=t,
                gflops=2 * nnz / t * 1e-9, gbs=P.spmv_bytes(n, nnz) / t * 1e-9,
                variant=label, variantsSeconds=best, version=scipy.__version__)


def run_solver(A, b, solver):
    """One timed setup+solve. Returns (seconds, dict)."""
    n = A.shape[0]
    its = [0]
    t0 = P.now()

    def count(*_):
        its[0] += 1
        if P.now() - t0 > P.TIME_LIMIT_S:
            raise TimeLimit()

    method, _, prec = solver.partition("-")
    M = None
    if prec == "jacobi":
        dinv = 1.0 / A.diagonal()
        M = sla.LinearOperator((n, n), matvec=lambda r: dinv * r, dtype=np.float64)
    elif prec == "ilu0":
        ilu = sla.spilu(A.tocsc(), drop_tol=0.0, fill_factor=1.0,
                        permc_spec="NATURAL", diag_pivot_thresh=0.0)
        M = sla.LinearOperator((n, n), matvec=ilu.solve, dtype=np.float64)
    t_setup = P.now() - t0
    info, timed_out = None, False
    try:
        if method in ("cg", "pcg"):
            x, info = sla.cg(A, b, tol=P.TOL, atol=0.0, maxiter=P.MAX_ITER, M=M, callback=count)
        elif method == "gmres":
            x, info = sla.gmres(A, b, tol=P.TOL, atol=0.0, restart=30,
                                maxiter=math.ceil(P.MAX_ITER / 30), M=M,
                                callback=count, callback_type="pr_norm")
        elif method == "bicgstab":
            x, info = sla.bicgstab(A, b, tol=P.TOL, atol=0.0, maxiter=P.MAX_ITER, M=M, callback=count)
        else:
            raise ValueError(solver)
    except TimeLimit:
        x, timed_out = np.zeros(n), True
    t = P.now() - t0
    return t, dict(x=x, info=info, iterations=its[0], setup=t_setup, solve=t - t_setup,
                   timedOut=timed_out)


def solve_row(name, A, solver):
    b = A @ np.ones(A.shape[0])
    secs, r, reps = P.best_time(lambda: run_solver(A, b, solver))
    return dict(peer=PEER, problem=name, n=A.shape[0], nnz=A.nnz, solver=solver,
                iterations=r["iterations"], seconds=secs, setupSeconds=r["setup"],
                solveSeconds=r["solve"], relativeResidual=P.rel_residual(A, r["x"], b),
                converged=(r["info"] == 0 and not r["timedOut"]), info=r["info"],
                reason=("converged" if r["info"] == 0 else "time limit" if r["timedOut"]
                        else "maxiter reached" if (r["info"] or 0) > 0 else "breakdown/illegal input"),
                timedOut=r["timedOut"], reps=reps, version=scipy.__version__)


SOLVERS = {"spd": ["cg", "pcg-jacobi"],
           "nonsym": ["gmres-jacobi", "gmres-ilu0", "bicgstab-jacobi", "bicgstab-ilu0"]}


def main():
    out, quick = sys.argv[1], "--quick" in sys.argv
    for name, spec, kind in P.problems(quick):
        A = P.load_csr(spec)
        if kind == "spmv":
            P.emit(out, spmv_rows(name, A))
            continue
        for solver in SOLVERS[kind]:
            try:
                row = solve_row(name, A, solver)
            except Exception as e:   # record, keep going
                row = dict(peer=PEER, problem=name, n=A.shape[0], nnz=A.nnz, solver=solver,
                           converged=False, error="%s: %s" % (type(e).__name__, e))
            P.emit(out, row)


if __name__ == "__main__":
    main()
