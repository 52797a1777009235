namespace Solvers.Linear.Solving;

/// <summary>
/// Why an iterative solve stopped, after PETSc's <c>KSPConvergedReason</c>: positive values are
/// convergence, negative values failure with a cause, zero means still iterating.
/// </summary>
public enum SolveStatus
{
    /// <summary>The solve has not finished.</summary>
    Iterating = 0,

    /// <summary>||r|| &lt;= RelativeTolerance * ||b||.</summary>
    ConvergedRelative = 1,

    /// <summary>||r|| &lt;= AbsoluteTolerance (including b = 0, answered with x = 0).</summary>
    ConvergedAbsolute = 2,

    /// <summary>The Krylov space became invariant: the current iterate is exact up to rounding.</summary>
    HappyBreakdown = 3,

    /// <summary>MaxIterations was reached; the best iterate found is returned.</summary>
    MaxIterations = -1,

    /// <summary>The residual grew past DivergenceTolerance * ||b||.</summary>
    Diverged = -2,

    /// <summary>A scalar the method divides by vanished (e.g. BiCGStab's rho or omega).</summary>
    Breakdown = -3,

    /// <summary>CG found p^T A p &lt;= 0: the matrix is not positive definite.</summary>
    IndefiniteMatrix = -4,

    /// <summary>PCG found r^T M^-1 r &lt;= 0: the preconditioner is not positive definite.</summary>
    IndefinitePreconditioner = -5,

    /// <summary>A NaN or infinity appeared in the iteration.</summary>
    NaNOrInfinity = -6,

    /// <summary>The preconditioner could not be applied.</summary>
    PreconditionerFailed = -7,

    /// <summary>The CancellationToken was signalled; the best iterate so far is returned.</summary>
    Cancelled = -8,
}

/// <summary>Helpers for <see cref="SolveStatus"/>.</summary>
public static class SolveStatusExtensions
{
    /// <summary>True for the converged statuses (positive values).</summary>
    public static bool IsConverged(this SolveStatus status) => status > 0;
}
