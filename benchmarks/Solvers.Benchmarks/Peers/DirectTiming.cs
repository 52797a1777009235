using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Solvers.Linear.Direct;
using Solvers.Linear.Generators;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Benchmarks.Peers;

/// <summary>
/// `direct --matrix SPEC [--method cholesky|ldlt|lu] [--ordering amd|rcm|natural] [--lu-strategy auto|unsymmetric|symmetric]
/// [--reps R]`: times the sparse direct
/// solvers the way benchmarks/peers/direct/cholmod_bench.c times CHOLMOD and prints one JSON line: analyzeSeconds
/// (ordering + symbolic), factorSeconds (numeric), totalSeconds (their sum), refactorSeconds (numeric again with the
/// same analysis), solveSeconds, factorNnz, flops and the relative residual for b = A * ones. Best of R repetitions
/// after a warm-up factorisation of a small Poisson matrix (JIT excluded); without --reps, R = 1 above 500,000
/// unknowns, else as many as fit in about 1 s (at least 3, at most 200), as cholmod_bench.c does.
/// </summary>
internal static class DirectTiming
{
    public static int Run(string[] args)
    {
        string spec = MatrixSpec.Option(args, "--matrix") ?? throw new ArgumentException("direct needs --matrix SPEC");
        var method = DirectSolver.Parse(MatrixSpec.Option(args, "--method") ?? "cholesky");
        var ordering = Ordering.Parse(MatrixSpec.Option(args, "--ordering") ?? "amd");
        var strategy = Enum.Parse<LuStrategy>(MatrixSpec.Option(args, "--lu-strategy") ?? "auto", ignoreCase: true);
        var a = MatrixSpec.Load(spec);
        int n = a.RowCount;
        string? given = MatrixSpec.Option(args, "--reps");
        int reps = given is null ? (n >= 500_000 ? 1 : 0) : int.Parse(given, CultureInfo.InvariantCulture);

        Measure(method, ordering, strategy, Poisson.TwoD(60), 2);   // warm-up: JIT and tiering
        var (best, factor, used) = Measure(method, ordering, strategy, a, reps);

        var b = new double[n];
        a.Apply(Enumerable.Repeat(1.0, n).ToArray(), b);
        var x = new double[n];
        double solve = double.PositiveInfinity;
        for (int r = 0; r < Math.Max(used, 3); r++)
        {
            var clock = Stopwatch.StartNew();
            factor.Solve(b, x);
            solve = Math.Min(solve, clock.Elapsed.TotalSeconds);
        }
        var residual = new double[n];
        a.Apply(x, residual);
        Blas1.Subtract(b, residual, residual);

        var report = new Dictionary<string, object>
        {
            ["peer"] = "solvers",
            ["problem"] = spec,
            ["method"] = DirectSolver.Name(method),
            ["ordering"] = DirectSolver.Name(ordering),
            ["luStrategy"] = factor is LuFactor lu ? lu.Symbolic.Strategy.ToString().ToLowerInvariant() : "",
            ["pivotTolerance"] = factor is LuFactor f ? f.PivotTolerance : 0.0,
            ["n"] = n,
            ["nnz"] = a.NonZeroCount,
            ["analyzeSeconds"] = best.Analyze,
            ["factorSeconds"] = best.Factor,
            ["totalSeconds"] = best.Total,
            ["refactorSeconds"] = best.Refactor,
            ["solveSeconds"] = solve,
            ["factorNnz"] = factor.NonZeroCount,
            ["flops"] = factor.FlopCount,
            ["relativeResidual"] = Blas1.Norm2(residual) / Blas1.Norm2(b),
            ["reps"] = used,
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    private readonly record struct Timing(double Analyze, double Factor, double Total, double Refactor);

    private static (Timing Best, SparseFactor Factor, int Reps) Measure(DirectMethod method, OrderingMethod ordering, LuStrategy strategy, CsrMatrix a, int reps)
    {
        var best = new Timing(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        SparseFactor? factor = null;
        bool adaptive = reps <= 0;
        if (adaptive) reps = 3;
        for (int r = 0; r < reps; r++)
        {
            factor = null;
            GC.Collect();
            var clock = Stopwatch.StartNew();
            factor = method == DirectMethod.Lu
                ? SparseLu.Analyze(a, ordering, strategy).Factorize(a)
                : method == DirectMethod.Cholesky ? SparseCholesky.Analyze(a, ordering).Factorize(a) : SparseLdlt.Analyze(a, ordering).FactorizeLdlt(a);
            double total = clock.Elapsed.TotalSeconds;
            double numeric = factor.FactorSeconds;
            clock.Restart();
            factor.Refactorize(a);
            double refactor = clock.Elapsed.TotalSeconds;
            best = new Timing(Math.Min(best.Analyze, total - numeric), Math.Min(best.Factor, numeric), Math.Min(best.Total, total), Math.Min(best.Refactor, refactor));
            if (adaptive && r == 0) reps = (int)Math.Clamp(1.0 / Math.Max(total + refactor, 1e-9), 3, 200);
        }
        return (best, factor!, reps);
    }
}
