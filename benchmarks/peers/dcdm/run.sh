#!/usr/bin/env bash
# DCDM (issue #9) against our CG and IC(0)-PCG and the peers PETSc CG+ICC(0) and SciPy CG, all on the very same 2-D
# fluid pressure systems, single-threaded on one pinned core. Writes benchmarks/peers/dcdm/RESULTS-dcdm.md.
#
#   benchmarks/peers/dcdm/run.sh [--quick]
#     --quick    N = 32 64, geometries disc rects@3 lbar, tol 1e-4 only (a check that everything runs)
#   Environment (defaults in brackets) overrides the configuration:
#     SIZES [32 64 128]   GEOMS [box disc rects@3 rects@7 rects@11 lbar]   RHS [random divergence]
#     TOLS [1e-4 1e-8]    SEED [1]   REPEAT [10: in-process best-of, stops once a run takes >= 1 s]
#     MAXIT [20000: CG, IC(0)-PCG]   DCDM_MAXIT [500: a stalled network costs ~20 ms per iteration at 128^2]
#     COARSE_ORDER [coarse-to-fine: --coarse-order of the "s=all+coarse, multiplicative" DCDM column]
#     MODEL [models/dcdm-fluid64.dcdm; when missing a small model is trained into out/ and the results say so]
#     QUICK_SAMPLES [300] QUICK_EPOCHS [2] QUICK_LANCZOS [300] (that fallback training)   BENCH_CORE [1]   SETTLE_S [60]
#   "lbar" is the L + shelf mask CSV of make_masks.py (masks/lbar-N.csv); "box" is the training geometry and is
#   reported but left out of the unseen-geometry verdicts.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT="$HERE/out"
PY=/usr/bin/python3            # Debian's Python, for which python3-scipy and python3-petsc4py are installed
CORE=${BENCH_CORE:-1}
PIN="taskset -c $CORE"
CMDLINE="benchmarks/peers/dcdm/run.sh $*"
QUICK=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done
if ((QUICK)); then
    SIZES=${SIZES:-32 64}; GEOMS=${GEOMS:-disc rects@3 lbar}; TOLS=${TOLS:-1e-4}
fi
SIZES=${SIZES:-32 64 128}
GEOMS=${GEOMS:-box disc rects@3 rects@7 rects@11 lbar}
RHS=${RHS:-random divergence}
TOLS=${TOLS:-1e-4 1e-8}
SEED=${SEED:-1}
REPEAT=${REPEAT:-10}
MAXIT=${MAXIT:-20000}
DCDM_MAXIT=${DCDM_MAXIT:-500}
COARSE_ORDER=${COARSE_ORDER:-coarse-to-fine}
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
error_row() {   # error_row FILE JSON-TAGS MESSAGE
    "$PY" -c 'import json,sys; r=json.loads(sys.argv[1]); r["error"]=sys.argv[2]; print(json.dumps(r))' "$2" "$3" >> "$1"
}

pkgs=(python3-numpy python3-scipy python3-petsc4py util-linux)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
        || { echo "apt-get install ${missing[*]} failed" >&2; exit 1; }
fi
if [ -z "${PETSC_DIR:-}" ]; then
    for d in /usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real /usr/lib/petscdir/petsc*/x86_64-linux-gnu-real /usr/lib/petsc; do
        [ -d "$d" ] && { export PETSC_DIR=$d; break; }
    done
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1
export DOTNET_gcServer=0 DOTNET_TieredCompilation=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/started.txt"
echo "$CMDLINE" > "$OUT/command.txt"
printf 'SIZES=%s\nGEOMS=%s\nRHS=%s\nTOLS=%s\nSEED=%s\nREPEAT=%s\nMAXIT=%s\nDCDM_MAXIT=%s\nCOARSE_ORDER=%s\nCORE=%s\n' "$SIZES" "$GEOMS" "$RHS" "$TOLS" "$SEED" "$REPEAT" "$MAXIT" "$DCDM_MAXIT" "$COARSE_ORDER" "$CORE" > "$OUT/config.txt"
echo "${PETSC_DIR:-}" > "$OUT/petsc_dir.txt"
lscpu > "$OUT/lscpu.txt" 2>/dev/null
uptime > "$OUT/uptime_start.txt"

