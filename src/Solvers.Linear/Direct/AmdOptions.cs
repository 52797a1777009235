namespace Solvers.Linear.Direct;

/// <summary>Settings of the approximate minimum degree ordering; the defaults are those published with AMD.</summary>
public sealed record AmdOptions
{
    /// <summary>
    /// A node with more than max(16, DenseThreshold * sqrt(n)) neighbours is treated as dense: removed before the
    /// elimination and ordered last. Negative: never. Default 10.
    /// </summary>
    public double DenseThreshold { get; init; } = 10.0;

    /// <summary>
    /// Absorb every element whose variables all lie in the new pivot element, not only the pivot's own elements.
    /// Usually reduces fill a little and ordering time more. Default true.
    /// </summary>
    public bool AggressiveAbsorption { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static AmdOptions Default { get; } = new();
}
