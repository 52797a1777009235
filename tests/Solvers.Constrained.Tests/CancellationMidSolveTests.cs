using Solvers.Constrained.Halpern;
using Solvers.Constrained.Problems;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.Solving;

namespace Solvers.Constrained.Tests;

/// <summary>
/// A token cancelled part-way (from the monitor) ends AdaSketch-Newton and the min-max methods with a Cancelled
/// status and the last iterate, whose reported measures are recomputed here from the problem itself.
/// </summary>
public class CancellationMidSolveTests
{
    private sealed class CancellingMonitor(CancellationTokenSource source, int at) : IIterationMonitor
    {
        public void OnIteration(in IterationInfo info)
        {
            if (info.Iteration >= at) source.Cancel();
        }
    }

    [Fact]
    public void AdaSketchNewtonStopsWithTheLastIterate()
    {
        var problem = HockSchittkowski.Create("hs26").Problem;   // 17 outer iterations when left alone
        using var source = new CancellationTokenSource();
        var result = AdaSketchNewton.Solve(problem, new AdaSketchOptions
        {
            Tolerance = 1e-10, CancellationToken = source.Token, Monitor = new CancellingMonitor(source, 4),
        });
        Assert.Equal(ConstrainedStatus.Cancelled, result.Status);
        Assert.False(result.Converged);
        Assert.InRange(result.OuterIterations, 4, 5);
        Assert.Equal(result.OuterIterations + 1, result.History.Count);
        // Objective, feasibility and stationarity of the returned (x, lambda), from the problem's own callbacks.
        Assert.Equal(problem.Objective(result.X), result.Objective, 1e-12);
        var c = new double[problem.ConstraintCount];
        problem.Constraints(result.X, c);
        Assert.Equal(Math.Sqrt(c.Sum(v => v * v)), result.KktFeasibility, 1e-12);
        var g = new double[result.X.Length];
        problem.Gradient(result.X, g);
        var jacobian = problem.Jacobian(result.X).ToDense();
        for (int i = 0; i < jacobian.RowCount; i++)
            for (int j = 0; j < jacobian.ColumnCount; j++) g[j] += jacobian[i, j] * result.Multipliers[i];
        Assert.Equal(Math.Sqrt(g.Sum(v => v * v)), result.KktStationarity, 1e-10);
        Assert.True(result.KktFeasibility + result.KktStationarity > 1e-10);   // really stopped early
    }

    [Theory]
    [InlineData(MinMaxMethod.Halpern)]
    [InlineData(MinMaxMethod.VrHalpern)]
    [InlineData(MinMaxMethod.ExtraAnchoredGradient)]
    public void MinMaxStopsWithTheLastIterate(MinMaxMethod method)
    {
        var problem = MinMaxProblems.Quadratic(40);
        using var source = new CancellationTokenSource();
        var u = new double[problem.Operator.Dimension];
        var result = MinMaxSolver.Solve(problem, method, u, new MinMaxOptions
        {
            Epochs = 10_000, Tolerance = 0, RecordEvery = 1, CancellationToken = source.Token, Monitor = new CancellingMonitor(source, 20),
        });
        Assert.Equal(SolveStatus.Cancelled, result.Status);
        Assert.True(result.Epochs < 100, $"{result.Epochs} epochs");
        Assert.Equal(problem.Residual(u), result.Residual, 1e-12);
        Assert.Equal(result.Residual, result.History[^1].Residual, 1e-12);
    }
}
