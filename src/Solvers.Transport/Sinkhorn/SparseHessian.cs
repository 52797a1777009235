using System.Runtime.CompilerServices;
using Solvers.Linear.Storage;
using Solvers.Transport.Kernels;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// The sparsified Newton matrix of SNS (Tang et al. 2024, §4): M = [diag(r), P_s; P_s^T, diag(c)] where r, c are
/// the full row and column sums of the plan P and P_s keeps only its largest entries. M is the negated dual
/// Hessian times reg, with the off-diagonal blocks sparsified; it stays positive semidefinite because
/// diag(r) dominates the rows of P_s (and likewise for columns).
/// </summary>
internal static class SparseHessian
{
    /// <summary>
    /// The keep rule of <paramref name="options"/> as per-row and per-column thresholds: P_ij is kept when it is
    /// &gt; 0 and &gt;= min(rowThreshold_i, columnThreshold_j) (<see cref="KeptPlan.Select"/>).
    /// </summary>
    public static void Thresholds(ReadOnlySpan<double> plan, int n, int m, SnsOptions options, Span<double> rowThreshold, Span<double> columnThreshold)
        => Thresholds(plan, n, m, options, null, rowThreshold, columnThreshold);

    /// <summary>
    /// As <see cref="Thresholds(ReadOnlySpan{double}, int, int, SnsOptions, Span{double}, Span{double})"/>, taking the
    /// row and column maxima and the histogram from <paramref name="statistics"/> (gathered with the plan) when given
    /// and complete, instead of passes over the plan; the thresholds are the same.
    /// </summary>
    public static void Thresholds(ReadOnlySpan<double> plan, int n, int m, SnsOptions options, PlanStatistics? statistics,
        Span<double> rowThreshold, Span<double> columnThreshold)
    {
        if (statistics is { IsComplete: true } && options.Sparsity != HessianSparsity.PerRowColumn)
        {
            double rho = options.Sparsity == HessianSparsity.DroppedMass
                ? statistics.MassThreshold(options.DroppedMass)
                : GlobalThreshold(statistics.CountHistogram!, DensityTarget(options, n, m));
            for (int i = 0; i < n; i++) rowThreshold[i] = Math.Min(statistics.RowMax[i], rho);
            for (int j = 0; j < m; j++) columnThreshold[j] = Math.Min(statistics.ColumnMax[j], rho);
            return;
        }
        if (options.Sparsity == HessianSparsity.PerRowColumn)
        {
            KthLargestPerRowAndColumn(plan, n, m, options.EntriesPerRow, rowThreshold, columnThreshold);
        }
        else if (options.Sparsity == HessianSparsity.DroppedMass)
        {
            double rho = MassThreshold(plan, options.DroppedMass);
            RowColumnMax(plan, n, m, rowThreshold, columnThreshold);
            for (int i = 0; i < n; i++) rowThreshold[i] = Math.Min(rowThreshold[i], rho);
            for (int j = 0; j < m; j++) columnThreshold[j] = Math.Min(columnThreshold[j], rho);
        }
        else
        {
            double rho = GlobalThreshold(plan, DensityTarget(options, n, m));
            // Each row's and column's largest entry is kept too: threshold min(rho, max).
            RowColumnMax(plan, n, m, rowThreshold, columnThreshold);
            for (int i = 0; i < n; i++) rowThreshold[i] = Math.Min(rowThreshold[i], rho);
            for (int j = 0; j < m; j++) columnThreshold[j] = Math.Min(columnThreshold[j], rho);
        }
    }

    /// <summary>Histogram buckets: the top 15 bits of a positive double (exponent and 4 mantissa bits).</summary>
    public const int Buckets = 1 << 15;

    /// <summary>The bucket of a positive double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bucket(double v) => (int)(BitConverter.DoubleToUInt64Bits(v) >> 48) & 0x7FFF;

    private static long DensityTarget(SnsOptions options, int n, int m)
    {
        long target = options.Density is { } d
            ? (long)Math.Ceiling(d * n * (double)m)
            : (long)options.EntriesPerRow * Math.Max(n, m);
        return Math.Clamp(target, 1, (long)n * m);
    }

    /// <summary>
    /// A value rho such that about <paramref name="target"/> entries are &gt;= rho: a histogram on the top 15
    /// bits of the doubles (exponent and 4 mantissa bits, a resolution of 2^(1/16)), then the bucket boundary.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double GlobalThreshold(ReadOnlySpan<double> plan, long target)
    {
        var counts = new long[Buckets];
        foreach (double v in plan)
            if (v > 0) counts[Bucket(v)]++;
        return GlobalThreshold(counts, target);
    }

    /// <summary><see cref="GlobalThreshold(ReadOnlySpan{double}, long)"/> from the bucket counts.</summary>
    internal static double GlobalThreshold(long[] counts, long target)
    {
        long cumulative = 0;
        for (int bucket = counts.Length - 1; bucket > 0; bucket--)
        {
            cumulative += counts[bucket];
            if (cumulative >= target) return BitConverter.UInt64BitsToDouble((ulong)bucket << 48);
        }
        return double.Epsilon;
    }

