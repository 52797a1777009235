using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.Solving;

namespace Solvers.Constrained.Tests.BlockCoordinateDescent;

public class BcdSolverTests
{
    public static TheoryData<SelectionRule, BlockUpdate, BlockPartition, int> Configurations()
    {
        var data = new TheoryData<SelectionRule, BlockUpdate, BlockPartition, int>();
        foreach (var rule in Enum.GetValues<SelectionRule>())
        {
            data.Add(rule, BlockUpdate.Gradient, BlockPartition.Variable, 1);
            data.Add(rule, BlockUpdate.Gradient, BlockPartition.Variable, 5);
            data.Add(rule, BlockUpdate.Matrix, BlockPartition.Sort, 5);
            data.Add(rule, BlockUpdate.Diagonal, BlockPartition.Order, 3);
        }
        data.Add(SelectionRule.GaussSouthwellQuadratic, BlockUpdate.Newton, BlockPartition.Average, 4);
        data.Add(SelectionRule.Cyclic, BlockUpdate.Matrix, BlockPartition.Random, 4);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void RidgeOptimumEqualsDenseSolve(SelectionRule rule, BlockUpdate update, BlockPartition partition, int tau)
    {
        var a = TestProblems.RandomSparse(60, 25, 0.3, seed: 3);
        var rng = new Random(4);
        var y = Enumerable.Range(0, 60).Select(_ => TestProblems.Normal(rng)).ToArray();
        const double ridge = 0.5;
        var exact = TestProblems.DenseRidge(a, y, ridge);
        var x = new double[25];
        var result = BcdSolver.Solve(new LeastSquaresObjective(a, y, ridge), 0, x,
            new BcdOptions { Rule = rule, Update = update, Partition = partition, BlockSize = tau, Tolerance = 1e-13 });
        Assert.True(result.Converged, result.Status.ToString());
        for (int j = 0; j < 25; j++) Assert.Equal(exact[j], x[j], 1e-8);
    }

    [Fact]
    public void LambdaMaxIsTheLargestCorrelationAndZeroIsOptimalFromIt()
    {
        var a = TestProblems.RandomSparse(50, 15, 0.4, seed: 31);
        var rng = new Random(32);
        var y = Enumerable.Range(0, 50).Select(_ => TestProblems.Normal(rng)).ToArray();
        // grad f(0) = -A^T y for f = 1/2 ||A x - y||^2, computed here from the CSR arrays.
        var correlation = new double[15];
        for (int i = 0; i < 50; i++)
            for (int p = a.RowPointers[i]; p < a.RowPointers[i + 1]; p++) correlation[a.ColumnIndices[p]] += a.Values[p] * y[i];
        var f = new LeastSquaresObjective(a, y);
        double lambdaMax = BcdSolver.LambdaMax(f);
        Assert.Equal(correlation.Max(Math.Abs), lambdaMax, 1e-12 * lambdaMax);

        var x = new double[15];
        Assert.True(BcdSolver.Solve(f, lambdaMax, x, new BcdOptions { Rule = SelectionRule.Cyclic, Tolerance = 1e-12 }).Converged);
        Assert.All(x, v => Assert.Equal(0.0, v));
        var below = new double[15];
        Assert.True(BcdSolver.Solve(f, 0.9 * lambdaMax, below, new BcdOptions { Rule = SelectionRule.Cyclic, Tolerance = 1e-12 }).Converged);
        Assert.Contains(below, v => v != 0);
    }

    [Fact]
    public void LeastSquaresOptimumEqualsDenseSolve()
    {
        var a = TestProblems.RandomSparse(80, 20, 0.4, seed: 5);
        var rng = new Random(6);
        var y = Enumerable.Range(0, 80).Select(_ => TestProblems.Normal(rng)).ToArray();
        var exact = TestProblems.DenseRidge(a, y, 0);
        var x = new double[20];
        var result = BcdSolver.Solve(new LeastSquaresObjective(a, y), 0, x,
            new BcdOptions { Rule = SelectionRule.GaussSouthwellQuadratic, Update = BlockUpdate.Matrix, Partition = BlockPartition.Sort, BlockSize = 4, Tolerance = 1e-14 });
        Assert.True(result.Converged);
        for (int j = 0; j < 20; j++) Assert.Equal(exact[j], x[j], 1e-8);
    }

    [Theory]
    [InlineData(SelectionRule.Cyclic, BlockUpdate.Gradient, 1)]
    [InlineData(SelectionRule.Random, BlockUpdate.Gradient, 3)]
    [InlineData(SelectionRule.GaussSouthwell, BlockUpdate.Gradient, 1)]
    [InlineData(SelectionRule.GaussSouthwellLipschitz, BlockUpdate.Gradient, 5)]
    [InlineData(SelectionRule.GaussSouthwellQuadratic, BlockUpdate.Matrix, 5)]
    [InlineData(SelectionRule.GaussSouthwellLipschitz, BlockUpdate.Newton, 5)]
    public void LassoSatisfiesKkt(SelectionRule rule, BlockUpdate update, int tau)
    {
        var a = TestProblems.RandomSparse(50, 40, 0.3, seed: 7);
        var rng = new Random(8);
        var y = Enumerable.Range(0, 50).Select(_ => 3 * TestProblems.Normal(rng)).ToArray();
        var f = new LeastSquaresObjective(a, y);
        var g0 = new double[40];
        f.Reset(new double[40]);
        f.Gradient(new double[40], g0);
        double lambda = 0.2 * g0.Max(Math.Abs);
        var x = new double[40];
        var partition = update == BlockUpdate.Matrix ? BlockPartition.Sort : BlockPartition.Variable;
        var result = BcdSolver.Solve(f, lambda, x, new BcdOptions { Rule = rule, Update = update, Partition = partition, BlockSize = tau, Tolerance = 0, AbsoluteTolerance = 1e-9 });
        Assert.True(result.Converged, result.Status.ToString());
        // KKT from scratch, with g = A^T (A x - y) formed here from A's entries rather than by the objective:
        // g_j = -lambda sign(x_j) on the support, |g_j| <= lambda off it.
        var residual = new double[50];
        for (int i = 0; i < 50; i++)
        {
            residual[i] = -y[i];
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++) residual[i] += a.Values[k] * x[a.ColumnIndices[k]];
        }
        var g = new double[40];
        for (int i = 0; i < 50; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++) g[a.ColumnIndices[k]] += a.Values[k] * residual[i];
        int support = 0;
        for (int j = 0; j < 40; j++)
        {
            if (x[j] != 0) { support++; Assert.Equal(-lambda * Math.Sign(x[j]), g[j], 1e-8); }
            else Assert.True(Math.Abs(g[j]) <= lambda + 1e-8, $"|g_{j}| = {Math.Abs(g[j])} > lambda = {lambda}");
        }
        Assert.InRange(support, 1, 39);
        Assert.NotNull(result.DualityGap);
        Assert.InRange(result.DualityGap!.Value, -1e-9, 1e-7);
    }

