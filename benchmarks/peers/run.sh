#!/usr/bin/env bash
# Peer benchmark harness: STREAM triad, Eigen, SciPy, PETSc and our tool on the
# same problems, single-threaded on one pinned core; writes benchmarks/RESULTS.md.
#
#   benchmarks/peers/run.sh [--quick] [--no-ours]
#     --quick    Poisson N=256,512 and the small matrices only (smoke run)
#     --no-ours  skip building and running our tool (peers only)
#   BENCH_CORE=N pins the timed runs to core N (default 1).
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$HERE/out"
BUILD="$HERE/build"
PY=/usr/bin/python3            # Debian's Python: scipy/petsc4py are installed for it
CORE=${BENCH_CORE:-1}          # every timed run is pinned to this core
PIN="taskset -c $CORE"
QUICK=""
OURS=1
CMDLINE="benchmarks/peers/run.sh $*"

for arg in "$@"; do
    case "$arg" in
        --quick) QUICK="--quick" ;;
        --no-ours) OURS=0 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# error_row FILE PEER PROBLEM SOLVER MESSAGE: record a failure as a JSON line.
error_row() {
    "$PY" -c 'import json,sys; print(json.dumps(dict(peer=sys.argv[1], problem=sys.argv[2],
solver=sys.argv[3], converged=False, error=sys.argv[4])))' "$2" "$3" "$4" "$5" >> "$1"
}

install_packages() {
    local pkgs=(gcc g++ libeigen3-dev python3-numpy python3-scipy python3-petsc4py util-linux)
    local missing=()
    for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || { echo "apt-get install failed" >&2; exit 1; }
    fi
}

install_packages
PETSC_DIR=$(ls -d /usr/lib/petscdir/petsc*/*-real /usr/lib/petscdir/petsc*-real 2>/dev/null | sort -V | tail -1)
[ -n "$PETSC_DIR" ] || { echo "no real-scalar PETSc under /usr/lib/petscdir" >&2; exit 1; }
export PETSC_DIR
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export DOTNET_gcServer=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rm -rf "$OUT"
mkdir -p "$OUT" "$BUILD"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/started.txt"
echo "$CMDLINE" > "$OUT/command.txt"
echo "$PETSC_DIR" > "$OUT/petsc_dir.txt"
echo "$CORE" > "$OUT/core.txt"
cat /proc/loadavg > "$OUT/loadavg_start.txt"

log "compiling STREAM and the Eigen peer"
gcc -O3 -march=native -o "$BUILD/stream" "$HERE/stream.c" 2> "$OUT/stream-build.log"
g++ -O3 -march=native -DNDEBUG -std=c++17 -I/usr/include/eigen3 \
    -o "$BUILD/peer_eigen" "$HERE/peer_eigen.cpp" 2> "$OUT/eigen-build.log"
gcc --version | head -1 > "$OUT/gcc_version.txt"

if ((OURS)); then
    log "building our tool (Release)"
    ( cd "$ROOT" && dotnet --version > "$OUT/dotnet_version.txt" &&
      dotnet build -c Release src/Solvers.Cli &&
      dotnet build -c Release benchmarks/Solvers.Benchmarks ) > "$OUT/dotnet-build.log" 2>&1 \
        || log "our build failed (see out/dotnet-build.log); our runs will record errors"
fi

# Let the 1-minute load average settle after the builds (at most 90 s), so that
# the recorded "before" load shows other work rather than our own compilers.
for _ in $(seq 18); do
    awk '{exit !($1 < 1.0)}' /proc/loadavg && break
    sleep 5
done

cd "$HERE"   # the Python peers import problems.py from here
cat /proc/loadavg > "$OUT/loadavg_before.txt"

log "STREAM triad"
$PIN "$BUILD/stream" > "$OUT/stream.jsonl" || error_row "$OUT/stream.jsonl" stream triad triad "stream failed"

log "Eigen"
"$PY" problems.py list $QUICK | while read -r name spec kind; do
    if [ -x "$BUILD/peer_eigen" ]; then
        $PIN timeout 900 "$BUILD/peer_eigen" "$name" "$spec" "$kind" < /dev/null >> "$OUT/eigen.jsonl" \
            || error_row "$OUT/eigen.jsonl" eigen "$name" "$kind" "peer_eigen exited with status $?"
    else
        error_row "$OUT/eigen.jsonl" eigen "$name" "$kind" "peer_eigen did not compile"
    fi
done

log "SciPy"
$PIN "$PY" peer_scipy.py "$OUT/scipy.jsonl" $QUICK > "$OUT/scipy.log" 2>&1 \
    || error_row "$OUT/scipy.jsonl" scipy all all "peer_scipy.py exited with status $? (see out/scipy.log)"

log "PETSc ($PETSC_DIR)"
$PIN "$PY" peer_petsc.py "$OUT/petsc.jsonl" $QUICK > "$OUT/petsc.log" 2>&1 \
    || error_row "$OUT/petsc.jsonl" petsc all all "peer_petsc.py exited with status $? (see out/petsc.log)"

if ((OURS)); then
    log "ours"
    $PIN "$PY" ours.py "$OUT/ours.jsonl" "$ROOT" $QUICK > "$OUT/ours.log" 2>&1 \
        || error_row "$OUT/ours.jsonl" ours all all "ours.py exited with status $? (see out/ours.log)"
fi

cat /proc/loadavg > "$OUT/loadavg_after.txt"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/finished.txt"
log "writing benchmarks/RESULTS.md"
"$PY" report.py "$OUT" "$ROOT/benchmarks/RESULTS.md"
