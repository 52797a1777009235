namespace Solvers.Linear.Direct;

/// <summary>Options of <see cref="DirectSolver"/>.</summary>
public sealed record DirectSolverOptions
{
    /// <summary>Fill-reducing ordering: symmetric for Cholesky and LDL^T, of the columns for LU. Default AMD.</summary>
    public OrderingMethod Ordering { get; init; } = OrderingMethod.Amd;

    /// <summary>LU: ordering and pivoting strategy. Default <see cref="LuStrategy.Auto"/>.</summary>
    public LuStrategy LuStrategy { get; init; } = LuStrategy.Auto;

    /// <summary>
    /// LU: keep the diagonal as pivot when it is at least this fraction of the column's largest candidate. Default null:
    /// 1 (strict partial pivoting) for the unsymmetric strategy, 0.1 for the symmetric one.
    /// </summary>
    public double? PivotTolerance { get; init; }

    /// <summary>
    /// Iterative refinement steps after the solve (r = b - A x, solve A d = r, x += d), taken only while the relative
    /// residual is above <see cref="RefinementTolerance"/> and each step at least halves it. Default 0 (off).
    /// </summary>
    public int RefinementSteps { get; init; }

    /// <summary>Relative residual at which refinement stops. Default 1e-14.</summary>
    public double RefinementTolerance { get; init; } = 1e-14;

    /// <summary>
    /// Cholesky and LDL^T: reject a matrix that is not symmetric (relative defect above 1e-10) before factoring,
    /// since only its lower triangle would be read. Default true.
    /// </summary>
    public bool CheckSymmetry { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static DirectSolverOptions Default { get; } = new();

    internal void Validate()
    {
        if (PivotTolerance is double t && !(t > 0 && t <= 1))
            throw new ArgumentException($"PivotTolerance must lie in (0, 1]; got {PivotTolerance}.", nameof(PivotTolerance));
        if (RefinementSteps < 0)
            throw new ArgumentException($"RefinementSteps must be non-negative; got {RefinementSteps}.", nameof(RefinementSteps));
        if (!(RefinementTolerance >= 0))
            throw new ArgumentException($"RefinementTolerance must be non-negative; got {RefinementTolerance}.", nameof(RefinementTolerance));
    }
}
