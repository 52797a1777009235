#!/usr/bin/env bash
# BCD peer benchmark: our `solvers bcd` against liblinear (Debian liblinear-tools) and scikit-learn
# (python3-sklearn) on lasso, ridge and L1-logistic regression, LIBSVM heart and breast-cancer (scaled) and a
# synthetic set (Nutini et al. construction A/B, 1000 x 2000). Single-threaded on one pinned core.
# Writes benchmarks/peers/bcd/RESULTS-bcd.md (and out/*.json).
#
#   benchmarks/peers/bcd/run.sh [--quick]     --quick: heart and breast-cancer only
#   BENCH_CORE=N pins the runs to core N (default 1).
set -u -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
PY=/usr/bin/python3          # Debian's Python, where python3-sklearn is installed (not the pyenv python3 on PATH)
CORE=${BENCH_CORE:-1}

need=()
command -v liblinear-train >/dev/null || need+=(liblinear-tools)
"$PY" -c 'import sklearn' 2>/dev/null || need+=(python3-sklearn)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y "${need[@]}" >&2; else sudo apt-get install -y "${need[@]}" >&2; fi || { echo "could not install ${need[*]}" >&2; exit 1; }
fi

echo "building solvers (Release)" >&2
dotnet build "$ROOT/src/Solvers.Cli" -c Release -v quiet -nologo >&2 || exit 1
exec taskset -c "$CORE" "$PY" "$HERE/bench.py" --solvers "$ROOT/src/Solvers.Cli/bin/Release/net10.0/solvers" \
    --data "$ROOT/tests/data" --out "$HERE/out" --results "$HERE/RESULTS-bcd.md" "$@"
