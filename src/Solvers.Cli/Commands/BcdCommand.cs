using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Solvers.Cli.Input;
using Solvers.Cli.Output;
using Solvers.Constrained.BlockCoordinateDescent;
using Spectre.Console;

namespace Solvers.Cli.Commands;

/// <summary><c>solvers bcd</c>: block coordinate descent on a regression / classification problem.</summary>
internal static class BcdCommand
{
    private static readonly string[] Problems = ["lasso", "l1log", "ridge", "ls", "softmax", "labelprop"];
    private static readonly string[] Rules = ["random", "cyclic", "gs", "gsl", "gsd", "gsq"];
    private static readonly string[] Updates = ["gradient", "diagonal", "matrix", "newton", "exact", "newton-cd"];
    private static readonly string[] PartitionNames = ["vb", "order", "sort", "avg", "random", "trees", "red-black"];

    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "lasso, l1log, ridge, ls, softmax (L1, class labels of the file), labelprop (--data lattice[:R:C[:SEED]] = data set D or moons[:N[:SEED]] = data set E).", Required = true };
        problem.AcceptOnlyFromAmong(Problems);
        var data = new Option<string>("--data") { Description = "The data: " + DataSource.Help + ".", Required = true };
        var lambda = new Option<double?>("--lambda") { Description = "Regularisation: L1 weight (lasso, l1log; default 0.1 lambda_max) or ridge weight (default 1)." };
        var rule = new Option<string>("--rule") { Description = "Block selection: random, cyclic, gs, gsl, gsd or gsq.", DefaultValueFactory = _ => "gsl" };
        rule.AcceptOnlyFromAmong(Rules);
        var update = new Option<string?>("--update") { Description = "Block update: gradient, diagonal, matrix, newton, exact (message passing on forest blocks) or newton-cd (matrix-free proximal Newton: inner coordinate descent with shrinking, CG when lambda = 0, line search; lasso, ridge, ls, l1log). Default: newton for l1log, exact for labelprop, diagonal for --rule gsd, gradient otherwise." };
        update.AcceptOnlyFromAmong(Updates);
        var partition = new Option<string>("--partition") { Description = "Blocks: vb (variable), order, sort, avg or random (fixed); trees or red-black (labelprop lattices).", DefaultValueFactory = _ => "vb" };
        partition.AcceptOnlyFromAmong(PartitionNames);
        var blockSize = new Option<int>("--block-size") { Description = "Block size tau.", DefaultValueFactory = _ => 1 };
        var tol = new Option<double>("--tol") { Description = "Stop when the optimality measure (inf-norm of the minimum-norm subgradient) falls to tol times its initial value.", DefaultValueFactory = _ => 1e-8 };
        var maxIter = new Option<int>("--max-iter") { Description = "Block-update limit.", DefaultValueFactory = _ => 10_000_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random rules and partitions.", DefaultValueFactory = _ => 1 };
        var nonNegative = new Option<bool>("--nonneg") { Description = "Add the bound x >= 0 (e.g. --problem lasso --nonneg: the non-negative lasso A-l1 of the BCD brief); needs a start of 0, which is feasible." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var history = new Option<bool>("--history") { Description = "Record F(x^k) every iteration and include it in the JSON." };
        var plot = new Option<string?>("--plot") { Description = "Save the convergence curve F(x^k) - F(x_final) to this PNG file (records the history)." };
        var saveData = new Option<string?>("--save-data") { Description = "Also write the data set (e.g. a synthetic one) to this LIBSVM file." };
        var greedyPath = new Option<string>("--greedy-path")
        {
            Description = "Greedy rules: auto (tournament tree where the gradient dependence is sparse), tree (whenever the objective supports it) or scan (O(n) per iteration).",
            DefaultValueFactory = _ => "auto",
        };
        greedyPath.AcceptOnlyFromAmong("auto", "tree", "scan");
        var repeat = new Option<int>("--repeat")
        {
            Description = "Benchmarking: solve up to this many times in one process (stopping once a run takes 1 s or more) and report the fastest.",
            DefaultValueFactory = _ => 1,
        };

        var command = new Command("bcd", "Block coordinate descent with greedy rules (Nutini, Laradji and Schmidt 2022).\n" +
            "Example: solvers bcd --problem lasso --data heart.svm --lambda 1 --rule gsl --json");
        foreach (var option in new Option[] { problem, data, lambda, rule, update, partition, blockSize, tol, maxIter, seed, nonNegative, json, history, plot, saveData, repeat, greedyPath })
            command.Options.Add(option);
        command.SetAction(parse => Run(new Arguments(parse.GetValue(problem)!, parse.GetValue(data)!, parse.GetValue(lambda), parse.GetValue(rule)!,
            parse.GetValue(update), parse.GetValue(partition)!, parse.GetValue(blockSize), parse.GetValue(tol), parse.GetValue(maxIter),
            parse.GetValue(seed), parse.GetValue(json), parse.GetValue(history), parse.GetValue(plot), parse.GetValue(saveData), parse.GetValue(repeat),
            parse.GetValue(greedyPath)!, parse.GetValue(nonNegative))));
        return command;
    }

    private sealed record Arguments(string Problem, string Data, double? Lambda, string Rule, string? Update, string Partition, int BlockSize,
        double Tol, int MaxIter, int Seed, bool Json, bool History, string? Plot, string? SaveData, int Repeat, string GreedyPath = "auto", bool NonNegative = false);

    private static int Run(Arguments args)
        => CommandHost.Run("bcd", token => Solve(args, token));

    private static int Solve(Arguments args, CancellationToken token)
    {
        if (args.Problem is "labelprop") return SolveLabelPropagation(args, token);
        if (args.Partition is "trees" or "red-black") throw new ArgumentException($"--partition {args.Partition} needs --problem labelprop.");
        if (args.Repeat < 1) throw new ArgumentException($"--repeat must be at least 1, was {args.Repeat}.");
        if (args.BlockSize < 1) throw new ArgumentException($"--block-size must be at least 1, was {args.BlockSize}.");
        if (!(args.Tol >= 0)) throw new ArgumentException($"--tol must be non-negative, was {args.Tol}.");
        if (args.Lambda is { } given && !(given >= 0)) throw new ArgumentException($"--lambda must be non-negative, was {given}.");

        var clock = Stopwatch.StartNew();
        var data = DataSource.Load(args.Data);
        if (args.SaveData is not null) DataSource.Save(args.SaveData, data);
        double loadSeconds = clock.Elapsed.TotalSeconds;

        SmoothObjective f;
        double l1;
        switch (args.Problem)
        {
            case "ls":
                f = new LeastSquaresObjective(data.Features, data.Labels);
                l1 = 0;
                break;
            case "ridge":
                f = new LeastSquaresObjective(data.Features, data.Labels, args.Lambda ?? 1.0);
                l1 = 0;
                break;
            case "lasso":
                f = new LeastSquaresObjective(data.Features, data.Labels);
                l1 = args.Lambda ?? 0.1 * BcdSolver.LambdaMax(f);
                break;
            case "softmax":
            {
                var classes = data.Labels.Distinct().Order().ToArray();
                if (classes.Length < 2) throw new ArgumentException($"--problem softmax needs at least 2 classes; {args.Data} has {classes.Length}.");
                var y = data.Labels.Select(v => Array.BinarySearch(classes, v)).ToArray();
                f = new SoftmaxObjective(data.Features, y, classes.Length);
                l1 = args.Lambda ?? 0.1 * BcdSolver.LambdaMax(f);
                break;
            }
            default:
                f = new LogisticObjective(data.Features, data.BinaryLabels());
                l1 = args.Lambda ?? 0.1 * BcdSolver.LambdaMax(f);
                break;
        }
        var options = Options(args, token);
        return Finish(args, f, l1, options, data.SampleCount, data.FeatureCount, loadSeconds, token);
    }

    private static int SolveLabelPropagation(Arguments args, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        var parts = args.Data.Split(':');
        if (parts[0] == "moons") return SolveMoons(args, parts, clock, token);
        int rows = 50, cols = 50, seed = 1;
        if (parts[0] != "lattice" || parts.Length is not (1 or 3 or 4)
            || (parts.Length >= 3 && (!int.TryParse(parts[1], CultureInfo.InvariantCulture, out rows) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out cols)))
            || (parts.Length == 4 && !int.TryParse(parts[3], CultureInfo.InvariantCulture, out seed)))
            throw new ArgumentException($"--problem labelprop takes --data lattice[:R:C[:SEED]] (data set D: weights 1e5, 100 labelled nodes), got '{args.Data}'.");
        if (rows < 2 || cols < 2) throw new ArgumentException($"Lattice sizes must be at least 2, were {rows} x {cols}.");
        var lattice = LatticeProblem.DataSetD(rows, cols, 1e5, Math.Min(100, rows * cols / 2), seed);
        var options = Options(args, token) with { Blocks = args.Partition switch { "trees" => lattice.Trees, "red-black" => lattice.RedBlack, _ => null } };
        if (args.Update is null) options = options with { Update = BlockUpdate.Exact };
        return Finish(args, lattice.Objective, 0, options, rows * cols, lattice.Objective.VariableCount, clock.Elapsed.TotalSeconds, token);
    }

    /// <summary>Data set E: --data moons[:N[:SEED]] (two moons, 5-nearest-neighbour graph, weights 1, 100 labelled nodes).</summary>
    private static int SolveMoons(Arguments args, string[] parts, Stopwatch clock, CancellationToken token)
    {
        int count = 2000, seed = 1;
        if (parts.Length > 3
            || (parts.Length >= 2 && !int.TryParse(parts[1], CultureInfo.InvariantCulture, out count))
            || (parts.Length == 3 && !int.TryParse(parts[2], CultureInfo.InvariantCulture, out seed)))
            throw new ArgumentException($"--problem labelprop takes --data moons[:N[:SEED]] (data set E: 5-NN graph, 100 labelled nodes), got '{args.Data}'.");
        if (count < 12) throw new ArgumentException($"moons needs at least 12 points, was {count}.");
        if (args.Partition is "trees" or "red-black") throw new ArgumentException($"--partition {args.Partition} needs a lattice (--data lattice[:R:C[:SEED]]).");
        var moons = NearestNeighbourProblem.DataSetE(count, 5, Math.Min(100, count / 2), 0.1, seed);
        var options = Options(args, token);
        if (args.Update is null) options = options with { Update = BlockUpdate.Exact };
        return Finish(args, moons.Objective, 0, options, count, moons.Objective.VariableCount, clock.Elapsed.TotalSeconds, token);
    }

    private static BcdOptions Options(Arguments args, CancellationToken token) => new()
        {
            Rule = args.Rule switch
            {
                "random" => SelectionRule.Random,
                "cyclic" => SelectionRule.Cyclic,
                "gs" => SelectionRule.GaussSouthwell,
                "gsd" => SelectionRule.GaussSouthwellDiagonal,
                "gsq" => SelectionRule.GaussSouthwellQuadratic,
                _ => SelectionRule.GaussSouthwellLipschitz,
            },
            // Without --update: the GSD rule gets the diagonal step whose decrease bound it maximises.
            Update = (args.Update ?? (args.Problem == "l1log" ? "newton" : args.Rule == "gsd" ? "diagonal" : "gradient")) switch
            {
                "diagonal" => BlockUpdate.Diagonal,
                "matrix" => BlockUpdate.Matrix,
                "newton" => BlockUpdate.Newton,
                "exact" => BlockUpdate.Exact,
                "newton-cd" => BlockUpdate.NewtonCD,
                _ => BlockUpdate.Gradient,
            },
            Partition = args.Partition switch
            {
                "order" => BlockPartition.Order,
                "sort" => BlockPartition.Sort,
                "avg" => BlockPartition.Average,
                "random" => BlockPartition.Random,
                _ => BlockPartition.Variable,
            },
            BlockSize = args.BlockSize,
            Tolerance = args.Tol,
            MaxIterations = args.MaxIter,
            Seed = args.Seed,
            RecordHistory = args.History || args.Plot is not null,
            NonNegative = args.NonNegative,
            FastGreedy = args.GreedyPath switch { "tree" => true, "scan" => false, _ => null },
            CancellationToken = token,
        };

    private static int Finish(Arguments args, SmoothObjective f, double l1, BcdOptions options, int samples, int features, double loadSeconds, CancellationToken token)
    {
        BcdResult? result = null;
        int runs = 0;
        while (runs < args.Repeat)
        {
            runs++;
            var x = new double[f.VariableCount];
            var run = ProgressDisplay.Run($"bcd {args.Problem} ({args.Rule})", args.Tol,
                monitor => BcdSolver.Solve(f, l1, x, options with { Monitor = monitor }));
            if (result is null || run.Elapsed < result.Elapsed) result = run;
            if (run.Elapsed.TotalSeconds >= 1.0 || token.IsCancellationRequested) break;
        }
        if (result is null) throw new InvalidOperationException("No solve was run.");

        if (args.Plot is not null)
        {
            double best = Math.Min(result.Objective, result.History.Count > 0 ? result.History.Min() : result.Objective);
            var ys = result.History.Select(v => Math.Max(v - best, 0) / Math.Max(Math.Abs(best), 1e-300)).ToArray();
            var xs = Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray();
            ConvergencePlot.Save(args.Plot, $"bcd {args.Problem}, {args.Rule}, tau = {args.BlockSize} on {Path.GetFileName(args.Data)}",
                [($"{args.Rule}/{options.Update}", xs, ys)], "iteration (block updates)", "log10 (F(x) - F(x_final)) / |F(x_final)|");
        }

        var report = new BcdReport
        {
            Problem = args.Problem,
            Objective = result.Objective,
            Gap = result.DualityGap,
            Optimality = result.Optimality,
            Iterations = result.Iterations,
            Seconds = result.Elapsed.TotalSeconds,
            CoordinateUpdates = result.CoordinateUpdates,
            Converged = result.Converged,
            Status = result.Status.ToString(),
            Data = args.Data,
            Samples = samples,
            Features = features,
            Lambda = args.Problem == "ridge" ? args.Lambda ?? 1.0 : l1,
            Rule = args.Rule,
            Update = options.Update.ToString().ToLowerInvariant(),
            Partition = args.Partition,
            BlockSize = args.BlockSize,
            Tol = args.Tol,
            LoadSeconds = loadSeconds,
            Repeats = runs,
            Method = result.Method,
            History = args.History ? result.History : null,
            SupportSizes = args.History ? result.SupportSizes : null,
            LastSupportChange = args.History ? result.LastSupportChange : null,
            NonNegative = options.NonNegative,
        };
        if (args.Json) Console.Out.WriteLine(report.ToJson());
        else PrintTable(report);
        return result.Converged ? Program.ExitConverged : Program.ExitNotConverged;
    }

    private static void PrintTable(BcdReport r)
    {
        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        var inv = CultureInfo.InvariantCulture;
        Row("problem / data", $"{r.Problem} / {r.Data} ({r.Samples} x {r.Features})");
        Row("lambda", r.Lambda.ToString("G6", inv));
        Row("rule / update / blocks", $"{r.Rule} / {r.Update} / {r.Partition} tau = {r.BlockSize}");
        Row("status", r.Status);
        Row("objective", r.Objective.ToString("G12", inv));
        Row("optimality", r.Optimality.ToString("0.000e+00", inv));
        if (r.Gap is { } gap) Row("duality gap", gap.ToString("0.000e+00", inv));
        Row("iterations", r.Iterations.ToString(inv));
        Row("coordinate updates", r.CoordinateUpdates.ToString(inv));
        Row("seconds", r.Seconds.ToString("F4", inv));
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
    }
}
