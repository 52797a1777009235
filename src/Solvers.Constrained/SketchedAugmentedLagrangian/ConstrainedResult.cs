namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>The outcome of an equality-constrained solve; on failure X and Multipliers hold the last iterate.</summary>
public sealed record ConstrainedResult
{
    /// <summary>Why the solve stopped.</summary>
    public required ConstrainedStatus Status { get; init; }

    /// <summary>True when <see cref="Status"/> is a converged status.</summary>
    public bool Converged => Status.IsConverged();

    /// <summary>The final (or last) primal iterate.</summary>
    public required double[] X { get; init; }

    /// <summary>The final multipliers lambda (L = f + lambda^T c).</summary>
    public required double[] Multipliers { get; init; }

    /// <summary>f(X).</summary>
    public required double Objective { get; init; }

    /// <summary>||grad f + G^T lambda||_2 at the returned point.</summary>
    public required double KktStationarity { get; init; }

    /// <summary>||c(X)||_2.</summary>
    public required double KktFeasibility { get; init; }

    /// <summary>||(grad_x L, c)||_2, the stopping quantity.</summary>
    public double KktResidual => Math.Sqrt(KktStationarity * KktStationarity + KktFeasibility * KktFeasibility);

    /// <summary>Outer (Newton) iterations performed.</summary>
    public required int OuterIterations { get; init; }

    /// <summary>Inner steps in total: sketch steps (rows or sketch vectors), GMRES iterations, or one per LU solve.</summary>
    public required long InnerIterations { get; init; }

    /// <summary>Floating-point operations spent in the inner solver (multiply-adds count 2).</summary>
    public required double InnerFlops { get; init; }

    /// <summary>Objective and constraint evaluations (one per point evaluated).</summary>
    public required int FunctionEvaluations { get; init; }

    /// <summary>Gradient-and-Jacobian evaluations.</summary>
    public required int GradientEvaluations { get; init; }

    /// <summary>Lagrangian-Hessian evaluations.</summary>
    public required int HessianEvaluations { get; init; }

    /// <summary>Outer iterations on which the Hessian was shifted to be positive definite on null(G).</summary>
    public int HessianShifts { get; init; }

    /// <summary>Outer iterations whose direction failed the descent test after the penalty safeguards fired.</summary>
    public int DescentViolations { get; init; }

    /// <summary>Outer iterations whose sketching missed its accuracy within the step budget and fell back to an exact solve.</summary>
    public int ExactFallbacks { get; init; }

    /// <summary>Outer iterations solved exactly because the KKT residual was below <see cref="AdaSketchOptions.PolishBelow"/>.</summary>
    public int PolishedIterations { get; init; }

    /// <summary>Final penalty on infeasibility.</summary>
    public double Mu { get; init; }

    /// <summary>Final penalty on stationarity.</summary>
    public double Nu { get; init; }

    /// <summary>KKT residual at the start of each outer iteration and at the end.</summary>
    public IReadOnlyList<double> History { get; init; } = Array.Empty<double>();

    /// <summary>Time per phase and inner work by kind.</summary>
    public ConstrainedProfile Profile { get; init; } = new();

    /// <summary>Wall time.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Human-readable detail on the outcome.</summary>
    public string? Message { get; init; }
}
