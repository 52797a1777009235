"""PETSc CG+ICC(0) and SciPy CG on one exported fluid pressure system (DIR/A.mtx, DIR/b.mtx from
`Solvers.Benchmarks dcdm-export`), for each tolerance given. Appends one JSON line per (peer, tol) to OUT.jsonl.

Usage: PETSC_DIR=... /usr/bin/python3 peers_dcdm.py OUT.jsonl DIR TOL [TOL ...] [--repeat K] [--tag k=v ...]

Both stop on the unpreconditioned relative residual ||b - A x|| <= tol ||b|| from x0 = 0 (as our CLI):
PETSc KSP cg + pc icc (0 levels, natural ordering, PETSc's default shift), norm type UNPRECONDITIONED, atol 0;
SciPy sparse.linalg.cg with atol 0 (its recurrence residual; the true one is recorded next to it).
Time: set-up (ICC factorisation) + solve, best of up to K runs that stops once a run takes >= 1 s (like our
--repeat). Iterations: PETSc's iteration number; SciPy's callback count.
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.io
import scipy.sparse as sp
import scipy.sparse.linalg as spla

MAX_IT = 100_000


def now():
    return time.perf_counter()


def best(fn, repeat):
    """Runs fn up to `repeat` times (stopping once a run takes >= 1 s); returns (fastest seconds, its result)."""
    best_t, best_r, runs = None, None, 0
    for _ in range(max(1, repeat)):
        t, r = fn()
        runs += 1
        if best_t is None or t < best_t:
            best_t, best_r = t, r
        if t >= 1.0:
            break
    return best_t, best_r, runs


def rel_res(A, x, b):
    return float(np.linalg.norm(b - A @ x) / np.linalg.norm(b))


def scipy_cg(A, b, tol):
    count = [0]

    def cb(_):
        count[0] += 1

    t0 = now()
    try:
        x, info = spla.cg(A, b, x0=np.zeros_like(b), rtol=tol, atol=0.0, maxiter=MAX_IT, callback=cb)
    except TypeError:   # SciPy < 1.12 calls it tol
        x, info = spla.cg(A, b, x0=np.zeros_like(b), tol=tol, atol=0.0, maxiter=MAX_IT, callback=cb)
    t1 = now()
    return t1 - t0, dict(x=x, iterations=count[0], converged=info == 0, setup=0.0, solve=t1 - t0, info=int(info))


def petsc_rows(A, b, tols, repeat, tags):
    import petsc4py
    petsc4py.init(sys.argv[:1])
    from petsc4py import PETSc
    version = "%d.%d.%d" % PETSc.Sys.getVersion()
    reasons = {v: k for k, v in vars(PETSc.KSP.ConvergedReason).items() if isinstance(v, int)}
    M = PETSc.Mat().createAIJ(size=A.shape, csr=(A.indptr, A.indices, A.data), comm=PETSc.COMM_SELF)
    M.assemble()
    bv = PETSc.Vec().createWithArray(b.copy(), comm=PETSc.COMM_SELF)

    def run(tol):
        x = bv.duplicate()
        x.set(0.0)
        ksp = PETSc.KSP().create(comm=PETSc.COMM_SELF)
        ksp.setOperators(M)
        ksp.setType("cg")
        pc = ksp.getPC()
        pc.setType("icc")
        pc.setFactorLevels(0)
        pc.setFactorOrdering("natural")
        ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)
        ksp.setTolerances(rtol=tol, atol=0.0, divtol=1e100, max_it=MAX_IT)
        ksp.setInitialGuessNonzero(False)
        t0 = now()
        ksp.setUp()
        t1 = now()
        ksp.solve(bv, x)
        t2 = now()
        r = dict(x=x.getArray().copy(), iterations=ksp.getIterationNumber(), converged=ksp.getConvergedReason() > 0,
                 reason=reasons.get(int(ksp.getConvergedReason()), int(ksp.getConvergedReason())), setup=t1 - t0, solve=t2 - t1)
        ksp.destroy()
        x.destroy()
        return t2 - t0, r

    rows = []
    for tol in tols:
        secs, r, runs = best(lambda: run(tol), repeat)
        rows.append(dict(tags, peer="petsc", method="cg+icc", tol=tol, n=A.shape[0], nnz=A.nnz, iterations=r["iterations"],
                         seconds=secs, setupSeconds=r["setup"], solveSeconds=r["solve"], converged=bool(r["converged"]),
                         reason=r["reason"], relativeResidual=rel_res(A, r["x"], b), runs=runs, version=version))
    return rows


def main():
    args = sys.argv[1:]
    repeat, tags, pos = 5, {}, []
    i = 0
    while i < len(args):
        if args[i] == "--repeat":
            repeat = int(args[i + 1]); i += 2
        elif args[i] == "--tag":
            k, v = args[i + 1].split("=", 1); tags[k] = v; i += 2
        else:
            pos.append(args[i]); i += 1
    out, d, tols = pos[0], pos[1], [float(t) for t in pos[2:]]
    A = sp.csr_matrix(scipy.io.mmread(d + "/A.mtx"))
    A.sort_indices()
    b = np.asarray(scipy.io.mmread(d + "/b.mtx")).ravel().astype(float)
    rows = []
    for tol in tols:
        secs, r, runs = best(lambda: scipy_cg(A, b, tol), repeat)
        rows.append(dict(tags, peer="scipy", method="cg", tol=tol, n=A.shape[0], nnz=A.nnz, iterations=r["iterations"],
                         seconds=secs, setupSeconds=0.0, solveSeconds=r["solve"], converged=bool(r["converged"]),
                         info=r["info"], relativeResidual=rel_res(A, r["x"], b), runs=runs, version=scipy.__version__))
    try:
        rows += petsc_rows(A, b, tols, repeat, tags)
    except Exception as e:   # record and keep going
        rows += [dict(tags, peer="petsc", method="cg+icc", tol=t, n=A.shape[0], error="%s: %s" % (type(e).__name__, e)) for t in tols]
    with open(out, "a") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
            print(json.dumps(r))


if __name__ == "__main__":
    main()
