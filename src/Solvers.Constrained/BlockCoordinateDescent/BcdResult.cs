using Solvers.Linear.Solving;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>Outcome of a block-coordinate-descent run; the solution is written to the caller's span.</summary>
public sealed record BcdResult
{
    /// <summary>ConvergedRelative / ConvergedAbsolute, MaxIterations, NaNOrInfinity or Cancelled.</summary>
    public required SolveStatus Status { get; init; }

    /// <summary>True when <see cref="Status"/> is a converged status.</summary>
    public bool Converged => Status.IsConverged();

    /// <summary>F(x) = f(x) + lambda ||x||_1 at the returned x.</summary>
    public required double Objective { get; init; }

    /// <summary>Infinity norm of the minimum-norm subgradient of F at the returned x (zero exactly at optima).</summary>
    public required double Optimality { get; init; }

    /// <summary>A duality gap bounding F(x) - F*, where the objective has one (lasso, L1-logistic); else null.</summary>
    public double? DualityGap { get; init; }

    /// <summary>Block updates performed.</summary>
    public required int Iterations { get; init; }

    /// <summary>Coordinate updates performed (sum of the block sizes).</summary>
    public required long CoordinateUpdates { get; init; }

    /// <summary>F(x^k) for k = 0, 1, ... when recorded; else empty.</summary>
    public IReadOnlyList<double> History { get; init; } = Array.Empty<double>();

    /// <summary>Number of non-zero coordinates of x^k for k = 0, 1, ... when the history is recorded; else empty.</summary>
    public IReadOnlyList<int> SupportSizes { get; init; } = Array.Empty<int>();

    /// <summary>
    /// When the history is recorded: the last iteration k at which the zero pattern of x^k differs from that of x^(k-1)
    /// (0 when it never changed), so the pattern is fixed from k on (active-set identification); else null.
    /// </summary>
    public int? LastSupportChange { get; init; }

    /// <summary>Wall time of the iteration.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Rule, update and block size, e.g. "gsl/gradient/vb tau=5".</summary>
    public string Method { get; init; } = "";
}
