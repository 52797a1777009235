using System.Diagnostics;
using System.Text.Json.Nodes;
using Solvers.Gpu.Devices;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Bench;

/// <summary>
/// One-shot device benchmark: <c>Gpu.Bench [--device cuda|cpu-sim|auto] [--out DIR] [--quick] [--budget SECONDS] [--sinkhorn]</c>.
/// Measures, in order of importance, device info, copy/triad bandwidth, SpMV per kernel on stencils, resident
/// Jacobi-PCG on Poisson 3-D against the single-thread CPU PCG, and the size threshold; writes DIR/gpu.json
/// after every section. <c>--quick</c> uses tiny sizes (for testing the bundle on the CPU simulator).
/// <c>--sinkhorn</c> runs only the device Sinkhorn sections (verification at n = 500, then n = 20,000 at reg 1e-2 against
/// the single-thread CPU Sinkhorn, transfers included); <c>--sinkhorn-n N</c> changes the large size and
/// <c>--cpu-full</c> also times a full CPU solve instead of only projecting it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var device = DeviceChoice.Auto;
        string? outDir = null;
        bool quick = false, probe = false, skipCpu = false, sinkhornOnly = false, cpuFull = false;
        int sinkhornN = 20_000;
        double budget = 420;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--device": device = DeviceChoices.Parse(args[++i]); break;
                case "--out": outDir = args[++i]; break;
                case "--quick": quick = true; break;
                case "--probe": probe = true; break;
                case "--skip-cpu": skipCpu = true; break;
                case "--sinkhorn": sinkhornOnly = true; break;
                case "--sinkhorn-n": sinkhornN = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--cpu-full": cpuFull = true; break;
                case "--budget": budget = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
                    return 1;
            }
        }
        if (outDir is not null) Directory.CreateDirectory(outDir);
        var report = new BenchReport(outDir is null ? null : Path.Combine(outDir, "gpu.json"));
        var clock = Stopwatch.StartNew();
        bool OutOfTime() => clock.Elapsed.TotalSeconds > budget;
        DeviceSelector.Log = m => BenchReport.Log(m);
        DeviceSelector.Detail = m => BenchReport.Log(m);

        if (probe) Section(report, "probe", ProbeSection.Run);
        var (gpu, info) = InfoSection.Open(device);
        report.Set("info", info);
        BenchReport.Log($"device: {gpu?.ToString() ?? "none"}");
        if (gpu is null) return 3;

        if (sinkhornOnly)
        {
            // --quick (the simulator): reg 1e-1, where Sinkhorn needs tens of iterations instead of a thousand.
            double reg = quick ? 1e-1 : 1e-2;
            Section(report, "sinkhornVerify", () => SinkhornSection.Verify(gpu, quick ? 12 : 500, reg));
            Section(report, "sinkhorn", () => SinkhornSection.Run(gpu, quick ? 16 : sinkhornN, reg, 2, 2, quick ? 4 : 6, cpuFull, skipCpu));
            report.Root["elapsedSeconds"] = clock.Elapsed.TotalSeconds;
            report.Save();
            BenchReport.Log($"done in {clock.Elapsed.TotalSeconds:F1} s");
            gpu.Dispose();
            return 0;
        }

        Section(report, "verify", () => VerifySection.Run(gpu, quick ? 6 : 40));

        double copy = double.NaN;
        Section(report, "bandwidth", () =>
        {
            var bw = BandwidthProbe.Measure(gpu, quick ? 1 << 14 : 1 << 26, quick ? 2 : 20);
            copy = bw.CopyGBs;
            BenchReport.Log($"bandwidth: copy {bw.CopyGBs:F1} GB/s, triad {bw.TriadGBs:F1} GB/s");
            return new JsonObject { ["copyGBs"] = bw.CopyGBs, ["triadGBs"] = bw.TriadGBs, ["elements"] = bw.Elements, ["repetitions"] = bw.Repetitions };
        });

        string big3d = quick ? "poisson3d-8" : "poisson3d-256";
        string big2d = quick ? "poisson2d-16" : "poisson2d-2048";
        var matrices = new Dictionary<string, CsrMatrix>();
        CsrMatrix Matrix(string name)
        {
            if (!matrices.TryGetValue(name, out var a))
            {
                var c = Stopwatch.StartNew();
                matrices[name] = a = Problems.Build(name);
                BenchReport.Log($"built {name}: n = {a.RowCount}, nnz = {a.NonZeroCount} in {c.Elapsed.TotalSeconds:F1} s");
            }
            return a;
        }

        var fastestVector = (GpuSpMVKernel.Vector, 0);
        Section(report, "spmv", () =>
        {
            string band = quick ? "band-512-20" : "band-1048576-32";
            var rows = SpMVSection.Run(gpu, [(big3d, Matrix(big3d)), (big2d, Matrix(big2d)), (band, Matrix(band))], copy, quick ? 3 : 50);
            fastestVector = SpMVSection.FastestVector(rows);
            return rows;
        });
        matrices.Remove(big2d);
        matrices.Remove(quick ? "band-512-20" : "band-1048576-32");

        Section(report, "cgDevice", () => CgSection.Device(gpu, big3d, Matrix(big3d), copy,
            [(GpuSpMVKernel.Scalar, 0), fastestVector], quick ? 1 : 2));
        Section(report, "api", () => ApiSection.Run(gpu, quick));
        if (!OutOfTime() && !skipCpu)
            Section(report, "cgCpuPerIteration", () => CgSection.CpuPerIteration(big3d, Matrix(big3d), quick ? 2 : 5, quick ? 6 : 25));
        matrices.Remove(big3d);

        string mid3d = quick ? "poisson3d-6" : "poisson3d-128";
        if (!OutOfTime() && !skipCpu)
        {
            Section(report, "cgDeviceMid", () => CgSection.Device(gpu, mid3d, Matrix(mid3d), copy, [(GpuSpMVKernel.Auto, 0)], quick ? 1 : 2));
            Section(report, "cgCpuMid", () => CgSection.CpuFull(mid3d, Matrix(mid3d)));
        }
        matrices.Clear();

        string[] sweep = quick
            ? ["poisson2d-4", "poisson2d-8"]
            : ["poisson2d-16", "poisson2d-32", "poisson2d-64", "poisson2d-96", "poisson2d-128", "poisson2d-192", "poisson2d-256", "poisson2d-384", "poisson2d-512",
               "poisson3d-8", "poisson3d-16", "poisson3d-24", "poisson3d-32", "poisson3d-48", "poisson3d-64", "poisson3d-96"];
        if (!skipCpu) Section(report, "threshold", () => ThresholdSection.Run(gpu, sweep, OutOfTime));

        report.Root["elapsedSeconds"] = clock.Elapsed.TotalSeconds;
        report.Save();
        BenchReport.Log($"done in {clock.Elapsed.TotalSeconds:F1} s");
        gpu.Dispose();
        return 0;
    }

    private static void Section(BenchReport report, string name, Func<JsonNode> body)
    {
        try
        {
            report.Set(name, body());
        }
        catch (Exception e)
        {
            BenchReport.Log($"{name} failed: {e}");
            report.Set(name, new JsonObject { ["error"] = e.ToString() });
        }
    }
}
