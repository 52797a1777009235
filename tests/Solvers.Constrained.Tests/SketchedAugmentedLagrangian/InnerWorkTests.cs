using MathNet.Numerics.LinearAlgebra.Double;
using Solvers.Constrained.Problems;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

/// <summary>The inner-solver work savings: early exact fallback, the sparse Schur Cholesky, the Gram test and the profile.</summary>
public class InnerWorkTests
{
    /// <summary>The KKT system of PDE2D at its starting point (K = [B G^T; G 0], B = diag(1, 0.1)).</summary>
    private static (CsrMatrix K, double[] B, int N) Pde2dKkt(int grid)
    {
        var p = new SemilinearControl2D(grid);
        var x = p.InitialPoint();
        var lambda = new double[p.ConstraintCount];
        var k = KktMatrix.Assemble(p.LagrangianHessian(x, lambda).ToCsr(), p.Jacobian(x).ToCsr());
        var random = new Random(5);
        var b = Enumerable.Range(0, k.RowCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        return (k, b, p.VariableCount);
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(t => t * t));

    [Fact]
    public void KaczmarzPredictsMissOnPdeKktSystemLongBeforeTheBudget()
    {
        var (k, b, _) = Pde2dKkt(12);
        var rk = new RandomizedKaczmarz(k, b, 1);
        var stop = rk.Solve(1e-12 * Norm(b), 100_000, predictMiss: true);
        Assert.Equal(SketchStop.PredictedMiss, stop);
        Assert.True(rk.Steps <= 20_000, $"{rk.Steps} steps before giving up");
        // Without the prediction the same budget is spent and missed.
        var full = new RandomizedKaczmarz(k, b, 1);
        Assert.Equal(SketchStop.MaxSteps, full.Solve(1e-12 * Norm(b), 100_000, predictMiss: false));
        Assert.Equal(100_000, full.Steps);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void KaczmarzDoesNotPredictMissWhenItConverges(int seed)
    {
        var random = new Random(seed);
        var mm = DenseMatrix.Create(40, 40, (_, _) => random.NextDouble() - 0.5);
        var h = mm * mm.Transpose() / 40 + DenseMatrix.CreateIdentity(40);
        var g = DenseMatrix.Create(8, 40, (_, _) => random.NextDouble() - 0.5);
        var k = KktMatrix.Assemble(h.ToCsr(), g.ToCsr());
        var b = Enumerable.Range(0, 48).Select(_ => random.NextDouble() - 0.5).ToArray();
        var rk = new RandomizedKaczmarz(k, b, seed);
        Assert.Equal(SketchStop.Converged, rk.Solve(1e-10 * Norm(b), 2_000_000, predictMiss: true));
        var r = new double[48];
        k.Apply(rk.Solution, r);
        Assert.True(Norm(r.Zip(b, (x, y) => x - y).ToArray()) <= 1e-10 * Norm(b));
        Assert.True(rk.ResidualChecks > 0 && rk.ResidualChecks <= rk.Steps / 64 + 2);
    }

    [Fact]
    public void KaczmarzStepCostIsOneRow()
    {
        // Flops per step stay O(row length): a dense 48 x 48 system costs about 4 * 48 per step plus a quarter
        // of that for the periodic residual checks, not 48^2 per step.
        var (k, b, _) = Pde2dKkt(6);
        var rk = new RandomizedKaczmarz(k, b, 2);
        rk.Run(0, 10_000);
        double perStep = rk.Flops / rk.Steps;
        double averageRow = (double)k.NonZeroCount / k.RowCount;
        Assert.True(perStep < 8 * averageRow, $"{perStep} flops per step, average row {averageRow}");
    }

    [Fact]
    public void SchurCholeskyPathMatchesDenseLuAndReusesTheAnalysis()
    {
        var (k, b, n) = Pde2dKkt(12); // 432 rows > SchurThreshold, diagonal positive B
        Assert.True(k.RowCount > ExactKktSolver.SchurThreshold);
        var solver = new ExactKktSolver();
        var v = new double[k.RowCount];
        var (iterations, flops) = solver.Solve(k, n, b, v, default);
        Assert.Equal(1, iterations); // one sparse Cholesky solve, not CG iterations
        Assert.True(flops > 0);
        var reference = k.ToMathNetDense().LU().Solve(DenseVector.OfArray(b));
        Assert.True((DenseVector.OfArray(v) - reference).L2Norm() <= 1e-8 * reference.L2Norm());

        // Same pattern, new values (a Hessian shift): the cached analysis is reused and the answer still exact.
        var p = new SemilinearControl2D(12);
        var x = Enumerable.Range(0, p.VariableCount).Select(i => 0.1 * Math.Sin(i)).ToArray();
        var k2 = KktMatrix.Assemble(p.LagrangianHessian(x, new double[p.ConstraintCount]).ToCsr(), p.Jacobian(x).ToCsr(), hessianShift: 0.5);
        solver.Solve(k2, n, b, v, default);
        var reference2 = k2.ToMathNetDense().LU().Solve(DenseVector.OfArray(b));
        Assert.True((DenseVector.OfArray(v) - reference2).L2Norm() <= 1e-8 * reference2.L2Norm());
    }

    [Fact]
    public void Pde2dProfileShowsEarlyFallbacksAndPhases()
    {
        var p = new SemilinearControl2D(12);
        var r = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6 });
        Assert.Equal(ConstrainedStatus.Converged, r.Status);
        Assert.Equal(r.OuterIterations, r.Profile.PredictedMisses);
        Assert.Equal(r.ExactFallbacks, r.Profile.PredictedMisses);
        Assert.True(r.Profile.SketchSteps < 30_000L * r.OuterIterations, $"{r.Profile.SketchSteps} sketch steps");
        Assert.True(r.Profile.ResidualChecks > 0);
        Assert.True(r.Profile.EvaluationSeconds > 0 && r.Profile.ExactSolveSeconds > 0 && r.Profile.SetupSeconds > 0);
        Assert.Equal(r.OuterIterations, r.Profile.LineSearchTrials); // unit steps throughout

        // Spending the whole budget instead reaches the same point with the same fallbacks.
        var full = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6, PredictSketchMiss = false });
        Assert.Equal(r.OuterIterations, full.OuterIterations);
        Assert.Equal(r.ExactFallbacks, full.ExactFallbacks);
        Assert.Equal(0, full.Profile.PredictedMisses);
        Assert.Equal(100_000L * full.OuterIterations, full.Profile.SketchSteps);
        Assert.Equal(full.Objective, r.Objective, 1e-9);
    }

    [Theory]
    [InlineData("hs7")]
    [InlineData("hs47")]
    [InlineData("bt2")]
    public void PolishingSolvesExactlyOnlyBelowItsThreshold(string name)
    {
        var test = name.StartsWith("bt", StringComparison.Ordinal) ? BoggsTolle.Create(name) : HockSchittkowski.Create(name);
        const double polishBelow = 1e-4;
        var plain = AdaSketchNewton.Solve(test.Problem, new AdaSketchOptions { Tolerance = 1e-8 });
        var polished = AdaSketchNewton.Solve(test.Problem, new AdaSketchOptions { Tolerance = 1e-8, PolishBelow = polishBelow });
        Assert.True(polished.Converged, polished.Message);
        Assert.True(Math.Abs(polished.Objective - test.OptimalObjective) <= 1e-6 * Math.Max(1, Math.Abs(test.OptimalObjective)),
            $"f = {polished.Objective}, f* = {test.OptimalObjective}");
        // History holds the KKT residual at the start of every outer iteration (and the final one): exactly the
        // iterations that started at or below the threshold were polished.
        int expected = polished.History.Take(polished.OuterIterations).Count(h => h <= polishBelow);
        Assert.True(expected >= 1);
        Assert.Equal(expected, polished.PolishedIterations);
        Assert.Equal(0, plain.PolishedIterations);
        Assert.True(polished.Profile.SketchSteps <= plain.Profile.SketchSteps, $"{polished.Profile.SketchSteps} vs {plain.Profile.SketchSteps}");
    }

    private sealed class RecordingMonitor : IIterationMonitor
    {
        public List<IterationInfo> Calls { get; } = [];

        public void OnIteration(in IterationInfo info) => Calls.Add(info);
    }

    [Theory]
    [InlineData("hs47")]
    [InlineData("bt2")]
    public void MonitorSeesEveryOuterIterationsKktResidual(string name)
    {
        var test = name.StartsWith("bt", StringComparison.Ordinal) ? BoggsTolle.Create(name) : HockSchittkowski.Create(name);
        var monitor = new RecordingMonitor();
        var r = AdaSketchNewton.Solve(test.Problem, new AdaSketchOptions { Tolerance = 1e-8, Monitor = monitor });
        Assert.True(r.Converged, r.Message);
        // One call per outer iteration plus the converged point, carrying the same residuals as the history.
        Assert.Equal(r.OuterIterations + 1, monitor.Calls.Count);
        Assert.Equal(Enumerable.Range(0, r.OuterIterations + 1), monitor.Calls.Select(c => c.Iteration));
        Assert.Equal(r.History, monitor.Calls.Select(c => c.ResidualNorm));
        Assert.All(monitor.Calls, c => Assert.Equal(c.ResidualNorm / r.History[0], c.RelativeResidual, 1e-15));
        Assert.Equal(r.KktResidual, monitor.Calls[^1].ResidualNorm, 1e-15);
    }

    [Fact]
    public void ProfileReportsTheInnerToleranceAsked()
    {
        var p = HockSchittkowski.Create("hs6").Problem;
        var fixedRun = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6, FixedInnerTolerance = 1e-6 });
        Assert.Equal(1e-6, fixedRun.Profile.MinInnerRelativeTolerance, 1e-20);
        Assert.Equal(1e-6, fixedRun.Profile.MaxInnerRelativeTolerance, 1e-20);
        // The paper's test asks for theta delta / (||K||_F Psi) with Psi >= 20 / min(xi_B, 1) = 200 and delta <= delta0.
        var adaptive = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6 });
        Assert.True(adaptive.Profile.MaxInnerRelativeTolerance <= 0.1 / 200, $"{adaptive.Profile.MaxInnerRelativeTolerance}");
        Assert.True(adaptive.Profile.MinInnerRelativeTolerance <= adaptive.Profile.MaxInnerRelativeTolerance);
        var exact = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6, InnerSolver = InnerSolverKind.Exact });
        Assert.True(double.IsNaN(exact.Profile.MinInnerRelativeTolerance));
        Assert.Equal(0, exact.Profile.SketchSteps);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SparseJacobianSingularityIsStillDetected(bool duplicateRow)
    {
        // 70 sparse constraints 2 x_j = 1 (m >= 64: the sparse Cholesky of G G^T - I = 3 I decides the test);
        // a repeated row makes G G^T singular, which the eigenvalue fallback must still report.
        var p = new SparseCoordinateProblem(200, 70, duplicateRow);
        var strict = AdaSketchNewton.Solve(p, new AdaSketchOptions { StopOnSingularJacobian = true, Tolerance = 1e-8, InnerSolver = InnerSolverKind.Exact });
        Assert.Equal(duplicateRow ? ConstrainedStatus.SingularJacobian : ConstrainedStatus.Converged, strict.Status);
    }

    private sealed class SparseCoordinateProblem(int n, int m, bool duplicateRow) : IConstrainedProblem
    {
        private int Column(int j) => duplicateRow && j == m - 1 ? 0 : j;
        public string Name => "coordinates";
        public int VariableCount => n;
        public int ConstraintCount => m;
        public double[] InitialPoint() => new double[n];
        public double Objective(ReadOnlySpan<double> x) { double s = 0; foreach (double v in x) s += 0.5 * v * v; return s; }
        public void Gradient(ReadOnlySpan<double> x, Span<double> gradient) => x.CopyTo(gradient);
        public void Constraints(ReadOnlySpan<double> x, Span<double> values) { for (int j = 0; j < m; j++) values[j] = 2 * x[Column(j)] - 1; }
        public DerivativeMatrix Jacobian(ReadOnlySpan<double> x) =>
            DerivativeMatrix.FromCsr(CsrMatrix.FromArrays(m, n, Enumerable.Range(0, m + 1).ToArray(), Enumerable.Range(0, m).Select(Column).ToArray(), Enumerable.Repeat(2.0, m).ToArray()));
        public DerivativeMatrix LagrangianHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers) =>
            DerivativeMatrix.FromCsr(CsrMatrix.FromArrays(n, n, Enumerable.Range(0, n + 1).ToArray(), Enumerable.Range(0, n).ToArray(), Enumerable.Repeat(1.0, n).ToArray()));
    }
}
