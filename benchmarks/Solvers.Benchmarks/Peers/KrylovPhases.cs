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
            if (kind == PreconditionerKind.Ic0) Ic0Phases(a, Add);
            if (kind == PreconditionerKind.Ilu0) Ilu0Phases(a, Add);
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

    private static void Ic0Phases(CsrMatrix a, Action<string, double> add)
    {
        long t = Stopwatch.GetTimestamp();
        void Lap(string k) { long now = Stopwatch.GetTimestamp(); add("  ic0 " + k, Stopwatch.GetElapsedTime(t, now).TotalSeconds); t = now; }
        int n = a.RowCount;
        var diagonal = a.Diagonal();
        var scale = new double[n];
        for (int i = 0; i < n; i++) scale[i] = 1.0 / Math.Sqrt(diagonal[i]);
        Lap("diagonal+scale");
        var pattern = StrictTriangle.Extract(a, lower: true);
        Lap("extract");
        var v = pattern.Values; var rp = pattern.RowPointers; var ci = pattern.ColumnIndices;
        for (int i = 0; i < n; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
                v[k] *= scale[i] * scale[ci[k]];
        Lap("scale values");
        var factor = new double[v.Length];
        var pivots = new double[n];
        var position = new int[n];
        Lap("alloc");
        Array.Fill(position, -1);
        for (int i = 0; i < n; i++)
        {
            int start = rp[i], end = rp[i + 1];
            for (int k = start; k < end; k++) position[ci[k]] = k;
            double dg = 1.0;
            for (int k = start; k < end; k++)
            {
                int j = ci[k];
                double s = v[k];
                for (int q = rp[j]; q < rp[j + 1]; q++)
                {
                    int p = position[ci[q]];
                    if (p >= 0 && p < k) s -= factor[p] * factor[q];
                }
                double lij = s / pivots[j];
                factor[k] = lij;
                dg -= lij * lij;
            }
            for (int k = start; k < end; k++) position[ci[k]] = -1;
            pivots[i] = Math.Sqrt(dg);
        }
        Lap("factor");
        var inv = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sInv = 1.0 / scale[i];
            for (int k = rp[i]; k < rp[i + 1]; k++) factor[k] *= sInv;
            inv[i] = 1.0 / (pivots[i] * sInv);
        }
        Lap("unscale");
        var lower = new StrictTriangle(rp, ci, factor);
        var upper = lower.Transpose(n);
        Lap("transpose");
        upper.ScaleRows(inv);
        lower.ScaleColumns(inv);
        Lap("scale rows/cols");
    }

    private static void Ilu0Phases(CsrMatrix a, Action<string, double> add)
    {
        long t = Stopwatch.GetTimestamp();
        void Lap(string k) { long now = Stopwatch.GetTimestamp(); add("  ilu0 " + k, Stopwatch.GetElapsedTime(t, now).TotalSeconds); t = now; }
        int n = a.RowCount;
        int row = a.FirstZeroDiagonal();
        Lap("check diagonal");
        var rp = a.RowPointerArray; var ci = a.ColumnIndexArray;
        var lu = a.Values.ToArray();
        var diagonalIndex = new int[n];
        for (int i = 0; i < n; i++) diagonalIndex[i] = a.IndexOf(i, i);
        var position = new int[n];
        Lap("copy+diag index");
        Array.Fill(position, -1);
        for (int i = 0; i < n; i++)
        {
            int start = rp[i], end = rp[i + 1];
            for (int k = start; k < end; k++) position[ci[k]] = k;
            for (int k = start; k < diagonalIndex[i]; k++)
            {
                int j = ci[k];
                double lij = lu[k] / lu[diagonalIndex[j]];
                lu[k] = lij;
                for (int q = diagonalIndex[j] + 1; q < rp[j + 1]; q++)
                {
                    int p = position[ci[q]];
                    if (p >= 0) lu[p] -= lij * lu[q];
                }
            }
            for (int k = start; k < end; k++) position[ci[k]] = -1;
            double rowMax = 0;
            for (int k = start; k < end; k++) rowMax = Math.Max(rowMax, Math.Abs(a.Values[k]));
        }
        Lap("factor");
        var lower = StrictTriangle.Extract(n, rp, ci, lu, lower: true);
        var inv = new double[n];
        for (int i = 0; i < n; i++) inv[i] = 1.0 / lu[diagonalIndex[i]];
        var upper = StrictTriangle.Extract(n, rp, ci, lu, lower: false).ScaleRows(inv);
        Lap("extract L, U");
    }
}
