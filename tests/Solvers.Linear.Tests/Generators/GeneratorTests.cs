using Solvers.Linear.Generators;

namespace Solvers.Linear.Tests.Generators;

public class GeneratorTests
{
    [Fact]
    public void Poisson2DIsTheFivePointStencil()
    {
        int n = 5;
        var a = Poisson.TwoD(n);
        Assert.Equal(n * n, a.RowCount);
        Assert.Equal(5 * n * n - 4 * n, a.NonZeroCount);
        for (int p = 0; p < n * n; p++)
            for (int q = 0; q < n * n; q++)
            {
                int di = Math.Abs(p / n - q / n), dj = Math.Abs(p % n - q % n);
                double expected = p == q ? 4 : di + dj == 1 ? -1 : 0;
                Assert.Equal(expected, a[p, q]);
            }
    }

    [Fact]
    public void Poisson3DIsTheSevenPointStencil()
    {
        int n = 4;
        var a = Poisson.ThreeD(n);
        Assert.Equal(7 * n * n * n - 6 * n * n, a.NonZeroCount);
        Assert.True(a.IsSymmetric(0));
        var ones = Enumerable.Repeat(1.0, a.RowCount).ToArray();
        var y = new double[a.RowCount];
        a.Apply(ones, y);
        // Row sums count the missing neighbours: interior 0, corner 3.
        Assert.Equal(0.0, y[1 * 16 + 1 * 4 + 1]);
        Assert.Equal(3.0, y[0]);
    }

    [Fact]
    public void DiffusionGeneratorsAreSymmetricAndReduceToPoisson()
    {
        var iso = Diffusion.Anisotropic2D(6, 1.0);
        var poisson = Poisson.TwoD(6);
        Assert.Equal(poisson.Values.ToArray(), iso.Values.ToArray());
        var aniso = Diffusion.Anisotropic2D(6, 0.01);
        Assert.True(aniso.IsSymmetric(0));
        Assert.Equal(2.02, aniso[0, 0], 12);
        var variable = Diffusion.VariableCoefficient2D(8, (x, y) => 1 + x + y * y);
        Assert.True(variable.IsSymmetric(1e-15));
        Assert.Throws<ArgumentException>(() => Diffusion.VariableCoefficient2D(4, (x, y) => x - 0.5));
    }
}
