using Solvers.Linear.Storage;

namespace Solvers.Gpu.Tests;

internal static class TestMatrices
{
    /// <summary>A random sparse matrix with rows of 0 to maxRow entries (some empty, some long); fixed seed.</summary>
    public static CsrMatrix Irregular(int rows, int columns, int maxRow, int seed)
    {
        var random = new Random(seed);
        var rp = new int[rows + 1];
        var ci = new List<int>();
        var va = new List<double>();
        for (int i = 0; i < rows; i++)
        {
            int count = i % 7 == 3 ? 0 : random.Next(1, maxRow + 1);
            var cols = new SortedSet<int>();
            while (cols.Count < Math.Min(count, columns)) cols.Add(random.Next(columns));
            foreach (int j in cols)
            {
                ci.Add(j);
                va.Add(random.NextDouble() * 2 - 1);
            }
            rp[i + 1] = ci.Count;
        }
        return CsrMatrix.FromArrays(rows, columns, rp, ci.ToArray(), va.ToArray());
    }

    public static double[] Random(int n, int seed)
    {
        var random = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.NextDouble() * 2 - 1;
        return v;
    }

    public static double MaxRelativeDifference(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, diff = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            diff = Math.Max(diff, Math.Abs(expected[i] - actual[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
