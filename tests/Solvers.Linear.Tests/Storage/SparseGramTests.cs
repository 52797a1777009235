using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Storage;
using Xunit;

namespace Solvers.Linear.Tests.Storage;

public class SparseGramTests
{
    /// <summary>A rectangular m x n matrix with about perRow entries per row; row 0 left empty.</summary>
    private static CsrMatrix Rectangular(int m, int n, int perRow, int seed)
    {
        var rng = new Random(seed);
        var coo = new CooMatrix(m, n);
        for (int i = 1; i < m; i++)
            for (int e = 0; e < perRow; e++)
                coo.Add(i, rng.Next(n), 2 * rng.NextDouble() - 1);
        return coo.ToCsr();
    }

    [Theory]
    [InlineData(7, 12, 2, 1)]
    [InlineData(40, 25, 4, 2)]
    [InlineData(60, 200, 6, 3)]
    public void WeightedGramEqualsTheDenseProduct(int m, int n, int perRow, int seed)
    {
        var g = Rectangular(m, n, perRow, seed);
        var rng = new Random(seed + 100);
        var w = Enumerable.Range(0, n).Select(_ => 0.5 + rng.NextDouble()).ToArray();
        var d = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var dense = g.ToMathNetDense();
        var expected = dense * Matrix<double>.Build.DiagonalOfDiagonalArray(w) * dense.Transpose() + Matrix<double>.Build.DiagonalOfDiagonalArray(d);

        var s = SparseGram.WeightedGram(g, w, d);

        Assert.Equal(m, s.RowCount);
        Assert.Equal(m, s.ColumnCount);
        var actual = s.ToMathNetDense();
        double scale = expected.FrobeniusNorm();
        Assert.True((actual - expected).FrobeniusNorm() <= 1e-14 * scale, $"|S - G W G^T - D| = {(actual - expected).FrobeniusNorm():G3}");
        for (int i = 0; i < m; i++)
        {
            Assert.True(s.IndexOf(i, i) >= 0, $"diagonal {i} is not stored");
            for (int p = s.RowPointers[i] + 1; p < s.RowPointers[i + 1]; p++)
                Assert.True(s.ColumnIndices[p - 1] < s.ColumnIndices[p], $"row {i} is not sorted");
        }
    }

    [Fact]
    public void UnitWeightsAndNoShiftGiveTheGramMatrix()
    {
        var g = Rectangular(30, 50, 3, 7);
        var dense = g.ToMathNetDense();
        var s = SparseGram.WeightedGram(g, default, default).ToMathNetDense();
        Assert.True((s - dense * dense.Transpose()).FrobeniusNorm() <= 1e-14 * (dense * dense.Transpose()).FrobeniusNorm());
        Assert.Equal(0.0, s[0, 0]);   // the empty row 0: its diagonal is stored as an explicit zero
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        var g = Rectangular(5, 8, 2, 1);
        var e1 = Assert.Throws<ArgumentException>(() => SparseGram.WeightedGram(g, new double[7], default));
        Assert.Contains("7 column weights", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => SparseGram.WeightedGram(g, default, new double[4]));
        Assert.Contains("4 diagonal shifts", e2.Message);
    }
}
