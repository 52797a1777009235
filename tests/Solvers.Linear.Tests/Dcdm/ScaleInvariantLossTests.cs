using Solvers.Linear.Dcdm.Training;
using Solvers.Linear.Generators;

namespace Solvers.Linear.Tests.Dcdm;

public class ScaleInvariantLossTests
{
    [Fact]
    public void GradientFormulaMatchesFiniteDifferences()
    {
        var a = Poisson.TwoD(6);
        int n = a.RowCount;
        var random = new Random(3);
        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var loss = new ScaleInvariantLoss(a);
        var gradient = new double[n];
        loss.Evaluate(b, y, gradient);
        var scratch = new double[n];
        for (int i = 0; i < n; i++)
        {
            double h = 1e-6, original = y[i];
            y[i] = original + h;
            double plus = loss.Evaluate(b, y, scratch);
            y[i] = original - h;
            double minus = loss.Evaluate(b, y, scratch);
            y[i] = original;
            double fd = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(fd - gradient[i]) <= 1e-6 * (1 + Math.Abs(fd)), $"{i}: {gradient[i]} vs {fd}");
        }
    }

    [Fact]
    public void LossIsScaleInvariantAndVanishesAtTheExactSolution()
    {
        var a = Poisson.TwoD(5);
        int n = a.RowCount;
        var random = new Random(4);
        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var loss = new ScaleInvariantLoss(a);
        var g = new double[n];
        double l1 = loss.Evaluate(b, y, g);
        double l2 = loss.Evaluate(b, y.Select(v => -3.7 * v).ToArray(), g);
        Assert.Equal(l1, l2, 10);

        // y = A^-1 b up to scale (dense solve with Math.NET, independent of our kernels): the loss is zero.
        var dense = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => a[i, j]);
        var exact = dense.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(b)).Multiply(0.25).ToArray();
        Assert.True(loss.Evaluate(b, exact, g) < 1e-20);
    }
}
