using System.CommandLine;
using System.Globalization;
using Solvers.Cli.Output;
using Solvers.Constrained.Problems;
using Solvers.Constrained.SketchedAugmentedLagrangian;
using Solvers.Linear.IO;
using Solvers.Linear.Solving;
using Spectre.Console;

namespace Solvers.Cli.Commands;

/// <summary><c>solvers nlp</c>: an equality-constrained test problem solved by AdaSketch-Newton or exact Newton.</summary>
internal static class NlpCommand
{
    public static Command Create()
    {
        var problem = new Option<string>("--problem")
        {
            Description = "hs6, hs7, ..., hs79 (" + string.Join(", ", HockSchittkowski.Names) + "), " + string.Join(", ", BoggsTolle.Names) + ", eclr or pde2d.",
            Required = true,
        };
        var data = new Option<string?>("--data") { Description = "eclr: LIBSVM data file (labels +1/-1 or 0/1, 1-based features)." };
        var constraints = new Option<string?>("--constraints")
        {
            Description = "eclr: CSV with the rows of [A | b] (k rows, d + 1 columns). Without it A (k x d, N(0,1)) and b = A w_f " +
                "(w_f a random unit vector) come from the seeded generator with k = --k.",
        };
        var k = new Option<int>("--k") { Description = "eclr: number of generated linear constraints.", DefaultValueFactory = _ => 5 };
        var n = new Option<int>("--n") { Description = "pde2d: grid size N (n = 2N^2 variables, m = N^2 constraints).", DefaultValueFactory = _ => 16 };
        var kappa = new Option<double>("--kappa") { Description = "pde2d: coefficient of the cubic term (0 = linear Poisson control).", DefaultValueFactory = _ => 1.0 };
        var solver = new Option<string>("--solver") { Description = "adasketch or exact-newton.", DefaultValueFactory = _ => "adasketch" };
        solver.AcceptOnlyFromAmong("adasketch", "exact-newton");
        var sketch = new Option<string>("--sketch") { Description = "adasketch inner solver: rk (randomized Kaczmarz) or gaussian.", DefaultValueFactory = _ => "rk" };
        sketch.AcceptOnlyFromAmong("rk", "gaussian");
        var sketchSize = new Option<int>("--sketch-size")
        {
            Description = "rk: rows per sketch q (1 = the paper's single-row Kaczmarz; q > 1 = block Kaczmarz).",
            DefaultValueFactory = _ => 1,
        };
        var rowOrder = new Option<string>("--row-order")
        {
            Description = "rk, q = 1: uniform (independent row draws, the paper's) or reshuffled (a random permutation of the rows per sweep).",
            DefaultValueFactory = _ => "uniform",
        };
        rowOrder.AcceptOnlyFromAmong("uniform", "reshuffled");
        var scaleColumns = new Option<bool>("--scale-columns")
        {
            Description = "rk, q = 1: project in the norm weighted by the KKT matrix's column norms (Kaczmarz on K D y = b, v = D y) instead of the Euclidean norm.",
        };
        var tol = new Option<double>("--tol") { Description = "Stop at ||(grad_x L, c)|| <= tol.", DefaultValueFactory = _ => 1e-6 };
        var maxIter = new Option<int>("--max-iter") { Description = "Outer iteration limit.", DefaultValueFactory = _ => 10_000 };
        var fixedAccuracy = new Option<double?>("--fixed-accuracy") { Description = "Fixed inner accuracy eta (||K dz + grad L|| <= eta ||grad L||) instead of the adaptive test." };
        var polishBelow = new Option<double?>("--polish-below")
        {
            Description = "Solve the Newton-KKT system exactly once the KKT residual is at or below this value (e.g. 1e-4, the paper's AdaSketch stop), sketching before that.",
        };
        var noFallback = new Option<bool>("--no-fallback") { Description = "Keep the capped sketch step instead of an exact solve when sketching misses its accuracy." };
        var noPredict = new Option<bool>("--no-predict-miss")
        {
            Description = "Spend the whole sketch budget before falling back to an exact solve, instead of falling back once the observed residual decay predicts a miss.",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the sketches and of generated eclr constraints.", DefaultValueFactory = _ => 2023 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var plot = new Option<string?>("--plot") { Description = "Save the KKT residual per outer iteration to this PNG file." };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Benchmarking: solve up to this many times in one process (after the second, stopping once a run takes 1 s or more) and report the fastest (the first run pays JIT compilation).",
            DefaultValueFactory = _ => 1,
        };

        var command = new Command("nlp", "Equality-constrained optimisation: min f(x) s.t. c(x) = 0 with AdaSketch-Newton.\n" +
            "Example: solvers nlp --problem eclr --data heart.svm --k 5 --json");
        foreach (var option in new Option[] { problem, data, constraints, k, n, kappa, solver, sketch, sketchSize, rowOrder, scaleColumns, tol, maxIter, fixedAccuracy, polishBelow, noFallback, noPredict, seed, json, plot, repeat })
            command.Options.Add(option);
        command.SetAction(parse => Run(new Arguments(parse.GetValue(problem)!, parse.GetValue(data), parse.GetValue(constraints), parse.GetValue(k),
            parse.GetValue(n), parse.GetValue(kappa), parse.GetValue(solver)!, parse.GetValue(sketch)!, parse.GetValue(sketchSize),
            parse.GetValue(rowOrder)!, parse.GetValue(scaleColumns), parse.GetValue(tol), parse.GetValue(maxIter),
            parse.GetValue(fixedAccuracy), parse.GetValue(polishBelow), parse.GetValue(noFallback), parse.GetValue(noPredict), parse.GetValue(seed), parse.GetValue(json), parse.GetValue(plot), parse.GetValue(repeat))));
        return command;
    }

