"""Aggregates out/direct/*.jsonl into RESULTS-direct.md and the "Sparse direct" section of benchmarks/RESULTS.md.

Usage: /usr/bin/python3 report_direct.py OUT_DIR RESULTS-direct.md RESULTS.md (stdlib only)

The section of RESULTS.md is replaced where benchmarks/peers/report.py put this area's file (or between the markers
below) and appended otherwise, so the rest of that file is left as it is.
"""
import json
import os
import platform
import sys

BEGIN = "<!-- sparse-direct:begin (written by benchmarks/peers/direct/report_direct.py) -->"
END = "<!-- sparse-direct:end -->"


def rows(path):
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    out.append(json.loads(line))
    return out


def text(out, name, default="?"):
    p = os.path.join(out, name)
    return open(p).read().strip() if os.path.exists(p) else default


def fmt(x, digits=3):
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return "%.0f" % x
    return "%.*g" % (digits, x)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 2**20)
    except OSError:
        pass
    return "%s, %d CPU(s), %s RAM, %s" % (cpu, os.cpu_count() or 0, mem, platform.platform())


def main():
    out, direct_md, results_md = sys.argv[1:4]
    cholmod = {r["problem"]: r for r in rows(os.path.join(out, "cholmod.jsonl"))}
    ours = {}
    lu_rows = []
    for r in rows(os.path.join(out, "ours.jsonl")):
        ours.setdefault((r["problem"], r.get("method", r.get("mode"))), r)
        if r.get("method") == "lu":
            lu_rows.append(r)
    scipy = {}
    for r in rows(os.path.join(out, "scipy.jsonl")):
        scipy[(r["problem"], r.get("mode"))] = r

    spd = [p for p in cholmod]
    nonsym = []
    for r in lu_rows:
        if r["problem"] not in nonsym:
            nonsym.append(r["problem"])
    versions = [r.get("version") for r in cholmod.values() if "version" in r]
    sv = [r.get("version") for r in scipy.values() if "version" in r]

    md = []
    md.append("## Sparse direct")
    md.append("")
    md.append("Written by `benchmarks/peers/direct/report_direct.py` from `benchmarks/peers/out/direct/`; rerun "
              "`benchmarks/peers/direct/run.sh` to refresh. The same table is kept in "
              "`benchmarks/peers/direct/RESULTS-direct.md` (benchmarks/peers/report.py rewrites the rest of this file).")
    md.append("")
    md.append("- Date (UTC): started %s, finished %s" % (text(out, "started.txt"), text(out, "finished.txt")))
    md.append("- Machine: %s" % machine())
    md.append("- Load average (/proc/loadavg) at start: `%s`; before the timed runs: `%s`; after: `%s`"
              % (text(out, "loadavg_start.txt"), text(out, "loadavg_before.txt"), text(out, "loadavg_after.txt")))
    md.append("- Command: `%s`" % text(out, "command.txt"))
    md.append("- Pinning: every timed run under `taskset -c 1`, one thread (OMP/OpenBLAS/MKL threads = 1, DOTNET_gcServer=0)")
    md.append("- Versions: CHOLMOD %s (Debian libsuitesparse-dev, BLAS `%s`), SciPy %s (SuperLU), %s, .NET SDK %s"
              % (versions[0] if versions else "?", text(out, "blas.txt"), sv[0] if sv else "?",
                 text(out, "gcc_version.txt"), text(out, "dotnet_version.txt")))
    md.append("")
    md.append("### Cholesky against CHOLMOD (both with AMD)")
    md.append("")
    md.append("Seconds are the best of R repetitions, R = 1 for n > 500,000, else as many as fit in about 1 s (3 to 200), "
              "the same rule on both sides. analyse = ordering + symbolic analysis (`cholmod_analyze`; "
              "our `SparseCholesky.Analyze`), factor = numeric factorisation (`cholmod_factorize`; `Factorize`). "
              "nnz(L) counts the factor's entries with the diagonal (CHOLMOD's `Common->lnz`; relaxed-supernode zeros "
              "excluded on both sides). Ours runs after a warm-up on a small matrix, so JIT time is excluded. "
              "Ratios < 1: ours is faster / has less fill.")
    md.append("")
    md.append("| problem | n | nnz(A) | CHOLMOD analyse / factor / total s | ours analyse / factor / total s | time ours / CHOLMOD "
              "| CHOLMOD nnz(L) | ours nnz(L) | fill ours / CHOLMOD | GFlop | ours GFlop/s (factor) | ours residual |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in spd:
        c = cholmod.get(p, {})
        o = ours.get((p, "cholesky"), {})
        if "error" in c or "error" in o:
            md.append("| %s | | | %s | %s | | | | | | | |" % (p, c.get("error", ""), o.get("error", "")))
            continue
        md.append("| %s | %s | %s | %s / %s / %s | %s / %s / %s | **%s** | %s | %s | **%s** | %s | %s | %s |" % (
            p, o.get("n"), o.get("nnz"),
            fmt(c.get("analyzeSeconds")), fmt(c.get("factorSeconds")), fmt(c.get("totalSeconds")),
            fmt(o.get("analyzeSeconds")), fmt(o.get("factorSeconds")), fmt(o.get("totalSeconds")),
            fmt(ratio(o.get("totalSeconds"), c.get("totalSeconds")), 2),
            fmt(c.get("factorNnz"), 9), fmt(o.get("factorNnz"), 9),
            fmt(ratio(o.get("factorNnz"), c.get("factorNnz")), 4),
            fmt(o.get("flops", 0) / 1e9), fmt(ratio(o.get("flops"), o.get("factorSeconds")) / 1e9 if o.get("factorSeconds") else None),
            "%.1e" % o["relativeResidual"] if "relativeResidual" in o else "—"))
    md.append("")
    md.append("### Refactorisation, LDL^T and SciPy spsolve on the SPD problems")
    md.append("")
    md.append("refactor = a second numeric factorisation of the same matrix reusing the analysis (`Refactorize`; "
              "CHOLMOD: `cholmod_factorize` again). speed-up = first factorisation (analyse + factor) / refactor. "
              "SciPy `spsolve(A, b)` (SuperLU, COLAMD, b = A·1) is timed as one call (factor + solve); ours is "
              "analyse + factor + solve.")
    md.append("")
    md.append("| problem | ours first s | ours refactor s | speed-up | CHOLMOD refactor s | ours solve s | ours factor + solve s "
              "| SciPy spsolve s | spsolve / ours | ours LDL^T total s | LDL^T residual |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in spd:
        c = cholmod.get(p, {})
        o = ours.get((p, "cholesky"), {})
        l = ours.get((p, "ldlt"), {})
        s = scipy.get((p, "spsolve"), {})
        both = None if "totalSeconds" not in o else o["totalSeconds"] + o.get("solveSeconds", 0)
        md.append("| %s | %s | %s | **%s** | %s | %s | %s | %s | **%s** | %s | %s |" % (
            p, fmt(o.get("totalSeconds")), fmt(o.get("refactorSeconds")),
            fmt(ratio(o.get("totalSeconds"), o.get("refactorSeconds")), 2), fmt(c.get("refactorSeconds")),
            fmt(o.get("solveSeconds")), fmt(both),
            fmt(s.get("totalSeconds")) if "error" not in s else s["error"], fmt(ratio(s.get("totalSeconds"), both), 2),
            fmt(l.get("totalSeconds")), "%.1e" % l["relativeResidual"] if "relativeResidual" in l else "—"))
    md.append("")
    md.append("### LU on the nonsymmetric matrices against SciPy splu")
    md.append("")
    md.append("SciPy `splu(A)` (SuperLU, COLAMD, partial pivoting with its default diagonal threshold 1) against our "
              "`SparseLu` with the default strategy (auto: for a mostly symmetric pattern with a nonzero diagonal, AMD "
              "on A + Aᵀ and the diagonal kept as pivot while it is at least 0.1 of the column's largest candidate, as "
              "UMFPACK's symmetric strategy) and with the unsymmetric strategy (AMD on the pattern of AᵀA, strict partial "
              "pivoting, tolerance 1: the like-for-like comparison with SuperLU). Seconds to a usable factor (ordering "
              "included on both sides; SciPy best of up to 5 runs under 1 s), fill nnz(L) + nnz(U) with both diagonals "
              "(SciPy `L.nnz + U.nnz`), relative residual of one solve with b = A·1, no refinement.")
    md.append("")
    md.append("| problem | n | nnz(A) | SciPy splu s | splu nnz(L+U) | SciPy residual | ours strategy (tolerance) | ours LU s "
              "| ours nnz(L+U) | time ours / splu | ours refactor s | ours residual | SciPy spsolve s |")
    md.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for p in nonsym:
        s = scipy.get((p, "splu"), {})
        sp = scipy.get((p, "spsolve"), {})
        for o in [r for r in lu_rows if r["problem"] == p]:
            if "error" in o:
                md.append("| %s | | | | | | %s | | | | | | |" % (p, o["error"]))
                continue
            md.append("| %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s | **%s** | %s | %s | %s |" % (
                p, o.get("n"), o.get("nnz"), fmt(s.get("factorSeconds")), fmt(s.get("factorNnz"), 9),
                "%.1e" % s["relativeResidual"] if "relativeResidual" in s else "—",
                o.get("luStrategy", "?"), fmt(o.get("pivotTolerance")),
                fmt(o.get("totalSeconds")), fmt(o.get("factorNnz"), 9), fmt(ratio(o.get("totalSeconds"), s.get("factorSeconds")), 2),
                fmt(o.get("refactorSeconds")), "%.1e" % o["relativeResidual"] if "relativeResidual" in o else "—",
                fmt(sp.get("totalSeconds"))))
    md.append("")

    body = "\n".join(md) + "\n"
    with open(direct_md, "w") as f:
        f.write("# Sparse direct solvers: peer benchmark\n\n" + body.split("\n", 2)[2])
    existing = open(results_md).read() if os.path.exists(results_md) else ""
    section = BEGIN + "\n" + body + END + "\n"
    # benchmarks/peers/report.py rebuilds RESULTS.md with this area's file appended (headings demoted one level) and
    # no markers: replace that copy in place, as a marker search would append a second one.
    head = "\n## Sparse direct solvers: peer benchmark\n"
    tail = "\n\n(Authoritative copy: `benchmarks/peers/direct/RESULTS-direct.md`.)\n"
    if head in existing and tail in existing and existing.index(head) < existing.index(tail):
        with open(direct_md) as f:
            demoted = "\n".join("#" + line if line.startswith("#") else line for line in f.read().rstrip().splitlines())
        start, end = existing.index(head) + 1, existing.index(tail)
        new = existing[:start] + demoted + existing[end:]
    elif BEGIN in existing and END in existing:
        head, rest = existing.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + section + tail
    else:
        new = existing.rstrip("\n") + ("\n\n" if existing else "") + section
    with open(results_md, "w") as f:
        f.write(new)
    print(body)


if __name__ == "__main__":
    main()
