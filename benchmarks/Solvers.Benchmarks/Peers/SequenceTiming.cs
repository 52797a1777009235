using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.IO;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Benchmarks.Peers;

/// <summary>
/// `sequence --problem darcy2d|helmholtz2d --n N --count K --precond none|jacobi|ilu0 --tol T [--seed S]
/// [--variant paper|standard] [--max-iterations M] [--export DIR] [--methods gmres,gcrodr,skr]`: one JSON line per
/// method with total iterations and seconds
/// (preconditioner set-up + solve, summed over the systems) on identical systems. --export writes the systems as
/// Matrix Market files (A_i.mtx, b_i.mtx, p_i.mtx) so that the SciPy peer solves exactly the same ones.
/// --variant paper (default) generates the systems the SKR paper solved (<see cref="DarcyFlow2D.PaperSequence"/>,
/// <see cref="Helmholtz2D.PaperSequence"/>; --n counts unknowns per side, the paper's sets are n = 78 and 98);
/// standard the symmetric finite-volume Darcy and GRF-wavenumber Helmholtz systems (the CLI default). --max-iterations defaults to the paper's -ksp_max_it 10000, so that per-system
/// means compare with its tables (which count capped systems at the cap).
/// </summary>
internal static class SequenceTiming
{
    public static int Run(string[] args)
    {
        string problem = MatrixSpec.Option(args, "--problem") ?? "darcy2d";
        string variant = MatrixSpec.Option(args, "--variant") ?? "paper";
        int n = int.Parse(MatrixSpec.Option(args, "--n") ?? (problem == "helmholtz2d" ? "98" : "78"), CultureInfo.InvariantCulture);
        int maxIterations = int.Parse(MatrixSpec.Option(args, "--max-iterations") ?? "10000", CultureInfo.InvariantCulture);
        int count = int.Parse(MatrixSpec.Option(args, "--count") ?? "100", CultureInfo.InvariantCulture);
        int seed = int.Parse(MatrixSpec.Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        double tol = double.Parse(MatrixSpec.Option(args, "--tol") ?? "1e-8", CultureInfo.InvariantCulture);
        var kind = Preconditioner.Parse(MatrixSpec.Option(args, "--precond") ?? "none");
        string? export = MatrixSpec.Option(args, "--export");
        var methods = (MatrixSpec.Option(args, "--methods") ?? "gmres,gcrodr,skr").Split(',');

        var batch = ((problem, variant) switch
        {
            ("darcy2d", "paper") => DarcyFlow2D.PaperSequence(n, count, seed),
            ("darcy2d", "standard") => DarcyFlow2D.Sequence(n, count, seed),
            ("helmholtz2d", "paper") => Helmholtz2D.PaperSequence(n, count, seed),
            ("helmholtz2d", "standard") => Helmholtz2D.Sequence(n, count, seed),
            _ => throw new ArgumentException($"Unknown problem '{problem}' or variant '{variant}'."),
        }).ToList();
        if (export is not null)
        {
            Directory.CreateDirectory(export);
            for (int i = 0; i < batch.Count; i++)
            {
                MatrixMarket.WriteMatrix(Path.Combine(export, $"A_{i}.mtx"), batch[i].Matrix);
                MatrixMarket.WriteVector(Path.Combine(export, $"b_{i}.mtx"), batch[i].RightHandSide);
                MatrixMarket.WriteVector(Path.Combine(export, $"p_{i}.mtx"), batch[i].Parameters);
            }
        }
        var options = new SolverOptions { RelativeTolerance = tol, MaxIterations = maxIterations, RecordHistory = false };
        var systems = batch.Select(s => (s.Matrix, s.RightHandSide)).ToList();
        IPreconditioner? Build(CsrMatrix a) => kind == PreconditionerKind.None ? null : Preconditioner.Create(kind, a);

        foreach (var method in methods)
        {
            var clock = Stopwatch.StartNew();
            double cpuStart = ThreadCpuClock.Seconds();
            int iterations = 0, converged = 0, applications = 0;
            double worst = 0;
            switch (method)
            {
                case "gmres":
                    foreach (var (a, b) in systems)
                    {
                        var x = new double[a.RowCount];
                        var r = Gmres.Solve(a, b, x, Build(a), new GmresOptions(options) { Restart = 40 });
                        Tally(r, ref iterations, ref converged, ref worst);
                        // Arnoldi steps plus the initial and one per-cycle residual.
                        applications += r.Iterations + 1 + (r.Iterations + 39) / 40;
                    }
                    break;
                case "gcrodr":
                case "skr":
                    var result = SortedRecycling.SolveAll(systems, method == "skr" ? batch.Select(s => s.Parameters).ToList() : null,
                        Build, options, m: 40, k: 20);
                    foreach (var r in result.Results) Tally(r, ref iterations, ref converged, ref worst);
                    applications += result.OperatorApplications.Sum() + systems.Count;
                    break;
                default:
                    throw new ArgumentException($"Unknown method '{method}'.");
            }
            var report = new Dictionary<string, object>
            {
                ["peer"] = "solvers",
                ["problem"] = $"{problem}-{n}",
                ["variant"] = variant,
                ["maxIterations"] = maxIterations,
                ["n"] = n * n,
                ["count"] = count,
                ["precond"] = kind.ToString().ToLowerInvariant(),
                ["tol"] = tol,
                ["method"] = method,
                ["totalIterations"] = iterations,
                ["operatorApplications"] = applications,
                ["totalSeconds"] = clock.Elapsed.TotalSeconds,
                ["threadCpuSeconds"] = ThreadCpuClock.Seconds() - cpuStart,
                ["converged"] = converged,
                ["worstRelativeResidual"] = worst,
            };
            Console.WriteLine(JsonSerializer.Serialize(report));
        }
        return 0;
    }

    private static void Tally(SolveResult r, ref int iterations, ref int converged, ref double worst)
    {
        iterations += r.Iterations;
        if (r.Converged) converged++;
        worst = Math.Max(worst, r.RelativeResidual);
    }
}
