using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Solvers.Transport.Kernels;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// What the sparsification rules of <see cref="SparseHessian"/> need from a plan: the largest entry of every row
/// and column and a histogram of the entries (mass per bucket for <see cref="HessianSparsity.DroppedMass"/>, counts
/// for <see cref="HessianSparsity.Density"/>), gathered row by row in the passes that change the plan
/// (<see cref="PlanScaling"/>, SNS's in-place Sinkhorn iteration), when each row is still in cache, instead of in
/// separate passes over it.
/// The buckets are those of <c>SparseHessian.GlobalThreshold</c> and <c>SparseHessian.MassThreshold</c>, so
/// the thresholds are those from the plan up to the rounding of the bucket sums.
/// </summary>
/// <remarks>
/// The mass histogram is the costly part (a scattered add per entry). Two things keep it cheap on blurry
/// plans: entries below <see cref="LumpBelow"/> (chosen so that all of them together weigh well under the
/// dropped-mass budget) are only summed, vectorised, not bucketed; and neighbouring entries, which usually fall
/// in the same bucket, go to two histograms by lane parity, so consecutive adds do not wait on each other.
/// </remarks>
internal sealed class PlanStatistics
{
    private readonly double[]? _even, _odd;
    private readonly int _lowBucket;
    private int _highBucket;

    /// <param name="n">Rows of the plan.</param>
    /// <param name="m">Columns of the plan.</param>
    /// <param name="rule">The sparsification rule the statistics serve.</param>
    /// <param name="lumpBelow">DroppedMass rule: entries below this value (rounded down to a bucket boundary)
    /// are summed into <see cref="LumpedMass"/> instead of bucketed; 0 buckets every positive entry.</param>
    public PlanStatistics(int n, int m, HessianSparsity rule, double lumpBelow = 0)
    {
        RowMax = new double[n];
        ColumnMax = new double[m];
        if (rule == HessianSparsity.DroppedMass)
        {
            _even = new double[SparseHessian.Buckets];
            _odd = new double[SparseHessian.Buckets];
            _lowBucket = lumpBelow > 0 && double.IsFinite(lumpBelow) ? Math.Max(SparseHessian.Bucket(lumpBelow), 1) : 1;
            LumpBelow = BitConverter.UInt64BitsToDouble((ulong)_lowBucket << 48);
        }
        else if (rule == HessianSparsity.Density)
        {
            CountHistogram = new long[SparseHessian.Buckets];
        }
        _highBucket = 0;
    }

    /// <summary>
    /// A lump bound for plans of mass about <paramref name="mass"/>: all n m entries below it weigh at most a
    /// quarter of the dropped-mass budget <paramref name="fraction"/> x mass.
    /// </summary>
    public static double LumpFor(double fraction, double mass, int n, int m) => 0.25 * fraction * mass / ((double)n * m);

    public double[] RowMax { get; }

    public double[] ColumnMax { get; }

    /// <summary>Positive entries per bucket (Density rule), else null.</summary>
    public long[]? CountHistogram { get; }

    /// <summary>Entries below this (a bucket boundary) are lumped (DroppedMass rule).</summary>
    public double LumpBelow { get; }

    /// <summary>Sum of the positive entries below <see cref="LumpBelow"/>.</summary>
    public double LumpedMass { get; private set; }

    /// <summary>Sum of the positive entries (DroppedMass rule).</summary>
    public double PositiveMass { get; private set; }

    /// <summary>True once every row of the current plan was added.</summary>
    public bool IsComplete { get; private set; }

    public void Reset()
    {
        Array.Fill(ColumnMax, double.NegativeInfinity);
        if (_even is not null && _highBucket >= _lowBucket)
        {
            int length = _highBucket - _lowBucket + 1;
            Array.Clear(_even, _lowBucket, length);
            Array.Clear(_odd!, _lowBucket, length);
        }
        _highBucket = 0;
        if (CountHistogram is not null) Array.Clear(CountHistogram);
        PositiveMass = 0;
        LumpedMass = 0;
        IsComplete = false;
    }

    /// <summary>
    /// The DroppedMass threshold: the largest bucket boundary rho such that the entries below rho weigh at most
    /// <paramref name="fraction"/> of the positive mass (<see cref="double.MaxValue"/> when all of them do). When the
    /// lumped entries alone exceed that budget (a plan far lighter than the lump bound assumed), the smallest
    /// boundary: every positive entry is kept, so the budget still holds.
    /// </summary>
    public double MassThreshold(double fraction)
    {
        if (_even is null) throw new InvalidOperationException("No mass histogram: the statistics serve another rule.");
        double budget = fraction * PositiveMass;
        double dropped = LumpedMass;
        if (dropped > budget) return BitConverter.UInt64BitsToDouble(1UL << 48);
        var odd = _odd!;
        for (int bucket = _lowBucket; bucket <= _highBucket; bucket++)
        {
            double mass = _even[bucket] + odd[bucket];
            if (dropped + mass > budget) return BitConverter.UInt64BitsToDouble((ulong)bucket << 48);
            dropped += mass;
        }
        return double.MaxValue;
    }

