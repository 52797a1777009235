using Solvers.Linear.Solving;

namespace Solvers.Gpu.Solving;

/// <summary>
/// <see cref="SolverOptions"/> plus the settings only a device solve has. Any <see cref="SolverOptions"/>
/// may be passed to <see cref="GpuSolver"/>; these defaults then apply.
/// </summary>
public sealed record GpuSolverOptions : SolverOptions
{
    /// <summary>Default options.</summary>
    public GpuSolverOptions()
    {
    }

    /// <summary>The settings of <paramref name="options"/> with the default device settings.</summary>
    public GpuSolverOptions(SolverOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Iterations between two read-backs of the residual norm (each is a synchronisation). The device still
    /// tests convergence every iteration and stops there, so this changes neither the iterates nor the count,
    /// only how late divergence, cancellation and the monitor are seen. 1 to 256; default 16.
    /// </summary>
    public int ResidualCheckInterval { get; init; } = 16;

    /// <summary>
    /// Under <c>DeviceChoice.Auto</c>, systems with fewer rows than this use the CPU path. Null uses
    /// <see cref="GpuThreshold.DefaultRows"/> (lower once a device is open in this process).
    /// </summary>
    public int? AutoThresholdRows { get; init; }

    /// <summary>SpMV kernel on the device; Auto picks by the mean number of entries per row.</summary>
    public GpuSpMVKernel SpMVKernel { get; init; } = GpuSpMVKernel.Auto;

    /// <summary>Lanes per row of the vector SpMV kernel; 0 picks from the mean row length.</summary>
    public int LanesPerRow { get; init; }

    internal void ValidateDevice()
    {
        if (ResidualCheckInterval is < 1 or > 256)
            throw new ArgumentOutOfRangeException(nameof(ResidualCheckInterval), ResidualCheckInterval, "ResidualCheckInterval must be in [1, 256].");
        if (AutoThresholdRows < 0)
            throw new ArgumentOutOfRangeException(nameof(AutoThresholdRows), AutoThresholdRows, "AutoThresholdRows must be non-negative.");
        if (LanesPerRow < 0)
            throw new ArgumentOutOfRangeException(nameof(LanesPerRow), LanesPerRow, "LanesPerRow must be non-negative (0 = automatic).");
    }
}
