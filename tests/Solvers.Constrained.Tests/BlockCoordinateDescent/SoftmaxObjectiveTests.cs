using Solvers.Constrained.BlockCoordinateDescent;

namespace Solvers.Constrained.Tests.BlockCoordinateDescent;

public class SoftmaxObjectiveTests
{
    private static (SoftmaxObjective F, int N) Problem(double ridge)
    {
        var a = TestProblems.RandomSparse(80, 6, 0.6, seed: 12);
        var rng = new Random(13);
        var y = Enumerable.Range(0, 80).Select(_ => rng.Next(3)).ToArray();
        return (new SoftmaxObjective(a, y, 3, ridge), 18);
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var (f, n) = Problem(0.3);
        var rng = new Random(1);
        var x = Enumerable.Range(0, n).Select(_ => 0.3 * TestProblems.Normal(rng)).ToArray();
        f.Reset(x);
        var g = new double[n];
        f.Gradient(x, g);
        for (int j = 0; j < n; j++)
        {
            f.Reset(x);
            Assert.Equal(g[j], f.PartialDerivative(j, x), 1e-10);
            const double h = 1e-6;
            var xp = (double[])x.Clone(); xp[j] += h;
            var xm = (double[])x.Clone(); xm[j] -= h;
            f.Reset(xp); double fp = f.Value(xp);
            f.Reset(xm); double fm = f.Value(xm);
            Assert.Equal(g[j], (fp - fm) / (2 * h), 1e-5);
        }
    }

    [Theory]
    [InlineData(SelectionRule.GaussSouthwellLipschitz, BlockUpdate.Gradient, 1)]
    [InlineData(SelectionRule.Cyclic, BlockUpdate.Matrix, 3)]
    [InlineData(SelectionRule.GaussSouthwellQuadratic, BlockUpdate.Matrix, 4)]
    public void L1SoftmaxReachesKkt(SelectionRule rule, BlockUpdate update, int tau)
    {
        var (f, n) = Problem(0);
        var x = new double[n];
        var partition = update == BlockUpdate.Matrix ? BlockPartition.Order : BlockPartition.Variable;
        var result = BcdSolver.Solve(f, 1.0, x, new BcdOptions { Rule = rule, Update = update, Partition = partition, BlockSize = tau, Tolerance = 0, AbsoluteTolerance = 1e-8 });
        Assert.True(result.Converged, result.Status.ToString());
        var g = new double[n];
        f.Reset(x);
        f.Gradient(x, g);
        for (int j = 0; j < n; j++)
        {
            if (x[j] != 0) Assert.Equal(-Math.Sign(x[j]), g[j], 1e-7);
            else Assert.True(Math.Abs(g[j]) <= 1 + 1e-7);
        }
    }
}
