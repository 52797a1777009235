#!/usr/bin/env bash
# SKR / GCRO-DR vs GMRES(40) and SciPy's gcrotmk on identical sequences (Darcy, Helmholtz), single-threaded.
# Usage: bash benchmarks/peers/sequence/run.sh [--quick]      -> benchmarks/peers/sequence/RESULTS-sequence.md
# The systems are the SKR paper's (--variant paper): Darcy n = 78 (its "6400" set, 6084 unknowns) and Helmholtz
# n = 98 (its "10^4" set, 9604 unknowns), each solve capped at the paper's 10000 iterations.
# SEQ_ONLY="darcy2d:none darcy2d:jacobi ..." restricts the runs (problem:precond).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
quick=0; [ "${1:-}" = "--quick" ] && quick=1
core=${BENCH_CORE:-1}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 DOTNET_gcServer=0 DOTNET_TieredCompilation=0
if ! dpkg -s python3-scipy >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq python3-scipy; fi
dotnet build -c Release "$root/benchmarks/Solvers.Benchmarks" -v q >/dev/null
bench="dotnet $root/benchmarks/Solvers.Benchmarks/bin/Release/net10.0/Solvers.Benchmarks.dll"
out="$here/out"; mkdir -p "$out"; : > "$out/sequence.jsonl"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
count=100; [ $quick = 1 ] && count=10
maxit=10000
date -u +%Y-%m-%dT%H:%MZ > "$out/date.txt"; cat /proc/loadavg > "$out/load_before.txt"
run() {   # problem n precond tol
  if [ -n "${SEQ_ONLY:-}" ] && [[ " $SEQ_ONLY " != *" $1:$3 "* ]]; then return; fi
  local dir="$work/$1-$2"; rm -rf "$dir"
  taskset -c "$core" $bench sequence --problem "$1" --variant paper --n "$2" --count $count --precond "$3" --tol "$4" --max-iterations $maxit --export "$dir" | tee -a "$out/sequence.jsonl"
  taskset -c "$core" /usr/bin/python3 "$here/peer_scipy_sequence.py" "$dir" "$3" "$4" $maxit | sed "s/\"peer\": \"scipy\"/\"peer\": \"scipy\", \"problem\": \"$1-$2\"/" | tee -a "$out/sequence.jsonl"
}
for p in none jacobi ilu0; do run darcy2d 78 $p 1e-8; done
run helmholtz2d 98 ilu0 1e-7
cat /proc/loadavg > "$out/load_after.txt"
/usr/bin/python3 "$here/report_sequence.py" "$out" > "$here/RESULTS-sequence.md"
echo "wrote $here/RESULTS-sequence.md"
