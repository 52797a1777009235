using Solvers.Linear.Solving;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Parameters of <see cref="AdaSketchNewton"/>. Defaults are those of Hong, Na, Mahoney and Kolar (ICML 2023)
/// as in ../shared/design/papers/sketched-al-newton.md sections 5-9.
/// </summary>
public sealed record AdaSketchOptions
{
    /// <summary>Stop when ||(grad_x L, c)||_2 is at most this (paper: 1e-4).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Outer iteration limit (paper: 1e4).</summary>
    public int MaxOuterIterations { get; init; } = 10_000;

    /// <summary>Sketch steps allowed per outer iteration (paper: 1e5).</summary>
    public long MaxInnerIterations { get; init; } = 100_000;

    /// <summary>Inner solver.</summary>
    public InnerSolverKind InnerSolver { get; init; } = InnerSolverKind.RandomizedKaczmarz;

    /// <summary>
    /// Rows per Kaczmarz sketch q (<see cref="InnerSolverKind.RandomizedKaczmarz"/> only). 1 (default) is the paper's
    /// single-row randomized Kaczmarz; q &gt; 1 projects onto q uniformly drawn rows at once (<see cref="BlockKaczmarz"/>).
    /// The step budget <see cref="MaxInnerIterations"/> counts sketches, each of q rows.
    /// </summary>
    public int SketchSize { get; init; } = 1;

    /// <summary>
    /// Row order of single-row randomized Kaczmarz: <see cref="KaczmarzRowOrder.Uniform"/> (default, the reference
    /// code's independent draws) or <see cref="KaczmarzRowOrder.Reshuffled"/> (one random permutation per sweep).
    /// </summary>
    public KaczmarzRowOrder RowOrder { get; init; } = KaczmarzRowOrder.Uniform;

    /// <summary>
    /// Single-row randomized Kaczmarz projects in the norm weighted by the column norms of the KKT matrix
    /// (<see cref="RandomizedKaczmarz"/>, remarks) instead of the Euclidean norm. Off by default (the reference code).
    /// </summary>
    public bool ScaleColumns { get; init; }

    /// <summary>Initial penalty on infeasibility mu0.</summary>
    public double Mu0 { get; init; } = 1.0;

    /// <summary>Initial penalty on stationarity nu0.</summary>
    public double Nu0 { get; init; } = 0.1;

    /// <summary>Initial inner accuracy delta0.</summary>
    public double Delta0 { get; init; } = 0.1;

    /// <summary>Lower clamp of delta.</summary>
    public double DeltaMin { get; init; } = 1e-6;

    /// <summary>Armijo constant beta.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Penalty update factor rho: mu grows by rho^2, nu shrinks by rho.</summary>
    public double Rho { get; init; } = 1.5;

    /// <summary>Hessian modification constant xi_B (shift xi_B + ||H||_F).</summary>
    public double XiB { get; init; } = 0.1;

    /// <summary>Threshold tau_B on lambda_min of the reduced Hessian below which the Hessian is shifted.</summary>
    public double TauB { get; init; } = 1e-6;

    /// <summary>Accuracy multiplier theta of the inner stopping test (1 = the paper's experiments).</summary>
    public double Theta { get; init; } = 1.0;

    /// <summary>
    /// When set, the inner solver stops at ||K dz + grad L|| &lt;= FixedInnerTolerance ||grad L|| instead of the
    /// adaptive test (the fixed-accuracy variant used to show what adaptivity saves).
    /// </summary>
    public double? FixedInnerTolerance { get; init; }

    /// <summary>
    /// When set, outer iterations that start with a KKT residual at or below this value solve the Newton-KKT system
    /// exactly instead of sketching (counted in <see cref="ConstrainedResult.PolishedIterations"/>, not as fallbacks):
    /// AdaSketch runs to the paper's stop (1e-4 in its experiments) and exact Newton steps polish the last digits.
    /// Near the solution the adaptive test asks the sketches for relative residuals of 1e-10 and below, where
    /// Kaczmarz is at its slowest, while one or two exact steps suffice there. Null (default) sketches to the end.
    /// </summary>
    public double? PolishBelow { get; init; }

    /// <summary>
    /// When the sketch solver misses the accuracy test within <see cref="MaxInnerIterations"/> steps, solve that
    /// iteration's KKT system exactly instead of using the inaccurate step (counted in
    /// <see cref="ConstrainedResult.ExactFallbacks"/>). Off reproduces the reference code, which uses the capped step.
    /// </summary>
    public bool ExactFallback { get; init; } = true;

