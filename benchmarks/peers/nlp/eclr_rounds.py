#!/usr/bin/env python3
"""ECLR and PDE2D CPU time, ours against IPOPT, over several alternating rounds (the single-run ratios in RESULTS-nlp.md move
by 2x between runs on this shared machine: both sides take a few milliseconds and IPOPT reports 1 ms steps).

Usage (after `bash run.sh` has built the CLI):
    BENCH_CORE=1 taskset -c 1 /usr/bin/python3 eclr_rounds.py [ROUNDS] [extra solvers-nlp flags...]
CASES=pde2d (a substring of the problem names, comma-separated) restricts the problems; default all seven.
Each round: ours = CPU seconds of the fastest of `--repeat 3` in-process solves; IPOPT = its own CPU report ("Total
CPU secs in IPOPT (w/o function evaluations)"), fastest of 3 solves. Two ratios: ours with the problem's callbacks
(f, gradient, constraints, Jacobian, Hessian) included, the conservative one, and ours less the time in those
callbacks, the like-for-like one (IPOPT's report leaves its evaluations out). Prints a Markdown table of the per-round
ratios and their medians. For ECLR, when benchmarks/peers/build/ipopt_eclr exists (run.sh builds it from ipopt_eclr.c),
a second table sets ours beside the whole IpoptSolve call with native C callbacks, timed with the process CPU clock
(fastest of 5 solves): IPOPT's own report counts only its algorithm loop, at 1 ms print resolution, while a call through
its C interface also builds the application and registers its options every time."""
import json
import os
import statistics
import subprocess
import sys

import run_peers as R

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
extra = sys.argv[2:]
print('| problem | ours CPU s, per round | IPOPT CPU s, per round | ours / IPOPT, per round | median ratio | ours less callbacks / IPOPT, per round | median ratio, like for like |')
print('|---|---|---|---|---:|---|---:|')
import os


def cases():
    for data in ['heart', 'bc']:
        for k in [5, 10]:
            yield R.eclr_case(data, k)
    for n in [16, 32, 64]:
        yield R.P.pde2d(n), ['--problem', 'pde2d', '--n', str(n)]


wanted = [c for c in os.environ.get('CASES', '').split(',') if c]
NATIVE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'build', 'ipopt_eclr')
native = {}
for p, args in cases():
    if wanted and not any(w in p.name for w in wanted):
        continue
    ours, bare, theirs = [], [], []
    for _ in range(rounds):
        r = R.run_ours(args + ['--repeat', '3'] + extra)
        ours.append(r['cpuSeconds'])
        bare.append(r['cpuSeconds'] - r['profile']['evaluationSeconds'] - r['profile']['hessianSeconds'])
        theirs.append(R.run_ipopt(p)['cpu'])
        if p.name.startswith('eclr') and os.path.exists(NATIVE):
            nat = json.loads(subprocess.run(['taskset', '-c', R.CORE, NATIVE, args[args.index('--data') + 1], args[args.index('--constraints') + 1], '5'],
                                            capture_output=True, text=True, check=True).stdout.splitlines()[-1])
            native.setdefault(p.name, []).append((ours[-1], bare[-1], nat['total_min'], nat['ipopt_min'], nat['iterations']))
    ratios = [o / t if t > 0 else float('inf') for o, t in zip(ours, theirs)]
    bare_ratios = [o / t if t > 0 else float('inf') for o, t in zip(bare, theirs)]
    print('| %s | %s | %s | %s | %.2f | %s | %.2f |' % (
        p.name, ' '.join('%.4f' % o for o in ours), ' '.join('%.3f' % t for t in theirs),
        ' '.join('%.2f' % r for r in ratios), statistics.median(ratios),
        ' '.join('%.2f' % r for r in bare_ratios), statistics.median(bare_ratios)), flush=True)

if native:
    print()
    print('| problem | IPOPT iterations | IpoptSolve CPU s with native callbacks, per round | ours CPU s / it, per round | median ratio | IpoptSolve less callbacks, per round | ours less callbacks / it, per round | median ratio |')
    print('|---|---:|---|---|---:|---|---|---:|')
    for name, rows in native.items():
        print('| %s | %d | %s | %s | %.2f | %s | %s | %.2f |' % (
            name, rows[0][4], ' '.join('%.4f' % t for _, _, t, _, _ in rows), ' '.join('%.2f' % (o / t) for o, _, t, _, _ in rows),
            statistics.median(o / t for o, _, t, _, _ in rows), ' '.join('%.4f' % t for _, _, _, t, _ in rows),
            ' '.join('%.2f' % (b / t) for _, b, _, t, _ in rows), statistics.median(b / t for _, b, _, t, _ in rows)))
