using System.Diagnostics;
using Solvers.Constrained.Problems;
using Solvers.Linear.Direct;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// AdaSketch-Newton (I. Hong, S. Na, M. W. Mahoney, M. Kolar, "Constrained Optimization via Exact Augmented
/// Lagrangian and Randomized Iterative Sketching", ICML 2023; brief ../shared/design/papers/sketched-al-newton.md).
/// Each outer iteration solves the Newton-KKT system K dz = -grad L inexactly by randomized Kaczmarz or
/// Gaussian sketch-and-project, to an accuracy that adapts to the penalties (section 5); raises the penalties
/// until dz is a sufficient descent direction of the exact augmented Lagrangian (section 6); and backtracks on
/// that merit function (section 7). An exact inner solve is available for comparison.
/// </summary>
public static class AdaSketchNewton
{
    /// <summary>Solves min f(x) s.t. c(x) = 0 from the problem's starting point.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Parameters; paper defaults when null.</param>
    /// <returns>The result; failures are statuses with the last iterate.</returns>
    /// <exception cref="ArgumentException">Bad options or a starting point / multiplier vector of the wrong length.</exception>
    public static ConstrainedResult Solve(IConstrainedProblem problem, AdaSketchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Solve(problem, problem.InitialPoint(), options);
    }

    /// <summary>Solves min f(x) s.t. c(x) = 0 from <paramref name="start"/>.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="start">Starting point (length n; copied).</param>
    /// <param name="options">Parameters; paper defaults when null.</param>
    public static ConstrainedResult Solve(IConstrainedProblem problem, ReadOnlySpan<double> start, AdaSketchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new AdaSketchOptions();
        options.Validate();
        int n = problem.VariableCount, m = problem.ConstraintCount;
        if (start.Length != n) throw new ArgumentException($"The starting point has length {start.Length}; {problem.Name} has {n} variables.", nameof(start));
        if (options.InitialMultipliers is { } l0 && l0.Length != m)
            throw new ArgumentException($"InitialMultipliers has length {l0.Length}; {problem.Name} has {m} constraints.", nameof(options));
        return new Run(problem, options).Execute(start.ToArray(), options.InitialMultipliers is null ? new double[m] : (double[])options.InitialMultipliers.Clone());
    }

    /// <summary>The state of one solve.</summary>
    private sealed class Run(IConstrainedProblem problem, AdaSketchOptions options)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<double> _history = [];
        private readonly List<double> _feasibility = [];
        private int _fEvals, _gEvals, _hEvals, _shifts, _violations, _fallbacks, _polished, _predictedMisses, _trials;
        private long _inner, _sketchSteps, _sketchRows, _residualChecks;
        private double _minRelTol = double.NaN, _maxRelTol = double.NaN;
        private double _evalSeconds, _hessianSeconds, _setupSeconds, _sketchSeconds, _exactSeconds;
        private readonly ExactKktSolver _exact = new();
        private readonly CholeskyCache _gramCholesky = new();
        private double[]? _minusOnes;
        private double _flops;
        private double _mu = options.Mu0, _nu = options.Nu0, _delta = options.Delta0;
        private double _initialKkt;

        private void Report(int iteration, double kkt) =>
            options.Monitor?.OnIteration(new IterationInfo(iteration, kkt, _initialKkt > 0 ? kkt / _initialKkt : 0, _clock.Elapsed));

        private NlpPoint Evaluate(double[] x, double[] lambda)
        {
            _fEvals++;
            _gEvals++;
            long t0 = Stopwatch.GetTimestamp();
            var point = NlpPoint.Evaluate(problem, x, lambda);
            _evalSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            return point;
        }

