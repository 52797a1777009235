using System.Diagnostics;
using Solvers.Linear.Storage;
using Solvers.Transport.Problems;

namespace Solvers.Transport.Exact;

/// <summary>Assembles the <see cref="TransportResult"/> of the network simplex on the full problem.</summary>
internal static class ExactResult
{
    public static TransportResult Build(SupportView support, SpanningTree tree, TransportStatus status, TimeSpan elapsed, ExactOptions options)
    {
        var reduced = support.Reduced;
        int n = reduced.SourceCount, m = reduced.TargetCount;
        var c = reduced.Cost.Values;
        var rows = new double[n];
        var columns = new double[m];
        var entries = new List<(int Row, int Column, double Value)>(n + m);
        double cost = 0;
        foreach (var (arc, flow) in tree.Flows())
        {
            int i = arc / m, j = arc % m;
            rows[i] += flow;
            columns[j] += flow;
            cost += c[arc] * flow;
            entries.Add((support.Rows[i], support.Columns[j], flow));
        }
        double error = Sinkhorn.EntropicPlan.MarginalError(reduced, rows, columns);
        var (f, g) = tree.Potentials();
        Center(f, g);
        var (fullF, fullG) = Expand(support, f, g);

        TransportPlan? plan = null;
        var full = support.Full;
        if (options.Plan == PlanFormat.Dense)
        {
            var dense = new double[(long)full.SourceCount * full.TargetCount];
            foreach (var (i, j, v) in entries) dense[(long)i * full.TargetCount + j] = v;
            plan = TransportPlan.FromDense(full.SourceCount, full.TargetCount, dense);
        }
        else if (options.Plan == PlanFormat.Sparse)
        {
            entries.RemoveAll(e => e.Value <= options.SparseDropTolerance);
            entries.Sort((x, y) => x.Row != y.Row ? x.Row.CompareTo(y.Row) : x.Column.CompareTo(y.Column));
            var rp = new int[full.SourceCount + 1];
            var ci = new int[entries.Count];
            var va = new double[entries.Count];
            for (int q = 0; q < entries.Count; q++)
            {
                rp[entries[q].Row + 1]++;
                ci[q] = entries[q].Column;
                va[q] = entries[q].Value;
            }
            for (int i = 0; i < full.SourceCount; i++) rp[i + 1] += rp[i];
            plan = TransportPlan.FromSparse(CsrMatrix.FromArrays(full.SourceCount, full.TargetCount, rp, ci, va));
        }

        string? message = status switch
        {
            TransportStatus.MaxIterations => $"Stopped after {tree.Pivots} pivots (MaxPivots); the plan is feasible only if no artificial flow remains ({tree.ArtificialFlow:E2}).",
            TransportStatus.Cancelled => "Cancelled; returned the current basis.",
            _ => null,
        };
        options.Progress?.Report(new Linear.Solving.IterationInfo((int)Math.Min(tree.Pivots, int.MaxValue), error, error, elapsed));
        return new TransportResult
        {
            Method = "exact",
            Status = status,
            Plan = plan,
            Cost = cost,
            EntropicObjective = cost,
            Regularization = 0,
            DualU = fullF,
            DualV = fullG,
            Iterations = tree.Pivots,
            MarginalError = error,
            Elapsed = elapsed,
            Message = message,
        };
    }

    /// <summary>Shifts f up and g down by the same amount so both have the same mean (the dual value is unchanged for equal masses).</summary>
    private static void Center(double[] f, double[] g)
    {
        double mf = 0, mg = 0;
        foreach (var x in f) mf += x;
        foreach (var x in g) mg += x;
        double t = (mg / g.Length - mf / f.Length) / 2;
        for (int i = 0; i < f.Length; i++) f[i] += t;
        for (int j = 0; j < g.Length; j++) g[j] -= t;
    }

    /// <summary>Full-size potentials; zero-weight points get the c-transform min over the support.</summary>
    private static (double[] F, double[] G) Expand(SupportView support, double[] f, double[] g)
    {
        if (support.IsFull) return (f, g);
        var full = support.Full;
        var fullF = support.ExpandRows(f);
        var fullG = support.ExpandColumns(g);
        foreach (int i in support.MissingRows())
        {
            double best = double.PositiveInfinity;
            for (int k = 0; k < support.Columns.Length; k++) best = Math.Min(best, full.Cost[i, support.Columns[k]] - g[k]);
            fullF[i] = best;
        }
        foreach (int j in support.MissingColumns())
        {
            double best = double.PositiveInfinity;
            for (int k = 0; k < support.Rows.Length; k++) best = Math.Min(best, full.Cost[support.Rows[k], j] - f[k]);
            fullG[j] = best;
        }
        Debug.Assert(fullF.Length == full.SourceCount);
        return (fullF, fullG);
    }
}
