using System.Diagnostics;
using Solvers.Cli.Output;
using Solvers.Linear.Dcdm;
using Solvers.Linear.IO;
using Solvers.Linear.Solving;

namespace Solvers.Cli.Commands;

internal static partial class SolveCommand
{
    /// <summary>--method dcdm: loads the model (set-up time) and runs the deep conjugate direction method on the grid system.</summary>
    private static int SolveDcdm(Arguments args, Linear.Storage.CsrMatrix a, double[] b, GridLayout layout, double loadSeconds, CancellationToken token)
    {
        if (args.Model is null) throw new ArgumentException("--method dcdm needs --model FILE (train one with `solvers dcdm train`, or use models/dcdm-fluid64.dcdm).");
        if (args.Repeat < 1) throw new ArgumentException($"--repeat must be at least 1, was {args.Repeat}.");
        SolveResult? best = null;
        double[] x = new double[a.ColumnCount];
        double setupSeconds = 0;
        int runs = 0;
        while (runs < args.Repeat)
        {
            runs++;
            var clock = Stopwatch.StartNew();
            var model = DcdmModel.Load(args.Model);
            double setup = clock.Elapsed.TotalSeconds;
            var candidate = new double[a.ColumnCount];
            var options = new DcdmOptions
            {
                RelativeTolerance = args.Tol,
                AbsoluteTolerance = args.Atol,
                MaxIterations = args.MaxIter,
                Directions = args.Directions,
                CoarseLevels = args.CoarseLevels,
                CoarseOrder = ParseCoarseOrder(args.CoarseOrder),
                Threads = args.Threads,
                CancellationToken = token,
            };
            var result = ProgressDisplay.Run($"dcdm n = {a.RowCount}", args.Tol, monitor =>
                DeepConjugateDirections.Solve(a, layout, model, b, candidate, options with { Monitor = monitor }));
            if (best is null || setup + result.Elapsed.TotalSeconds < setupSeconds + best.Elapsed.TotalSeconds)
            {
                best = result;
                x = candidate;
                setupSeconds = setup;
            }
            if (setup + result.Elapsed.TotalSeconds >= 1.0 || token.IsCancellationRequested) break;
        }

        if (args.Out is not null) MatrixMarket.WriteVector(OutputPath.Prepare(args.Out), x);
        if (args.Plot is not null)
            ConvergencePlot.Save(args.Plot, $"{best!.Method} on {args.Matrix} (n = {a.RowCount})", [(best.Method, best.History)]);
        var report = new SolveReport
        {
            Method = args.Method,
            Precond = "none",
            Matrix = args.Matrix,
            N = a.RowCount,
            Nnz = a.NonZeroCount,
            Converged = best!.Converged,
            Status = best.Status.ToString(),
            Iterations = best.Iterations,
            RelativeResidual = best.RelativeResidual,
            ResidualNorm = best.ResidualNorm,
            Seconds = setupSeconds + best.Elapsed.TotalSeconds,
            SetupSeconds = setupSeconds,
            SolveSeconds = best.Elapsed.TotalSeconds,
            LoadSeconds = loadSeconds,
            Tol = args.Tol,
            Threads = args.Threads,
            Message = best.Message,
            Repeats = runs,
            Model = args.Model,
            History = args.History ? best.History : null,
        };
        if (args.Json) Console.Out.WriteLine(report.ToJson());
        else PrintTable(report);
        return best.Converged ? Program.ExitConverged : Program.ExitNotConverged;
    }

    private static CoarseOrder ParseCoarseOrder(string name) => name switch
    {
        "additive" => CoarseOrder.Additive,
        "fine-to-coarse" => CoarseOrder.FineToCoarse,
        "coarse-to-fine" => CoarseOrder.CoarseToFine,
        "symmetric" => CoarseOrder.Symmetric,
        _ => throw new ArgumentException($"Unknown --coarse-order '{name}' (additive, fine-to-coarse, coarse-to-fine or symmetric)."),
    };
}
