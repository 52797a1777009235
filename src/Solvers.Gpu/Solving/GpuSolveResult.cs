using Solvers.Gpu.Devices;
using Solvers.Linear.Solving;

namespace Solvers.Gpu.Solving;

/// <summary>
/// The outcome of <see cref="GpuSolver.Solve(Solvers.Linear.Storage.CsrMatrix, ReadOnlySpan{double}, Span{double}, GpuPreconditioner, SolverOptions?, DeviceChoice)"/>:
/// the ordinary <see cref="SolveResult"/> plus where it ran and what the transfers (matrix, vectors and preconditioner
/// in, x back) cost.
/// </summary>
public sealed record GpuSolveResult : GpuRunResult<SolveResult>
{
    /// <summary>The device SpMV kernel used ("scalar", "vector-8"), or null on the CPU path.</summary>
    public string? SpMVKernel { get; init; }
}
