using Solvers.Linear.Solving;
using Solvers.Transport.Exact;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Transport.Tests;

/// <summary>
/// A token cancelled part-way through a transport solve (from the monitor) ends it with status Cancelled and the
/// last plan, not an exception: the returned plan's marginal error and cost are those of the plan itself,
/// recomputed here from its entries.
/// </summary>
public class CancellationMidSolveTests
{
    private sealed class CancellingMonitor(CancellationTokenSource source, int at) : IIterationMonitor
    {
        public int Calls { get; private set; }

        public void OnIteration(in IterationInfo info)
        {
            Calls++;
            if (info.Iteration >= at) source.Cancel();
        }
    }

    [Theory]
    [InlineData("sinkhorn")]
    [InlineData("sns")]
    [InlineData("exact")]
    public void CancelledSolveReturnsItsLastPlan(string method)
    {
        // The network simplex reports (and checks the token) every 1024 pivots, so it gets a problem that needs more.
        var problem = method == "exact" ? TestProblems.Clouds(500, 500, 3) : TestProblems.Clouds(60, 50, 3);
        using var source = new CancellationTokenSource();
        var monitor = new CancellingMonitor(source, at: method == "exact" ? 1 : 5);
        TransportResult result = method switch
        {
            "sinkhorn" => LogSinkhorn.Solve(problem, 1e-3, new SinkhornOptions { CancellationToken = source.Token, Monitor = monitor }),
            "sns" => SinkhornNewtonSparse.Solve(problem, 1e-3, new SnsOptions { CancellationToken = source.Token, Monitor = monitor }),
            _ => NetworkSimplex.Solve(problem, new ExactOptions { CancellationToken = source.Token, Monitor = monitor }),
        };

        Assert.True(monitor.Calls > 0, "the monitor was never called");
        Assert.Equal(TransportStatus.Cancelled, result.Status);
        Assert.False(result.Converged);
        Assert.NotNull(result.Plan);
        var plan = result.Plan!;
        double error = 0, cost = 0;
        var rows = new double[problem.SourceCount];
        var columns = new double[problem.TargetCount];
        for (int i = 0; i < problem.SourceCount; i++)
            for (int j = 0; j < problem.TargetCount; j++)
            {
                double p = plan[i, j];
                Assert.True(p >= 0 && double.IsFinite(p), $"plan[{i}, {j}] = {p}");
                rows[i] += p;
                columns[j] += p;
                cost += p * problem.Cost[i, j];
            }
        for (int i = 0; i < rows.Length; i++) error += Math.Abs(rows[i] - problem.SourceWeights[i]);
        for (int j = 0; j < columns.Length; j++) error += Math.Abs(columns[j] - problem.TargetWeights[j]);
        Assert.Equal(error, result.MarginalError, 1e-12 + 1e-9 * error);
        Assert.Equal(cost, result.Cost, 1e-12 + 1e-9 * Math.Abs(cost));
    }
}
