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
}
