using System.Runtime.CompilerServices;

namespace Solvers.Linear.Kernels;

/// <summary>
/// Successive over-relaxation sweeps (Young 1950; Saad, Iterative Methods for Sparse Linear Systems, 2nd ed.,
/// §4.1): x_i += omega (b_i - sum_j a_ij x_j) / a_ii row by row, each row seeing the rows already updated.
/// One forward sweep is x += M^-1 (b - A x) with M = D / omega + L.
/// </summary>
/// <remarks>
/// Each sweep also returns ||b - A x_old||^2 for the iterate it started from, without a separate
/// matrix-vector product: when row i is relaxed, its residual against the old iterate is the residual
/// against the half-updated one plus the sum of a_ij delta_j over the rows j already updated, and the
/// updates delta = x_new - x_old are kept in <c>delta</c>. A solver can therefore test convergence one sweep
/// late and step back with x -= delta. The sweeps are latency-bound (row i waits for row i - 1), so they are
/// scalar; these are their only implementations.
/// </remarks>
public static class Relaxation
{
    /// <summary>
    /// Forward SOR sweep over rows 0, 1, ..., n - 1. Writes the new iterate to <paramref name="x"/> and the
    /// update x_new - x_old to <paramref name="delta"/>; returns ||b - A x_old||^2.
    /// </summary>
    /// <param name="rowPointers">CSR row pointers of the square matrix A.</param>
    /// <param name="columnIndices">CSR column indices, sorted within each row.</param>
    /// <param name="values">CSR values.</param>
    /// <param name="diagonalPositions">Index into <paramref name="values"/> of a_ii for every row (the diagonal must be stored and non-zero).</param>
    /// <param name="omega">Relaxation factor.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Old iterate in, new iterate out.</param>
    /// <param name="delta">Work span of length n; the update on return.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe double ForwardSweep(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<int> diagonalPositions, double omega, ReadOnlySpan<double> b, Span<double> x, Span<double> delta)
    {
        int n = x.Length;
        CheckSizes(n, rowPointers, diagonalPositions, b, delta);
        double residualSquared = 0;
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* va = values)
        fixed (int* dp = diagonalPositions)
        fixed (double* bp = b)
        fixed (double* xp = x)
        fixed (double* dx = delta)
        {
            for (int i = 0; i < n; i++)
            {
                int d = dp[i];
                double s = bp[i], correction = 0;
                for (int k = rp[i]; k < d; k++)
                {
                    int j = ci[k];
                    s = Math.FusedMultiplyAdd(-va[k], xp[j], s);
                    correction = Math.FusedMultiplyAdd(va[k], dx[j], correction);
                }
                double diagonal = va[d];
                s = Math.FusedMultiplyAdd(-diagonal, xp[i], s);
                for (int k = d + 1; k < rp[i + 1]; k++) s = Math.FusedMultiplyAdd(-va[k], xp[ci[k]], s);
                double old = s + correction;
                residualSquared += old * old;
                double step = omega * s / diagonal;
                dx[i] = step;
                xp[i] += step;
            }
        }
        return residualSquared;
    }

    /// <summary>
    /// Backward SOR sweep over rows n - 1, ..., 0 (M = D / omega + U). Same contract as <see cref="ForwardSweep"/>.
    /// </summary>
    /// <param name="rowPointers">CSR row pointers of the square matrix A.</param>
    /// <param name="columnIndices">CSR column indices, sorted within each row.</param>
    /// <param name="values">CSR values.</param>
    /// <param name="diagonalPositions">Index into <paramref name="values"/> of a_ii for every row.</param>
    /// <param name="omega">Relaxation factor.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Old iterate in, new iterate out.</param>
    /// <param name="delta">Work span of length n; the update on return.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe double BackwardSweep(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<int> diagonalPositions, double omega, ReadOnlySpan<double> b, Span<double> x, Span<double> delta)
    {
        int n = x.Length;
        CheckSizes(n, rowPointers, diagonalPositions, b, delta);
        double residualSquared = 0;
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* va = values)
        fixed (int* dp = diagonalPositions)
        fixed (double* bp = b)
        fixed (double* xp = x)
        fixed (double* dx = delta)
        {
            for (int i = n - 1; i >= 0; i--)
            {
                int d = dp[i];
                double s = bp[i], correction = 0;
                for (int k = rp[i + 1] - 1; k > d; k--)
                {
                    int j = ci[k];
                    s = Math.FusedMultiplyAdd(-va[k], xp[j], s);
                    correction = Math.FusedMultiplyAdd(va[k], dx[j], correction);
                }
                double diagonal = va[d];
                s = Math.FusedMultiplyAdd(-diagonal, xp[i], s);
                for (int k = rp[i]; k < d; k++) s = Math.FusedMultiplyAdd(-va[k], xp[ci[k]], s);
                double old = s + correction;
                residualSquared += old * old;
                double step = omega * s / diagonal;
                dx[i] = step;
                xp[i] += step;
            }
        }
        return residualSquared;
    }

    private static void CheckSizes(int n, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> diagonalPositions, ReadOnlySpan<double> b, ReadOnlySpan<double> delta)
    {
        if (rowPointers.Length != n + 1 || diagonalPositions.Length != n || b.Length != n || delta.Length != n)
            throw new ArgumentException("Matrix, diagonal positions and vectors disagree in size.");
    }
}
