#!/usr/bin/env bash
# Learning to Relax on our solvers: experiment 1 (SOR on shifted 10x10 Laplacians, T systems, high- and
# low-variance shifts) and the 2-D heat equation with SSOR-PCG at nx = 100; single-threaded, pinned.
#
#   bash benchmarks/peers/relax/run.sh [--seeds K] [--T T] [--steps S] [--nx NX] [--quick]
#     --seeds K   trials per shift distribution (default 5)
#     --T T       systems per trial (default 5000, the paper's)
#     --steps S   heat-equation time steps of dt = 1e-3 (default 5000, the paper's)
#     --quick     K = 1, T = 500, S = 500 (smoke run)
#   BENCH_CORE=N pins the runs to core N (default 1). Cost tables are cached in out/tables (delete to recompute).
#
# Writes benchmarks/peers/relax/RESULTS-relax.md (authoritative) and replaces the section between the
# relax markers in benchmarks/RESULTS.md (appending it when absent).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
seeds=5; rounds=5000; steps=5000; nx=100
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --T) rounds=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --nx) nx=$2; shift 2 ;;
    --quick) seeds=1; rounds=500; steps=500; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
core=${BENCH_CORE:-1}
export DOTNET_gcServer=0 DOTNET_TieredCompilation=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release "$root/benchmarks/Solvers.Benchmarks" -v q >/dev/null
bench="dotnet $root/benchmarks/Solvers.Benchmarks/bin/Release/net10.0/Solvers.Benchmarks.dll"
out="$here/out"; mkdir -p "$out/tables"
body="$out/body.md"; : > "$body"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ); load_before=$(cat /proc/loadavg)
taskset -c "$core" $bench relax shifted --T "$rounds" --seeds "$seeds" --distribution high --tables "$out/tables" --md "$body"
taskset -c "$core" $bench relax shifted --T "$rounds" --seeds "$seeds" --distribution low --tables "$out/tables" --md "$body" --no-live
taskset -c "$core" $bench relax heat --nx "$nx" --steps "$steps" --all-grid --md "$body"
finished=$(date -u +%Y-%m-%dT%H:%M:%SZ); load_after=$(cat /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
# Dated notes written by hand after the generated section survive a rerun.
notes=$(awk 'f; /<!-- relax:end -->/{f=1}' "$here/RESULTS-relax.md" 2>/dev/null || true)
{
  echo "<!-- relax:begin (written by benchmarks/peers/relax/run.sh; authoritative copy: benchmarks/peers/relax/RESULTS-relax.md) -->"
  echo "## Learning to Relax: SOR / SSOR-PCG with omega tuned across a sequence"
  echo
  echo "- Date (UTC): $started to $finished; command: \`benchmarks/peers/relax/run.sh --seeds $seeds --T $rounds --steps $steps --nx $nx\`"
  echo "- Machine: $cpu, $(nproc) CPU(s); one thread pinned to core $core; load average before \`$load_before\`, after \`$load_after\`"
  echo "- Paper: Khodak, Chow, Balcan, Talwalkar, *Learning to Relax*, ICLR 2024 (see shared/design/papers/learning-to-relax.md). Targets (ours): Tsallis-INF <= 1.1x best fixed omega and ChebCB <= 1.05x instance-optimal (Young) in experiment 1; heat at nx = 100: ChebCB below every fixed omega in iterations and below IC(0)-PCG in time."
  echo
  sed 's/^### /### /' "$body"
  echo "<!-- relax:end -->"
  if [ -n "$notes" ]; then printf '%s\n' "$notes"; fi
} > "$here/RESULTS-relax.md"
results="$root/benchmarks/RESULTS.md"
/usr/bin/python3 - "$results" "$here/RESULTS-relax.md" <<'PY'
import os, re, sys
dest, whole = sys.argv[1], open(sys.argv[2]).read()
end = "<!-- relax:end -->"
section = whole[:whole.index(end) + len(end)] + "\n"  # the generated part only; RESULTS.md keeps its own notes
text = open(dest).read() if os.path.exists(dest) else ""
pattern = re.compile(r"<!-- relax:begin.*?<!-- relax:end -->\n?", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else (text.rstrip() + "\n\n" if text else "") + section
open(dest, "w").write(text)
PY
echo "wrote $here/RESULTS-relax.md and its section in $results"
