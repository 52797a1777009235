using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using Solvers.Gpu.Devices;
using Solvers.Gpu.Kernels;
using Solvers.Transport;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Gpu.OptimalTransport;

/// <summary>
/// Log-domain Sinkhorn with the cost matrix (and its transpose), both potentials, the weights and the stopping
/// state resident on the device: the iteration of <see cref="LogSinkhorn"/> with
/// <see cref="SinkhornVariant.Log"/> (POT's sinkhorn_log update order: g, then f, from zero or warm-start
/// potentials) and its stopping rule, so the result has the same shape and, to rounding, the same potentials,
/// plan, cost and iteration count.
/// </summary>
/// <remarks>
/// One iteration is four launches and no host round trip: the column log-sum-exp over Cᵀ (new g into a side
/// buffer, and the marginal error of the previous iteration), a one-group kernel that records that error and
/// applies the stopping rule on the device (freezing there, so the iterate and count equal the CPU's), the
/// commit of g, and the row log-sum-exp over C (new f). See <see cref="SinkhornKernels"/> for the layout. The
/// host reads the state and the error ring after 1, 2, 4, ... up to <c>checkInterval</c> iterations and
/// replays the errors through the CPU solver's reporter (history, monitor, progress, cancellation). At the end
/// the row and column sums of the plan and &lt;C, P&gt; are computed on the device; only they, the potentials
/// and (when asked) the plan come back.
/// </remarks>
internal static class ResidentSinkhorn
{
    /// <summary>Device bytes a solve of an n x m problem allocates: C, Cᵀ, and O(n + m) vectors.</summary>
    public static long DeviceBytes(long n, long m) => 8 * (2 * n * m + 8 * (n + m) + SinkhornSlots.HistoryOffset + 512);

