using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Benchmarks.Peers;

/// <summary>
/// `kaczmarz [--sizes 20,41,100] [--steps S]`: thread-CPU nanoseconds per randomized Kaczmarz step on dense random
/// square systems, the primal dense step (dot product + update) against the Gram-matrix (dual) step, same rows and
/// seed, and the relative difference of the two iterates (rounding only). A profiling aid for AdaSketch's inner solver.
/// </summary>
internal static class KaczmarzTiming
{
    public static int Run(string[] args)
    {
        var sizes = (MatrixSpec.Option(args, "--sizes") ?? "20,41,100").Split(',').Select(int.Parse).ToArray();
        long steps = long.Parse(MatrixSpec.Option(args, "--steps") ?? "200000");
        Console.WriteLine("| n | primal ns/step | Gram ns/step | primal / Gram | ||v_primal - v_Gram|| / ||v_primal|| |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (int n in sizes)
        {
            var (k, b) = RandomSystem(n, seed: n);
            var (primal, vp) = Time(k, b, steps, useGram: false);
            var (gram, vg) = Time(k, b, steps, useGram: true);
            double diff = 0, norm = 0;
            for (int i = 0; i < n; i++) { diff += (vp[i] - vg[i]) * (vp[i] - vg[i]); norm += vp[i] * vp[i]; }
            Console.WriteLine($"| {n} | {primal:F1} | {gram:F1} | {primal / gram:F2} | {Math.Sqrt(diff / norm):E1} |");
        }
        return 0;
    }

    private static (double NsPerStep, double[] Solution) Time(CsrMatrix k, double[] b, long steps, bool useGram)
    {
        double best = double.PositiveInfinity;
        double[] solution = [];
        for (int repeat = 0; repeat < 5; repeat++)
        {
            var solver = new RandomizedKaczmarz(k, b, seed: 7, KaczmarzRowOrder.Uniform, scaleColumns: false, useGram);
            double t0 = ThreadCpuClock.Seconds();
            // A negative tolerance is never met: exactly `steps` steps, with the solver's usual residual checks.
            solver.Run(-1, steps);
            best = Math.Min(best, (ThreadCpuClock.Seconds() - t0) / steps * 1e9);
            solution = solver.Solution;
        }
        return (best, solution);
    }

    /// <summary>A diagonally weighted dense random matrix (well enough conditioned that Kaczmarz converges) and b = K 1.</summary>
    private static (CsrMatrix, double[]) RandomSystem(int n, int seed)
    {
        var random = new Random(seed);
        var coo = new CooMatrix(n, n, n * n);
        var dense = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                dense[i, j] = (i == j ? n : 0) + 2 * random.NextDouble() - 1;
        var b = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                coo.Add(i, j, dense[i, j]);
                b[i] += dense[i, j];
            }
        return (coo.ToCsr(), b);
    }
}