    /// <summary>
    /// row *= t in place, columns += row, and the row's statistics, in one sweep; returns the row's sum (the plan is
    /// non-negative). The fused step of SNS's in-place Sinkhorn iteration.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double ScaleAddRow(int i, Span<double> row, double t, Span<double> columns)
    {
        if (_even is not null)
        {
            double sum = AddMassRow(row, t, columns, scaleAndAdd: true, out double max);
            RowMax[i] = max;
            if (i == RowMax.Length - 1) IsComplete = true;
            return sum;
        }
        if (t != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(row, t, row);
        double r = DenseKernels.Sum(row);
        DenseKernels.Add(row, columns);
        AddRow(i, row);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRow(int i, ReadOnlySpan<double> row)
    {
        if (_even is not null)
        {
            AddMassRow(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(row), row.Length), 1, default, scaleAndAdd: false, out double max);
            RowMax[i] = max;
        }
        else
        {
            RowMax[i] = DenseKernels.RowMaxAndColumnMax(row, ColumnMax);
            if (CountHistogram is { } counts)
            {
                foreach (double v in row)
                    if (v > 0) counts[SparseHessian.Bucket(v)]++;
            }
        }
        if (i == RowMax.Length - 1) IsComplete = true;
    }

    /// <summary>
    /// Row and column maxima, positive and lumped mass and the mass histogram of one row, in one pass; with
    /// <paramref name="scaleAndAdd"/>, the row is first scaled by <paramref name="t"/> in place and added into
    /// <paramref name="columns"/> (otherwise the row is only read). Returns the sum of the positive entries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double AddMassRow(Span<double> row, double t, Span<double> columns, bool scaleAndAdd, out double rowMax)
    {
        int m = row.Length;
        if (ColumnMax.Length != m || (scaleAndAdd && columns.Length != m)) throw new ArgumentException("Row and column arrays must have the same length.");
        var even = _even!;
        var odd = _odd!;
        double cutoff = LumpBelow;
        double max = double.NegativeInfinity, positive = 0, lumped = 0;
        int high = _highBucket;
        int j = 0;
        if (Vector256.IsHardwareAccelerated && m >= 4)
        {
            ref double rr = ref MemoryMarshal.GetReference(row);
            ref double cr = ref MemoryMarshal.GetReference(ColumnMax.AsSpan());
            ref double sr = ref MemoryMarshal.GetReference(columns);
            var vT = Vector256.Create(t);
            var vCut = Vector256.Create(cutoff);
            var zero = Vector256<double>.Zero;
            var vMax = Vector256.Create(double.NegativeInfinity);
            var vPositive = zero;
            var vLumped = zero;
            for (; j + 4 <= m; j += 4)
            {
                var v = Vector256.LoadUnsafe(ref rr, (nuint)j);
                if (scaleAndAdd)
                {
                    v *= vT;
                    v.StoreUnsafe(ref rr, (nuint)j);
                    (Vector256.LoadUnsafe(ref sr, (nuint)j) + v).StoreUnsafe(ref sr, (nuint)j);
                }
                vMax = Vector256.Max(vMax, v);
                Vector256.Max(Vector256.LoadUnsafe(ref cr, (nuint)j), v).StoreUnsafe(ref cr, (nuint)j);
                var isPositive = Vector256.GreaterThan(v, zero);
                var isBig = Vector256.GreaterThanOrEqual(v, vCut);
                vPositive += Vector256.ConditionalSelect(isPositive, v, zero);
                vLumped += Vector256.ConditionalSelect(Vector256.AndNot(isPositive, isBig), v, zero);
                uint bits = isBig.ExtractMostSignificantBits();
                while (bits != 0)
                {
                    int q = System.Numerics.BitOperations.TrailingZeroCount(bits);
                    double x = Unsafe.Add(ref rr, j + q);
                    int bucket = SparseHessian.Bucket(x);
                    if ((q & 1) == 0) even[bucket] += x;
                    else odd[bucket] += x;
                    high = Math.Max(high, bucket);
                    bits &= bits - 1;
                }
            }
            for (int q = 0; q < 4; q++) max = Math.Max(max, vMax.GetElement(q));
            positive = Vector256.Sum(vPositive);
            lumped = Vector256.Sum(vLumped);
        }
        for (; j < m; j++)
        {
            double v = row[j];
            if (scaleAndAdd)
            {
                v *= t;
                row[j] = v;
                columns[j] += v;
            }
            max = Math.Max(max, v);
            ColumnMax[j] = Math.Max(ColumnMax[j], v);
            if (!(v > 0)) continue;
            positive += v;
            if (v >= cutoff)
            {
                int bucket = SparseHessian.Bucket(v);
                even[bucket] += v;
                high = Math.Max(high, bucket);
            }
            else
            {
                lumped += v;
            }
        }
        PositiveMass += positive;
        LumpedMass += lumped;
        _highBucket = high;
        rowMax = max;
        return positive;
    }
}
