using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Solvers.Linear.Kernels;

/// <summary>
/// Compressed-sparse-row matrix-vector products. Stateless and allocation-free; the matrix arrays
/// are taken as spans so that any CSR layout (ours, a caller's) can be used.
/// </summary>
/// <remarks>
/// SpMV is memory-bound: each stored entry costs 12 bytes (value + column index) and two flops.
/// The vectorised path gathers x with AVX2 for rows of eight or more entries; short rows (stencils)
/// use a scalar loop whose cost is hidden behind the memory traffic anyway.
/// </remarks>
public static class SpMV
{
    /// <summary>y[rowStart..rowEnd) = (A x)[rowStart..rowEnd) for a CSR matrix.</summary>
    public static unsafe void Multiply(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> x, Span<double> y, int rowStart, int rowEnd)
    {
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* va = values)
        fixed (double* xp = x)
        fixed (double* yp = y)
        {
            if (Avx2.IsSupported && Fma.IsSupported)
                MultiplyAvx2(rp, ci, va, xp, yp, rowStart, rowEnd);
            else
                MultiplyScalar(rp, ci, va, xp, yp, rowStart, rowEnd);
        }
    }

    /// <summary>
    /// y = A x for a square CSR matrix, returning x·y from the same pass (CG's p^T A p without re-reading
    /// p and q).
    /// </summary>
    public static unsafe double MultiplyDot(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> x, Span<double> y)
    {
        int n = y.Length;
        if (x.Length != n || rowPointers.Length != n + 1)
            throw new ArgumentException("MultiplyDot needs a square matrix and vectors of its order.");
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* va = values)
        fixed (double* xp = x)
        fixed (double* yp = y)
        {
            double dot0 = 0, dot1 = 0;
            int k = rp[0];
            int i = 0;
            for (; i + 1 < n; i += 2)
            {
                double y0 = RowSum(ci, va, xp, ref k, rp[i + 1]);
                double y1 = RowSum(ci, va, xp, ref k, rp[i + 2]);
                yp[i] = y0;
                yp[i + 1] = y1;
                dot0 += xp[i] * y0;
                dot1 += xp[i + 1] * y1;
            }
            if (i < n)
            {
                double y0 = RowSum(ci, va, xp, ref k, rp[i + 1]);
                yp[i] = y0;
                dot0 += xp[i] * y0;
            }
            return dot0 + dot1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double RowSum(int* ci, double* va, double* x, ref int k, int end) =>
        Avx2.IsSupported && Fma.IsSupported && end - k >= 8 ? LongRowAvx2(ci, va, x, ref k, end) : ShortRow(ci, va, x, ref k, end);

    /// <summary>Scalar reference: y = A x over the given rows.</summary>
    public static unsafe void MultiplyReference(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> x, Span<double> y, int rowStart, int rowEnd)
    {
        for (int i = rowStart; i < rowEnd; i++)
        {
            double sum = 0;
            for (int k = rowPointers[i]; k < rowPointers[i + 1]; k++)
                sum += values[k] * x[columnIndices[k]];
            y[i] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyScalar(int* rp, int* ci, double* va, double* x, double* y, int rowStart, int rowEnd)
    {
        int k = rp[rowStart];
        for (int i = rowStart; i < rowEnd; i++)
        {
            int end = rp[i + 1];
            y[i] = ShortRow(ci, va, x, ref k, end);
        }
    }

    /// <summary>
    /// Sum of one short row. Stencil rows have 3 to 7 entries; straight-line code for those lengths avoids
    /// the mispredicted loop exits that otherwise cost more than the memory traffic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double ShortRow(int* ci, double* va, double* x, ref int k, int end)
    {
        int length = end - k;
        double s0, s1;
        switch (length)
        {
            case 5:
                s0 = va[k] * x[ci[k]] + va[k + 1] * x[ci[k + 1]];
                s1 = va[k + 2] * x[ci[k + 2]] + va[k + 3] * x[ci[k + 3]] + va[k + 4] * x[ci[k + 4]];
                k = end;
                return s0 + s1;
            case 7:
                s0 = va[k] * x[ci[k]] + va[k + 1] * x[ci[k + 1]] + va[k + 2] * x[ci[k + 2]];
                s1 = va[k + 3] * x[ci[k + 3]] + va[k + 4] * x[ci[k + 4]] + va[k + 5] * x[ci[k + 5]] + va[k + 6] * x[ci[k + 6]];
                k = end;
                return s0 + s1;
            case 4:
                s0 = va[k] * x[ci[k]] + va[k + 1] * x[ci[k + 1]];
                s1 = va[k + 2] * x[ci[k + 2]] + va[k + 3] * x[ci[k + 3]];
                k = end;
                return s0 + s1;
            case 3:
                s0 = va[k] * x[ci[k]] + va[k + 1] * x[ci[k + 1]] + va[k + 2] * x[ci[k + 2]];
                k = end;
                return s0;
        }
        s0 = 0;
        s1 = 0;
        for (; k + 1 < end; k += 2)
        {
            s0 += va[k] * x[ci[k]];
            s1 += va[k + 1] * x[ci[k + 1]];
        }
        if (k < end)
        {
            s0 += va[k] * x[ci[k]];
            k++;
        }
        return s0 + s1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyAvx2(int* rp, int* ci, double* va, double* x, double* y, int rowStart, int rowEnd)
    {
        int k = rp[rowStart];
        for (int i = rowStart; i < rowEnd; i++)
        {
            int end = rp[i + 1];
            y[i] = end - k < 8 ? ShortRow(ci, va, x, ref k, end) : LongRowAvx2(ci, va, x, ref k, end);
        }
    }

    /// <summary>A row of eight or more entries: x gathered four at a time, two accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double LongRowAvx2(int* ci, double* va, double* x, ref int k, int end)
    {
        Vector256<double> acc0 = Vector256<double>.Zero, acc1 = Vector256<double>.Zero;
        for (; k + 8 <= end; k += 8)
        {
            Vector256<double> x0 = Avx2.GatherVector256(x, Sse2.LoadVector128(ci + k), 8);
            Vector256<double> x1 = Avx2.GatherVector256(x, Sse2.LoadVector128(ci + k + 4), 8);
            acc0 = Fma.MultiplyAdd(Avx.LoadVector256(va + k), x0, acc0);
            acc1 = Fma.MultiplyAdd(Avx.LoadVector256(va + k + 4), x1, acc1);
        }
        double s = Vector256.Sum(acc0 + acc1);
        return s + ShortRow(ci, va, x, ref k, end);
    }

    /// <summary>
    /// y = A^T x for a CSR matrix A with <paramref name="rowCount"/> rows; y has A's column count.
    /// Scatters row by row, so it is serial.
    /// </summary>
    public static void MultiplyTranspose(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> x, Span<double> y, int rowCount)
    {
        y.Clear();
        for (int i = 0; i < rowCount; i++)
        {
            double xi = x[i];
            if (xi == 0) continue;
            for (int k = rowPointers[i]; k < rowPointers[i + 1]; k++)
                y[columnIndices[k]] += values[k] * xi;
        }
    }
}
