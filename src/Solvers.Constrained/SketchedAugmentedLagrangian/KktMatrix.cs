using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>Assembles the symmetric Newton-KKT matrix K = [B + sigma I, G^T; G, -delta I] in CSR form.</summary>
public static class KktMatrix
{
    /// <summary>Builds K from the n x n Hessian block and the m x n Jacobian.</summary>
    /// <param name="hessian">B (n x n).</param>
    /// <param name="jacobian">G (m x n).</param>
    /// <param name="hessianShift">sigma added to the diagonal of B.</param>
    /// <param name="regularization">delta subtracted on the diagonal of the multiplier block (0 for the plain KKT matrix).</param>
    public static CsrMatrix Assemble(CsrMatrix hessian, CsrMatrix jacobian, double hessianShift = 0, double regularization = 0)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(jacobian);
        int n = hessian.RowCount, m = jacobian.RowCount;
        if (hessian.ColumnCount != n) throw new ArgumentException($"The Hessian must be square; it is {n} x {hessian.ColumnCount}.", nameof(hessian));
        if (jacobian.ColumnCount != n) throw new ArgumentException($"The Jacobian has {jacobian.ColumnCount} columns; the Hessian has {n}.", nameof(jacobian));
        // Row by row straight into CSR: row i is row i of B (the shift merged into its diagonal) followed by
        // column i of G, which is row i of G^T; row n + j is row j of G followed by the -delta diagonal. Every
        // piece is already sorted, so there is no COO sort; explicit zeros stay, as in a COO conversion.
        var gt = jacobian.Transpose();
        var hp = hessian.RowPointers;
        var hc = hessian.ColumnIndices;
        var hv = hessian.Values;
        var tp = gt.RowPointers;
        var tc = gt.ColumnIndices;
        var tv = gt.Values;
        var jp = jacobian.RowPointers;
        var jc = jacobian.ColumnIndices;
        var jv = jacobian.Values;
        int capacity = hessian.NonZeroCount + 2 * jacobian.NonZeroCount + (regularization != 0 ? m : 0);
        if (hessianShift != 0)
            for (int i = 0; i < n; i++)
                if (hessian.IndexOf(i, i) < 0) capacity++;
        var rowPointers = new int[n + m + 1];
        var columns = new int[capacity];
        var values = new double[capacity];
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            bool diagonalPending = hessianShift != 0;
            for (int p = hp[i]; p < hp[i + 1]; p++)
            {
                int c = hc[p];
                if (diagonalPending && c >= i)
                {
                    diagonalPending = false;
                    if (c > i) Append(columns, values, ref count, i, hessianShift);
                    else
                    {
                        Append(columns, values, ref count, c, hv[p] + hessianShift);
                        continue;
                    }
                }
                Append(columns, values, ref count, c, hv[p]);
            }
            if (diagonalPending) Append(columns, values, ref count, i, hessianShift);
            for (int p = tp[i]; p < tp[i + 1]; p++) Append(columns, values, ref count, n + tc[p], tv[p]);
            rowPointers[i + 1] = count;
        }
        for (int j = 0; j < m; j++)
        {
            for (int p = jp[j]; p < jp[j + 1]; p++) Append(columns, values, ref count, jc[p], jv[p]);
            if (regularization != 0) Append(columns, values, ref count, n + j, -regularization);
            rowPointers[n + j + 1] = count;
        }
        // The arrays are exactly filled and owned by the result (validated, not copied).
        return CsrMatrix.Wrap(n + m, n + m, rowPointers, columns, values);
    }

    private static void Append(int[] columns, double[] values, ref int count, int column, double value)
    {
        columns[count] = column;
        values[count++] = value;
    }
}
