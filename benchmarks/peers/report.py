"""Aggregates out/*.jsonl into benchmarks/RESULTS.md (stdlib only).

Usage: /usr/bin/python3 report.py OUT_DIR RESULTS.md
Only measured numbers are written; a missing or failed run says so.
run.sh runs the implementations in R interleaved rounds (files PEER.rR.jsonl);
every cell is the best round of that (problem, solver, implementation).
"""
import glob
import json
import os
import re
import subprocess
import sys

import problems as P

PEERS = ["eigen", "scipy", "petsc"]
LABEL = {"eigen": "Eigen", "scipy": "SciPy", "petsc": "PETSc", "ours": "ours"}
SOLVER_ORDER = ["cg", "pcg-jacobi", "pcg-ic0", "gmres-jacobi", "gmres-ilu0",
                "bicgstab-jacobi", "bicgstab-ilu0", "bicgstab-ilut"]
RES_OK = 2 * P.TOL   # a "converged" run must also have a recomputed residual under this
NOISE_RATIO = 1.5    # rows whose seconds varied more than this between rounds are listed


def read_text(out, name, default="(not recorded)"):
    try:
        with open(os.path.join(out, name)) as f:
            return f.read().strip()
    except OSError:
        return default


def load_rows(out):
    """All JSON rows; a row from PEER.rR.jsonl gets round=R (a file without .rR, e.g. stream.jsonl or a run
    from before rounds existed, counts as round 1)."""
    rows = []
    for path in sorted(glob.glob(os.path.join(out, "*.jsonl"))):
        m = re.search(r"\.r(\d+)\.jsonl$", path)
        rnd = int(m.group(1)) if m else 1
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    try:
                        row = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(row, dict):
                        row.setdefault("round", rnd)
                        rows.append(row)
    return rows


def best_round(rs):
    """The row that represents one (problem, solver, peer) across rounds: for SpMV the highest GFLOP/s, for a
    solver the converged run with the smallest seconds; if there is none, the last round's row as recorded."""
    rs = sorted(rs, key=lambda r: r.get("round", 1))
    if rs[0].get("solver") == "spmv":
        good = [r for r in rs if "error" not in r and isinstance(r.get("gflops"), (int, float))]
        return max(good, key=lambda r: r["gflops"]) if good else rs[-1]
    good = [r for r in rs if ok(r)]
    return min(good, key=lambda r: r["seconds"]) if good else rs[-1]


def machine():
    info = {}
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            k, _, v = line.partition(":")
            info[k.strip()] = v.strip()
    except OSError:
        pass
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 2 ** 20)
    return "%s, %s CPU(s) (%s thread(s) per core), %s RAM" % (
        info.get("Model name", "?"), info.get("CPU(s)", "?"), info.get("Thread(s) per core", "?"), mem)


def ok(r):
    return (r is not None and "error" not in r and r.get("converged") is True
            and isinstance(r.get("relativeResidual"), (int, float)) and r["relativeResidual"] <= RES_OK
            and r.get("seconds", 1e9) <= P.TIME_LIMIT_S)


def esc(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def secs(t):
    return "%.3g s" % t


def cell(r):
    if r is None:
        return "—"
    if "error" in r:
        return "ERROR: " + esc(r["error"])[:90]
    text = "%s it, %s, %.1e" % (r.get("iterations"), secs(r["seconds"]), r["relativeResidual"])
    if ok(r):
        return text
    why = []
    if r.get("timedOut"):
        why.append("over %d s" % P.TIME_LIMIT_S)
    if not r.get("converged"):
        why.append(str(r.get("reason") or r.get("info") or "not converged"))
    elif r["relativeResidual"] > RES_OK:
        why.append("true residual above %.0e" % RES_OK)
    return "**FAILED** (%s): %s" % (", ".join(why), text)


def spmv_table(idx, problems, triad):
    lines = ["| problem | n | nnz | Eigen GFLOP/s | SciPy GFLOP/s | PETSc GFLOP/s | ours GFLOP/s "
             "| ours / best peer | best peer GB/s | ours GB/s | ours % of triad |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for prob in problems:
        rs = {p: idx.get((prob, "spmv", p)) for p in PEERS + ["ours"]}
        any_row = next((r for r in rs.values() if r and "n" in r and "error" not in r), None)
        if any_row is None and not any(rs.values()):
            continue
        good = {p: r for p, r in rs.items() if r and "error" not in r and "gflops" in r}
        cols = ["%.2f" % good[p]["gflops"] if p in good
                else ("ERROR" if rs[p] else "—") for p in PEERS + ["ours"]]
        peers = [good[p] for p in PEERS if p in good]
        best = max(peers, key=lambda r: r["gflops"]) if peers else None
        ours = good.get("ours")
        ratio = "%.2f" % (ours["gflops"] / best["gflops"]) if ours and best else "n/a"
        best_gbs = "%.1f (%s)" % (best["gbs"], LABEL[best["peer"]]) if best else "n/a"
        ours_gbs = "%.1f" % ours["gbs"] if ours else "n/a"
        pct = "%.0f%%" % (100 * ours["gbs"] / triad) if ours and triad else "n/a"
        n = any_row["n"] if any_row else "?"
        nnz = any_row["nnz"] if any_row else "?"
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            prob, n, nnz, " | ".join(cols), ratio, best_gbs, ours_gbs, pct))
    return "\n".join(lines)


