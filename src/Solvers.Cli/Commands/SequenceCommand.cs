using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Solvers.Cli.Input;
using Solvers.Cli.Output;
using Spectre.Console;

namespace Solvers.Cli.Commands;

/// <summary>
/// <c>solvers sequence</c>: a sequence of related systems (issue #4) solved one after another, with per-system
/// iterations, omega, time and context. Methods sor and ssor-pcg run here (<see cref="RelaxationSequenceRunner"/>);
/// gmres, gcrodr and skr go to <see cref="KrylovSequenceRunner"/>.
/// </summary>
internal static class SequenceCommand
{
    /// <summary>The --method values handled by <see cref="RelaxationSequenceRunner"/>.</summary>
    private static readonly string[] RelaxationMethods = ["sor", "ssor-pcg"];

    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "shifted-laplacian, heat2d, darcy2d or helmholtz2d.", Required = true };
        problem.AcceptOnlyFromAmong(SequenceProblems.Names);
        var grid = new Option<int?>("--n")
        {
            Description = "Grid size: interior points per side for shifted-laplacian (default 10, n = 100 unknowns), darcy2d (default 80; " +
                "78 with --variant paper, the SKR paper's '6400' set) and helmholtz2d (default 100; 98 with --variant paper, its '10^4' set); " +
                "mesh intervals per side nx for heat2d (default 100, n = (nx - 1)^2).",
        };
        var variant = new Option<string>("--variant")
        {
            Description = "darcy2d / helmholtz2d systems: standard (symmetric harmonic-mean finite volumes for -div(K grad u); Helmholtz " +
                "with a GRF wavenumber field, indefinite) or paper (as the SKR paper's scripts build them: non-symmetric, for comparing with its numbers).",
            DefaultValueFactory = _ => "standard",
        };
        variant.AcceptOnlyFromAmong(SequenceProblems.Variants);
        var count = new Option<int>("--count") { Description = "Number of systems (heat2d: time steps of dt = 1e-3).", DefaultValueFactory = _ => 100 };
        var method = new Option<string>("--method") { Description = "sor, ssor-pcg, gmres, gcrodr or skr.", DefaultValueFactory = _ => "sor" };
        method.AcceptOnlyFromAmong("sor", "ssor-pcg", "gmres", "gcrodr", "skr");
        var omega = new Option<string?>("--omega")
        {
            Description = "Relaxation factor for sor / ssor-pcg: a number W in (0, 2), young (Young's omega per system), " +
                $"bandit (Tsallis-INF over linspace(1, 1.95, 20)) or contextual (ChebCB on the shift / kappa). Default {RelaxationSequenceRunner.DefaultOmega}.",
        };
        var precond = new Option<string?>("--precond") { Description = "none, jacobi, sor or ilu0 (for gmres, gcrodr, skr; sor and ssor-pcg imply theirs)." };
        precond.AcceptOnlyFromAmong("none", "jacobi", "sor", "ilu0");
        var tol = new Option<double>("--tol") { Description = "Relative tolerance on ||b - Ax|| / ||b|| per system.", DefaultValueFactory = _ => 1e-8 };
        var maxIter = new Option<int>("--max-iter") { Description = "Iteration limit per system.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the problem's random data and of the policy's draws.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var plot = new Option<string?>("--plot") { Description = "Save cost-per-system and cumulative-cost curves to this PNG file." };
        var regret = new Option<bool>("--regret")
        {
            Description = "sor / ssor-pcg: also solve every system at each omega of linspace(1, 1.95, 20) (20 times the work) and report the " +
                "policy's regret against the best fixed omega in hindsight and its ratio to the instance-optimal grid policy.",
        };

        var command = new Command("sequence", "Solve a sequence of related systems, tuning omega online (Learning to Relax) or recycling Krylov subspaces.\n" +
            "Example: solvers sequence --problem shifted-laplacian --count 1000 --method sor --omega contextual --json");
        foreach (var option in new Option[] { problem, grid, variant, count, method, omega, precond, tol, maxIter, seed, json, plot, regret })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            string problemName = parse.GetValue(problem)!, variantName = parse.GetValue(variant)!;
            var request = new SequenceRequest(problemName, parse.GetValue(grid) ?? SequenceProblems.DefaultGrid(problemName, variantName), parse.GetValue(count),
                parse.GetValue(method)!, parse.GetValue(omega), parse.GetValue(precond), parse.GetValue(tol), parse.GetValue(maxIter), parse.GetValue(seed),
                variantName, parse.GetValue(regret));
            return Run(request, parse.GetValue(json), parse.GetValue(plot));
        });
        return command;
    }

    private static int Run(SequenceRequest request, bool json, string? plot)
        => CommandHost.Run("sequence", token => { Validate(request); return Execute(request, json, plot, token); });

    private static void Validate(SequenceRequest r)
    {
        if (r.Grid < 1) throw new ArgumentException($"--n must be a positive grid size, was {r.Grid}.");
        if (r.Count < 1) throw new ArgumentException($"--count must be at least 1, was {r.Count}.");
        if (!(r.Tol > 0 && r.Tol < 1)) throw new ArgumentException($"--tol must lie in (0, 1), was {r.Tol}.");
        if (r.MaxIter < 1) throw new ArgumentException($"--max-iter must be at least 1, was {r.MaxIter}.");
        if (r.Omega is not null && !RelaxationMethods.Contains(r.Method) && r.Precond != "sor")
            throw new ArgumentException($"--omega applies to --method sor and ssor-pcg (or to --precond sor), not to --method {r.Method} with --precond {r.Precond ?? "none"}.");
        if (r.Regret && !RelaxationMethods.Contains(r.Method))
            throw new ArgumentException($"--regret applies to --method sor and ssor-pcg (the omega policies), not to --method {r.Method}.");
    }

    private static SequenceRunner SelectRunner(SequenceRequest r)
    {
        if (RelaxationMethods.Contains(r.Method)) return RelaxationSequenceRunner.Run;
        return KrylovSequenceRunner.Run;
    }

    private static int Execute(SequenceRequest request, bool json, string? plot, CancellationToken token)
    {
        var runner = SelectRunner(request);
        var systems = new List<SequenceEntry>(request.Count);
        var clock = Stopwatch.StartNew();
        var inv = CultureInfo.InvariantCulture;
        SequenceProgress.Run($"{request.Problem} / {request.Method}", request.Count, advance =>
            runner(request, entry =>
            {
                systems.Add(entry);
                advance(entry.Index, entry.Omega is { } w ? $"it {entry.Iterations}  omega {w.ToString("F3", inv)}" : $"it {entry.Iterations}");
            }, token));
        double totalSeconds = clock.Elapsed.TotalSeconds;

        var ordered = systems.OrderBy(s => s.Index).ToList();
        var regret = SequenceRegret.From(ordered);
        if (regret is { } r) ordered = r.Systems;
        int notConverged = systems.Count(s => !s.Converged);
        bool cancelled = token.IsCancellationRequested;
        var report = new SequenceReport
        {
            Problem = request.Problem,
            Method = request.Method,
            Omega = RelaxationMethods.Contains(request.Method) ? request.Omega ?? RelaxationSequenceRunner.DefaultOmega : request.Omega,
            Precond = request.Precond ?? (request.Method == "ssor-pcg" ? "sor" : request.Method == "sor" ? "none" : null),
            Grid = request.Grid,
            Variant = request.Problem is "darcy2d" or "helmholtz2d" ? request.Variant : null,
            N = SequenceProblems.Unknowns(request.Problem, request.Grid),
            Count = request.Count,
            Tol = request.Tol,
            Seed = request.Seed,
            TotalIterations = systems.Sum(s => (long)s.Iterations),
            TotalSeconds = totalSeconds,
            Converged = notConverged == 0 && !cancelled && systems.Count == request.Count,
            NotConverged = notConverged,
            Cancelled = cancelled,
            Regret = regret?.Summary,
            Systems = ordered,
        };
        if (plot is not null)
            SequencePlot.Save(plot, $"{request.Problem} (--n {request.Grid}), {request.Method}{(report.Omega is null ? "" : $", omega {report.Omega}")}", ordered, regret?.Table);
        if (json) Console.Out.WriteLine(report.ToJson());
        else PrintTable(report);
        return report.Converged ? Program.ExitConverged : Program.ExitNotConverged;
    }

    private static void PrintTable(SequenceReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        Row("problem / --n", $"{r.Problem} / {r.Grid}");
        Row("method / omega", $"{r.Method} / {r.Omega ?? "-"}");
        Row("systems", $"{r.Systems.Count} of {r.Count}");
        Row("total iterations", r.TotalIterations.ToString(inv));
        Row("iterations per system", r.Systems.Count == 0 ? "-" : (r.TotalIterations / (double)r.Systems.Count).ToString("F1", inv));
        var omegas = r.Systems.Where(s => s.Omega is not null).Select(s => s.Omega!.Value).ToList();
        if (omegas.Count > 0) Row("mean omega", omegas.Average().ToString("F3", inv));
        Row("not converged", r.NotConverged.ToString(inv));
        if (r.Regret is { } g)
        {
            Row("best fixed omega (hindsight)", $"{g.BestFixedOmega.ToString("F3", inv)}: {g.BestFixedIterations.ToString(inv)} iterations");
            Row("instance-optimal grid omega", $"{g.InstanceOptimalIterations.ToString(inv)} iterations");
            Row("regret vs best fixed", $"{g.Regret.ToString(inv)} ({g.RatioToBestFixed.ToString("F3", inv)}x)");
            Row("ratio to instance-optimal", $"{g.RatioToInstanceOptimal.ToString("F3", inv)}x");
        }
        Row("total s", r.TotalSeconds.ToString("F3", inv));
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
    }
}
