using Solvers.Gpu.Devices;

namespace Solvers.Gpu.Solving;

/// <summary>
/// The problem sizes above which a resident device solve beats the single-thread CPU solve, transfers
/// included; <see cref="DeviceChoice.Auto"/> uses the CPU below them. Measured on an NVIDIA H200 with
/// Jacobi-PCG on 5- and 7-point Poisson problems (benchmarks/gpu/RESULTS-gpu.md).
/// </summary>
public static class GpuThreshold
{
    /// <summary>
    /// Rows from which a solve goes to a CUDA device that this process has already opened. The sweep showed
    /// the device ahead from 4,096 rows (2-D) and 13,824 rows (3-D); this is the next power of two above both.
    /// </summary>
    public const int WarmCudaRows = 16_384;

    /// <summary>
    /// Rows from which a solve goes to a CUDA device when none is open yet. Opening it (context, kernel
    /// compilation, self-test) took 0.38 s with the driver's JIT cache warm and 0.96 s on a fresh machine;
    /// adding that to the measured device solve, the single-thread CPU solve is slower from about 150,000 rows
    /// (2-D) and 500,000 rows (3-D). This is the power of two above both.
    /// </summary>
    public const int ColdCudaRows = 524_288;

    /// <summary>
    /// The threshold for a device kind: <see cref="WarmCudaRows"/> or <see cref="ColdCudaRows"/> for CUDA,
    /// depending on whether the device is already open; never for the CPU simulator.
    /// </summary>
    public static int DefaultRows(GpuDeviceKind kind, bool deviceOpen) =>
        kind != GpuDeviceKind.Cuda ? int.MaxValue : deviceOpen ? WarmCudaRows : ColdCudaRows;
}
