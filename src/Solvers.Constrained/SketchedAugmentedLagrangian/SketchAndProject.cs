using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>Why <see cref="SketchAndProject.Solve"/> stopped.</summary>
public enum SketchStop
{
    /// <summary>The true residual met the tolerance.</summary>
    Converged = 1,

    /// <summary>The step budget ran out.</summary>
    MaxSteps = -1,

    /// <summary>
    /// The residual decay observed so far predicts that the tolerance will not be met within the budget
    /// (only when asked for; the caller then solves exactly instead of spending the rest of the budget).
    /// </summary>
    PredictedMiss = -2,

    /// <summary>The residual became NaN or infinite.</summary>
    NaNOrInfinity = -3,

    /// <summary>Cancelled.</summary>
    Cancelled = -4,
}

/// <summary>
/// Randomized iterative sketching for a square system K v = b (Gower and Richtarik's sketch-and-project):
/// each step draws a sketch S and projects v onto {v : S^T K v = S^T b}. A solver either keeps the residual
/// r = K v - b up to date in every step (<see cref="TracksResidual"/>; it is still recomputed periodically and
/// before success is reported) or only touches the rows it projects on, in which case the stopping test takes the
/// true residual every <see cref="CheckInterval"/> steps. The state persists between calls, so sketching can be
/// continued from the current v after a penalty update (brief section 6). No factorisation of K is formed.
/// </summary>
public abstract class SketchAndProject
{
    private const int CancellationStride = 1024;

    /// <summary>Checks of the true residual needed before the decay rate is trusted for a prediction.</summary>
    public const int MinChecksForPrediction = 3;

    /// <summary>
    /// Fraction of the step budget taken before a miss may be predicted. 2% (it was 10%) still spans a dozen or more
    /// residual checks on the HS, BT and ECLR systems; with it, ECLR made the same fallbacks as with 10% for a fifth
    /// fewer steps.
    /// </summary>
    public const double MinBudgetFractionForPrediction = 0.02;

    private readonly List<(long Steps, double LogResidual)> _checks = [];

    /// <summary>Sets up the solver for K v = b starting from v = 0.</summary>
    /// <param name="k">The square matrix.</param>
    /// <param name="b">Right-hand side (copied).</param>
    /// <param name="seed">Seed of the random sketches.</param>
    protected SketchAndProject(CsrMatrix k, ReadOnlySpan<double> b, int seed)
    {
        ArgumentNullException.ThrowIfNull(k);
        if (!k.IsSquare) throw new ArgumentException($"The sketched system must be square; K is {k.RowCount} x {k.ColumnCount}.", nameof(k));
        if (b.Length != k.RowCount) throw new ArgumentException($"Right-hand side has length {b.Length}; K has {k.RowCount} rows.", nameof(b));
        Matrix = k;
        Rhs = b.ToArray();
        Solution = new double[b.Length];
        Residual = new double[b.Length];
        for (int i = 0; i < b.Length; i++) Residual[i] = -Rhs[i];
        ResidualSquared = Blas1.Dot(Residual, Residual);
        Random = new Random(seed);
    }

    /// <summary>K.</summary>
    protected CsrMatrix Matrix { get; }

    /// <summary>b.</summary>
    protected double[] Rhs { get; }

    /// <summary>r = K v - b: maintained by the steps when <see cref="TracksResidual"/>, else true at each check.</summary>
    protected double[] Residual { get; }

    /// <summary>||r||^2 for <see cref="Residual"/>.</summary>
    protected double ResidualSquared { get; set; }

    /// <summary>The sketch generator.</summary>
    protected Random Random { get; }

    /// <summary>True when every step updates <see cref="Residual"/>; false when the residual is only formed at checks.</summary>
    protected virtual bool TracksResidual => true;

    /// <summary>Steps between true-residual checks when the residual is not tracked (1 when it is).</summary>
    public virtual int CheckInterval => 1;

    /// <summary>The current iterate v.</summary>
    public double[] Solution { get; }

    /// <summary>Sketch steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Full residual products r = K v - b taken so far.</summary>
    public long ResidualChecks { get; private set; }

    /// <summary>Floating-point operations spent so far (multiply-add = 2).</summary>
    public double Flops { get; protected set; }

    /// <summary>||K v - b|| at the last check (or as tracked).</summary>
    public double ResidualNorm => Math.Sqrt(Math.Max(ResidualSquared, 0));

    /// <summary>One sketch-and-project step.</summary>
    protected abstract void Step();

    /// <summary>
    /// <paramref name="count"/> consecutive steps. Solvers whose steps cost a few nanoseconds override it to keep
    /// their state in locals across steps instead of paying a virtual call per step.
    /// </summary>
    protected virtual void Step(long count)
    {
        for (long b = 0; b < count; b++) Step();
    }

