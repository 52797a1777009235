using System.Diagnostics;
using System.Text.Json.Nodes;
using Solvers.Gpu.Devices;
using Solvers.Gpu.Solving;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Bench;

/// <summary>
/// Resident Jacobi-PCG on the device (b = A·1, rtol 1e-8), transfers included, against the single-thread CPU
/// PCG: per-iteration time of both, bytes per iteration against the copy bandwidth, and full solves.
/// </summary>
internal static class CgSection
{
    public static JsonObject Device(GpuDevice device, string name, CsrMatrix a, double copyGBs,
        IEnumerable<(GpuSpMVKernel Kernel, int Lanes)> kernels, int runs)
    {
        var b = Problems.OnesRhs(a);
        long bytes = Problems.CgIterationBytes(a, jacobi: true);
        var json = new JsonObject
        {
            ["problem"] = name,
            ["n"] = a.RowCount,
            ["nnz"] = a.NonZeroCount,
            ["bytesPerIteration"] = bytes,
            ["modelSecondsPerIteration"] = bytes / (copyGBs * 1e9),
        };
        var list = new JsonArray();
        foreach (var (kernel, lanes) in kernels.Distinct())
        {
            for (int run = 0; run < runs; run++)
            {
                var x = new double[a.RowCount];
                var options = new GpuSolverOptions { RelativeTolerance = 1e-8, MaxIterations = 20_000, SpMVKernel = kernel, LanesPerRow = lanes, RecordHistory = false, CheckInput = false };
                var r = GpuSolver.Solve(device, a, b, x, GpuPreconditioner.Jacobi, options);
                double iterationSeconds = r.Result.Elapsed.TotalSeconds;
                double perIteration = iterationSeconds / Math.Max(1, r.Result.Iterations);
                list.Add(new JsonObject
                {
                    ["kernel"] = r.SpMVKernel,
                    ["run"] = run,
                    ["status"] = r.Result.Status.ToString(),
                    ["iterations"] = r.Result.Iterations,
                    ["relativeResidual"] = r.Result.RelativeResidual,
                    ["maxErrorFromOnes"] = Problems.MaxErrorFromOnes(x),
                    ["totalSeconds"] = r.TotalSeconds,
                    ["transferSeconds"] = r.TransferSeconds,
                    ["iterationSeconds"] = iterationSeconds,
                    ["secondsPerIteration"] = perIteration,
                    ["achievedGBs"] = bytes / perIteration / 1e9,
                    ["ratioToModel"] = perIteration / (bytes / (copyGBs * 1e9)),
                });
                BenchReport.Log($"gpu cg {name} {r.SpMVKernel} run {run}: {r.Result.Status} in {r.Result.Iterations} it, total {r.TotalSeconds:F3} s (transfer {r.TransferSeconds:F3} s), {perIteration * 1e3:F3} ms/it");
            }
        }
        json["runs"] = list;
        return json;
    }

    /// <summary>Single-thread CPU PCG(Jacobi) per-iteration time from the difference of a short and a longer run.</summary>
    public static JsonObject CpuPerIteration(string name, CsrMatrix a, int shortIterations, int longIterations)
    {
        var b = Problems.OnesRhs(a);
        var m = new JacobiPreconditioner(a);
        double Time(int iterations)
        {
            var x = new double[a.RowCount];
            var options = new SolverOptions { RelativeTolerance = 1e-30, AbsoluteTolerance = 1e-300, MaxIterations = iterations, RecordHistory = false, CheckInput = false };
            var clock = Stopwatch.StartNew();
            ConjugateGradient.Solve(a, b, x, m, options);
            return clock.Elapsed.TotalSeconds;
        }
        double tShort = Time(shortIterations);
        double tLong = Time(longIterations);
        double perIteration = (tLong - tShort) / (longIterations - shortIterations);
        BenchReport.Log($"cpu cg {name}: {perIteration * 1e3:F1} ms/it single thread");
        return new JsonObject
        {
            ["problem"] = name,
            ["n"] = a.RowCount,
            ["threads"] = 1,
            ["shortIterations"] = shortIterations,
            ["shortSeconds"] = tShort,
            ["longIterations"] = longIterations,
            ["longSeconds"] = tLong,
            ["secondsPerIteration"] = perIteration,
            ["fixedSeconds"] = tShort - shortIterations * perIteration,
        };
    }

    /// <summary>A full single-thread CPU PCG(Jacobi) solve (preconditioner set-up included), as GpuSolver's CPU path would run it.</summary>
    public static JsonObject CpuFull(string name, CsrMatrix a)
    {
        var b = Problems.OnesRhs(a);
        var x = new double[a.RowCount];
        var clock = Stopwatch.StartNew();
        var m = new JacobiPreconditioner(a);
        var r = ConjugateGradient.Solve(a, b, x, m, new SolverOptions { RelativeTolerance = 1e-8, MaxIterations = 20_000, RecordHistory = false, CheckInput = false });
        double seconds = clock.Elapsed.TotalSeconds;
        BenchReport.Log($"cpu cg {name}: {r.Status} in {r.Iterations} it, {seconds:F3} s single thread");
        return new JsonObject
        {
            ["problem"] = name,
            ["n"] = a.RowCount,
            ["threads"] = 1,
            ["status"] = r.Status.ToString(),
            ["iterations"] = r.Iterations,
            ["relativeResidual"] = r.RelativeResidual,
            ["maxErrorFromOnes"] = Problems.MaxErrorFromOnes(x),
            ["seconds"] = seconds,
            ["secondsPerIteration"] = seconds / Math.Max(1, r.Iterations),
        };
    }
}
