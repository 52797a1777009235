using System.Diagnostics;
using System.Text.Json.Nodes;
using Solvers.Gpu.Devices;
using Solvers.Gpu.OptimalTransport;
using Solvers.Transport;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Gpu.Bench;

/// <summary>
/// Resident log-domain Sinkhorn on the device against our single-thread CPU Sinkhorn (issue #10 target: n = 20,000,
/// reg = 1e-2, at least 10x faster including transfers). Problem: n uniform random points in the unit square on
/// each side, squared-Euclidean cost divided by its maximum, uniform weights, tolerance 1e-9 on the L1 marginal error.
/// </summary>
internal static class SinkhornSection
{
    public static OtProblem Problem(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[2 * n];
        var y = new double[2 * n];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble();
        for (int i = 0; i < y.Length; i++) y[i] = rng.NextDouble();
        var cost = CostMatrix.FromPoints(PointCloud.FromArray(n, 2, x), PointCloud.FromArray(n, 2, y), GroundMetric.SquaredEuclidean).NormalizedByMax(out _);
        return OtProblem.Uniform(cost);
    }

    /// <summary>Device against CPU log-domain Sinkhorn on a small problem: iterations, cost, potentials.</summary>
    public static JsonObject Verify(GpuDevice device, int n, double reg)
    {
        var problem = Problem(n, 7);
        var options = new SinkhornOptions { Variant = SinkhornVariant.Log, RecordHistory = false, Plan = PlanFormat.None };
        var cpu = LogSinkhorn.Solve(problem, reg, options);
        var gpu = GpuSinkhorn.Solve(device, problem, reg, options).Result;
        double maxF = 0;
        for (int i = 0; i < n; i++) maxF = Math.Max(maxF, Math.Abs(cpu.DualU[i] - gpu.DualU[i]));
        double maxG = 0;
        for (int j = 0; j < n; j++) maxG = Math.Max(maxG, Math.Abs(cpu.DualV[j] - gpu.DualV[j]));
        double relCost = Math.Abs(cpu.Cost - gpu.Cost) / cpu.Cost;
        BenchReport.Log($"sinkhorn verify n = {n}, reg {reg}: iterations cpu {cpu.Iterations} / device {gpu.Iterations}, cost rel diff {relCost:E2}, max |df| {maxF:E2}, max |dg| {maxG:E2}");
        return new JsonObject
        {
            ["n"] = n,
            ["reg"] = reg,
            ["cpuIterations"] = cpu.Iterations,
            ["deviceIterations"] = gpu.Iterations,
            ["cpuStatus"] = cpu.Status.ToString(),
            ["deviceStatus"] = gpu.Status.ToString(),
            ["cpuCost"] = cpu.Cost,
            ["deviceCost"] = gpu.Cost,
            ["costRelativeDifference"] = relCost,
            ["maxPotentialDifferenceF"] = maxF,
            ["maxPotentialDifferenceG"] = maxG,
            ["deviceMarginalError"] = gpu.MarginalError,
        };
    }

    /// <summary>
    /// Full device solves (the first also loads the Sinkhorn kernels), then the single-thread CPU Sinkhorn's time per
    /// iteration (stabilised variant, the CPU default and fastest; from the difference of a short and a longer run),
    /// projected to the device's iteration count unless <paramref name="cpuFull"/> asks for a full CPU solve.
    /// </summary>
    public static JsonObject Run(GpuDevice device, int n, double reg, int runs, int cpuShort, int cpuLong, bool cpuFull, bool skipCpu)
    {
        var build = Stopwatch.StartNew();
        var problem = Problem(n, 1);
        BenchReport.Log($"sinkhorn: built {n} x {n} cost in {build.Elapsed.TotalSeconds:F1} s (device needs {GpuSinkhorn.DeviceBytes(n, n) / 1e9:F2} GB)");
        var options = new SinkhornOptions { RecordHistory = false, Plan = PlanFormat.None, MaxIterations = 100_000 };
        var json = new JsonObject { ["n"] = n, ["m"] = n, ["reg"] = reg, ["tol"] = options.Tolerance, ["buildSeconds"] = build.Elapsed.TotalSeconds };
        var list = new JsonArray();
        long deviceIterations = 0;
        double bestDevice = double.PositiveInfinity;
        for (int run = 0; run < runs; run++)
        {
            var r = GpuSinkhorn.Solve(device, problem, reg, options);
            deviceIterations = r.Result.Iterations;
            bestDevice = Math.Min(bestDevice, r.TotalSeconds);
            double iterationSeconds = r.Result.Elapsed.TotalSeconds - r.TransferSeconds;
            list.Add(new JsonObject
            {
                ["run"] = run,
                ["status"] = r.Result.Status.ToString(),
                ["iterations"] = r.Result.Iterations,
                ["marginalError"] = r.Result.MarginalError,
                ["cost"] = r.Result.Cost,
                ["totalSeconds"] = r.TotalSeconds,
                ["transferSeconds"] = r.TransferSeconds,
                ["secondsPerIteration"] = iterationSeconds / Math.Max(1, r.Result.Iterations),
                // Two passes over 8 n m bytes per iteration (C and its transpose).
                ["achievedGBs"] = 16.0 * n * n * r.Result.Iterations / Math.Max(1e-12, iterationSeconds) / 1e9,
            });
            BenchReport.Log($"gpu sinkhorn n = {n} run {run}: {r.Result.Status} in {r.Result.Iterations} it, total {r.TotalSeconds:F3} s (transfer {r.TransferSeconds:F3} s)");
        }
        json["deviceRuns"] = list;
        if (skipCpu) return json;

        double Time(int iterations, SinkhornVariant variant)
        {
            var clock = Stopwatch.StartNew();
            LogSinkhorn.Solve(problem, reg, options with { MaxIterations = iterations, Variant = variant });
            return clock.Elapsed.TotalSeconds;
        }
        double tShort = Time(cpuShort, SinkhornVariant.Stabilized);
        double tLong = Time(cpuLong, SinkhornVariant.Stabilized);
        double perIteration = (tLong - tShort) / (cpuLong - cpuShort);
        double fixedSeconds = tShort - cpuShort * perIteration;
        double projected = fixedSeconds + perIteration * deviceIterations;
        BenchReport.Log($"cpu sinkhorn n = {n}: {perIteration:F3} s/it single thread, projected {projected:F1} s for {deviceIterations} it; speed-up {projected / bestDevice:F1}x (projected)");
        json["cpu"] = new JsonObject
        {
            ["threads"] = 1,
            ["variant"] = "stabilized",
            ["shortIterations"] = cpuShort,
            ["shortSeconds"] = tShort,
            ["longIterations"] = cpuLong,
            ["longSeconds"] = tLong,
            ["secondsPerIteration"] = perIteration,
            ["fixedSeconds"] = fixedSeconds,
            ["projectedSeconds"] = projected,
            ["projectedSpeedup"] = projected / bestDevice,
        };
        if (cpuFull)
        {
            var clock = Stopwatch.StartNew();
            var full = LogSinkhorn.Solve(problem, reg, options);
            double seconds = clock.Elapsed.TotalSeconds;
            BenchReport.Log($"cpu sinkhorn n = {n} full: {full.Status} in {full.Iterations} it, {seconds:F1} s; speed-up {seconds / bestDevice:F1}x (measured)");
            json["cpuFull"] = new JsonObject
            {
                ["status"] = full.Status.ToString(),
                ["iterations"] = full.Iterations,
                ["cost"] = full.Cost,
                ["seconds"] = seconds,
                ["speedup"] = seconds / bestDevice,
            };
        }
        return json;
    }
}
