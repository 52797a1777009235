using Solvers.Linear.Direct;
using static Solvers.Linear.Tests.Direct.DirectTestMatrices;

namespace Solvers.Linear.Tests.Direct;

public class SplitSolveTests
{
    [Fact]
    public void CholeskyForwardThenBackwardIsTheSolveAndForwardGivesTheEnergyNorm()
    {
        var a = SpdWithDenseBlock(150, 3, 30, 41);
        var factor = SparseCholesky.Factorize(a);
        var b = RandomMatrices.Vector(150, 42);
        var y = new double[150];
        var x = new double[150];
        factor.SolveForward(b, y);
        factor.SolveBackward(y, x);
        var reference = new double[150];
        factor.Solve(b, reference);
        Assert.True(RandomMatrices.MaxAbsDifference(x, reference) < 1e-13);
        // ||L^-1 P b||^2 = b^T A^-1 b.
        double energy = b.Zip(reference, (p, q) => p * q).Sum();
        Assert.Equal(energy, y.Sum(v => v * v), 1e-10);
    }

    [Fact]
    public void LdltSplitSolveAndInertiaOfAKktMatrix()
    {
        int nh = 60, m = 25;
        var a = QuasiDefinite(nh, m, 43);
        var factor = SparseLdlt.Factorize(a);
        var b = RandomMatrices.Vector(nh + m, 44);
        var y = new double[nh + m];
        factor.SolveForward(b, y);
        factor.SolveDiagonal(y);
        var x = new double[nh + m];
        factor.SolveBackward(y, x);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-12);
        var d = factor.DiagonalValues();
        Assert.Equal(nh, d.Count(v => v > 0));
        Assert.Equal(m, d.Count(v => v < 0));
    }

    [Fact]
    public void LuLowerThenUpperIsTheSolve()
    {
        var a = NeedsPivoting(120, 45);
        var lu = SparseLu.Factorize(a);
        var b = RandomMatrices.Vector(120, 46);
        var y = new double[120];
        var x = new double[120];
        lu.SolveLower(b, y);
        lu.SolveUpper(y, x);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-13);
        Assert.Throws<ArgumentException>(() => lu.SolveLower(b, new double[3]));
    }
}
