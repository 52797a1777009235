using Solvers.Linear.Stationary;

namespace Solvers.Linear.Tuning;

/// <summary>
/// The instance-optimal reference of Learning to Relax: Young's omega of every matrix
/// (<see cref="YoungOmega.Estimate"/>), computed before each solve. Not restricted to a grid. Where Young's theory
/// does not apply (Jacobi spectral radius &gt;= 1) it falls back to <see cref="Fallback"/>.
/// </summary>
public sealed class YoungPolicy : IOmegaPolicy
{
    private PolicyTurn _turn;

    /// <summary>A policy that computes Young's omega of each matrix.</summary>
    /// <param name="fallback">The omega used when Young's formula does not apply (default 1, Gauss–Seidel).</param>
    public YoungPolicy(double fallback = 1.0)
    {
        RelaxationSetup.CheckOmega(fallback, "fallback");
        Fallback = fallback;
    }

    /// <summary>The omega used when the Jacobi spectral radius is 1 or more.</summary>
    public double Fallback { get; }

    /// <summary>The last estimate (Jacobi spectral radius, omega, Lanczos steps).</summary>
    public YoungEstimate LastEstimate { get; private set; }

    /// <inheritdoc />
    public string Name => "young";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The query carries no matrix, or the matrix is not symmetric with a positive diagonal.</exception>
    public double Choose(in OmegaQuery query)
    {
        if (query.Matrix is null)
            throw new ArgumentException("Young's omega is computed from the matrix; the query has none.", nameof(query));
        var estimate = YoungOmega.Estimate(query.Matrix);
        _turn.BeginChoose(Name);
        LastEstimate = estimate;
        return double.IsNaN(estimate.Omega) ? Fallback : estimate.Omega;
    }

    /// <inheritdoc />
    public void Observe(double cost) => _turn.BeginObserve(Name, cost);
}
