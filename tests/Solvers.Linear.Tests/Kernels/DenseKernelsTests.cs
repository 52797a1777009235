using System.Runtime.Intrinsics;
using Solvers.Linear.Kernels;

namespace Solvers.Linear.Tests.Kernels;

public class DenseKernelsTests
{
    public static TheoryData<int, int, int> Sizes()
    {
        var data = new TheoryData<int, int, int>();
        int max = 3 * Vector512<double>.Count;
        foreach (int m in new[] { 0, 1, 5, 8, 13, max })
            foreach (int n in new[] { 0, 1, 6, 7, max })
                foreach (int k in new[] { 0, 1, 3, max })
                    data.Add(m, n, k);
        data.Add(200, 37, 300);   // several packed depth slices and row blocks
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackedUpdateEqualsScalarReference(int m, int n, int k)
    {
        var rng = new Random(m * 10007 + n * 101 + k);
        int lda = m + 3, ldb = n + 2, ldc = m + 1;
        var a = Enumerable.Range(0, lda * Math.Max(k, 1)).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, ldb * Math.Max(k, 1)).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var c = Enumerable.Range(0, ldc * Math.Max(n, 1)).Select(_ => rng.NextDouble() - 0.5).ToArray();
        foreach (bool overwrite in new[] { false, true })
        {
            var expected = (double[])c.Clone();
            var actual = (double[])c.Clone();
            DenseKernels.MultiplySubtractTransposedReference(m, n, k, a, lda, b, ldb, expected, ldc, overwrite);
            DenseKernels.MultiplySubtractTransposed(m, n, k, a, lda, b, ldb, actual, ldc, overwrite: overwrite);
            for (int t = 0; t < c.Length; t++) Assert.Equal(expected[t], actual[t], 1e-12);
        }
    }

    [Fact]
    public void LowerOnlyComputesEveryEntryOnOrBelowTheDiagonal()
    {
        int m = 40, n = 30, k = 17;
        var rng = new Random(3);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble()).ToArray();
        var expected = new double[m * n];
        var actual = new double[m * n];
        DenseKernels.MultiplySubtractTransposedReference(m, n, k, a, m, a, m, expected, m);
        DenseKernels.MultiplySubtractTransposed(m, n, k, a, m, a, m, actual, m, lowerOnly: true);
        for (int j = 0; j < n; j++)
            for (int i = j; i < m; i++) Assert.Equal(expected[i + j * m], actual[i + j * m], 1e-12);
    }

    [Fact]
    public void RejectsBlocksThatDoNotFit()
    {
        var small = new double[10];
        var e = Assert.Throws<ArgumentException>(() => DenseKernels.MultiplySubtractTransposed(4, 4, 4, small, 4, small, 4, small, 4));
        Assert.Contains("needs 16 values", e.Message);
        Assert.Throws<ArgumentException>(() => DenseKernels.MultiplySubtractTransposed(4, 1, 1, small, 3, small, 1, small, 4));
    }
}
