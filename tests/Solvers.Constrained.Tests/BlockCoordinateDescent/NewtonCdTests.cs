using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.BlockCoordinateDescent;

/// <summary>
/// The matrix-free proximal Newton block update (<see cref="BlockUpdate.NewtonCD"/>): optimality conditions checked
/// from scratch, agreement with the existing updates' optima, and each inner path (dense working set with subspace
/// steps, matrix-free coordinate descent, conjugate gradients on the whole set and on sub-blocks).
/// </summary>
public class NewtonCdTests
{
    /// <summary>Whole-set block (order partition, tau = n) or fixed blocks of size tau, cyclic.</summary>
    private static BcdOptions Options(int n, int tau) => new()
    {
        Rule = SelectionRule.Cyclic,
        Update = BlockUpdate.NewtonCD,
        Partition = BlockPartition.Order,
        BlockSize = tau == 0 ? n : tau,
        Tolerance = 0,
        AbsoluteTolerance = 1e-10,
    };

    /// <summary>Logistic data with labels from a noisy linear model; <paramref name="correlated"/> adds near-copies of columns.</summary>
    private static (CsrMatrix A, double[] Y) LogisticData(int m, int n, double density, int seed, bool correlated = false)
    {
        var a = TestProblems.RandomSparse(m, n, density, seed);
        if (correlated)
        {
            // column j + n/2 = column j + 1e-3 noise: an ill-conditioned Hessian, where plain coordinate descent on the model is slow
            var rng0 = new Random(seed + 100);
            var coo = new CooMatrix(m, n);
            for (int i = 0; i < m; i++)
                for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                {
                    int j = a.ColumnIndices[k];
                    if (j < n / 2)
                    {
                        coo.Add(i, j, a.Values[k]);
                        coo.Add(i, j + n / 2, a.Values[k] * (1 + 1e-3 * TestProblems.Normal(rng0)));
                    }
                }
            a = coo.ToCsr();
        }
        var rng = new Random(seed + 1);
        var w = Enumerable.Range(0, n).Select(_ => TestProblems.Normal(rng)).ToArray();
        var z = new double[m];
        a.Apply(w, z);
        var y = z.Select(v => v + 0.5 * TestProblems.Normal(rng) >= 0 ? 1.0 : -1.0).ToArray();
        return (a, y);
    }

    /// <summary>KKT of f + lambda ||x||_1 from a fresh state: g_j = -lambda sign(x_j) on the support, |g_j| &lt;= lambda off it. Returns the support size.</summary>
    /// <summary>Solves with the Newton-CD options, then asserts convergence, KKT to 1e-8 and a support strictly between 0 and n.</summary>
    private static (double[] X, BcdResult Result) SolveSparseKkt(SmoothObjective f, double lambda, int n, int tau)
    {
        var x = new double[n];
        var result = BcdSolver.Solve(f, lambda, x, Options(n, tau));
        Assert.True(result.Converged, result.Status.ToString());
        int support = AssertKkt(f, lambda, x, 1e-8);
        Assert.InRange(support, 1, n - 1);
        return (x, result);
    }

    private static int AssertKkt(SmoothObjective f, double lambda, double[] x, double tolerance)
    {
        var g = new double[x.Length];
        f.Reset(x);
        f.Gradient(x, g);
        int support = 0;
        for (int j = 0; j < x.Length; j++)
        {
            if (x[j] != 0)
            {
                support++;
                Assert.True(Math.Abs(g[j] + lambda * Math.Sign(x[j])) <= tolerance, $"support j = {j}: g = {g[j]}, lambda = {lambda}, x = {x[j]}");
            }
            else Assert.True(Math.Abs(g[j]) <= lambda + tolerance, $"|g_{j}| = {Math.Abs(g[j])} > lambda = {lambda}");
        }
        return support;
    }

    private static double FullObjective(SmoothObjective f, double lambda, double[] x)
    {
        f.Reset(x);
        return f.Value(x) + lambda * x.Sum(Math.Abs);
    }

    [Theory]
    [InlineData(30, 0.3, 0.2, 0, false)]     // whole set, working set <= 32: dense model with subspace steps
    [InlineData(30, 0.3, 0.2, 0, true)]      // same on nearly collinear columns
    [InlineData(120, 0.2, 0.02, 0, false)]   // whole set, large working set: matrix-free coordinate descent with shrinking
    [InlineData(40, 0.3, 0.1, 7, false)]     // fixed blocks of 7 (the last one shorter), cyclic
    public void L1LogisticSatisfiesKktAndMatchesNewton(int n, double density, double lambdaFraction, int tau, bool correlated)
    {
        var (a, y) = LogisticData(200, n, density, seed: 11 + n, correlated);
        var f = new LogisticObjective(a, y);
        double lambda = lambdaFraction * BcdSolver.LambdaMax(f);
        var (x, result) = SolveSparseKkt(f, lambda, n, tau);
        Assert.InRange(result.DualityGap!.Value, -1e-9, 1e-6);

        // the existing Newton update (dense block Hessian, variable blocks, GSL) reaches the same optimum
        var reference = new double[n];
        var previous = BcdSolver.Solve(f, lambda, reference, new BcdOptions
        {
            Rule = SelectionRule.GaussSouthwellLipschitz, Update = BlockUpdate.Newton, BlockSize = 5, Tolerance = 0, AbsoluteTolerance = 1e-10,
        });
        Assert.True(previous.Converged, previous.Status.ToString());
        double fx = FullObjective(f, lambda, x), fr = FullObjective(f, lambda, reference);
        Assert.True(Math.Abs(fx - fr) <= 1e-10 * Math.Abs(fr), $"F = {fx} against {fr}");
        if (!correlated)   // nearly collinear columns leave the minimiser ill-determined; F is the comparison there
            for (int j = 0; j < n; j++) Assert.Equal(reference[j], x[j], 1e-6);
    }

