"""Turns benchmarks/peers/dcdm/out/ into RESULTS-dcdm.md on stdout (stdlib only).

Usage: /usr/bin/python3 report_dcdm.py OUT_DIR > RESULTS-dcdm.md
"""
import json
import os
import statistics
import sys

out = sys.argv[1]
TRAINING = "box"                    # the geometry the model was trained on: reported, not part of the verdicts
SAME_SHAPE = ("box", "disc", "lbar")  # same shape at every N (rects@SEED draws a different layout per N)


def read(name, default=""):
    p = os.path.join(out, name)
    return open(p).read().strip() if os.path.exists(p) else default


def jsonl(name):
    p = os.path.join(out, name)
    return [json.loads(l) for l in open(p) if l.strip()] if os.path.exists(p) else []


def key(r):
    return int(r["grid"]), r["geometry"], r["rhs"], float(r["tol"])


# (grid, geometry, rhs, tol) -> column -> row
cells = {}
for r in jsonl("ours.jsonl"):
    cells.setdefault(key(r), {})[{"dcdm": "dcdm", "dcdm-all": "dcdmall", "dcdm-ml": "dcdmml", "dcdm-mlm": "dcdmmlm", "cg": "cg", "pcg-ic0": "icpcg"}[r["variant"]]] = r
for r in jsonl("peers.jsonl"):
    cells.setdefault(key(r), {})[r["peer"]] = r
systems = {(int(s["grid"]), s["geometry"], s["rhs"]): s for s in jsonl("systems.jsonl")}
cfg = dict(l.split("=", 1) for l in read("config.txt").splitlines() if "=" in l)
MLM = "DCDM s=all+coarse %s" % cfg.get("COARSE_ORDER", "multiplicative")
COLS = [("dcdm", "DCDM s=2"), ("dcdmall", "DCDM s=all"), ("dcdmml", "DCDM s=all+coarse"), ("dcdmmlm", MLM), ("cg", "CG"), ("icpcg", "IC(0)-PCG"), ("petsc", "PETSc CG+ICC"), ("scipy", "SciPy CG")]


def ok(r):
    return r is not None and "error" not in r and r.get("converged") and r.get("iterations") is not None


def cell(r):
    if r is None:
        return "–"
    if "error" in r:
        return "error"
    s = "%d / %s" % (r["iterations"], ms(r["seconds"]))
    return s if r.get("converged") else s + " ✗ (%.2g)" % r.get("relativeResidual", float("nan"))


def ms(seconds):
    v = seconds * 1e3
    if v < 1:
        return "%.3g µs" % (v * 1e3)
    return "%.3g ms" % v if v < 1000 else "%.2f s" % seconds


def ratio(a, b, what):
    return a[what] / b[what] if ok(a) and ok(b) and b[what] > 0 else None


cpu = next((l.split(":", 1)[1].strip() for l in read("lscpu.txt").splitlines() if l.startswith("Model name")), "?")
cpus = next((l.split(":", 1)[1].strip() for l in read("lscpu.txt").splitlines() if l.startswith("CPU(s)")), "?")
cores = next((l.split(":", 1)[1].strip() for l in read("lscpu.txt").splitlines() if l.startswith("Core(s) per socket")), "?")
model = read("model.txt").splitlines()
stand_in = "QUICK-TRAINED" in read("model.txt")
vers = {r["peer"]: r.get("version") for r in jsonl("peers.jsonl") if r.get("version")}

print("# DCDM vs CG, IC(0)-PCG, PETSc CG+ICC and SciPy CG on 2-D fluid pressure systems (issue #9)\n")
if stand_in:
    print("> **Stand-in model.** `models/dcdm-fluid64.dcdm` did not exist when this ran, so the script trained a small "
          "model (%s); these DCDM numbers are **not** the shipped model's and say nothing about the issue's targets.\n"
          % model[0].split("(", 1)[-1].rstrip(")"))
print("- Date: %s to %s (UTC); commit %s" % (read("started.txt"), read("finished.txt"), read("commit.txt", "?")))
print("- Machine: %s, %s logical CPUs (%s cores per socket); every timed run pinned to one core (`taskset -c %s`), "
      "single-threaded (OMP/OpenBLAS threads 1, .NET workstation GC, tiered compilation off)" % (
          cpu, cpus, cores, next((l.split("=")[1] for l in read("config.txt").splitlines() if l.startswith("CORE=")), "?")))
print("- Load (uptime): start `%s`; before the timed runs `%s`; after `%s`" % (
    read("uptime_start.txt"), read("uptime_before.txt"), read("uptime_after.txt")))
