using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Solvers.Constrained.Problems;
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
        private int _fEvals, _gEvals, _hEvals, _shifts, _violations, _fallbacks;
        private long _inner;
        private double _flops;
        private double _mu = options.Mu0, _nu = options.Nu0, _delta = options.Delta0;

        private NlpPoint Evaluate(double[] x, double[] lambda)
        {
            _fEvals++;
            _gEvals++;
            return NlpPoint.Evaluate(problem, x, lambda);
        }

        public ConstrainedResult Execute(double[] x0, double[] lambda0)
        {
            int n = problem.VariableCount, m = problem.ConstraintCount;
            var point = Evaluate(x0, lambda0);
            if (!point.Finite) return Finish(point, ConstrainedStatus.NaNOrInfinity, 0, "A callback returned NaN or infinity at the starting point.");
            var random = new Random(options.Seed);
            for (int iteration = 0; ; iteration++)
            {
                double kkt = point.KktNorm;
                if (options.RecordHistory) _history.Add(kkt);
                if (kkt <= options.Tolerance) return Finish(point, ConstrainedStatus.Converged, iteration, null);
                if (iteration >= options.MaxOuterIterations)
                    return Finish(point, ConstrainedStatus.MaxIterations, iteration, $"{options.MaxOuterIterations} outer iterations; KKT residual {kkt:G3}.");
                if (options.CancellationToken.IsCancellationRequested) return Finish(point, ConstrainedStatus.Cancelled, iteration, null);

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
                try
                {
                    hessian = problem.LagrangianHessian(point.X, point.Lambda);
                    h = hessian.ToCsr();
                }
                catch (ArgumentException)
                {
                    return Finish(point, ConstrainedStatus.NaNOrInfinity, iteration, "The Lagrangian Hessian has a NaN or infinite entry.");
                }
                double hNorm = h.FrobeniusNorm();
                double gNorm = jac.FrobeniusNorm();
                double xiG = 1.0, regularization = 0;
                if (m > 0 && m <= options.DenseTestLimit)
                {
                    xiG = MinEigenvalue(Gram(jac));
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
                SketchAndProject? sketch = options.InnerSolver switch
                {
                    InnerSolverKind.RandomizedKaczmarz => new RandomizedKaczmarz(k, rhs, random.Next()),
                    InnerSolverKind.GaussianSketch => new GaussianSketch(k, rhs, random.Next()),
                    _ => null,
                };
                if (sketch is null)
                {
                    var (its, flops) = ExactKktSolver.Solve(k, n, rhs, dz, options.CancellationToken);
                    _inner += its;
                    _flops += flops;
                }
                long innerBudget = options.MaxInnerIterations;
                double slope;
                while (true)
                {
                    if (sketch is not null)
                    {
                        double tol = options.FixedInnerTolerance is { } fixedTol
                            ? fixedTol * kkt
                            : options.Theta * _delta * kkt / (kNorm * psi);
                        long before = sketch.Steps;
                        bool met = sketch.Run(tol, innerBudget, options.CancellationToken);
                        innerBudget -= sketch.Steps - before;
                        sketch.Solution.CopyTo(dz, 0);
                        if (!met && options.ExactFallback && !options.CancellationToken.IsCancellationRequested)
                        {
                            // The sketches could not reach the accuracy within the budget (K nearly singular,
                            // e.g. at a degenerate minimiser): safeguard with an exact solve for this iteration.
                            var (its, flops) = ExactKktSolver.Solve(k, n, rhs, dz, options.CancellationToken);
                            _inner += its;
                            _flops += flops;
                            _fallbacks++;
                            _inner += sketch.Steps;
                            _flops += sketch.Flops;
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
                if (sketch is not null)
                {
                    _inner += sketch.Steps;
                    _flops += sketch.Flops;
                }
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

        private double DeltaTrial(double upsilon, double psi) =>
            (0.5 - options.Beta) * _nu / ((1 + _mu + _nu) * upsilon * upsilon * psi * psi);

        private bool ReducedHessianNeedsShift(CsrMatrix h, CsrMatrix jac)
        {
            int n = h.RowCount, m = jac.RowCount;
            if (n <= m) return false;
            if (n > options.DenseTestLimit) return GershgorinLowerBound(h) < options.TauB;
            var hd = h.ToMathNetDense();
            Matrix<double> reduced;
            if (m == 0) reduced = hd;
            else
            {
                var qr = jac.ToMathNetDense().Transpose().QR(QRMethod.Full);
                var z = qr.Q.SubMatrix(0, n, m, n - m);
                reduced = z.TransposeThisAndMultiply(hd * z);
            }
            reduced = 0.5 * (reduced + reduced.Transpose());
            return !(MinEigenvalue(reduced) >= options.TauB);
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

        private static Matrix<double> Gram(CsrMatrix jac)
        {
            var g = jac.ToMathNetDense();
            return g.TransposeAndMultiply(g);
        }

        private static double MinEigenvalue(Matrix<double> symmetric)
        {
            if (symmetric.RowCount == 0) return double.PositiveInfinity;
            var evd = symmetric.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
            double min = double.PositiveInfinity;
            foreach (var e in evd.EigenValues) min = Math.Min(min, e.Real);
            return min;
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
                Mu = _mu,
                Nu = _nu,
                History = _history.ToArray(),
                Elapsed = _clock.Elapsed,
                Message = message,
            };
        }
    }
}
