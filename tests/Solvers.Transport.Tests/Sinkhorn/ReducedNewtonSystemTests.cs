using Solvers.Linear.Krylov;
using Solvers.Linear.Solving;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Transport.Tests.Sinkhorn;

public class ReducedNewtonSystemTests
{
    /// <summary>A random positive n x m plan (entries spread over e^-8) and its row and column sums.</summary>
    private static (double[] Plan, double[] Rows, double[] Columns) RandomPlan(int n, int m, int seed)
    {
        var rng = new Random(seed);
        var plan = new double[n * m];
        for (int k = 0; k < plan.Length; k++) plan[k] = Math.Exp(-8 * rng.NextDouble()) / (n * m);
        var rows = new double[n];
        var columns = new double[m];
        EntropicPlan.Marginals(plan, n, m, rows, columns);
        return (plan, rows, columns);
    }

    /// <summary>A random positive n x m plan with a random kept subset (about half, and every row's largest).</summary>
    private static (double[] Plan, KeptPlan Kept, double[] Rows, double[] Columns) RandomKeptPlan(int n, int m, int seed)
    {
        var (plan, rows, columns) = RandomPlan(n, m, seed);
        var rowThreshold = new double[n];
        var columnThreshold = new double[m];
        for (int i = 0; i < n; i++)
        {
            var row = plan.AsSpan(i * m, m).ToArray();
            Array.Sort(row);
            rowThreshold[i] = row[m / 2];
        }
        Array.Fill(columnThreshold, double.MaxValue);
        var kept = new KeptPlan(n, m);
        kept.Select(plan, rowThreshold, columnThreshold);
        return (plan, kept, rows, columns);
    }

    private static double[,] Dense(Solvers.Linear.Storage.CsrMatrix a)
    {
        var d = new double[a.RowCount, a.ColumnCount];
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        for (int i = 0; i < a.RowCount; i++)
            for (int q = rp[i]; q < rp[i + 1]; q++) d[i, ci[q]] = va[q];
        return d;
    }