print("- Command: `%s` with %s" % (read("command.txt"), "; ".join(read("config.txt").splitlines())))
root = os.path.abspath(os.path.join(out, "../../../.."))
print("- Model: `%s` (sha256 prefix %s)" % (model[0].replace(root + "/", "") if model else "?", model[-1] if len(model) > 1 else "?"))
train = read("model_train.json")
if train:
    t = json.loads(train)
    print("- Model training (`solvers dcdm train`, its JSON saved next to the model): grid %d, %d samples, %d epochs, "
          "%d parameters, %d threads, seed %d; data %.0f s + epochs %.0f s; loss %.3g -> %.4g (validation)" % (
              t["grid"], t["samples"], t["epochs"], t["parameters"], t["threads"], t["seed"], t["dataSeconds"],
              t["trainingSeconds"], t["initialLoss"], t["finalLoss"]))
if os.path.exists(os.path.join(out, "train.json")):
    try:
        t = json.loads(read("train.json"))
        print("- Stand-in training: %.1f s, final loss %s" % (t.get("trainingSeconds", float("nan")), t.get("finalLoss")))
    except ValueError:
        pass
print("- .NET %s; PETSc %s (petsc4py, `%s`); SciPy %s" % (read("dotnet_version.txt", "?"), vers.get("petsc", "?"),
                                                          read("petsc_dir.txt"), vers.get("scipy", "?")))
print()
print("Every method solves the same system: `Solvers.Benchmarks dcdm-export` writes A (the `fluid2d:N:GEOMETRY` "
      "pressure matrix) and b (`random`: uniform in [-1, 1), or `divergence`: -div of a random face velocity field, "
      "seed %s) as Matrix Market; our CLI gets `--matrix fluid2d:N:GEOMETRY --rhs b.mtx` (the spec also gives DCDM "
      "its grid), the peers read A.mtx and b.mtx. Stopping: ||b - A x|| <= tol ||b|| from x = 0 for all (SciPy on its "
      "recurrence residual). Cells: iterations / wall time of set-up + solve (set-up: IC(0) factorisation; for DCDM "
      "reading the model file), best of up to REPEAT in-process runs (stopping once a run takes >= 1 s); process "
      "start, matrix assembly and reading A and b are not timed. ✗ (r) = not converged within the iteration limit, r = best relative residual reached. Geometries: `box` is the training "
      "geometry (reference only); `disc`, `rects@SEED` (4 random rectangles) and `lbar` (an L-shaped obstacle plus a "
      "shelf, `masks/lbar-N.csv` from `make_masks.py`) were never seen in training.\n" % read("config.txt").split("SEED=")[-1].split()[0]
      if "SEED=" in read("config.txt") else "")

tols = sorted({k[3] for k in cells}, reverse=True)
for tol in tols:
    print("## tol %g\n" % tol)
    print("| N | geometry | rhs | n | " + " | ".join("%s its / time" % c for _, c in COLS) +
          " | best DCDM / IC(0)-PCG its | best DCDM / IC(0)-PCG time |")
    print("|---:|---|---|---:|" + "---:|" * (len(COLS) + 2))
    for k in sorted(k for k in cells if k[3] == tol):
        c = cells[k]
        best = min((v for v in ("dcdm", "dcdmall", "dcdmml", "dcdmmlm") if ok(c.get(v))), key=lambda v: c[v]["iterations"], default="dcdm")
        ri, rt = ratio(c.get(best), c.get("icpcg"), "iterations"), ratio(c.get(best), c.get("icpcg"), "seconds")
        n = systems.get(k[:3], {}).get("n", c.get("icpcg", {}).get("n", ""))
        geo = k[1] + (" (trained)" if k[1] == TRAINING else "")
        print("| %d | %s | %s | %s | %s | %s | %s |" % (
            k[0], geo, k[2], n, " | ".join(cell(c.get(col)) for col, _ in COLS),
            "%.2f%s" % (ri, "" if ri <= 0.25 else " (> 0.25)") if ri is not None else "–",
            "%.2f" % rt if rt is not None else "–"))
    print()

# ---- verdicts -------------------------------------------------------------------------------------------------
print("## Against the issue's targets\n")
unseen = {k: c for k, c in cells.items() if k[1] != TRAINING}
for variant, vname in (("dcdm", "DCDM s=2"), ("dcdmall", "DCDM s=all"), ("dcdmml", "DCDM s=all + coarse levels (all that fit)"),
                      ("dcdmmlm", "DCDM s=all + coarse levels, %s order" % cfg.get("COARSE_ORDER", "multiplicative"))):
  for tol in tols:
    rs = [(k, ratio(c.get(variant), c.get("icpcg"), "iterations")) for k, c in unseen.items() if k[3] == tol]
    rs = [(k, r) for k, r in rs if r is not None]
    if not rs:
        continue
    for grid in sorted({k[0] for k, _ in rs}):
        g = [r for k, r in rs if k[0] == grid]
        print("- %s, tol %g, N = %d, unseen geometries: DCDM / IC(0)-PCG iterations <= 0.25 in %d of %d systems "
              "(median %.2f, worst %.2f)." % (vname, tol, grid, sum(r <= 0.25 for r in g), len(g), statistics.median(g), max(g)))
