namespace Solvers.Constrained.Halpern;

/// <summary>
/// The resolvent J_{eta G} = (I + eta G)^-1 of the maximal monotone part G, applied in place. For the normal cone of a
/// convex set it is the projection, independent of eta.
/// </summary>
public interface IResolvent
{
    /// <summary>u = J_{eta G}(u).</summary>
    void Apply(Span<double> u, double eta);
}

/// <summary>G = 0: the resolvent is the identity (unconstrained problems).</summary>
public sealed class IdentityResolvent : IResolvent
{
    /// <summary>The shared instance.</summary>
    public static IdentityResolvent Instance { get; } = new();

    /// <inheritdoc/>
    public void Apply(Span<double> u, double eta) { }
}

/// <summary>G = normal cone of a product of simplices: u is cut into consecutive blocks, each projected onto its simplex.</summary>
public sealed class SimplexProductProjection : IResolvent
{
    private readonly int[] _sizes;

    /// <summary>Creates the projection for consecutive blocks of the given sizes.</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public SimplexProductProjection(params int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        foreach (int s in sizes)
            if (s < 1) throw new ArgumentException($"Simplex block sizes must be positive; got {s}.", nameof(sizes));
        _sizes = sizes.ToArray();
    }

    /// <inheritdoc/>
    public void Apply(Span<double> u, double eta)
    {
        if (u.Length != _sizes.Sum()) throw new ArgumentException($"u has length {u.Length}; the simplex blocks total {_sizes.Sum()}.", nameof(u));
        int start = 0;
        foreach (int s in _sizes)
        {
            Simplex.Project(u.Slice(start, s));
            start += s;
        }
    }
}
