using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Solvers.Linear.Kernels;

/// <summary>
/// Level-1 vector kernels used by the solvers. Reductions (dot, norm) delegate to <see cref="TensorPrimitives"/>;
/// element-wise updates, and the fused updates that TensorPrimitives has no single call for, are written here with
/// <see cref="Vector512{T}"/>/<see cref="Vector256{T}"/>: the updates keep their output in cache (see the note above
/// <see cref="Axpy"/>), the fused ones do the work of two or three passes in one.
/// </summary>
/// <remarks>All kernels are allocation-free. NaN propagates as in IEEE arithmetic.</remarks>
public static class Blas1
{
    /// <summary>Dot product x·y.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => TensorPrimitives.Dot(x, y);

    /// <summary>Euclidean norm ||x||_2.</summary>
    public static double Norm2(ReadOnlySpan<double> x)
    {
        double norm = TensorPrimitives.Norm(x);
        // Inside this range no square can have overflowed and the sum of squares is a normal number; outside it the
        // plain sum may have under- or overflowed (a vector of 1e-300s has norm 0 in it, which would read as b = 0).
        return norm > 1e-150 && norm < 1e150 ? norm : ScaledNorm2(x, norm);
    }

    /// <summary>||x||_2 as max|x_i| * ||x / max|x_i|||_2 (LAPACK's nrm2 idea), for vectors at the ends of the range.</summary>
    private static double ScaledNorm2(ReadOnlySpan<double> x, double plain)
    {
        if (x.IsEmpty) return 0;
        double largest = Math.Abs(TensorPrimitives.MaxMagnitude(x));
        if (largest == 0 || !double.IsFinite(largest) || double.IsNaN(plain)) return double.IsNaN(largest) ? double.NaN : plain;
        double sum = 0;
        foreach (double v in x) { double t = v / largest; sum += t * t; }   // divide: 1 / largest overflows when it is subnormal
        return largest * Math.Sqrt(sum);
    }

    // The element-wise updates below store with ordinary (cached) stores instead of calling TensorPrimitives, which
    // writes outputs of more than 256 KB with non-temporal stores that bypass the cache: an iterative solver reads the
    // vector again in its next kernel, so on problems whose working set fits in L2/L3 (Poisson 256^2: 512 KB vectors,
    // 6 MB in all) such an update sent the vector back to memory (alternating builds there: CG 124-125 -> 106-108 ms,
    // Jacobi-PCG 137-138 -> 129-130 ms). Vectors longer than CachedStoreLimit go to TensorPrimitives after all: there the working set
    // is out of cache anyway and non-temporal stores save the read-for-ownership of a separate output (Jacobi-PCG on
    // Poisson 1024^2: 14.0-16.4 s with them, 15.3-16.0 s without). Stores start at a 32-byte boundary after a scalar
    // head, as TensorPrimitives aligns them. Each is bit for bit the unfused lane-wise expression TensorPrimitives
    // computes, so the two paths agree exactly.

    /// <summary>Longest vector (2 MB of doubles) updated with cached stores; longer ones use TensorPrimitives.</summary>
    private const int CachedStoreLimit = 1 << 18;

    /// <summary>y = y + alpha x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y) => Update<MultiplyAdd>(x, y, y, alpha);

    /// <summary>y = x + beta y (the CG direction update p = z + beta p).</summary>
    public static void Xpby(ReadOnlySpan<double> x, double beta, Span<double> y) => Update<MultiplyAdd>(y, x, y, beta);

    /// <summary>x = alpha x.</summary>
    public static void Scale(double alpha, Span<double> x) => Update<ScaleBy>(x, x, x, alpha);

