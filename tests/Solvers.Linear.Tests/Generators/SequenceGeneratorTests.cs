using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Generators;
using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Generators;

public class SequenceGeneratorTests
{
    [Fact]
    public void RandomFieldEvaluationMatchesItsDefinition()
    {
        var field = new GaussianRandomField(modes: 6, alpha: 2.5, tau: 7);
        var c = field.SampleCoefficients(new Random(1));
        int n = 9;
        var g = field.Evaluate(c, n);
        double h = 1.0 / (n + 1);
        int i = 3, j = 7;
        double expected = 0;
        for (int k1 = 0; k1 < 6; k1++)
            for (int k2 = 0; k2 < 6; k2++)
                expected += c[k1 * 6 + k2] * Math.Cos(Math.PI * k1 * (i + 1) * h) * Math.Cos(Math.PI * k2 * (j + 1) * h);
        Assert.Equal(expected, g[i * n + j], 12);
        Assert.Equal(0.0, c[0]);
    }

    [Fact]
    public void DarcySystemsAreSpdAndDiffer()
    {
        var systems = DarcyFlow2D.Sequence(12, 3, seed: 4).ToList();
        Assert.Equal(3, systems.Count);
        foreach (var s in systems)
        {
            Assert.True(s.Matrix.IsSymmetric(1e-14));
            var eig = s.Matrix.ToMathNetDense().Evd().EigenValues.Real();
            Assert.True(eig.Minimum() > 0);
            Assert.All(s.RightHandSide, v => Assert.Equal(1.0 / 169, v, 15));
        }
        Assert.NotEqual(systems[0].Matrix.Values.ToArray(), systems[1].Matrix.Values.ToArray());
        // Same seed, same systems.
        Assert.Equal(systems[2].Matrix.Values.ToArray(), DarcyFlow2D.Sequence(12, 3, seed: 4).Last().Matrix.Values.ToArray());
    }

    [Fact]
    public void HelmholtzSystemsAreSymmetricIndefiniteForLargeWavenumbers()
    {
        var s = Helmholtz2D.Sequence(15, 1, seed: 2, k0: 8).Single();
        Assert.True(s.Matrix.IsSymmetric(1e-14));
        var eig = s.Matrix.ToMathNetDense().Evd().EigenValues.Real();
        Assert.True(eig.Minimum() < 0 && eig.Maximum() > 0);
        Assert.Contains(s.RightHandSide, v => v > 0);
        var mild = Helmholtz2D.Sequence(15, 1, seed: 2, k0: 1).Single();
        Assert.True(mild.Matrix.ToMathNetDense().Evd().EigenValues.Real().Minimum() > 0);
    }

    [Fact]
    public void PeriodicFieldVarianceMatchesTheSpectrum()
    {
        const double alpha = 2.5, tau = 7;
        var field = new PeriodicGaussianRandomField(80, alpha, tau);
        // sigma^2 sum over the 80 x 80 signed frequencies k != 0 of (4 pi^2 |k|^2 + tau^2)^(-alpha), written out here.
        double expected = 0;
        for (int k1 = -40; k1 < 40; k1++)
            for (int k2 = -40; k2 < 40; k2++)
                if (k1 != 0 || k2 != 0)
                    expected += Math.Pow(tau, 2 * (alpha - 1)) * Math.Pow(4 * Math.PI * Math.PI * (k1 * k1 + k2 * k2) + tau * tau, -alpha);
        Assert.Equal(expected, field.PointVariance, 12);
        Assert.InRange(Math.Sqrt(expected), 0.18, 0.19);

        var random = new Random(5);
        double sum = 0, sumSquares = 0;
        int samples = 40;
        for (int t = 0; t < samples; t++)
        {
            var g = field.Sample(random);
            sum += g.Sum();
            sumSquares += g.Sum(v => v * v);
        }
        int points = samples * 80 * 80;
        Assert.InRange(sumSquares / points / expected, 0.85, 1.15);
        Assert.InRange(Math.Abs(sum / points), 0, 0.03);
    }

