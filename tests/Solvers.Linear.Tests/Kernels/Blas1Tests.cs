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
}
