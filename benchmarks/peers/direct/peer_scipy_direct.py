"""SciPy peer for the sparse direct benchmark: spsolve and splu (SuperLU, COLAMD column ordering, defaults).

Usage: /usr/bin/python3 peer_scipy_direct.py OUT.jsonl NAME SPEC MODE
MODE spsolve: seconds of x = spsolve(A, b) (factor + solve; the issue's comparator).
MODE splu:    seconds of lu = splu(A) and of lu.solve(b), fill nnz(L) + nnz(U).
b = A @ ones. A is CSC (SuperLU's native format), converted before timing. Runs under 1 s are repeated
(best of up to 5, as the other peers).
"""
import sys

import numpy as np
import scipy
import scipy.sparse.linalg as sla

sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), ".."))
import problems as P  # noqa: E402


def main():
    out, name, spec, mode = sys.argv[1:5]
    A = P.load_csr(spec).tocsc()
    n = A.shape[0]
    b = A @ np.ones(n)
    row = dict(peer="scipy", problem=name, spec=spec, mode=mode, n=n, nnz=int(A.nnz), version=scipy.__version__)
    if mode == "spsolve":
        def run():
            t = P.now()
            x = sla.spsolve(A, b)
            return P.now() - t, x
        seconds, x, reps = P.best_time(run)
        row.update(totalSeconds=seconds, relativeResidual=P.rel_residual(A, x, b), reps=reps)
    elif mode == "splu":
        def run():
            t = P.now()
            lu = sla.splu(A)
            t1 = P.now()
            x = lu.solve(b)
            t2 = P.now()
            return t1 - t, (lu, x, t2 - t1)
        seconds, (lu, x, solve), reps = P.best_time(run)
        row.update(factorSeconds=seconds, solveSeconds=solve, factorNnz=int(lu.L.nnz + lu.U.nnz),
                   relativeResidual=P.rel_residual(A, x, b), reps=reps)
    else:
        sys.exit("MODE must be spsolve or splu")
    P.emit(out, row)


if __name__ == "__main__":
    main()
