"""Writes RESULTS-transport.md (authoritative) and the transport section of benchmarks/RESULTS.md."""
import json
import os
import re


def _fmt_time(r):
    if r is None:
        return "—"
    if "timeout" in r:
        return f"> {r['timeout']:.0f} s"
    if not r.get("ok"):
        return "fails"
    return f"{r['seconds']:.3g}"


def _fmt_it(r):
    return "—" if r is None or r.get("iterations") is None or "timeout" in r else str(r["iterations"])


def _fmt_err(r):
    if r is None or r.get("marginalError") is None:
        return "—"
    return f"{r['marginalError']:.1e}"


def load_rows(out_dir):
    """Rows of out/transport.jsonl, then of the other out/*.jsonl files (supplementary runs), later overriding."""
    files = sorted(f for f in os.listdir(out_dir) if f.endswith(".jsonl"))
    files.sort(key=lambda f: f != "transport.jsonl")
    rows = []
    for f in files:
        rows.extend(json.loads(l) for l in open(os.path.join(out_dir, f)) if l.strip())
    return rows


def _ratio(num, den):
    """num['seconds'] / den['seconds'] when both runs succeeded, else None."""
    if num and den and num.get("ok") and den.get("ok") and den.get("seconds"):
        return num["seconds"] / den["seconds"]
    return None


def _span(values):
    values = [v for v in values if v is not None]
    return f"{min(values):.2g}x to {max(values):.2g}x over {len(values)} rows" if values else "no rows"


def targets(by, problems, regs):
    """The issue's targets, each checked on the rows above: fresh processes everywhere, and in-process (warm) where
    the small problems were also timed that way."""
    small = [p for p in problems if (p, "ours", "exact-warm", 0.0) in by or any((p, "ours", "sns-warm", r) in by for r in regs)]
    out = ["## Against the issue's targets", "",
           "Computed by `report.py` from the tables above. 'Fresh' = each solve in a new process (JIT start-up included); "
           "'warm' = inside a process after a warm-up solve (the small problems: " + ", ".join(small) + ").", ""]
    fresh = [_ratio(by.get((p, "pot", "sinkhorn", r)), by.get((p, "ours", "sinkhorn", r))) for p in problems for r in regs]
    warm = [_ratio(by.get((p, "pot", "sinkhorn", r)), by.get((p, "ours", "sinkhorn-warm", r))) for p in small for r in regs]
    big_fresh = [_ratio(by.get((p, "pot", "sinkhorn", r)), by.get((p, "ours", "sinkhorn", r))) for p in problems if p not in small for r in regs]
    out.append(f"- Our Sinkhorn against POT's `sinkhorn` (the one variant that finished every row), time ratio POT / ours: "
               f"fresh {_span(fresh)}; warm, small problems {_span(warm)}; fresh, the other problems {_span(big_fresh)}.")
    top = min(regs) if regs else None
    sns_fresh = [_ratio(by.get((p, "ours", "sinkhorn", top)), by.get((p, "ours", "sns", top))) for p in problems if p not in small]
    sns_warm = [_ratio(by.get((p, "ours", "sinkhorn-warm", top)), by.get((p, "ours", "sns-warm", top))) for p in small]
    its = [by[(p, "ours", "sinkhorn", top)]["iterations"] / by[(p, "ours", "sns", top)]["iterations"]
           for p in problems if by.get((p, "ours", "sinkhorn", top), {}).get("ok") and by.get((p, "ours", "sns", top), {}).get("ok")]
    out.append(f"- SNS at reg {top:g} against our Sinkhorn (target: 10x fewer iterations, 5x less time): iterations "
               f"{min(its):.0f}x to {max(its):.0f}x fewer over {len(its)} problems; time, fresh, large problems {_span(sns_fresh)}; "
               f"time, warm, small problems {_span(sns_warm)}; time, fresh, small problems "
               f"{_span([_ratio(by.get((p, 'ours', 'sinkhorn', top)), by.get((p, 'ours', 'sns', top))) for p in small])}.")
    diffs = [abs(by[(p, "pot", "emd", 0.0)]["cost"] - by[(p, "ours", "exact", 0.0)]["cost"]) / abs(by[(p, "pot", "emd", 0.0)]["cost"])
             for p in problems if by.get((p, "pot", "emd", 0.0), {}).get("cost") is not None and by.get((p, "ours", "exact", 0.0), {}).get("cost") is not None]
    ex_fresh = [_ratio(by.get((p, "pot", "emd", 0.0)), by.get((p, "ours", "exact", 0.0))) for p in problems]
    ex_warm = [_ratio(by.get((p, "pot", "emd", 0.0)), by.get((p, "ours", "exact-warm", 0.0))) for p in small]
    out.append(f"- Exact OT against `ot.emd`: largest relative cost difference {max(diffs):.1e} over {len(diffs)} problems "
               f"(target 1e-9); time ratio POT / ours fresh {_span(ex_fresh)}, warm on the small problems {_span(ex_warm)}.")
    out.append("")
    return out