        public ConstrainedResult Execute(double[] x0, double[] lambda0)
        {
            int n = problem.VariableCount, m = problem.ConstraintCount;
            var point = Evaluate(x0, lambda0);
            if (!point.Finite) return Finish(point, ConstrainedStatus.NaNOrInfinity, 0, "A callback returned NaN or infinity at the starting point.");
            var random = new Random(options.Seed);
            _initialKkt = point.KktNorm;
            for (int iteration = 0; ; iteration++)
            {
                double kkt = point.KktNorm;
                if (options.RecordHistory) _history.Add(kkt);
                Report(iteration, kkt);
                if (kkt <= options.Tolerance) return Finish(point, ConstrainedStatus.Converged, iteration, null);
                if (iteration >= options.MaxOuterIterations)
                    return Finish(point, ConstrainedStatus.MaxIterations, iteration, $"{options.MaxOuterIterations} outer iterations; KKT residual {kkt:G3}.");
                if (options.CancellationToken.IsCancellationRequested) return Finish(point, ConstrainedStatus.Cancelled, iteration, null);

                long tSetup = Stopwatch.GetTimestamp();
                var jac = point.Jacobian!;
                double feas = point.FeasibilityNorm;
                if (m > 0 && feas > Math.Max(10 * options.Tolerance, 1e-6))
                {
                    var gtc = new double[n];
                    jac.ApplyTranspose(point.C, gtc);
                    bool stationary = NlpPoint.Norm(gtc) <= 1e-6 * feas;
                    bool stalled = _mu > options.MaxMu && _feasibility.Count >= 10 && feas > 0.99 * _feasibility[^10];
                    if (stationary || stalled)
                        return Finish(point, ConstrainedStatus.Infeasible, iteration,
                            $"||c|| = {feas:G3} no longer decreases (||G^T c|| = {NlpPoint.Norm(gtc):G3}, mu = {_mu:G3}): the constraints look inconsistent.");
                }
                _feasibility.Add(feas);

                // Hessian of the Lagrangian and its modification (section 2).
                _hEvals++;
                DerivativeMatrix hessian;
                CsrMatrix h;
                _setupSeconds += Stopwatch.GetElapsedTime(tSetup).TotalSeconds;
                long tHessian = Stopwatch.GetTimestamp();
                try
                {
                    hessian = problem.LagrangianHessian(point.X, point.Lambda);
                    h = hessian.ToCsr();
                }
                catch (ArgumentException)
                {
                    return Finish(point, ConstrainedStatus.NaNOrInfinity, iteration, "The Lagrangian Hessian has a NaN or infinite entry.");
                }
                finally
                {
                    _hessianSeconds += Stopwatch.GetElapsedTime(tHessian).TotalSeconds;
                }
                tSetup = Stopwatch.GetTimestamp();
                double hNorm = h.FrobeniusNorm();
                double gNorm = jac.FrobeniusNorm();
                double xiG = 1.0, regularization = 0;
                if (m > 0 && m <= options.DenseTestLimit)
                {
                    xiG = CappedMinGramEigenvalue(jac);
                    if (!(xiG >= options.SingularThreshold))
                    {
                        if (options.StopOnSingularJacobian)
                            return Finish(point, ConstrainedStatus.SingularJacobian, iteration, $"lambda_min(G G^T) = {xiG:G3} < {options.SingularThreshold:G3}.");
                        regularization = options.SingularThreshold;
                    }
                }
                double shift = ReducedHessianNeedsShift(h, jac) ? options.XiB + hNorm : 0;
                if (shift > 0) _shifts++;
                double bNormSq = BNormSquared(h, shift);
                double kNorm = Math.Sqrt(bNormSq + 2 * gNorm * gNorm + m * regularization * regularization);
                double psi = 20 * Math.Max(bNormSq, 1) / (Math.Min(Math.Max(xiG, options.SingularThreshold), 1) * Math.Min(options.XiB, 1));
                double upsilon = Math.Max(Math.Max(gNorm, hNorm), 1);
                _delta = Math.Max(Math.Min(_delta, DeltaTrial(upsilon, psi)), options.DeltaMin);

                var k = KktMatrix.Assemble(h, jac, shift, regularization);
                var rhs = new double[n + m];
                for (int i = 0; i < n; i++) rhs[i] = -point.GradLx[i];
                for (int j = 0; j < m; j++) rhs[n + j] = -point.C[j];

                // Merit-gradient pieces at z_t (section 4): grad M = (gLx + mu G^T c + nu H gLx, c + nu G gLx).
                var hg = new double[n];
                h.Apply(point.GradLx, hg);
                var gtcv = new double[n];
                jac.ApplyTranspose(point.C, gtcv);
                var ggl = new double[m];
                jac.Apply(point.GradLx, ggl);
                double kkt2 = kkt * kkt;

                var dz = new double[n + m];
                _setupSeconds += Stopwatch.GetElapsedTime(tSetup).TotalSeconds;
                bool polish = options.InnerSolver != InnerSolverKind.Exact && options.PolishBelow is { } polishBelow && kkt <= polishBelow;
                if (polish) _polished++;
                SketchAndProject? sketch = polish ? null : options.InnerSolver switch
                {
                    InnerSolverKind.RandomizedKaczmarz when options.SketchSize == 1 => new RandomizedKaczmarz(k, rhs, random.Next(), options.RowOrder, options.ScaleColumns),
                    InnerSolverKind.RandomizedKaczmarz => new BlockKaczmarz(k, rhs, options.SketchSize, random.Next()),
                    InnerSolverKind.GaussianSketch => new GaussianSketch(k, rhs, random.Next()),
                    _ => null,
                };
                if (sketch is null) ExactSolve(k, n, rhs, dz);
                long innerBudget = options.MaxInnerIterations;
                double slope;
                while (true)
                {
                    if (sketch is not null)
                    {
                        double tol = options.FixedInnerTolerance is { } fixedTol
                            ? fixedTol * kkt
                            : options.Theta * _delta * kkt / (kNorm * psi);
                        double relTol = tol / kkt;
                        _minRelTol = double.IsNaN(_minRelTol) ? relTol : Math.Min(_minRelTol, relTol);
                        _maxRelTol = double.IsNaN(_maxRelTol) ? relTol : Math.Max(_maxRelTol, relTol);
                        long before = sketch.Steps;
                        long tSketch = Stopwatch.GetTimestamp();
                        var stop = sketch.Solve(tol, innerBudget, options.ExactFallback && options.PredictSketchMiss, options.CancellationToken);
                        _sketchSeconds += Stopwatch.GetElapsedTime(tSketch).TotalSeconds;
                        innerBudget -= sketch.Steps - before;
                        sketch.Solution.CopyTo(dz, 0);
                        if (stop != SketchStop.Converged && options.ExactFallback && !options.CancellationToken.IsCancellationRequested)
                        {
                            // The sketches could not reach the accuracy within the budget, or their observed rate
                            // says they will not (K ill-conditioned, e.g. a PDE Jacobian or a degenerate
                            // minimiser): safeguard with an exact solve for this iteration.
                            ExactSolve(k, n, rhs, dz);
                            _fallbacks++;
                            if (stop == SketchStop.PredictedMiss) _predictedMisses++;
                            AddSketchWork(sketch);
                            sketch = null;
                        }
                    }
                    slope = 0;
                    for (int i = 0; i < n; i++) slope += (point.GradLx[i] + _mu * gtcv[i] + _nu * hg[i]) * dz[i];
                    for (int j = 0; j < m; j++) slope += (point.C[j] + _nu * ggl[j]) * dz[n + j];
                    if (slope <= -0.5 * _nu * kkt2) break;
                    if (_mu > options.MaxMu || _nu < options.MinNu)
                    {
                        _violations++;
                        break;
                    }
                    _mu *= options.Rho * options.Rho;
                    _nu /= options.Rho;
                    _delta = Math.Max(Math.Min(_delta / Math.Pow(options.Rho, 4), DeltaTrial(upsilon, psi)), options.DeltaMin);
                }
                if (sketch is not null) AddSketchWork(sketch);
                if (options.CancellationToken.IsCancellationRequested) return Finish(point, ConstrainedStatus.Cancelled, iteration, null);
                if (!AllFinite(dz)) return Finish(point, ConstrainedStatus.NaNOrInfinity, iteration, "The Newton step has a NaN or infinite entry.");

                // Backtracking Armijo on the merit function (section 7), with a rounding allowance.
                double merit0 = point.Merit(_mu, _nu);
                double allowance = 1e-13 * (Math.Abs(merit0) + 1);
                double alpha = 1;
                NlpPoint? accepted = null;
                for (int b = 0; b <= options.MaxBacktracks; b++, alpha *= 0.5)
                {
                    var xt = new double[n];
                    var lt = new double[m];
                    for (int i = 0; i < n; i++) xt[i] = point.X[i] + alpha * dz[i];
                    for (int j = 0; j < m; j++) lt[j] = point.Lambda[j] + alpha * dz[n + j];
                    _trials++;
                    var trial = Evaluate(xt, lt);
                    if (!trial.Finite) continue;
                    if (trial.Merit(_mu, _nu) <= merit0 + alpha * options.Beta * slope + allowance)
                    {
                        accepted = trial;
                        break;
                    }
                }
                if (accepted is null)
                    return Finish(point, ConstrainedStatus.LineSearchFailed, iteration + 1,
                        $"No decrease of the merit function along the step (slope {slope:G3}, mu {_mu:G3}, nu {_nu:G3}).");
                point = accepted;
            }
        }

