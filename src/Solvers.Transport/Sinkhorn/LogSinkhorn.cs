using Solvers.Transport.Problems;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// Entropic optimal transport by Sinkhorn's algorithm, stable for small regularisation:
/// min &lt;C, P&gt; + reg sum P_ij log P_ij over P &gt;= 0 with P 1 = a, P^T 1 = b (POT's ot.sinkhorn problem;
/// Cuturi 2013, "Sinkhorn distances", NeurIPS). The solution is P = exp((F_i + G_j - C_ij) / reg) for the
/// potentials F, G returned as DualU, DualV.
/// </summary>
/// <remarks>
/// Updates follow POT's order (v, then u, starting from zero potentials), so with
/// <see cref="StoppingRule.PotColumnL2Every10"/> the iteration count equals POT's sinkhorn / sinkhorn_log
/// (whose niter is this count minus one). The default stopping rule is the L1 marginal violation
/// ||P 1 - a||_1 + ||P^T 1 - b||_1 after every iteration. Two variants (<see cref="SinkhornVariant"/>):
/// the stabilised scaling form (default; one pass over an n x m kernel per iteration, see
/// <see cref="StabilizedSinkhornEngine"/>) and the pure log-domain form. Pick reg relative to the cost scale
/// (normalise C by its maximum); iteration counts grow roughly like 1/reg.
/// </remarks>
public static class LogSinkhorn
{
    /// <summary>Solves the entropic problem with regularisation <paramref name="reg"/>.</summary>
    /// <param name="problem">Weights and cost.</param>
    /// <param name="reg">Entropic regularisation (POT's reg = 1/eta), positive.</param>
    /// <param name="options">Stopping, variant and reporting; defaults when null.</param>
    /// <exception cref="ArgumentException">reg is not a positive finite number, options are invalid, or a warm start has the wrong length.</exception>
    public static TransportResult Solve(OtProblem problem, double reg, SinkhornOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new SinkhornOptions();
        options.Validate();
        CheckRegularization(reg);
        var support = problem.Support();
        var (f0, g0) = ReducedWarmStart(support, options.WarmStart);
        var reduced = support.Reduced;
        var reporter = new IterationReporter(options, reduced.SourceMass);
        int n = reduced.SourceCount, m = reduced.TargetCount;
        var f = new double[n];
        var g = new double[m];
        long iterations = 0;
        var status = TransportStatus.Iterating;
        double[] plan;
        string method;
        string? detail = null;
        if (options.Variant == SinkhornVariant.Log)
        {
            method = "sinkhorn-log";
            var engine = new LogDomainEngine(reduced, reg);
            engine.Start(f0, g0);
            while (status == TransportStatus.Iterating && iterations < options.MaxIterations)
            {
                engine.Iterate();
                iterations++;
                status = reporter.Check(iterations, engine.ColumnErrorL1, engine.ColumnErrorL2, options.MaxIterations);
            }
            engine.F.CopyTo(f);
            engine.G.CopyTo(g);
            plan = new double[n * m];
            EntropicPlan.Compute(reduced, reg, f, g, plan, new double[n], new double[m], new double[m]);
        }
        else
        {
            method = "sinkhorn";
            var engine = new StabilizedSinkhornEngine(reduced, reg, options.AbsorbThreshold);
            engine.Start(f0, g0);
            while (status == TransportStatus.Iterating && iterations < options.MaxIterations)
            {
                engine.Iterate();
                iterations++;
                status = reporter.Check(iterations, engine.RowError + engine.ColumnErrorL1, engine.ColumnErrorL2, options.MaxIterations);
            }
            engine.GetPotentials(f, g);
            engine.WritePlanInPlace();
            plan = engine.Kernel;
            detail = $"Kernel builds: {engine.Rebuilds}; log-domain row/column updates: {engine.Repairs}.";
        }
        if (status == TransportStatus.Iterating) status = TransportStatus.MaxIterations;
        var result = EntropicPlan.Finish(support, reg, plan, f, g, method, status, iterations, reporter.History, reporter.Elapsed,
            options, Join(IterationReporter.Describe(status, options.MaxIterations), detail));
        reporter.Finish(iterations, result.MarginalError);
        return result;
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + " " + b;

    internal static void CheckRegularization(double reg)
    {
        if (!(reg > 0) || double.IsInfinity(reg))
            throw new ArgumentOutOfRangeException(nameof(reg), reg, "The regularisation must be a positive finite number.");
    }

    /// <summary>The warm-start potentials restricted to the support (empty spans for none).</summary>
    internal static (double[] F, double[] G) ReducedWarmStart(SupportView support, (double[] F, double[] G)? warm)
    {
        if (warm is not { } w) return (Array.Empty<double>(), Array.Empty<double>());
        var full = support.Full;
        if (w.F is null || w.F.Length != full.SourceCount)
            throw new ArgumentException($"Warm-start F has length {w.F?.Length ?? 0}; the problem has {full.SourceCount} source points.", "options");
        if (w.G is null || w.G.Length != full.TargetCount)
            throw new ArgumentException($"Warm-start G has length {w.G?.Length ?? 0}; the problem has {full.TargetCount} target points.", "options");
        var f = new double[support.Rows.Length];
        var g = new double[support.Columns.Length];
        for (int r = 0; r < f.Length; r++)
        {
            f[r] = w.F[support.Rows[r]];
            if (!double.IsFinite(f[r])) throw new ArgumentException($"Warm-start F[{support.Rows[r]}] is {f[r]}.", "options");
        }
        for (int c = 0; c < g.Length; c++)
        {
            g[c] = w.G[support.Columns[c]];
            if (!double.IsFinite(g[c])) throw new ArgumentException($"Warm-start G[{support.Columns[c]}] is {g[c]}.", "options");
        }
        return (f, g);
    }
}
