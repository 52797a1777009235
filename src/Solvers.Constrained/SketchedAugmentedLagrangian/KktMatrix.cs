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
        var coo = new CooMatrix(n + m, n + m, hessian.NonZeroCount + 2 * jacobian.NonZeroCount + n + m + 4);
        var rp = hessian.RowPointers;
        var ci = hessian.ColumnIndices;
        var va = hessian.Values;
        for (int i = 0; i < n; i++)
        {
            for (int p = rp[i]; p < rp[i + 1]; p++) coo.Add(i, ci[p], va[p]);
            if (hessianShift != 0) coo.Add(i, i, hessianShift);
        }
        rp = jacobian.RowPointers;
        ci = jacobian.ColumnIndices;
        va = jacobian.Values;
        for (int j = 0; j < m; j++)
        {
            for (int p = rp[j]; p < rp[j + 1]; p++)
            {
                coo.Add(n + j, ci[p], va[p]);
                coo.Add(ci[p], n + j, va[p]);
            }
            if (regularization != 0) coo.Add(n + j, n + j, -regularization);
        }
        return coo.ToCsr();
    }
}
