namespace Solvers.Transport;

/// <summary>
/// The outcome of a transport solve. Potentials follow one convention for every solver: for the entropic
/// solvers P[i, j] = exp((DualU[i] + DualV[j] - C[i, j]) / reg); for the exact solver DualU[i] + DualV[j] &lt;= C[i, j]
/// with equality where P[i, j] &gt; 0.
/// </summary>
public record TransportResult
{
    /// <summary>Solver name, e.g. "sinkhorn", "sinkhorn-log", "sns", "exact".</summary>
    public required string Method { get; init; }

    /// <summary>Why the solve stopped.</summary>
    public required TransportStatus Status { get; init; }

    /// <summary>True for a converged or optimal status.</summary>
    public bool Converged => Status.IsSuccess();

    /// <summary>The plan, or null when <see cref="TransportOptions.Plan"/> was <see cref="PlanFormat.None"/>.</summary>
    public TransportPlan? Plan { get; init; }

    /// <summary>The transport cost &lt;C, P&gt; of the returned plan.</summary>
    public required double Cost { get; init; }

    /// <summary>
    /// &lt;C, P&gt; + reg sum P log P (POT's objective, 0 log 0 = 0) for the entropic solvers; equal to
    /// <see cref="Cost"/> for the exact solver.
    /// </summary>
    public required double EntropicObjective { get; init; }

    /// <summary>The regularisation reg (0 for the exact solver).</summary>
    public double Regularization { get; init; }

    /// <summary>Source potential f (length n). Zero-weight points get the c-transform value (see the type remarks).</summary>
    public required double[] DualU { get; init; }

    /// <summary>Target potential g (length m).</summary>
    public required double[] DualV { get; init; }

    /// <summary>Iterations performed (Sinkhorn iterations, SNS iterations of both kinds, or simplex pivots).</summary>
    public required long Iterations { get; init; }

    /// <summary>||P 1 - a||_1 + ||P^T 1 - b||_1 of the returned plan, recomputed from it.</summary>
    public required double MarginalError { get; init; }

    /// <summary>The marginal error tested after each iteration (empty when not recorded; every 10th for POT's rule).</summary>
    public IReadOnlyList<double> History { get; init; } = Array.Empty<double>();

    /// <summary>Wall time of the solve (excluding building the cost matrix).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Detail: the cause of a failure, mass dropped from a sparse plan, and so on.</summary>
    public string? Message { get; init; }
}

/// <summary>A <see cref="TransportResult"/> of <see cref="Sinkhorn.SinkhornNewtonSparse"/>, with its Newton statistics.</summary>
public sealed record SnsResult : TransportResult
{
    /// <summary>Sinkhorn iterations (warm start and fall-backs).</summary>
    public required int SinkhornIterations { get; init; }

    /// <summary>Newton steps taken.</summary>
    public required int NewtonSteps { get; init; }

    /// <summary>Conjugate-gradient iterations over all Newton steps.</summary>
    public required int CgIterations { get; init; }

    /// <summary>Newton steps whose line search failed and were replaced by Sinkhorn iterations.</summary>
    public required int Fallbacks { get; init; }

    /// <summary>
    /// Sinkhorn iterations run in place after Newton steps (<see cref="Sinkhorn.SnsOptions.InterleaveSinkhorn"/>);
    /// Iterations = SinkhornIterations + InterleavedSinkhornIterations + NewtonSteps.
    /// </summary>
    public int InterleavedSinkhornIterations { get; init; }

    /// <summary>Average number of plan entries kept per Newton step in the sparsified Hessian.</summary>
    public required double AverageKeptEntries { get; init; }

    /// <summary>Where the solve spent its time, by phase.</summary>
    public SnsProfile Profile { get; init; } = new();
}

/// <summary>
/// Wall time of the phases of one <see cref="Sinkhorn.SinkhornNewtonSparse"/> solve, in seconds, and the work
/// counts that explain them. The phases do not overlap; their sum is close to <see cref="TransportResult.Elapsed"/>
/// (the rest is set-up and the final result assembly).
/// </summary>
public sealed record SnsProfile
{
    /// <summary>Sinkhorn iterations of the warm start (with the plan evaluation at its end).</summary>
    public double WarmStartSeconds { get; init; }

    /// <summary>Choosing the threshold and assembling the sparsified Newton matrix.</summary>
    public double SparsifySeconds { get; init; }

    /// <summary>Building the preconditioner (IC(0) or Jacobi) of each Newton matrix.</summary>
    public double PreconditionerSeconds { get; init; }

    /// <summary>The conjugate-gradient solves.</summary>
    public double CgSeconds { get; init; }

    /// <summary>The line searches: plan, marginals and dual at each trial step.</summary>
    public double LineSearchSeconds { get; init; }

    /// <summary>Sinkhorn blocks after failed or slow Newton steps (with the plan evaluation at their end).</summary>
    public double FallbackSeconds { get; init; }

    /// <summary>Plans evaluated by the line searches (one per trial step).</summary>
    public int LineSearchEvaluations { get; init; }
}
