using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Solvers.Linear.Kernels;

/// <summary>
/// Dense block kernels of the supernodal factorisations, on column-major blocks addressed by a leading dimension
/// (entry (i, j) of a block X with leading dimension ldx is X[i + j * ldx], as in BLAS).
/// </summary>
/// <remarks>
/// The update C -= A B^T is organised as in GotoBLAS/BLIS (K. Goto and R. van de Geijn, "Anatomy of high-performance
/// matrix multiplication", ACM TOMS 34(3), 2008): A and B are copied into contiguous panels of
/// <see cref="MicroRows"/> rows and <see cref="MicroColumns"/> columns (zero-padded), in slices of depth
/// <see cref="DepthBlock"/> so that a B panel stays in L1 and a slice of A in L2, and a register-blocked micro-kernel
/// keeps an 8 x 6 block of C in twelve <see cref="Vector256{T}"/> accumulators updated by fused multiply-adds.
/// The packing buffers are per thread and grow on demand, so steady-state calls allocate nothing.
/// </remarks>
public static class DenseKernels
{
    /// <summary>Rows of C per micro-kernel call.</summary>
    public const int MicroRows = 8;

    /// <summary>Columns of C per micro-kernel call.</summary>
    public const int MicroColumns = 6;

    /// <summary>Depth (inner dimension) of one packed slice.</summary>
    public const int DepthBlock = 256;

    /// <summary>Rows of A packed at a time.</summary>
    public const int RowBlock = 192;

    /// <summary>Updates with at most this many columns of C skip the packing (column axpys instead).</summary>
    private const int SmallColumns = 2;

    /// <summary>Updates with at most this many multiply-adds skip the packing.</summary>
    private const long SmallWork = 4096;

    [ThreadStatic] private static double[]? t_packedA;
    [ThreadStatic] private static double[]? t_packedB;

    /// <summary>
    /// C -= A B^T for an m x k block A, an n x k block B and an m x n block C (C = -A B^T when
    /// <paramref name="overwrite"/>). With <paramref name="lowerOnly"/> the caller needs only the entries with
    /// i &gt;= j: 8 x 6 tiles entirely above the diagonal are skipped, the rest are computed in full.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is too small, or a span is too short for its block.</exception>
    public static unsafe void MultiplySubtractTransposed(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        Span<double> c, int ldc, bool lowerOnly = false, bool overwrite = false)
    {
        CheckBlock(m, k, a.Length, lda, nameof(a));
        CheckBlock(n, k, b.Length, ldb, nameof(b));
        CheckBlock(m, n, c.Length, ldc, nameof(c));
        if (m == 0 || n == 0) return;
        fixed (double* ap = a)
        fixed (double* bp = b)
        fixed (double* cp = c)
            MultiplySubtractTransposed(m, n, k, ap, lda, bp, ldb, cp, ldc, lowerOnly, overwrite);
    }

