namespace Solvers.Linear.Storage;

/// <summary>
/// Sparse products of the form G W G^T + D (W, D diagonal): the Gram matrices of Jacobians and the Schur complements
/// of KKT systems with a diagonal (1,1) block, which normal-equation and Schur-complement methods factorise.
/// </summary>
public static class SparseGram
{
    /// <summary>
    /// S = G diag(<paramref name="columnWeights"/>) G^T + diag(<paramref name="diagonalShift"/>) for an m x n matrix G,
    /// as an m x m CSR matrix with sorted columns and every diagonal entry stored (also where it is zero), so matrices
    /// built from the same pattern of G share one pattern.
    /// </summary>
    /// <param name="g">G (m x n).</param>
    /// <param name="columnWeights">w (length n); empty for w = 1.</param>
    /// <param name="diagonalShift">d (length m); empty for d = 0.</param>
    /// <remarks>
    /// Row by row with a dense accumulator (Gustavson): row i of S gathers the rows k of G^T for the columns k of
    /// row i of G, so the cost is the number of multiply-adds, sum over columns of nnz(column)^2, and no
    /// coordinate list is sorted. G's row i and S's row i are built from the same index order every time, so
    /// rounding does not depend on the call.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight or shift vector has the wrong length.</exception>
    public static CsrMatrix WeightedGram(CsrMatrix g, ReadOnlySpan<double> columnWeights, ReadOnlySpan<double> diagonalShift)
    {
        ArgumentNullException.ThrowIfNull(g);
        int m = g.RowCount, n = g.ColumnCount;
        if (!columnWeights.IsEmpty && columnWeights.Length != n)
            throw new ArgumentException($"Got {columnWeights.Length} column weights for a matrix with {n} columns.", nameof(columnWeights));
        if (!diagonalShift.IsEmpty && diagonalShift.Length != m)
            throw new ArgumentException($"Got {diagonalShift.Length} diagonal shifts for a matrix with {m} rows.", nameof(diagonalShift));
        var gt = g.Transpose();
        ReadOnlySpan<int> rp = g.RowPointers, ci = g.ColumnIndices, trp = gt.RowPointers, tci = gt.ColumnIndices;
        ReadOnlySpan<double> va = g.Values, tva = gt.Values;

        // Pass 1: the pattern of each row (marker = row index last seen), to size the arrays exactly.
        var marker = new int[m];
        Array.Fill(marker, -1);
        var rowPointers = new int[m + 1];
        for (int i = 0; i < m; i++)
        {
            int count = 1;
            marker[i] = i;
            for (int p = rp[i]; p < rp[i + 1]; p++)
            {
                int k = ci[p];
                for (int q = trp[k]; q < trp[k + 1]; q++)
                {
                    int j = tci[q];
                    if (marker[j] != i) { marker[j] = i; count++; }
                }
            }
            rowPointers[i + 1] = checked(rowPointers[i] + count);
        }

        // Pass 2: columns of row i in first-seen order, then sorted with their values.
        var columns = new int[rowPointers[m]];
        var values = new double[rowPointers[m]];
        var accumulator = new double[m];
        Array.Fill(marker, -1);
        for (int i = 0; i < m; i++)
        {
            int start = rowPointers[i], fill = start;
            marker[i] = i;
            columns[fill++] = i;
            accumulator[i] = diagonalShift.IsEmpty ? 0 : diagonalShift[i];
            for (int p = rp[i]; p < rp[i + 1]; p++)
            {
                int k = ci[p];
                double gik = columnWeights.IsEmpty ? va[p] : va[p] * columnWeights[k];
                for (int q = trp[k]; q < trp[k + 1]; q++)
                {
                    int j = tci[q];
                    if (marker[j] != i)
                    {
                        marker[j] = i;
                        columns[fill++] = j;
                        accumulator[j] = 0;
                    }
                    accumulator[j] += gik * tva[q];
                }
            }
            var rowColumns = columns.AsSpan(start, fill - start);
            rowColumns.Sort();
            for (int p = start; p < fill; p++) values[p] = accumulator[columns[p]];
        }
        return CsrMatrix.Wrap(m, m, rowPointers, columns, values);
    }
}
