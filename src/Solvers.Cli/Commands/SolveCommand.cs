using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Solvers.Cli.Input;
using Solvers.Cli.Output;
using Solvers.Gpu.Devices;
using Solvers.Gpu.Solving;
using Solvers.Linear.Direct;
using Solvers.Linear.IO;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Spectre.Console;

namespace Solvers.Cli.Commands;

/// <summary><c>solvers solve</c>: one linear system, one iterative method.</summary>
internal static partial class SolveCommand
{
    public static Command Create()
    {
        var matrix = new Option<string>("--matrix") { Description = "The matrix: " + MatrixSource.Help + ".", Required = true };
        var rhs = new Option<string>("--rhs") { Description = "Right-hand side: " + VectorSource.Help + ".", DefaultValueFactory = _ => "ones" };
        var method = new Option<string>("--method")
        {
            Description = "cg, pcg, gmres or bicgstab (iterative); cholesky, ldlt or lu (sparse direct); dcdm (deep conjugate directions, needs --model and a grid matrix).",
            DefaultValueFactory = _ => "cg",
        };
        method.AcceptOnlyFromAmong("cg", "pcg", "gmres", "bicgstab", "cholesky", "ldlt", "lu", "dcdm");
        var model = new Option<string?>("--model") { Description = "DCDM: the trained model file (solvers dcdm train; the repo ships models/dcdm-fluid64.dcdm)." };
        var directions = new Option<int>("--directions") { Description = "DCDM: previous directions each new one is A-orthogonalised against (s).", DefaultValueFactory = _ => 2 };
        var coarseLevels = new Option<int>("--coarse-levels") { Description = "DCDM: extra proposals per iteration from the network on grids coarsened 2x, 4x, ... (0 = the paper's method).", DefaultValueFactory = _ => 0 };
        var coarseOrder = new Option<string>("--coarse-order")
        {
            Description = "DCDM with coarse levels: additive (every level proposes from the iteration's first residual), fine-to-coarse, " +
                "coarse-to-fine or symmetric (a V-cycle; each level proposes from the residual the previous step left).",
            DefaultValueFactory = _ => "additive",
        };
        coarseOrder.AcceptOnlyFromAmong("additive", "fine-to-coarse", "coarse-to-fine", "symmetric");
        var ordering = new Option<string>("--ordering") { Description = "Direct methods: fill-reducing ordering amd, rcm or natural.", DefaultValueFactory = _ => "amd" };
        ordering.AcceptOnlyFromAmong("amd", "rcm", "natural");
        var refine = new Option<int>("--refine") { Description = "Direct methods: iterative refinement steps.", DefaultValueFactory = _ => 0 };
        var precond = new Option<string?>("--precond") { Description = "none, jacobi, sor (GMRES/BiCGStab), ssor, ic0 or ilu0. Default: none, or jacobi for pcg." };
        precond.AcceptOnlyFromAmong("none", "jacobi", "sor", "ssor", "ic0", "ilu0");
        var omega = new Option<double>("--omega") { Description = "SOR/SSOR relaxation factor in (0, 2).", DefaultValueFactory = _ => 1.0 };
        var tol = new Option<double>("--tol") { Description = "Relative tolerance on ||b - Ax|| / ||b||.", DefaultValueFactory = _ => 1e-8 };
        var atol = new Option<double>("--atol") { Description = "Absolute tolerance on ||b - Ax||.", DefaultValueFactory = _ => 0.0 };
        var maxIter = new Option<int>("--max-iter") { Description = "Iteration limit.", DefaultValueFactory = _ => 10_000 };
        var restart = new Option<int>("--restart") { Description = "GMRES restart length m.", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Seed of --rhs random.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int>("--threads") { Description = "Threads for SpMV.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Write the solution x to this Matrix Market file (n x 1 array)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var history = new Option<bool>("--history") { Description = "Include the residual history in the JSON." };
        var plot = new Option<string?>("--plot") { Description = "Save a residual-history plot to this PNG file." };
        var device = new Option<string>("--device")
        {
            Description = "auto (a CUDA GPU when present and the system is large enough), cuda, cpu-sim (ILGPU's simulator, for tests) or off. " +
                "The GPU runs cg/pcg with none or jacobi; other methods run on the CPU.",
            DefaultValueFactory = _ => "auto",
        };
        device.AcceptOnlyFromAmong([.. DeviceChoices.Names]);
        var repeat = new Option<int>("--repeat")
        {
            Description = "Benchmarking: time set-up + solve up to this many times in one process (stopping once a run takes 1 s or more) and report the fastest.",
            DefaultValueFactory = _ => 1,
        };

        var command = new Command("solve", "Solve A x = b (Krylov, sparse direct or DCDM) and report iterations, residual and time.\n" +
            "Example: solvers solve --matrix poisson2d:512 --method pcg --precond ic0");
        foreach (var option in new Option[] { matrix, rhs, method, precond, omega, tol, atol, maxIter, restart, seed, threads, output, json, history, plot, repeat, device, ordering, refine, model, directions, coarseLevels, coarseOrder })
            command.Options.Add(option);

        command.SetAction(parse => Run(new Arguments(
            parse.GetValue(matrix)!, parse.GetValue(rhs)!, parse.GetValue(method)!, parse.GetValue(precond), parse.GetValue(omega),
            parse.GetValue(tol), parse.GetValue(atol), parse.GetValue(maxIter), parse.GetValue(restart), parse.GetValue(seed),
            parse.GetValue(threads), parse.GetValue(output), parse.GetValue(json), parse.GetValue(history), parse.GetValue(plot),
            parse.GetValue(repeat), parse.GetValue(device)!, parse.GetValue(ordering)!, parse.GetValue(refine), parse.GetValue(model), parse.GetValue(directions), parse.GetValue(coarseLevels),
            parse.GetValue(coarseOrder)!)));
        return command;
    }

    private sealed record Arguments(string Matrix, string Rhs, string Method, string? Precond, double Omega, double Tol, double Atol,
        int MaxIter, int Restart, int Seed, int Threads, string? Out, bool Json, bool History, string? Plot, int Repeat, string Device, string Ordering, int Refine,
        string? Model = null, int Directions = 2, int CoarseLevels = 0, string CoarseOrder = "additive");

    private static int Run(Arguments args)
        => CommandHost.Run("solve", token => Solve(args, token));

    private static int Solve(Arguments args, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        var fluid = MatrixSource.LoadFluid(args.Matrix);
        var a = fluid?.Matrix ?? MatrixSource.Load(args.Matrix);
        var b = VectorSource.Load(args.Rhs, a, args.Seed, fluid);
        double loadSeconds = clock.Elapsed.TotalSeconds;

        if (DirectSolver.IsDirectMethod(args.Method)) return SolveDirect(args, a, b, loadSeconds);
        if (args.Method == "dcdm") return SolveDcdm(args, a, b, GridLayouts.For(args.Matrix, fluid, a.RowCount), loadSeconds, token);
        var method = IterativeSolver.Parse(args.Method);
        var precondName = args.Precond ?? (args.Method == "pcg" ? "jacobi" : "none");
        var kind = Preconditioner.Parse(precondName);

        if (args.Repeat < 1) throw new ArgumentException($"--repeat must be at least 1, was {args.Repeat}.");
        var deviceChoice = DeviceChoices.Parse(args.Device);
        bool gpuCapable = method == IterativeMethod.ConjugateGradient && kind is PreconditionerKind.None or PreconditionerKind.Jacobi;
        if (!gpuCapable && deviceChoice is DeviceChoice.Cuda or DeviceChoice.CpuSim)
            throw new ArgumentException($"--device {args.Device} runs cg/pcg with --precond none or jacobi; use --device auto or off for {args.Method} with {precondName}.");
        var (result, x, setupSeconds, repeats, gpu) = TimedSolve(args, a, b, method, kind, precondName, gpuCapable ? deviceChoice : DeviceChoice.Off, token);
        double solveSeconds = result.Elapsed.TotalSeconds;

        if (args.Out is not null) MatrixMarket.WriteVector(OutputPath.Prepare(args.Out), x);
        if (args.Plot is not null)
            ConvergencePlot.Save(args.Plot, $"{result.Method} on {Path.GetFileName(args.Matrix)} (n = {a.RowCount})",
                [(result.Method, result.History)]);

        var report = new SolveReport
        {
            Method = args.Method,
            Precond = precondName,
            Matrix = args.Matrix,
            N = a.RowCount,
            Nnz = a.NonZeroCount,
            Converged = result.Converged,
            Status = result.Status.ToString(),
            Iterations = result.Iterations,
            RelativeResidual = result.RelativeResidual,
            ResidualNorm = result.ResidualNorm,
            Seconds = setupSeconds + solveSeconds,
            SetupSeconds = setupSeconds,
            SolveSeconds = solveSeconds,
            LoadSeconds = loadSeconds,
            Tol = args.Tol,
            Threads = args.Threads,
            Message = ReportText.Join(result.Message, gpu?.FallbackReason ?? gpu?.Note),
            Repeats = repeats,
            Device = gpu?.Device ?? "cpu",
            TransferSeconds = gpu?.TransferSeconds ?? 0,
            History = args.History ? result.History : null,
        };
        if (args.Json) Console.Out.WriteLine(report.ToJson());
        else PrintTable(report);
        return result.Converged ? Program.ExitConverged : Program.ExitNotConverged;
    }

    /// <summary>
    /// --method cholesky|ldlt|lu. A matrix that is not positive definite (Cholesky) or is singular is a numerical outcome:
    /// exit 2 with the column named, status NotPositiveDefinite or Singular.
    /// </summary>
    private static int SolveDirect(Arguments args, Linear.Storage.CsrMatrix a, double[] b, double loadSeconds)
    {
        var options = new DirectSolverOptions { Ordering = Ordering.Parse(args.Ordering), RefinementSteps = args.Refine };
        var method = DirectSolver.Parse(args.Method);
        DirectSolveResult? best = null;
        double[] x = new double[a.ColumnCount];
        string? failure = null, status = null;
        for (int run = 0; run < args.Repeat; run++)
        {
            var candidate = new double[a.ColumnCount];
            try
            {
                var r = DirectSolver.Solve(method, a, b, candidate, options);
                if (best is null || r.FactorSeconds + r.SolveSeconds < best.FactorSeconds + best.SolveSeconds)
                {
                    best = r;
                    x = candidate;
                }
                if (r.FactorSeconds + r.SolveSeconds >= 1.0) break;
            }
            catch (ArithmeticException e)
            {
                failure = e.Message;
                status = e is MatrixNotPositiveDefiniteException ? "NotPositiveDefinite" : "Singular";
                break;
            }
        }
        if (args.Out is not null && best is not null) MatrixMarket.WriteVector(OutputPath.Prepare(args.Out), x);
        var report = new SolveReport
        {
            Method = args.Method,
            Precond = "none",
            Matrix = args.Matrix,
            N = a.RowCount,
            Nnz = a.NonZeroCount,
            Converged = best is not null,
            Status = status ?? "Factorized",
            Iterations = best?.RefinementSteps ?? 0,
            RelativeResidual = best?.RelativeResidual ?? double.NaN,
            ResidualNorm = best?.ResidualNorm ?? double.NaN,
            Seconds = best is null ? 0 : best.FactorSeconds + best.SolveSeconds,
            SetupSeconds = best?.FactorSeconds ?? 0,
            SolveSeconds = best?.SolveSeconds ?? 0,
            LoadSeconds = loadSeconds,
            Tol = args.Tol,
            Threads = 1,
            Message = failure,
            Repeats = Math.Max(1, args.Repeat),
            FactorNnz = best?.FactorNonZeroCount,
            FactorSeconds = best?.FactorSeconds,
            Ordering = best?.Ordering ?? args.Ordering,
        };
        if (args.Json) Console.Out.WriteLine(report.ToJson());
        else PrintTable(report);
        if (failure is not null && !args.Json) Console.Error.WriteLine($"solvers solve: {failure}");
        return best is not null ? Program.ExitConverged : Program.ExitNotConverged;
    }

    /// <summary>Set-up and solve, repeated per --repeat; returns the fastest run.</summary>
    private static (SolveResult Result, double[] X, double SetupSeconds, int Repeats, GpuSolveResult? Gpu) TimedSolve(Arguments args,
        Linear.Storage.CsrMatrix a, double[] b, IterativeMethod method, PreconditionerKind kind, string precondName, DeviceChoice device,
        CancellationToken token)
    {
        (SolveResult Result, double[] X, double SetupSeconds, GpuSolveResult? Gpu)? best = null;
        int runs = 0;
        while (runs < args.Repeat)
        {
            // Each timed run starts from a collected heap, as BenchmarkDotNet's runs do: otherwise a later run
            // allocates past the garbage of the earlier ones into memory never touched before, and its time is
            // dominated on small problems by page faults that a long-running process would not see.
            if (runs > 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            runs++;
            var x = new double[a.ColumnCount];
            GpuSolveResult? gpu = null;
            double setupSeconds;
            SolveResult result;
            if (device == DeviceChoice.Off)
            {
                var clock = Stopwatch.StartNew();
                var m = Preconditioner.Create(kind, a, args.Omega);
                setupSeconds = clock.Elapsed.TotalSeconds;
                result = ProgressDisplay.Run($"{args.Method} ({precondName})", args.Tol, monitor =>
                    IterativeSolver.Solve(method, a, b, x, m, Options(args, method, monitor, token)));
            }
            else
            {
                var gpuPreconditioner = kind == PreconditionerKind.Jacobi ? GpuPreconditioner.Jacobi : GpuPreconditioner.None;
                gpu = ProgressDisplay.Run($"{args.Method} ({precondName}, {args.Device})", args.Tol, monitor =>
                    GpuSolver.Solve(a, b, x, gpuPreconditioner, Options(args, method, monitor, token), device));
                result = gpu.Result;
                setupSeconds = Math.Max(0, gpu.TotalSeconds - result.Elapsed.TotalSeconds);
            }
            double total = setupSeconds + result.Elapsed.TotalSeconds;
            if (best is null || total < best.Value.SetupSeconds + best.Value.Result.Elapsed.TotalSeconds)
                best = (result, x, setupSeconds, gpu);
            if (total >= 1.0 || token.IsCancellationRequested) break;
        }
        return (best!.Value.Result, best.Value.X, best.Value.SetupSeconds, runs, best.Value.Gpu);
    }

    private static SolverOptions Options(Arguments args, IterativeMethod method, IIterationMonitor? monitor, CancellationToken token)
    {
        SolverOptions options = new()
        {
            RelativeTolerance = args.Tol,
            AbsoluteTolerance = args.Atol,
            MaxIterations = args.MaxIter,
            Threads = args.Threads,
            Monitor = monitor,
            CancellationToken = token,
        };
        return method == IterativeMethod.Gmres ? new GmresOptions(options) { Restart = args.Restart } : options;
    }

    private static void PrintTable(SolveReport r)
    {
        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        var inv = CultureInfo.InvariantCulture;
        Row("matrix", r.Matrix);
        Row("n / nnz", $"{r.N} / {r.Nnz}");
        Row("method / precond", $"{r.Method} / {r.Precond}");
        Row("status", r.Status);
        Row("iterations", r.Iterations.ToString(inv));
        Row("relative residual", r.RelativeResidual.ToString("0.000e+00", inv));
        Row("setup s", r.SetupSeconds.ToString("F4", inv));
        Row("solve s", r.SolveSeconds.ToString("F4", inv));
        Row("total s", r.Seconds.ToString("F4", inv));
        Row("device", r.Device);
        if (r.FactorNnz is not null) Row("factor nnz", r.FactorNnz.Value.ToString(inv));
        if (r.Message is not null) Row("note", r.Message);
        // A console per call: the static AnsiConsole would keep whatever Console.Out was when first used.
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
    }
}
