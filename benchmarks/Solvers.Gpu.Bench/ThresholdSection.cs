using System.Diagnostics;
using System.Text.Json.Nodes;
using Solvers.Gpu.Devices;
using Solvers.Gpu.Solving;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Gpu.Bench;

/// <summary>
/// The size sweep behind <see cref="GpuThreshold"/>: full Jacobi-PCG solves (rtol 1e-8) on the single-thread
/// CPU path and resident on the device with transfers (device already open, kernels loaded), best of a few runs.
/// </summary>
internal static class ThresholdSection
{
    public static JsonObject Run(GpuDevice device, IEnumerable<string> problems, Func<bool> outOfTime)
    {
        var rows = new JsonArray();
        var byFamily = new Dictionary<string, List<(int N, double Cpu, double Gpu)>>();
        foreach (var name in problems)
        {
            if (outOfTime()) break;
            var a = Problems.Build(name);
            var b = Problems.OnesRhs(a);
            double cpuBest = double.PositiveInfinity, gpuBest = double.PositiveInfinity, transfer = 0;
            int cpuIterations = 0, gpuIterations = 0;
            for (int run = 0; run < 3; run++)
            {
                var x = new double[a.RowCount];
                var clock = Stopwatch.StartNew();
                var m = new JacobiPreconditioner(a);
                var r = ConjugateGradient.Solve(a, b, x, m, new SolverOptions { RelativeTolerance = 1e-8, RecordHistory = false, CheckInput = false });
                cpuBest = Math.Min(cpuBest, clock.Elapsed.TotalSeconds);
                cpuIterations = r.Iterations;
                if (cpuBest > 0.3) break;
            }
            for (int run = 0; run < 3; run++)
            {
                var x = new double[a.RowCount];
                var r = GpuSolver.Solve(device, a, b, x, GpuPreconditioner.Jacobi, new GpuSolverOptions { RelativeTolerance = 1e-8, RecordHistory = false, CheckInput = false });
                if (r.TotalSeconds < gpuBest)
                {
                    gpuBest = r.TotalSeconds;
                    transfer = r.TransferSeconds;
                }
                gpuIterations = r.Result.Iterations;
            }
            string family = name[..name.LastIndexOf('-')];
            if (!byFamily.TryGetValue(family, out var list)) byFamily[family] = list = new();
            list.Add((a.RowCount, cpuBest, gpuBest));
            rows.Add(new JsonObject
            {
                ["problem"] = name,
                ["n"] = a.RowCount,
                ["cpuIterations"] = cpuIterations,
                ["gpuIterations"] = gpuIterations,
                ["cpuSingleThreadSeconds"] = cpuBest,
                ["gpuSeconds"] = gpuBest,
                ["gpuTransferSeconds"] = transfer,
                ["speedup"] = cpuBest / gpuBest,
            });
            BenchReport.Log($"threshold {name} (n = {a.RowCount}): cpu {cpuBest * 1e3:F2} ms, gpu {gpuBest * 1e3:F2} ms (transfer {transfer * 1e3:F2} ms), x{cpuBest / gpuBest:F2}");
        }
        var thresholds = new JsonObject();
        foreach (var (family, list) in byFamily)
        {
            // Smallest n from which the device wins at every larger size measured.
            int? from = null;
            for (int i = list.Count - 1; i >= 0 && list[i].Gpu < list[i].Cpu; i--) from = list[i].N;
            thresholds[family] = from;
        }
        return new JsonObject { ["sweep"] = rows, ["deviceWinsFromRows"] = thresholds };
    }
}
