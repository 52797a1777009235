#!/usr/bin/python3
"""Runs the issue #5 benchmark: POT 0.8 (sinkhorn, sinkhorn_log, sinkhorn_stabilized, emd) and `solvers ot`
(sinkhorn, sinkhorn with POT's stopping rule, sns, exact) on identical problems, one thread, and writes
benchmarks/peers/transport/RESULTS-transport.md plus a section of benchmarks/RESULTS.md.

usage: bench.py --cli PATH_TO_solvers.dll [--sizes 500,2000,5000] [--regs 0.1,0.01,0.001] [--timeout 300] [--quick]
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import problems  # noqa: E402
import report  # noqa: E402

PIN = ["taskset", "-c", os.environ.get("BENCH_CPU", "1")]
ENV = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", DOTNET_gcServer="0",
           DOTNET_TieredPGO="0", DOTNET_TC_QuickJitForLoops="0")


def run(cmd, timeout):
    t0 = time.perf_counter()
    try:
        p = subprocess.run(PIN + cmd, capture_output=True, text=True, timeout=timeout, env=ENV)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout, "ok": False, "wall": time.perf_counter() - t0}
    line = next((l for l in reversed(p.stdout.splitlines()) if l.startswith("{")), None)
    if line is None:
        return {"ok": False, "error": (p.stderr or p.stdout)[-300:], "exit": p.returncode}
    d = json.loads(line)
    d["exit"] = p.returncode
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--sizes", default="500,2000,5000")
    ap.add_argument("--regs", default="0.1,0.01,0.001")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--only", default="", help="comma-separated problem names (default: all)")
    ap.add_argument("--jobs", default="", help="comma-separated impl:label to run (e.g. ours:sinkhorn,pot:sinkhorn); default all")
    ap.add_argument("--name", default="transport", help="results file out/NAME.jsonl; the report merges every out/*.jsonl, later files overriding")
    ap.add_argument("--big-regs", default="0.01,0.001", help="regs for problems with n >= 4000 (reg 0.1 is easy there)")
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    args = ap.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    regs = [float(r) for r in args.regs.split(",")]
    os.makedirs(args.out, exist_ok=True)
    results_path = os.path.join(args.out, args.name + ".jsonl")
    meta = {
        "started": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "loadavg_start": open("/proc/loadavg").read().strip(),
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor()),
        "command": " ".join(sys.argv),
    }
    import ot
    meta["pot"] = ot.__version__
    meta["dotnet"] = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    rows = []
    with tempfile.TemporaryDirectory(prefix="ot-bench-") as tmp, open(results_path, "w") as out:
        names = problems.write(tmp, sizes)
        if args.only:
            names = [n for n in names if n in args.only.split(",")]
        for name in names:
            d = os.path.join(tmp, name)
            metric = open(os.path.join(d, "metric.txt")).read().strip()
            ours = ["dotnet", args.cli, "ot", "--x", f"{d}/X.csv", "--y", f"{d}/Y.csv", "--a", f"{d}/a.csv", "--b", f"{d}/b.csv",
                    "--metric", metric, "--normalize", "max", "--tol", "1e-9", "--json"]
            jobs = [("pot", "emd", 0.0, [sys.executable, os.path.join(HERE, "pot_worker.py"), d, "emd", "0"]),
                    ("ours", "exact", 0.0, ours + ["--method", "exact"])]
            if len(open(os.path.join(d, "a.csv")).readlines()) * len(open(os.path.join(d, "b.csv")).readlines()) <= 1_100_000:
                jobs.append(("ours", "exact-warm", 0.0, ours + ["--method", "exact", "--warmup", "--repeat", "5"]))
            big = sum(1 for _ in open(os.path.join(d, "a.csv"))) >= 4000
            for reg in ([float(r) for r in args.big_regs.split(",")] if big else regs):
                for method in ("sinkhorn", "sinkhorn_log", "sinkhorn_stabilized"):
                    jobs.append(("pot", method, reg, [sys.executable, os.path.join(HERE, "pot_worker.py"), d, method, repr(reg)]))
                jobs.append(("ours", "sinkhorn", reg, ours + ["--method", "sinkhorn", "--reg", repr(reg)]))
                if not big:  # iteration-count parity with POT; shown on the smaller problems
                    jobs.append(("ours", "sinkhorn-potstop", reg, ours + ["--method", "sinkhorn", "--stop", "pot", "--reg", repr(reg)]))
                jobs.append(("ours", "sns", reg, ours + ["--method", "sns", "--reg", repr(reg)]))
                if not big and len(open(os.path.join(d, "a.csv")).readlines()) * len(open(os.path.join(d, "b.csv")).readlines()) <= 1_100_000:
                    # Small problems: also the time inside a long-running process (after a JIT warm-up solve, the
                    # fastest of 5 timed solves).
                    warm = ["--warmup", "--repeat", "5"]
                    jobs.append(("ours", "sinkhorn-warm", reg, ours + ["--method", "sinkhorn", "--reg", repr(reg)] + warm))
                    jobs.append(("ours", "sns-warm", reg, ours + ["--method", "sns", "--reg", repr(reg)] + warm))
            if args.jobs:
                wanted = set(args.jobs.split(","))
                jobs = [j for j in jobs if f"{j[0]}:{j[1]}" in wanted]
            for impl, method, reg, cmd in jobs:
                r = run(cmd, args.timeout)
                r.update({"problem": name, "impl": impl, "label": method, "reg": reg})
                if impl == "ours":
                    r["ok"] = r.get("converged", False) and r.get("exit") == 0
                rows.append(r)
                out.write(json.dumps(r) + "\n")
                out.flush()
                print(f"{name:16s} {impl:4s} {method:20s} reg {reg:<6g} "
                      f"{'timeout' if 'timeout' in r else ('%.3fs' % r.get('seconds', float('nan')))} it {r.get('iterations')} "
                      f"L1 {r.get('marginalError')} ok {r.get('ok')}", flush=True)
    meta["finished"] = datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
    meta["loadavg_end"] = open("/proc/loadavg").read().strip()
    meta["timeout"] = args.timeout
    meta_path = os.path.join(args.out, "meta.json")
    if args.name != "transport" and os.path.exists(meta_path):
        first = json.load(open(meta_path))
        first.setdefault("supplements", []).append(meta)
        meta = first
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    report.write(report.load_rows(args.out), meta, HERE)


if __name__ == "__main__":
    main()
