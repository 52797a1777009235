using System.CommandLine;
using System.Globalization;
using Solvers.Cli.Output;
using Solvers.Constrained.Halpern;
using Spectre.Console;

namespace Solvers.Cli.Commands;

/// <summary><c>solvers minmax</c>: Halpern-type and extragradient-type methods on a finite-sum min-max problem.</summary>
internal static class MinmaxCommand
{
    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "matrix-game (policeman and burglar, simplices), quadratic (hard saddle-point instance) or cocoercive (synthetic block least squares with L = 1, d = 50, 5 rows per component; --game-seed seeds it).", Required = true };
        problem.AcceptOnlyFromAmong("matrix-game", "quadratic", "cocoercive");
        var n = new Option<int?>("--n") { Description = "Size n (components). Default 500 for matrix-game, 200 for quadratic and cocoercive." };
        var method = new Option<string>("--method") { Description = "halpern, vr-halpern (Alg. 1), inexact-halpern (Alg. 2), eg, eag or vr-eg.", DefaultValueFactory = _ => "vr-halpern" };
        method.AcceptOnlyFromAmong([.. MinMaxMethods.Names]);
        var epochs = new Option<double>("--epochs") { Description = "Oracle budget in epochs (component calls / n).", DefaultValueFactory = _ => 1000 };
        var step = new Option<double?>("--step") { Description = "Step size (default: the reference scripts' value for the problem and method)." };
        var batch = new Option<int?>("--batch") { Description = "PAGE minibatch size b of vr-halpern (default floor(sqrt n))." };
        var tol = new Option<double>("--tol") { Description = "Stop (converged) once the natural residual is at most this.", DefaultValueFactory = _ => 1e-6 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampling (and of the matrix-game weights unless --game-seed is given).", DefaultValueFactory = _ => 1 };
        var gameSeed = new Option<int?>("--game-seed") { Description = "Seed of the matrix-game weights w_j = |N(0,1)| (default: --seed), so that the sampling seed can vary on one instance." };
        var gameWeights = new Option<string>("--game-weights") { Description = "Generator of the matrix-game weights: dotnet (System.Random, Box-Muller) or numpy (bit for bit np.random.seed(s); np.abs(np.random.randn(n)), the reference script's instance).", DefaultValueFactory = _ => "dotnet" };
        gameWeights.AcceptOnlyFromAmong("dotnet", "numpy");
        var recordEvery = new Option<double?>("--record-every") { Description = "Epochs between residual records (and tolerance checks); default budget / 200." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var history = new Option<bool>("--history") { Description = "Include [epochs, residual] pairs in the JSON." };
        var plot = new Option<string?>("--plot") { Description = "Save residual against epochs to this PNG file." };

        var command = new Command("minmax", "Finite-sum monotone inclusions: variance-reduced Halpern (Cai, Alacaoglu and Diakonikolas 2024) and baselines.\n" +
            "Example: solvers minmax --problem quadratic --n 200 --method vr-halpern --epochs 1000 --json");
        foreach (var option in new Option[] { problem, n, method, epochs, step, batch, tol, seed, gameSeed, gameWeights, recordEvery, json, history, plot })
            command.Options.Add(option);
        command.SetAction(parse => Run(parse.GetValue(problem)!, parse.GetValue(n), parse.GetValue(method)!, parse.GetValue(epochs), parse.GetValue(step),
            parse.GetValue(batch), parse.GetValue(tol), parse.GetValue(seed), parse.GetValue(gameSeed), parse.GetValue(gameWeights)!, parse.GetValue(json),
            parse.GetValue(history), parse.GetValue(plot), parse.GetValue(recordEvery)));
        return command;
    }

    private static int Run(string problemName, int? n, string methodName, double epochs, double? step, int? batch, double tol, int seed,
        int? gameSeed, string gameWeights, bool json, bool history, string? plot, double? recordEvery = null)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (!(epochs > 0)) throw new ArgumentException($"--epochs must be positive, was {epochs}.");
            if (!(tol >= 0)) throw new ArgumentException($"--tol must be non-negative, was {tol}.");
            if (recordEvery is { } every && !(every > 0 && double.IsFinite(every))) throw new ArgumentException($"--record-every must be positive, was {every}.");
            bool game = problemName == "matrix-game";
            var weights = gameWeights == "numpy" ? GameWeightSource.NumPy : GameWeightSource.DotNet;
            var problem = game ? MinMaxProblems.MatrixGame(n ?? 500, seed: gameSeed ?? seed, weights: weights)
                : problemName == "cocoercive" ? MinMaxProblems.CocoerciveLeastSquares(n ?? 200, seed: gameSeed ?? 1) : MinMaxProblems.Quadratic(n ?? 200);
            var method = MinMaxMethods.Parse(methodName);
            var options = new MinMaxOptions { Epochs = epochs, StepSize = step, BatchSize = batch, Tolerance = tol, Seed = seed, RecordEvery = recordEvery, CancellationToken = cancel.Token };
            var u = new double[problem.Operator.Dimension];
            var result = ProgressDisplay.Run($"{methodName} on {problemName}", 1e-6,
                monitor => MinMaxSolver.Solve(problem, method, u, options with { Monitor = monitor }));
            if (plot is not null)
                ConvergencePlot.Save(plot, $"{methodName} on {problemName} (n = {problem.Operator.ComponentCount})",
                    [(methodName, result.History.Select(p => p.Epochs).ToArray(), result.History.Select(p => p.Residual).ToArray())],
                    "epochs (component calls / n)", "log10 residual ||u - J(u - F(u))||");
            var report = new MinmaxReport
            {
                Residual = result.Residual,
                Epochs = result.Epochs,
                Calls = result.Calls,
                Seconds = result.Elapsed.TotalSeconds,
                Problem = problemName,
                Method = methodName,
                N = problem.Operator.ComponentCount,
                Iterations = result.Iterations,
                Converged = result.Converged,
                Status = result.Status.ToString(),
                StepSize = step ?? problem.Steps.For(method),
                Tol = tol,
                Seed = seed,
                GameSeed = game ? gameSeed ?? seed : problemName == "cocoercive" ? gameSeed ?? 1 : null,
                GameWeights = game ? gameWeights : null,
                History = history ? result.History.Select(p => new[] { p.Epochs, p.Residual }).ToArray() : null,
            };
            if (json) Console.Out.WriteLine(report.ToJson());
            else PrintTable(report);
            return result.Converged ? Program.ExitConverged : Program.ExitNotConverged;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"solvers minmax: {e.Message}");
            return Program.ExitBadInput;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void PrintTable(MinmaxReport r)
    {
        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        var inv = CultureInfo.InvariantCulture;
        Row("problem / n", $"{r.Problem} / {r.N}");
        Row("method / step", $"{r.Method} / {r.StepSize.ToString("G4", inv)}");
        Row("status", r.Status);
        Row("residual", r.Residual.ToString("0.000e+00", inv));
        Row("epochs / calls", $"{r.Epochs.ToString("F1", inv)} / {r.Calls.ToString(inv)}");
        Row("iterations", r.Iterations.ToString(inv));
        Row("seconds", r.Seconds.ToString("F3", inv));
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
    }
}
