namespace Solvers.Transport.Sinkhorn;

/// <summary>Options of <see cref="SinkhornNewtonSparse"/> (Tang et al., ICLR 2024).</summary>
public sealed record SnsOptions : SinkhornOptions
{
    /// <summary>
    /// Options with the defaults below. <see cref="SinkhornOptions.AbsorbThreshold"/> defaults to 1e50 here (1e10
    /// for Sinkhorn): the warm start and fall-back blocks are short and end in a Newton step, so the exponential
    /// rebuilds that keep every tiny entry of a long Sinkhorn run exact are not worth their cost; scalings up to
    /// 1e50 lose only entries below about 1e-182.
    /// </summary>
    public SnsOptions() => AbsorbThreshold = 1e50;

    /// <summary>Sinkhorn iterations before the first Newton step (the paper's N1). Default 20.</summary>
    public int WarmStartIterations { get; init; } = 20;

    /// <summary>How the Hessian is sparsified. Default <see cref="HessianSparsity.DroppedMass"/>.</summary>
    public HessianSparsity Sparsity { get; init; } = HessianSparsity.DroppedMass;

    /// <summary>
    /// For <see cref="HessianSparsity.Density"/>: keep the largest Density x n x m entries of the plan (the
    /// paper's lambda; it uses 2/n for permutation-like optima, 15/n for the L1 cost); the largest entry of
    /// every row and column is always kept. Null picks (n + m) / (n m) times <see cref="EntriesPerRow"/>.
    /// </summary>
    public double? Density { get; init; }

    /// <summary>
    /// For <see cref="HessianSparsity.PerRowColumn"/>: keep the largest k entries of every row and of every
    /// column. For <see cref="HessianSparsity.Density"/> with no Density: the average number kept per row and
    /// column. Default 2.
    /// </summary>
    public int EntriesPerRow { get; init; } = 2;

    /// <summary>
    /// For <see cref="HessianSparsity.DroppedMass"/>: the entries below a global threshold are dropped, the
    /// threshold being the largest that drops at most this fraction of the plan's mass. Smaller keeps more
    /// entries and gives directions closer to Newton's. Default 1e-6.
    /// </summary>
    public double DroppedMass { get; init; } = 1e-6;

    /// <summary>Relative tolerance of the conjugate-gradient solve of each Newton system (an inexact Newton step). Default 1e-3.</summary>
    public double CgTolerance { get; init; } = 1e-3;

    /// <summary>
    /// Solve each Newton system through its Schur complement on the target potentials, preconditioned by its
    /// diagonal, instead of the full system (IC(0) on sparse kept plans, Jacobi on dense ones): the same residual
    /// tolerance on the full system; against Jacobi about half the CG iterations, against IC(0) the same
    /// iterations (the same preconditioned operator) without assembling or factoring a matrix. Default true; false
    /// gives the full-system solve.
    /// </summary>
    public bool ReducedSystem { get; init; } = true;

    /// <summary>
    /// After each Newton step, one Sinkhorn iteration (column update, then row update) applied to the plan in place:
    /// one pass, no exponentials, counted as an iteration. The Newton step linearises exp, so a row or column whose
    /// mass must change by orders of magnitude (the tails of blurry plans) moves only by about a factor e per step and
    /// Newton alone converges linearly; the Sinkhorn updates rescale those exactly. Not in the paper. Default true.
    /// </summary>
    public bool InterleaveSinkhorn { get; init; } = true;

    /// <summary>Iteration limit of each conjugate-gradient solve. Default 1000.</summary>
    public int CgMaxIterations { get; init; } = 1000;

    /// <summary>Sinkhorn iterations run when a Newton step fails (no ascent found by the line search) or Newton stalls. Default 20.</summary>
    public int FallbackIterations { get; init; } = 20;

    /// <summary>Armijo constant of the backtracking line search on the dual. Default 1e-4.</summary>
    public double ArmijoConstant { get; init; } = 1e-4;

    internal override void Validate()
    {
        base.Validate();
        if (WarmStartIterations < 0) throw new ArgumentOutOfRangeException(nameof(WarmStartIterations), WarmStartIterations, "Must be non-negative.");
        if (!Enum.IsDefined(Sparsity)) throw new ArgumentOutOfRangeException(nameof(Sparsity), Sparsity, "Unknown sparsity rule.");
        if (Density is { } d && !(d > 0 && d <= 1)) throw new ArgumentOutOfRangeException(nameof(Density), d, "Density must be in (0, 1].");
        if (!(DroppedMass >= 0 && DroppedMass < 1)) throw new ArgumentOutOfRangeException(nameof(DroppedMass), DroppedMass, "Must be in [0, 1).");
        if (EntriesPerRow < 1) throw new ArgumentOutOfRangeException(nameof(EntriesPerRow), EntriesPerRow, "Must be at least 1.");
        if (!(CgTolerance > 0 && CgTolerance < 1)) throw new ArgumentOutOfRangeException(nameof(CgTolerance), CgTolerance, "Must be in (0, 1).");
        if (CgMaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(CgMaxIterations), CgMaxIterations, "Must be at least 1.");
        if (FallbackIterations < 1) throw new ArgumentOutOfRangeException(nameof(FallbackIterations), FallbackIterations, "Must be at least 1.");
        if (!(ArmijoConstant > 0 && ArmijoConstant < 0.5)) throw new ArgumentOutOfRangeException(nameof(ArmijoConstant), ArmijoConstant, "Must be in (0, 0.5).");
    }
}

/// <summary>How <see cref="SinkhornNewtonSparse"/> sparsifies the Hessian's plan block.</summary>
public enum HessianSparsity
{
    /// <summary>A global threshold: the largest <see cref="SnsOptions.Density"/> fraction of the entries (the paper's rule), plus each row's and column's largest.</summary>
    Density,

    /// <summary>The largest <see cref="SnsOptions.EntriesPerRow"/> entries of every row and of every column.</summary>
    PerRowColumn,

    /// <summary>A global threshold that drops at most a <see cref="SnsOptions.DroppedMass"/> fraction of the plan's mass, plus each row's and column's largest entry.</summary>
    DroppedMass,
}
