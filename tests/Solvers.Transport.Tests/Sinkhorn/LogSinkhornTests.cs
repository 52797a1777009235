using Solvers.Transport.Exact;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Transport.Tests.Sinkhorn;

public class LogSinkhornTests
{
    public static TheoryData<SinkhornVariant> Variants => new() { SinkhornVariant.Stabilized, SinkhornVariant.Log };

    [Theory]
    [MemberData(nameof(Variants))]
    public void TwoByTwoSolvedByHand(SinkhornVariant variant)
    {
        // a = b = (1/2, 1/2), C = [[0, 1], [1, 0]]: P = [[p, 1/2 - p], [1/2 - p, p]] and the optimality condition
        // P11 P22 / (P12 P21) = exp(2 / reg) give p = 1 / (2 (1 + exp(-1 / reg))).
        foreach (double reg in new[] { 1.0, 0.2, 0.05 })
        {
            var problem = OtProblem.Uniform(CostMatrix.FromArray(new double[,] { { 0, 1 }, { 1, 0 } }));
            var result = LogSinkhorn.Solve(problem, reg, new SinkhornOptions { Variant = variant, Tolerance = 1e-14 });
            double p = 1 / (2 * (1 + Math.Exp(-1 / reg)));
            Assert.Equal(TransportStatus.Converged, result.Status);
            Assert.Equal(p, result.Plan![0, 0], 13);
            Assert.Equal(0.5 - p, result.Plan[0, 1], 13);
            Assert.Equal(1 - 2 * p, result.Cost, 13);
            double entropy = 2 * p * Math.Log(p) + 2 * (0.5 - p) * Math.Log(0.5 - p);
            Assert.Equal(1 - 2 * p + reg * entropy, result.EntropicObjective, 12);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void PlanSatisfiesMarginalsAndFirstOrderConditions(SinkhornVariant variant)
    {
        var problem = TestProblems.RandomWeights(30, 45, 21);
        const double reg = 0.02;
        var result = LogSinkhorn.Solve(problem, reg, new SinkhornOptions { Variant = variant, Tolerance = 1e-12 });
        Assert.Equal(TransportStatus.Converged, result.Status);
        Assert.True(result.MarginalError <= 1e-12);
        Assert.True(TestProblems.MarginalError(problem, result.Plan!) <= 1e-12);
        // Stationarity of the Lagrangian: reg log P_ij = F_i + G_j - C_ij.
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 45; j++)
            {
                double expected = Math.Exp((result.DualU[i] + result.DualV[j] - problem.Cost[i, j]) / reg);
                Assert.True(Math.Abs(result.Plan![i, j] - expected) <= 1e-12 * Math.Max(expected, 1e-300) + 1e-300,
                    $"P[{i},{j}] = {result.Plan[i, j]:R}, exp(...) = {expected:R}");
            }
    }

    [Fact]
    public void VariantsAgreeIterationForIteration()
    {
        var problem = TestProblems.Clouds(60, 50, 8);
        var stabilized = LogSinkhorn.Solve(problem, 1e-2);
        var log = LogSinkhorn.Solve(problem, 1e-2, new SinkhornOptions { Variant = SinkhornVariant.Log });
        Assert.Equal(log.Iterations, stabilized.Iterations);
        var p = stabilized.Plan!.DenseValues;
        var q = log.Plan!.DenseValues;
        for (int k = 0; k < p.Length; k++) Assert.True(Math.Abs(p[k] - q[k]) <= 1e-12, $"entry {k}: {p[k]} vs {q[k]}");
    }

    [Fact]
    public void PotStoppingRuleReproducesPotIterationCounts()
    {
        var reference = TestProblems.PotReference();
        var problem = TestProblems.PotProblem();
        foreach (double reg in new[] { 0.1, 0.01 })
            foreach (var (variant, key) in new[] { (SinkhornVariant.Stabilized, "sinkhorn"), (SinkhornVariant.Log, "sinkhorn_log") })
            {
                var pot = reference.GetProperty($"{key}_{reg.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                var result = LogSinkhorn.Solve(problem, reg, new SinkhornOptions { Variant = variant, Stopping = StoppingRule.PotColumnL2Every10 });
                // POT's niter is the 0-based index of the last iteration.
                Assert.Equal(pot.GetProperty("niter").GetInt32() + 1, result.Iterations);
                Assert.Equal(pot.GetProperty("cost").GetDouble(), result.Cost, 12);
                Assert.Equal(pot.GetProperty("P00").GetDouble(), result.Plan![0, 0], 14);
                Assert.Equal(pot.GetProperty("Pmax").GetDouble(), result.Plan.DenseValues.ToArray().Max(), 14);
            }
    }

    [Fact]
    public void EntropicCostApproachesExactCostAsRegularisationVanishes()
    {
        var problem = TestProblems.Clouds(50, 50, 4);
        double exact = NetworkSimplex.Solve(problem).Cost;
        double previousGap = double.PositiveInfinity, firstGap = double.NaN;
        foreach (double reg in new[] { 1e-1, 1e-2, 1e-3, 1e-4 })
        {
            // Sinkhorn needs 8e5 iterations at 1e-3 and millions at 1e-4 on this problem; SNS solves the same problem.
            var result = reg >= 1e-2
                ? LogSinkhorn.Solve(problem, reg, new SinkhornOptions { Tolerance = 1e-10 })
                : SinkhornNewtonSparse.Solve(problem, reg, new SnsOptions { Tolerance = 1e-10 });
            Assert.Equal(TransportStatus.Converged, result.Status);
            double gap = result.Cost - exact;
            // <C, P_reg> - OT <= reg (log n + log m) for uniform weights (entropy bound).
            Assert.True(gap >= -1e-9 && gap <= reg * Math.Log(50.0 * 50), $"reg {reg}: gap {gap}");
            Assert.True(gap < previousGap);
            if (double.IsNaN(firstGap)) firstGap = gap;
            previousGap = gap;
        }
        Assert.True(previousGap < 1e-2 * firstGap, $"gap {previousGap} at reg 1e-4 vs {firstGap} at 1e-1");
    }

    [Fact]
    public void StableAtTinyRegularisation()
    {
        // reg = 1e-5 of the cost scale: exp(-C / reg) underflows for almost every entry, so the first
        // iterations run on log-domain row/column updates; nothing may become NaN or infinite.
        var problem = TestProblems.Clouds(60, 60, 9);
        foreach (var variant in new[] { SinkhornVariant.Stabilized, SinkhornVariant.Log })
        {
            var result = LogSinkhorn.Solve(problem, 1e-5, new SinkhornOptions { Variant = variant, MaxIterations = 3000 });
            Assert.True(result.Status is TransportStatus.Converged or TransportStatus.MaxIterations, result.Status.ToString());
            Assert.All(result.DualU, u => Assert.True(double.IsFinite(u)));
            Assert.All(result.DualV, v => Assert.True(double.IsFinite(v)));
            Assert.All(result.Plan!.DenseValues.ToArray(), p => Assert.True(double.IsFinite(p) && p >= 0));
            Assert.True(result.MarginalError < 2, $"{variant}: marginal error {result.MarginalError}");
        }
        var sns = SinkhornNewtonSparse.Solve(problem, 1e-4);
        Assert.Equal(TransportStatus.Converged, sns.Status);
    }

    [Fact]
    public void ZeroWeightBinsAreSkipped()
    {
        // Two "images" on a 1-D grid with empty bins.
        var grid = PointCloud.FromArray(6, 1, [0, 1, 2, 3, 4, 5]);
        var problem = OtProblem.FromPoints(grid, grid, GroundMetric.SquaredEuclidean, [0.5, 0, 0.5, 0, 0, 0], [0, 0, 0, 0.25, 0.25, 0.5], normalizeByMax: true);
        var full = LogSinkhorn.Solve(problem, 0.01);
        var log = LogSinkhorn.Solve(problem, 0.01, new SinkhornOptions { Variant = SinkhornVariant.Log });
        Assert.True(full.Converged && log.Converged);
        Assert.Equal(0.0, full.Plan![1, 3]);
        Assert.Equal(0.0, full.Plan[0, 0]);
        Assert.All(full.DualU, u => Assert.True(double.IsFinite(u)));
        Assert.Equal(full.Cost, log.Cost, 12);
    }

    [Fact]
    public void NonConvergenceAndCancellationAreStatuses()
    {
        var problem = TestProblems.Clouds(40, 40, 2);
        var limited = LogSinkhorn.Solve(problem, 1e-3, new SinkhornOptions { MaxIterations = 5 });
        Assert.Equal(TransportStatus.MaxIterations, limited.Status);
        Assert.Equal(5, limited.Iterations);
        Assert.Equal(5, limited.History.Count);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var cancelled = LogSinkhorn.Solve(problem, 1e-3, new SinkhornOptions { CancellationToken = cts.Token });
        Assert.Equal(TransportStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public void WarmStartFromConvergedPotentialsStopsAtOnce()
    {
        var problem = TestProblems.Clouds(40, 30, 6);
        var first = LogSinkhorn.Solve(problem, 1e-2);
        var second = LogSinkhorn.Solve(problem, 1e-2, new SinkhornOptions { WarmStart = (first.DualU, first.DualV) });
        Assert.True(second.Iterations <= 2, $"{second.Iterations} iterations");
    }

    [Fact]
    public void PlanFormats()
    {
        var problem = TestProblems.Clouds(20, 25, 1);
        var dense = LogSinkhorn.Solve(problem, 1e-2);
        var sparse = LogSinkhorn.Solve(problem, 1e-2, new SinkhornOptions { Plan = PlanFormat.Sparse, SparseDropTolerance = 1e-12 });
        var none = LogSinkhorn.Solve(problem, 1e-2, new SinkhornOptions { Plan = PlanFormat.None });
        Assert.Null(none.Plan);
        Assert.Equal(dense.Cost, none.Cost, 15);
        Assert.True(sparse.Plan!.IsSparse);
        Assert.True(sparse.Plan.StoredCount < 20 * 25);
        Assert.Equal(dense.Plan![3, 4], sparse.Plan[3, 4] == 0 ? dense.Plan[3, 4] : sparse.Plan[3, 4], 15);
        using var text = new StringWriter();
        sparse.Plan.WriteCsv(text, triplets: true);
        Assert.StartsWith("i,j,value", text.ToString());
    }
}