    /// <summary>Scalar reference of <see cref="MultiplySubtractTransposed(int, int, int, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, Span{double}, int, bool, bool)"/> (all entries computed).</summary>
    public static void MultiplySubtractTransposedReference(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        Span<double> c, int ldc, bool overwrite = false)
    {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i + p * lda] * b[j + p * ldb];
                c[i + j * ldc] = (overwrite ? 0 : c[i + j * ldc]) - s;
            }
    }

    internal static void CheckBlock(int rows, int columns, int length, int ld, string name)
    {
        if (rows < 0 || columns < 0) throw new ArgumentException($"Block sizes must be non-negative; got {rows} x {columns}.", name);
        if (ld < Math.Max(1, rows)) throw new ArgumentException($"Leading dimension {ld} is less than the {rows} rows of the block.", name);
        if (rows > 0 && columns > 0 && (long)(columns - 1) * ld + rows > length)
            throw new ArgumentException($"A {rows} x {columns} block with leading dimension {ld} needs {(long)(columns - 1) * ld + rows} values; the span has {length}.", name);
    }

    /// <summary>Pointer form of the update, for the factorisations (no checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void MultiplySubtractTransposed(int m, int n, int k, double* a, int lda, double* b, int ldb, double* c, int ldc,
        bool lowerOnly, bool overwrite)
    {
        if (m <= 0 || n <= 0) return;
        if (k <= 0)
        {
            if (overwrite)
                for (int j = 0; j < n; j++) new Span<double>(c + (long)j * ldc, m).Clear();
            return;
        }
        if (n <= SmallColumns || (long)m * n * k <= SmallWork)
        {
            // Small updates (thin or tiny): column axpys straight from A, no packing.
            for (int j = 0; j < n; j++)
            {
                int first = lowerOnly ? Math.Min(j, m) : 0;
                int rows = m - first;
                double* cj = c + (long)j * ldc + first;
                if (overwrite) new Span<double>(cj, rows).Clear();
                if (rows == 0) continue;
                for (int p = 0; p < k; p++) Axpy(rows, -b[j + (long)p * ldb], a + first + (long)p * lda, cj);
            }
            return;
        }
        int panelsN = (n + MicroColumns - 1) / MicroColumns;
        int kcMax = Math.Min(k, DepthBlock);
        int needB = panelsN * MicroColumns * kcMax;
        int needA = ((Math.Min(m, RowBlock) + MicroRows - 1) / MicroRows) * MicroRows * kcMax;
        var packedB = t_packedB;
        if (packedB is null || packedB.Length < needB) t_packedB = packedB = new double[Math.Max(needB, 4096)];
        var packedA = t_packedA;
        if (packedA is null || packedA.Length < needA) t_packedA = packedA = new double[Math.Max(needA, 4096)];

        fixed (double* pb = packedB)
        fixed (double* pa = packedA)
        {
            for (int pc = 0; pc < k; pc += DepthBlock)
            {
                int kc = Math.Min(DepthBlock, k - pc);
                bool first = overwrite && pc == 0;
                PackB(n, kc, b + (long)pc * ldb, ldb, pb);
                for (int ic = 0; ic < m; ic += RowBlock)
                {
                    int mc = Math.Min(RowBlock, m - ic);
                    PackA(mc, kc, a + ic + (long)pc * lda, lda, pa);
                    for (int jp = 0; jp < panelsN; jp++)
                    {
                        int j0 = jp * MicroColumns;
                        int cols = Math.Min(MicroColumns, n - j0);
                        double* bPanel = pb + (long)jp * kc * MicroColumns;
                        for (int i0 = 0; i0 < mc; i0 += MicroRows)
                        {
                            int row = ic + i0;
                            if (lowerOnly && row + MicroRows <= j0) continue;
                            int rows = Math.Min(MicroRows, mc - i0);
                            double* cTile = c + row + (long)j0 * ldc;
                            double* aPanel = pa + (long)(i0 / MicroRows) * kc * MicroRows;
                            if (rows == MicroRows && cols == MicroColumns) Kernel8x6(kc, aPanel, bPanel, cTile, ldc, first);
                            else KernelEdge(kc, aPanel, bPanel, cTile, ldc, rows, cols, first);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies B[0:n, 0:kc] into panels of <see cref="MicroColumns"/> rows, depth-major, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB(int n, int kc, double* b, int ldb, double* packed)
    {
        for (int j0 = 0; j0 < n; j0 += MicroColumns)
        {
            int cols = Math.Min(MicroColumns, n - j0);
            double* dst = packed + (long)(j0 / MicroColumns) * kc * MicroColumns;
            double* src = b + j0;
            if (cols == MicroColumns)
            {
                for (int p = 0; p < kc; p++, src += ldb, dst += MicroColumns)
                {
                    dst[0] = src[0]; dst[1] = src[1]; dst[2] = src[2];
                    dst[3] = src[3]; dst[4] = src[4]; dst[5] = src[5];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++, src += ldb, dst += MicroColumns)
                    for (int jj = 0; jj < MicroColumns; jj++) dst[jj] = jj < cols ? src[jj] : 0.0;
            }
        }
    }

    /// <summary>Copies A[0:mc, 0:kc] into panels of <see cref="MicroRows"/> rows, depth-major, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackA(int mc, int kc, double* a, int lda, double* packed)
    {
        for (int i0 = 0; i0 < mc; i0 += MicroRows)
        {
            int rows = Math.Min(MicroRows, mc - i0);
            double* dst = packed + (long)(i0 / MicroRows) * kc * MicroRows;
            double* src = a + i0;
            if (rows == MicroRows)
            {
                for (int p = 0; p < kc; p++, src += lda, dst += MicroRows)
                {
                    Vector256.Store(Vector256.Load(src), dst);
                    Vector256.Store(Vector256.Load(src + 4), dst + 4);
                }
            }
            else
            {
                for (int p = 0; p < kc; p++, src += lda, dst += MicroRows)
                    for (int ii = 0; ii < MicroRows; ii++) dst[ii] = ii < rows ? src[ii] : 0.0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate(int kc, double* a, double* b,
        out Vector256<double> c00, out Vector256<double> c01, out Vector256<double> c10, out Vector256<double> c11,
        out Vector256<double> c20, out Vector256<double> c21, out Vector256<double> c30, out Vector256<double> c31,
        out Vector256<double> c40, out Vector256<double> c41, out Vector256<double> c50, out Vector256<double> c51)
    {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<double>.Zero;
        for (int p = 0; p < kc; p++)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + 4);
            var bv = Vector256.Create(b[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, bv, c00);
            c01 = Vector256.FusedMultiplyAdd(a1, bv, c01);
            bv = Vector256.Create(b[1]);
            c10 = Vector256.FusedMultiplyAdd(a0, bv, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, bv, c11);
            bv = Vector256.Create(b[2]);
            c20 = Vector256.FusedMultiplyAdd(a0, bv, c20);
            c21 = Vector256.FusedMultiplyAdd(a1, bv, c21);
            bv = Vector256.Create(b[3]);
            c30 = Vector256.FusedMultiplyAdd(a0, bv, c30);
            c31 = Vector256.FusedMultiplyAdd(a1, bv, c31);
            bv = Vector256.Create(b[4]);
            c40 = Vector256.FusedMultiplyAdd(a0, bv, c40);
            c41 = Vector256.FusedMultiplyAdd(a1, bv, c41);
            bv = Vector256.Create(b[5]);
            c50 = Vector256.FusedMultiplyAdd(a0, bv, c50);
            c51 = Vector256.FusedMultiplyAdd(a1, bv, c51);
            a += MicroRows;
            b += MicroColumns;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel8x6(int kc, double* a, double* b, double* c, int ldc, bool overwrite)
    {
        Accumulate(kc, a, b, out var c00, out var c01, out var c10, out var c11, out var c20, out var c21,
            out var c30, out var c31, out var c40, out var c41, out var c50, out var c51);
        Update(c, c00, c01, overwrite);
        Update(c + ldc, c10, c11, overwrite);
        Update(c + 2L * ldc, c20, c21, overwrite);
        Update(c + 3L * ldc, c30, c31, overwrite);
        Update(c + 4L * ldc, c40, c41, overwrite);
        Update(c + 5L * ldc, c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Update(double* c, Vector256<double> low, Vector256<double> high, bool overwrite)
    {
        if (overwrite)
        {
            Vector256.Store(-low, c);
            Vector256.Store(-high, c + 4);
        }
        else
        {
            Vector256.Store(Vector256.Load(c) - low, c);
            Vector256.Store(Vector256.Load(c + 4) - high, c + 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void KernelEdge(int kc, double* a, double* b, double* c, int ldc, int rows, int cols, bool overwrite)
    {
        Accumulate(kc, a, b, out var c00, out var c01, out var c10, out var c11, out var c20, out var c21,
            out var c30, out var c31, out var c40, out var c41, out var c50, out var c51);
        double* tile = stackalloc double[MicroRows * MicroColumns];
        Vector256.Store(c00, tile); Vector256.Store(c01, tile + 4);
        Vector256.Store(c10, tile + 8); Vector256.Store(c11, tile + 12);
        Vector256.Store(c20, tile + 16); Vector256.Store(c21, tile + 20);
        Vector256.Store(c30, tile + 24); Vector256.Store(c31, tile + 28);
        Vector256.Store(c40, tile + 32); Vector256.Store(c41, tile + 36);
        Vector256.Store(c50, tile + 40); Vector256.Store(c51, tile + 44);
        for (int j = 0; j < cols; j++)
        {
            double* cj = c + (long)j * ldc;
            double* tj = tile + j * MicroRows;
            if (overwrite) for (int i = 0; i < rows; i++) cj[i] = -tj[i];
            else for (int i = 0; i < rows; i++) cj[i] -= tj[i];
        }
    }

    /// <summary>y += alpha x over n entries (pointer form for the factorisations; fully optimised on first call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Axpy(int n, double alpha, double* x, double* y)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i + 8 <= n; i += 8)
            {
                Vector256.Store(Vector256.FusedMultiplyAdd(a, Vector256.Load(x + i), Vector256.Load(y + i)), y + i);
                Vector256.Store(Vector256.FusedMultiplyAdd(a, Vector256.Load(x + i + 4), Vector256.Load(y + i + 4)), y + i + 4);
            }
            for (; i + 4 <= n; i += 4)
                Vector256.Store(Vector256.FusedMultiplyAdd(a, Vector256.Load(x + i), Vector256.Load(y + i)), y + i);
        }
        for (; i < n; i++) y[i] = Math.FusedMultiplyAdd(alpha, x[i], y[i]);
    }

    /// <summary>x *= alpha over n entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Scale(int n, double alpha, double* x)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i + 4 <= n; i += 4) Vector256.Store(Vector256.Load(x + i) * a, x + i);
        }
        for (; i < n; i++) x[i] *= alpha;
    }

    /// <summary>x . y over n entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe double Dot(int n, double* x, double* y)
    {
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(x + i), Vector256.Load(y + i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(x + i + 4), Vector256.Load(y + i + 4), s1);
            }
            sum = Vector256.Sum(s0 + s1);
        }
        for (; i < n; i++) sum = Math.FusedMultiplyAdd(x[i], y[i], sum);
        return sum;
    }

    /// <summary>x[index[p]] += alpha * values[p] for p &lt; count (indices distinct): the sparse column update of LU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void ScatterAxpy(int count, double alpha, int* index, double* values, double* x)
    {
        int p = 0;
        for (; p + 4 <= count; p += 4)
        {
            int i0 = index[p], i1 = index[p + 1], i2 = index[p + 2], i3 = index[p + 3];
            double v0 = Math.FusedMultiplyAdd(alpha, values[p], x[i0]);
            double v1 = Math.FusedMultiplyAdd(alpha, values[p + 1], x[i1]);
            double v2 = Math.FusedMultiplyAdd(alpha, values[p + 2], x[i2]);
            double v3 = Math.FusedMultiplyAdd(alpha, values[p + 3], x[i3]);
            x[i0] = v0;
            x[i1] = v1;
            x[i2] = v2;
            x[i3] = v3;
        }
        for (; p < count; p++) x[index[p]] = Math.FusedMultiplyAdd(alpha, values[p], x[index[p]]);
    }
}