        private void ExactSolve(CsrMatrix k, int n, double[] rhs, double[] dz)
        {
            long t0 = Stopwatch.GetTimestamp();
            var (its, flops) = _exact.Solve(k, n, rhs, dz, options.CancellationToken);
            _exactSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            _inner += its;
            _flops += flops;
        }

        private void AddSketchWork(SketchAndProject sketch)
        {
            _inner += sketch.Steps;
            _sketchSteps += sketch.Steps;
            _sketchRows += sketch.Steps * (sketch is BlockKaczmarz block ? block.BlockSize : 1);
            _residualChecks += sketch.ResidualChecks;
            _flops += sketch.Flops;
        }

        private double DeltaTrial(double upsilon, double psi) =>
            (0.5 - options.Beta) * _nu / ((1 + _mu + _nu) * upsilon * upsilon * psi * psi);

        private bool ReducedHessianNeedsShift(CsrMatrix h, CsrMatrix jac)
        {
            int n = h.RowCount, m = jac.RowCount;
            if (n <= m) return false;
            if (n > options.DenseTestLimit) return GershgorinLowerBound(h) < options.TauB;
            Span<double> hd = n * n <= SmallSymmetric.StackLimit ? stackalloc double[n * n] : new double[n * n];
            SmallSymmetric.ToDense(h, hd);
            // lambda_min(Z^T H Z) >= tau_B for an orthonormal null-space basis Z is decided by Cholesky factorisations
            // of H - tau_B I (if H - tau_B I is positive definite, so is Z^T (H - tau_B I) Z; no QR needed) and
            // otherwise of Z^T H Z - tau_B I, instead of eigenvalues.
            if (SmallSymmetric.IsPositiveDefinite(hd, n, options.TauB)) return false;
            if (m == 0) return true;
            Span<double> g = m * n <= SmallSymmetric.StackLimit ? stackalloc double[m * n] : new double[m * n];
            SmallSymmetric.ToDense(jac, g);
            return !SmallSymmetric.ReducedIsPositiveDefinite(hd, n, g, m, options.TauB);
        }