    [Fact]
    public void PeriodicFieldFourierCoefficientsHaveThePrescribedPower()
    {
        // For the real part of sum c_k e^(2 pi i k.x / s) the DFT coefficient at k is (c_k + conj(c_-k)) / 2, whose
        // mean power is sigma^2 (4 pi^2 |k|^2 + tau^2)^(-alpha).
        const int s = 8;
        const double alpha = 2.5, tau = 7;
        var field = new PeriodicGaussianRandomField(s, alpha, tau);
        var random = new Random(11);
        (int K1, int K2)[] modes = [(1, 0), (2, 3), (0, 0)];
        var power = new double[modes.Length];
        int samples = 2000;
        for (int t = 0; t < samples; t++)
        {
            var g = field.Sample(random);
            for (int m = 0; m < modes.Length; m++)
            {
                double re = 0, im = 0;
                for (int p = 0; p < s; p++)
                    for (int q = 0; q < s; q++)
                    {
                        double phase = -2 * Math.PI * (modes[m].K1 * p + modes[m].K2 * q) / s;
                        re += g[p * s + q] * Math.Cos(phase) / (s * s);
                        im += g[p * s + q] * Math.Sin(phase) / (s * s);
                    }
                power[m] += (re * re + im * im) / samples;
            }
        }
        for (int m = 0; m < 2; m++)
        {
            int k2 = modes[m].K1 * modes[m].K1 + modes[m].K2 * modes[m].K2;
            double expected = Math.Pow(tau, 2 * (alpha - 1)) * Math.Pow(4 * Math.PI * Math.PI * k2 + tau * tau, -alpha);
            Assert.InRange(power[m] / expected, 0.85, 1.15);
        }
        Assert.True(power[2] < 1e-25);   // no mean mode
    }

    [Fact]
    public void PaperMatrixMatchesAHandBuiltCase()
    {
        // s = 5: 3 x 3 unknowns at grid points (1..3, 1..3); K(p, q) = 10 p + q makes every entry tell where it came from.
        const int s = 5;
        var k = new double[s * s];
        for (int p = 0; p < s; p++)
            for (int q = 0; q < s; q++)
                k[p * s + q] = 10 * p + q;
        var a = DarcyFlow2D.PaperMatrix(k, s, diagonalShift: 0.5);
        Assert.Equal(9, a.RowCount);
        Assert.Equal(5 * 9 - 4 * 3, a.NonZeroCount);
        double K(int p, int q) => 10 * p + q;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                int r = i * 3 + j;
                Assert.Equal(4 * K(i + 1, j + 1) - 0.5, a[r, r]);
                if (j > 0) Assert.Equal(-K(i + 1, j), a[r, r - 1]);
                if (j < 2) Assert.Equal(-K(i + 1, j + 2), a[r, r + 1]);
                if (i < 2) Assert.Equal(-K(i + 2, j + 1), a[r, r + 3]);
            }
        // The coupling to the row above, read two flat positions early: K(i, j - 1), wrapping for j < 2.
        Assert.Equal(-K(1, 1), a[3 + 2, 2]);      // (i, j) = (1, 2)
        Assert.Equal(-K(0, 3), a[3 + 1, 1]);      // (1, 1) wraps to K(i - 1, m + j - 1) = K(0, 3)
        Assert.Equal(-K(0, 2), a[3 + 0, 0]);      // (1, 0) -> K(0, 2)
        Assert.Equal(-K(2, 1), a[8, 5]);          // (2, 2)
        Assert.False(a.IsSymmetric(1e-3));

        // A constant K hides the slip: A = K L, the symmetric five-point Laplacian.
        var c = DarcyFlow2D.PaperMatrix(Enumerable.Repeat(2.0, s * s).ToArray(), s);
        Assert.True(c.IsSymmetric(1e-15));
        Assert.Equal(8.0, c[4, 4]);
        Assert.Equal(-2.0, c[4, 1]);
    }

    [Fact]
    public void PaperDarcySystemsHaveThePapersSizeAndContrast()
    {
        var systems = DarcyFlow2D.PaperSequence(78, 3, seed: 2).ToList();
        foreach (var sys in systems)
        {
            Assert.Equal(6084, sys.Matrix.RowCount);
            Assert.Equal(80 * 80, sys.Parameters.Length);   // the whole field K: what the paper sorts by
            Assert.All(sys.RightHandSide, v => Assert.Equal(1.0 / (77 * 77), v, 15));
            double contrast = sys.Parameters.Max() / sys.Parameters.Min();
            Assert.InRange(contrast, 1.5, 8);
            Assert.False(sys.Matrix.IsSymmetric(1e-3));
        }
        Assert.Equal(systems[1].Parameters, DarcyFlow2D.PaperSequence(78, 2, seed: 2).Last().Parameters);
    }

    [Fact]
    public void PaperHelmholtzShiftsTheDarcyDiagonalByHSquaredKSquared()
    {
        var darcy = DarcyFlow2D.PaperSequence(10, 1, seed: 3).Single();
        var helmholtz = Helmholtz2D.PaperSequence(10, 1, seed: 3).Single();
        double k = helmholtz.Parameters[^1], h = 1.0 / 9;
        Assert.InRange(k, 0, 1);
        Assert.Equal(k, helmholtz.Context);
        Assert.Equal(darcy.Parameters, helmholtz.Parameters[..^1]);
        for (int r = 0; r < 100; r++)
        {
            Assert.Equal(darcy.Matrix[r, r] - h * h * k * k, helmholtz.Matrix[r, r], 14);
            if (r > 0) Assert.Equal(darcy.Matrix[r, r - 1], helmholtz.Matrix[r, r - 1]);
        }
    }
}
