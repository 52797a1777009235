namespace Solvers.Transport.Exact;

/// <summary>Options of the exact solver (<see cref="NetworkSimplex"/>).</summary>
public sealed record ExactOptions : TransportOptions
{
    /// <summary>Pivot limit. Default 0 = unlimited (POT's ot.emd defaults to 100,000 iterations).</summary>
    public long MaxPivots { get; init; }

    internal override void Validate()
    {
        base.Validate();
        if (MaxPivots < 0) throw new ArgumentOutOfRangeException(nameof(MaxPivots), MaxPivots, "MaxPivots must be non-negative (0 = unlimited).");
    }
}