    /// <summary>A banded kept plan: row i keeps the columns within a random half-width of a centre (the blurry 1-D case).</summary>
    private static (double[] Plan, KeptPlan Kept, double[] Rows, double[] Columns) BandedKeptPlan(int n, int m, int seed)
    {
        var (plan, rows, columns) = RandomPlan(n, m, seed);
        var rowThreshold = new double[n];
        var columnThreshold = new double[m];
        Array.Fill(columnThreshold, double.MaxValue);
        for (int i = 0; i < n; i++)
        {
            int centre = i * m / n, half = i % 3 == 0 ? 2 : 6;
            var row = plan.AsSpan(i * m, m);
            // Raise the band above everything else in the row, then keep exactly the band.
            for (int j = Math.Max(0, centre - half); j <= Math.Min(m - 1, centre + half); j++) row[j] += 1.0 / (n * m);
            rowThreshold[i] = 1.0 / (n * m);
        }
        EntropicPlan.Marginals(plan, n, m, rows, columns);
        var kept = new KeptPlan(n, m);
        kept.Select(plan, rowThreshold, columnThreshold);
        return (plan, kept, rows, columns);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProductIsTheSchurComplementOfTheFullNewtonMatrix(bool banded)
    {
        int n = banded ? 23 : 13, m = banded ? 31 : 9;
        const double shift = 1e-9;
        var (_, kept, rows, columns) = banded ? BandedKeptPlan(n, m, 7) : RandomKeptPlan(n, m, 3);
        // The banded plan has rows of both kinds: dense bands (at least KeptPlan.MinimumRun columns) and short ones.
        if (banded)
        {
            Assert.Contains(kept.RowFirst, first => first >= 0);
            Assert.Contains(kept.RowFirst, first => first < 0);
        }
        var full = Dense(SparseHessian.Assemble(kept, rows, columns, shift));
        // S = M_yy - M_yx M_xx^-1 M_xy, with M_xx diagonal.
        var s = new double[m, m];
        for (int j = 0; j < m; j++)
            for (int k = 0; k < m; k++)
            {
                double v = full[n + j, n + k];
                for (int i = 0; i < n; i++) v -= full[n + j, i] * full[i, n + k] / full[i, i];
                s[j, k] = v;
            }
        var system = new ReducedNewtonSystem(n, m);
        system.Setup(kept, rows, columns, shift);
        var rng = new Random(4);
        var x = new double[m];
        for (int j = 0; j < m; j++) x[j] = rng.NextDouble() - 0.5;
        var y = new double[m];
        system.Apply(x, y);
        for (int j = 0; j < m; j++)
        {
            double expected = 0;
            for (int k = 0; k < m; k++) expected += s[j, k] * x[k];
            Assert.True(Math.Abs(y[j] - expected) <= 1e-13 * (Math.Abs(expected) + full[n + j, n + j]), $"row {j}: {y[j]} vs {expected}");
        }
        // The Jacobi preconditioner is diag(S)^-1.
        var ones = new double[m];
        Array.Fill(ones, 1.0);
        var z = new double[m];
        system.Preconditioner.Apply(ones, z);
        for (int j = 0; j < m; j++) Assert.Equal(1.0 / s[j, j], z[j], 1e-9 * Math.Abs(1.0 / s[j, j]));
    }

    [Fact]
    public void RecoveredStepSolvesTheFullSystemWithTheReducedResidual()
    {
        const int n = 40, m = 30;
        const double shift = 1e-8;
        var (_, kept, rows, columns) = RandomKeptPlan(n, m, 5);
        var matrix = SparseHessian.Assemble(kept, rows, columns, shift);
        var rng = new Random(6);
        var g = new double[n + m];
        for (int k = 0; k < g.Length; k++) g[k] = 1e-3 * (rng.NextDouble() - 0.5);
        var system = new ReducedNewtonSystem(n, m);
        system.Setup(kept, rows, columns, shift);
        var b = new double[m];
        system.RightHandSide(g, b);
        var dy = new double[m];
        var options = new SolverOptions { RelativeTolerance = 0, AbsoluteTolerance = 1e-6 * Norm(g), MaxIterations = 500 };
        var solve = ConjugateGradient.Solve(system, b, dy, system.Preconditioner, options);
        Assert.True(solve.Converged, solve.Status.ToString());
        var d = new double[n + m];
        system.Recover(g, dy, d);

        // Full residual g - M d: zero in the source block, the reduced residual in the target block.
        var md = new double[n + m];
        matrix.Apply(d, md);
        var sdy = new double[m];
        system.Apply(dy, sdy);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(g[i] - md[i]) <= 1e-14 * Norm(g), $"source residual {i}");
        for (int j = 0; j < m; j++) Assert.True(Math.Abs((g[n + j] - md[n + j]) - (b[j] - sdy[j])) <= 1e-14 * Norm(g), $"target residual {j}");
        Assert.True(Norm(Subtract(g, md)) <= 1e-6 * Norm(g));

        // And the direction agrees with a tight full-system solve.
        var reference = new double[n + m];
        ConjugateGradient.Solve(matrix, g, reference, null, new SolverOptions { RelativeTolerance = 1e-13, MaxIterations = 5000 });
        Assert.True(Norm(Subtract(reference, d)) <= 1e-4 * Norm(reference), $"|d - d_full| / |d_full| = {Norm(Subtract(reference, d)) / Norm(reference):E2}");
    }

