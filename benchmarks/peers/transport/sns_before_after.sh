#!/usr/bin/env bash
# SNS before/after, alternating on one CPU (notes-sns.md): for each problem, our Sinkhorn with NEW, then SNS with BASE
# and NEW alternated twice; reg 1e-3, tol 1e-9; small problems as the second solve in the process (--warmup).
# usage: sns_before_after.sh BASE_CLI.dll NEW_CLI.dll PROBLEM_DIR > out.jsonl
#   PROBLEM_DIR: written by  python3 -c "import problems; problems.write('DIR')"  (run here, Debian's python3)
set -euo pipefail
base=$1; new=$2; dir=$3
run() { # cli problem method warmup label
  local d=$dir/$2 met; met=$(cat "$d/metric.txt")
  OMP_NUM_THREADS=1 DOTNET_gcServer=0 DOTNET_TieredPGO=0 DOTNET_TC_QuickJitForLoops=0 taskset -c "${BENCH_CPU:-1}" \
    dotnet "$1" ot --x "$d/X.csv" --y "$d/Y.csv" --a "$d/a.csv" --b "$d/b.csv" --metric "$met" --normalize max --tol 1e-9 \
    --json --method "$3" --reg 0.001 $4 | tail -1 | python3 -c "
import json, sys
d = json.loads(sys.stdin.read()); d.update(problem='$2', cli='$5', warm='$4' == '--warmup', load=open('/proc/loadavg').read().strip())
print(json.dumps(d))"
}
for p in uniform2d-500 images-28x28 hist1d-1000 uniform2d-2000 gauss64-W2 uniform2d-5000 gauss64-W1; do
  w=""; case $p in uniform2d-500|images-28x28|hist1d-1000) w="--warmup";; esac
  run "$new" $p sinkhorn "$w" new
  for k in 1 2; do run "$base" $p sns "$w" base; run "$new" $p sns "$w" new; done
done
