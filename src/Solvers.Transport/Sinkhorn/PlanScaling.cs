using System.Runtime.CompilerServices;
using Solvers.Transport.Kernels;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// A change of the dual potentials (F, G) += reg (dF, dG) scales the plan P = exp((F + G - C) / reg) to
/// diag(x) P diag(y) with x = exp(dF), y = exp(dG): the trial plans of SNS's line search need no exponential of
/// the n x m plan, only one pass of products over it, and the accepted one is written in place.
/// </summary>
/// <remarks>
/// Entries flushed to zero when the plan was last exponentiated (exponent below -650) stay zero. With every
/// |log x_i|, |log y_j| at most <see cref="MaxLogScale"/> = 200, the mass they would have carried is below
/// e^-650 (sum x)(sum y) &lt;= n m e^-250, and no product overflows (e^400 at most); SNS's line search starts
/// within 16 and only shortens. Each scaling adds a few ulp of relative error per entry; SNS applies a few dozen at
/// most before the plan is exponentiated again (a fall-back block) or returned.
/// </remarks>
internal static class PlanScaling
{
    /// <summary>Largest |log x_i| or |log y_j| for which <see cref="TryScales"/> gives a scaling.</summary>
    public const double MaxLogScale = 200;

    /// <summary>
    /// x = exp(alpha d[0..n)), y = exp(alpha d[n..n+m)); false (and nothing written) when some |alpha d_k|
    /// exceeds <see cref="MaxLogScale"/> or is not finite.
    /// </summary>
    public static bool TryScales(ReadOnlySpan<double> direction, double alpha, double directionMax, Span<double> x, Span<double> y)
    {
        double largest = alpha * directionMax;
        if (!(largest <= MaxLogScale)) return false;
        int n = x.Length;
        for (int i = 0; i < n; i++) x[i] = Math.Exp(alpha * direction[i]);
        for (int j = 0; j < y.Length; j++) y[j] = Math.Exp(alpha * direction[n + j]);
        return true;
    }

    /// <summary>
    /// Row and column sums of diag(x) P diag(y) without forming it (one pass: a dot and an axpy per row);
    /// returns the total. <paramref name="work"/> has length m.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Marginals(ReadOnlySpan<double> plan, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        Span<double> rows, Span<double> columns, Span<double> work)
    {
        int n = x.Length, m = y.Length;
        work.Clear();
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var row = plan.Slice(i * m, m);
            double r = x[i] * DenseKernels.Dot(row, y);
            rows[i] = r;
            total += r;
            DenseKernels.Axpy(x[i], row, work);
        }
        for (int j = 0; j < m; j++) columns[j] = y[j] * work[j];
        return total;
    }

    /// <summary>Row and column sums of the plan (and its sparsification statistics when given), one pass; returns the total.</summary>
    public static double Measure(Span<double> plan, Span<double> rows, Span<double> columns, PlanStatistics? statistics) =>
        Sweep(plan, default, default, rows, columns, statistics);

    /// <summary>
    /// P = diag(x) P diag(y) in place, with its row and column sums (and the sparsification statistics when
    /// given) recomputed in the same pass; returns the total.
    /// </summary>
    public static double Apply(Span<double> plan, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        Span<double> rows, Span<double> columns, PlanStatistics? statistics) =>
        Sweep(plan, x, y, rows, columns, statistics);

    /// <summary><see cref="Apply"/>, or <see cref="Measure"/> when x is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sweep(Span<double> plan, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        Span<double> rows, Span<double> columns, PlanStatistics? statistics)
    {
        int n = rows.Length, m = columns.Length;
        bool scale = !x.IsEmpty;
        statistics?.Reset();
        columns.Clear();
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var row = plan.Slice(i * m, m);
            if (scale) DenseKernels.ScaleRow(x[i], y, row);
            double r = DenseKernels.Sum(row);
            rows[i] = r;
            total += r;
            DenseKernels.Add(row, columns);
            statistics?.AddRow(i, row);
        }
        return total;
    }
}
