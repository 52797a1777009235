using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Solvers.Transport.Kernels;

/// <summary>
/// Row kernels of the transport solvers on dense rows: Gibbs-kernel rows exp(shift + p_j - C_j / reg) with
/// underflow flushed to zero, the fused Sinkhorn row step, axpy/add/max helpers and the reduced-cost scan of
/// the network simplex. Allocation-free; each has a scalar reference used by the tests.
/// </summary>
/// <remarks>
/// These loops are hand-written with <see cref="Vector256{T}"/> and marked for full optimisation from the first
/// call: the solvers spend their whole run in them, and a call into a generic library routine is first
/// compiled unoptimised (tier 0), which costs up to a second of a short solve. The exponential is a
/// Cody–Waite reduction x = k ln 2 + r, |r| &lt;= ln2 / 2, and a degree-13 Taylor polynomial for e^r (truncation
/// below 1e-17), scaled by 2^k through the exponent bits; a few ulp from Math.Exp. Exponents below
/// <see cref="FlushExponent"/> give exactly 0, so no later product runs into subnormal arithmetic; the mass
/// lost is below e^-650 per entry.
/// </remarks>
public static class DenseKernels
{
    /// <summary>Exponents below this give 0 in <see cref="GibbsRow"/> (e^-650 is about 5e-283).</summary>
    public const double FlushExponent = -650.0;

    private const double MaxExponent = 709.0;
    private const double InvLn2 = 1.4426950408889634074;
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double RoundShift = 6755399441055744.0; // 1.5 * 2^52

