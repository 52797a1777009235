namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Why a constrained solve stopped: positive values are success, negative values failure with a cause (the
/// last iterate is always returned), zero means still iterating.
/// </summary>
public enum ConstrainedStatus
{
    /// <summary>The solve has not finished.</summary>
    Iterating = 0,

    /// <summary>||(grad_x L, c)|| reached the tolerance.</summary>
    Converged = 1,

    /// <summary>The outer iteration limit was reached.</summary>
    MaxIterations = -1,

    /// <summary>Backtracking could not decrease the merit function (step below the minimum).</summary>
    LineSearchFailed = -2,

    /// <summary>A callback returned NaN or infinity at an accepted point (or at the start).</summary>
    NaNOrInfinity = -3,

    /// <summary>lambda_min(G G^T) fell below the threshold and the options ask to stop (rank-deficient Jacobian).</summary>
    SingularJacobian = -4,

    /// <summary>Infeasible or inconsistent constraints: the iterates stopped reducing ||c|| while far from feasible.</summary>
    Infeasible = -5,

    /// <summary>The CancellationToken was signalled.</summary>
    Cancelled = -6,
}

/// <summary>Helpers for <see cref="ConstrainedStatus"/>.</summary>
public static class ConstrainedStatusExtensions
{
    /// <summary>True for the converged statuses (positive values).</summary>
    public static bool IsConverged(this ConstrainedStatus status) => status > 0;
}
