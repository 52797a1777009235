using Solvers.Linear.Storage;

namespace Solvers.Linear.Preconditioners;

/// <summary>The strictly lower or strictly upper part of a matrix in CSR arrays, as the triangular kernels take it.</summary>
internal sealed class StrictTriangle
{
    public StrictTriangle(int[] rowPointers, int[] columnIndices, double[] values)
    {
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    public int[] RowPointers { get; }
    public int[] ColumnIndices { get; }
    public double[] Values { get; }

    /// <summary>Copies the entries of <paramref name="a"/> below (lower) or above (upper) the diagonal, values times <paramref name="scale"/>.</summary>
    public static StrictTriangle Extract(CsrMatrix a, bool lower, double scale = 1.0) =>
        Extract(a.RowCount, a.RowPointers, a.ColumnIndices, a.Values, lower, scale);

    public static StrictTriangle Extract(int n, ReadOnlySpan<int> rp, ReadOnlySpan<int> ci, ReadOnlySpan<double> va, bool lower, double scale = 1.0)
    {
        var pointers = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            int count = 0;
            for (int k = rp[i]; k < rp[i + 1]; k++)
                if (lower ? ci[k] < i : ci[k] > i) count++;
            pointers[i + 1] = pointers[i] + count;
        }
        var cols = new int[pointers[n]];
        var vals = new double[pointers[n]];
        for (int i = 0, w = 0; i < n; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
                if (lower ? ci[k] < i : ci[k] > i)
                {
                    cols[w] = ci[k];
                    vals[w++] = scale * va[k];
                }
        return new StrictTriangle(pointers, cols, vals);
    }

    /// <summary>Multiplies row i by factors[i] in place (to fold a diagonal into the triangle).</summary>
    public StrictTriangle ScaleRows(ReadOnlySpan<double> factors)
    {
        for (int i = 0; i + 1 < RowPointers.Length; i++)
            for (int k = RowPointers[i]; k < RowPointers[i + 1]; k++)
                Values[k] *= factors[i];
        return this;
    }

    /// <summary>Multiplies column j by factors[j] in place.</summary>
    public StrictTriangle ScaleColumns(ReadOnlySpan<double> factors)
    {
        for (int k = 0; k < Values.Length; k++) Values[k] *= factors[ColumnIndices[k]];
        return this;
    }

    /// <summary>The transpose (strict lower becomes strict upper and vice versa).</summary>
    public StrictTriangle Transpose(int n)
    {
        var t = CsrMatrix.Wrap(n, n, RowPointers, ColumnIndices, Values, validate: false).Transpose();
        return new StrictTriangle(t.RowPointerArray, t.ColumnIndexArray, t.ValueArray);
    }
}
