using Solvers.Linear.Storage;

namespace Solvers.Examples.Tests;

/// <summary>Quantities the tests recompute themselves, from the raw arrays, rather than ask the library for.</summary>
internal static class Independent
{
    /// <summary>A x by a plain loop over the CSR arrays.</summary>
    public static double[] Multiply(CsrMatrix a, ReadOnlySpan<double> x)
    {
        var y = new double[a.RowCount];
        for (int i = 0; i < a.RowCount; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                y[i] += a.Values[k] * x[a.ColumnIndices[k]];
        return y;
    }

    /// <summary>A^T v by a plain loop over the CSR arrays.</summary>
    public static double[] MultiplyTranspose(CsrMatrix a, ReadOnlySpan<double> v)
    {
        var y = new double[a.ColumnCount];
        for (int i = 0; i < a.RowCount; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                y[a.ColumnIndices[k]] += a.Values[k] * v[i];
        return y;
    }

    /// <summary>||b - A x|| / ||b||.</summary>
    public static double RelativeResidual(CsrMatrix a, ReadOnlySpan<double> b, ReadOnlySpan<double> x)
    {
        var ax = Multiply(a, x);
        double r = 0, nb = 0;
        for (int i = 0; i < b.Length; i++)
        {
            r += (b[i] - ax[i]) * (b[i] - ax[i]);
            nb += b[i] * b[i];
        }
        return Math.Sqrt(r / nb);
    }

    /// <summary>max_i |x_i - y_i|.</summary>
    public static double MaxDifference(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Assert.Equal(x.Length, y.Length);
        double max = 0;
        for (int i = 0; i < x.Length; i++) max = Math.Max(max, Math.Abs(x[i] - y[i]));
        return max;
    }
}