        private static double GershgorinLowerBound(CsrMatrix h)
        {
            double lower = double.PositiveInfinity;
            var rp = h.RowPointers;
            var ci = h.ColumnIndices;
            var va = h.Values;
            for (int i = 0; i < h.RowCount; i++)
            {
                double diag = 0, off = 0;
                for (int p = rp[i]; p < rp[i + 1]; p++)
                {
                    if (ci[p] == i) diag = va[p];
                    else off += Math.Abs(va[p]);
                }
                lower = Math.Min(lower, diag - off);
            }
            return lower;
        }

        private static double BNormSquared(CsrMatrix h, double shift)
        {
            double s = 0;
            var rp = h.RowPointers;
            var ci = h.ColumnIndices;
            var va = h.Values;
            for (int i = 0; i < h.RowCount; i++)
            {
                bool diagonalSeen = false;
                for (int p = rp[i]; p < rp[i + 1]; p++)
                {
                    double v = va[p];
                    if (ci[p] == i) { v += shift; diagonalSeen = true; }
                    s += v * v;
                }
                if (!diagonalSeen) s += shift * shift;
            }
            return s;
        }

        /// <summary>
        /// min(lambda_min(G G^T), 1): the only way xi_G enters (Psi uses min(xi_G, 1), the singular test compares
        /// with a threshold below 1). A Cholesky factorisation of G G^T - I decides lambda_min >= 1 at a sixth of
        /// the cost of the eigenvalues, which are computed only when it fails.
        /// </summary>
        private double CappedMinGramEigenvalue(CsrMatrix jac)
        {
            int m = jac.RowCount;
            if (m >= 64)
            {
                // Sparse G (a PDE Jacobian): the sparse Cholesky decides the test in O(fill) instead of O(m^3), and
                // is refactorised in place while G's pattern stays the same.
                _minusOnes ??= Enumerable.Repeat(-1.0, m).ToArray();
                var sparse = SparseGram.WeightedGram(jac, default, _minusOnes);
                if (sparse.NonZeroCount <= (long)m * m / 8 && _gramCholesky.TryFactorize(sparse) is not null) return 1;
            }
            var gram = Gram(jac);
            return SmallSymmetric.IsPositiveDefinite(gram, m, 1) ? 1 : Math.Min(SmallSymmetric.MinEigenvalue(gram, m), 1);
        }

