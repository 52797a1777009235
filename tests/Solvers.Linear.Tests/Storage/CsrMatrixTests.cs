using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Storage;

public class CsrMatrixTests
{
    [Fact]
    public void CooSumsDuplicatesAndSortsColumns()
    {
        var coo = new CooMatrix(2, 3);
        coo.Add(0, 2, 1.0);
        coo.Add(0, 0, 2.0);
        coo.Add(0, 2, 3.0);
        coo.Add(1, 1, -1.0);
        var a = coo.ToCsr();
        Assert.Equal(3, a.NonZeroCount);
        Assert.Equal(new[] { 0, 2 }, a.ColumnIndices.Slice(0, 2).ToArray());
        Assert.Equal(4.0, a[0, 2]);
        Assert.Equal(2.0, a[0, 0]);
        Assert.Equal(0.0, a[1, 0]);
    }

    [Fact]
    public void InvalidArraysAreRejectedWithTheRowNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => CsrMatrix.FromArrays(2, 2, [0, 2, 3], [1, 0, 1], [1, 2, 3]));
        Assert.Contains("row 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => CsrMatrix.FromArrays(2, 2, [0, 1, 2], [0, 2], [1, 2]));
        Assert.Contains("out of range", e.Message);
        e = Assert.Throws<ArgumentException>(() => CsrMatrix.FromArrays(2, 2, [0, 1, 2], [0, 1], [1, double.NaN]));
        Assert.Contains("(1, 1)", e.Message);
        Assert.Throws<ArgumentException>(() => CsrMatrix.FromArrays(2, 2, [0, 1], [0], [1]));
        Assert.Throws<ArgumentException>(() => new CooMatrix(2, 2).Add(0, 0, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CooMatrix(2, 2).Add(2, 0, 1));
    }

    [Fact]
    public void MathNetRoundTripPreservesEveryEntry()
    {
        var a = RandomMatrices.Sparse(40, 4, 3, i => i + 1.0, symmetric: false);
        var sparse = a.ToMathNetSparse();
        var back = sparse.ToCsr();
        Assert.Equal(a.RowPointers.ToArray(), back.RowPointers.ToArray());
        Assert.Equal(a.ColumnIndices.ToArray(), back.ColumnIndices.ToArray());
        Assert.Equal(a.Values.ToArray(), back.Values.ToArray());
        var dense = a.ToMathNetDense();
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 40; j++)
                Assert.Equal(dense[i, j], a[i, j]);
        Assert.Equal(a.NonZeroCount, dense.ToCsr().NonZeroCount);
    }

    [Fact]
    public void TransposeSymmetryAndDiagonal()
    {
        var a = RandomMatrices.Sparse(30, 3, 9, i => -i - 1.0, symmetric: false);
        var t = a.Transpose();
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 30; j++)
                Assert.Equal(a[i, j], t[j, i]);
        Assert.False(a.IsSymmetric());
        Assert.True(RandomMatrices.Spd(30, 3, 9).IsSymmetric());
        Assert.Equal(Enumerable.Range(0, 30).Select(i => -i - 1.0), a.Diagonal());
        Assert.Equal(-1, a.FirstZeroDiagonal());
    }

    [Fact]
    public void SymmetryDefectIsTheLargestMismatchRelativeToTheLargestEntry()
    {
        // a01 = 1 vs a10 = 0.5; a12 = 0.25 with a21 not stored; largest entry 2.
        var a = CsrMatrix.FromArrays(3, 3, [0, 2, 4, 5], [0, 1, 0, 2, 2], [2.0, 1.0, 0.5, 0.25, 1.0]);
        Assert.Equal(0.25, a.SymmetryDefect(), 15);
        Assert.Equal(0.0, Linear.Generators.Poisson.TwoD(5).SymmetryDefect());
        Assert.Equal(double.PositiveInfinity, CsrMatrix.FromArrays(1, 2, [0, 1], [1], [1.0]).SymmetryDefect());
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 1)]
    [InlineData(40, 2)]
    [InlineData(300, 3)]
    public void SymmetryDefectEqualsTheTransposingReference(int n, int seed)
    {
        var rng = new Random(seed);
        var spd = RandomMatrices.Spd(n, 4, seed);
        Assert.Equal(0.0, spd.SymmetryDefect());
        // perturbed values, dropped mirrors on either side, empty rows, explicit zeros
        for (int variant = 0; variant < 20; variant++)
        {
            var coo = new CooMatrix(n, n);
            for (int r = 0; r < n; r++)
                for (int k = spd.RowPointers[r]; k < spd.RowPointers[r + 1]; k++)
                {
                    int c = spd.ColumnIndices[k];
                    double u = rng.NextDouble();
                    if (r == n / 2 && variant % 3 == 0) continue;            // an empty row
                    if (u < 0.05 * (variant % 4)) continue;                   // a dropped entry (its mirror stays)
                    double v = spd.Values[k] * (u < 0.1 ? 1 + 1e-3 * rng.NextDouble() : 1);
                    coo.Add(r, c, u < 0.02 ? 0.0 : v);
                }
            var a = coo.ToCsr();
            Assert.Equal(a.SymmetryDefectReference(), a.SymmetryDefect());
        }
        Assert.Equal(0.0, CsrMatrix.FromArrays(0, 0, [0], [], []).SymmetryDefect());
        Assert.Equal(0.0, CsrMatrix.FromArrays(2, 2, [0, 0, 0], [], []).SymmetryDefect());
    }

    [Fact]
    public void WithValuesKeepsPatternAndChecksLength()
    {
        var a = Linear.Generators.Poisson.TwoD(4);
        var b = a.WithValues(a.Values.ToArray().Select(v => 2 * v).ToArray());
        Assert.Equal(8.0, b[0, 0]);
        Assert.Throws<ArgumentException>(() => a.WithValues(new double[3]));
    }
}