fails = [k for k, c in cells.items() if c.get("dcdm") is not None and "error" not in c["dcdm"] and not c["dcdm"].get("converged")]
if fails:
    print("- DCDM did not converge in %d systems: %s." % (len(fails), ", ".join("N=%d %s %s tol %g" % k for k in sorted(fails))))
broken = [k for k, c in cells.items() if c.get("dcdm") is None or "error" in c["dcdm"]]
if broken:
    print("- DCDM has no result (error or missing) for %d of %d systems; see Errors below." % (len(broken), len(cells)))
print()

grids = sorted({k[0] for k in cells})
if len(grids) > 1:
    print("### Does DCDM's count grow with N (one model)?\n")
    print("Iterations at N = %s. `disc`, `lbar` and `box` are the same shape at every N; `rects@SEED` draws a "
          "different layout per N (same recipe), so its row is indicative only. IC(0)-PCG for contrast.\n"
          % " / ".join(map(str, grids)))
    print("| geometry | rhs | tol | DCDM s=2 | DCDM s=all | DCDM s=all+coarse | %s | IC(0)-PCG | DCDM s=2 verdict | DCDM s=all verdict | DCDM s=all+coarse verdict | %s verdict |" % (MLM, MLM))
    print("|---|---|---:|---|---|---|---|---|---|---|---|---|")
    tally = {}
    def growth(geo, rhs, tol, variant):
        d = [cells.get((g, geo, rhs, tol), {}).get(variant) for g in grids]
        di = [r["iterations"] if ok(r) else None for r in d]
        if any(v is None for v in di):
            verdict = "not converged at some N" if all(r is not None and "error" not in r for r in d) else "incomplete"
        elif max(di[1:]) <= di[0] * 1.1 + 1:
            verdict = "flat"
        else:
            verdict = "grows (x%.2f from N=%d to N=%d)" % (di[-1] / di[0], grids[0], grids[-1])
        shown = " → ".join("–" if r is None or "error" in r else "%d%s" % (r["iterations"], "" if r.get("converged") else "✗") for r in d)
        return shown, verdict
    for (geo, rhs, tol) in sorted({(k[1], k[2], k[3]) for k in cells}):
        d = [cells.get((g, geo, rhs, tol), {}).get("dcdm") for g in grids]
        p = [cells.get((g, geo, rhs, tol), {}).get("icpcg") for g in grids]
        di = [r["iterations"] if ok(r) else None for r in d]
        pi = [r["iterations"] if ok(r) else None for r in p]
        if any(v is None for v in di):
            verdict = "DCDM not converged at some N" if all(r is not None and "error" not in r for r in d) else "incomplete"
        elif max(di[1:]) <= di[0] * 1.1 + 1:
            verdict = "flat"
        else:
            verdict = "grows (x%.2f from N=%d to N=%d)" % (di[-1] / di[0], grids[0], grids[-1])
        fmt = lambda v: " → ".join("–" if x is None else str(x) for x in v)
        dshow = ["–" if r is None or "error" in r else "%d%s" % (r["iterations"], "" if r.get("converged") else "✗") for r in d]
        all_shown, all_verdict = growth(geo, rhs, tol, "dcdmall")
        ml_shown, ml_verdict = growth(geo, rhs, tol, "dcdmml")
        mlm_shown, mlm_verdict = growth(geo, rhs, tol, "dcdmmlm")
        if geo != TRAINING:
            for name, v in (("DCDM s=2", verdict), ("DCDM s=all", all_verdict), ("DCDM s=all+coarse", ml_verdict), (MLM, mlm_verdict)):
                tally.setdefault(name, []).append(v)
        print("| %s | %s | %g | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (geo, rhs, tol, " → ".join(dshow), all_shown, ml_shown,
                                                                 mlm_shown, fmt(pi), verdict, all_verdict, ml_verdict, mlm_verdict))
    print("\n'flat': no count at a larger N exceeds the N = %d count by more than 10 %% + 1; ✗ = not converged. "
          "Unseen geometries (%d rows): %s.\n" % (grids[0], max((len(v) for v in tally.values()), default=0), "; ".join(
              "%s %d flat, %d grow, %d not converged or incomplete" % (
                  name, sum(x == "flat" for x in v), sum(x.startswith("grows") for x in v),
                  sum(not (x == "flat" or x.startswith("grows")) for x in v)) for name, v in tally.items())))