        /// <summary>G G^T as a dense m x m row-major array, from the columns of the sparse G (cost sum over columns of nnz^2).</summary>
        private static double[] Gram(CsrMatrix jac)
        {
            int m = jac.RowCount;
            var gt = jac.Transpose();
            var rp = gt.RowPointers;
            var ci = gt.ColumnIndices;
            var va = gt.Values;
            var g = new double[m * m];
            for (int col = 0; col < gt.RowCount; col++)
                for (int p = rp[col]; p < rp[col + 1]; p++)
                {
                    double vp = va[p];
                    int row = ci[p] * m;
                    for (int q = rp[col]; q < rp[col + 1]; q++) g[row + ci[q]] += vp * va[q];
                }
            return g;
        }

        private static bool AllFinite(double[] a)
        {
            foreach (double v in a) if (!double.IsFinite(v)) return false;
            return true;
        }

        private ConstrainedResult Finish(NlpPoint point, ConstrainedStatus status, int iterations, string? message)
        {
            if (options.RecordHistory && (_history.Count == 0 || _history[^1] != point.KktNorm)) _history.Add(point.KktNorm);
            return new ConstrainedResult
            {
                Status = status,
                X = point.X,
                Multipliers = point.Lambda,
                Objective = point.F,
                KktStationarity = point.StationarityNorm,
                KktFeasibility = point.FeasibilityNorm,
                OuterIterations = iterations,
                InnerIterations = _inner,
                InnerFlops = _flops,
                FunctionEvaluations = _fEvals,
                GradientEvaluations = _gEvals,
                HessianEvaluations = _hEvals,
                HessianShifts = _shifts,
                DescentViolations = _violations,
                ExactFallbacks = _fallbacks,
                PolishedIterations = _polished,
                Mu = _mu,
                Nu = _nu,
                History = _history.ToArray(),
                Profile = new ConstrainedProfile
                {
                    EvaluationSeconds = _evalSeconds,
                    HessianSeconds = _hessianSeconds,
                    SetupSeconds = _setupSeconds,
                    SketchSeconds = _sketchSeconds,
                    ExactSolveSeconds = _exactSeconds,
                    LineSearchTrials = _trials,
                    SketchSteps = _sketchSteps,
                    SketchRows = _sketchRows,
                    ResidualChecks = _residualChecks,
                    PredictedMisses = _predictedMisses,
                    MinInnerRelativeTolerance = _minRelTol,
                    MaxInnerRelativeTolerance = _maxRelTol,
                },
                Elapsed = _clock.Elapsed,
                Message = message,
            };
        }
    }
}