def solver_table(idx, keys):
    lines = ["| problem | solver | Eigen | SciPy | PETSc | ours | fastest peer "
             "| time ratio (peer / ours) | iteration ratio (peer / ours) |",
             "|---|---|---|---|---|---|---|---:|---:|"]
    for prob, solver in keys:
        rs = {p: idx.get((prob, solver, p)) for p in PEERS + ["ours"]}
        good = [rs[p] for p in PEERS if ok(rs[p])]
        best = min(good, key=lambda r: r["seconds"]) if good else None
        ours = rs["ours"]
        if best and ok(ours):
            tr = "%.3g" % (best["seconds"] / ours["seconds"])
            ir = "%.3g" % (best["iterations"] / ours["iterations"]) if ours["iterations"] else "n/a"
        else:
            tr = ir = "n/a"
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            prob, solver, " | ".join(cell(rs[p]) for p in PEERS + ["ours"]),
            LABEL[best["peer"]] if best else "none converged", tr, ir))
    return "\n".join(lines)


def fmt_secs(t):
    return "%.3g ms" % (t * 1e3) if t < 1 else "%.3g s" % t


def noise_lines(idx, by_key, keys, rounds):
    """Rows where our seconds, or the fastest peer's, varied by more than NOISE_RATIO between rounds."""
    lines = []
    for prob, solver in keys:
        good = [idx[(prob, solver, p)] for p in PEERS if ok(idx.get((prob, solver, p)))]
        best = min(good, key=lambda r: r["seconds"]) if good else None
        for peer, tag in (("ours", "ours"), (best["peer"] if best else None, "fastest peer")):
            if peer is None:
                continue
            runs = sorted((r for r in by_key.get((prob, solver, peer), []) if ok(r)), key=lambda r: r["round"])
            if len(runs) < 2:
                continue
            ts = [r["seconds"] for r in runs]
            if max(ts) > NOISE_RATIO * min(ts):
                label = LABEL[peer] if peer == "ours" else "%s (%s)" % (LABEL[peer], tag)
                lines.append("- %s / %s, %s: %s–%s (%.2fx); by round: %s" % (
                    prob, solver, label, fmt_secs(min(ts)), fmt_secs(max(ts)), max(ts) / min(ts),
                    ", ".join("r%d %s" % (r["round"], fmt_secs(r["seconds"])) for r in runs)))
    return lines


