using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Solvers.Linear.Kernels;

/// <summary>
/// Level-1 vector kernels used by the solvers. Plain operations delegate to
/// <see cref="TensorPrimitives"/>; the fused updates that TensorPrimitives has no single call for are
/// written here with <see cref="Vector512{T}"/>/<see cref="Vector256{T}"/> so one pass over memory does
/// the work of two or three.
/// </summary>
/// <remarks>All kernels are allocation-free. NaN propagates as in IEEE arithmetic.</remarks>
public static class Blas1
{
    /// <summary>Dot product x·y.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => TensorPrimitives.Dot(x, y);

    /// <summary>Euclidean norm ||x||_2.</summary>
    public static double Norm2(ReadOnlySpan<double> x) => TensorPrimitives.Norm(x);

    /// <summary>y = y + alpha x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y) =>
        TensorPrimitives.MultiplyAdd(x, alpha, y, y);

    /// <summary>y = x + beta y (the CG direction update p = z + beta p).</summary>
    public static void Xpby(ReadOnlySpan<double> x, double beta, Span<double> y) =>
        TensorPrimitives.MultiplyAdd(y, beta, x, y);

    /// <summary>x = alpha x.</summary>
    public static void Scale(double alpha, Span<double> x) => TensorPrimitives.Multiply(x, alpha, x);

    /// <summary>z = x - y.</summary>
    public static void Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z) =>
        TensorPrimitives.Subtract(x, y, z);

    /// <summary>z = x ⊙ y (element-wise product, e.g. a diagonal preconditioner).</summary>
    public static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z) =>
        TensorPrimitives.Multiply(x, y, z);

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