    /// <summary>z = x - y.</summary>
    public static void Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z) => Update<Difference>(x, y, z, 0);

    /// <summary>z = x ⊙ y (element-wise product, e.g. a diagonal preconditioner).</summary>
    public static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z) => Update<Product>(x, y, z, 0);

    /// <summary>dest = TOp(a, b, c) element-wise: our cached stores up to <see cref="CachedStoreLimit"/>, TensorPrimitives above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Update<TOp>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dest, double c)
        where TOp : struct, IElementOp
    {
        int n = a.Length;
        if (b.Length != n || dest.Length != n)
            throw new ArgumentException($"Vectors have lengths {n}, {b.Length} and {dest.Length}; they must be equal.");
        if (n > CachedStoreLimit)
        {
            TOp.Large(a, b, dest, c);
            return;
        }
        fixed (double* ap = a)
        fixed (double* bp = b)
        fixed (double* dp = dest)
            ElementWise<TOp>(ap, bp, dp, n, c);
    }

    /// <summary>
    /// dest_i = TOp(a_i, b_i, c); a scalar head brings dest to a vector boundary so that no store splits a cache line
    /// (a span that is not 8-byte aligned skips it). dest may alias a or b. 256-bit, not 512-bit, vectors: on this Zen 4
    /// the SpMV that reads p right after a 512-bit Xpby ran 42% slower (1138_bus CG 6.9 -> 10.3 ms; with 256-bit
    /// stores 6.9-7.8 ms), the narrow loads apparently waiting on the wide stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ElementWise<TOp>(double* a, double* b, double* dest, int n, double c) where TOp : struct, IElementOp
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && n >= 2 * Vector256<double>.Count)
        {
            int head = ((nuint)dest & 7) == 0 ? (int)((32 - ((nuint)dest & 31)) & 31) / sizeof(double) : 0;
            for (; i < head; i++) dest[i] = TOp.Apply(a[i], b[i], c);
            var vc = Vector256.Create(c);
            for (; i + Vector256<double>.Count <= n; i += Vector256<double>.Count)
                TOp.Apply(Vector256.Load(a + i), Vector256.Load(b + i), vc).Store(dest + i);
        }
        for (; i < n; i++) dest[i] = TOp.Apply(a[i], b[i], c);
    }

    private interface IElementOp
    {
        static abstract double Apply(double a, double b, double c);
        static abstract Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c);
        /// <summary>The same on vectors above <see cref="CachedStoreLimit"/>, by TensorPrimitives.</summary>
        static abstract void Large(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dest, double c);
    }

    /// <summary>a c + b, unfused (as TensorPrimitives.MultiplyAdd).</summary>
    private readonly struct MultiplyAdd : IElementOp
    {
        public static double Apply(double a, double b, double c) => a * c + b;
        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c) => a * c + b;
        public static void Large(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dest, double c) => TensorPrimitives.MultiplyAdd(a, c, b, dest);
    }

    private readonly struct ScaleBy : IElementOp
    {
        public static double Apply(double a, double b, double c) => a * c;
        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c) => a * c;
        public static void Large(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dest, double c) => TensorPrimitives.Multiply(a, c, dest);
    }

    private readonly struct Difference : IElementOp
    {
        public static double Apply(double a, double b, double c) => a - b;
        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c) => a - b;
        public static void Large(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dest, double c) => TensorPrimitives.Subtract(a, b, dest);
    }

    private readonly struct Product : IElementOp
    {
        public static double Apply(double a, double b, double c) => a * b;
        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c) => a * b;
        public static void Large(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dest, double c) => TensorPrimitives.Multiply(a, b, dest);
    }

    /// <summary>
    /// The fused CG update: x += alpha p, r -= alpha q, and returns r·r in the same pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double CgUpdate(double alpha, ReadOnlySpan<double> p, ReadOnlySpan<double> q, Span<double> x, Span<double> r)
    {
        int n = x.Length;
        if (p.Length != n || q.Length != n || r.Length != n)
            throw new ArgumentException("All vectors must have the same length.");
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<double>.Count)
        {
            var a = Vector512.Create(alpha);
            var acc0 = Vector512<double>.Zero;
            var acc1 = Vector512<double>.Zero;
            ref double xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref double rr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(r);
            ref double pr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(p);
            ref double qr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(q);
            int w = Vector512<double>.Count;
            for (; i + 2 * w <= n; i += 2 * w)
            {
                var x0 = Vector512.FusedMultiplyAdd(a, Vector512.LoadUnsafe(ref pr, (nuint)i), Vector512.LoadUnsafe(ref xr, (nuint)i));
                var x1 = Vector512.FusedMultiplyAdd(a, Vector512.LoadUnsafe(ref pr, (nuint)(i + w)), Vector512.LoadUnsafe(ref xr, (nuint)(i + w)));
                var r0 = Vector512.FusedMultiplyAdd(-a, Vector512.LoadUnsafe(ref qr, (nuint)i), Vector512.LoadUnsafe(ref rr, (nuint)i));
                var r1 = Vector512.FusedMultiplyAdd(-a, Vector512.LoadUnsafe(ref qr, (nuint)(i + w)), Vector512.LoadUnsafe(ref rr, (nuint)(i + w)));
                x0.StoreUnsafe(ref xr, (nuint)i);
                x1.StoreUnsafe(ref xr, (nuint)(i + w));
                r0.StoreUnsafe(ref rr, (nuint)i);
                r1.StoreUnsafe(ref rr, (nuint)(i + w));
                acc0 = Vector512.FusedMultiplyAdd(r0, r0, acc0);
                acc1 = Vector512.FusedMultiplyAdd(r1, r1, acc1);
            }
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            var a = Vector256.Create(alpha);
            var acc = Vector256<double>.Zero;
            ref double xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref double rr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(r);
            ref double pr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(p);
            ref double qr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(q);
            int w = Vector256<double>.Count;
            for (; i + w <= n; i += w)
            {
                var x0 = Vector256.FusedMultiplyAdd(a, Vector256.LoadUnsafe(ref pr, (nuint)i), Vector256.LoadUnsafe(ref xr, (nuint)i));
                var r0 = Vector256.FusedMultiplyAdd(-a, Vector256.LoadUnsafe(ref qr, (nuint)i), Vector256.LoadUnsafe(ref rr, (nuint)i));
                x0.StoreUnsafe(ref xr, (nuint)i);
                r0.StoreUnsafe(ref rr, (nuint)i);
                acc = Vector256.FusedMultiplyAdd(r0, r0, acc);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++)
        {
            x[i] += alpha * p[i];
            double ri = r[i] - alpha * q[i];
            r[i] = ri;
            sum += ri * ri;
        }
        return sum;
    }

    /// <summary>Scalar reference of <see cref="CgUpdate"/>.</summary>
    public static double CgUpdateReference(double alpha, ReadOnlySpan<double> p, ReadOnlySpan<double> q, Span<double> x, Span<double> r)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += alpha * p[i];
            r[i] -= alpha * q[i];
            sum += r[i] * r[i];
        }
        return sum;
    }

    /// <summary>True when every entry is finite (no NaN, no ±Inf).</summary>
    public static bool AllFinite(ReadOnlySpan<double> x) => FirstNonFinite(x) < 0;

    /// <summary>Index of the first NaN or ±Inf entry, or -1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<double> x)
    {
        for (int i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i])) return i;
        return -1;
    }
}
