#!/usr/bin/env python3
"""ECLR and PDE2D CPU time, ours against IPOPT, over several alternating rounds (the single-run ratios in RESULTS-nlp.md move
by 2x between runs on this shared machine: both sides take a few milliseconds and IPOPT reports 1 ms steps).

Usage (after `bash run.sh` has built the CLI):
    BENCH_CORE=1 taskset -c 1 /usr/bin/python3 eclr_rounds.py [ROUNDS] [extra solvers-nlp flags...]
CASES=pde2d (a substring of the problem names, comma-separated) restricts the problems; default all seven.
Each round: ours = CPU seconds of the fastest of `--repeat 3` in-process solves; IPOPT = its own CPU report, fastest
of 3 solves. Prints a Markdown table of the per-round ratios and their median."""
import statistics
import sys

import run_peers as R

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
extra = sys.argv[2:]
print('| problem | ours CPU s, per round | IPOPT CPU s, per round | ours / IPOPT, per round | median ratio |')
print('|---|---|---|---|---:|')
import os


def cases():
    for data in ['heart', 'bc']:
        for k in [5, 10]:
            yield R.eclr_case(data, k)
    for n in [16, 32, 64]:
        yield R.P.pde2d(n), ['--problem', 'pde2d', '--n', str(n)]


wanted = [c for c in os.environ.get('CASES', '').split(',') if c]
for p, args in cases():
    if wanted and not any(w in p.name for w in wanted):
        continue
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(R.run_ours(args + ['--repeat', '3'] + extra)['cpuSeconds'])
        theirs.append(R.run_ipopt(p)['cpu'])
    ratios = [o / t if t > 0 else float('inf') for o, t in zip(ours, theirs)]
    print('| %s | %s | %s | %s | %.2f |' % (p.name, ' '.join('%.4f' % o for o in ours), ' '.join('%.3f' % t for t in theirs),
                                          ' '.join('%.2f' % r for r in ratios), statistics.median(ratios)), flush=True)
