using System.Runtime.CompilerServices;
using Solvers.Linear.Kernels;

namespace Solvers.Linear.Direct;

/// <summary>
/// In-place factorisation of one supernode's dense panel: an m x n column-major block (m &gt;= n) whose top n x n
/// block is the diagonal block. Cholesky gives L11 (lower) and L21 = A21 L11^-T; LDL^T gives unit L11, D on the
/// diagonal and L21 = A21 L11^-T D^-1. Entries above the diagonal are scratch.
/// </summary>
/// <remarks>
/// Recursive column splitting (F. G. Gustavson, "Recursion leads to automatic variable blocking for dense
/// linear-algebra algorithms", IBM J. Res. Dev. 41(6), 1997): factor the left half of the panel, update the right
/// half with one call of <see cref="DenseKernels.MultiplySubtractTransposed(int, int, int, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, Span{double}, int, bool, bool)"/>,
/// factor the right half. Almost all the work lands in that update; the leaves (at most <see cref="Leaf"/> columns)
/// are right-looking column loops.
/// </remarks>
internal static unsafe class DensePanel
{
    private const int Leaf = 16;

    /// <summary>Cholesky of the panel; -1, or the local column of the first pivot that is not positive (left unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Cholesky(double* p, int m, int n, int ld)
    {
        if (n <= Leaf) return CholeskyLeaf(p, m, n, ld);
        int n1 = Split(n), n2 = n - n1;
        int failed = Cholesky(p, m, n1, ld);
        if (failed >= 0) return failed;
        DenseKernels.MultiplySubtractTransposed(m - n1, n2, n1, p + n1, ld, p + n1, ld, p + n1 + (long)n1 * ld, ld, lowerOnly: true, overwrite: false);
        failed = Cholesky(p + n1 + (long)n1 * ld, m - n1, n2, ld);
        return failed >= 0 ? n1 + failed : -1;
    }

    /// <summary>
    /// LDL^T of the panel; -1, or the local column of the first zero (or non-finite) pivot.
    /// <paramref name="scaled"/> must hold n^2/4 + n values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Ldlt(double* p, int m, int n, int ld, double* scaled)
    {
        if (n <= Leaf) return LdltLeaf(p, m, n, ld);
        int n1 = Split(n), n2 = n - n1;
        int failed = Ldlt(p, m, n1, ld, scaled);
        if (failed >= 0) return failed;
        // W = L[n1:n, 0:n1] D1, then the right part -= L[n1:m, 0:n1] W^T.
        for (int j = 0; j < n1; j++)
        {
            double d = p[j + (long)j * ld];
            double* src = p + n1 + (long)j * ld;
            double* dst = scaled + (long)j * n2;
            for (int i = 0; i < n2; i++) dst[i] = src[i] * d;
        }
        DenseKernels.MultiplySubtractTransposed(m - n1, n2, n1, p + n1, ld, scaled, n2, p + n1 + (long)n1 * ld, ld, lowerOnly: true, overwrite: false);
        failed = Ldlt(p + n1 + (long)n1 * ld, m - n1, n2, ld, scaled);
        return failed >= 0 ? n1 + failed : -1;
    }

    /// <summary>Left part of a split: half, rounded up to whole micro-kernel tiles where that keeps both parts non-empty.</summary>
    private static int Split(int n)
    {
        int half = n / 2;
        int rounded = (half + DenseKernels.MicroRows - 1) / DenseKernels.MicroRows * DenseKernels.MicroRows;
        return rounded < n ? rounded : half;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CholeskyLeaf(double* p, int m, int n, int ld)
    {
        for (int j = 0; j < n; j++)
        {
            double* cj = p + (long)j * ld;
            double d = cj[j];
            if (!(d > 0) || !double.IsFinite(d)) return j;
            d = Math.Sqrt(d);
            cj[j] = d;
            DenseKernels.Scale(m - j - 1, 1.0 / d, cj + j + 1);
            for (int k = j + 1; k < n; k++)
                DenseKernels.Axpy(m - k, -cj[k], cj + k, p + (long)k * ld + k);
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int LdltLeaf(double* p, int m, int n, int ld)
    {
        for (int j = 0; j < n; j++)
        {
            double* cj = p + (long)j * ld;
            double d = cj[j];
            if (d == 0 || !double.IsFinite(d)) return j;
            // Column j below the diagonal still holds L_ij d; update the columns to its right, then scale.
            for (int k = j + 1; k < n; k++)
                DenseKernels.Axpy(m - k, -cj[k] / d, cj + k, p + (long)k * ld + k);
            DenseKernels.Scale(m - j - 1, 1.0 / d, cj + j + 1);
        }
        return -1;
    }
}
