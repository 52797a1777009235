using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Transport.Tests.Sinkhorn;

public class PlanStatisticsTests
{
    [Theory]
    [InlineData(HessianSparsity.DroppedMass, 1e-6, false)]
    [InlineData(HessianSparsity.DroppedMass, 1e-3, false)]
    [InlineData(HessianSparsity.DroppedMass, 1e-6, true)]
    [InlineData(HessianSparsity.DroppedMass, 1e-3, true)]
    [InlineData(HessianSparsity.Density, 0.05, false)]
    public void ThresholdsFromTheStatisticsEqualThoseFromThePlan(HessianSparsity rule, double level, bool lumped)
    {
        var problem = TestProblems.Clouds(70, 50, 8);
        int n = problem.SourceCount, m = problem.TargetCount;
        var rng = new Random(9);
        var f = new double[n];
        var g = new double[m];
        for (int i = 0; i < n; i++) f[i] = 0.01 * rng.NextDouble();
        for (int j = 0; j < m; j++) g[j] = 0.01 * rng.NextDouble();
        var options = rule == HessianSparsity.DroppedMass
            ? new SnsOptions { Sparsity = rule, DroppedMass = level }
            : new SnsOptions { Sparsity = rule, Density = level };
        var plan = new double[n * m];
        var rows = new double[n];
        var columns = new double[m];
        double lump = lumped ? PlanStatistics.LumpFor(level, problem.SourceMass, n, m) : 0;
        var statistics = new PlanStatistics(n, m, rule, lump);
        EntropicPlan.Compute(problem, 2e-3, f, g, plan, rows, columns, new double[m]);
        PlanScaling.Measure(plan, rows, columns, statistics);
        Assert.True(statistics.IsComplete);
        if (lumped) Assert.True(statistics.LumpedMass > 0 && statistics.LumpedMass <= 0.25 * level * statistics.PositiveMass);

        var rowFromPlan = new double[n];
        var columnFromPlan = new double[m];
        SparseHessian.Thresholds(plan, n, m, options, rowFromPlan, columnFromPlan);
        var rowFromStatistics = new double[n];
        var columnFromStatistics = new double[m];
        SparseHessian.Thresholds(plan, n, m, options, statistics, rowFromStatistics, columnFromStatistics);
        Assert.Equal(rowFromPlan, rowFromStatistics);
        Assert.Equal(columnFromPlan, columnFromStatistics);
        Assert.Contains(rowFromPlan, t => t > 0);

        // A second plan into the same statistics starts afresh.
        for (int i = 0; i < n; i++) f[i] -= 0.002;
        EntropicPlan.Compute(problem, 2e-3, f, g, plan, rows, columns, new double[m]);
        PlanScaling.Measure(plan, rows, columns, statistics);
        SparseHessian.Thresholds(plan, n, m, options, rowFromPlan, columnFromPlan);
        SparseHessian.Thresholds(plan, n, m, options, statistics, rowFromStatistics, columnFromStatistics);
        Assert.Equal(rowFromPlan, rowFromStatistics);
        Assert.Equal(columnFromPlan, columnFromStatistics);
    }

    [Fact]
    public void TooHeavyALumpKeepsEveryPositiveEntry()
    {
        var problem = TestProblems.Clouds(30, 20, 4);
        int n = problem.SourceCount, m = problem.TargetCount;
        var plan = new double[n * m];
        // Every entry is below the lump bound, so the lump holds the whole mass: no threshold may drop any of it.
        var statistics = new PlanStatistics(n, m, HessianSparsity.DroppedMass, lumpBelow: 1.0);
        EntropicPlan.Compute(problem, 1e-2, new double[n], new double[m], plan, new double[n], new double[m], new double[m]);
        PlanScaling.Measure(plan, new double[n], new double[m], statistics);
        double rho = statistics.MassThreshold(1e-6);
        double positiveMin = plan.Where(v => v > 0).Min();
        Assert.True(rho <= positiveMin, $"threshold {rho} above the smallest positive entry {positiveMin}");
    }

    [Theory]
    [InlineData(HessianSparsity.DroppedMass)]
    [InlineData(HessianSparsity.Density)]
    public void ScalingWhileGatheringEqualsScalingThenGathering(HessianSparsity rule)
    {
        var problem = TestProblems.Clouds(41, 35, 6);
        int n = problem.SourceCount, m = problem.TargetCount;
        var plan = new double[n * m];
        EntropicPlan.Compute(problem, 3e-3, new double[n], new double[m], plan, new double[n], new double[m], new double[m]);
        var scaled = (double[])plan.Clone();
        double lump = PlanStatistics.LumpFor(1e-6, problem.SourceMass, n, m);
        var fused = new PlanStatistics(n, m, rule, lump);
        var separate = new PlanStatistics(n, m, rule, lump);
        fused.Reset();
        separate.Reset();
        var fusedColumns = new double[m];
        var expectedColumns = new double[m];
        for (int i = 0; i < n; i++)
        {
            double t = 0.5 + i % 7;
            double r = fused.ScaleAddRow(i, scaled.AsSpan(i * m, m), t, fusedColumns);
            var row = plan.AsSpan(i * m, m);
            for (int j = 0; j < m; j++)
            {
                row[j] *= t;
                expectedColumns[j] += row[j];
            }
            separate.AddRow(i, row);
            double expectedSum = 0;
            foreach (double v in row) expectedSum += v;
            Assert.Equal(expectedSum, r, 1e-14 * expectedSum);
        }
        Assert.Equal(plan, scaled);
        for (int j = 0; j < m; j++) Assert.Equal(expectedColumns[j], fusedColumns[j], 1e-14 * expectedColumns[j]);
        Assert.Equal(separate.RowMax, fused.RowMax);
        Assert.Equal(separate.ColumnMax, fused.ColumnMax);
        var options = new SnsOptions { Sparsity = rule };
        var rowsA = new double[n];
        var columnsA = new double[m];
        var rowsB = new double[n];
        var columnsB = new double[m];
        SparseHessian.Thresholds(plan, n, m, options, fused, rowsA, columnsA);
        SparseHessian.Thresholds(plan, n, m, options, separate, rowsB, columnsB);
        Assert.Equal(rowsB, rowsA);
        Assert.Equal(columnsB, columnsA);
    }
}
