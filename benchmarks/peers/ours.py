"""Runs our tool (Solvers CLI and Solvers.Benchmarks) on the same problems.

Usage: /usr/bin/python3 ours.py OUT.jsonl REPO_ROOT [--quick]
Each run is one `dotnet` process pinned by the caller (taskset); the
seconds reported are the tool's own (setup + solve, excluding I/O). The tool
repeats runs under REPEAT_BELOW_S in-process (--repeat) and reports the fastest.
Any failure (missing build, crash, bad JSON, timeout) becomes an error row.
"""
import json
import os
import subprocess
import sys

import problems as P

PEER = "ours"
PROCESS_TIMEOUT_S = 300

# solver name -> CLI arguments
SOLVERS = {"spd": {"cg": ["--method", "cg", "--precond", "none"],
                   "pcg-jacobi": ["--method", "pcg", "--precond", "jacobi"],
                   "pcg-ic0": ["--method", "pcg", "--precond", "ic0"]},
           "nonsym": {"gmres-jacobi": ["--method", "gmres", "--precond", "jacobi", "--restart", "30"],
                      "gmres-ilu0": ["--method", "gmres", "--precond", "ilu0", "--restart", "30"],
                      "bicgstab-jacobi": ["--method", "bicgstab", "--precond", "jacobi"],
                      "bicgstab-ilu0": ["--method", "bicgstab", "--precond", "ilu0"]}}


def run_json(cmd):
    """Run cmd, return the last stdout line that parses as a JSON object."""
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=PROCESS_TIMEOUT_S)
    for line in reversed(p.stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                pass
    tail = (p.stderr or p.stdout).strip()[-400:]
    raise RuntimeError("exit %d, no JSON on stdout: %s" % (p.returncode, tail))


def spmv_row(root, name, spec):
    dll = os.path.join(root, "benchmarks/Solvers.Benchmarks/bin/Release/net10.0/Solvers.Benchmarks.dll")
    r = run_json(["dotnet", dll, "spmv", "--matrix", spec])
    n, nnz, t = int(r["n"]), int(r["nnz"]), float(r["secondsPerSpmv"])
    # gflops/gbs recomputed with the harness's byte model; the tool's own kept alongside.
    return dict(peer=PEER, problem=name, n=n, nnz=nnz, solver="spmv", secondsPerSpmv=t,
                gflops=2 * nnz / t * 1e-9, gbs=P.spmv_bytes(n, nnz) / t * 1e-9,
                toolGflops=r.get("gflops"), toolGbs=r.get("gbs"))


def solve_row(root, name, spec, solver, args):
    dll = os.path.join(root, "src/Solvers.Cli/bin/Release/net10.0/solvers.dll")
    # --repeat: in-process repetition with the peers' rule (repeat while a run is under 1 s, keep the fastest),
    # so JIT warm-up is paid once per process as a long-running user would pay it.
    cmd = ["dotnet", dll, "solve", "--matrix", spec, "--rhs", "aones", "--tol", str(P.TOL),
           "--max-iter", str(P.MAX_ITER), "--repeat", str(P.MAX_REPEATS), "--device", "off", "--json"] + args
    best = run_json(cmd)
    reps = int(best.get("repeats", 1))
    secs = float(best["seconds"])
    over = secs > P.TIME_LIMIT_S
    return dict(peer=PEER, problem=name, n=best.get("n"), nnz=best.get("nnz"), solver=solver,
                iterations=best.get("iterations"), seconds=secs, setupSeconds=best.get("setupSeconds"),
                solveSeconds=best.get("solveSeconds"), relativeResidual=best.get("relativeResidual"),
                converged=bool(best.get("converged")) and not over, timedOut=over, reps=reps,
                residualSource="tool's own report", command=" ".join(cmd[1:]))


def main():
    out, root, quick = sys.argv[1], sys.argv[2], "--quick" in sys.argv
    for name, spec, kind in P.problems(quick):
        tasks = [("spmv", None)] if kind == "spmv" else list(SOLVERS[kind].items())
        for solver, args in tasks:
            try:
                row = spmv_row(root, name, spec) if kind == "spmv" else solve_row(root, name, spec, solver, args)
            except Exception as e:   # record, keep going
                row = dict(peer=PEER, problem=name, solver=solver, converged=False,
                           error="%s: %s" % (type(e).__name__, e))
            P.emit(out, row)


if __name__ == "__main__":
    main()
