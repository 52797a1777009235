using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Solvers.Constrained.SketchedAugmentedLagrangian;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

public class SmallSymmetricTests
{
    private static Matrix<double> RandomSymmetric(Random random, int n, double shift)
    {
        var a = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextDouble() * 2 - 1);
        return 0.5 * (a + a.Transpose()) + shift * Matrix<double>.Build.DenseIdentity(n);
    }

    private static double[] RowMajor(Matrix<double> a) => a.ToRowMajorArray();

    private static bool MathNetPositiveDefinite(Matrix<double> a, double shift)
    {
        var shifted = a - shift * Matrix<double>.Build.DenseIdentity(a.RowCount);
        try { return double.IsFinite(shifted.Cholesky().DeterminantLn); }
        catch (ArgumentException) { return false; }
    }

    [Fact]
    public void CholeskyTestAgreesWithMathNetAndEigenvalues()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 1 + trial % 25;
            var a = RandomSymmetric(random, n, random.NextDouble() * 4 - 1);
            double shift = random.NextDouble() - 0.5;
            double min = a.Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
            if (Math.Abs(min - shift) < 1e-9) continue;
            Assert.Equal(min > shift, SmallSymmetric.IsPositiveDefinite(RowMajor(a), n, shift));
            Assert.Equal(MathNetPositiveDefinite(a, shift), SmallSymmetric.IsPositiveDefinite(RowMajor(a), n, shift));
        }
        Assert.False(SmallSymmetric.IsPositiveDefinite([double.NaN], 1, 0));
        Assert.False(SmallSymmetric.IsPositiveDefinite([double.PositiveInfinity], 1, 0));
    }

    [Fact]
    public void MinEigenvalueMatchesMathNet()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 100; trial++)
        {
            int n = 1 + trial % 20;
            var a = RandomSymmetric(random, n, random.NextDouble() * 2 - 1);
            if (trial % 5 == 0)
            {
                // Rank deficient Gram matrices, as a singular Jacobian gives.
                var g = Matrix<double>.Build.Dense(n, Math.Max(1, n / 2), (_, _) => random.NextDouble() - 0.5);
                a = g * g.Transpose();
            }
            double expected = a.Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
            Assert.Equal(expected, SmallSymmetric.MinEigenvalue(RowMajor(a), n), 1e-12 * Math.Max(1, a.L2Norm()));
        }
        Assert.Equal(double.PositiveInfinity, SmallSymmetric.MinEigenvalue([], 0));
    }

    [Fact]
    public void ReducedTestAgreesWithAnExplicitNullSpaceBasis()
    {
        var random = new Random(13);
        int decided = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 3 + trial % 20, m = 1 + trial % (n - 1);
            var h = RandomSymmetric(random, n, random.NextDouble() * 3 - 1);
            var g = Matrix<double>.Build.Dense(m, n, (_, _) => random.NextDouble() * 2 - 1);
            double tau = 0.1;
            var z = g.Transpose().QR(QRMethod.Full).Q.SubMatrix(0, n, m, n - m);
            var reduced = z.TransposeThisAndMultiply(h * z);
            double min = (0.5 * (reduced + reduced.Transpose())).Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
            if (Math.Abs(min - tau) < 1e-9) continue;
            Assert.Equal(min > tau, SmallSymmetric.ReducedIsPositiveDefinite(RowMajor(h), n, RowMajor(g), m, tau));
            decided++;
        }
        Assert.True(decided > 150);
    }
}
