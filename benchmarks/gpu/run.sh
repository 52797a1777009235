#!/usr/bin/env bash
# Device run: unpack the .NET runtime, record the GPU, run the benchmark (retrying with a libcuda.so symlink if CUDA was not found).
set -u
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/out}
mkdir -p dn "$OUT"
tar xJf dotnet.tar.xz -C dn
export DOTNET_ROOT=$PWD/dn DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_gcServer=0
(nvidia-smi; nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.memory,pcie.link.gen.max,pcie.link.width.max --format=csv) > "$OUT/smi.txt" 2>&1
(ldconfig -p | grep -i libcuda; nproc; lscpu | head -20) > "$OUT/host.txt" 2>&1
timeout "${BENCH_TIMEOUT:-420}" ./dn/dotnet app/Gpu.Bench.dll --device cuda --out "$OUT" --budget "${BENCH_BUDGET:-300}" "$@" > "$OUT/bench.log" 2>&1
rc=$?
echo "bench exit $rc" >> "$OUT/bench.log"
if [ "$rc" = 3 ]; then
  lib=$(ldconfig -p | awk '/libcuda.so.1/{print $NF; exit}')
  if [ -n "$lib" ]; then
    mkdir -p libs && ln -sf "$lib" libs/libcuda.so
    mkdir -p "$OUT/retry"
    LD_LIBRARY_PATH=$PWD/libs timeout 300 ./dn/dotnet app/Gpu.Bench.dll --device cuda --out "$OUT/retry" --budget 200 "$@" > "$OUT/retry/bench.log" 2>&1
    echo "retry exit $?" >> "$OUT/retry/bench.log"
  fi
fi
tail -5 "$OUT/bench.log"
