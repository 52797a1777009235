using Solvers.Constrained.Halpern;
using Solvers.Linear.Solving;

namespace Solvers.Constrained.Tests.Halpern;

public class HalpernTests
{
    /// <summary>T(u) = Q D (u - u*) + u*: Q a random orthogonal matrix, D a diagonal contraction with entries in [0.9, 1].</summary>
    private static (FixedPointMap Map, double[] FixedPoint) RandomNonexpansive(int d, int seed)
    {
        var rng = new Random(seed);
        var q = new double[d, d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) q[i, j] = TestProblems.Normal(rng);
        for (int j = 0; j < d; j++)   // Gram-Schmidt on columns
        {
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < d; i++) dot += q[i, j] * q[i, k];
                for (int i = 0; i < d; i++) q[i, j] -= dot * q[i, k];
            }
            double norm = 0;
            for (int i = 0; i < d; i++) norm += q[i, j] * q[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < d; i++) q[i, j] /= norm;
        }
        var diag = Enumerable.Range(0, d).Select(_ => 0.9 + 0.1 * rng.NextDouble()).ToArray();
        var star = Enumerable.Range(0, d).Select(_ => TestProblems.Normal(rng)).ToArray();
        void Map(ReadOnlySpan<double> u, Span<double> result)
        {
            Span<double> s = stackalloc double[d];
            for (int j = 0; j < d; j++) s[j] = diag[j] * (u[j] - star[j]);
            for (int i = 0; i < d; i++)
            {
                double t = 0;
                for (int j = 0; j < d; j++) t += q[i, j] * s[j];
                result[i] = t + star[i];
            }
        }
        return (Map, star);
    }

    [Fact]
    public void ClassicalHalpernMeetsTheTightRateBound()
    {
        const int d = 100, iterations = 10_000;
        var (map, star) = RandomNonexpansive(d, seed: 11);
        var u = new double[d];
        double distance = Math.Sqrt(star.Sum(t => t * t));
        var residuals = HalpernIteration.FixedPoint(map, u, iterations);
        for (int k = 0; k <= iterations; k++)
            Assert.True(residuals[k] * (k + 1) / distance <= 2 + 1e-9, $"k = {k}: ||u - Tu|| (k+1) / ||u0 - u*|| = {residuals[k] * (k + 1) / distance}");
        Assert.True(residuals[iterations] < 1e-3 * residuals[0]);
    }

    /// <summary>A small random monotone affine finite sum (skew plus PSD columns) whose delegate counts its own calls.</summary>
    private static (MinMaxProblem Problem, Func<long> DelegateCalls) CountingProblem(int n, int d, bool constrained)
    {
        var rng = new Random(5);
        var m = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
            {
                double s = TestProblems.Normal(rng);
                m[i * d + j] = s;
                m[j * d + i] = -s;
            }
        for (int i = 0; i < d; i++) m[i * d + i] = 0.5;
        var columnOwner = Enumerable.Range(0, d).Select(k => k % n).ToArray();
        long calls = 0;
        void Component(int i, ReadOnlySpan<double> u, Span<double> result)
        {
            calls++;
            result.Clear();
            for (int k = 0; k < d; k++)
                if (columnOwner[k] == i)
                    for (int r = 0; r < d; r++) result[r] += n * m[r * d + k] * u[k];
            for (int r = 0; r < d; r++) result[r] -= 0.1 * (r + 1);
        }
        var op = new DelegateFiniteSum(d, n, Component);
        IResolvent resolvent = constrained ? new SimplexProductProjection(d / 2, d - d / 2) : IdentityResolvent.Instance;
        var u0 = constrained ? Enumerable.Range(0, d).Select(k => k < d / 2 ? 1.0 / (d / 2) : 1.0 / (d - d / 2)).ToArray() : new double[d];
        var steps = new MethodSteps(0.05, 0.05, 0.02, 0.05, 0.05, 1.0, 0.01);
        return (new MinMaxProblem("counting", op, resolvent, u0, steps), () => calls);
    }

    [Theory]
    [InlineData(MinMaxMethod.Halpern, false)]
    [InlineData(MinMaxMethod.VrHalpern, false)]
    [InlineData(MinMaxMethod.InexactHalpern, false)]
    [InlineData(MinMaxMethod.ExtraGradient, false)]
    [InlineData(MinMaxMethod.ExtraAnchoredGradient, false)]
    [InlineData(MinMaxMethod.VrExtraGradient, false)]
    [InlineData(MinMaxMethod.VrHalpern, true)]
    [InlineData(MinMaxMethod.InexactHalpern, true)]
    [InlineData(MinMaxMethod.VrExtraGradient, true)]
    public void OracleCountsAreExact(MinMaxMethod method, bool constrained)
    {
        const int n = 16;
        var (problem, delegateCalls) = CountingProblem(n, 24, constrained);
        var u = new double[24];
        var result = MinMaxSolver.Solve(problem, method, u, new MinMaxOptions { Epochs = 30, Seed = 3, RecordEvery = 1e9 });
        // The residual evaluations go through EvaluateUncounted, which also calls the delegate n times each:
        // two residuals (start and end) are outside the budget.
        long residualCalls = 2L * n;
        Assert.Equal(delegateCalls() - residualCalls, result.Calls);
        Assert.Equal(result.Calls / (double)n, result.Epochs, 12);
        Assert.True(result.Epochs >= 30, $"budget not spent: {result.Epochs} epochs");
        Assert.Equal(SolveStatus.MaxIterations, result.Status);
        if (method is MinMaxMethod.ExtraGradient or MinMaxMethod.ExtraAnchoredGradient) Assert.Equal(2L * n * result.Iterations, result.Calls);
        if (method is MinMaxMethod.Halpern) Assert.Equal((long)n * result.Iterations, result.Calls);
    }

    [Fact]
    public void PageHalpernCallsPerIterationMatchTheSchedule()
    {
        var problem = MinMaxProblems.Quadratic(200);
        var u = new double[400];
        var result = MinMaxSolver.Solve(problem, MinMaxMethod.VrHalpern, u, new MinMaxOptions { Epochs = 2000, RecordEvery = 1e9 });
        // after the warm-up: expected p n + (1 - p) 2 b per iteration with p = 4/(sqrt(200)+5), b = 14
        double p = 4 / (Math.Sqrt(200) + 5);
        double expected = p * 200 + (1 - p) * 28;
        double perIteration = (double)result.Calls / result.Iterations;
        Assert.InRange(perIteration, 0.8 * expected, 1.2 * expected);
    }

    [Theory]
    [InlineData(MinMaxMethod.VrHalpern)]
    [InlineData(MinMaxMethod.ExtraAnchoredGradient)]
    [InlineData(MinMaxMethod.ExtraGradient)]
    public void MatrixGameIteratesStayOnTheSimplices(MinMaxMethod method)
    {
        var problem = MinMaxProblems.MatrixGame(60);
        var u = new double[120];
        var result = MinMaxSolver.Solve(problem, method, u, new MinMaxOptions { Epochs = 200 });
        Assert.True(result.Residual < result.History[0].Residual);
        Assert.Equal(1.0, u.Take(60).Sum(), 1e-12);
        Assert.Equal(1.0, u.Skip(60).Sum(), 1e-12);
        Assert.All(u, t => Assert.True(t >= 0));
    }

    [Fact]
    public void ToleranceStopsWithAConvergedStatus()
    {
        var (problem, _) = CountingProblem(8, 16, false);
        var u = new double[16];
        var result = MinMaxSolver.Solve(problem, MinMaxMethod.ExtraGradient, u, new MinMaxOptions { Epochs = 1e5, Tolerance = 1e-6, RecordEvery = 1 });
        Assert.Equal(SolveStatus.ConvergedAbsolute, result.Status);
        Assert.True(result.Residual <= 1e-6);
    }

    [Fact]
    public void BadOptionsNameTheParameter()
    {
        var problem = MinMaxProblems.Quadratic(10);
        Assert.Equal("u", Assert.Throws<ArgumentException>(() => MinMaxSolver.Solve(problem, MinMaxMethod.ExtraGradient, new double[3])).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => MinMaxSolver.Solve(problem, MinMaxMethod.ExtraGradient, new double[20], new MinMaxOptions { Epochs = 0 })).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => MinMaxMethods.Parse("sgd")).ParamName);
    }
}
