#!/usr/bin/env bash
# Issue #5 benchmark: POT 0.8 (Debian python3-pot) vs `solvers ot`, same problems, one thread.
# usage: benchmarks/peers/transport/run.sh [--quick] [bench.py options, e.g. --timeout 300 --only uniform2d-500]
#   --quick: sizes 500,2000 only and a 120 s limit per run (the full run includes n = 5000 and 64x64 grids,
#   for which only reg 1e-2 and 1e-3 run by default: --big-regs).
# Writes benchmarks/peers/transport/RESULTS-transport.md (authoritative) and its section of benchmarks/RESULTS.md.
# Builds: `dotnet publish` of src/Solvers.Cli, ReadyToRun, to benchmarks/peers/build/transport-cli (below).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
PY=/usr/bin/python3   # Debian's python (the python3 on PATH may be a pyenv one without Debian packages)
if ! "$PY" -c "import ot, scipy" 2>/dev/null; then
  echo "installing python3-pot (Debian)..." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq python3-pot python3-scipy >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq python3-pot python3-scipy >/dev/null; fi
fi
# Our CLI is published ReadyToRun (precompiled by Crossgen2; the SDK restores the Microsoft.NETCore.App.Crossgen2 pack
# of the installed runtime from NuGet) into benchmarks/peers/build/transport-cli (ignored by git). Each of our runs
# is a fresh process, and on the small problems JIT compilation at start-up was most of the solve time; the hot loops
# marked AggressiveOptimization are still compiled by the JIT at first call (their precompiled code was slower in
# the steady state; see notes-r2r.md).
rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
out="$root/benchmarks/peers/build/transport-cli"
dotnet publish "$root/src/Solvers.Cli" -c Release -r "${rid:-linux-x64}" --self-contained false -p:PublishReadyToRun=true \
  -o "$out" -v q -nologo >/dev/null
cli="$out/solvers.dll"
extra=()
if [ "${1:-}" = "--quick" ]; then shift; extra=(--sizes 500,2000 --timeout 120); fi
exec "$PY" "$here/bench.py" --cli "$cli" "${extra[@]}" "$@"
