#!/usr/bin/env bash
# Experiments of issue #7 ("what the toolkit must show"): BCD rule ordering on data set A and the Halpern family
# on the quadratic hard instance and the policeman-and-burglar matrix game. Uses the built CLI
# (dotnet build src/Solvers.Cli -c Release) and Debian's python3 with matplotlib; pinned to one core.
# Writes benchmarks/constrained/RESULTS-constrained.md and PNG plots next to it.
#   (a final "## Notes (hand-written ..." section of a RESULTS file is kept when it is regenerated)
#   benchmarks/constrained/run.sh [--quick] [--only bcd|lattice|moons|quadratic|matrix-game|claims|halpern-claims]
#     --quick: 1/10 of the budgets; --only claims: claims 2, 3 and 5 of the BCD brief (claims.py) into
#     RESULTS-constrained-claims.md; --only halpern-claims: claims 2 and 5 of the Halpern brief into
#     RESULTS-constrained-halpern-claims.md
#   BENCH_CORE=N pins the runs to core N (default 1).
set -u -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
EXE="$ROOT/src/Solvers.Cli/bin/Release/net10.0/solvers"
[ -x "$EXE" ] || dotnet build "$ROOT/src/Solvers.Cli" -c Release -v quiet -nologo >&2 || exit 1
exec taskset -c "${BENCH_CORE:-1}" /usr/bin/python3 "$HERE/experiments.py" --solvers "$EXE" --out "$HERE" "$@"
