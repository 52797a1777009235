"""Turns out/sequence.jsonl into RESULTS-sequence.md (stdlib only)."""
import json
import os
import platform
import sys

out = sys.argv[1]
rows = [json.loads(l) for l in open(os.path.join(out, "sequence.jsonl")) if l.strip()]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print("# Sequences of systems: SKR / GCRO-DR vs GMRES(40) and SciPy gcrotmk\n")
print("Date %s; machine: %s, single thread (taskset); load before %s, after %s." % (
    open(os.path.join(out, "date.txt")).read().strip(), cpu,
    open(os.path.join(out, "load_before.txt")).read().split()[0], open(os.path.join(out, "load_after.txt")).read().split()[0]))
print("Command: `bash benchmarks/peers/sequence/run.sh`. Same systems for everyone (exported as Matrix Market).")
print("Iterations: our Arnoldi steps; A-products counts every product with A (SciPy: counted matvecs).")
print("Seconds are wall time (preconditioner set-up + solve); thread CPU s is the CPU time of the solving thread over the same")
print("span (CLOCK_THREAD_CPUTIME_ID / Python's time.thread_time), which leaves out the time other processes on a loaded")
print("machine held the core: on a shared machine compare CPU seconds.")
print("Systems: the SKR paper's (`--variant paper`, see DarcyFlow2D.PaperMatrix): Darcy n = 78 is its \"6400\" set, Helmholtz")
print("n = 98 its \"10^4\" set. Every solve stops at 10000 iterations (the paper's -ksp_max_it; SciPy: about 10000 A-products),")
print("and iteration totals count capped systems at the cap, as the paper's means do.\n")
# The paper's Table 1 (iteration speed-up, time speed-up of SKR over GMRES(40)), for the rows we run.
PAPER = {("darcy2d-78", "none"): (19.1, 2.70), ("darcy2d-78", "jacobi"): (22.9, 3.09), ("darcy2d-78", "ilu0"): (17.2, 3.70),
         ("helmholtz2d-98", "ilu0"): (28.0, 6.34)}
groups = {}
for r in rows:
    groups.setdefault((r["problem"], r["precond"], r["tol"]), []).append(r)
for (problem, precond, tol), rs in groups.items():
    print("## %s, precond %s, tol %g, %d systems\n" % (problem, precond, tol, rs[0]["count"]))
    print("| implementation | method | iterations | A-products | seconds (wall) | thread CPU s | converged | worst rel. residual |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rs:
        cpu_s = "%.2f" % r["threadCpuSeconds"] if "threadCpuSeconds" in r else "—"
        print("| %s | %s | %s | %s | %.2f | %s | %d/%d | %.1e |" % (r["peer"], r["method"], r.get("totalIterations", ""),
              r.get("operatorApplications", r.get("totalIterations", "")), r["totalSeconds"], cpu_s, r["converged"], r["count"], r["worstRelativeResidual"]))
    ours = {r["method"]: r for r in rs if r["peer"] == "solvers"}
    if "gmres" in ours and "skr" in ours:
        g, s = ours["gmres"], ours["skr"]
        print("\nSKR vs our GMRES(40): %.1fx fewer iterations, %.2fx less wall time, %.2fx less thread CPU time." % (
            g["totalIterations"] / max(1, s["totalIterations"]), g["totalSeconds"] / s["totalSeconds"],
            g.get("threadCpuSeconds", float("nan")) / s.get("threadCpuSeconds", float("nan"))))
        print("Per system: GMRES(40) %.0f iterations, SKR %.0f." % (g["totalIterations"] / g["count"], s["totalIterations"] / s["count"]), end="")
        if (problem, precond) in PAPER:
            print(" Paper (PETSc/HPDDM, Table 1): %.1fx fewer iterations, %.2fx less time%s." % (PAPER[(problem, precond)] + (
                "; App. Table 3: GMRES 9059, SKR 473 iterations per system" if (problem, precond) == ("darcy2d-78", "none") else "",)))
        else:
            print()
    sc = [r for r in rs if r["peer"] == "scipy" and r["method"].startswith("gcrot")]
    if sc and "gcrodr" in ours:
        print("Our GCRO-DR vs SciPy gcrotmk: %.2fx fewer A-products, %.1fx less wall time, %.1fx less thread CPU time." % (
            sc[0]["totalIterations"] / max(1, ours["gcrodr"]["operatorApplications"]), sc[0]["totalSeconds"] / ours["gcrodr"]["totalSeconds"],
            sc[0].get("threadCpuSeconds", float("nan")) / ours["gcrodr"].get("threadCpuSeconds", float("nan"))))
    print()