# ---- wall time ------------------------------------------------------------------------------------------------
print("### Wall time: where the network costs more than it saves\n")
per_it = {}
for k, c in cells.items():
    for col in ("dcdm", "dcdmall", "dcdmml", "icpcg", "cg"):
        r = c.get(col)   # unconverged runs count too: the cost of an iteration does not depend on reaching tol
        if r is not None and "error" not in r and r.get("iterations"):
            per_it.setdefault((k[0], col), []).append(r["seconds"] / r["iterations"])
slower = [(k, c) for k, c in cells.items() if ratio(c.get("dcdm"), c.get("icpcg"), "seconds") not in (None,)
          and ratio(c.get("dcdm"), c.get("icpcg"), "seconds") > 1]
total = sum(1 for c in cells.values() if ratio(c.get("dcdm"), c.get("icpcg"), "seconds") is not None)
print("| N | DCDM time per iteration | IC(0)-PCG time per iteration | CG time per iteration | DCDM / IC(0)-PCG cost per iteration | break-even DCDM / IC(0)-PCG its |")
print("|---:|---:|---:|---:|---:|---:|")
for grid in grids:
    d, p, g = (statistics.median(per_it[(grid, c)]) if (grid, c) in per_it else None for c in ("dcdm", "icpcg", "cg"))
    f = lambda v: "–" if v is None else ms(v)
    print("| %d | %s | %s | %s | %s | %s |" % (grid, f(d), f(p), f(g), "%.1f" % (d / p) if d and p else "–",
                                              "%.3f" % (p / d) if d and p else "–"))
print("\n(medians over all systems at that N, set-up included in the per-iteration time.) DCDM is faster than "
      "IC(0)-PCG only when its iteration ratio is below the break-even column.")
unconv = sum(1 for c in cells.values() if c.get("dcdm") is not None and "error" not in c["dcdm"] and not c["dcdm"].get("converged"))
print("DCDM took longer than IC(0)-PCG in %d of the %d systems where both converged%s%s" % (
    len(slower), total, " (DCDM did not converge in %d more)" % unconv if unconv else "", ":" if slower else "."))
if len(slower) <= 10:
    for k, c in sorted(slower):
        print("- N=%d %s %s tol %g: DCDM %d its / %s vs IC(0)-PCG %d its / %s (x%.1f the time)" % (
            k + (c["dcdm"]["iterations"], ms(c["dcdm"]["seconds"]), c["icpcg"]["iterations"], ms(c["icpcg"]["seconds"]),
                 c["dcdm"]["seconds"] / c["icpcg"]["seconds"])))
elif slower:
    times = sorted(c["dcdm"]["seconds"] / c["icpcg"]["seconds"] for _, c in slower)
    print("DCDM s=2 took %.1f to %.1f times IC(0)-PCG's time (median %.1f); the cells above list each case." % (
        times[0], times[-1], statistics.median(times)))
print()

# ---- peers sanity ---------------------------------------------------------------------------------------------
print("### Peers as a check on our baselines\n")
for ours_col, peer, name in (("icpcg", "petsc", "our IC(0)-PCG vs PETSc CG+ICC(0)"), ("cg", "scipy", "our CG vs SciPy CG")):
    its = [ratio(c.get(ours_col), c.get(peer), "iterations") for c in cells.values()]
    ts = [ratio(c.get(ours_col), c.get(peer), "seconds") for c in cells.values()]
    its, ts = [x for x in its if x is not None], [x for x in ts if x is not None]
    if its:
        print("- %s: iteration ratio median %.2f (range %.2f–%.2f), time ratio median %.2f (range %.2f–%.2f) over %d solves." % (
            name, statistics.median(its), min(its), max(its), statistics.median(ts), min(ts), max(ts), len(its)))
errors = {}
for r in jsonl("ours.jsonl") + jsonl("peers.jsonl") + jsonl("systems.jsonl"):
    if "error" in r:
        what = "%s %s: %s" % (r.get("peer", "export"), r.get("variant", r.get("method", "")), r["error"])
        errors.setdefault(what, []).append("N=%s %s %s tol %s" % (r.get("grid"), r.get("geometry"), r.get("rhs"), r.get("tol", "")))
for what, where in errors.items():
    print("- Error, %d times (%s): %s" % (len(where), ", ".join(where[:4]) + (", ..." if len(where) > 4 else ""), what))
