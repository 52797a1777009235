using Solvers.Linear.Solving;

namespace Solvers.Transport;

/// <summary>
/// Stopping rules, limits and reporting shared by the transport solvers (the transport counterpart of
/// <see cref="SolverOptions"/>).
/// </summary>
public record TransportOptions
{
    /// <summary>
    /// Converged when the marginal error ||P 1 - a||_1 + ||P^T 1 - b||_1 is at most this (absolute; the
    /// weights usually sum to 1). Default 1e-9.
    /// </summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Iteration limit (Sinkhorn iterations; Newton steps plus Sinkhorn steps for SNS; pivots for the network simplex use <see cref="Exact.ExactOptions.MaxPivots"/>). Default 100,000.</summary>
    public int MaxIterations { get; init; } = 100_000;

    /// <summary>Which statistic is tested against <see cref="Tolerance"/>, and how often. Default: L1 every iteration.</summary>
    public StoppingRule Stopping { get; init; } = StoppingRule.MarginalL1;

    /// <summary>How the plan is returned. Default dense.</summary>
    public PlanFormat Plan { get; init; } = PlanFormat.Dense;

    /// <summary>For <see cref="PlanFormat.Sparse"/>: entries at or below this are dropped. Default 0 (keep every nonzero).</summary>
    public double SparseDropTolerance { get; init; }

    /// <summary>Keep the marginal error of every iteration in <see cref="TransportResult.History"/>. Default true.</summary>
    public bool RecordHistory { get; init; } = true;

    /// <summary>Synchronous callback after each iteration; <see cref="IterationInfo.ResidualNorm"/> is the marginal error.</summary>
    public IIterationMonitor? Monitor { get; init; }

    /// <summary>Progress sink, reported at most every <see cref="ProgressInterval"/> and at the end.</summary>
    public IProgress<IterationInfo>? Progress { get; init; }

    /// <summary>Minimum time between two <see cref="Progress"/> reports. Default 100 ms.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cancels a long solve, which then returns <see cref="TransportStatus.Cancelled"/> with its last plan.</summary>
    public CancellationToken CancellationToken { get; init; }

    internal virtual void Validate()
    {
        if (!(Tolerance > 0) || double.IsInfinity(Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be a positive number.");
        if (MaxIterations < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be non-negative.");
        if (!(SparseDropTolerance >= 0))
            throw new ArgumentOutOfRangeException(nameof(SparseDropTolerance), SparseDropTolerance, "SparseDropTolerance must be non-negative.");
        if (!Enum.IsDefined(Plan)) throw new ArgumentOutOfRangeException(nameof(Plan), Plan, "Unknown plan format.");
        if (!Enum.IsDefined(Stopping)) throw new ArgumentOutOfRangeException(nameof(Stopping), Stopping, "Unknown stopping rule.");
    }
}

/// <summary>The statistic an entropic solver tests against <see cref="TransportOptions.Tolerance"/>.</summary>
public enum StoppingRule
{
    /// <summary>||P 1 - a||_1 + ||P^T 1 - b||_1, checked after every iteration (it costs O(n + m)).</summary>
    MarginalL1,

    /// <summary>
    /// POT's rule, for iteration counts comparable with POT's sinkhorn/sinkhorn_log: ||P^T 1 - b||_2, checked
    /// after iterations 1, 11, 21, ... (POT's ii % 10 == 0 with 0-based ii; POT reports niter = iterations - 1).
    /// </summary>
    PotColumnL2Every10,
}
