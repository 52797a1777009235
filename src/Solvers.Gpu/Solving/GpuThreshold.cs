using Solvers.Gpu.Devices;

namespace Solvers.Gpu.Solving;

/// <summary>
/// The problem size above which a resident device solve beats the single-thread CPU solve, transfers
/// included; <see cref="DeviceChoice.Auto"/> uses the CPU below it.
/// </summary>
public static class GpuThreshold
{
    /// <summary>
    /// Rows from which <see cref="DeviceChoice.Auto"/> sends a CG solve to a CUDA device.
    /// See benchmarks/gpu/RESULTS-gpu.md for the sweep this comes from.
    /// </summary>
    public const int CudaRows = 100_000;

    /// <summary>The threshold for a device kind: <see cref="CudaRows"/> for CUDA; never for the CPU simulator.</summary>
    public static int DefaultRows(GpuDeviceKind kind) => kind == GpuDeviceKind.Cuda ? CudaRows : int.MaxValue;
}
