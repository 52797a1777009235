#!/usr/bin/env bash
# Peer benchmark harness: STREAM triad, Eigen, SciPy, PETSc and our tool on the
# same problems, single-threaded on one pinned core; writes benchmarks/RESULTS.md.
#
#   benchmarks/peers/run.sh [--quick] [--no-ours] [--rounds N]
#     --quick     Poisson N=256,512 and the small matrices only (smoke run)
#     --no-ours   skip building and running our tool (peers only)
#     --rounds N  run the timed implementations in N interleaved rounds (default
#                 $ROUNDS, else 3): each round runs Eigen, SciPy, PETSc and ours in
#                 turn over all problems, writing out/PEER.rR.jsonl; the report
#                 keeps the best round of each cell (STREAM runs once)
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
ROUNDS=${ROUNDS:-3}
CMDLINE="benchmarks/peers/run.sh $*"

while (($#)); do
    case "$1" in
        --quick) QUICK="--quick" ;;
        --no-ours) OURS=0 ;;
        --rounds) shift; ROUNDS=${1:-} ;;
        --rounds=*) ROUNDS=${1#--rounds=} ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds / ROUNDS must be a positive integer, got '$ROUNDS'" >&2; exit 2; }

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

echo "$ROUNDS" > "$OUT/rounds.txt"
: > "$OUT/loadavg_rounds.txt"
# R interleaved rounds, so that a burst of load from other processes skews one
# round of one implementation rather than all of its rows; each round writes its
# own files (PEER.rR.jsonl), and report.py keeps the best round of every cell.
for R in $(seq "$ROUNDS"); do
    log "round $R of $ROUNDS: Eigen"
    "$PY" problems.py list $QUICK | while read -r name spec kind; do
        if [ -x "$BUILD/peer_eigen" ]; then
            $PIN timeout 900 "$BUILD/peer_eigen" "$name" "$spec" "$kind" < /dev/null >> "$OUT/eigen.r$R.jsonl" \
                || error_row "$OUT/eigen.r$R.jsonl" eigen "$name" "$kind" "peer_eigen exited with status $?"
        else
            error_row "$OUT/eigen.r$R.jsonl" eigen "$name" "$kind" "peer_eigen did not compile"
        fi
    done

    log "round $R of $ROUNDS: SciPy"
    $PIN "$PY" peer_scipy.py "$OUT/scipy.r$R.jsonl" $QUICK > "$OUT/scipy.r$R.log" 2>&1 \
        || error_row "$OUT/scipy.r$R.jsonl" scipy all all "peer_scipy.py exited with status $? (see out/scipy.r$R.log)"

    log "round $R of $ROUNDS: PETSc ($PETSC_DIR)"
    $PIN "$PY" peer_petsc.py "$OUT/petsc.r$R.jsonl" $QUICK > "$OUT/petsc.r$R.log" 2>&1 \
        || error_row "$OUT/petsc.r$R.jsonl" petsc all all "peer_petsc.py exited with status $? (see out/petsc.r$R.log)"

    if ((OURS)); then
        log "round $R of $ROUNDS: ours"
        $PIN "$PY" ours.py "$OUT/ours.r$R.jsonl" "$ROOT" $QUICK > "$OUT/ours.r$R.log" 2>&1 \
            || error_row "$OUT/ours.r$R.jsonl" ours all all "ours.py exited with status $? (see out/ours.r$R.log)"
    fi
    echo "$R $(date -u +%H:%M:%SZ) $(cat /proc/loadavg)" >> "$OUT/loadavg_rounds.txt"
done

cat /proc/loadavg > "$OUT/loadavg_after.txt"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/finished.txt"
log "writing benchmarks/RESULTS.md"
"$PY" report.py "$OUT" "$ROOT/benchmarks/RESULTS.md"
