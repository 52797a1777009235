using System.Runtime.CompilerServices;

namespace Solvers.Linear.Kernels;

/// <summary>
/// Sparse triangular solves in row-scaled form: x_i = s_i b_i - sum_k T_ik x_k, where T is the strictly
/// triangular part already divided by the diagonal (T_ik = L_ik / l_ii) and s_i = 1 / l_ii (empty s means 1).
/// These are the inner loops of IC(0), ILU(0) and SSOR.
/// </summary>
/// <remarks>
/// The solves are latency-bound: row i waits for x_(i-1). Folding the diagonal into T leaves one fused
/// multiply-add on that critical path per row instead of a multiply, a subtract and a divide or multiply.
/// </remarks>
public static class Triangular
{
    /// <summary>
    /// Forward substitution: x_i = s_i b_i - sum_{k in row i} T_ik x_k for i = 0, 1, ...;
    /// the rows hold only columns less than i. <paramref name="b"/> and <paramref name="x"/> may be the same span.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void LowerSolve(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> rowScale, ReadOnlySpan<double> b, Span<double> x)
    {
        int n = x.Length;
        CheckSizes(n, rowPointers, rowScale, b);
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* va = values)
        fixed (double* d = rowScale)
        fixed (double* bp = b)
        fixed (double* xp = x)
        {
            double previous = 0;
            for (int i = 0; i < n; i++)
            {
                double s = d == null ? bp[i] : bp[i] * d[i];
                int start = rp[i], end = rp[i + 1];
                if (end > start && ci[end - 1] == i - 1)
                {
                    // The newest dependency x_(i-1) is still in a register: use it rather than wait for the
                    // store to memory to be forwarded to the load.
                    for (int k = start; k < end - 1; k++) s = Math.FusedMultiplyAdd(-va[k], xp[ci[k]], s);
                    s = Math.FusedMultiplyAdd(-va[end - 1], previous, s);
                }
                else
                {
                    for (int k = start; k < end; k++) s = Math.FusedMultiplyAdd(-va[k], xp[ci[k]], s);
                }
                xp[i] = s;
                previous = s;
            }
        }
    }

    /// <summary>
    /// Backward substitution: x_i = s_i b_i - sum_{k in row i} T_ik x_k for i = n-1, ..., 0;
    /// the rows hold only columns greater than i. <paramref name="b"/> and <paramref name="x"/> may be the same span.
    /// </summary>
    public static void UpperSolve(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> rowScale, ReadOnlySpan<double> b, Span<double> x) =>
        UpperSolveDot(rowPointers, columnIndices, values, rowScale, b, x, default);

    /// <summary>
    /// <see cref="UpperSolve"/> that also returns w·x from the same pass (PCG's r·z after the backward sweep);
    /// with an empty <paramref name="w"/> it returns 0. <paramref name="w"/> must not overlap <paramref name="x"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe double UpperSolveDot(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> rowScale, ReadOnlySpan<double> b, Span<double> x, ReadOnlySpan<double> w)
    {
        int n = x.Length;
        CheckSizes(n, rowPointers, rowScale, b);
        if (!w.IsEmpty && w.Length != n) throw new ArgumentException("Triangular factor and vectors disagree in size.", nameof(w));
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* va = values)
        fixed (double* d = rowScale)
        fixed (double* bp = b)
        fixed (double* xp = x)
        fixed (double* wp = w)
        {
            double dot = 0, previous = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                double s = d == null ? bp[i] : bp[i] * d[i];
                int start = rp[i], end = rp[i + 1];
                // Columns ascend, so the newest dependency x_(i+1) comes first: walk the row backwards to use it
                // last, and from the register that still holds it.
                if (end > start && ci[start] == i + 1)
                {
                    for (int k = end - 1; k > start; k--) s = Math.FusedMultiplyAdd(-va[k], xp[ci[k]], s);
                    s = Math.FusedMultiplyAdd(-va[start], previous, s);
                }
                else
                {
                    for (int k = end - 1; k >= start; k--) s = Math.FusedMultiplyAdd(-va[k], xp[ci[k]], s);
                }
                xp[i] = s;
                previous = s;
                if (wp != null) dot += wp[i] * s;
            }
            return dot;
        }
    }

    private static void CheckSizes(int n, ReadOnlySpan<int> rowPointers, ReadOnlySpan<double> rowScale, ReadOnlySpan<double> b)
    {
        if (rowPointers.Length != n + 1 || b.Length != n || (!rowScale.IsEmpty && rowScale.Length != n))
            throw new ArgumentException("Triangular factor and vectors disagree in size.");
    }
}