def write(rows, meta, here):
    by = {}
    for r in rows:
        by[(r["problem"], r["impl"], r["label"], r["reg"])] = r
    problems = list(dict.fromkeys(r["problem"] for r in rows))
    regs = sorted({r["reg"] for r in rows if r["reg"] > 0}, reverse=True)
    pot_methods = ["sinkhorn", "sinkhorn_log", "sinkhorn_stabilized"]
    # POT's fastest variant that succeeds on every problem (and reg).
    succeeded = {m: all(by.get((p, "pot", m, reg), {}).get("ok") for p in problems for reg in regs) for m in pot_methods}
    total = {m: sum(by.get((p, "pot", m, reg), {}).get("seconds", 0) or 0 for p in problems for reg in regs) for m in pot_methods}
    robust = [m for m in pot_methods if succeeded[m]]
    fastest = min(robust, key=lambda m: total[m]) if robust else None

    lines = []
    lines.append("# Optimal transport: `solvers ot` vs POT")
    lines.append("")
    lines.append("Written by `benchmarks/peers/transport/report.py` from `out/transport.jsonl`; rerun "
                 "`benchmarks/peers/transport/run.sh` to regenerate. **This file is authoritative** for the transport "
                 "numbers; the section in `benchmarks/RESULTS.md` is a copy.")
    lines.append("")
    lines.append(f"- Date (UTC): {meta['started']} to {meta.get('finished', '?')}; command `{meta['command']}`")
    for extra in meta.get("supplements", []):
        lines.append(f"- Supplementary run {extra['started']} to {extra.get('finished', '?')}: `{extra['command']}` "
                     f"(load average `{extra['loadavg_start']}`; its rows replace the main run's for the same problem, method and reg)")
    lines.append(f"- Machine: {meta['cpu']}; load average at start `{meta['loadavg_start']}`, at end `{meta.get('loadavg_end', '?')}` "
                 "(the machine is shared: other jobs ran during the benchmark, so absolute times are noisy; both libraries ran interleaved under the same load)")
    lines.append(f"- POT {meta['pot']} (Debian python3-pot, /usr/bin/python3), .NET SDK {meta['dotnet']}; every run pinned to one CPU "
                 "(`taskset -c 1`), OMP/OpenBLAS/MKL threads = 1; .NET runs with `DOTNET_TC_QuickJitForLoops=0 DOTNET_TieredPGO=0` "
                 "(loops compiled optimised on first call instead of tier 0)")
    lines.append(f"- Per-run time limit {meta['timeout']:.0f} s. Times are the solver call only (cost matrix built before), seconds.")
    lines.append("- Problems (`problems.py`, seed fixed): uniform 2-D clouds; two synthetic 28x28 digit images (zero pixels dropped); "
                 "1-D Gaussian-mixture histograms (1000 bins); 64x64 Gaussian mixtures (4096 bins) with W2 (squared Euclidean) and "
                 "W1 (Euclidean) cost. Costs divided by their maximum, so reg is relative to max cost 1.")
    lines.append("- Stopping: POT `stopThr=1e-9` on its own statistic (2-norm of the column-marginal error, every 10 iterations; "
                 "stabilized: every 20). `ours` stops on the L1 marginal error ||P1-a||_1 + ||P^T1-b||_1 <= 1e-9 checked every "
                 "iteration (stricter). `ours (POT rule)` uses POT's statistic and check period, to compare iteration counts. "
                 "The L1 column shows the marginal error of the returned plan, recomputed.")
    lines.append("- Iterations: performed updates; POT's `niter` is this minus 1.")
    lines.append("")
    if fastest:
        lines.append(f"POT's fastest Sinkhorn variant that succeeds on every problem and reg: **{fastest}** "
                     f"(total {total[fastest]:.1f} s). Variants that failed somewhere: "
                     f"{', '.join(m for m in pot_methods if not succeeded[m]) or 'none'}.")
    else:
        lines.append("No POT Sinkhorn variant finished every problem and reg within the time limit. Per variant:")
    lines.append("")
    for m in pot_methods:
        rs = [by[k] for k in by if k[1] == "pot" and k[2] == m]
        ok = sum(1 for r in rs if r.get("ok"))
        timeouts = [f"{k[0]} reg {k[3]:g}" for k in by if k[1] == "pot" and k[2] == m and "timeout" in by[k]]
        failed = [f"{k[0]} reg {k[3]:g}" for k in by if k[1] == "pot" and k[2] == m and not by[k].get("ok") and "timeout" not in by[k]]
        lines.append(f"- POT {m}: finished {ok} of {len(rs)} runs; time limit on {', '.join(timeouts) or 'none'}; "
                     f"numerical failure on {', '.join(failed) or 'none'}.")
    ours = [by[k] for k in by if k[1] == "ours" and k[2] == "sinkhorn"]
    lines.append(f"- ours sinkhorn: finished {sum(1 for r in ours if r.get('ok'))} of {len(ours)} runs.")
    lines.append("")
    lines.append("## Entropic OT")
    lines.append("")
    lines.append("Cells: seconds / iterations / L1 marginal error. 'fails': NaN, numerical-error warning or no convergence; "
                 "'> T s': stopped at the time limit.")
    lines.append("")
    header = ("| problem | n x m | reg | POT sinkhorn | POT sinkhorn_log | POT sinkhorn_stabilized | ours sinkhorn | ours (POT rule) "
              "| ours SNS (Newton/CG) | fastest POT / ours sinkhorn | SNS speed-up vs our Sinkhorn (time, iterations) |")
    lines.append(header)
    lines.append("|---|---|---:|---|---|---|---|---|---|---:|---:|")
    for p in problems:
        for reg in regs:
            if not any(key[0] == p and key[3] == reg for key in by):
                continue
            cells = []
            for m in pot_methods:
                r = by.get((p, "pot", m, reg))
                cells.append(f"{_fmt_time(r)} / {_fmt_it(r)} / {_fmt_err(r)}")
            o = by.get((p, "ours", "sinkhorn", reg))
            op = by.get((p, "ours", "sinkhorn-potstop", reg))
            s = by.get((p, "ours", "sns", reg))
            done = [by[(p, "pot", m, reg)] for m in pot_methods if by.get((p, "pot", m, reg), {}).get("ok")]
            ref = min(done, key=lambda r: r["seconds"]) if done else None
            if ref and o and o.get("ok") and o.get("seconds"):
                ratio = f"{ref['seconds'] / o['seconds']:.2g}x ({ref['label'].replace('sinkhorn_', '')})"
            elif o and o.get("ok") and not done:
                ratio = "POT: none finished"
            else:
                ratio = "—"
            sns_cell = "—"
            if s:
                sns_cell = f"{_fmt_time(s)} / {_fmt_it(s)} ({s.get('newtonSteps', '?')}/{s.get('cgIterations', '?')}) / {_fmt_err(s)}"
            speed = "—"
            if s and o and s.get("ok") and o.get("ok"):
                speed = f"{o['seconds'] / s['seconds']:.2g}x, {o['iterations'] / max(s['iterations'], 1):.0f}x"
            elif s and s.get("ok") and o and "timeout" in o:
                speed = f"> {o['timeout'] / s['seconds']:.2g}x, —"
            n = next((r.get("n") for r in (o, s, op) if r and r.get("n")), "?")
            m_ = next((r.get("m") for r in (o, s, op) if r and r.get("m")), "?")
            lines.append(f"| {p} | {n} x {m_} | {reg:g} | " + " | ".join(cells) +
                         f" | {_fmt_time(o)} / {_fmt_it(o)} / {_fmt_err(o)} | {_fmt_time(op)} / {_fmt_it(op)} / {_fmt_err(op)} | {sns_cell} | {ratio} | {speed} |")
    lines.append("")
    lines.append("'fastest POT / ours sinkhorn' = time of the fastest POT variant that finished on that row / our Sinkhorn time "
                 "(> 1: ours faster, and ours at the stricter L1 tolerance). SNS speed-up = our Sinkhorn time / SNS time, and the "
                 "iteration ratio; SNS iterations count Sinkhorn iterations plus Newton steps, as in the paper.")
    lines.append("")
    warm = [(p, reg) for p in problems for reg in regs if (p, "ours", "sns-warm", reg) in by]
    if warm:
        lines.append("### Small problems: inside a long-running process")
        lines.append("")
        lines.append("Each `solvers ot` run above is a fresh process. `run.sh` publishes the CLI ReadyToRun (precompiled), but "
                     "the hot loops marked AggressiveOptimization are still compiled at first call, and that time is in the "
                     "fresh-process numbers (most for SNS, which has the most such loops, CG's included; see notes-r2r.md). "
                     "Here the CLI solves once untimed (`--warmup`) and reports the fastest of the next solves (`--repeat`, "
                     "5 where the row's JSON says so): the time a program that links the library sees for every solve after its first. "
                     "POT's column is its fastest variant from the table above (one call in a Python process with POT imported).")
        lines.append("")
        lines.append("| problem | reg | fastest POT s (variant) | ours sinkhorn (warm) s / it | fastest POT / ours sinkhorn (warm) | ours SNS (warm) s / it | SNS speed-up (time, iterations) |")
        lines.append("|---|---:|---|---|---:|---|---:|")
        for p, reg in warm:
            o = by.get((p, "ours", "sinkhorn-warm", reg))
            s_ = by.get((p, "ours", "sns-warm", reg))
            done = [by[(p, "pot", m, reg)] for m in pot_methods if by.get((p, "pot", m, reg), {}).get("ok")]
            ref = min(done, key=lambda r: r["seconds"]) if done else None
            ref_cell = f"{ref['seconds']:.3g} ({ref['label'].replace('sinkhorn_', '')})" if ref else "—"
            vs_pot = f"{ref['seconds'] / o['seconds']:.2g}x" if ref and o and o.get("ok") and o.get("seconds") else "—"
            speed = "—"
            if o and s_ and o.get("ok") and s_.get("ok"):
                speed = f"{o['seconds'] / s_['seconds']:.2g}x, {o['iterations'] / max(s_['iterations'], 1):.0f}x"
            lines.append(f"| {p} | {reg:g} | {ref_cell} | {_fmt_time(o)} / {_fmt_it(o)} | {vs_pot} | {_fmt_time(s_)} / {_fmt_it(s_)} | {speed} |")
        lines.append("")
    lines.append("## Exact OT")
    lines.append("")
    lines.append("| problem | n x m | POT ot.emd s | ours exact s | ours pivots | POT cost | ours cost | relative difference | time ratio POT/ours | ours exact (warm) s | POT/ours (warm) |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in problems:
        e = by.get((p, "pot", "emd", 0.0))
        o = by.get((p, "ours", "exact", 0.0))
        if not e and not o:
            continue
        diff = "—"
        if e and o and e.get("cost") is not None and o.get("cost") is not None:
            diff = f"{abs(e['cost'] - o['cost']) / abs(e['cost']):.1e}"
        ratio = f"{e['seconds'] / o['seconds']:.2g}x" if e and o and e.get("ok") and o.get("ok") else "—"
        n = (o or {}).get("n", (e or {}).get("n", "?"))
        m_ = (o or {}).get("m", (e or {}).get("m", "?"))
        w = by.get((p, "ours", "exact-warm", 0.0))
        warm_ratio = f"{e['seconds'] / w['seconds']:.2g}x" if e and w and e.get("ok") and w.get("ok") else "—"
        lines.append(f"| {p} | {n} x {m_} | {_fmt_time(e)} | {_fmt_time(o)} | {_fmt_it(o)} | "
                     f"{(e or {}).get('cost', float('nan')):.15g} | {(o or {}).get('cost', float('nan')):.15g} | {diff} | {ratio} | "
                     f"{_fmt_time(w) if w else '—'} | {warm_ratio} |")
    lines += targets(by, problems, regs)
    # Hand-written sections (measurements made outside bench.py, e.g. interleaved before/after runs) are kept in
    # notes-*.md beside this script and appended verbatim, so regenerating the report keeps them.
    for note in sorted(f for f in os.listdir(here) if f.startswith("notes-") and f.endswith(".md")):
        lines.append(open(os.path.join(here, note)).read().rstrip("\n"))
        lines.append("")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(here, "RESULTS-transport.md"), "w") as f:
        f.write(text)
    # Section in benchmarks/RESULTS.md (another script regenerates the rest of that file).
    results = os.path.join(here, "..", "..", "RESULTS.md")
    old = open(results).read() if os.path.exists(results) else ""
    # benchmarks/peers/report.py appends this file to RESULTS.md with its headings demoted one level, followed by
    # an "(Authoritative copy: ...)" line; where that copy is present, replace it in place in the same form.
    tail = "\n\n(Authoritative copy: `benchmarks/peers/transport/RESULTS-transport.md`.)\n"
    head = "\n## Optimal transport: `solvers ot` vs POT\n"
    if head in old and tail in old and old.index(head) < old.index(tail):
        demoted = "\n".join("#" + line if line.startswith("#") else line for line in text.rstrip().splitlines())
        start, end = old.index(head) + 1, old.index(tail)
        with open(results, "w") as f:
            f.write(old[:start] + demoted + old[end:])
        return
    section = ("<!-- transport:begin -->\n" + text.replace("# Optimal transport", "## Optimal transport (issue #5)", 1)
               .replace("\n## ", "\n### ").replace("### Optimal transport (issue #5)", "## Optimal transport (issue #5)") +
               "<!-- transport:end -->\n")
    if "<!-- transport:begin -->" in old:
        new = re.sub(r"<!-- transport:begin -->.*?<!-- transport:end -->\n", lambda _: section, old, flags=re.S)
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + section
    with open(results, "w") as f:
        f.write(new)


if __name__ == "__main__":
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    rows = load_rows(os.path.join(here, "out"))
    meta = json.load(open(os.path.join(here, "out", "meta.json")))
    write(rows, meta, here)
