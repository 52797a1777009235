#!/usr/bin/python3
"""Alternating fresh-process timings for notes-r2r.md: each round runs every case with every variant in turn, pinned
to one CPU with the bench's .NET settings, and appends one JSON row per run (with the load average) to OUT.

usage: r2r_before_after.py OUT ROUNDS PROBLEM_DIR VARIANTS CASES [extra solvers ot args, e.g. --warmup]
  PROBLEM_DIR: written by  python3 -c "import problems; problems.write('DIR')"  (run here, Debian's python3)
  VARIANTS: comma-separated NAME=PATH/TO/solvers.dll, or pot:METHOD (POT through pot_worker.py; emd on exact cases)
  CASES: semicolon-separated PROBLEM:METHOD:REG, e.g. "images-28x28:exact:0;images-28x28:sinkhorn:0.1"
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
out, rounds, pdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
variants = [v if v.startswith("pot:") else tuple(v.split("=", 1)) for v in sys.argv[4].split(",")]
cases = [c.split(":") for c in sys.argv[5].split(";")]
extra = sys.argv[6:]
env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", DOTNET_gcServer="0",
           DOTNET_TieredPGO="0", DOTNET_TC_QuickJitForLoops="0")
pin = ["taskset", "-c", os.environ.get("BENCH_CPU", "1")]
with open(out, "a") as f:
    for r in range(rounds):
        for p, met, reg in cases:
            d = os.path.join(pdir, p)
            for v in variants:
                if isinstance(v, str):  # POT
                    if met == "sns" or (met == "exact" and v != variants[[isinstance(x, str) for x in variants].index(True)]):
                        continue
                    name = v
                    cmd = pin + ["/usr/bin/python3", os.path.join(HERE, "pot_worker.py"), d, "emd" if met == "exact" else v[4:], reg]
                else:
                    name, cli = v
                    cmd = pin + ["dotnet", cli, "ot", "--x", f"{d}/X.csv", "--y", f"{d}/Y.csv", "--a", f"{d}/a.csv", "--b", f"{d}/b.csv",
                                 "--metric", open(f"{d}/metric.txt").read().strip(), "--normalize", "max", "--tol", "1e-9",
                                 "--json", "--method", met, "--reg", reg] + extra
                t0 = time.perf_counter()
                o = subprocess.run(cmd, capture_output=True, text=True, env=env)
                wall = time.perf_counter() - t0
                j = json.loads(o.stdout.strip().splitlines()[-1])
                row = dict(variant=name, problem=p, method=met, reg=float(reg), round=r, seconds=j["seconds"],
                           iterations=j.get("iterations"), cost=j.get("cost"), jitSeconds=j.get("jitSeconds"),
                           jitMethods=j.get("jitMethods"), wall=wall, load=open("/proc/loadavg").read().strip(), extra=" ".join(extra))
                f.write(json.dumps(row) + "\n")
                f.flush()
                print(f"{name:24s} {p:14s} {met:8s} {reg:6s} r{r} {j['seconds']:.5f} s  it {row['iterations']}", flush=True)
