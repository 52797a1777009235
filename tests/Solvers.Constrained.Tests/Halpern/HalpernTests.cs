using Solvers.Constrained.Halpern;
using Solvers.Linear.Solving;

namespace Solvers.Constrained.Tests.Halpern;

public class HalpernTests
{
    /// <summary>A random orthogonal d x d matrix (Gram-Schmidt on the columns of a Gaussian matrix).</summary>
    private static double[,] RandomOrthogonal(int d, Random rng)
    {
        var q = new double[d, d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) q[i, j] = TestProblems.Normal(rng);
        for (int j = 0; j < d; j++)
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
        return q;
    }

    /// <summary>result = u* + M (u - u*) for a dense d x d matrix M.</summary>
    private static void AffineAbout(double[,] m, double[] star, ReadOnlySpan<double> u, Span<double> result)
    {
        int d = star.Length;
        for (int i = 0; i < d; i++)
        {
            double t = 0;
            for (int j = 0; j < d; j++) t += m[i, j] * (u[j] - star[j]);
            result[i] = t + star[i];
        }
    }

    /// <summary>T(u) = Q D (u - u*) + u*: Q a random orthogonal matrix, D a diagonal contraction with entries in [0.9, 1].</summary>
    private static (FixedPointMap Map, double[] FixedPoint) RandomNonexpansive(int d, int seed)
    {
        var rng = new Random(seed);
        var q = RandomOrthogonal(d, rng);
        var diag = Enumerable.Range(0, d).Select(_ => 0.9 + 0.1 * rng.NextDouble()).ToArray();
        var star = Enumerable.Range(0, d).Select(_ => TestProblems.Normal(rng)).ToArray();
        var m = new double[d, d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) m[i, j] = q[i, j] * diag[j];
        return ((u, result) => AffineAbout(m, star, u, result), star);
    }

    /// <summary>
    /// T(u) = u* + V R V^T (u - u*) with V random orthogonal and R a block rotation by angles in (0, 0.1]: an isometry
    /// about u*, nonexpansive but nowhere a contraction, the kind of map on which Halpern's O(1/k) bound is tight.
    /// </summary>
    private static (FixedPointMap Map, double[] FixedPoint) RandomRotation(int d, int seed)
    {
        var rng = new Random(seed);
        var v = RandomOrthogonal(d, rng);
        var r = new double[d, d];
        for (int b = 0; b + 1 < d; b += 2)
        {
            double angle = 0.1 * (1 - rng.NextDouble());
            r[b, b] = r[b + 1, b + 1] = Math.Cos(angle);
            r[b, b + 1] = -Math.Sin(angle);
            r[b + 1, b] = Math.Sin(angle);
        }
        if (d % 2 == 1) r[d - 1, d - 1] = -1;   // a reflection: still an isometry with u* its only fixed point
        var m = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double t = 0;
                for (int p = 0; p < d; p++)
                    for (int q = 0; q < d; q++) t += v[i, p] * r[p, q] * v[j, q];
                m[i, j] = t;
            }
        var star = Enumerable.Range(0, d).Select(_ => TestProblems.Normal(rng)).ToArray();
        return ((u, result) => AffineAbout(m, star, u, result), star);
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

    [Fact]
    public void ClassicalHalpernMeetsTheRateBoundOnAnIsometry()
    {
        const int d = 31, iterations = 20_000;
        var (map, star) = RandomRotation(d, seed: 12);
        var u = new double[d];
        double distance = Math.Sqrt(star.Sum(t => t * t));
        var residuals = HalpernIteration.FixedPoint(map, u, iterations);
        double worst = 0;
        for (int k = 0; k <= iterations; k++)
        {
            double ratio = residuals[k] * (k + 1) / distance;
            Assert.True(ratio <= 2 + 1e-9, $"k = {k}: ||u - Tu|| (k+1) / ||u0 - u*|| = {ratio}");
            if (k >= 100) worst = Math.Max(worst, ratio);
        }
        // On rotations the residual really decays like 1/k (no contraction helps), so the instance tests the bound.
        Assert.True(worst > 0.1, $"max over k >= 100 of the scaled residual is only {worst}");
        double uDistance = Math.Sqrt(u.ToArray().Zip(star, (a, b) => (a - b) * (a - b)).Sum());
        Assert.True(uDistance < 0.05 * distance, $"||u_K - u*|| = {uDistance}, ||u_0 - u*|| = {distance}");
    }

    [Fact]
    public void MinMaxHalpernMeetsTheRateBoundOnACocoerciveOperator()
    {
        // F(u) = A (u - u*), A = Q diag(lambda) Q^T with lambda in [0, L] (two at the ends): F is 1/L-cocoercive, and with
        // eta = 2/L the map T = I - eta F has eigenvalues in [-1, 1], nonexpansive but not a contraction. The solver's
        // residual is ||F(u)|| = ||u - T u|| / eta here, so Halpern's bound reads ||F(u_k)|| <= 2 ||u_0 - u*|| / (eta (k + 1)).
        const int d = 30;
        const double lipschitz = 4.0, eta = 2 / lipschitz;
        var rng = new Random(13);
        var q = RandomOrthogonal(d, rng);
        var lambda = Enumerable.Range(0, d).Select(i => i == 0 ? 0.0 : i == 1 ? lipschitz : lipschitz * Math.Pow(rng.NextDouble(), 3)).ToArray();
        var a = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                for (int p = 0; p < d; p++) a[i, j] += q[i, p] * lambda[p] * q[j, p];
        var star = Enumerable.Range(0, d).Select(_ => TestProblems.Normal(rng)).ToArray();
        var zero = new double[d];
        var op = new DelegateFiniteSum(d, 1, (_, u, result) =>
        {
            AffineAbout(a, zero, u, result);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) result[i] -= a[i, j] * star[j];
        });
        var problem = new MinMaxProblem("cocoercive-linear", op, IdentityResolvent.Instance, new double[d],
            new MethodSteps(eta, eta, eta, eta, eta, eta, eta));
        var u = new double[d];
        var result = MinMaxSolver.Solve(problem, MinMaxMethod.Halpern, u, new MinMaxOptions { Epochs = 5000, RecordEvery = 1 });
        double distance = Math.Sqrt(star.Sum(t => t * t));
        Assert.True(result.History.Count > 4000);
        foreach (var point in result.History)
        {
            // With one component, epochs = steps taken.
            double bound = 2 * distance / (eta * (point.Epochs + 1));
            Assert.True(point.Residual <= bound * (1 + 1e-9), $"after {point.Epochs} steps: ||F(u)|| = {point.Residual}, bound {bound}");
        }
        // Independent residual of the last iterate.
        var f = new double[d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) f[i] += a[i, j] * (u[j] - star[j]);
        Assert.Equal(Math.Sqrt(f.Sum(t => t * t)), result.Residual, 1e-12);
        Assert.True(result.Residual <= 2 * distance / (eta * 5001));
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
