namespace Solvers.Linear.Solving;

/// <summary>
/// Stopping rules and reporting for iterative solvers. One rule decides convergence:
/// ||b - A x|| &lt;= max(AbsoluteTolerance, RelativeTolerance * ||b||), on the unpreconditioned residual.
/// </summary>
public record SolverOptions
{
    /// <summary>Relative tolerance on ||r|| / ||b||. Default 1e-8.</summary>
    public double RelativeTolerance { get; init; } = 1e-8;

    /// <summary>Absolute tolerance on ||r||. Default 0.</summary>
    public double AbsoluteTolerance { get; init; }

    /// <summary>Iteration limit. Default 10,000.</summary>
    public int MaxIterations { get; init; } = 10_000;

    /// <summary>Stop as diverged when ||r|| exceeds this multiple of ||b||. Default 1e10.</summary>
    public double DivergenceTolerance { get; init; } = 1e10;

    /// <summary>Keep the relative residual of every iteration in <see cref="SolveResult.History"/>. Default true.</summary>
    public bool RecordHistory { get; init; } = true;

    /// <summary>Synchronous callback after each iteration.</summary>
    public IIterationMonitor? Monitor { get; init; }

    /// <summary>Progress sink, reported at most every <see cref="ProgressInterval"/> and at the end.</summary>
    public IProgress<IterationInfo>? Progress { get; init; }

    /// <summary>Minimum time between two <see cref="Progress"/> reports. Default 100 ms.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cancels a long solve; the solve then returns <see cref="SolveStatus.Cancelled"/> with the best iterate.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Check, before iterating, what the method assumes and can be checked cheaply (CG: symmetric with a
    /// positive diagonal). Default true.
    /// </summary>
    public bool CheckInput { get; init; } = true;

    /// <summary>Threads for SpMV on a <see cref="Storage.CsrMatrix"/>. Default 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The default options.</summary>
    public static SolverOptions Default { get; } = new();

    internal void Validate()
    {
        if (!(RelativeTolerance >= 0) || !(AbsoluteTolerance >= 0))
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), "Tolerances must be non-negative numbers.");
        if (RelativeTolerance == 0 && AbsoluteTolerance == 0)
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), "At least one of RelativeTolerance and AbsoluteTolerance must be positive.");
        if (MaxIterations < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be non-negative.");
        if (!(DivergenceTolerance > 1))
            throw new ArgumentOutOfRangeException(nameof(DivergenceTolerance), DivergenceTolerance, "DivergenceTolerance must exceed 1.");
        if (Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
    }
}

/// <summary>Options of restarted GMRES.</summary>
public sealed record GmresOptions : SolverOptions
{
    /// <summary>Default options, restart 30.</summary>
    public GmresOptions()
    {
    }

    /// <summary>The settings of <paramref name="options"/> with the default restart length.</summary>
    public GmresOptions(SolverOptions options)
        : base(options)
    {
    }

    /// <summary>Krylov subspace dimension before a restart (the m of GMRES(m)). Default 30, as in PETSc and SciPy.</summary>
    public int Restart { get; init; } = 30;
}
