using Solvers.Linear.Direct;
using Solvers.Linear.Generators;
using Solvers.Linear.Storage;
using static Solvers.Linear.Tests.Direct.DirectTestMatrices;

namespace Solvers.Linear.Tests.Direct;

public class SparseLdltTests
{
    [Theory]
    [InlineData(30, 10, 1)]
    [InlineData(120, 60, 2)]
    [InlineData(250, 100, 3)]
    public void SolveEqualsDenseLuOnQuasiDefiniteKktSystems(int nh, int m, int seed)
    {
        var a = QuasiDefinite(nh, m, seed);
        int n = a.RowCount;
        var b = RandomMatrices.Vector(n, seed + 7);
        var reference = RandomMatrices.DenseSolve(a, b);
        Assert.Throws<MatrixNotPositiveDefiniteException>(() => SparseCholesky.Factorize(a));
        foreach (var ordering in new[] { OrderingMethod.Amd, OrderingMethod.ReverseCuthillMcKee, OrderingMethod.Natural })
        {
            var x = new double[n];
            SparseLdlt.Factorize(a, ordering).Solve(b, x);
            Assert.True(RandomMatrices.MaxAbsDifference(x, reference) < 1e-9 * (1 + reference.Max(Math.Abs)), $"{ordering}: differs from dense LU");
            Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-12);
        }
    }

    [Fact]
    public void LdltOfAnSpdMatrixMatchesCholesky()
    {
        var a = SpdWithDenseBlock(200, 2, 50, 9);
        var b = RandomMatrices.Vector(200, 10);
        var x1 = new double[200];
        var x2 = new double[200];
        SparseLdlt.Factorize(a).Solve(b, x1);
        SparseCholesky.Factorize(a).Solve(b, x2);
        Assert.True(RandomMatrices.MaxAbsDifference(x1, x2) < 1e-11);
    }

    [Fact]
    public void RefactorizationEqualsAFreshFactorization()
    {
        var a = QuasiDefinite(80, 40, 4);
        var symbolic = SparseLdlt.Analyze(a);
        var factor = symbolic.FactorizeLdlt(a);
        var values = a.Values.ToArray();
        for (int k = 0; k < values.Length; k++) values[k] *= 1 + 0.01 * (k % 5);
        var a2 = a.WithValues(values);
        var b = RandomMatrices.Vector(a.RowCount, 5);
        if (!a2.IsSymmetric()) a2 = Symmetrize(a2);
        factor.Refactorize(a2);
        var x1 = new double[a.RowCount];
        var x2 = new double[a.RowCount];
        factor.Solve(b, x1);
        SparseLdlt.Factorize(a2).Solve(b, x2);
        Assert.Equal(x2, x1);
        Assert.True(RandomMatrices.RelativeResidual(a2, b, x1) < 1e-12);
    }

    private static CsrMatrix Symmetrize(CsrMatrix a)
    {
        var values = a.Values.ToArray();
        for (int i = 0; i < a.RowCount; i++)
            for (int p = a.RowPointers[i]; p < a.RowPointers[i + 1]; p++)
            {
                int j = a.ColumnIndices[p];
                if (j < i) values[a.IndexOf(j, i)] = values[p];
            }
        return a.WithValues(values);
    }

    [Fact]
    public void ZeroPivotIsNumericallySingular()
    {
        // [[0, 1], [1, 0]] in natural order: the first pivot is exactly zero (the matrix itself is nonsingular,
        // but LDL^T without pivoting cannot factor it).
        var a = CsrMatrix.FromArrays(2, 2, [0, 2, 4], [0, 1, 0, 1], [0.0, 1.0, 1.0, 0.0]);
        var e = Assert.Throws<SingularMatrixException>(() => SparseLdlt.Factorize(a, OrderingMethod.Natural));
        Assert.False(e.IsStructural);
        Assert.Equal(0, e.Column);
        Assert.Contains("zero pivot", e.Message);
        Assert.Contains("not quasi-definite", e.Message);
        Assert.Contains("--method lu", e.Message);
    }

    [Fact]
    public void SingularSymmetricMatrixNamesADependentColumn()
    {
        // Rank 2 of 3: the third row is the sum of the first two.
        var coo = new CooMatrix(3, 3);
        double[,] m = { { 2, 1, 3 }, { 1, 2, 3 }, { 3, 3, 6 } };
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) coo.Add(i, j, m[i, j]);
        var e = Assert.Throws<SingularMatrixException>(() => SparseLdlt.Factorize(coo.ToCsr(), OrderingMethod.Natural));
        Assert.False(e.IsStructural);
        Assert.Equal(2, e.Column);
    }

    [Fact]
    public void PoissonSolveHasSmallResidual()
    {
        var a = Poisson.TwoD(40);
        var b = RandomMatrices.Vector(a.RowCount, 3);
        var x = new double[a.RowCount];
        var factor = SparseLdlt.Factorize(a);
        factor.Solve(b, x);
        Assert.True(RandomMatrices.RelativeResidual(a, b, x) < 1e-13);
        Assert.Equal("ldlt", factor.Method);
    }
}