    /// <summary>
    /// Steps until ||K v - b|| &lt;= <paramref name="tolerance"/> (checked on the true residual) or
    /// <paramref name="maxSteps"/> more steps; true when the tolerance was met.
    /// </summary>
    public bool Run(double tolerance, long maxSteps, CancellationToken cancellationToken = default) =>
        Solve(tolerance, maxSteps, predictMiss: false, cancellationToken) == SketchStop.Converged;

    /// <summary>
    /// Steps until ||K v - b|| &lt;= <paramref name="tolerance"/> (on the true residual) or <paramref name="maxSteps"/>
    /// more steps. With <paramref name="predictMiss"/>, also stops once the least-squares slope of log ||r|| over the
    /// last quarter of the steps taken so far (at least <see cref="MinChecksForPrediction"/> checks and
    /// <see cref="MinBudgetFractionForPrediction"/> of the budget) predicts that meeting the tolerance needs more than twice the remaining budget.
    /// </summary>
    public SketchStop Solve(double tolerance, long maxSteps, bool predictMiss, CancellationToken cancellationToken = default)
    {
        long refresh = Math.Max(1000, 4L * Rhs.Length);
        long sinceRefresh = 0, sinceCheck = 0;
        int interval = TracksResidual ? 1 : Math.Max(1, CheckInterval);
        long start = Steps;
        _checks.Clear();
        _checks.Add((Steps, SafeLog(ResidualNorm)));
        for (long s = 0; ;)
        {
            if (ResidualNorm <= tolerance)
            {
                if (TracksResidual && sinceRefresh > 0) RecomputeResidual();
                if (ResidualNorm <= tolerance) return SketchStop.Converged;
                sinceRefresh = 0;
            }
            if (s >= maxSteps) return SketchStop.MaxSteps;
            if (cancellationToken.IsCancellationRequested) return SketchStop.Cancelled;
            long burst = Math.Min(Math.Min(interval - sinceCheck, maxSteps - s), CancellationStride);
            Step(burst);
            Steps += burst;
            s += burst;
            sinceCheck = (sinceCheck + burst) % interval;
            if (TracksResidual)
            {
                sinceRefresh += burst;
                if (sinceRefresh >= refresh)
                {
                    RecomputeResidual();
                    sinceRefresh = 0;
                }
            }
            else if (sinceCheck == 0 || s >= maxSteps)
            {
                RecomputeResidual();
                _checks.Add((Steps, SafeLog(ResidualNorm)));
            }
            if (!double.IsFinite(ResidualSquared)) return SketchStop.NaNOrInfinity;
            if (predictMiss && !TracksResidual && ResidualNorm > tolerance && PredictsMiss(tolerance, maxSteps - s, Steps - start, maxSteps))
                return SketchStop.PredictedMiss;
            if (predictMiss && TracksResidual && s % 64 == 0)
            {
                _checks.Add((Steps, SafeLog(ResidualNorm)));
                if (ResidualNorm > tolerance && PredictsMiss(tolerance, maxSteps - s, Steps - start, maxSteps)) return SketchStop.PredictedMiss;
            }
        }
    }

    private bool PredictsMiss(double tolerance, long remaining, long taken, long budget)
    {
        if (_checks.Count < MinChecksForPrediction + 1 || taken < MinBudgetFractionForPrediction * budget) return false;
        // Least-squares slope of log ||r|| against steps over the last quarter of the steps taken. Kaczmarz decays fast
        // while the large singular directions are removed and then settles to its slow asymptotic rate, so older checks
        // make the rate look better than it is (with the second half, misses on ECLR were detected only after 70-99k
        // of the 100k steps); a least-squares fit over several checks rather than two single ones smooths their noise.
        var (nowSteps, nowLog) = _checks[^1];
        long recent = _checks[0].Steps + 3 * (nowSteps - _checks[0].Steps) / 4;
        int j = _checks.FindIndex(c => c.Steps >= recent);
        if (j < 0 || _checks.Count - j < MinChecksForPrediction) return false;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int count = 0;
        for (int q = j; q < _checks.Count; q++)
        {
            var (steps, log) = _checks[q];
            if (!double.IsFinite(log)) return false;
            double xq = steps - recent;
            sx += xq; sy += log; sxx += xq * xq; sxy += xq * log;
            count++;
        }
        double denominator = count * sxx - sx * sx;
        if (!(denominator > 0)) return false;
        double slope = (count * sxy - sx * sy) / denominator;
        if (!(slope < 0)) return true;
        double needed = nowLog - Math.Log(tolerance);
        return needed / -slope > 2.0 * remaining;
    }

    private static double SafeLog(double v) => v > 0 ? Math.Log(v) : double.NegativeInfinity;

    /// <summary>r = K v - b from scratch.</summary>
    protected void RecomputeResidual()
    {
        Matrix.Apply(Solution, Residual);
        for (int i = 0; i < Residual.Length; i++) Residual[i] -= Rhs[i];
        ResidualSquared = Blas1.Dot(Residual, Residual);
        Flops += 2.0 * Matrix.NonZeroCount + 3.0 * Residual.Length;
        ResidualChecks++;
    }
}
