using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.BlockCoordinateDescent;

/// <summary>The diagonal update's D_b (weighted Gershgorin bound of the block curvature) against analytic cases.</summary>
public class DiagonalUpdateTests
{
    [Fact]
    public void OrthogonalColumnsAreSolvedByOneFullBlockDiagonalStep()
    {
        // Columns with disjoint supports and very different scales: the least-squares solution is x_j = a_j^T y / ||a_j||^2,
        // and D = diag(||a_j||^2) exactly, so one diagonal step on the whole block reaches it (a gradient step 1/L_b with
        // L_b = max ||a_j||^2, or the old D = |b| L_j, would not).
        int n = 6;
        var coo = new CooMatrix(2 * n, n);
        var rng = new Random(8);
        var y = Enumerable.Range(0, 2 * n).Select(_ => TestProblems.Normal(rng)).ToArray();
        var expected = new double[n];
        for (int j = 0; j < n; j++)
        {
            double scale = Math.Pow(10, j - 2), a0 = scale * (1 + j), a1 = -scale * 0.5;
            coo.Add(2 * j, j, a0);
            coo.Add(2 * j + 1, j, a1);
            expected[j] = (a0 * y[2 * j] + a1 * y[2 * j + 1]) / (a0 * a0 + a1 * a1);
        }
        var x = new double[n];
        var result = BcdSolver.Solve(new LeastSquaresObjective(coo.ToCsr(), y), 0, x,
            new BcdOptions { Rule = SelectionRule.GaussSouthwellDiagonal, Update = BlockUpdate.Diagonal, BlockSize = n, MaxIterations = 1, Tolerance = 0 });
        Assert.Equal(1, result.Iterations);
        for (int j = 0; j < n; j++) Assert.Equal(expected[j], x[j], 1e-12 * Math.Max(1, Math.Abs(expected[j])));
    }

    [Theory]
    [InlineData(SelectionRule.GaussSouthwellLipschitz, BlockPartition.Variable)]
    [InlineData(SelectionRule.GaussSouthwellDiagonal, BlockPartition.Sort)]
    [InlineData(SelectionRule.Random, BlockPartition.Variable)]
    public void DiagonalStepsNeverIncreaseTheObjective(SelectionRule rule, BlockPartition partition)
    {
        // Correlated, differently scaled columns: the bound must hold for D - H_b to be a valid majoriser (a too-small D
        // would overshoot and raise f somewhere along 300 steps).
        var a = TestProblems.RandomSparse(40, 30, 0.5, seed: 12);
        var rng = new Random(13);
        var y = Enumerable.Range(0, 40).Select(_ => TestProblems.Normal(rng)).ToArray();
        var x = new double[30];
        var result = BcdSolver.Solve(new LeastSquaresObjective(a, y), 0.1, x,
            new BcdOptions { Rule = rule, Update = BlockUpdate.Diagonal, Partition = partition, BlockSize = 6, MaxIterations = 300, Tolerance = 0, RecordHistory = true, Seed = 2 });
        var history = result.History;
        Assert.True(history.Count > 100);
        for (int k = 1; k < history.Count; k++)
            Assert.True(history[k] <= history[k - 1] * (1 + 1e-14) + 1e-14, $"F rose at iteration {k}: {history[k - 1]} -> {history[k]}");
    }
}