    [Fact]
    public void SnsGivesTheSameSolutionWithTheReducedAndTheFullSystem()
    {
        // A blurry plan (well over 8 kept entries per row), where the reduced system is used; fixed seed.
        var problem = TestProblems.Histogram1D(300, 21);
        const double reg = 1e-3;
        var reduced = SinkhornNewtonSparse.Solve(problem, reg, new SnsOptions { Tolerance = 1e-11 });
        var full = SinkhornNewtonSparse.Solve(problem, reg, new SnsOptions { Tolerance = 1e-11, ReducedSystem = false });
        var sinkhorn = LogSinkhorn.Solve(problem, reg, new SinkhornOptions { Tolerance = 1e-11 });
        Assert.Equal(TransportStatus.Converged, reduced.Status);
        Assert.Equal(TransportStatus.Converged, full.Status);
        Assert.True(reduced.NewtonSteps >= 3, $"{reduced.NewtonSteps} Newton steps");
        Assert.True(reduced.AverageKeptEntries > 8 * (problem.SourceCount + problem.TargetCount), $"kept {reduced.AverageKeptEntries}");
        // The same inexact-Newton condition on the full system in about half the CG iterations.
        Assert.True(reduced.CgIterations <= 0.75 * full.CgIterations, $"CG: reduced {reduced.CgIterations}, full {full.CgIterations}");
        foreach (var other in new TransportResult[] { full, sinkhorn })
        {
            Assert.True(Math.Abs(reduced.Cost - other.Cost) <= 1e-9 * Math.Abs(other.Cost), $"cost {reduced.Cost} vs {other.Cost}");
            Assert.True(Math.Abs(reduced.EntropicObjective - other.EntropicObjective) <= 1e-9 * Math.Abs(other.EntropicObjective));
            // 1e3 x the stopping tolerance: the potentials are less well conditioned than the marginals.
            AssertSamePotentials(problem, other, reduced, 1e-8);
            AssertSamePlan(other, reduced, 1e-11);
        }
    }

    [Fact]
    public void ProfileAccountsForTheSolveTime()
    {
        var problem = TestProblems.Histogram1D(200, 22);
        var sns = SinkhornNewtonSparse.Solve(problem, 1e-3, new SnsOptions());
        var p = sns.Profile;
        double[] phases = [p.WarmStartSeconds, p.SparsifySeconds, p.PreconditionerSeconds, p.CgSeconds, p.LineSearchSeconds, p.FallbackSeconds];
        Assert.All(phases, s => Assert.True(s >= 0));
        Assert.True(phases.Sum() <= sns.Elapsed.TotalSeconds + 1e-3);
        Assert.True(p.CgSeconds > 0 && p.LineSearchSeconds > 0);
        Assert.True(p.LineSearchEvaluations >= sns.NewtonSteps);
    }

    /// <summary>
    /// Potentials agree up to the gauge (F + t, G - t): F_i - F_0 and G_j + F_0 are compared, divided by reg (the
    /// change of log P), weighted by the bin's mass: sum_i a_i |dF_i| / reg + sum_j b_j |dG_j| / reg is about the
    /// L1 change of the marginals the difference makes. (A bin of weight w is fixed only to about tolerance / w by a
    /// stopping rule on the L1 marginal error, so unweighted differences in the far tails mean nothing.)
    /// </summary>
    private static void AssertSamePotentials(OtProblem problem, TransportResult expected, TransportResult actual, double tolerance)
    {
        double reg = expected.Regularization;
        var a = problem.SourceWeights;
        var b = problem.TargetWeights;
        double e0 = expected.DualU[0], a0 = actual.DualU[0];
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * Math.Abs((expected.DualU[i] - e0) - (actual.DualU[i] - a0));
        for (int j = 0; j < b.Length; j++) sum += b[j] * Math.Abs((expected.DualV[j] + e0) - (actual.DualV[j] + a0));
        Assert.True(sum / reg <= tolerance, $"mass-weighted potential difference / reg = {sum / reg:E2}");
    }

    private static void AssertSamePlan(TransportResult expected, TransportResult actual, double tolerance)
    {
        var p = expected.Plan!.DenseValues;
        var q = actual.Plan!.DenseValues;
        double max = 0;
        for (int k = 0; k < p.Length; k++) max = Math.Max(max, Math.Abs(p[k] - q[k]));
        Assert.True(max <= tolerance, $"max |P - P_reduced| = {max:E2}");
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    private static double[] Subtract(double[] a, double[] b) => a.Zip(b, (x, y) => x - y).ToArray();
}
