using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Solvers.Linear.Kernels;

/// <summary>
/// Compressed-sparse-row matrix-vector products. Stateless and allocation-free; the matrix arrays
/// are taken as spans so that any CSR layout (ours, a caller's) can be used.
/// </summary>
/// <remarks>
/// SpMV is memory-bound: each stored entry costs 12 bytes (value + column index) and two flops. What
/// matters is keeping enough memory streams in flight (see <c>Sweep</c>); rows of eight or more entries
/// gather x with AVX2, short rows (stencils) use a plain loop, which measured faster here than unrolled
/// variants.
/// </remarks>
public static class SpMV
{
    /// <summary>y[rowStart..rowEnd) = (A x)[rowStart..rowEnd) for a CSR matrix.</summary>
    public static unsafe void Multiply(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> x, Span<double> y, int rowStart, int rowEnd)
    {
        if ((uint)rowStart > (uint)rowEnd || rowEnd > y.Length || rowPointers.Length <= rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowEnd), "Row range outside the matrix or the output vector.");
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* va = values)
        fixed (double* xp = x)
        fixed (double* yp = y)
            Sweep<NoDot>(rp, ci, va, xp, yp, rowStart, rowEnd);
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
            return Sweep<WithDot>(rp, ci, va, xp, yp, 0, n);
    }

    private interface IDotFlag
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct NoDot : IDotFlag
    {
        public static bool Enabled => false;
    }

    private readonly struct WithDot : IDotFlag
    {
        public static bool Enabled => true;
    }

    /// <summary>Rows below which the two-stream sweep is not worth its set-up.</summary>
    private const int InterleaveThreshold = 4096;

    /// <summary>
    /// Stored entries below which the matrix is served from cache and the two-stream sweep loses: measured here
    /// (Zen 4, 1 MiB L2, 32 MiB L3 shared by two cores) sequential rows were ~20% faster up to Poisson 440^2
    /// (0.97 M entries, 11.6 MB) and the two streams from Poisson 470^2 (1.1 M entries) on.
    /// </summary>
    private const int InterleaveMinEntries = 1 << 20;

    /// <summary>Prefetch distance in entries: ~2 KiB of values ahead of each stream.</summary>
    private const int PrefetchDistance = 256;

    /// <summary>
    /// The SpMV loop. Large ranges of a matrix too big for the caches are split in two halves swept in lock-step,
    /// each with software prefetch of its value and index streams: one core then has twice the independent memory
    /// streams in flight, which measured here (Zen 4, Poisson 1000^2) ~1.6x the throughput of a single row-by-row
    /// sweep. A matrix that fits in cache is swept in order (see <see cref="InterleaveMinEntries"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe double Sweep<TDot>(int* rp, int* ci, double* va, double* x, double* y, int rowStart, int rowEnd)
        where TDot : struct, IDotFlag
    {
        double dot0 = 0, dot1 = 0;
        int rows = rowEnd - rowStart;
        int i = rowStart;
        if (rows >= InterleaveThreshold && rp[rowEnd] - rp[rowStart] < InterleaveMinEntries)
        {
            // In cache: rows in order, but the dot split as the two-stream sweep splits it (first half, second
            // half, the odd last row with the first), so that p.q is bit for bit the same on either side of the
            // entry threshold.
            int half = rows / 2;
            int kk = rp[rowStart];
            for (; i < rowStart + half; i++)
            {
                double yi = RowSum(ci, va, x, ref kk, rp[i + 1]);
                y[i] = yi;
                if (TDot.Enabled) dot0 += x[i] * yi;
            }
            for (; i < rowStart + 2 * half; i++)
            {
                double yi = RowSum(ci, va, x, ref kk, rp[i + 1]);
                y[i] = yi;
                if (TDot.Enabled) dot1 += x[i] * yi;
            }
        }
        else if (rows >= InterleaveThreshold)
        {
            int half = rows / 2;
            int k0 = rp[rowStart], k1 = rp[rowStart + half];
            int i1 = rowStart + half;
            for (; i < rowStart + half; i++, i1++)
            {
                if (Sse.IsSupported)
                {
                    Sse.Prefetch0(va + k0 + PrefetchDistance);
                    Sse.Prefetch0(ci + k0 + PrefetchDistance);
                    Sse.Prefetch0(va + k1 + PrefetchDistance);
                    Sse.Prefetch0(ci + k1 + PrefetchDistance);
                }
                double y0 = RowSum(ci, va, x, ref k0, rp[i + 1]);
                double y1 = RowSum(ci, va, x, ref k1, rp[i1 + 1]);
                y[i] = y0;
                y[i1] = y1;
                if (TDot.Enabled)
                {
                    dot0 += x[i] * y0;
                    dot1 += x[i1] * y1;
                }
            }
            i = i1;
        }
        int k = rp[i];
        for (; i < rowEnd; i++)
        {
            double yi = RowSum(ci, va, x, ref k, rp[i + 1]);
            y[i] = yi;
            if (TDot.Enabled) dot0 += x[i] * yi;
        }
        return dot0 + dot1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double RowSum(int* ci, double* va, double* x, ref int k, int end) =>
        Avx2.IsSupported && Fma.IsSupported && end - k >= 8 ? LongRowAvx2(ci, va, x, ref k, end) : SimpleRow(ci, va, x, ref k, end);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double SimpleRow(int* ci, double* va, double* x, ref int k, int end)
    {
        double s = 0;
        for (; k < end; k++) s += va[k] * x[ci[k]];
        return s;
    }

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

    /// <summary>A row of eight or more entries: x collected four at a time, two accumulators.</summary>
    /// <remarks>
    /// x is collected with four scalar loads per vector rather than vgatherdpd: on this Zen 4 the gather is
    /// microcoded and slower (gr_30_30, 9 entries a row: 4.09 -> 3.55 us a product; crystm01: 51 -> 41 us);
    /// the lanes and the sums are the same, so the result is bit for bit that of the gather.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double LongRowAvx2(int* ci, double* va, double* x, ref int k, int end)
    {
        Vector256<double> acc0 = Vector256<double>.Zero, acc1 = Vector256<double>.Zero;
        for (; k + 8 <= end; k += 8)
        {
            Vector256<double> x0 = Vector256.Create(x[ci[k]], x[ci[k + 1]], x[ci[k + 2]], x[ci[k + 3]]);
            Vector256<double> x1 = Vector256.Create(x[ci[k + 4]], x[ci[k + 5]], x[ci[k + 6]], x[ci[k + 7]]);
            acc0 = Fma.MultiplyAdd(Avx.LoadVector256(va + k), x0, acc0);
            acc1 = Fma.MultiplyAdd(Avx.LoadVector256(va + k + 4), x1, acc1);
        }
        double s = Vector256.Sum(acc0 + acc1);
        return s + SimpleRow(ci, va, x, ref k, end);
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
