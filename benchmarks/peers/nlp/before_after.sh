#!/bin/bash
# Before/after for the ECLR and PDE2D rows: an older CLI (OLD_CLI, e.g. built from `git archive 3209814`) next to this
# checkout's, ours only, each pinned to core 1. Usage: OLD_CLI=/path/to/old/solvers benchmarks/peers/nlp/before_after.sh
cd "$(dirname "$0")/../../.."
NEW=src/Solvers.Cli/bin/Release/net10.0/solvers; OLD=${OLD_CLI:?set OLD_CLI to the old solvers binary}; D=benchmarks/peers/nlp
uptime
for c in "--problem eclr --data tests/data/heart.svm --constraints $D/eclr_heart_k5.csv" "--problem eclr --data tests/data/heart.svm --constraints $D/eclr_heart_k10.csv" "--problem eclr --data tests/data/bc.svm --constraints $D/eclr_bc_k5.csv" "--problem eclr --data tests/data/bc.svm --constraints $D/eclr_bc_k10.csv" "--problem pde2d --n 16" "--problem pde2d --n 32" "--problem pde2d --n 64"; do
  for s in "" "--solver exact-newton"; do
    for b in OLD NEW; do
      bin=${!b}
      taskset -c 1 $bin nlp $c $s --json --repeat 3 | python3 -c "
import json,sys; d=json.loads(sys.stdin.read())
print('%-4s %-11s %-13s %-9s outer %2d inner %7d flops %.2e fallbacks %2d  s %.4f' % ('$b', d['problem'], d['solver'], d['status'], d['outerIterations'], d['innerIterations'], d['innerFlops'], d['exactFallbacks'], d['seconds']))"
    done
  done
done
uptime