    public static (TransportResult Result, double TransferSeconds) Solve(GpuDevice device, OtProblem problem, double reg,
        SinkhornOptions options, int checkInterval)
    {
        var support = problem.Support();
        var (f0, g0) = LogSinkhorn.ReducedWarmStart(support, options.WarmStart);
        var reduced = support.Reduced;
        var reporter = new IterationReporter(options, reduced.SourceMass);
        int n = reduced.SourceCount, m = reduced.TargetCount;
        var k = device.SinkhornKernels;
        int ring = checkInterval;
        bool wantPlan = options.Plan != PlanFormat.None;

        var transfer = Stopwatch.StartNew();
        using var cost = device.Upload(reduced.Cost.Values);
        using var costT = device.Allocate<double>((long)n * m);
        using var a = device.Upload<double>(LogAndWeights(reduced.SourceWeights));
        using var b = device.Upload<double>(LogAndWeights(reduced.TargetWeights));
        using var f = device.Allocate<double>(n);
        using var g = device.Allocate<double>(m);
        using var gNext = device.Allocate<double>(m);
        using var error = device.Allocate<double>(2L * m);
        using var rowSums = device.Allocate<double>(2L * n);
        using var columnSums = device.Allocate<double>(2L * m);
        using var state = device.Allocate<double>(SinkhornSlots.HistoryOffset + 2 * ring);
        if (f0.Length == 0) f.View.MemSetToZero(); else f.Upload(f0);
        if (g0.Length == 0) g.View.MemSetToZero(); else g.Upload(g0);
        error.View.MemSetToZero();
        var host = new double[SinkhornSlots.HistoryOffset + 2 * ring];
        host[SinkhornSlots.Regularization] = reg;
        host[SinkhornSlots.Tolerance] = options.Tolerance;
        host[SinkhornSlots.MaxIterations] = options.MaxIterations;
        host[SinkhornSlots.Rule] = options.Stopping == StoppingRule.MarginalL1 ? 0 : 1;
        state.Upload(host);
        k.Transpose(Launch.Stride(device), cost.View, costT.View, n, m);
        device.Synchronize();
        double transferSeconds = transfer.Elapsed.TotalSeconds;

        var rowsConfig = new KernelConfig(n, device.GroupSize);
        var columnsConfig = new KernelConfig(m, device.GroupSize);
        var single = Launch.Single(device);
        var status = options.MaxIterations == 0 ? TransportStatus.MaxIterations : TransportStatus.Iterating;
        long replayed = 0;
        int interval = 1;
        while (status == TransportStatus.Iterating)
        {
            for (int c = 0; c < interval; c++)
            {
                k.LogSumExpRows(columnsConfig, costT.View, f.View, b.View, gNext.View, g.View, error.View, state.View, n, 1);
                k.Finish(single, error.View, state.View, m, ring);
                k.Commit(m, g.View, gNext.View, state.View);
                k.LogSumExpRows(rowsConfig, cost.View, g.View, a.View, f.View, f.View, error.View, state.View, m, 0);
            }
            interval = Math.Min(2 * interval, checkInterval);
            device.Synchronize();
            state.Download(host);
            long checkedThrough = (long)host[SinkhornSlots.Checked];
            for (long it = replayed + 1; it <= checkedThrough; it++)
            {
                int slot = SinkhornSlots.HistoryOffset + 2 * (int)(it % ring);
                replayed = it;
                status = reporter.Check(it, host[slot], host[slot + 1], options.MaxIterations);
                if (status != TransportStatus.Iterating) break;
            }
            // The device applies the same rule to the same numbers, so it stops where the reporter does; this
            // only guards against a disagreement turning into an endless loop.
            if (status == TransportStatus.Iterating && host[SinkhornSlots.Status] != DeviceStatus.Iterating)
                status = host[SinkhornSlots.Status] switch
                {
                    DeviceStatus.Converged => TransportStatus.Converged,
                    DeviceStatus.MaxIterations => TransportStatus.MaxIterations,
                    _ => TransportStatus.NaNOrInfinity,
                };
        }
        device.Synchronize();
        state.Download(host);
        long iterations = (long)host[SinkhornSlots.Iteration];

        // Marginals and <C, P> on the device: column sums over Cᵀ first, then Cᵀ's memory takes the plan.
        k.PlanRows(columnsConfig, costT.View, f.View, g.View, costT.View, columnSums.View, state.View, n, 0);
        k.PlanRows(rowsConfig, cost.View, g.View, f.View, costT.View, rowSums.View, state.View, m, wantPlan ? 1 : 0);
        device.Synchronize();
        transfer.Restart();
        var fHost = new double[n];
        var gHost = new double[m];
        var rowPair = new double[2 * n];
        var columnPair = new double[2 * m];
        f.Download(fHost);
        g.Download(gHost);
        rowSums.Download(rowPair);
        columnSums.Download(columnPair);
        double[]? plan = null;
        if (wantPlan)
        {
            plan = new double[(long)n * m];
            costT.Download(plan);
        }
        transferSeconds += transfer.Elapsed.TotalSeconds;

        var rows = rowPair.AsSpan(0, n).ToArray();
        var columns = columnPair.AsSpan(0, m).ToArray();
        double transportCost = 0;
        for (int i = 0; i < n; i++) transportCost += rowPair[n + i];
        var result = EntropicPlan.Assemble(support, reg, plan, rows, columns, transportCost, fHost, gHost, "sinkhorn-log", status,
            iterations, reporter.History, reporter.Elapsed, options, IterationReporter.Describe(status, options.MaxIterations));
        reporter.Finish(iterations, result.MarginalError);
        return (result, transferSeconds);
    }

    /// <summary>[log w_0 .. log w_{k-1} | w_0 .. w_{k-1}]: the layout the row kernel reads.</summary>
    private static double[] LogAndWeights(ReadOnlySpan<double> w)
    {
        var packed = new double[2 * w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            packed[i] = Math.Log(w[i]);
            packed[w.Length + i] = w[i];
        }
        return packed;
    }
}
