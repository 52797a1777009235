"""Problem list and shared helpers for the Python peers (Debian /usr/bin/python3).

`/usr/bin/python3 problems.py list [--quick]` prints one line per problem,
"name spec kind", for run.sh and the Eigen/ours drivers. kind is one of
spmv, spd, nonsym (a problem may appear once per kind).
"""
import json
import os
import sys
import time

MATRIX_DIR = os.environ.get("MATRIX_DIR", "/work/shared/data/matrices")
TOL = 1e-8
MAX_ITER = 20000
TIME_LIMIT_S = 120.0      # a single solve over this is marked failed
REPEAT_BELOW_S = 1.0      # solves faster than this are repeated, best taken
MAX_REPEATS = 5

SPD_SMALL = ["1138_bus", "gr_30_30", "crystm01"]
SPD_LARGE = ["bcsstk25"]
NONSYM = ["sherman5", "hor_131"]


def problems(quick):
    """[(name, spec, kind)] in run order."""
    out = []
    spmv = [("poisson2d-512", "poisson2d:512")] if quick else [("poisson2d-1000", "poisson2d:1000")]
    mats = SPD_SMALL + NONSYM + ([] if quick else SPD_LARGE)
    spmv += [(m, mtx_path(m)) for m in mats]
    out += [(n, s, "spmv") for n, s in spmv]
    sizes = [256, 512] if quick else [256, 512, 1024]
    out += [("poisson2d-%d" % N, "poisson2d:%d" % N, "spd") for N in sizes]
    out += [(m, mtx_path(m), "spd") for m in SPD_SMALL + ([] if quick else SPD_LARGE)]
    out += [(m, mtx_path(m), "nonsym") for m in NONSYM]
    return out


def mtx_path(name):
    return os.path.join(MATRIX_DIR, name + ".mtx")


def load_csr(spec):
    """SciPy CSR (float64 values, int32 sorted indices) for a spec."""
    import numpy as np
    import scipy.io
    import scipy.sparse as sp
    if spec.startswith("poisson2d:"):
        N = int(spec.split(":")[1])
        # 4 on the diagonal, -1 to the 4 neighbours, row index i*N+j.
        T = sp.diags([-np.ones(N - 1), 2 * np.ones(N), -np.ones(N - 1)], [-1, 0, 1], format="csr")
        I = sp.identity(N, format="csr")
        A = sp.kron(I, T, format="csr") + sp.kron(T, I, format="csr")
    else:
        A = sp.csr_matrix(scipy.io.mmread(spec))   # expands symmetric storage
    A = sp.csr_matrix(A, dtype=np.float64)
    A.sum_duplicates()
    A.sort_indices()
    A.indices = A.indices.astype(np.int32)
    A.indptr = A.indptr.astype(np.int32)
    return A


def rel_residual(A, x, b):
    import numpy as np
    return float(np.linalg.norm(b - A @ x) / np.linalg.norm(b))


def spmv_bytes(n, nnz):
    """Byte model (see RESULTS.md): values 8 + column index 4 per nonzero,
    row pointer 4*(n+1), x read once 8n, y written once 8n (no write-allocate)."""
    return 12 * nnz + 4 * (n + 1) + 16 * n


def best_time(fn):
    """Run fn() (returns (seconds, result)) once; if it took under REPEAT_BELOW_S,
    repeat up to MAX_REPEATS times in total. Returns (best seconds, result of
    that best run, number of runs)."""
    best, res = fn()
    reps = 1
    while best < REPEAT_BELOW_S and reps < MAX_REPEATS:
        t, r = fn()
        reps += 1
        if t < best:
            best, res = t, r
    return best, res, reps


def emit(path, row):
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")
    print(json.dumps(row), flush=True)


def now():
    return time.perf_counter()


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "list":
        for name, spec, kind in problems("--quick" in sys.argv):
            print(name, spec, kind)
    else:
        sys.exit("usage: problems.py list [--quick]")
