using Solvers.Linear.Kernels;

namespace Solvers.Linear.Tests.Kernels;

public class Blas1Tests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 3 * 8 + 1; n++) data.Add(n);
        data.Add(1001);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FusedCgUpdateEqualsReference(int n)
    {
        var p = RandomMatrices.Vector(n, 1);
        var q = RandomMatrices.Vector(n, 2);
        var x1 = RandomMatrices.Vector(n, 3);
        var r1 = RandomMatrices.Vector(n, 4);
        var x2 = (double[])x1.Clone();
        var r2 = (double[])r1.Clone();
        double s1 = Blas1.CgUpdate(0.37, p, q, x1, r1);
        double s2 = Blas1.CgUpdateReference(0.37, p, q, x2, r2);
        Assert.True(RandomMatrices.MaxAbsDifference(x1, x2) < 1e-15);
        Assert.True(RandomMatrices.MaxAbsDifference(r1, r2) < 1e-15);
        Assert.True(Math.Abs(s1 - s2) <= 1e-13 * Math.Max(1, s2));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AxpyXpbyDotNormAgreeWithLoops(int n)
    {
        var x = RandomMatrices.Vector(n, 7);
        var y = RandomMatrices.Vector(n, 8);
        double dot = 0, norm = 0;
        for (int i = 0; i < n; i++) { dot += x[i] * y[i]; norm += x[i] * x[i]; }
        Assert.True(Math.Abs(Blas1.Dot(x, y) - dot) < 1e-12);
        Assert.True(Math.Abs(Blas1.Norm2(x) - Math.Sqrt(norm)) < 1e-12);

        var axpy = (double[])y.Clone();
        Blas1.Axpy(-1.5, x, axpy);
        var xpby = (double[])y.Clone();
        Blas1.Xpby(x, 0.25, xpby);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(y[i] - 1.5 * x[i], axpy[i], 14);
            Assert.Equal(x[i] + 0.25 * y[i], xpby[i], 14);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    [InlineData(40_000)]    // above TensorPrimitives' 256 KB non-temporal threshold: our cached-store path
    [InlineData(300_000)]   // above our cached-store limit: TensorPrimitives' path, same bits
    public void ElementwiseUpdatesAreBitForBitTheScalarExpressions(int n)
    {
        var x = RandomMatrices.Vector(n, 11);
        var y = RandomMatrices.Vector(n, 12);
        const double alpha = -0.731, beta = 1.3e-3;

        var axpy = (double[])y.Clone();
        Blas1.Axpy(alpha, x, axpy);
        var xpby = (double[])y.Clone();
        Blas1.Xpby(x, beta, xpby);
        var scaled = (double[])x.Clone();
        Blas1.Scale(alpha, scaled);
        var difference = new double[n];
        Blas1.Subtract(x, y, difference);
        var product = new double[n];
        Blas1.Multiply(x, y, product);
        var inPlace = (double[])x.Clone();
        Blas1.Multiply(inPlace, y, inPlace);   // output aliasing an input, as a diagonal preconditioner may use it

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(x[i] * alpha + y[i], axpy[i]);
            Assert.Equal(y[i] * beta + x[i], xpby[i]);
            Assert.Equal(x[i] * alpha, scaled[i]);
            Assert.Equal(x[i] - y[i], difference[i]);
            Assert.Equal(x[i] * y[i], product[i]);
            Assert.Equal(x[i] * y[i], inPlace[i]);
        }
        Assert.Throws<ArgumentException>(() => Blas1.Axpy(1, x, new double[n + 1]));
        Assert.Throws<ArgumentException>(() => Blas1.Multiply(x, y, new double[n + 1]));
    }

    [Fact]
    public void FirstNonFiniteFindsNaNAndInfinity()
    {
        Assert.Equal(-1, Blas1.FirstNonFinite([1, 2, 3]));
        Assert.Equal(1, Blas1.FirstNonFinite([1, double.NaN, 3]));
        Assert.Equal(2, Blas1.FirstNonFinite([1, 2, double.NegativeInfinity]));
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-170)]
    [InlineData(4.9e-324)]   // the smallest subnormal
    [InlineData(1e155)]
    [InlineData(1e300)]
    public void Norm2NeitherUnderflowsNorOverflows(double scale)
    {
        // ||scale * (3, 4, 0, ..., 0)|| = 5 scale; the plain sum of squares is 0 or infinite at these scales.
        var x = new double[37];
        x[5] = 3 * scale;
        x[30] = -4 * scale;
        double expected = 5 * scale;
        Assert.Equal(1.0, Blas1.Norm2(x) / expected, 12);
        Assert.Equal(0.0, Blas1.Norm2(new double[9]));
        Assert.Equal(double.PositiveInfinity, Blas1.Norm2([1.0, double.PositiveInfinity]));
        Assert.True(double.IsNaN(Blas1.Norm2([1e-300, double.NaN])));
    }

    [Fact]
    public void ATinyRightHandSideIsNotTakenForZero()
    {
        // b = A * ones with A = 1e-300 x Poisson: ||b|| used to underflow to 0, and CG answered x = 0 as converged.
        var a = Solvers.Linear.Generators.Poisson.TwoD(10).Scale(1e-300);
        var b = new double[100];
        a.Apply(Enumerable.Repeat(1.0, 100).ToArray(), b);
        var result = Solvers.Linear.Krylov.ConjugateGradient.Solve(a, b, new double[100]);
        Assert.False(result.Converged, $"{result.Status}");
    }
}
