using System.Numerics.Tensors;
using Solvers.Transport.Kernels;
using Solvers.Transport.Problems;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// Shared pieces of the entropic solvers: the plan P = exp((F + G - C) / reg) with its marginals, and the
/// assembly of a <see cref="TransportResult"/> on the full problem from a solve on its support.
/// </summary>
internal static class EntropicPlan
{
    /// <summary>
    /// Writes P[i, j] = exp((F_i + G_j - C_ij) / reg) into <paramref name="plan"/> and its row and column sums
    /// into <paramref name="rows"/>, <paramref name="columns"/>; returns sum P. <paramref name="gScaled"/> is work (length m).
    /// </summary>
    public static double Compute(OtProblem problem, double reg, ReadOnlySpan<double> f, ReadOnlySpan<double> g,
        Span<double> plan, Span<double> rows, Span<double> columns, Span<double> gScaled)
    {
        int n = problem.SourceCount, m = problem.TargetCount;
        double inv = 1.0 / reg;
        TensorPrimitives.Multiply(g, inv, gScaled);
        columns.Clear();
        var c = problem.Cost.Values;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var row = plan.Slice(i * m, m);
            double s = DenseKernels.GibbsRow(c.Slice(i * m, m), gScaled, f[i] * inv, inv, row);
            rows[i] = s;
            total += s;
            DenseKernels.Add(row, columns);
        }
        return total;
    }

    /// <summary>Row and column sums of a dense plan.</summary>
    public static void Marginals(ReadOnlySpan<double> plan, int n, int m, Span<double> rows, Span<double> columns)
    {
        columns.Clear();
        for (int i = 0; i < n; i++)
        {
            var row = plan.Slice(i * m, m);
            rows[i] = DenseKernels.Sum(row);
            DenseKernels.Add(row, columns);
        }
    }

    /// <summary>||rows - a||_1 + ||columns - b||_1.</summary>
    public static double MarginalError(OtProblem problem, ReadOnlySpan<double> rows, ReadOnlySpan<double> columns)
    {
        double e = 0;
        var a = problem.SourceWeights;
        var b = problem.TargetWeights;
        for (int i = 0; i < a.Length; i++) e += Math.Abs(rows[i] - a[i]);
        for (int j = 0; j < b.Length; j++) e += Math.Abs(columns[j] - b[j]);
        return e;
    }

    /// <summary>
    /// Builds the result on the full problem from a dense plan on the support: cost &lt;C, P&gt;, entropic
    /// objective &lt;C, P&gt; + reg sum P log P = sum_i F_i r_i + sum_j G_j c_j (valid because reg log P_ij =
    /// F_i + G_j - C_ij wherever P_ij &gt; 0), the recomputed marginal error, the plan in the asked format, and
    /// soft c-transform potentials for zero-weight points.
    /// </summary>
    public static TransportResult Finish(SupportView support, double reg, double[] plan, double[] f, double[] g,
        string method, TransportStatus status, long iterations, IReadOnlyList<double> history, TimeSpan elapsed,
        TransportOptions options, string? message, Func<TransportResult, TransportResult>? extend = null)
    {
        var problem = support.Reduced;
        int n = problem.SourceCount, m = problem.TargetCount;
        var rows = new double[n];
        var columns = new double[m];
        Marginals(plan, n, m, rows, columns);
        double cost = 0;
        var c = problem.Cost.Values;
        for (int i = 0; i < n; i++) cost += DenseKernels.Dot(c.Slice(i * m, m), plan.AsSpan(i * m, m));
        return Assemble(support, reg, plan, rows, columns, cost, f, g, method, status, iterations, history, elapsed, options, message, extend);
    }

    /// <summary>
    /// As <see cref="Finish"/>, from the plan's row and column sums and &lt;C, P&gt; computed elsewhere (the device
    /// Sinkhorn computes them where the cost lives); <paramref name="plan"/> may be null when
    /// <see cref="TransportOptions.Plan"/> is <see cref="PlanFormat.None"/>.
    /// </summary>
    public static TransportResult Assemble(SupportView support, double reg, double[]? plan, double[] rows, double[] columns, double cost,
        double[] f, double[] g, string method, TransportStatus status, long iterations, IReadOnlyList<double> history, TimeSpan elapsed,
        TransportOptions options, string? message, Func<TransportResult, TransportResult>? extend = null)
    {
        var problem = support.Reduced;
        if (plan is null && options.Plan != PlanFormat.None)
            throw new ArgumentException("A plan is needed for the requested plan format.", nameof(plan));
        double error = MarginalError(problem, rows, columns);
        double objective = TensorPrimitives.Dot(f, rows) + TensorPrimitives.Dot(g, columns);

        var (fullF, fullG) = ExpandPotentials(support, reg, f, g);
        double dropped = 0;
        var planResult = plan is null ? null : BuildPlan(support, plan, options, out dropped);
        if (dropped > 0) message = Join(message, $"Sparse plan: dropped mass {dropped:E2} (entries <= {options.SparseDropTolerance:G3}).");
        TransportResult result = new()
        {
            Method = method,
            Status = status,
            Plan = planResult,
            Cost = cost,
            EntropicObjective = objective,
            Regularization = reg,
            DualU = fullF,
            DualV = fullG,
            Iterations = iterations,
            MarginalError = error,
            History = history,
            Elapsed = elapsed,
            Message = message,
        };
        return extend is null ? result : extend(result);
    }

    /// <summary>Potentials at full size; a zero-weight row gets F_i = -reg LSE_j((G_j - C_ij) / reg) over the support (and likewise for columns).</summary>
    private static (double[] F, double[] G) ExpandPotentials(SupportView support, double reg, double[] f, double[] g)
    {
        if (support.IsFull) return (f, g);
        var full = support.Full;
        var fullF = support.ExpandRows(f);
        var fullG = support.ExpandColumns(g);
        double inv = 1.0 / reg;
        var gScaled = new double[g.Length];
        TensorPrimitives.Multiply(g, inv, gScaled);
        var costs = new double[Math.Max(support.Rows.Length, support.Columns.Length)];
        var work = new double[costs.Length];
        foreach (int i in support.MissingRows())
        {
            var row = full.Cost.Row(i);
            for (int k = 0; k < support.Columns.Length; k++) costs[k] = row[support.Columns[k]];
            int len = support.Columns.Length;
            fullF[i] = -reg * DenseKernels.LogSumExp(costs.AsSpan(0, len), gScaled, inv, work.AsSpan(0, len));
        }
        var fScaled = new double[f.Length];
        TensorPrimitives.Multiply(f, inv, fScaled);
        foreach (int j in support.MissingColumns())
        {
            int len = support.Rows.Length;
            for (int k = 0; k < len; k++) costs[k] = full.Cost[support.Rows[k], j];
            fullG[j] = -reg * DenseKernels.LogSumExp(costs.AsSpan(0, len), fScaled, inv, work.AsSpan(0, len));
        }
        return (fullF, fullG);
    }

    /// <summary>The plan at full size in the asked format.</summary>
    public static TransportPlan? BuildPlan(SupportView support, double[] plan, TransportOptions options, out double dropped)
    {
        dropped = 0;
        var full = support.Full;
        int n = support.Reduced.SourceCount, m = support.Reduced.TargetCount;
        switch (options.Plan)
        {
            case PlanFormat.None:
                return null;
            case PlanFormat.Dense:
                if (support.IsFull) return TransportPlan.FromDense(n, m, plan);
                {
                    int fm = full.TargetCount;
                    var dense = new double[full.SourceCount * fm];
                    for (int r = 0; r < n; r++)
                    {
                        var src = plan.AsSpan(r * m, m);
                        var dst = dense.AsSpan(support.Rows[r] * fm, fm);
                        for (int k = 0; k < m; k++) dst[support.Columns[k]] = src[k];
                    }
                    return TransportPlan.FromDense(full.SourceCount, fm, dense);
                }
            default:
                {
                    double tol = options.SparseDropTolerance;
                    var rowPointers = new int[full.SourceCount + 1];
                    var cols = new List<int>();
                    var vals = new List<double>();
                    int r = 0;
                    for (int i = 0; i < full.SourceCount; i++)
                    {
                        if (r < n && support.Rows[r] == i)
                        {
                            var src = plan.AsSpan(r * m, m);
                            for (int k = 0; k < m; k++)
                            {
                                double v = src[k];
                                if (v > tol) { cols.Add(support.Columns[k]); vals.Add(v); }
                                else dropped += v;
                            }
                            r++;
                        }
                        rowPointers[i + 1] = cols.Count;
                    }
                    return TransportPlan.FromSparse(Solvers.Linear.Storage.CsrMatrix.FromArrays(
                        full.SourceCount, full.TargetCount, rowPointers, cols.ToArray(), vals.ToArray()));
                }
        }
    }

    private static string? Join(string? a, string b) => a is null ? b : a + " " + b;
}
