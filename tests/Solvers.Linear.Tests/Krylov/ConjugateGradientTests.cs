using Solvers.Linear.Generators;
using Solvers.Linear.Krylov;
using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Krylov;

public class ConjugateGradientTests
{
    public static TheoryData<PreconditionerKind> SpdPreconditioners() =>
        new() { PreconditionerKind.None, PreconditionerKind.Jacobi, PreconditionerKind.Ssor, PreconditionerKind.Ic0 };

    [Theory]
    [MemberData(nameof(SpdPreconditioners))]
    public void RandomSpdMatchesDenseLu(PreconditionerKind kind)
    {
        var a = RandomMatrices.Spd(300, 6, 21);
        var b = RandomMatrices.Vector(300, 22);
        var x = new double[300];
        var result = ConjugateGradient.Solve(a, b, x, Preconditioner.Create(kind, a), new SolverOptions { RelativeTolerance = 1e-12 });
        Assert.Equal(SolveStatus.ConvergedRelative, result.Status);
        var reference = RandomMatrices.DenseSolve(a, b);
        Assert.True(RandomMatrices.MaxAbsDifference(x, reference) < 1e-9);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= 1e-12);
        Assert.Equal(result.Iterations + 1, result.History.Count);
    }

    [Fact]
    public void PoissonEigenvectorIsRecoveredExactly()
    {
        // v_ij = sin(pi i h) sin(pi j h) is an eigenvector of the 5-point Laplacian with eigenvalue 8 sin^2(pi h / 2).
        int n = 63;
        double h = 1.0 / (n + 1);
        var a = Poisson.TwoD(n);
        var v = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                v[i * n + j] = Math.Sin(Math.PI * (i + 1) * h) * Math.Sin(Math.PI * (j + 1) * h);
        double lambda = 8 * Math.Pow(Math.Sin(Math.PI * h / 2), 2);
        var b = v.Select(t => lambda * t).ToArray();
        var x = new double[n * n];
        var result = ConjugateGradient.Solve(a, b, x, new IncompleteCholesky(a), new SolverOptions { RelativeTolerance = 1e-10 });
        Assert.True(result.Converged);
        Assert.True(RandomMatrices.MaxAbsDifference(x, v) < 1e-8);
    }

    [Fact]
    public void ManufacturedSmoothSolutionConvergesAtSecondOrder()
    {
        // -Laplace u = f with u = x(1-x) y(1-y) e^x; the discrete error must fall ~4x when h halves.
        static double Error(int n)
        {
            double h = 1.0 / (n + 1);
            double U(double x, double y) => x * (1 - x) * y * (1 - y) * Math.Exp(x);
            double F(double x, double y) =>
                -(y * (1 - y) * Math.Exp(x) * (-x * x - 3 * x) + x * (1 - x) * Math.Exp(x) * -2);
            var a = Poisson.TwoD(n);
            var b = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    b[i * n + j] = h * h * F((j + 1) * h, (i + 1) * h);
            var x = new double[n * n];
            Assert.True(ConjugateGradient.Solve(a, b, x, new IncompleteCholesky(a), new SolverOptions { RelativeTolerance = 1e-12 }).Converged);
            double err = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    err = Math.Max(err, Math.Abs(x[i * n + j] - U((j + 1) * h, (i + 1) * h)));
            return err;
        }
        double coarse = Error(31), fine = Error(63);
        Assert.InRange(coarse / fine, 3.3, 4.7);
        Assert.True(fine < 1e-4);
    }

    [Fact]
    public void IterationCountsAreIndependentOfThePreconditionerScaleAndThreads()
    {
        var a = Poisson.TwoD(40);
        var b = Enumerable.Repeat(1.0, a.RowCount).ToArray();
        var x1 = new double[a.RowCount];
        var x2 = new double[a.RowCount];
        var r1 = ConjugateGradient.Solve(a, b, x1);
        var r2 = ConjugateGradient.Solve(a, b, x2, new JacobiPreconditioner(a), new SolverOptions { Threads = 2 });
        // Jacobi on a constant diagonal is a scalar multiple of the identity: same Krylov space.
        Assert.Equal(r1.Iterations, r2.Iterations);
        Assert.True(RandomMatrices.MaxAbsDifference(x1, x2) < 1e-8);
    }

    [Fact]
    public void ZeroRightHandSideReturnsZeroAtOnce()
    {
        var a = Poisson.TwoD(5);
        var x = Enumerable.Repeat(0.0, 25).ToArray();
        var result = ConjugateGradient.Solve(a, new double[25], x);
        Assert.True(result.Converged);
        Assert.Equal(0, result.Iterations);
        Assert.All(x, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void InitialGuessIsUsed()
    {
        var a = Poisson.TwoD(20);
        var xStar = RandomMatrices.Vector(400, 3);
        var b = new double[400];
        a.Apply(xStar, b);
        var x = (double[])xStar.Clone();
        var result = ConjugateGradient.Solve(a, b, x);
        Assert.Equal(0, result.Iterations);
        Assert.True(result.Converged);
    }

    [Fact]
    public void MaxIterationsIsAStatusWithHistoryAndTheBestIterate()
    {
        var a = Poisson.TwoD(30);
        var b = Enumerable.Repeat(1.0, a.RowCount).ToArray();
        var x = new double[a.RowCount];
        var result = ConjugateGradient.Solve(a, b, x, null, new SolverOptions { MaxIterations = 7 });
        Assert.Equal(SolveStatus.MaxIterations, result.Status);
        Assert.False(result.Converged);
        Assert.Equal(7, result.Iterations);
        Assert.Equal(8, result.History.Count);
        Assert.Contains("7 iterations", result.Message);
        // The returned x is no worse than the best tracked residual (up to recursion drift).
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) <= result.History.Min() * (1 + 1e-6));
        Assert.Equal(result.RelativeResidual, RandomMatrices.RelativeResidual(a, b, x), 10);
    }

    [Fact]
    public void IndefiniteMatrixIsDetected()
    {
        var coo = new CooMatrix(2, 2);
        coo.Add(0, 0, 1); coo.Add(0, 1, 2); coo.Add(1, 0, 2); coo.Add(1, 1, 1);
        var x = new double[2];
        var result = ConjugateGradient.Solve(coo.ToCsr(), [1.0, -1.0], x);
        Assert.Equal(SolveStatus.IndefiniteMatrix, result.Status);
        Assert.Contains("not positive definite", result.Message);
    }

    [Fact]
    public void IndefinitePreconditionerIsDetected()
    {
        var a = Poisson.TwoD(4);
        var x = new double[16];
        var result = ConjugateGradient.Solve(a, Enumerable.Repeat(1.0, 16).ToArray(), x, new NegatingPreconditioner(16));
        Assert.Equal(SolveStatus.IndefinitePreconditioner, result.Status);
    }

    [Fact]
    public void NaNFromTheOperatorIsAStatus()
    {
        var op = new DelegateOperator(3, 3, (x, y) => { y.Fill(double.NaN); });
        var result = ConjugateGradient.Solve(op, [1.0, 2, 3], new double[3]);
        Assert.Equal(SolveStatus.NaNOrInfinity, result.Status);
    }

    [Fact]
    public void CancellationStopsWithTheIterateSoFar()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var a = Poisson.TwoD(20);
        var result = ConjugateGradient.Solve(a, Enumerable.Repeat(1.0, 400).ToArray(), new double[400], null,
            new SolverOptions { CancellationToken = cts.Token });
        Assert.Equal(SolveStatus.Cancelled, result.Status);
    }

    [Fact]
    public void MonitorAndProgressSeeEveryIteration()
    {
        var a = Poisson.TwoD(10);
        var monitor = new CountingMonitor();
        var reports = new List<IterationInfo>();
        var result = ConjugateGradient.Solve(a, Enumerable.Repeat(1.0, 100).ToArray(), new double[100], null,
            new SolverOptions { Monitor = monitor, Progress = new SyncProgress(reports.Add), ProgressInterval = TimeSpan.Zero });
        Assert.Equal(result.Iterations + 1, monitor.Count);
        Assert.True(reports.Count >= result.Iterations);
        Assert.Equal(result.Iterations, reports[^1].Iteration);
    }

    [Fact]
    public void ANonsymmetricPreconditionerIsRefused()
    {
        // One SOR sweep is not symmetric; CG with it stagnated at the starting residual for all 10,000 iterations.
        var a = Poisson.TwoD(8);
        var message = Assert.Throws<ArgumentException>(() =>
            ConjugateGradient.Solve(a, Enumerable.Repeat(1.0, 64).ToArray(), new double[64], new SorPreconditioner(a, 1.2))).Message;
        Assert.Contains("'sor' is not symmetric", message);
        Assert.Contains("ssor", message);
        // The symmetric form is accepted and converges; ILU(0) of a symmetric matrix is symmetric too.
        Assert.True(ConjugateGradient.Solve(a, Enumerable.Repeat(1.0, 64).ToArray(), new double[64], new SsorPreconditioner(a, 1.2)).Converged);
        Assert.True(ConjugateGradient.Solve(a, Enumerable.Repeat(1.0, 64).ToArray(), new double[64], new IncompleteLu(a)).Converged);
    }

    [Fact]
    public void CallerMistakesAreArgumentExceptions()
    {
        var a = Poisson.TwoD(3);
        Assert.Contains("length 8", Assert.Throws<ArgumentException>(() => ConjugateGradient.Solve(a, new double[8], new double[9])).Message);
        var bad = Enumerable.Repeat(1.0, 9).ToArray();
        bad[4] = double.NaN;
        Assert.Contains("entry 4", Assert.Throws<ArgumentException>(() => ConjugateGradient.Solve(a, bad, new double[9])).Message);
        var nonsym = RandomMatrices.Nonsymmetric(10, 3, 1);
        Assert.Contains("not symmetric", Assert.Throws<ArgumentException>(() => ConjugateGradient.Solve(nonsym, new double[10], new double[10])).Message);
        var negative = Poisson.TwoD(3).Scale(-1);
        Assert.Contains("diagonal entry (0, 0)", Assert.Throws<ArgumentException>(() => ConjugateGradient.Solve(negative, new double[9], new double[9])).Message);
        var rect = CsrMatrix.FromArrays(2, 3, [0, 1, 2], [0, 1], [1, 1]);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => ConjugateGradient.Solve(rect, new double[2], new double[3])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConjugateGradient.Solve(a, new double[9], new double[9], null, new SolverOptions { RelativeTolerance = -1 }));
    }

    [Fact]
    public void AllocationPerIterationIsConstant()
    {
        var a = Poisson.TwoD(64);
        var b = Enumerable.Repeat(1.0, a.RowCount).ToArray();
        var m = new IncompleteCholesky(a);
        long Allocated(int iterations)
        {
            var x = new double[a.RowCount];
            var options = new SolverOptions { MaxIterations = iterations, RelativeTolerance = 1e-15, RecordHistory = false, CheckInput = false };
            ConjugateGradient.Solve(a, b, x, m, options);
            long before = GC.GetAllocatedBytesForCurrentThread();
            ConjugateGradient.Solve(a, b, x.AsSpan().ToArray(), m, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long few = Allocated(5), many = Allocated(30);
        Assert.True(many - few < 4096, $"5 iterations allocated {few} bytes, 30 allocated {many}.");
    }

    private sealed class NegatingPreconditioner(int n) : IPreconditioner
    {
        public int Size => n;
        public string Name => "negate";
        public string? Remark => null;
        public void Apply(ReadOnlySpan<double> r, Span<double> z)
        {
            for (int i = 0; i < r.Length; i++) z[i] = -r[i];
        }
    }

    private sealed class CountingMonitor : IIterationMonitor
    {
        public int Count { get; private set; }
        public void OnIteration(in IterationInfo info) => Count++;
    }

    private sealed class SyncProgress(Action<IterationInfo> report) : IProgress<IterationInfo>
    {
        public void Report(IterationInfo value) => report(value);
    }
}