    private sealed record Arguments(string Problem, string? Data, string? Constraints, int K, int N, double Kappa, string Solver, string Sketch, int SketchSize,
        string RowOrder, bool ScaleColumns, double Tol, int MaxIter, double? FixedAccuracy, double? PolishBelow, bool NoFallback, bool NoPredictMiss, int Seed, bool Json, string? Plot, int Repeat);

    private static int Run(Arguments args)
        => CommandHost.Run("nlp", token => Solve(args, token));

    private static (IConstrainedProblem Problem, double[]? Multipliers, double? Optimum) Build(Arguments args)
    {
        string name = args.Problem.ToLowerInvariant();
        if (name == "pde2d")
        {
            if (args.N < 1) throw new ArgumentException($"--n must be at least 1, was {args.N}.");
            return (new SemilinearControl2D(args.N, args.Kappa), null, null);
        }
        if (name == "eclr")
        {
            if (args.Data is null) throw new ArgumentException("--problem eclr needs --data FILE.svm.");
            var set = LibSvm.Read(args.Data);
            var (a, b) = args.Constraints is not null
                ? LinearConstraints.ReadCsv(args.Constraints, set.FeatureCount)
                : GeneratedConstraints(args.K, set.FeatureCount, args.Seed);
            var eclr = new ConstrainedLogisticRegression($"eclr_{Path.GetFileNameWithoutExtension(args.Data)}", set, a, b);
            return (eclr, eclr.InitialMultipliers(), null);
        }
        var test = name.StartsWith("bt", StringComparison.Ordinal) ? BoggsTolle.Create(name) : HockSchittkowski.Create(name);
        return (test.Problem, null, test.OptimalObjective);
    }

    private static (double[,], double[]) GeneratedConstraints(int k, int d, int seed)
    {
        if (k < 0) throw new ArgumentException($"--k must be non-negative, was {k}.");
        return LinearConstraints.Generate(k, d, seed);
    }