def main():
    out, dest = sys.argv[1], sys.argv[2]
    rows = load_rows(out)
    by_key = {}
    for r in rows:
        if r.get("peer") != "stream":
            by_key.setdefault((r.get("problem"), r.get("solver"), r.get("peer")), []).append(r)
    idx = {k: best_round(rs) for k, rs in by_key.items()}
    try:
        rounds = int(read_text(out, "rounds.txt", ""))
    except ValueError:
        rounds = max([r.get("round", 1) for r in rows] or [1])
    stream = next((r for r in rows if r.get("peer") == "stream" and "gbs" in r), None)
    triad = stream["gbs"] if stream else None

    listed = P.problems(False)
    present = {k[:2] for k in idx}
    spmv_probs = [p for p, _, kind in listed if kind == "spmv" and (p, "spmv") in present]
    solvers = [s for s in SOLVER_ORDER if any(k[1] == s for k in present)]
    spd = [(p, s) for p, _, kind in listed if kind == "spd" for s in solvers if (p, s) in present]
    nonsym = [(p, s) for p, _, kind in listed if kind == "nonsym" for s in solvers if (p, s) in present]

    versions = {}
    for r in rows:
        if "version" in r and r.get("peer") in LABEL:
            versions[LABEL[r["peer"]]] = r["version"]

    def failed(r):
        return "error" in r or (r.get("solver") != "spmv" and not ok(r))

    # One line per (problem, solver, peer) that failed in at least one round, with the count of rounds.
    failures = []
    for key, rs in sorted(by_key.items(), key=lambda kv: (str(kv[0][2]), str(kv[0][:2]))):
        bad = [r for r in rs if failed(r)]
        if bad:
            shown = idx[key] if failed(idx[key]) else bad[-1]
            failures.append((shown, len(bad), len(rs)))

    md = []
    md.append("# Peer benchmarks: SpMV and Krylov solvers\n")
    md.append("Written by `benchmarks/peers/report.py` from the JSON lines in `benchmarks/peers/out/`; "
              "do not edit by hand, rerun the harness.\n")
    md.append("- Date (UTC): started %s, finished %s" % (read_text(out, "started.txt"), read_text(out, "finished.txt")))
    md.append("- Machine: %s" % machine())
    md.append("- Load average (/proc/loadavg) at start: `%s`; before the timed runs (after builds): `%s`; "
              "after: `%s`" % (read_text(out, "loadavg_start.txt"), read_text(out, "loadavg_before.txt"),
                               read_text(out, "loadavg_after.txt")))
    md.append("- Command: `%s`" % read_text(out, "command.txt"))
    md.append("- Rounds: **%d**, interleaved: each round runs Eigen, SciPy, PETSc and ours in turn over all problems "
              "(STREAM runs once, before the rounds). Every cell below is the best of the %d rounds (solvers: the "
              "converged run with the smallest seconds, its iterations and residual; SpMV: the highest GFLOP/s), so "
              "that a burst of load from other processes during one implementation's block does not decide a "
              "ratio." % (rounds, rounds))
    rl = read_text(out, "loadavg_rounds.txt", "")
    if rl:
        md.append("- Load average at the end of each round: %s" % "; ".join(
            "round %s (%s): `%s`" % (f[0], f[1], " ".join(f[2:5])) for f in
            (line.split() for line in rl.splitlines()) if len(f) >= 5))
    load = []
    for name in ("loadavg_before.txt", "loadavg_after.txt"):
        try:
            load.append(float(read_text(out, name, "nan").split()[0]))
        except (ValueError, IndexError):
            load.append(float("nan"))
    if load[0] > 0.5 or load[1] > 1.5:
        md.append("- **WARNING: the machine was busy.** 1-minute load average %.2f before and %.2f after the "
                  "timed runs (one pinned benchmark process accounts for about 1). Other processes competed for "
                  "the cores, so the times below are inflated and noisy; rerun on an idle machine before "
                  "drawing conclusions from small differences." % tuple(load))
    md.append("- Pinning: every timed run under `taskset -c %s`, one thread (OMP/OpenBLAS/MKL threads = 1, "
              "DOTNET_gcServer=0)" % read_text(out, "core.txt", "?"))
    md.append("- Versions: %s; %s; .NET SDK %s; PETSC_DIR=`%s`" % (
        ", ".join("%s %s" % kv for kv in sorted(versions.items())), read_text(out, "gcc_version.txt"),
        read_text(out, "dotnet_version.txt"), read_text(out, "petsc_dir.txt")))
    if stream:
        md.append("- STREAM triad, one thread, 2^%d doubles per array, best of 10: **%.1f GB/s** counting "
                  "24 bytes/element as STREAM does (write-allocate not counted; %.1f GB/s if it is)\n"
                  % (stream["elements"].bit_length() - 1, stream["gbs"], stream["gbsWithWriteAllocate"]))
    else:
        md.append("- STREAM triad: FAILED (no result)\n")

    md.append("## SpMV (y = A x), CSR, double values, 32-bit indices\n")
    md.append("GFLOP/s = 2·nnz / t. GB/s uses one byte model for every implementation: "
              "12·nnz (8-byte value + 4-byte column index) + 4·(n+1) (row pointers) + 8·n (x, read once) "
              "+ 8·n (y, written once, no write-allocate). It is a lower bound on traffic (x is assumed "
              "to be reused perfectly from cache). Matrices that fit in cache can exceed the triad figure, "
              "which is a DRAM bandwidth. t is the best of 5 batches of repetitions (each batch "
              "≥ 0.2 s) within a round, and the best round.\n")
    md.append(spmv_table(idx, spmv_probs, triad) + "\n")
    md.append("SciPy: the faster of `A @ x` and `scipy.sparse._sparsetools.csr_matvec` into a preallocated y. "
              "PETSc: `Mat.mult` called from a petsc4py loop. For the small matrices (microseconds per "
              "product) the Python call overhead of SciPy and PETSc is part of what is measured.\n")

    crit = ("Cells: iterations, seconds (preconditioner setup + solve, excluding assembly and file I/O; "
            "best of up to 5 runs for runs under 1 s within a round, then the best round), relative residual ||b − A x|| / ||b||. "
            "x0 = 0, b = A·ones, rtol 1e-8 on the unpreconditioned residual, at most 20000 iterations. "
            "A run counts as converged only if the implementation says so, the residual in the cell is "
            "≤ %.0e and it took ≤ %d s. Time ratio = fastest converged peer's seconds / our seconds "
            "(> 1: ours faster); iteration ratio = that peer's iterations / ours." % (RES_OK, P.TIME_LIMIT_S))
    md.append("## SPD problems: CG and PCG\n")
    md.append(crit + "\n")
    md.append(solver_table(idx, spd) + "\n")
    md.append("## Nonsymmetric problems: GMRES(30) and BiCGStab\n")
    md.append(solver_table(idx, nonsym) + "\n")

    md.append("## Round-to-round variation\n")
    if rounds < 2:
        md.append("One round only: no variation to show.\n")
    else:
        noisy = noise_lines(idx, by_key, spd + nonsym, rounds)
        md.append("Solver rows where our converged seconds, or the fastest peer's, differed by more than %.1fx "
                  "between the %d rounds (min–max; same code, same inputs, so this is the machine's noise):\n"
                  % (NOISE_RATIO, rounds))
        md += noisy if noisy else ["None."]
        md.append("")

    md.append("## Failures\n")
    if failures:
        for r, k, n in failures:
            md.append("- %s / %s / %s: %s%s" % (
                LABEL.get(r.get("peer"), r.get("peer")), r.get("problem"), r.get("solver"),
                esc(r["error"]) if "error" in r else cell(r),
                "" if rounds < 2 else (" (in both rounds)" if k == n == rounds == 2
                                       else " (in all %d rounds)" % n if k == n == rounds
                                       else " (in %d of %d rounds)" % (k, rounds))))
    else:
        md.append("None.")
    md.append("")

    mismatches = []
    for (prob, solver, peer), r in sorted(idx.items(), key=str):
        ref = next((idx[(prob, s, p)] for p in PEERS for s in ["spmv"] + SOLVER_ORDER
                    if (prob, s, p) in idx and "n" in idx[(prob, s, p)]), None)
        if ref and "n" in r and r.get("n") is not None and (r["n"], r["nnz"]) != (ref["n"], ref["nnz"]):
            mismatches.append("- %s / %s / %s: n=%s nnz=%s, but %s has n=%s nnz=%s" % (
                LABEL.get(peer, peer), prob, solver, r["n"], r["nnz"], LABEL[ref["peer"]], ref["n"], ref["nnz"]))
    if mismatches:
        md.append("## Size mismatches (same problem, different n or nnz)\n")
        md += mismatches + [""]

    md.append("## How each implementation was run\n")
    md.append("""- **Rounds**: the four implementations run one after another, each as its own block over all problems,
  all pinned to the same core; that sequence is repeated %d times (`ROUNDS=N` or `--rounds N`, default 3) and each
  cell keeps the best round. Within a round every implementation uses the same repeat rule (runs under 1 s repeated
  up to 5 times, fastest kept).
- **Eigen** (`peer_eigen.cpp`, g++ -O3 -march=native, no OpenMP): `SparseMatrix<double, RowMajor, int>`;
  SpMV `y.noalias() = A * x`; `ConjugateGradient<SpMat, Lower|Upper, P>` with P = `IdentityPreconditioner` (cg),
  `DiagonalPreconditioner` (pcg-jacobi), `IncompleteCholesky<double, Lower, NaturalOrdering<int>>` (pcg-ic0).
  Eigen's IncompleteCholesky is not textbook IC(0): it is Lin–Moré's limited-memory IC (keeps as many entries
  per column as A has, chosen by size, so not necessarily A's pattern), on a diagonally scaled matrix, with a
  diagonal shift retried on breakdown. Eigen has no ILU(0): `bicgstab-ilut` is `BiCGSTAB` with `IncompleteLUT`
  (threshold ILU, default drop tolerance and fill factor 10, its own fill-reducing ordering), a stronger
  preconditioner, so it has its own row. Eigen's GMRES (unsupported) preconditions on the left and tests the
  preconditioned residual, so it is not run. Eigen's stopping test is on the unpreconditioned residual.
- **SciPy** (`peer_scipy.py`, Debian python3-scipy): `cg`, `gmres(restart=30)` and `bicgstab` with `tol=1e-8,
  atol=0`; Jacobi is a `LinearOperator` multiplying by 1/diag(A). SciPy has no IC(0) (no pcg-ic0 row). Its
  "ilu0" is an approximation: `spilu(drop_tol=0, fill_factor=1, permc_spec="NATURAL", diag_pivot_thresh=0)`
  (SuperLU ILUTP capped at nnz(A) fill, natural order, no pivoting); with the default COLAMD ordering and
  pivoting it reports "Factor is exactly singular" on sherman5 and hor_131. SciPy's GMRES uses the
  preconditioned residual for its inner iterations and checks the true residual at restarts; `maxiter` counts
  restart cycles, so it is ceil(20000/30). Iterations are counted with the callback (per inner iteration).
- **PETSc** (`peer_petsc.py`, petsc4py, Debian PETSc, sequential AIJ): KSP `cg` with PC `none` / `jacobi` /
  `icc` (0 levels, natural ordering; PETSc's default Manteuffel positive-definite shift stays on), `gmres`
  (restart 30) and `bcgs` with right-preconditioned `jacobi` / `ilu` (0 levels, natural ordering); all with
  `KSP_NORM_UNPRECONDITIONED`, rtol 1e-8, atol 0, divtol 1e100. A fresh KSP per run so that PC setup is timed.
  Debian builds PETSc with `-O2` for generic x86-64, not `-march=native`.
- **ours**: `solvers.dll solve --matrix SPEC --rhs aones --tol 1e-8 --max-iter 20000 --json` with
  `--method/--precond` (`--restart 30` for GMRES), and `Solvers.Benchmarks.dll spmv --matrix SPEC`, Release
  build. Seconds are the tool's own; like the peers, runs under 1 s are repeated in-process (`--repeat 5`) and
  the fastest kept, so JIT compilation is paid once per process as in a long-running program; a garbage collection
  runs before each repeat, outside the timed region, so that a repeat reuses memory freed by the last one as the
  peers' repeats reuse what malloc got back (since 2026-11-26 12:14; without it the small rows paid page faults). Our relative residual is the one the tool reports (the harness cannot see x); the peers' are
  recomputed by the harness in double precision. Our SpMV GB/s above is recomputed with the harness byte
  model from the tool's seconds per SpMV.
- Any solve over %d s would be marked failed; no variant with a fill-reducing (AMD) ordering is run.
""" % (rounds, P.TIME_LIMIT_S))

    # Every other area keeps its own authoritative results file; they are appended so that one regeneration of this
    # file never loses them.
    bench = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for part in ["peers/sequence/RESULTS-sequence.md", "peers/relax/RESULTS-relax.md", "peers/direct/RESULTS-direct.md",
                 "peers/transport/RESULTS-transport.md", "peers/nlp/RESULTS-nlp.md", "peers/bcd/RESULTS-bcd.md", "constrained/RESULTS-constrained.md",
                 "peers/dcdm/RESULTS-dcdm.md", "gpu/RESULTS-gpu.md"]:
        path = os.path.join(bench, part)
        if os.path.exists(path):
            with open(path) as f:
                text = f.read().rstrip()
            # Demote the part's headings one level so that they sit under this file's title.
            text = "\n".join("#" + line if line.startswith("#") else line for line in text.splitlines())
            # Images the part links relative to its own folder are found from this file's folder.
            folder = os.path.dirname(part)
            text = re.sub(r"\]\((?![a-z]+:|/)([^)\s]+\.png)\)", lambda m: "](%s/%s)" % (folder, m.group(1)), text)
            md.append("\n" + text + "\n\n(Authoritative copy: `benchmarks/%s`.)\n" % part)
    with open(dest, "w") as f:
        f.write("\n".join(md))
    print("wrote %s (%d rows)" % (dest, len(rows)))


if __name__ == "__main__":
    main()
