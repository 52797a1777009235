using MathNet.Numerics.LinearAlgebra;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.Storage;
using Xunit;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

public class CholeskyCacheTests
{
    /// <summary>Tridiagonal n x n with the given diagonal and off-diagonal -1 (SPD when diagonal > 2).</summary>
    private static CsrMatrix Tridiagonal(int n, double diagonal, bool wide = false)
    {
        var coo = new CooMatrix(n, n);
        for (int i = 0; i < n; i++)
        {
            coo.Add(i, i, diagonal);
            if (i > 0) { coo.Add(i, i - 1, -1); coo.Add(i - 1, i, -1); }
            if (wide && i > 1) { coo.Add(i, i - 2, -0.5); coo.Add(i - 2, i, -0.5); }
        }
        return coo.ToCsr();
    }

    private static double RelativeResidual(CsrMatrix a, Func<double[], double[]> solve)
    {
        var b = Enumerable.Range(0, a.RowCount).Select(i => Math.Sin(i + 1.0)).ToArray();
        var x = solve(b);
        var dense = a.ToMathNetDense();
        var r = dense * Vector<double>.Build.DenseOfArray(x) - Vector<double>.Build.DenseOfArray(b);
        return r.L2Norm() / Vector<double>.Build.DenseOfArray(b).L2Norm();
    }

    [Fact]
    public void RefactorisesForTheSamePatternAndRefactorsForANewOne()
    {
        var cache = new CholeskyCache();
        var first = cache.TryFactorize(Tridiagonal(50, 4))!;
        var same = Tridiagonal(50, 3);   // same pattern, new values: refactorised in place
        var second = cache.TryFactorize(same)!;
        Assert.Same(first, second);
        Assert.True(RelativeResidual(same, b => { var x = new double[b.Length]; second.Solve(b, x); return x; }) < 1e-13);

        var wide = Tridiagonal(50, 5, wide: true);   // new pattern: a new analysis
        var third = cache.TryFactorize(wide)!;
        Assert.NotSame(second, third);
        Assert.True(RelativeResidual(wide, b => { var x = new double[b.Length]; third.Solve(b, x); return x; }) < 1e-13);
    }

    [Fact]
    public void AnIndefiniteMatrixGivesNullAndTheNextDefiniteOneIsFactorised()
    {
        var cache = new CholeskyCache();
        Assert.NotNull(cache.TryFactorize(Tridiagonal(30, 4)));
        Assert.Null(cache.TryFactorize(Tridiagonal(30, 0.5)));   // eigenvalues 0.5 - 2 cos(k pi / 31): some negative
        var again = Tridiagonal(30, 2.5);
        var factor = cache.TryFactorize(again)!;
        Assert.True(RelativeResidual(again, b => { var x = new double[b.Length]; factor.Solve(b, x); return x; }) < 1e-12);
    }
}
