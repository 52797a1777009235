using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.BlockCoordinateDescent;

/// <summary>
/// The non-negative lasso min 1/2 ||A x - y||^2 + lambda sum x, x &gt;= 0 (problem A-l1 of the BCD brief), checked against a
/// reference built here: the dense KKT conditions, and the optimum on the found support re-solved by a dense Cholesky.
/// </summary>
public class NonNegativeLassoTests
{
    private const int Rows = 60, Columns = 30;

    private static (CsrMatrix A, double[] Y, double Lambda) Problem(int seed)
    {
        var a = TestProblems.RandomSparse(Rows, Columns, 0.4, seed);
        var rng = new Random(seed + 100);
        var y = Enumerable.Range(0, Rows).Select(_ => 3 * TestProblems.Normal(rng)).ToArray();
        // lambda = 0.15 max_j (A^T y)_j: a few coordinates enter the support, most stay at the bound
        var aty = Gradient(a, y, new double[Columns]).Select(v => -v).ToArray();
        return (a, y, 0.15 * aty.Max());
    }

    /// <summary>A^T (A x - y), dense, from the CSR arrays.</summary>
    private static double[] Gradient(CsrMatrix a, double[] y, double[] x)
    {
        var g = new double[a.ColumnCount];
        for (int i = 0; i < a.RowCount; i++)
        {
            double r = -y[i];
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++) r += a.Values[k] * x[a.ColumnIndices[k]];
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++) g[a.ColumnIndices[k]] += a.Values[k] * r;
        }
        return g;
    }

    private static double Objective(CsrMatrix a, double[] y, double lambda, double[] x)
    {
        double s = 0;
        for (int i = 0; i < a.RowCount; i++)
        {
            double r = -y[i];
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++) r += a.Values[k] * x[a.ColumnIndices[k]];
            s += 0.5 * r * r;
        }
        return s + lambda * x.Sum();
    }

    /// <summary>
    /// The exact optimum given its support S: A_S^T A_S x_S = A_S^T y - lambda 1 by dense Cholesky, then certified by the
    /// KKT conditions (x_S &gt; 0, gradient + lambda = 0 on S and &gt;= 0 off S), which make it the unique minimiser.
    /// </summary>
    private static double[] CertifiedOptimum(CsrMatrix a, double[] y, double lambda, IReadOnlyList<int> support)
    {
        int s = support.Count;
        var dense = new double[a.RowCount, a.ColumnCount];
        for (int i = 0; i < a.RowCount; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++) dense[i, a.ColumnIndices[k]] = a.Values[k];
        var h = new double[s, s];
        var rhs = new double[s];
        for (int p = 0; p < s; p++)
        {
            for (int q = 0; q < s; q++)
                for (int i = 0; i < a.RowCount; i++) h[p, q] += dense[i, support[p]] * dense[i, support[q]];
            for (int i = 0; i < a.RowCount; i++) rhs[p] += dense[i, support[p]] * y[i];
            rhs[p] -= lambda;
        }
        var xs = TestProblems.CholeskySolve(h, rhs);
        var x = new double[a.ColumnCount];
        for (int p = 0; p < s; p++) x[support[p]] = xs[p];
        var g = Gradient(a, y, x);
        for (int j = 0; j < x.Length; j++)
        {
            if (support.Contains(j))
            {
                Assert.True(x[j] > 0, $"x*[{j}] = {x[j]} on the support");
                Assert.True(Math.Abs(g[j] + lambda) <= 1e-9 * lambda, $"stationarity at {j}: {g[j] + lambda}");
            }
            else Assert.True(g[j] + lambda > 0, $"KKT at the bound {j}: {g[j] + lambda}");
        }
        return x;
    }

    public static TheoryData<SelectionRule, BlockUpdate, BlockPartition, int> Configurations() => new()
    {
        { SelectionRule.GaussSouthwellLipschitz, BlockUpdate.Gradient, BlockPartition.Variable, 5 },
        { SelectionRule.GaussSouthwellLipschitz, BlockUpdate.Newton, BlockPartition.Variable, 10 },
        { SelectionRule.GaussSouthwell, BlockUpdate.Diagonal, BlockPartition.Variable, 3 },
        { SelectionRule.GaussSouthwellQuadratic, BlockUpdate.Matrix, BlockPartition.Sort, 5 },
        { SelectionRule.GaussSouthwellQuadratic, BlockUpdate.Matrix, BlockPartition.Variable, 6 },
        { SelectionRule.Cyclic, BlockUpdate.Gradient, BlockPartition.Order, 4 },
        { SelectionRule.Random, BlockUpdate.Newton, BlockPartition.Variable, 8 },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void OptimumIsTheCertifiedNonNegativeSolution(SelectionRule rule, BlockUpdate update, BlockPartition partition, int tau)
    {
        var (a, y, lambda) = Problem(seed: 5);
        var x = new double[Columns];
        var result = BcdSolver.Solve(new LeastSquaresObjective(a, y), lambda, x,
            new BcdOptions { Rule = rule, Update = update, Partition = partition, BlockSize = tau, NonNegative = true, Tolerance = 1e-12 });
        Assert.True(result.Converged, result.Status.ToString());
        Assert.All(x, v => Assert.True(v >= 0));
        var support = Enumerable.Range(0, Columns).Where(j => x[j] > 0).ToList();
        Assert.InRange(support.Count, 1, Columns - 1);   // a real bound-constrained instance: some coordinates pinned at 0
        var exact = CertifiedOptimum(a, y, lambda, support);
        for (int j = 0; j < Columns; j++) Assert.Equal(exact[j], x[j], 1e-8);
        Assert.Equal(Objective(a, y, lambda, exact), result.Objective, 1e-9 * Math.Abs(result.Objective));
        Assert.Null(result.DualityGap);
    }

    [Fact]
    public void ProximalNewtonFinishesWithinAFewIterationsOnceTheSupportIsFixed()
    {
        var (a, y, lambda) = Problem(seed: 7);
        var f = new LeastSquaresObjective(a, y);
        var options = new BcdOptions
        {
            Rule = SelectionRule.GaussSouthwellLipschitz, BlockSize = 15, NonNegative = true, Tolerance = 1e-14,
            MaxIterations = 200, RecordHistory = true,
        };
        var xn = new double[Columns];
        var newton = BcdSolver.Solve(f, lambda, xn, options with { Update = BlockUpdate.Newton });
        var support = Enumerable.Range(0, Columns).Where(j => xn[j] > 0).ToList();
        Assert.True(support.Count < 15, $"support {support.Count} must fit in a block for the one-step finish");
        double fStar = Objective(a, y, lambda, CertifiedOptimum(a, y, lambda, support));

        int k0 = newton.LastSupportChange!.Value;
        Assert.Equal(support.Count, newton.SupportSizes[^1]);
        Assert.Equal(newton.History.Count, newton.SupportSizes.Count);
        // from k0 on the zero pattern is the optimal one, and the exact block QP then reaches F* to rounding in a few steps
        double at = newton.History[Math.Min(k0 + 3, newton.History.Count - 1)] - fStar;
        Assert.True(at <= 1e-11 * Math.Abs(fStar), $"F - F* = {at} three iterations after k0 = {k0}");

        // the proximal gradient update on the same blocks only converges linearly: still far from F* at that point
        var xg = new double[Columns];
        var gradient = BcdSolver.Solve(f, lambda, xg, options with { Update = BlockUpdate.Gradient });
        double pg = gradient.History[Math.Min(k0 + 3, gradient.History.Count - 1)] - fStar;
        Assert.True(pg > 1e3 * Math.Max(at, 1e-300), $"PG F - F* = {pg} vs PN {at}");
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    [InlineData(true, 4)]
    [InlineData(true, 5)]
    [InlineData(false, 6)]
    public void BlockL1QuadraticStepIsTheExactModelMinimiser(bool nonNegative, int seed)
    {
        // an ill-conditioned, correlated block (column scales 1e-3 .. 1e3 around a shared direction), like data set A's
        // columns N(0,1) + 1 scaled by 10 N(0,1): cyclic coordinate descent alone stalls far from the KKT point here
        const int t = 40;
        var rng = new Random(seed);
        var b = new double[60, t];
        for (int j = 0; j < t; j++)
        {
            double scale = Math.Pow(10, -3 + 6.0 * j / (t - 1));
            for (int i = 0; i < 60; i++) b[i, j] = scale * (TestProblems.Normal(rng) + 1);
        }
        var h = new double[t * t];
        for (int p = 0; p < t; p++)
            for (int q = 0; q < t; q++)
                for (int i = 0; i < 60; i++) h[p * t + q] += b[i, p] * b[i, q];
        var g = Enumerable.Range(0, t).Select(j => 30 * TestProblems.Normal(rng)).ToArray();
        var x = Enumerable.Range(0, t).Select(j => j % 3 == 0 ? 0 : nonNegative ? rng.NextDouble() : rng.NextDouble() - 0.5).ToArray();
        const double lambda = 10;
        var d = new double[t];
        SmallDense.L1QuadraticStep(h, t, g, x, lambda, nonNegative, d);

        // KKT of min g^T d + d^T H d / 2 + lambda ||x + d||_1 (x + d >= 0): q = g + H d
        int nonZero = 0;
        for (int i = 0; i < t; i++)
        {
            double q = g[i], magnitude = Math.Abs(g[i]) + lambda;
            for (int k = 0; k < t; k++)
            {
                q += h[i * t + k] * d[k];
                magnitude += Math.Abs(h[i * t + k] * d[k]);
            }
            // the rounding level of q itself (the block's condition number is ~1e13, so |H d| terms cancel heavily)
            double tol = 1e-12 * magnitude;
            double w = x[i] + d[i];
            if (w != 0)
            {
                nonZero++;
                if (nonNegative) Assert.True(w > 0);
                Assert.True(Math.Abs(q + lambda * Math.Sign(w)) <= tol, $"coordinate {i}: stationarity {q + lambda * Math.Sign(w)}, tolerance {tol}");
            }
            else if (nonNegative) Assert.True(q + lambda >= -tol, $"coordinate {i}: q + lambda = {q + lambda}");
            else Assert.True(Math.Abs(q) <= lambda + tol, $"coordinate {i}: |q| = {Math.Abs(q)}");
        }
        Assert.InRange(nonZero, 1, t - 1);
    }
}
