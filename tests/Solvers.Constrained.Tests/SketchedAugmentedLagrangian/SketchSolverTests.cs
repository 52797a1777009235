using Solvers.Constrained.Problems;
using MathNet.Numerics.LinearAlgebra.Double;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.SketchedAugmentedLagrangian;

public class SketchSolverTests
{
    /// <summary>K = [B G^T; G 0] with B = M M^T / d + I (SPD) and a random full-rank G.</summary>
    /// <param name="d">Primal variables.</param>
    /// <param name="m">Constraints.</param>
    /// <param name="seed">Seed of B, G and the right-hand side.</param>
    /// <param name="gScale">Factor on G's entries (a badly column-scaled KKT matrix when far from 1).</param>
    internal static (CsrMatrix K, double[] B) RandomKkt(int d, int m, int seed, double gScale = 1)
    {
        var random = new Random(seed);
        var mm = DenseMatrix.Create(d, d, (_, _) => random.NextDouble() - 0.5);
        var b = mm * mm.Transpose() / d + DenseMatrix.CreateIdentity(d);
        var g = DenseMatrix.Create(m, d, (_, _) => gScale * (random.NextDouble() - 0.5));
        var k = KktMatrix.Assemble(b.ToCsr(), g.ToCsr());
        var rhs = Enumerable.Range(0, d + m).Select(_ => random.NextDouble() - 0.5).ToArray();
        return (k, rhs);
    }

    private static double RelativeError(double[] x, MathNet.Numerics.LinearAlgebra.Vector<double> reference) =>
        (DenseVector.OfArray(x) - reference).L2Norm() / reference.L2Norm();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void KaczmarzAgreesWithDenseLu(int seed)
    {
        var (k, b) = RandomKkt(40, 8, seed);
        var exact = k.ToMathNetDense().LU().Solve(DenseVector.OfArray(b));
        var rk = new RandomizedKaczmarz(k, b, seed);
        double tol = 1e-10 * DenseVector.OfArray(b).L2Norm();
        Assert.True(rk.Run(tol, 5_000_000), $"residual {rk.ResidualNorm}");
        Assert.True(RelativeError(rk.Solution, exact) < 1e-6, $"error {RelativeError(rk.Solution, exact)}");
        Assert.True(rk.Flops > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GaussianSketchAgreesWithDenseLu(int seed)
    {
        var (k, b) = RandomKkt(40, 8, seed);
        var exact = k.ToMathNetDense().LU().Solve(DenseVector.OfArray(b));
        var gs = new GaussianSketch(k, b, seed);
        double tol = 1e-10 * DenseVector.OfArray(b).L2Norm();
        Assert.True(gs.Run(tol, 2_000_000), $"residual {gs.ResidualNorm}");
        Assert.True(RelativeError(gs.Solution, exact) < 1e-6, $"error {RelativeError(gs.Solution, exact)}");
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(8, 2)]
    [InlineData(48, 3)]
    public void BlockKaczmarzAgreesWithDenseLu(int q, int seed)
    {
        var (k, b) = RandomKkt(40, 8, seed);
        var exact = k.ToMathNetDense().LU().Solve(DenseVector.OfArray(b));
        var block = new BlockKaczmarz(k, b, q, seed);
        Assert.Equal(Math.Min(q, 48), block.BlockSize);
        double tol = 1e-10 * DenseVector.OfArray(b).L2Norm();
        Assert.True(block.Run(tol, 2_000_000), $"residual {block.ResidualNorm}");
        Assert.True(RelativeError(block.Solution, exact) < 1e-6, $"error {RelativeError(block.Solution, exact)}");
        if (q == 48) Assert.True(block.Steps <= block.CheckInterval, $"{block.Steps} steps: one block of every row is an exact projection");
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockKaczmarz(k, b, 0, seed));
    }

    [Fact]
    public void BlockSketchAdaSketchReachesTheSameOptimum()
    {
        var p = HockSchittkowski.Create("hs47").Problem;
        var single = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6 });
        var block = AdaSketchNewton.Solve(p, new AdaSketchOptions { Tolerance = 1e-6, SketchSize = 4 });
        Assert.Equal(ConstrainedStatus.Converged, block.Status);
        Assert.Equal(single.Objective, block.Objective, 1e-7);
        Assert.Equal(4 * block.Profile.SketchSteps, block.Profile.SketchRows);
        Assert.Equal(single.Profile.SketchSteps, single.Profile.SketchRows);
        Assert.Throws<ArgumentException>(() => AdaSketchNewton.Solve(p, new AdaSketchOptions { SketchSize = 0 }));
    }

    [Fact]
    public void BriefSizeKktSystemBothSketchesMatchLuTo1e8()
    {
        // Brief, "what the toolkit must show" 1: d = 200, m = 20, agreement with dense LU to 1e-8 relative error.
        var (k, b) = RandomKkt(200, 20, 11);
        var exact = k.ToMathNetDense().LU().Solve(DenseVector.OfArray(b));
        double tol = 1e-11 * DenseVector.OfArray(b).L2Norm();
        var rk = new RandomizedKaczmarz(k, b, 11);
        Assert.True(rk.Run(tol, 2_000_000), $"RK residual {rk.ResidualNorm}");
        Assert.True(RelativeError(rk.Solution, exact) < 1e-8, $"RK error {RelativeError(rk.Solution, exact)}");
        var gs = new GaussianSketch(k, b, 11);
        Assert.True(gs.Run(tol, 2_000_000), $"Gaussian residual {gs.ResidualNorm}");
        Assert.True(RelativeError(gs.Solution, exact) < 1e-8, $"Gaussian error {RelativeError(gs.Solution, exact)}");
    }

    [Fact]
    public void RunCanBeContinuedAndResidualIsTrue()
    {
        var (k, b) = RandomKkt(20, 4, 3);
        var rk = new RandomizedKaczmarz(k, b, 3);
        Assert.False(rk.Run(1e-12, 10));
        Assert.Equal(10, rk.Steps);
        rk.Run(1e-9, 2_000_000);
        var r = new double[b.Length];
        k.Apply(rk.Solution, r);
        double norm = Math.Sqrt(r.Zip(b, (ri, bi) => (ri - bi) * (ri - bi)).Sum());
        Assert.True(norm <= 1e-9 * 1.0001, $"true residual {norm}");
    }

    [Fact]
    public void KktAssemblyIsSymmetricWithShiftAndRegularisation()
    {
        var b = DenseMatrix.OfArray(new double[,] { { 2, 1 }, { 1, 3 } }).ToCsr();
        var g = DenseMatrix.OfArray(new double[,] { { 1, -1 } }).ToCsr();
        var k = KktMatrix.Assemble(b, g, hessianShift: 0.5, regularization: 0.25);
        Assert.Equal(2.5, k[0, 0]);
        Assert.Equal(3.5, k[1, 1]);
        Assert.Equal(-1, k[1, 2]);
        Assert.Equal(-1, k[2, 1]);
        Assert.Equal(-0.25, k[2, 2]);
        Assert.True(k.IsSymmetric());
    }
}
