#!/usr/bin/env bash
# Issue #5 benchmark: POT 0.8 (Debian python3-pot) vs `solvers ot`, same problems, one thread.
# usage: benchmarks/peers/transport/run.sh [--quick] [bench.py options, e.g. --timeout 300 --only uniform2d-500]
#   --quick: sizes 500,2000 only and a 120 s limit per run (the full run includes n = 5000 and 64x64 grids,
#   for which only reg 1e-2 and 1e-3 run by default: --big-regs).
# Writes benchmarks/peers/transport/RESULTS-transport.md (authoritative) and its section of benchmarks/RESULTS.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
PY=/usr/bin/python3   # Debian's python (the python3 on PATH may be a pyenv one without Debian packages)
if ! "$PY" -c "import ot, scipy" 2>/dev/null; then
  echo "installing python3-pot (Debian)..." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq python3-pot python3-scipy >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq python3-pot python3-scipy >/dev/null; fi
fi
dotnet build -c Release "$root/src/Solvers.Cli" -v q -nologo >/dev/null
cli="$root/src/Solvers.Cli/bin/Release/net10.0/solvers.dll"
extra=()
if [ "${1:-}" = "--quick" ]; then shift; extra=(--sizes 500,2000 --timeout 120); fi
exec "$PY" "$here/bench.py" --cli "$cli" "${extra[@]}" "$@"
