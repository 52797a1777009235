using Solvers.Linear.Generators;
using Solvers.Linear.Generators.Sequences;

namespace Solvers.Linear.Tests.Generators;

public class ShiftedAndHeatSequenceTests
{
    [Fact]
    public void ShiftedLaplacianIsTheLaplacianPlusTheShift()
    {
        var sequence = new ShiftedLaplacianSequence(grid: 10, count: 500, seed: 9);
        var laplacian = Poisson.TwoD(10);
        double sum = 0;
        for (int t = 0; t < 500; t++)
        {
            var s = sequence.Next();
            Assert.Equal(t, s.Index);
            Assert.InRange(s.Context, -0.15, 0.45);
            sum += s.Context;
            Assert.True(s.RightHandSide.Sum(v => v * v) <= 100);
            Assert.All(s.InitialGuess, v => Assert.Equal(0, v));
            Assert.Equal(4 + s.Context, s.Matrix[7, 7], 14);
            Assert.Equal(-1, s.Matrix[7, 8]);
            Assert.Equal(laplacian.NonZeroCount, s.Matrix.NonZeroCount);
            sequence.Accept(s.InitialGuess);
        }
        // E[c] = -0.15 + 0.6 * 0.5 / (0.5 + 1.5) = 0 for the high-variance distribution.
        Assert.InRange(sum / 500, -0.03, 0.03);
        Assert.Throws<InvalidOperationException>(() => sequence.Next());
        Assert.Equal(0, Poisson.TwoD(10)[0, 1] + 1); // the base matrix was not modified
    }

    [Fact]
    public void LowVarianceShiftsHaveTheBetaTwoSixMean()
    {
        var sequence = new ShiftedLaplacianSequence(grid: 4, count: 2000, seed: 1, distribution: ShiftDistribution.LowVariance);
        double sum = 0;
        for (int t = 0; t < 2000; t++) sum += sequence.Next().Context;
        Assert.InRange(sum / 2000, -0.15 + 0.6 * 0.25 - 0.01, -0.15 + 0.6 * 0.25 + 0.01);
    }

    [Fact]
    public void HeatEquationBuildsTheCrankNicolsonSystem()
    {
        int nx = 10, m = nx - 1;
        var heat = new HeatEquation2D(nx, steps: 3);
        var u0 = heat.Solution.ToArray();
        Assert.Equal(1.0, u0[4 * m + 4], 14); // the initial bump peaks at the centre (0.5, 0.5)
        var s = heat.Next();
        double dt = 1e-3, h = 0.1, kappa = HeatEquation2D.Kappa(0.5 * dt), gamma = 0.5 * kappa * dt / (h * h);
        Assert.Equal(kappa, s.Context);
        Assert.True(s.Matrix.IsSymmetric(0));
        Assert.Equal(1 + 4 * gamma, s.Matrix[0, 0], 14);
        Assert.Equal(-gamma, s.Matrix[0, 1], 14);
        // b = u - gamma P u + dt f at the half step; f vanishes far from the orbiting bump.
        var p = Poisson.TwoD(m);
        var pu = new double[m * m];
        p.Apply(u0, pu);
        for (int i = 0; i < m * m; i++)
        {
            double cx = 0.5 + Math.Cos(16 * Math.PI * 0.5 * dt) / 4, cy = 0.5 + Math.Sin(16 * Math.PI * 0.5 * dt) / 4;
            double f = 32 * HeatEquation2D.Bump((i / m + 1) * h, (i % m + 1) * h, cx, cy, 0.125);
            Assert.Equal(u0[i] - gamma * pu[i] + dt * f, s.RightHandSide[i], 13);
        }
        Assert.Equal(u0, s.InitialGuess);
        Assert.Throws<InvalidOperationException>(() => heat.Next());
        heat.Accept(u0);
        Assert.Equal(dt, heat.Time, 15);
    }

    [Fact]
    public void KappaAlternatesBetweenAWeakAndAStrongRegime()
    {
        Assert.Equal(0.1, HeatEquation2D.Kappa(0.25), 14);
        Assert.Equal(10, HeatEquation2D.Kappa(0.75), 12);
        var heat = new HeatEquation2D(nx: 4, steps: 5000);
        Assert.InRange(heat.ContextRange.Min, 0, 1e-3);
        Assert.InRange(heat.ContextRange.Max, 9.99, 10);
        Assert.Equal(0, HeatEquation2D.Bump(0.5, 0.5, 0.9, 0.9, 0.1));
    }
}
