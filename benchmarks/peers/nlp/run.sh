#!/usr/bin/env bash
# Peer benchmark for `solvers nlp`: IPOPT 3.11 (Debian coinor-libipopt, via ctypes), SciPy SLSQP and trust-constr.
# Writes benchmarks/peers/nlp/RESULTS-nlp.md. Usage: benchmarks/peers/nlp/run.sh [hs6 hs7 ... eclr pde2d] (no argument: everything)
# BENCH_CORE=N pins every run to core N (default 1). eclr_rounds.py repeats the ECLR timing against IPOPT in
# alternating rounds and reports median ratios (single-run ratios of millisecond solves are noise).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
missing=()
dpkg -s coinor-libipopt-dev >/dev/null 2>&1 || missing+=(coinor-libipopt-dev)
dpkg -s python3-scipy >/dev/null 2>&1 || missing+=(python3-scipy)
dpkg -s python3-sympy >/dev/null 2>&1 || missing+=(python3-sympy)
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q && $SUDO apt-get install -y -q "${missing[@]}"
fi
dotnet build "$root/src/Solvers.Cli" -c Release -v q -nologo
# IPOPT with native callbacks, timed at microsecond resolution (used by eclr_rounds.py)
mkdir -p "$here/../build"
gcc -O2 -Wall "$here/ipopt_eclr.c" $(pkg-config --cflags --libs ipopt) -o "$here/../build/ipopt_eclr"
cd "$here"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BENCH_CORE=${BENCH_CORE:-1} taskset -c ${BENCH_CORE:-1} /usr/bin/python3 run_peers.py "$@"
