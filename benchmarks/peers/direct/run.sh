#!/usr/bin/env bash
# Sparse direct peer benchmark: CHOLMOD (cholmod_bench.c), SciPy spsolve/splu (SuperLU) and our Cholesky,
# LDL^T and LU on the same problems, single-threaded on one pinned core. Writes
# benchmarks/peers/direct/RESULTS-direct.md and the "Sparse direct" section of benchmarks/RESULTS.md.
#
#   benchmarks/peers/direct/run.sh [--quick]
#     --quick   leave out Poisson 1024^2 (the long runs)
#   BENCH_CORE=N pins the timed runs to core N (default 1). MATRIX_DIR overrides the .mtx folder.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT="$HERE/../out/direct"
BUILD="$HERE/../build"
PY=/usr/bin/python3            # Debian's Python, for which python3-scipy is installed
CORE=${BENCH_CORE:-1}
PIN="taskset -c $CORE"
QUICK=0
CMDLINE="benchmarks/peers/direct/run.sh $*"
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
error_row() {   # error_row FILE PEER PROBLEM MODE MESSAGE
    "$PY" -c 'import json,sys; print(json.dumps(dict(peer=sys.argv[1], problem=sys.argv[2], mode=sys.argv[3], error=sys.argv[4])))' \
        "$2" "$3" "$4" "$5" >> "$1"
}

pkgs=(gcc libsuitesparse-dev python3-numpy python3-scipy util-linux)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
        || { echo "apt-get install ${missing[*]} failed" >&2; exit 1; }
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1
export DOTNET_gcServer=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
MATRIX_DIR=${MATRIX_DIR:-$ROOT/tests/data}
[ -f "$MATRIX_DIR/bcsstk25.mtx" ] || MATRIX_DIR=$ROOT/../shared/data/matrices
export MATRIX_DIR

rm -rf "$OUT"
mkdir -p "$OUT" "$BUILD"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/started.txt"
echo "$CMDLINE" > "$OUT/command.txt"
cat /proc/loadavg > "$OUT/loadavg_start.txt"

log "compiling the CHOLMOD peer"
gcc -O2 -o "$BUILD/cholmod_bench" "$HERE/cholmod_bench.c" -lcholmod -lm 2> "$OUT/cholmod-build.log" \
    || log "cholmod_bench did not compile (see out/direct/cholmod-build.log)"
gcc --version | head -1 > "$OUT/gcc_version.txt"
readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 > "$OUT/blas.txt" 2>/dev/null
log "building our benchmark driver (Release)"
( cd "$ROOT" && dotnet --version > "$OUT/dotnet_version.txt" && dotnet build -c Release benchmarks/Solvers.Benchmarks ) \
    > "$OUT/dotnet-build.log" 2>&1 || log "our build failed (see out/direct/dotnet-build.log)"
OURS="$ROOT/benchmarks/Solvers.Benchmarks/bin/Release/net10.0/Solvers.Benchmarks.dll"

# Let the load settle after the builds (at most 60 s).
for _ in $(seq 12); do awk '{exit !($1 < 1.0)}' /proc/loadavg && break; sleep 5; done
cat /proc/loadavg > "$OUT/loadavg_before.txt"

SPD=("poisson2d-512 poisson2d:512")
((QUICK)) || SPD+=("poisson2d-1024 poisson2d:1024")
for m in 1138_bus gr_30_30 crystm01 bcsstk25; do SPD+=("$m $MATRIX_DIR/$m.mtx"); done
NONSYM=()
for m in sherman5 hor_131; do NONSYM+=("$m $MATRIX_DIR/$m.mtx"); done

ours() {   # ours NAME SPEC METHOD [LU_STRATEGY]
    $PIN timeout 900 dotnet "$OURS" direct --matrix "$2" --method "$3" --lu-strategy "${4:-auto}" < /dev/null \
        | "$PY" -c 'import json,sys; r=json.loads(sys.stdin.read()); r["problem"]=sys.argv[1]; r["spec"]=sys.argv[2]; print(json.dumps(r))' "$1" "$2" \
        >> "$OUT/ours.jsonl" || error_row "$OUT/ours.jsonl" solvers "$1" "$3" "exit status $?"
}
scipy() {  # scipy NAME SPEC MODE
    ( cd "$HERE" && $PIN timeout 600 "$PY" peer_scipy_direct.py "$OUT/scipy.jsonl" "$1" "$2" "$3" ) >> "$OUT/scipy.log" 2>&1 \
        || error_row "$OUT/scipy.jsonl" scipy "$1" "$3" "exit status $? (timeout 600 s or failure; see scipy.log)"
}

for entry in "${SPD[@]}"; do
    read -r name spec <<< "$entry"
    log "$name: CHOLMOD, ours (cholesky, ldlt), SciPy spsolve"
    $PIN timeout 900 "$BUILD/cholmod_bench" "$spec" --ordering amd < /dev/null \
        | "$PY" -c 'import json,sys; r=json.loads(sys.stdin.read()); r["problem"]=sys.argv[1]; print(json.dumps(r))' "$name" \
        >> "$OUT/cholmod.jsonl" || error_row "$OUT/cholmod.jsonl" cholmod "$name" cholesky "exit status $?"
    ours "$name" "$spec" cholesky
    ours "$name" "$spec" ldlt
    scipy "$name" "$spec" spsolve
done
for entry in "${NONSYM[@]}"; do
    read -r name spec <<< "$entry"
    log "$name: ours (lu, auto and unsymmetric strategy), SciPy splu and spsolve"
    ours "$name" "$spec" lu auto
    ours "$name" "$spec" lu unsymmetric
    scipy "$name" "$spec" splu
    scipy "$name" "$spec" spsolve
done

cat /proc/loadavg > "$OUT/loadavg_after.txt"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/finished.txt"
log "writing RESULTS-direct.md and the Sparse direct section of benchmarks/RESULTS.md"
"$PY" "$HERE/report_direct.py" "$OUT" "$HERE/RESULTS-direct.md" "$ROOT/benchmarks/RESULTS.md"
