using System.Diagnostics;
using Solvers.Linear.Kernels;
using Solvers.Linear.Preconditioners;

namespace Solvers.Benchmarks.Peers;

/// <summary>Quick per-kernel timings of one CG iteration's parts on a matrix (a profiling aid, not a peer comparison).</summary>
internal static class KernelTiming
{
    public static int Run(string[] args)
    {
        var a = MatrixSpec.Load(MatrixSpec.Option(args, "--matrix") ?? "poisson2d:512");
        int n = a.RowCount;
        var x = new double[n]; var y = new double[n]; var p = new double[n]; var r = new double[n];
        for (int i = 0; i < n; i++) { x[i] = 1 + i % 3; p[i] = 0.5; r[i] = 1; }
        var ic = new IncompleteCholesky(a);
        Time("spmv", () => a.Apply(x, y));
        Time("dot", () => Blas1.Dot(x, y));
        Time("norm", () => Blas1.Norm2(x));
        Time("cgupdate", () => Blas1.CgUpdate(1e-9, p, y, x, r));
        Time("xpby", () => Blas1.Xpby(r, 0.5, p));
        Time("ic0 apply", () => ic.Apply(r, y));
        return 0;
    }

    private static void Time(string name, Action action)
    {
        for (int i = 0; i < 20; i++) action();
        double best = double.PositiveInfinity;
        for (int b = 0; b < 5; b++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 50; i++) action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds / 50);
        }
        Console.WriteLine($"{name,-12} {best:F4} ms");
    }
}
