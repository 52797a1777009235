using Solvers.Transport.Sinkhorn;

namespace Solvers.Gpu.OptimalTransport;

/// <summary>
/// <see cref="SinkhornOptions"/> plus the settings only a device solve has. Any <see cref="SinkhornOptions"/> may
/// be passed to <see cref="GpuSinkhorn"/>; these defaults then apply.
/// </summary>
/// <remarks>
/// The device always runs the log-domain iteration (<see cref="SinkhornVariant.Log"/>); <see cref="SinkhornOptions.Variant"/>
/// and <see cref="SinkhornOptions.AbsorbThreshold"/> apply only when the solve runs on the CPU.
/// </remarks>
public sealed record GpuSinkhornOptions : SinkhornOptions
{
    /// <summary>Default options.</summary>
    public GpuSinkhornOptions()
    {
    }

    /// <summary>The settings of <paramref name="options"/> with the default device settings.</summary>
    public GpuSinkhornOptions(SinkhornOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Iterations between two read-backs of the marginal errors (each is a synchronisation). The device applies
    /// the stopping rule itself every iteration and stops there, so this changes neither the result nor the
    /// count, only how late cancellation, the monitor and progress see it. 1 to 256; default 10 (POT's
    /// sinkhorn_log checks every 10 iterations).
    /// </summary>
    public int ErrorCheckInterval { get; init; } = 10;

    /// <summary>
    /// Under <c>DeviceChoice.Auto</c>, problems with fewer than this many cost entries (n m) use the CPU path.
    /// Null uses <see cref="GpuSinkhornThreshold.DefaultEntries"/>.
    /// </summary>
    public long? AutoThresholdEntries { get; init; }

    internal void ValidateDevice()
    {
        if (ErrorCheckInterval is < 1 or > 256)
            throw new ArgumentOutOfRangeException(nameof(ErrorCheckInterval), ErrorCheckInterval, "ErrorCheckInterval must be in [1, 256].");
        if (AutoThresholdEntries < 0)
            throw new ArgumentOutOfRangeException(nameof(AutoThresholdEntries), AutoThresholdEntries, "AutoThresholdEntries must be non-negative.");
    }
}
