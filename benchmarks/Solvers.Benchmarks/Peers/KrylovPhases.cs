using System.Diagnostics;
using Solvers.Linear.Kernels;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Benchmarks.Peers;

/// <summary>
/// `krylov-phases --matrix SPEC --method cg|gmres|bicgstab --precond none|ic0|ilu0 [--reps R]`: where the time of one
/// CLI-style solve (preconditioner set-up + solve) goes on small problems. Prints, per phase, the first of R runs
/// (what a fresh process pays) and the best (what --repeat reports). A profiling aid, not a peer comparison.
/// </summary>
internal static class KrylovPhases
{
    public static int Run(string[] args)
    {
        var a = MatrixSpec.Load(MatrixSpec.Option(args, "--matrix") ?? "poisson2d:64");
        var method = IterativeSolver.Parse(MatrixSpec.Option(args, "--method") ?? "cg");
        var kind = Preconditioner.Parse(MatrixSpec.Option(args, "--precond") ?? "none");
        int reps = int.Parse(MatrixSpec.Option(args, "--reps") ?? "5");
        int n = a.RowCount;
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        var b = new double[n];
        a.Apply(ones, b);
        SolverOptions options = method == IterativeMethod.Gmres ? new GmresOptions { MaxIterations = 20000 } : new SolverOptions { MaxIterations = 20000 };
        var times = new Dictionary<string, List<double>>();
        void Add(string k, double s) { if (!times.TryGetValue(k, out var l)) times[k] = l = new(); l.Add(s); }
        for (int rep = 0; rep < reps; rep++)
        {
            var x = new double[n];
            long f0 = MinorFaults(), g0 = GC.CollectionCount(0);
            long t0 = Stopwatch.GetTimestamp();
            var m = Preconditioner.Create(kind, a);
            long t1 = Stopwatch.GetTimestamp();
            var result = IterativeSolver.Solve(method, a, b, x, m, options);
            long t2 = Stopwatch.GetTimestamp();
            Add("minor faults (count)", (MinorFaults() - f0) * 1e-6);
            Add("gen0 GCs (count)", (GC.CollectionCount(0) - g0) * 1e-6);
            Add("setup", Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
            Add("solve (outside)", Stopwatch.GetElapsedTime(t1, t2).TotalSeconds);
            Add("solve (Elapsed)", result.Elapsed.TotalSeconds);
            Add("total", Stopwatch.GetElapsedTime(t0, t2).TotalSeconds);
            if (rep == 0) Console.WriteLine($"{result.Method}: {result.Iterations} it, rel res {result.RelativeResidual:G4}, {result.Status}");
            if (m is not IdentityPreconditioner)
            {
                var z = new double[n];
                long s0 = Stopwatch.GetTimestamp();
                m.Apply(b, z);
                Add("one apply", Stopwatch.GetElapsedTime(s0).TotalSeconds);
            }
            long s1 = Stopwatch.GetTimestamp();
            a.Apply(ones, b);
            Add("one spmv", Stopwatch.GetElapsedTime(s1).TotalSeconds);
            long s2 = Stopwatch.GetTimestamp();
            double defect = a.SymmetryDefect();
            Add("symmetry check (untimed by CLI)", Stopwatch.GetElapsedTime(s2).TotalSeconds);
        }
        if (args.Contains("--each"))
            foreach (var (k, l) in times)
                Console.WriteLine($"{k,-34} " + string.Join(" ", l.Select(v => (v * 1e6).ToString("F0"))));
        foreach (var (k, l) in times)
            Console.WriteLine($"{k,-34} first {l[0] * 1e6,9:F1} us   best {l.Min() * 1e6,9:F1} us   median {l.Order().ElementAt(l.Count / 2) * 1e6,9:F1} us");
        return 0;
    }

    /// <summary>Field 10 of /proc/self/stat: page faults served without I/O (first touches of fresh memory).</summary>
    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7]);
    }
}