    [Theory]
    [InlineData(40, 0.2, 0)]     // dense working set
    [InlineData(150, 0.01, 0)]   // matrix-free coordinate descent
    [InlineData(40, 0.2, 6)]     // fixed blocks
    public void LassoSatisfiesKktAndMatchesCyclicCd(int n, double lambdaFraction, int tau)
    {
        var a = TestProblems.RandomSparse(100, n, 0.3, seed: 21 + n);
        var rng = new Random(22);
        var y = Enumerable.Range(0, 100).Select(_ => 3 * TestProblems.Normal(rng)).ToArray();
        var f = new LeastSquaresObjective(a, y);
        double lambda = lambdaFraction * BcdSolver.LambdaMax(f);
        var (x, result) = SolveSparseKkt(f, lambda, n, tau);

        var reference = new double[n];
        var cd = BcdSolver.Solve(f, lambda, reference, new BcdOptions { Rule = SelectionRule.Cyclic, Tolerance = 0, AbsoluteTolerance = 1e-10 });
        Assert.True(cd.Converged, cd.Status.ToString());
        double fx = FullObjective(f, lambda, x), fr = FullObjective(f, lambda, reference);
        Assert.True(Math.Abs(fx - fr) <= 1e-11 * Math.Abs(fr), $"F = {fx} against {fr}");
    }

    [Theory]
    [InlineData(0)]   // whole set: conjugate gradients with the one-pass row product
    [InlineData(8)]   // fixed blocks: conjugate gradients by columns
    public void RidgeEqualsDenseSolve(int tau)
    {
        const int n = 50;
        var a = TestProblems.RandomSparse(40, n, 0.3, seed: 31);   // more features than samples: A^T A singular, ridge makes it definite
        var rng = new Random(32);
        var y = Enumerable.Range(0, 40).Select(_ => TestProblems.Normal(rng)).ToArray();
        const double ridge = 0.3;
        var exact = TestProblems.DenseRidge(a, y, ridge);
        var x = new double[n];
        var result = BcdSolver.Solve(new LeastSquaresObjective(a, y, ridge), 0, x, Options(n, tau) with { AbsoluteTolerance = 1e-12 });
        Assert.True(result.Converged, result.Status.ToString());
        for (int j = 0; j < n; j++) Assert.Equal(exact[j], x[j], 1e-9);
        if (tau == 0) Assert.Equal(1, result.Iterations);   // one exact block update of the quadratic
    }

    [Fact]
    public void RidgeLogisticWithoutL1ReachesAZeroGradient()
    {
        // lambda = 0 on a non-quadratic f: conjugate gradients on the Newton system, then the line search
        var (a, y) = LogisticData(150, 25, 0.3, seed: 41);
        var f = new LogisticObjective(a, y, ridge: 0.5);
        var x = new double[25];
        var result = BcdSolver.Solve(f, 0, x, Options(25, 0));
        Assert.True(result.Converged, result.Status.ToString());
        var g = new double[25];
        f.Reset(x);
        f.Gradient(x, g);
        Assert.True(g.Max(Math.Abs) <= 1e-9, $"|g|_inf = {g.Max(Math.Abs)}");

        var reference = new double[25];
        BcdSolver.Solve(f, 0, reference, new BcdOptions { Rule = SelectionRule.Cyclic, Update = BlockUpdate.Newton, Partition = BlockPartition.Order, BlockSize = 25, Tolerance = 0, AbsoluteTolerance = 1e-10 });
        for (int j = 0; j < 25; j++) Assert.Equal(reference[j], x[j], 1e-8);
    }

    [Fact]
    public void ObjectivesWithoutMarginsFallBackToNewton()
    {
        // softmax has no IMarginObjective: NewtonCD runs the dense Newton update and still converges
        var a = TestProblems.RandomSparse(60, 6, 0.5, seed: 51);
        var rng = new Random(52);
        var labels = Enumerable.Range(0, 60).Select(_ => rng.Next(3)).ToArray();
        var f = new SoftmaxObjective(a, labels, 3);
        var x = new double[f.VariableCount];
        var result = BcdSolver.Solve(f, 0.5, x, new BcdOptions { Rule = SelectionRule.Cyclic, Update = BlockUpdate.NewtonCD, Partition = BlockPartition.Order, BlockSize = 3, Tolerance = 0, AbsoluteTolerance = 1e-9 });
        Assert.True(result.Converged, result.Status.ToString());
        Assert.True(result.Optimality <= 1e-9);
    }
}
