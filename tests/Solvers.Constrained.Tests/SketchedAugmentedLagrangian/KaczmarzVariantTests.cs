using MathNet.Numerics.LinearAlgebra.Double;
using Solvers.Constrained.Problems;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

/// <summary>Row order, column scaling and the dense-row path of randomized Kaczmarz.</summary>
public class KaczmarzVariantTests
{
    private static (CsrMatrix K, double[] B) RandomKkt(int d, int m, int seed, double gScale = 1) =>
        SketchSolverTests.RandomKkt(d, m, seed, gScale);

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(t => t * t));

    [Theory]
    [InlineData(KaczmarzRowOrder.Uniform, false)]
    [InlineData(KaczmarzRowOrder.Reshuffled, false)]
    [InlineData(KaczmarzRowOrder.Uniform, true)]
    [InlineData(KaczmarzRowOrder.Reshuffled, true)]
    public void EveryVariantAgreesWithDenseLu(KaczmarzRowOrder order, bool scale)
    {
        var (k, b) = RandomKkt(30, 6, 4, gScale: 20);
        var exact = k.ToMathNetDense().LU().Solve(DenseVector.OfArray(b));
        var rk = new RandomizedKaczmarz(k, b, 9, order, scale);
        Assert.True(rk.UsesDenseRows);
        Assert.True(rk.Run(1e-10 * Norm(b), 5_000_000), $"residual {rk.ResidualNorm}");
        // The residual is that of the original system, checked here independently of the solver's bookkeeping.
        var r = new double[b.Length];
        k.Apply(rk.Solution, r);
        Assert.True(Norm(r.Zip(b, (x, y) => x - y).ToArray()) <= 1e-10 * Norm(b));
        double error = (DenseVector.OfArray(rk.Solution) - exact).L2Norm() / exact.L2Norm();
        Assert.True(error < 1e-6, $"error {error}");
    }

    [Fact]
    public void ColumnScalingNeedsFewerStepsOnABadlyScaledKktMatrix()
    {
        // Jacobian columns 100 times larger than the Hessian's: the Euclidean projections are dominated by the
        // multiplier columns, the column-weighted ones are not.
        var (k, b) = RandomKkt(30, 6, 5, gScale: 100);
        double tol = 1e-8 * Norm(b);
        var plain = new RandomizedKaczmarz(k, b, 3, KaczmarzRowOrder.Uniform, scaleColumns: false);
        var scaled = new RandomizedKaczmarz(k, b, 3, KaczmarzRowOrder.Uniform, scaleColumns: true);
        Assert.True(scaled.Run(tol, 5_000_000));
        bool plainConverged = plain.Run(tol, 5_000_000);
        Assert.True(!plainConverged || scaled.Steps * 2 < plain.Steps, $"scaled {scaled.Steps} steps, plain {plain.Steps}");
    }

    [Fact]
    public void ReshuffledOrderVisitsEveryRowOncePerSweep()
    {
        var sampler = new RowSampler(17, 11, KaczmarzRowOrder.Reshuffled);
        var first = new int[11];
        for (int sweep = 0; sweep < 5; sweep++)
        {
            var seen = new int[11];
            for (int s = 0; s < 11; s++)
            {
                int row = sampler.NextRow(11);
                seen[row]++;
                if (sweep == 0) first[s] = row;
            }
            Assert.All(seen, c => Assert.Equal(1, c));
        }
        Assert.NotEqual(Enumerable.Range(0, 11), first);
    }

    [Fact]
    public void UniformDrawsAreUniform()
    {
        // 70,000 draws over 7 rows: each count within 5 standard deviations of 10,000.
        var sampler = new RowSampler(3);
        var counts = new int[7];
        for (int s = 0; s < 70_000; s++) counts[sampler.NextRow(7)]++;
        double sd = Math.Sqrt(70_000 * (1.0 / 7) * (6.0 / 7));
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 5 * sd, 10_000 + 5 * sd));
    }

    [Fact]
    public void SparseKktMatrixKeepsCsrRowsAndDenseOneDoesNot()
    {
        var p = new SemilinearControl2D(8);
        var x = p.InitialPoint();
        var k = KktMatrix.Assemble(p.LagrangianHessian(x, new double[p.ConstraintCount]).ToCsr(), p.Jacobian(x).ToCsr());
        var b = Enumerable.Repeat(1.0, k.RowCount).ToArray();
        Assert.False(new RandomizedKaczmarz(k, b, 1).UsesDenseRows);
        var (dense, rhs) = RandomKkt(10, 3, 1);
        Assert.True(new RandomizedKaczmarz(dense, rhs, 1).UsesDenseRows);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GramStepsFollowThePrimalStepsToRounding(bool scale)
    {
        // Same rows, same seed: the dual (Gram) form must reproduce the primal iterates, including after a second
        // Run continues from the first one's state (as AdaSketch does after a penalty update).
        var (k, b) = RandomKkt(25, 5, 8, gScale: 10);
        var primal = new RandomizedKaczmarz(k, b, 5, KaczmarzRowOrder.Uniform, scale, useGram: false);
        var gram = new RandomizedKaczmarz(k, b, 5, KaczmarzRowOrder.Uniform, scale, useGram: true);
        Assert.True(gram.UsesGram);
        Assert.False(primal.UsesGram);
        foreach (long steps in new long[] { 1_000, 3_333 })
        {
            primal.Run(-1, steps);
            gram.Run(-1, steps);
            Assert.Equal(primal.Steps, gram.Steps);
            double difference = Norm(primal.Solution.Zip(gram.Solution, (x, y) => x - y).ToArray());
            Assert.True(difference <= 1e-12 * Norm(primal.Solution), $"after {primal.Steps} steps: difference {difference}");
            Assert.Equal(primal.ResidualNorm, gram.ResidualNorm, 1e-10 * Norm(b));
        }
    }

    [Fact]
    public void GramPathIsUsedOnlyForSmallDenseSystems()
    {
        var (small, rhs) = RandomKkt(10, 3, 1);
        Assert.True(new RandomizedKaczmarz(small, rhs, 1).UsesGram);
        var (large, rhsLarge) = RandomKkt(RandomizedKaczmarz.GramRowLimit, 10, 2);
        var rk = new RandomizedKaczmarz(large, rhsLarge, 1);
        Assert.True(rk.UsesDenseRows);
        Assert.False(rk.UsesGram);
    }
}
