using System.Diagnostics;

namespace Solvers.Linear.Solving;

/// <summary>
/// The stopping test and reporting shared by all iterative methods: history, monitor, throttled progress,
/// cancellation, NaN, divergence, tolerance and iteration limit, in one place so every method agrees.
/// </summary>
internal sealed class IterationTracker
{
    private readonly SolverOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<double>? _history;
    private readonly double _bNorm;
    private readonly double _scale;
    private TimeSpan? _lastProgress;

    public IterationTracker(SolverOptions options, double bNorm)
    {
        _options = options;
        _bNorm = bNorm;
        _scale = bNorm > 0 ? bNorm : 1.0;
        Threshold = Math.Max(options.AbsoluteTolerance, options.RelativeTolerance * bNorm);
        // Most solves stop after tens or hundreds of iterations: a large initial capacity would be fresh memory
        // (page faults) that a short solve pays for and never uses; growth by doubling costs little.
        if (options.RecordHistory) _history = new List<double>(Math.Min(options.MaxIterations + 1, 256));
    }

    /// <summary>The residual norm at or below which the solve has converged.</summary>
    public double Threshold { get; }

    public double BNorm => _bNorm;

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<double> History => (IReadOnlyList<double>?)_history ?? Array.Empty<double>();

    /// <summary>
    /// Records iteration <paramref name="iteration"/> with residual norm <paramref name="residualNorm"/> and
    /// says whether to stop: a converged status, a failure status, or <see cref="SolveStatus.Iterating"/>.
    /// </summary>
    public SolveStatus Check(int iteration, double residualNorm)
    {
        double relative = residualNorm / _scale;
        _history?.Add(relative);
        var monitor = _options.Monitor;
        var progress = _options.Progress;
        if (monitor is not null || progress is not null)
        {
            var info = new IterationInfo(iteration, residualNorm, relative, _clock.Elapsed);
            monitor?.OnIteration(info);
            if (progress is not null && (_lastProgress is null || info.Elapsed - _lastProgress.Value >= _options.ProgressInterval))
            {
                _lastProgress = info.Elapsed;
                progress.Report(info);
            }
        }
        if (!double.IsFinite(residualNorm)) return SolveStatus.NaNOrInfinity;
        if (residualNorm <= Threshold) return Converged(residualNorm);
        if (residualNorm > _options.DivergenceTolerance * _scale) return SolveStatus.Diverged;
        if (_options.CancellationToken.IsCancellationRequested) return SolveStatus.Cancelled;
        if (iteration >= _options.MaxIterations) return SolveStatus.MaxIterations;
        return SolveStatus.Iterating;
    }

    /// <summary>Which converged status a residual at or below the threshold earns.</summary>
    public SolveStatus Converged(double residualNorm) =>
        _bNorm > 0 && residualNorm <= _options.RelativeTolerance * _bNorm ? SolveStatus.ConvergedRelative : SolveStatus.ConvergedAbsolute;

    public SolveResult Finish(string method, SolveStatus status, int iterations, double initialResidual, double trueResidual, string? message)
    {
        var elapsed = _clock.Elapsed;
        _options.Progress?.Report(new IterationInfo(iterations, trueResidual, trueResidual / _scale, elapsed));
        return new SolveResult
        {
            Method = method,
            Status = status,
            Iterations = iterations,
            ResidualNorm = trueResidual,
            RelativeResidual = trueResidual / _scale,
            InitialResidualNorm = initialResidual,
            History = History,
            Elapsed = elapsed,
            Message = Join(DescribeFailure(status), message),
        };
    }

    /// <summary>
    /// Restores the best iterate when the solve failed, recomputes ||b - A x|| from scratch (into
    /// <paramref name="work"/>) and builds the result.
    /// </summary>
    public SolveResult FinishWithTrueResidual(Operators.ILinearOperator a, ReadOnlySpan<double> b, Span<double> x, Span<double> work,
        BestIterate? best, string method, SolveStatus status, int iterations, double initial, string? remark)
    {
        double trueNorm = InputChecks.Residual(a, b, x, work, _options.Threads);
        if (!status.IsConverged() && best is not null && best.RestoreIfBetter(x, trueNorm))
            trueNorm = InputChecks.Residual(a, b, x, work, _options.Threads);
        return Finish(method, status, iterations, initial, trueNorm, remark);
    }

    /// <summary>
    /// FinishWithTrueResidual for a solve that may end converged with <paramref name="verifiedNorm"/>
    /// = ||b - A x|| just recomputed from scratch for the x it returns: that is the number a recomputation would
    /// give, so it is reported without another product with A (one SpMV of a few dozen on small problems).
    /// </summary>
    public SolveResult FinishWithTrueResidual(Operators.ILinearOperator a, ReadOnlySpan<double> b, Span<double> x, Span<double> work,
        BestIterate? best, string method, SolveStatus status, int iterations, double initial, string? remark, double verifiedNorm) =>
        status.IsConverged()
            ? Finish(method, status, iterations, initial, verifiedNorm, remark)
            : FinishWithTrueResidual(a, b, x, work, best, method, status, iterations, initial, remark);

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " " + second;

    private string? DescribeFailure(SolveStatus status) => status switch
    {
        SolveStatus.MaxIterations => $"Did not reach the tolerance within {_options.MaxIterations} iterations; returned the best iterate.",
        SolveStatus.Diverged => "The residual grew past the divergence tolerance.",
        SolveStatus.NaNOrInfinity => "A NaN or infinity appeared in the iteration.",
        SolveStatus.Cancelled => "Cancelled; returned the best iterate so far.",
        SolveStatus.IndefiniteMatrix => "p^T A p <= 0: the matrix is not positive definite.",
        SolveStatus.IndefinitePreconditioner => "r^T M^-1 r <= 0: the preconditioner is not positive definite.",
        SolveStatus.Breakdown => "The method broke down (a denominator vanished, or the search space stopped growing short of the tolerance); returned the best iterate.",
        _ => null,
    };

    /// <summary>
    /// The remark of a GMRES-type method: on <see cref="SolveStatus.Breakdown"/> (which these methods report only when a
    /// Krylov space became invariant short of the tolerance) what that means, then <paramref name="remark"/>.
    /// </summary>
    public static string? KrylovRemark(SolveStatus status, string? remark) => status == SolveStatus.Breakdown
        ? Join("The Krylov space became invariant with the residual above the tolerance: the (preconditioned) matrix is singular on it, and the least-squares iterate was returned.", remark)
        : remark;
}