log "building our CLI and benchmark driver (Release)"
( cd "$ROOT" && dotnet --version > "$OUT/dotnet_version.txt" && dotnet build -c Release src/Solvers.Cli \
    && dotnet build -c Release benchmarks/Solvers.Benchmarks ) > "$OUT/dotnet-build.log" 2>&1 \
    || { log "build failed (see $OUT/dotnet-build.log)"; exit 1; }
CLI="dotnet $ROOT/src/Solvers.Cli/bin/Release/net10.0/solvers.dll"
BENCH="dotnet $ROOT/benchmarks/Solvers.Benchmarks/bin/Release/net10.0/Solvers.Benchmarks.dll"
git -C "$ROOT" rev-parse --short HEAD > "$OUT/commit.txt" 2>/dev/null

"$PY" "$HERE/make_masks.py" $SIZES > /dev/null

MODEL=${MODEL:-$ROOT/models/dcdm-fluid64.dcdm}
if [ -f "$MODEL" ]; then
    echo "$MODEL" > "$OUT/model.txt"
else
    qtrain="--samples ${QUICK_SAMPLES:-300} --epochs ${QUICK_EPOCHS:-2} --lanczos ${QUICK_LANCZOS:-300}"
    log "WARNING: no model at $MODEL; training a small stand-in ($qtrain); its results are NOT the shipped model's"
    MODEL="$OUT/dcdm-quick.dcdm"
    $CLI dcdm train --grid 64 $qtrain --seed 1 --out "$MODEL" --plot "$OUT/dcdm-quick-loss.png" --json \
        < /dev/null > "$OUT/train.json" 2> "$OUT/train.log" \
        || { log "training failed (see $OUT/train.log)"; exit 1; }
    echo "$MODEL (QUICK-TRAINED STAND-IN: $qtrain)" > "$OUT/model.txt"
fi
sha256sum "$MODEL" | cut -c1-16 >> "$OUT/model.txt"
# The training report saved next to the model (models/dcdm-fluid64.json), for the results' provenance line.
rm -f "$OUT/model_train.json"; [ -f "${MODEL%.dcdm}.json" ] && cp "${MODEL%.dcdm}.json" "$OUT/model_train.json"

# Let the load settle after the builds (at most SETTLE_S seconds).
for _ in $(seq $(( ${SETTLE_S:-60} / 5 ))); do awk '{exit !($1 < 1.0)}' /proc/loadavg && break; sleep 5; done
uptime > "$OUT/uptime_before.txt"

# ours KIND TAGS DIR TOL METHOD: one CLI solve of the exported system; the fluid2d spec gives the grid (DCDM) and
# the matrix, --rhs DIR/b.mtx the exact right-hand side the peers get.
ours() {
    local kind=$1 tags=$2 dir=$3 tol=$4 method=$5 extra=()
    case "$method" in
        dcdm) extra=(--method dcdm --model "$MODEL" --max-iter "$DCDM_MAXIT") ;;
        dcdm-all) extra=(--method dcdm --model "$MODEL" --max-iter "$DCDM_MAXIT" --directions "$DCDM_MAXIT") ;;
        dcdm-ml) extra=(--method dcdm --model "$MODEL" --max-iter "$DCDM_MAXIT" --directions $((8 * DCDM_MAXIT)) --coarse-levels 8) ;;
        dcdm-mlm) extra=(--method dcdm --model "$MODEL" --max-iter "$DCDM_MAXIT" --directions $((16 * DCDM_MAXIT)) --coarse-levels 8 --coarse-order "$COARSE_ORDER") ;;
        cg) extra=(--method cg --max-iter "$MAXIT") ;;
        pcg-ic0) extra=(--method pcg --precond ic0 --max-iter "$MAXIT") ;;
    esac
    local line
    line=$($PIN timeout 900 $CLI solve --matrix "$kind" --rhs "$dir/b.mtx" --tol "$tol" --seed "$SEED" \
        --repeat "$REPEAT" --device off --json "${extra[@]}" < /dev/null 2>> "$OUT/ours.log")
    local rc=$?
    if "$PY" -c 'import json,sys; json.loads(sys.argv[1])' "$line" 2>/dev/null; then   # not converged exits non-zero but still reports
        "$PY" -c 'import json,sys; r=json.loads(sys.argv[1]); t=json.loads(sys.argv[2]); t.update(peer="solvers", variant=sys.argv[3], tol=float(sys.argv[4]), exitCode=int(sys.argv[5])); t.update(r); print(json.dumps(t))' \
            "$line" "$tags" "$method" "$tol" "$rc" >> "$OUT/ours.jsonl"
    else
        error_row "$OUT/ours.jsonl" "$("$PY" -c 'import json,sys; t=json.loads(sys.argv[1]); t.update(peer="solvers", variant=sys.argv[2], tol=float(sys.argv[3])); print(json.dumps(t))' "$tags" "$method" "$tol")" \
            "exit status $rc (see ours.log)"
    fi
}

