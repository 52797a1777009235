using System.Diagnostics;
using System.Text.Json.Nodes;
using Solvers.Gpu.Devices;
using Solvers.Linear.Storage;

namespace Solvers.Gpu.Bench;

/// <summary>
/// Device SpMV with each kernel (scalar, vector with 2/4/8 lanes) on stencil matrices: GB/s under the
/// minimal byte model and as a fraction of the measured copy bandwidth; the single-thread CPU SpMV for reference.
/// </summary>
internal static class SpMVSection
{
    public static JsonArray Run(GpuDevice device, IEnumerable<(string Name, CsrMatrix A)> problems, double copyGBs, int repetitions)
    {
        var rows = new JsonArray();
        foreach (var (name, a) in problems)
        {
            var x = new double[a.ColumnCount];
            for (int i = 0; i < x.Length; i++) x[i] = 1.0 + (i % 7) * 0.125;
            var expected = new double[a.RowCount];
            double cpuBest = double.PositiveInfinity;
            for (int r = 0; r < 3; r++)
            {
                var clock = Stopwatch.StartNew();
                a.Apply(x, expected);
                cpuBest = Math.Min(cpuBest, clock.Elapsed.TotalSeconds);
            }
            long bytes = 12L * a.NonZeroCount + 4L * (a.RowCount + 1) + 8L * a.ColumnCount + 8L * a.RowCount;
            var entry = new JsonObject
            {
                ["problem"] = name,
                ["n"] = a.RowCount,
                ["nnz"] = a.NonZeroCount,
                ["bytesPerProduct"] = bytes,
                ["cpuSingleThreadSeconds"] = cpuBest,
                ["cpuSingleThreadGBs"] = bytes / cpuBest / 1e9,
            };
            var kernels = new JsonArray();
            foreach (var (kernel, lanes) in new[] { (GpuSpMVKernel.Scalar, 0), (GpuSpMVKernel.Vector, 2), (GpuSpMVKernel.Vector, 4), (GpuSpMVKernel.Vector, 8), (GpuSpMVKernel.Vector, 16), (GpuSpMVKernel.Vector, 32) })
            {
                if (lanes > device.WarpSize) continue;
                try
                {
                    var clock = Stopwatch.StartNew();
                    using var op = new GpuCsrOperator(device, a, kernel, lanes);
                    double uploadSeconds = clock.Elapsed.TotalSeconds;
                    var y = new double[a.RowCount];
                    op.Apply(x, y);
                    double diff = 0, scale = 0;
                    for (int i = 0; i < y.Length; i++)
                    {
                        diff = Math.Max(diff, Math.Abs(y[i] - expected[i]));
                        scale = Math.Max(scale, Math.Abs(expected[i]));
                    }
                    double seconds = op.TimeResidentProducts(repetitions);
                    double gbs = op.BytesPerProduct / seconds / 1e9;
                    string label = kernel == GpuSpMVKernel.Scalar ? "scalar" : $"vector-{op.LanesPerRow}";
                    kernels.Add(new JsonObject
                    {
                        ["kernel"] = label,
                        ["seconds"] = seconds,
                        ["gbs"] = gbs,
                        ["fractionOfCopy"] = gbs / copyGBs,
                        ["gflops"] = 2.0 * a.NonZeroCount / seconds / 1e9,
                        ["maxRelativeDifferenceFromCpu"] = scale == 0 ? diff : diff / scale,
                        ["uploadSeconds"] = uploadSeconds,
                        ["speedupOverCpuSingleThread"] = cpuBest / seconds,
                    });
                    BenchReport.Log($"spmv {name} {label}: {seconds * 1e3:F3} ms, {gbs:F1} GB/s ({100 * gbs / copyGBs:F0}% of copy)");
                }
                catch (Exception e)
                {
                    kernels.Add(new JsonObject { ["kernel"] = $"{kernel}-{lanes}", ["error"] = e.ToString() });
                }
            }
            entry["kernels"] = kernels;
            rows.Add(entry);
        }
        return rows;
    }

    /// <summary>The fastest vector kernel of the first problem, as (Vector, lanes); lanes 0 (automatic) when none ran.</summary>
    public static (GpuSpMVKernel Kernel, int Lanes) FastestVector(JsonArray rows)
    {
        double best = double.PositiveInfinity;
        var choice = (GpuSpMVKernel.Vector, 0);
        if (rows.Count == 0 || rows[0]?["kernels"] is not JsonArray kernels) return choice;
        foreach (var k in kernels)
        {
            if (k?["seconds"] is null) continue;
            string label = k["kernel"]!.GetValue<string>();
            if (!label.StartsWith("vector-", StringComparison.Ordinal)) continue;
            double s = k["seconds"]!.GetValue<double>();
            if (s < best)
            {
                best = s;
                choice = (GpuSpMVKernel.Vector, int.Parse(label["vector-".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return choice;
    }
}