    /// <summary>
    /// dest_j = exp(shift + p_j - invReg * cost_j), or 0 where that exponent is below
    /// <see cref="FlushExponent"/>; returns sum_j dest_j.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double GibbsRow(ReadOnlySpan<double> cost, ReadOnlySpan<double> p, double shift, double invReg, Span<double> dest)
    {
        int m = cost.Length;
        if (p.Length != m || dest.Length != m) throw new ArgumentException("Cost row, potential and destination must have the same length.");
        int j = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double cr = ref MemoryMarshal.GetReference(cost);
            ref double pr = ref MemoryMarshal.GetReference(p);
            ref double dr = ref MemoryMarshal.GetReference(dest);
            var vShift = Vector256.Create(shift);
            var vNegInv = Vector256.Create(-invReg);
            var acc = Vector256<double>.Zero;
            for (; j + 4 <= m; j += 4)
            {
                var x = Vector256.FusedMultiplyAdd(vNegInv, Vector256.LoadUnsafe(ref cr, (nuint)j), Vector256.LoadUnsafe(ref pr, (nuint)j) + vShift);
                var e = ExpFlush(x);
                e.StoreUnsafe(ref dr, (nuint)j);
                acc += e;
            }
            sum = Vector256.Sum(acc);
        }
        for (; j < m; j++)
        {
            double e = ExpFlush(shift + p[j] - invReg * cost[j]);
            dest[j] = e;
            sum += e;
        }
        return sum;
    }

    /// <summary>Scalar reference of <see cref="GibbsRow"/> (Math.Exp).</summary>
    public static double GibbsRowReference(ReadOnlySpan<double> cost, ReadOnlySpan<double> p, double shift, double invReg, Span<double> dest)
    {
        double sum = 0;
        for (int j = 0; j < cost.Length; j++)
        {
            double x = shift + p[j] - invReg * cost[j];
            dest[j] = x >= FlushExponent ? Math.Exp(x) : 0.0;
            sum += dest[j];
        }
        return sum;
    }

    /// <summary>e^x for every lane, 0 below <see cref="FlushExponent"/>, +Inf above 709, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ExpFlush(Vector256<double> x)
    {
        var inRange = Vector256.GreaterThanOrEqual(x, Vector256.Create(FlushExponent)) & Vector256.LessThanOrEqual(x, Vector256.Create(MaxExponent));
        if (Vector256.EqualsAll(inRange.AsInt64(), Vector256<long>.AllBitsSet)) return ExpCore(x);
        // Rare: some lane out of range or NaN.
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(FlushExponent)), Vector256.Create(MaxExponent));
        var e = Vector256.ConditionalSelect(inRange, ExpCore(clamped), Vector256<double>.Zero);
        var high = Vector256.GreaterThan(x, Vector256.Create(MaxExponent));
        e = Vector256.ConditionalSelect(high, Vector256.Create(double.PositiveInfinity), e);
        var nan = ~Vector256.Equals(x, x);
        return Vector256.ConditionalSelect(nan, x, e);
    }

    /// <summary>Scalar e^x with the same flush rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExpFlush(double x) => x >= FlushExponent ? Math.Exp(x) : (double.IsNaN(x) ? x : 0.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpCore(Vector256<double> x)
    {
        var shiftV = Vector256.Create(RoundShift);
        var t = Vector256.FusedMultiplyAdd(x, Vector256.Create(InvLn2), shiftV);
        var k = t - shiftV;
        var ki = t.AsInt64() - shiftV.AsInt64();
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Lo), r);
        // e^r = sum_{q=0}^{13} r^q / q!, Horner.
        var poly = Vector256.Create(1.0 / 6227020800.0);
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 479001600.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 39916800.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 3628800.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 362880.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 40320.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 5040.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 720.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 120.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 24.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(1.0 / 6.0));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256.Create(0.5));
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256<double>.One);
        poly = Vector256.FusedMultiplyAdd(poly, r, Vector256<double>.One);
        // 2^k: k in [-938, 1023] here, so (k + 1023) << 52 is a normal double. Split as 2^(k/2) 2^(k - k/2)
        // would allow a wider range; it is not needed after the clamp.
        var scale = Vector256.ShiftLeft(ki + Vector256.Create(1023L), 52).AsDouble();
        return poly * scale;
    }

    /// <summary>
    /// log sum_j exp(p_j - invReg * cost_j), computed stably (shifted by the maximum); <paramref name="work"/>
    /// (length m) is overwritten. Returns -Infinity for an empty row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double LogSumExp(ReadOnlySpan<double> cost, ReadOnlySpan<double> p, double invReg, Span<double> work)
    {
        if (cost.Length == 0) return double.NegativeInfinity;
        double max = MaxAffine(cost, p, invReg);
        if (double.IsNegativeInfinity(max) || double.IsNaN(max)) return max;
        double sum = GibbsRow(cost, p, -max, invReg, work);
        return max + Math.Log(sum);
    }

    /// <summary>max_j (p_j - invReg * cost_j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MaxAffine(ReadOnlySpan<double> cost, ReadOnlySpan<double> p, double invReg)
    {
        int m = cost.Length;
        if (p.Length != m) throw new ArgumentException("Cost row and potential must have the same length.");
        int j = 0;
        double max = double.NegativeInfinity;
        if (Vector256.IsHardwareAccelerated && m >= 4)
        {
            ref double cr = ref MemoryMarshal.GetReference(cost);
            ref double pr = ref MemoryMarshal.GetReference(p);
            var vNegInv = Vector256.Create(-invReg);
            var acc = Vector256.Create(double.NegativeInfinity);
            for (; j + 4 <= m; j += 4)
                acc = Vector256.Max(acc, Vector256.FusedMultiplyAdd(vNegInv, Vector256.LoadUnsafe(ref cr, (nuint)j), Vector256.LoadUnsafe(ref pr, (nuint)j)));
            for (int q = 0; q < 4; q++) max = Math.Max(max, acc.GetElement(q));
        }
        for (; j < m; j++) max = Math.Max(max, p[j] - invReg * cost[j]);
        return max;
    }

    /// <summary>target_j = max(target_j, shift - invReg * cost_j) (a running column maximum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxAffineInto(ReadOnlySpan<double> cost, double shift, double invReg, Span<double> target)
    {
        int m = cost.Length;
        if (target.Length != m) throw new ArgumentException("Cost row and target must have the same length.");
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double cr = ref MemoryMarshal.GetReference(cost);
            ref double tr = ref MemoryMarshal.GetReference(target);
            var vNegInv = Vector256.Create(-invReg);
            var vShift = Vector256.Create(shift);
            for (; j + 4 <= m; j += 4)
                Vector256.Max(Vector256.LoadUnsafe(ref tr, (nuint)j), Vector256.FusedMultiplyAdd(vNegInv, Vector256.LoadUnsafe(ref cr, (nuint)j), vShift))
                    .StoreUnsafe(ref tr, (nuint)j);
        }
        for (; j < m; j++) target[j] = Math.Max(target[j], shift - invReg * cost[j]);
    }

    /// <summary>
    /// The fused Sinkhorn row step: s = kernel . v; when s lies in (lower, upper), u = weight / s and
    /// accumulator += u * kernel. Returns s; out of range nothing is accumulated and u is untouched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ScaleRowAndAccumulate(ReadOnlySpan<double> kernel, ReadOnlySpan<double> v, double weight,
        double lower, double upper, ref double u, Span<double> accumulator)
    {
        double s = Dot(kernel, v);
        if (!(s > lower && s < upper)) return s;
        u = weight / s;
        Axpy(u, kernel, accumulator);
        return s;
    }

    /// <summary>Scalar reference of <see cref="ScaleRowAndAccumulate"/>.</summary>
    public static double ScaleRowAndAccumulateReference(ReadOnlySpan<double> kernel, ReadOnlySpan<double> v, double weight,
        double lower, double upper, ref double u, Span<double> accumulator)
    {
        double s = 0;
        for (int j = 0; j < kernel.Length; j++) s += kernel[j] * v[j];
        if (!(s > lower && s < upper)) return s;
        u = weight / s;
        for (int j = 0; j < kernel.Length; j++) accumulator[j] += u * kernel[j];
        return s;
    }

    /// <summary>x . y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int m = x.Length;
        if (y.Length != m) throw new ArgumentException("Vectors must have the same length.");
        int j = 0;
        double s = 0;
        if (Vector256.IsHardwareAccelerated && m >= 8)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            var a0 = Vector256<double>.Zero;
            var a1 = a0;
            for (; j + 8 <= m; j += 8)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)j), Vector256.LoadUnsafe(ref yr, (nuint)j), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)(j + 4)), Vector256.LoadUnsafe(ref yr, (nuint)(j + 4)), a1);
            }
            s = Vector256.Sum(a0 + a1);
        }
        for (; j < m; j++) s += x[j] * y[j];
        return s;
    }

    /// <summary>y += alpha x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int m = x.Length;
        if (y.Length != m) throw new ArgumentException("Vectors must have the same length.");
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            var va = Vector256.Create(alpha);
            for (; j + 4 <= m; j += 4)
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)j), va, Vector256.LoadUnsafe(ref yr, (nuint)j)).StoreUnsafe(ref yr, (nuint)j);
        }
        for (; j < m; j++) y[j] += alpha * x[j];
    }

    /// <summary>y += x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<double> x, Span<double> y)
    {
        int m = x.Length;
        if (y.Length != m) throw new ArgumentException("Vectors must have the same length.");
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            for (; j + 4 <= m; j += 4)
                (Vector256.LoadUnsafe(ref xr, (nuint)j) + Vector256.LoadUnsafe(ref yr, (nuint)j)).StoreUnsafe(ref yr, (nuint)j);
        }
        for (; j < m; j++) y[j] += x[j];
    }

    /// <summary>row_j = alpha * row_j * v_j (the plan diag(u) K diag(v), one row): <see cref="ScaleRowAndSum"/> without the sum.</summary>
    public static void ScaleRow(double alpha, ReadOnlySpan<double> v, Span<double> row) => ScaleRowAndSum(alpha, v, row);

    /// <summary>row_j = alpha * row_j * v_j; returns the new sum_j row_j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ScaleRowAndSum(double alpha, ReadOnlySpan<double> v, Span<double> row)
    {
        int m = row.Length;
        if (v.Length != m) throw new ArgumentException("Vectors must have the same length.");
        int j = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double vr = ref MemoryMarshal.GetReference(v);
            ref double rr = ref MemoryMarshal.GetReference(row);
            var va = Vector256.Create(alpha);
            var acc = Vector256<double>.Zero;
            for (; j + 4 <= m; j += 4)
            {
                var p = Vector256.LoadUnsafe(ref rr, (nuint)j) * Vector256.LoadUnsafe(ref vr, (nuint)j) * va;
                p.StoreUnsafe(ref rr, (nuint)j);
                acc += p;
            }
            sum = Vector256.Sum(acc);
        }
        for (; j < m; j++)
        {
            row[j] = row[j] * v[j] * alpha;
            sum += row[j];
        }
        return sum;
    }

    /// <summary>sum_j x_j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ReadOnlySpan<double> x)
    {
        int m = x.Length;
        int j = 0;
        double s = 0;
        if (Vector256.IsHardwareAccelerated && m >= 8)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            var a0 = Vector256<double>.Zero;
            var a1 = a0;
            for (; j + 8 <= m; j += 8)
            {
                a0 += Vector256.LoadUnsafe(ref xr, (nuint)j);
                a1 += Vector256.LoadUnsafe(ref xr, (nuint)(j + 4));
            }
            s = Vector256.Sum(a0 + a1);
        }
        for (; j < m; j++) s += x[j];
        return s;
    }

    /// <summary>
    /// min_j (cost_j - potential_j) and the first j attaining it (-1 for an empty row). The network simplex
    /// prices a row with it: the reduced cost of arc (i, j) is cost_j + y_i - potential_j.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MinDifference(ReadOnlySpan<double> cost, ReadOnlySpan<double> potential, out int index)
    {
        double best = MinDifferenceValue(cost, potential);
        index = -1;
        for (int k = 0; k < cost.Length; k++)
            if (cost[k] - potential[k] == best) { index = k; break; }
        return best;
    }

    /// <summary>Scalar reference of <see cref="MinDifference"/>.</summary>
    public static double MinDifferenceReference(ReadOnlySpan<double> cost, ReadOnlySpan<double> potential, out int index)
    {
        double best = double.PositiveInfinity;
        index = -1;
        for (int j = 0; j < cost.Length; j++)
        {
            double d = cost[j] - potential[j];
            if (d < best) { best = d; index = j; }
        }
        return best;
    }

    /// <summary>min_j (cost_j - potential_j) without its position (+Infinity for an empty row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MinDifferenceValue(ReadOnlySpan<double> cost, ReadOnlySpan<double> potential)
    {
        int m = cost.Length;
        if (potential.Length != m) throw new ArgumentException("Cost row and potential must have the same length.");
        double best = double.PositiveInfinity;
        int j = 0;
        if (Vector256.IsHardwareAccelerated && m >= 8)
        {
            ref double cr = ref MemoryMarshal.GetReference(cost);
            ref double pr = ref MemoryMarshal.GetReference(potential);
            var min0 = Vector256.Create(double.PositiveInfinity);
            var min1 = min0;
            for (; j + 8 <= m; j += 8)
            {
                min0 = Vector256.Min(min0, Vector256.LoadUnsafe(ref cr, (nuint)j) - Vector256.LoadUnsafe(ref pr, (nuint)j));
                min1 = Vector256.Min(min1, Vector256.LoadUnsafe(ref cr, (nuint)(j + 4)) - Vector256.LoadUnsafe(ref pr, (nuint)(j + 4)));
            }
            var min = Vector256.Min(min0, min1);
            for (int k = 0; k < 4; k++) best = Math.Min(best, min.GetElement(k));
        }
        for (; j < m; j++) best = Math.Min(best, cost[j] - potential[j]);
        return best;
    }

    /// <summary>acc_j += (y_j - x)^2 (one coordinate of a squared-distance row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateSquaredDifference(double x, ReadOnlySpan<double> y, Span<double> acc)
    {
        int m = y.Length;
        if (acc.Length != m) throw new ArgumentException("Vectors must have the same length.");
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double yr = ref MemoryMarshal.GetReference(y);
            ref double ar = ref MemoryMarshal.GetReference(acc);
            var vx = Vector256.Create(x);
            for (; j + 4 <= m; j += 4)
            {
                var d = Vector256.LoadUnsafe(ref yr, (nuint)j) - vx;
                Vector256.FusedMultiplyAdd(d, d, Vector256.LoadUnsafe(ref ar, (nuint)j)).StoreUnsafe(ref ar, (nuint)j);
            }
        }
        for (; j < m; j++)
        {
            double d = y[j] - x;
            acc[j] += d * d;
        }
    }

    /// <summary>x_j = sqrt(x_j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SqrtInPlace(Span<double> x)
    {
        int m = x.Length;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            for (; j + 4 <= m; j += 4) Vector256.Sqrt(Vector256.LoadUnsafe(ref xr, (nuint)j)).StoreUnsafe(ref xr, (nuint)j);
        }
        for (; j < m; j++) x[j] = Math.Sqrt(x[j]);
    }

    /// <summary>max_j |x_j|, or NaN when some entry is NaN or infinite (one pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MaxAbsOrNaN(ReadOnlySpan<double> x)
    {
        double max = 0;
        bool finite = true;
        foreach (double v in x)
        {
            double a = Math.Abs(v);
            finite &= a <= double.MaxValue;
            max = a > max ? a : max;
        }
        return finite ? max : double.NaN;
    }

    /// <summary>x_j *= alpha.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(double alpha, Span<double> x)
    {
        for (int j = 0; j < x.Length; j++) x[j] *= alpha;
    }

    /// <summary>columnMax_j = max(columnMax_j, row_j); returns max_j row_j (-Infinity for an empty row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double RowMaxAndColumnMax(ReadOnlySpan<double> row, Span<double> columnMax)
    {
        int m = row.Length;
        if (columnMax.Length != m) throw new ArgumentException("Vectors must have the same length.");
        int j = 0;
        double max = double.NegativeInfinity;
        if (Vector256.IsHardwareAccelerated && m >= 4)
        {
            ref double rr = ref MemoryMarshal.GetReference(row);
            ref double cr = ref MemoryMarshal.GetReference(columnMax);
            var acc = Vector256.Create(double.NegativeInfinity);
            for (; j + 4 <= m; j += 4)
            {
                var v = Vector256.LoadUnsafe(ref rr, (nuint)j);
                acc = Vector256.Max(acc, v);
                Vector256.Max(Vector256.LoadUnsafe(ref cr, (nuint)j), v).StoreUnsafe(ref cr, (nuint)j);
            }
            for (int q = 0; q < 4; q++) max = Math.Max(max, acc.GetElement(q));
        }
        for (; j < m; j++)
        {
            max = Math.Max(max, row[j]);
            columnMax[j] = Math.Max(columnMax[j], row[j]);
        }
        return max;
    }

    /// <summary>
    /// Appends to (<paramref name="indices"/>, <paramref name="values"/>) from position <paramref name="count"/> every
    /// j with row_j &gt; 0 and row_j &gt;= min(rowThreshold, columnThreshold_j); returns the new count. The buffers
    /// must have room for m more entries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int SelectAtLeast(ReadOnlySpan<double> row, ReadOnlySpan<double> columnThreshold, double rowThreshold,
        Span<int> indices, Span<double> values, int count)
    {
        int m = row.Length;
        if (columnThreshold.Length != m) throw new ArgumentException("Vectors must have the same length.");
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double rr = ref MemoryMarshal.GetReference(row);
            ref double tr = ref MemoryMarshal.GetReference(columnThreshold);
            var vRow = Vector256.Create(rowThreshold);
            for (; j + 4 <= m; j += 4)
            {
                var v = Vector256.LoadUnsafe(ref rr, (nuint)j);
                var threshold = Vector256.Min(Vector256.LoadUnsafe(ref tr, (nuint)j), vRow);
                uint bits = (Vector256.GreaterThanOrEqual(v, threshold) & Vector256.GreaterThan(v, Vector256<double>.Zero)).ExtractMostSignificantBits();
                while (bits != 0)
                {
                    int q = System.Numerics.BitOperations.TrailingZeroCount(bits);
                    indices[count] = j + q;
                    values[count++] = row[j + q];
                    bits &= bits - 1;
                }
            }
        }
        for (; j < m; j++)
        {
            double v = row[j];
            if (v > 0 && v >= Math.Min(rowThreshold, columnThreshold[j]))
            {
                indices[count] = j;
                values[count++] = v;
            }
        }
        return count;
    }
}
