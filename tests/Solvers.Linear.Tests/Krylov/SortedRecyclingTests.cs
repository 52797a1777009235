using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Linear.Tests.Krylov;

public class SortedRecyclingTests
{
    [Fact]
    public void GreedyOrderIsAPermutationAndShortensThePath()
    {
        var rng = new Random(5);
        var points = Enumerable.Range(0, 300).Select(_ => new[] { rng.NextDouble(), rng.NextDouble() }).ToList();
        double PathLength(IReadOnlyList<int> order) => order.Zip(order.Skip(1), (i, j) =>
            Math.Sqrt(Math.Pow(points[i][0] - points[j][0], 2) + Math.Pow(points[i][1] - points[j][1], 2))).Sum();
        foreach (int group in new[] { 2000, 64 })
        {
            var order = SystemOrdering.GreedyNearestNeighbour(points, group);
            Assert.Equal(Enumerable.Range(0, 300), order.OrderBy(i => i));
            Assert.True(PathLength(order) < 0.25 * PathLength(Enumerable.Range(0, 300).ToArray()));
        }
        Assert.Equal(0, SystemOrdering.GreedyNearestNeighbour(points)[0]);
    }

    [Fact]
    public void GreedyOrderOnALineWalksToTheNearestEachTime()
    {
        var points = new[] { 0.0, 5.0, 1.0, 3.0, 2.0, 10.0 }.Select(v => new[] { v }).ToList();
        Assert.Equal(new[] { 0, 2, 4, 3, 1, 5 }, SystemOrdering.GreedyNearestNeighbour(points));
        Assert.Throws<ArgumentException>(() => SystemOrdering.GreedyNearestNeighbour([[1.0], [1.0, 2.0]]));
        Assert.Throws<ArgumentException>(() => SystemOrdering.GreedyNearestNeighbour([[1.0], [double.NaN]]));
    }

    [Fact]
    public void SolutionsComeBackInTheOriginalOrderWithCheckedResiduals()
    {
        var batch = DarcyFlow2D.Sequence(n: 20, count: 8, seed: 3).ToList();
        var systems = batch.Select(s => (s.Matrix, s.RightHandSide)).ToList();
        var result = SortedRecycling.SolveAll(systems, batch.Select(s => s.Parameters).ToList(),
            a => new JacobiPreconditioner(a), new SolverOptions { RelativeTolerance = 1e-9 }, m: 20, k: 5);
        Assert.True(result.AllConverged);
        Assert.Equal(Enumerable.Range(0, 8), result.SolveOrder.OrderBy(i => i));
        // The check below only means something when the solve order is not the input order.
        Assert.NotEqual(Enumerable.Range(0, 8), result.SolveOrder);
        for (int i = 0; i < 8; i++)
        {
            Assert.True(RandomMatrices.RelativeResidual(batch[i].Matrix, batch[i].RightHandSide, result.Solutions[i].ToArray()) <= 1e-9);
            Assert.True(RandomMatrices.MaxAbsDifference(result.Solutions[i], RandomMatrices.DenseSolve(batch[i].Matrix, batch[i].RightHandSide)) < 1e-8);
        }
    }

    [Fact]
    public void SortingAndRecyclingBeatIndependentGmresOnDarcy()
    {
        var batch = DarcyFlow2D.Sequence(n: 24, count: 12, seed: 9).ToList();
        var systems = batch.Select(s => (s.Matrix, s.RightHandSide)).ToList();
        var options = new SolverOptions { RelativeTolerance = 1e-8, MaxIterations = 100_000 };
        var skr = SortedRecycling.SolveAll(systems, batch.Select(s => s.Parameters).ToList(), null, options, m: 40, k: 20);
        int gmres = systems.Sum(s => Gmres.Solve(s.Matrix, s.RightHandSide, new double[s.Matrix.RowCount], null,
            new GmresOptions(options) { Restart = 40 }).Iterations);
        Assert.True(skr.AllConverged);
        Assert.True(skr.TotalIterations * 2 < gmres, $"SKR {skr.TotalIterations} vs GMRES(40) {gmres}");
    }

    [Fact]
    public void CancelledBatchReturnsStatusesNotExceptions()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var batch = DarcyFlow2D.Sequence(n: 8, count: 3, seed: 1).Select(s => (s.Matrix, s.RightHandSide)).ToList();
        var result = SortedRecycling.SolveAll(batch, null, null, new SolverOptions { CancellationToken = cts.Token });
        Assert.All(result.Results, r => Assert.Equal(SolveStatus.Cancelled, r.Status));
    }
}
