using Solvers.Transport.Sinkhorn;

namespace Solvers.Transport.Tests.Sinkhorn;

public class PlanScalingTests
{
    /// <summary>The plan of potentials (f, g) and its marginals, exponentiated afresh (the reference).</summary>
    private static (double[] Plan, double[] Rows, double[] Columns, double Mass) Exact(Solvers.Transport.Problems.OtProblem problem,
        double reg, double[] f, double[] g)
    {
        int n = problem.SourceCount, m = problem.TargetCount;
        var plan = new double[n * m];
        var rows = new double[n];
        var columns = new double[m];
        double mass = EntropicPlan.Compute(problem, reg, f, g, plan, rows, columns, new double[m]);
        return (plan, rows, columns, mass);
    }

    [Fact]
    public void ScaledPlanEqualsThePlanOfTheMovedPotentials()
    {
        var problem = TestProblems.Clouds(37, 29, 11);
        int n = problem.SourceCount, m = problem.TargetCount;
        const double reg = 2e-3;
        var rng = new Random(12);
        var f = new double[n];
        var g = new double[m];
        for (int i = 0; i < n; i++) f[i] = 0.02 * rng.NextDouble();
        for (int j = 0; j < m; j++) g[j] = 0.02 * rng.NextDouble();
        var direction = new double[n + m];
        for (int k = 0; k < direction.Length; k++) direction[k] = 6 * (rng.NextDouble() - 0.5);
        const double alpha = 0.75;

        var (plan, _, _, _) = Exact(problem, reg, f, g);
        var fMoved = f.Select((v, i) => v + alpha * reg * direction[i]).ToArray();
        var gMoved = g.Select((v, j) => v + alpha * reg * direction[n + j]).ToArray();
        var (expected, expectedRows, expectedColumns, expectedMass) = Exact(problem, reg, fMoved, gMoved);

        var x = new double[n];
        var y = new double[m];
        Assert.True(PlanScaling.TryScales(direction, alpha, direction.Max(Math.Abs), x, y));
        var rows = new double[n];
        var columns = new double[m];
        double mass = PlanScaling.Marginals(plan, x, y, rows, columns, new double[m]);
        Assert.Equal(expectedMass, mass, 1e-13 * expectedMass);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(rows[i] - expectedRows[i]) <= 1e-13 * expectedRows[i], $"row {i}");
        for (int j = 0; j < m; j++) Assert.True(Math.Abs(columns[j] - expectedColumns[j]) <= 1e-13 * expectedColumns[j], $"column {j}");

        var statistics = new PlanStatistics(n, m, HessianSparsity.DroppedMass);
        var appliedRows = new double[n];
        var appliedColumns = new double[m];
        double applied = PlanScaling.Apply(plan, x, y, appliedRows, appliedColumns, statistics);
        Assert.Equal(expectedMass, applied, 1e-13 * expectedMass);
        Assert.True(statistics.IsComplete);
        for (int k = 0; k < plan.Length; k++)
            Assert.True(Math.Abs(plan[k] - expected[k]) <= 1e-13 * expected[k] + 1e-300, $"entry {k}: {plan[k]} vs {expected[k]}");

        // A measured plan gives its own sums back.
        var measuredRows = new double[n];
        var measuredColumns = new double[m];
        Assert.Equal(applied, PlanScaling.Measure(plan, measuredRows, measuredColumns, null), 1e-15 * applied);
        Assert.Equal(appliedRows, measuredRows);
    }

    [Fact]
    public void LongStepsAreRefused()
    {
        var direction = new[] { 1.0, -2.0, 0.5 };
        var x = new double[2];
        var y = new double[1];
        Assert.True(PlanScaling.TryScales(direction, PlanScaling.MaxLogScale / 2, 2.0, x, y));
        Assert.Equal(Math.Exp(PlanScaling.MaxLogScale / 2), x[0], 1e-12 * x[0]);
        Assert.False(PlanScaling.TryScales(direction, PlanScaling.MaxLogScale, 2.0, x, y));
        Assert.False(PlanScaling.TryScales(direction, 1, double.NaN, x, y));
    }
}
