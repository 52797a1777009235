"""PETSc peer (petsc4py, sequential AIJ): Mat.mult SpMV and KSP solves.

Usage: PETSC_DIR=... /usr/bin/python3 peer_petsc.py OUT.jsonl [--quick]
Every KSP uses the UNPRECONDITIONED residual norm, rtol 1e-8, atol 0,
max_it 20000 and x0 = 0; GMRES/BiCGStab use right preconditioning.
IC(0)/ILU(0) are PETSc's icc/ilu with 0 levels and natural ordering
(PETSc's own default shift strategy is left in place).
"""
import sys

import petsc4py
petsc4py.init(sys.argv[:1])
from petsc4py import PETSc   # noqa: E402
import numpy as np           # noqa: E402

import problems as P         # noqa: E402

PEER = "petsc"
VERSION = "%d.%d.%d" % PETSc.Sys.getVersion()

# solver name -> (ksp type, pc type)
SOLVERS = {"spd": {"cg": ("cg", "none"), "pcg-jacobi": ("cg", "jacobi"), "pcg-ic0": ("cg", "icc")},
           "nonsym": {"gmres-jacobi": ("gmres", "jacobi"), "gmres-ilu0": ("gmres", "ilu"),
                      "bicgstab-jacobi": ("bcgs", "jacobi"), "bicgstab-ilu0": ("bcgs", "ilu")}}


def to_petsc(A):
    M = PETSc.Mat().createAIJ(size=A.shape, csr=(A.indptr, A.indices, A.data), comm=PETSc.COMM_SELF)
    M.assemble()
    return M


def spmv_row(name, A, M):
    n, nnz = A.shape[0], A.nnz
    x = PETSc.Vec().createWithArray(np.random.default_rng(1).standard_normal(n), comm=PETSc.COMM_SELF)
    y = x.duplicate()
    M.mult(x, y)
    assert np.allclose(y.getArray(), A @ x.getArray())
    reps = 1
    while True:                              # calibrate a batch of >= 0.2 s
        t = P.now()
        for _ in range(reps):
            M.mult(x, y)
        t = P.now() - t
        if t >= 0.2:
            break
        reps *= 4 if t < 0.05 else 2
    times = []
    for _ in range(5):
        t = P.now()
        for _ in range(reps):
            M.mult(x, y)
        times.append((P.now() - t) / reps)
    t = min(times)
    return dict(peer=PEER, problem=name, n=n, nnz=nnz, solver="spmv", secondsPerSpmv=t,
                gflops=2 * nnz / t * 1e-9, gbs=P.spmv_bytes(n, nnz) / t * 1e-9,
                variant="Mat.mult (petsc4py loop)", version=VERSION)


def run_solver(M, b, ksp_type, pc_type):
    """One setup+solve on a fresh KSP. Returns (seconds, dict)."""
    x = b.duplicate()
    x.set(0.0)
    ksp = PETSc.KSP().create(comm=PETSc.COMM_SELF)
    ksp.setOperators(M)
    ksp.setType(ksp_type)
    if ksp_type == "gmres":
        ksp.setGMRESRestart(30)
    pc = ksp.getPC()
    pc.setType(pc_type)
    if pc_type in ("icc", "ilu"):
        pc.setFactorLevels(0)
        pc.setFactorOrdering("natural")
    if ksp_type != "cg":
        ksp.setPCSide(PETSc.PC.Side.RIGHT)
    ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)
    ksp.setTolerances(rtol=P.TOL, atol=0.0, divtol=1e100, max_it=P.MAX_ITER)
    ksp.setInitialGuessNonzero(False)
    t0 = P.now()
    ksp.setUp()
    t1 = P.now()
    ksp.solve(b, x)
    t2 = P.now()
    res = dict(x=x.getArray().copy(), iterations=ksp.getIterationNumber(),
               reason=int(ksp.getConvergedReason()), setup=t1 - t0, solve=t2 - t1)
    ksp.destroy()
    x.destroy()
    return t2 - t0, res


REASONS = {v: k for k, v in vars(PETSc.KSP.ConvergedReason).items() if isinstance(v, int)}


def solve_row(name, A, M, solver, ksp_type, pc_type):
    n = A.shape[0]
    b_np = A @ np.ones(n)
    b = PETSc.Vec().createWithArray(b_np, comm=PETSc.COMM_SELF)
    secs, r, reps = P.best_time(lambda: run_solver(M, b, ksp_type, pc_type))
    over = secs > P.TIME_LIMIT_S
    return dict(peer=PEER, problem=name, n=n, nnz=A.nnz, solver=solver, iterations=r["iterations"],
                seconds=secs, setupSeconds=r["setup"], solveSeconds=r["solve"],
                relativeResidual=P.rel_residual(A, r["x"], b_np),
                converged=(r["reason"] > 0 and not over), reason=REASONS.get(r["reason"], r["reason"]),
                timedOut=over, reps=reps, ksp=ksp_type, pc=pc_type, version=VERSION)


def main():
    out, quick = sys.argv[1], "--quick" in sys.argv
    for name, spec, kind in P.problems(quick):
        A = P.load_csr(spec)
        M = to_petsc(A)
        if kind == "spmv":
            P.emit(out, spmv_row(name, A, M))
        else:
            for solver, (ksp_type, pc_type) in SOLVERS[kind].items():
                try:
                    row = solve_row(name, A, M, solver, ksp_type, pc_type)
                except Exception as e:   # record, keep going
                    row = dict(peer=PEER, problem=name, n=A.shape[0], nnz=A.nnz, solver=solver,
                               converged=False, error="%s: %s" % (type(e).__name__, e))
                P.emit(out, row)
        M.destroy()


if __name__ == "__main__":
    main()
