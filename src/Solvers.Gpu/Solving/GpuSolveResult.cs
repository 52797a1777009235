using Solvers.Gpu.Devices;
using Solvers.Linear.Solving;

namespace Solvers.Gpu.Solving;

/// <summary>
/// The outcome of <see cref="GpuSolver.Solve(Solvers.Linear.Storage.CsrMatrix, ReadOnlySpan{double}, Span{double}, GpuPreconditioner, SolverOptions?, DeviceChoice)"/>:
/// the ordinary <see cref="SolveResult"/> plus where it ran and what the transfers cost.
/// </summary>
public sealed record GpuSolveResult
{
    /// <summary>Status, iterations, residuals and history, exactly as the CPU solvers report them.</summary>
    public required SolveResult Result { get; init; }

    /// <summary>Name of the device that ran the solve (e.g. "NVIDIA H100 80GB HBM3"), or "cpu" for the CPU path.</summary>
    public required string Device { get; init; }

    /// <summary>True when the iteration ran on an ILGPU accelerator (CUDA or the simulator).</summary>
    public required bool OnDevice { get; init; }

    /// <summary>The device that was asked for.</summary>
    public required DeviceChoice Requested { get; init; }

    /// <summary>Seconds spent copying the matrix, vectors and preconditioner to the device and x back; 0 on the CPU path.</summary>
    public double TransferSeconds { get; init; }

    /// <summary>Seconds spent in this call opening the device and loading kernels (0 when an earlier call already did).</summary>
    public double DeviceSetupSeconds { get; init; }

    /// <summary>Wall time of the whole call: device setup, transfers, iteration and final residual.</summary>
    public double TotalSeconds { get; init; }

    /// <summary>Why the requested device is not the one that ran (it is missing or failed to load); null when it is.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>Why <see cref="DeviceChoice.Auto"/> chose the path it did (e.g. below the size threshold); null otherwise.</summary>
    public string? Note { get; init; }

    /// <summary>The device SpMV kernel used ("scalar", "vector-8"), or null on the CPU path.</summary>
    public string? SpMVKernel { get; init; }
}