    /// <summary>
    /// The largest value rho (on the same 2^(1/16) grid as <see cref="GlobalThreshold(ReadOnlySpan{double}, long)"/>) such that the entries
    /// below rho hold at most a fraction <paramref name="fraction"/> of the total mass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double MassThreshold(ReadOnlySpan<double> plan, double fraction)
    {
        var mass = new double[Buckets];
        double total = 0;
        foreach (double v in plan)
        {
            if (!(v > 0)) continue;
            mass[Bucket(v)] += v;
            total += v;
        }
        return MassThreshold(mass, total, fraction);
    }

    /// <summary><see cref="MassThreshold(ReadOnlySpan{double}, double)"/> from the mass per bucket and the total.</summary>
    internal static double MassThreshold(double[] mass, double total, double fraction)
    {
        double budget = fraction * total, dropped = 0;
        for (int bucket = 1; bucket < mass.Length; bucket++)
        {
            if (dropped + mass[bucket] > budget) return BitConverter.UInt64BitsToDouble((ulong)bucket << 48);
            dropped += mass[bucket];
        }
        return double.MaxValue;
    }

    private static void RowColumnMax(ReadOnlySpan<double> plan, int n, int m, Span<double> rowMax, Span<double> columnMax)
    {
        columnMax.Fill(double.NegativeInfinity);
        for (int i = 0; i < n; i++) rowMax[i] = DenseKernels.RowMaxAndColumnMax(plan.Slice(i * m, m), columnMax);
    }

    /// <summary>The k-th largest entry of every row and of every column (the smallest when a row or column is shorter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void KthLargestPerRowAndColumn(ReadOnlySpan<double> plan, int n, int m, int k, Span<double> rowKth, Span<double> columnKth)
    {
        int kr = Math.Min(k, m), kc = Math.Min(k, n);
        // Column top-k lists, descending, all starting at -1 (below any entry).
        var columnTop = new double[m * kc];
        Array.Fill(columnTop, -1.0);
        var rowTop = new double[kr];
        for (int i = 0; i < n; i++)
        {
            var row = plan.Slice(i * m, m);
            Array.Fill(rowTop, -1.0);
            for (int j = 0; j < m; j++)
            {
                double v = row[j];
                if (v > rowTop[kr - 1]) Insert(rowTop, v);
                if (v > columnTop[j * kc + kc - 1]) Insert(columnTop.AsSpan(j * kc, kc), v);
            }
            rowKth[i] = Math.Max(rowTop[kr - 1], 0);
        }
        for (int j = 0; j < m; j++) columnKth[j] = Math.Max(columnTop[j * kc + kc - 1], 0);
    }

    private static void Insert(Span<double> top, double v)
    {
        int p = top.Length - 1;
        while (p > 0 && top[p - 1] < v)
        {
            top[p] = top[p - 1];
            p--;
        }
        top[p] = v;
    }

    /// <summary>The block matrix [diag(rows) + shift, P_s; P_s^T, diag(columns) + shift] of a kept plan, as (n + m) square CSR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CsrMatrix Assemble(KeptPlan plan, ReadOnlySpan<double> rows, ReadOnlySpan<double> columns, double shift)
    {
        int n = plan.RowCount, m = plan.ColumnCount;
        var rowStart = plan.RowStart;
        var keptColumns = plan.ColumnIndices;
        var keptValues = plan.Values;
        int kept = plan.Count;
        // Transpose pattern by counting sort: for each column j, the rows i (increasing) that kept (i, j).
        var columnStart = new int[m + 1];
        for (int q = 0; q < kept; q++) columnStart[keptColumns[q] + 1]++;
        for (int j = 0; j < m; j++) columnStart[j + 1] += columnStart[j];
        var next = columnStart.AsSpan(0, m).ToArray();
        var transposeRows = new int[kept];
        var transposeValues = new double[kept];
        for (int i = 0; i < n; i++)
            for (int q = rowStart[i]; q < rowStart[i + 1]; q++)
            {
                int dst = next[keptColumns[q]]++;
                transposeRows[dst] = i;
                transposeValues[dst] = keptValues[q];
            }

        int size = n + m;
        int nnz = 2 * kept + size;
        var rp = new int[size + 1];
        var ci = new int[nnz];
        var va = new double[nnz];
        int t = 0;
        for (int i = 0; i < n; i++)
        {
            ci[t] = i;
            va[t++] = rows[i] + shift;
            for (int q = rowStart[i]; q < rowStart[i + 1]; q++)
            {
                ci[t] = n + keptColumns[q];
                va[t++] = keptValues[q];
            }
            rp[i + 1] = t;
        }
        for (int j = 0; j < m; j++)
        {
            for (int q = columnStart[j]; q < columnStart[j + 1]; q++)
            {
                ci[t] = transposeRows[q];
                va[t++] = transposeValues[q];
            }
            ci[t] = n + j;
            va[t++] = columns[j] + shift;
            rp[n + j + 1] = t;
        }
        return CsrMatrix.FromArrays(size, size, rp, ci, va);
    }
}
