#!/usr/bin/env bash
# Builds the self-contained device bundle: Gpu.Bench (framework-dependent, linux-x64, Release), the .NET host
# and Microsoft.NETCore.App runtime from the local SDK as dotnet.tar.xz, and run.sh. The target machine needs
# only an NVIDIA driver (no .NET, no network). Usage: benchmarks/gpu/bundle.sh OUTDIR
set -euo pipefail
out=${1:?usage: bundle.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
runtime=$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -1)
mkdir -p "$out"
rm -rf "$out/app"
dotnet publish "$root/benchmarks/Solvers.Gpu.Bench" -c Release -r linux-x64 --self-contained false -o "$out/app"
rm -f "$out"/app/*.pdb "$out"/app/*.xml
[ -f "$out/dotnet.tar.xz" ] || tar cJf "$out/dotnet.tar.xz" -C "$dotnet_root" dotnet host/fxr "shared/Microsoft.NETCore.App/$runtime"
cp "$root/benchmarks/gpu/run.sh" "$out/run.sh"
du -sh "$out"