for N in $SIZES; do
    for geom in $GEOMS; do
        kind="fluid2d:$N:$geom"; label=$geom
        [ "$geom" = lbar ] && kind="fluid2d:$N:$HERE/masks/lbar-$N.csv"
        for rhs in $RHS; do
            dir="$WORK/$N-${geom//@/_}-$rhs"
            tags=$("$PY" -c 'import json,sys; print(json.dumps(dict(grid=int(sys.argv[1]), geometry=sys.argv[2], rhs=sys.argv[3], seed=int(sys.argv[4]))))' "$N" "$label" "$rhs" "$SEED")
            log "N=$N $label $rhs: export, ours (dcdm s=2, dcdm s=all, dcdm s=all + coarse levels additive and $COARSE_ORDER, cg, pcg-ic0) x tol {$TOLS}, PETSc CG+ICC and SciPy CG"
            if ! $BENCH dcdm-export --matrix "$kind" --rhs "$rhs" --seed "$SEED" --dir "$dir" < /dev/null > "$dir.json" 2>> "$OUT/export.log"; then
                error_row "$OUT/systems.jsonl" "$tags" "export failed (see export.log)"; continue
            fi
            "$PY" -c 'import json,sys; t=json.loads(sys.argv[1]); t.update(json.load(open(sys.argv[2]))); t.pop("dir", None); print(json.dumps(t))' "$tags" "$dir.json" >> "$OUT/systems.jsonl"
            for tol in $TOLS; do
                for method in dcdm dcdm-all dcdm-ml dcdm-mlm pcg-ic0 cg; do ours "$kind" "$tags" "$dir" "$tol" "$method"; done
            done
            targs=(--repeat "$REPEAT" --tag "grid=$N" --tag "geometry=$label" --tag "rhs=$rhs")
            ( cd "$HERE" && $PIN timeout 900 "$PY" peers_dcdm.py "$OUT/peers.jsonl" "$dir" $TOLS "${targs[@]}" ) < /dev/null >> "$OUT/peers.log" 2>&1 \
                || log "peer run failed for $N $label $rhs (see peers.log)"
        done
    done
done

uptime > "$OUT/uptime_after.txt"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/finished.txt"
# Hand-written notes below the marker in the previous RESULTS-dcdm.md survive a rerun.
marker='<!-- notes: kept by run.sh across reruns -->'
notes=$(awk -v m="$marker" 'f; $0 == m {f=1}' "$HERE/RESULTS-dcdm.md" 2>/dev/null || true)
"$PY" "$HERE/report_dcdm.py" "$OUT" > "$HERE/RESULTS-dcdm.md.new" || { log "report failed"; exit 1; }
{ cat "$HERE/RESULTS-dcdm.md.new"; echo; echo "$marker"; if [ -n "$notes" ]; then printf '%s\n' "$notes"; fi; } > "$HERE/RESULTS-dcdm.md"
rm -f "$HERE/RESULTS-dcdm.md.new"
log "wrote $HERE/RESULTS-dcdm.md"