    [Theory]
    [InlineData(BlockUpdate.Gradient, 1)]
    [InlineData(BlockUpdate.Newton, 1)]
    [InlineData(BlockUpdate.Newton, 5)]
    public void L1LogisticSatisfiesKktAndClosesTheGap(BlockUpdate update, int tau)
    {
        var a = TestProblems.RandomSparse(120, 30, 0.3, seed: 9);
        var rng = new Random(10);
        var w = Enumerable.Range(0, 30).Select(_ => TestProblems.Normal(rng)).ToArray();
        var z = new double[120];
        a.Apply(w, z);
        var y = z.Select(v => v + 0.5 * TestProblems.Normal(rng) >= 0 ? 1.0 : -1.0).ToArray();
        var f = new LogisticObjective(a, y);
        var x = new double[30];
        var result = BcdSolver.Solve(f, 2.0, x, new BcdOptions { Rule = SelectionRule.GaussSouthwellLipschitz, Update = update, BlockSize = tau, Tolerance = 0, AbsoluteTolerance = 1e-9 });
        Assert.True(result.Converged, result.Status.ToString());
        Assert.True(result.Optimality <= 1e-9);
        Assert.InRange(result.DualityGap!.Value, -1e-9, 1e-6);
    }

    [Fact]
    public void NonConvergenceIsAStatusWithHistory()
    {
        var a = TestProblems.RandomSparse(60, 25, 0.3, seed: 3);
        var y = Enumerable.Repeat(1.0, 60).ToArray();
        var x = new double[25];
        var result = BcdSolver.Solve(new LeastSquaresObjective(a, y), 0, x, new BcdOptions { Rule = SelectionRule.Random, MaxIterations = 10, RecordHistory = true });
        Assert.Equal(SolveStatus.MaxIterations, result.Status);
        Assert.Equal(11, result.History.Count);
        Assert.Equal(10, result.CoordinateUpdates);
        for (int k = 1; k < result.History.Count; k++) Assert.True(result.History[k] <= result.History[k - 1] + 1e-12);
    }

    [Fact]
    public void CancellationIsAStatus()
    {
        var a = TestProblems.RandomSparse(60, 25, 0.3, seed: 3);
        var y = Enumerable.Repeat(1.0, 60).ToArray();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var result = BcdSolver.Solve(new LeastSquaresObjective(a, y), 0, new double[25], new BcdOptions { CancellationToken = cancel.Token });
        Assert.Equal(SolveStatus.Cancelled, result.Status);
    }

    [Fact]
    public void BadArgumentsNameTheParameter()
    {
        var a = TestProblems.RandomSparse(10, 5, 0.5, seed: 1);
        var f = new LeastSquaresObjective(a, new double[10]);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => BcdSolver.Solve(f, 0, new double[4])).ParamName);
        Assert.Equal("lambda", Assert.Throws<ArgumentException>(() => BcdSolver.Solve(f, -1, new double[5])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => new LeastSquaresObjective(a, new double[9])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => new LogisticObjective(a, new double[10])).ParamName);
    }
}