    /// <summary>
    /// With <see cref="ExactFallback"/>: stop sketching as soon as the residual decay observed so far predicts a
    /// miss of the accuracy test within the step budget (<see cref="SketchStop.PredictedMiss"/>: least-squares
    /// log-residual slope over the last quarter of the steps taken, after at least 2% of the budget, predicting more
    /// than twice the remaining budget), instead of spending the whole budget first. When the prediction is right
    /// the step is the same exact one and only wasted sketch steps are saved; when it is wrong, an exact solve replaces
    /// a sketch that would have met the test late. On the 30 HS/BT problems of benchmarks/peers/nlp it falls back 110
    /// times against 79 when the budget is run out, with the same 233 outer iterations and 8.6x fewer sketch steps; on
    /// ECLR 24 times against 22, with 5.2x fewer steps. Ignored without <see cref="ExactFallback"/>.
    /// </summary>
    public bool PredictSketchMiss { get; init; } = true;

    /// <summary>lambda_min(G G^T) below this counts as a singular Jacobian (paper: 1e-2).</summary>
    public double SingularThreshold { get; init; } = 1e-2;

    /// <summary>
    /// Stop with <see cref="ConstrainedStatus.SingularJacobian"/> on a singular Jacobian (the reference code's
    /// behaviour). When false (default) the KKT matrix is regularised with -SingularThreshold I in its
    /// multiplier block for that iteration and the solve continues.
    /// </summary>
    public bool StopOnSingularJacobian { get; init; }

    /// <summary>Penalty safeguards: stop raising mu above this.</summary>
    public double MaxMu { get; init; } = 1e8;

    /// <summary>Penalty safeguards: stop lowering nu below this.</summary>
    public double MinNu { get; init; } = 1e-8;

    /// <summary>Backtracking halvings allowed before <see cref="ConstrainedStatus.LineSearchFailed"/>.</summary>
    public int MaxBacktracks { get; init; } = 60;

    /// <summary>Largest n (and m) for which reduced-Hessian and lambda_min(G G^T) tests use dense eigenvalues; above it a Gershgorin test on H is used and the Jacobian test is skipped.</summary>
    public int DenseTestLimit { get; init; } = 300;

    /// <summary>Seed of the sketches (paper: 2023).</summary>
    public int Seed { get; init; } = 2023;

    /// <summary>Initial multipliers (length m); null means zeros.</summary>
    public double[]? InitialMultipliers { get; init; }

    /// <summary>Record the KKT residual of every outer iteration in the result.</summary>
    public bool RecordHistory { get; init; } = true;

    /// <summary>Cancels the solve; the last iterate is returned with <see cref="ConstrainedStatus.Cancelled"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Called at the start of every outer iteration (iteration 0 at the starting point; the last call is the returned
    /// iterate), with the KKT residual ||(grad_x L, c)|| as <see cref="IterationInfo.ResidualNorm"/> and its ratio to
    /// the starting point's as <see cref="IterationInfo.RelativeResidual"/>: progress bars, logging.
    /// </summary>
    public IIterationMonitor? Monitor { get; init; }

    /// <summary>Checks the values; throws ArgumentException naming the first bad one.</summary>
    public void Validate()
    {
        static void Positive(double v, string name)
        {
            if (!(v > 0) || !double.IsFinite(v)) throw new ArgumentException($"{name} must be positive and finite, was {v}.", name);
        }
        Positive(Tolerance, nameof(Tolerance));
        if (PolishBelow is { } polish) Positive(polish, nameof(PolishBelow));
        Positive(Mu0, nameof(Mu0));
        Positive(Nu0, nameof(Nu0));
        Positive(Delta0, nameof(Delta0));
        Positive(DeltaMin, nameof(DeltaMin));
        Positive(Theta, nameof(Theta));
        Positive(XiB, nameof(XiB));
        Positive(SingularThreshold, nameof(SingularThreshold));
        if (!(Beta > 0 && Beta < 0.5)) throw new ArgumentException($"Beta must be in (0, 0.5), was {Beta}.", nameof(Beta));
        if (!(Rho > 1)) throw new ArgumentException($"Rho must exceed 1, was {Rho}.", nameof(Rho));
        if (MaxOuterIterations < 0) throw new ArgumentException($"MaxOuterIterations must be non-negative, was {MaxOuterIterations}.", nameof(MaxOuterIterations));
        if (SketchSize < 1) throw new ArgumentException($"SketchSize must be at least 1, was {SketchSize}.", nameof(SketchSize));
        if (MaxInnerIterations < 1) throw new ArgumentException($"MaxInnerIterations must be positive, was {MaxInnerIterations}.", nameof(MaxInnerIterations));
        if (FixedInnerTolerance is { } f && !(f > 0)) throw new ArgumentException($"FixedInnerTolerance must be positive, was {f}.", nameof(FixedInnerTolerance));
    }
}