    private static int Solve(Arguments args, CancellationToken token)
    {
        var (problem, multipliers, optimum) = Build(args);
        var options = new AdaSketchOptions
        {
            Tolerance = args.Tol,
            MaxOuterIterations = args.MaxIter,
            InnerSolver = args.Solver == "exact-newton" ? InnerSolverKind.Exact
                : args.Sketch == "gaussian" ? InnerSolverKind.GaussianSketch : InnerSolverKind.RandomizedKaczmarz,
            FixedInnerTolerance = args.FixedAccuracy,
            PolishBelow = args.PolishBelow,
            ExactFallback = !args.NoFallback,
            PredictSketchMiss = !args.NoPredictMiss,
            SketchSize = args.SketchSize,
            RowOrder = args.RowOrder == "reshuffled" ? KaczmarzRowOrder.Reshuffled : KaczmarzRowOrder.Uniform,
            ScaleColumns = args.ScaleColumns,
            Seed = args.Seed,
            InitialMultipliers = multipliers,
            CancellationToken = token,
        };
        if (args.Repeat < 1) throw new ArgumentException($"--repeat must be at least 1, was {args.Repeat}.");
        // Process CPU time of each solve next to its wall time: on a shared machine wall time includes time the
        // process waited for a core, which IPOPT's CPU-time report does not.
        var cpu0 = Environment.CpuUsage.TotalTime;
        // The bar follows the absolute KKT residual towards --tol (the relative target is not known before the start).
        var result = ProgressDisplay.Run($"nlp {problem.Name}", args.Tol,
            monitor => AdaSketchNewton.Solve(problem, options with { Monitor = monitor is null ? null : new AbsoluteKktMonitor(monitor) }));
        double cpuSeconds = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
        for (int run = 1; run < args.Repeat && (run < 2 || result.Elapsed.TotalSeconds < 1.0) && !token.IsCancellationRequested; run++)
        {
            cpu0 = Environment.CpuUsage.TotalTime;
            var again = AdaSketchNewton.Solve(problem, options);
            double cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
            if (again.Elapsed < result.Elapsed)
            {
                result = again;
                cpuSeconds = cpu;
            }
        }
        var report = new NlpReport
        {
            Problem = problem.Name,
            Solver = SolverLabel(args),
            N = problem.VariableCount,
            M = problem.ConstraintCount,
            F = result.Objective,
            KktStationarity = result.KktStationarity,
            KktFeasibility = result.KktFeasibility,
            OuterIterations = result.OuterIterations,
            InnerIterations = result.InnerIterations,
            InnerFlops = result.InnerFlops,
            FunctionEvaluations = result.FunctionEvaluations,
            GradientEvaluations = result.GradientEvaluations,
            HessianEvaluations = result.HessianEvaluations,
            ExactFallbacks = result.ExactFallbacks,
            PolishedIterations = result.PolishedIterations,
            History = result.History.ToArray(),
            Seconds = result.Elapsed.TotalSeconds,
            CpuSeconds = cpuSeconds,
            Status = result.Status.ToString(),
            Converged = result.Converged,
            Tol = args.Tol,
            OptimalF = optimum,
            Message = result.Message,
            Profile = new NlpProfileReport
            {
                EvaluationSeconds = result.Profile.EvaluationSeconds,
                HessianSeconds = result.Profile.HessianSeconds,
                SetupSeconds = result.Profile.SetupSeconds,
                SketchSeconds = result.Profile.SketchSeconds,
                ExactSolveSeconds = result.Profile.ExactSolveSeconds,
                LineSearchTrials = result.Profile.LineSearchTrials,
                SketchSteps = result.Profile.SketchSteps,
                SketchRows = result.Profile.SketchRows,
                ResidualChecks = result.Profile.ResidualChecks,
                PredictedMisses = result.Profile.PredictedMisses,
                MinInnerRelativeTolerance = double.IsNaN(result.Profile.MinInnerRelativeTolerance) ? null : result.Profile.MinInnerRelativeTolerance,
                MaxInnerRelativeTolerance = double.IsNaN(result.Profile.MaxInnerRelativeTolerance) ? null : result.Profile.MaxInnerRelativeTolerance,
            },
        };
        if (args.Plot is not null)
            ConvergencePlot.Save(args.Plot, $"nlp {problem.Name}, {report.Solver}",
                [(report.Solver, Enumerable.Range(0, report.History.Length).Select(i => (double)i).ToArray(), report.History)],
                "outer iteration", "log10 ||(grad_x L, c)||");
        if (args.Json) Console.Out.WriteLine(report.ToJson());
        else PrintTable(report);
        return result.Converged ? Program.ExitConverged : Program.ExitNotConverged;
    }

    private static string SolverLabel(Arguments args)
    {
        if (args.Solver == "exact-newton") return "exact-newton";
        if (args.SketchSize > 1) return $"adasketch-{args.Sketch}-q{args.SketchSize}";
        string label = $"adasketch-{args.Sketch}";
        if (args.Sketch == "rk" && args.RowOrder == "reshuffled") label += "-reshuffled";
        if (args.Sketch == "rk" && args.ScaleColumns) label += "-scaled";
        if (args.PolishBelow is not null) label += "-polished";
        return label;
    }

    private static void PrintTable(NlpReport r)
    {
        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        void Row(string key, string value) => table.AddRow(Markup.Escape(key), Markup.Escape(value));
        var inv = CultureInfo.InvariantCulture;
        Row("problem", $"{r.Problem} (n = {r.N}, m = {r.M})");
        Row("solver", r.Solver);
        Row("status", r.Status);
        Row("f", r.F.ToString("G12", inv));
        if (r.OptimalF is { } f) Row("published f*", f.ToString("G12", inv));
        Row("||grad_x L||", r.KktStationarity.ToString("0.000e+00", inv));
        Row("||c||", r.KktFeasibility.ToString("0.000e+00", inv));
        Row("outer / inner iterations", $"{r.OuterIterations} / {r.InnerIterations}");
        Row("inner flops", r.InnerFlops.ToString("0.00e+00", inv));
        Row("exact fallbacks", r.ExactFallbacks.ToString(inv));
        if (r.PolishedIterations > 0) Row("exact polishing iterations", r.PolishedIterations.ToString(inv));
        Row("seconds", r.Seconds.ToString("F4", inv));
        if (r.Message is not null) Row("note", r.Message);
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
    }

    /// <summary>Passes the absolute KKT residual on as the "relative" one, so a bar with target --tol can follow it.</summary>
    private sealed class AbsoluteKktMonitor(IIterationMonitor inner) : IIterationMonitor
    {
        public void OnIteration(in IterationInfo info) =>
            inner.OnIteration(info with { RelativeResidual = info.ResidualNorm });
    }
}
