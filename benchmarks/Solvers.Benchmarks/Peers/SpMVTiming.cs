using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Solvers.Linear.Storage;

namespace Solvers.Benchmarks.Peers;

/// <summary>
/// Times y = A x the way the peer scripts do (best of several batches after a warm-up) and prints
/// n, nnz, secondsPerSpmv, gflops (2 nnz / t) and gbs (bytes = 12 nnz + 4 (n + 1) + 16 n, i.e. values,
/// column indices, row pointers, x read once and y written once).
/// </summary>
internal static class SpMVTiming
{
    public static int Run(string[] args)
    {
        string spec = MatrixSpec.Option(args, "--matrix") ?? throw new ArgumentException("spmv needs --matrix SPEC");
        int threads = int.Parse(MatrixSpec.Option(args, "--threads") ?? "1", CultureInfo.InvariantCulture);
        var a = MatrixSpec.Load(spec);
        var x = new double[a.ColumnCount];
        var y = new double[a.RowCount];
        for (int i = 0; i < x.Length; i++) x[i] = 1.0 + (i % 7) * 0.125;
        int reps = int.Parse(MatrixSpec.Option(args, "--reps") ?? "0", CultureInfo.InvariantCulture);
        if (reps <= 0) reps = (int)Math.Clamp(2e8 / Math.Max(1, a.NonZeroCount), 5, 20000);

        void Once()
        {
            if (threads > 1) a.ApplyParallel(x, y, threads);
            else a.Apply(x, y);
        }
        for (int i = 0; i < Math.Max(3, reps / 5); i++) Once();
        double best = double.PositiveInfinity;
        for (int batch = 0; batch < 5; batch++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++) Once();
            best = Math.Min(best, clock.Elapsed.TotalSeconds / reps);
        }
        double bytes = 12.0 * a.NonZeroCount + 4.0 * (a.RowCount + 1) + 8.0 * (a.RowCount + a.ColumnCount);
        var report = new Dictionary<string, object>
        {
            ["peer"] = "solvers",
            ["problem"] = spec,
            ["n"] = a.RowCount,
            ["nnz"] = a.NonZeroCount,
            ["threads"] = threads,
            ["reps"] = reps,
            ["secondsPerSpmv"] = best,
            ["gflops"] = 2.0 * a.NonZeroCount / best / 1e9,
            ["gbs"] = bytes / best / 1e9,
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }
}
