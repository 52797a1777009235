using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Direct;
using Solvers.Linear.Storage;
using static Solvers.Linear.Tests.Direct.DirectTestMatrices;

namespace Solvers.Linear.Tests.Direct;

public class SparseLuTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(50, 2)]
    [InlineData(200, 3)]
    [InlineData(400, 4)]
    public void SolveEqualsDenseLuOnRandomNonsymmetric(int n, int seed)
    {
        var a = RandomMatrices.Nonsymmetric(n, 4, seed);
        var b = RandomMatrices.Vector(n, seed + 50);
        var reference = RandomMatrices.DenseSolve(a, b);
        foreach (var ordering in new[] { OrderingMethod.Amd, OrderingMethod.ReverseCuthillMcKee, OrderingMethod.Natural })
            foreach (double tolerance in new[] { 1.0, 0.1 })
            {
                var x = new double[n];
                SparseLu.Factorize(a, ordering, tolerance).Solve(b, x);
                Assert.True(RandomMatrices.MaxAbsDifference(x, reference) < 1e-10 * (1 + reference.Max(Math.Abs)), $"{ordering}, tol {tolerance}");
            }
    }

    [Theory]
    [InlineData(60, 1)]
    [InlineData(300, 2)]
    public void PivotsOffTheDiagonalWhenItIsZero(int n, int seed)
    {
        var a = NeedsPivoting(n, seed);
        Assert.True(a.FirstZeroDiagonal() >= 0);
        var b = RandomMatrices.Vector(n, seed);
        var lu = SparseLu.Factorize(a);
        var x = new double[n];
        lu.Solve(b, x);
        var reference = RandomMatrices.DenseSolve(a, b);
        Assert.True(RandomMatrices.MaxAbsDifference(x, reference) < 1e-10 * (1 + reference.Max(Math.Abs)));
        Assert.False(lu.RowPermutation.IsIdentity);
    }

    [Fact]
    public void PartialPivotingBoundsTheMultipliers()
    {
        var a = RandomMatrices.Nonsymmetric(120, 5, 8);
        var lu = SparseLu.Factorize(a, OrderingMethod.Natural, 1.0);
        // Strict partial pivoting (tolerance 1) on a matrix that is not diagonally dominant by columns: stable.
        var b = RandomMatrices.Vector(120, 9);
        var x = new double[120];
        lu.Solve(b, x);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-13);
    }

    [Fact]
    public void RefactorizationEqualsAFreshFactorizationAndKeepsPivots()
    {
        var a = RandomMatrices.Nonsymmetric(150, 4, 12);
        var b = RandomMatrices.Vector(150, 13);
        var lu = SparseLu.Factorize(a);
        var values = a.Values.ToArray();
        for (int k = 0; k < values.Length; k++) values[k] *= 1 + 0.001 * (k % 3);
        var a2 = a.WithValues(values);
        lu.Refactorize(a2);
        Assert.False(lu.LastRefactorizationRepivoted);
        var x1 = new double[150];
        var x2 = new double[150];
        lu.Solve(b, x1);
        SparseLu.Factorize(a2).Solve(b, x2);
        Assert.True(RandomMatrices.MaxAbsDifference(x1, x2) < 1e-12 * (1 + x2.Max(Math.Abs)));
        Assert.True(RandomMatrices.RelativeResidual(a2, b, x1) < 1e-13);
    }

    [Fact]
    public void RefactorizationRepivotsWhenAKeptPivotVanishes()
    {
        // Natural order, no pivoting needed at first; then the (0,0) entry becomes zero.
        var a = CsrMatrix.FromArrays(2, 2, [0, 2, 4], [0, 1, 0, 1], [4.0, 1.0, 1.0, 3.0]);
        var lu = SparseLu.Factorize(a, OrderingMethod.Natural);
        var a2 = a.WithValues([0.0, 1.0, 1.0, 3.0]);
        lu.Refactorize(a2);
        Assert.True(lu.LastRefactorizationRepivoted);
        var x = new double[2];
        lu.Solve([1.0, 2.0], x);
        // [[0, 1], [1, 3]] x = [1, 2] gives x = [-1, 1].
        Assert.Equal(-1.0, x[0], 14);
        Assert.Equal(1.0, x[1], 14);
        Assert.True(RandomMatrices.RelativeResidual(a2, [1.0, 2.0], x) < 1e-15);
    }

    [Fact]
    public void AFailedRefactorizationBlocksSolves()
    {
        var a = RandomMatrices.Nonsymmetric(40, 3, 5);
        var lu = SparseLu.Factorize(a);
        var singular = a.WithValues(new double[a.NonZeroCount]);
        Assert.Throws<SingularMatrixException>(() => lu.Refactorize(singular));
        Assert.False(lu.IsValid);
        Assert.Throws<InvalidOperationException>(() => lu.Solve(new double[40], new double[40]));
        lu.Refactorize(a);
        Assert.True(lu.IsValid);
    }

    [Fact]
    public void StructurallySingularNamesAnUnmatchedColumn()
    {
        // Columns 1 and 2 have entries only in row 0: no transversal.
        var coo = new CooMatrix(3, 3);
        coo.Add(0, 0, 1); coo.Add(0, 1, 2); coo.Add(0, 2, 3); coo.Add(1, 0, 1); coo.Add(2, 0, 5);
        var e = Assert.Throws<SingularMatrixException>(() => SparseLu.Factorize(coo.ToCsr()));
        Assert.True(e.IsStructural);
        Assert.Contains(e.Column, new[] { 1, 2 });
    }

    [Fact]
    public void NumericallySingularNamesTheColumn()
    {
        // Full pattern, but column 2 = column 0 + column 1; every multiplier is a power of two, so the last pivot is exactly 0.
        var coo = new CooMatrix(3, 3);
        double[,] m = { { 1, 1, 2 }, { 1, 2, 3 }, { 2, 3, 5 } };
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) coo.Add(i, j, m[i, j]);
        var e = Assert.Throws<SingularMatrixException>(() => SparseLu.Factorize(coo.ToCsr(), OrderingMethod.Natural));
        Assert.False(e.IsStructural);
        Assert.Equal(2, e.Column);
        Assert.Contains("numerically singular", e.Message);
    }

    [Fact]
    public void MultipleRightHandSides()
    {
        var a = RandomMatrices.Nonsymmetric(80, 4, 17);
        var lu = SparseLu.Factorize(a);
        var b = Matrix<double>.Build.Random(80, 3, 18);
        var x = lu.Solve(b);
        Assert.True((a.ToMathNetDense() * x - b).FrobeniusNorm() < 1e-12 * b.FrobeniusNorm());
    }

    [Theory]
    [InlineData("sherman5.mtx")]
    [InlineData("hor_131.mtx")]
    public void AutoPicksTheSymmetricStrategyForMostlySymmetricPatternsAndItPaysOff(string file)
    {
        var a = TestData.Matrix(file);
        var auto = SparseLu.Analyze(a);
        Assert.Equal(LuStrategy.Symmetric, auto.Strategy);
        Assert.Equal(0.1, auto.DefaultPivotTolerance);
        var symmetric = auto.Factorize(a);
        var unsymmetric = SparseLu.Factorize(a, strategy: LuStrategy.Unsymmetric);
        Assert.Equal(LuStrategy.Unsymmetric, unsymmetric.Symbolic.Strategy);
        Assert.Equal(1.0, unsymmetric.PivotTolerance);
        Assert.True(symmetric.NonZeroCount < unsymmetric.NonZeroCount, $"symmetric {symmetric.NonZeroCount} vs unsymmetric {unsymmetric.NonZeroCount}");
        int n = a.RowCount;
        var b = RandomMatrices.Vector(n, 3);
        foreach (var lu in new[] { symmetric, unsymmetric })
        {
            var x = new double[n];
            lu.Solve(b, x);
            Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-12);
        }
    }

    [Fact]
    public void AutoPicksTheUnsymmetricStrategyWhenTheDiagonalIsMostlyZero()
    {
        var a = NeedsPivoting(100, 7);
        Assert.Equal(LuStrategy.Unsymmetric, SparseLu.Analyze(a).Strategy);
        Assert.Equal(LuStrategy.Symmetric, SparseLu.Analyze(a, OrderingMethod.Amd, LuStrategy.Symmetric).Strategy);
        // Forcing the symmetric strategy on it still gives a correct (if fuller) factorisation.
        var b = RandomMatrices.Vector(100, 8);
        var x = new double[100];
        SparseLu.Factorize(a, strategy: LuStrategy.Symmetric).Solve(b, x);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-12);
    }

    [Fact]
    public void ReportsFillAndFlops()
    {
        var a = RandomMatrices.Nonsymmetric(100, 3, 19);
        var lu = SparseLu.Factorize(a);
        Assert.True(lu.NonZeroCount >= a.NonZeroCount);
        Assert.True(lu.FlopCount > 0);
        Assert.Equal("lu", lu.Method);
        Assert.Throws<ArgumentException>(() => SparseLu.Factorize(a, OrderingMethod.Amd, 0.0));
    }
}
