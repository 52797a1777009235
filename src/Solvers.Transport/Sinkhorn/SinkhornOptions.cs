namespace Solvers.Transport.Sinkhorn;

/// <summary>Options of the entropic solvers (<see cref="LogSinkhorn"/>).</summary>
public record SinkhornOptions : TransportOptions
{
    /// <summary>Which Sinkhorn implementation. Default <see cref="SinkhornVariant.Stabilized"/>.</summary>
    public SinkhornVariant Variant { get; init; } = SinkhornVariant.Stabilized;

    /// <summary>
    /// Stabilised variant: the scalings u, v are absorbed into the log-potentials (and the kernel rebuilt) when
    /// one leaves [1/AbsorbThreshold, AbsorbThreshold]. Default 1e10 (POT's sinkhorn_stabilized uses tau = 1e3
    /// on the upper side only).
    /// </summary>
    public double AbsorbThreshold { get; init; } = 1e10;

    /// <summary>
    /// Initial potentials (f, g) in cost units, e.g. the DualU/DualV of an earlier result; null starts from
    /// zero like POT's sinkhorn_log.
    /// </summary>
    public (double[] F, double[] G)? WarmStart { get; init; }

    internal override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Variant)) throw new ArgumentOutOfRangeException(nameof(Variant), Variant, "Unknown Sinkhorn variant.");
        if (!(AbsorbThreshold > 1) || double.IsInfinity(AbsorbThreshold) || AbsorbThreshold > 1e100)
            throw new ArgumentOutOfRangeException(nameof(AbsorbThreshold), AbsorbThreshold, "AbsorbThreshold must be in (1, 1e100].");
    }
}

/// <summary>Implementations of the Sinkhorn iteration; all follow POT's update order (v, then u).</summary>
public enum SinkhornVariant
{
    /// <summary>
    /// Scaling form on a kernel with absorbed log-potentials: one pass over the kernel per iteration, with
    /// absorption and log-domain repair of rows or columns that would under- or overflow. Fast and stable.
    /// </summary>
    Stabilized,

    /// <summary>
    /// Every half-step a log-sum-exp over the cost (POT's sinkhorn_log): stable for any regularisation but two
    /// exponentials per entry per iteration.
    /// </summary>
    Log,
}
