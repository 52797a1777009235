using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Solvers.Cli.Output;
using Solvers.Gpu.Devices;
using Solvers.Gpu.OptimalTransport;
using Solvers.Linear.IO;
using Solvers.Linear.Solving;
using Solvers.Transport;
using Solvers.Transport.Exact;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;
using Spectre.Console;

namespace Solvers.Cli.Commands;

/// <summary><c>solvers ot</c>: an optimal-transport distance and plan between two histograms or point clouds.</summary>
internal static class OtCommand
{
    public static Command Create()
    {
        var x = new Option<string?>("--x") { Description = "Source points, CSV (one point per line)." };
        var y = new Option<string?>("--y") { Description = "Target points, CSV (one point per line)." };
        var a = new Option<string?>("--a") { Description = "Source weights, CSV (one per line or one line). Default: uniform." };
        var b = new Option<string?>("--b") { Description = "Target weights, CSV. Default: uniform." };
        var cost = new Option<string?>("--cost") { Description = "Cost matrix instead of points: Matrix Market (.mtx) or CSV (one row per line)." };
        var metric = new Option<string>("--metric") { Description = "Ground cost between points: sqeuclidean or euclidean.", DefaultValueFactory = _ => "sqeuclidean" };
        metric.AcceptOnlyFromAmong("sqeuclidean", "euclidean");
        var normalize = new Option<string>("--normalize") { Description = "Divide the cost by its maximum (max) or not (none); --reg is then relative to the cost scale.", DefaultValueFactory = _ => "none" };
        normalize.AcceptOnlyFromAmong("max", "none");
        var reg = new Option<double>("--reg") { Description = "Entropic regularisation (POT's reg) for sinkhorn and sns.", DefaultValueFactory = _ => 1e-3 };
        var method = new Option<string>("--method") { Description = "sinkhorn (log-stabilised), sinkhorn-log (pure log domain), sns (Sinkhorn-Newton-Sparse) or exact (network simplex).", DefaultValueFactory = _ => "sinkhorn" };
        method.AcceptOnlyFromAmong("sinkhorn", "sinkhorn-log", "sns", "exact");
        var tol = new Option<double>("--tol") { Description = "Stop when ||P1 - a||_1 + ||P^T 1 - b||_1 <= tol.", DefaultValueFactory = _ => 1e-9 };
        var stop = new Option<string>("--stop") { Description = "l1 (the marginal error above, every iteration) or pot (POT's rule: ||P^T 1 - b||_2 every 10 iterations).", DefaultValueFactory = _ => "l1" };
        stop.AcceptOnlyFromAmong("l1", "pot");
        var maxIter = new Option<int>("--max-iter") { Description = "Iteration limit (Sinkhorn iterations plus Newton steps).", DefaultValueFactory = _ => 1_000_000 };
        var maxPivots = new Option<long>("--max-pivots") { Description = "Pivot limit of the exact solver (0 = none).", DefaultValueFactory = _ => 0L };
        var warmStart = new Option<int>("--warm-start") { Description = "SNS: Sinkhorn iterations before Newton.", DefaultValueFactory = _ => 20 };
        var sparsity = new Option<string>("--sparsity") { Description = "SNS Hessian sparsification: mass (drop at most --dropped-mass of the plan), density (keep --density of the entries, the paper's rule) or per-row (keep --entries-per-row per row and column).", DefaultValueFactory = _ => "mass" };
        sparsity.AcceptOnlyFromAmong("mass", "density", "per-row");
        var droppedMass = new Option<double>("--dropped-mass") { Description = "SNS: fraction of the plan's mass the sparsified Hessian may drop.", DefaultValueFactory = _ => 1e-6 };
        var density = new Option<double?>("--density") { Description = "SNS with --sparsity density: fraction of the n m entries kept (default 2 max(n, m) entries)." };
        var perRow = new Option<int>("--entries-per-row") { Description = "SNS with --sparsity per-row: entries kept per row and column.", DefaultValueFactory = _ => 2 };
        var cgTol = new Option<double>("--cg-tol") { Description = "SNS: relative tolerance of each conjugate-gradient solve.", DefaultValueFactory = _ => 1e-3 };
        var newtonSystem = new Option<string>("--newton-system") { Description = "SNS: reduced (Schur complement on the target potentials, default) or full (the whole Newton matrix: IC(0) on sparse kept plans, Jacobi on dense ones).", DefaultValueFactory = _ => "reduced" };
        newtonSystem.AcceptOnlyFromAmong("reduced", "full");
        var interleave = new Option<string>("--interleave-sinkhorn") { Description = "SNS: on (default) runs one Sinkhorn iteration after each Newton step; off gives the paper's Newton steps alone.", DefaultValueFactory = _ => "on" };
        interleave.AcceptOnlyFromAmong("on", "off");
        var renormalize = new Option<bool>("--renormalize") { Description = "Scale a and b to unit mass each instead of rejecting different totals." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var history = new Option<bool>("--history") { Description = "Include the marginal-error history in the JSON." };
        var plan = new Option<string?>("--plan") { Description = "Write the plan to this CSV file." };
        var warmup = new Option<bool>("--warmup") { Description = "Solve once untimed first (JIT warm-up), then report the second solve: the time a long-running process would see." };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Benchmarking: time the solve this many times in one process (after --warmup, if given) and report the fastest.",
            DefaultValueFactory = _ => 1,
        };
        repeat.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--repeat must be at least 1.");
        });
        var planFormat = new Option<string>("--plan-format") { Description = "dense (one row of P per line) or sparse (i,j,value lines of the nonzeros).", DefaultValueFactory = _ => "dense" };
        planFormat.AcceptOnlyFromAmong("dense", "sparse");
        var device = new Option<string>("--device")
        {
            Description = "auto (a CUDA GPU when present and n m is large enough), cuda, cpu-sim (ILGPU's simulator, for tests) or off. " +
                "The GPU runs the log-domain Sinkhorn (sinkhorn and sinkhorn-log); sns and exact run on the CPU.",
            DefaultValueFactory = _ => "auto",
        };
        device.AcceptOnlyFromAmong([.. DeviceChoices.Names]);

        var command = new Command("ot", "Optimal transport between two histograms or point clouds: entropic (Sinkhorn, SNS) or exact.\n" +
            "Example: solvers ot --x X.csv --y Y.csv --metric sqeuclidean --normalize max --reg 1e-3 --method sns --json");
        foreach (var option in new Option[] { x, y, a, b, cost, metric, normalize, reg, method, tol, stop, maxIter, maxPivots, warmStart, sparsity,
                     droppedMass, density, perRow, cgTol, newtonSystem, interleave, renormalize, json, history, plan, planFormat, warmup, repeat, device })
            command.Options.Add(option);

        command.SetAction(parse => Run(new Arguments(
            parse.GetValue(x), parse.GetValue(y), parse.GetValue(a), parse.GetValue(b), parse.GetValue(cost), parse.GetValue(metric)!,
            parse.GetValue(normalize)!, parse.GetValue(reg), parse.GetValue(method)!, parse.GetValue(tol), parse.GetValue(stop)!,
            parse.GetValue(maxIter), parse.GetValue(maxPivots), parse.GetValue(warmStart), parse.GetValue(sparsity)!, parse.GetValue(droppedMass),
            parse.GetValue(density), parse.GetValue(perRow), parse.GetValue(cgTol), parse.GetValue(newtonSystem)!, parse.GetValue(interleave)!, parse.GetValue(renormalize), parse.GetValue(json),
            parse.GetValue(history), parse.GetValue(plan), parse.GetValue(planFormat)!, parse.GetValue(warmup), parse.GetValue(repeat), parse.GetValue(device)!)));
        return command;
    }

    private sealed record Arguments(string? X, string? Y, string? A, string? B, string? Cost, string Metric, string Normalize, double Reg,
        string Method, double Tol, string Stop, int MaxIter, long MaxPivots, int WarmStart, string Sparsity, double DroppedMass, double? Density,
        int EntriesPerRow, double CgTol, string NewtonSystem, string Interleave, bool Renormalize, bool Json, bool History, string? Plan, string PlanFormat, bool Warmup, int Repeat, string Device);

    private static int Run(Arguments args)
        => CommandHost.Run("ot", token => Solve(args, token));

    private static int Solve(Arguments args, CancellationToken token)
    {
        var deviceChoice = DeviceChoices.Parse(args.Device);
        bool gpuCapable = args.Method is "sinkhorn" or "sinkhorn-log";
        if (!gpuCapable && deviceChoice is DeviceChoice.Cuda or DeviceChoice.CpuSim)
            throw new ArgumentException($"--device {args.Device} runs sinkhorn or sinkhorn-log; use --device auto or off for {args.Method}.");
        if (!gpuCapable) deviceChoice = DeviceChoice.Off;
        var clock = Stopwatch.StartNew();
        var (problem, scale) = Load(args);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        bool wantPlan = args.Plan is not null;
        var planFormat = !wantPlan ? PlanFormat.None : args.PlanFormat == "sparse" ? PlanFormat.Sparse : PlanFormat.Dense;
        var stopping = args.Stop == "pot" ? StoppingRule.PotColumnL2Every10 : StoppingRule.MarginalL1;
        string title = args.Method == "exact" ? "exact (network simplex)" : $"{args.Method} reg {args.Reg:G3}";

        double warmupSeconds = 0;
        if (args.Warmup)
        {
            warmupSeconds = Solve(args, problem, PlanFormat.None, stopping, deviceChoice, null, token).Result.Elapsed.TotalSeconds;
        }
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var (result, gpu) = ProgressDisplay.Run(title, args.Tol / problem.SourceMass, monitor => Solve(args, problem, planFormat, stopping, deviceChoice, monitor, token));
        for (int r = 1; r < args.Repeat; r++)
        {
            var again = Solve(args, problem, planFormat, stopping, deviceChoice, null, token);
            if (again.Result.Elapsed < result.Elapsed) (result, gpu) = again;
        }

        jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTime;
        jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods;

        if (wantPlan && result.Plan is not null)
        {
            using var writer = new StreamWriter(OutputPath.Prepare(args.Plan!));
            result.Plan.WriteCsv(writer, triplets: planFormat == PlanFormat.Sparse);
        }
        var sns = result as SnsResult;
        var report = new OtReport
        {
            Method = args.Method,
            N = problem.SourceCount,
            M = problem.TargetCount,
            Reg = args.Method == "exact" ? 0 : args.Reg,
            Iterations = result.Iterations,
            MarginalError = result.MarginalError,
            Cost = result.Cost,
            Seconds = result.Elapsed.TotalSeconds,
            Converged = result.Converged,
            Status = result.Status.ToString(),
            EntropicObjective = result.EntropicObjective,
            Tol = args.Tol,
            Stop = args.Stop,
            Metric = args.Cost is null ? args.Metric : null,
            Normalize = args.Normalize,
            CostScale = scale,
            LoadSeconds = loadSeconds,
            WarmupSeconds = args.Warmup ? warmupSeconds : null,
            Repeats = args.Repeat,
            JitSeconds = jitTime.TotalSeconds,
            JitMethods = jitMethods,
            NewtonSteps = sns?.NewtonSteps,
            CgIterations = sns?.CgIterations,
            SinkhornIterations = sns?.SinkhornIterations,
            Fallbacks = sns?.Fallbacks,
            InterleavedSinkhorn = sns?.InterleavedSinkhornIterations,
            AverageKeptEntries = sns?.AverageKeptEntries,
            Profile = sns?.Profile,
            Plan = wantPlan ? args.Plan : null,
            Message = ReportText.Join(result.Message, gpu?.FallbackReason ?? gpu?.Note),
            History = args.History ? result.History : null,
            Device = gpu?.Device ?? "cpu",
            TransferSeconds = gpu?.TransferSeconds ?? 0,
        };
        if (args.Json) Console.Out.WriteLine(report.ToJson());
        else PrintTable(report);
        return result.Converged ? Program.ExitConverged : Program.ExitNotConverged;
    }

    /// <summary>
    /// One solve with the method and options the arguments name; the Sinkhorn methods go through the device router
    /// unless the device is off (the second item is then null).
    /// </summary>
    private static (TransportResult Result, GpuTransportResult? Gpu) Solve(Arguments args, OtProblem problem, PlanFormat planFormat,
        StoppingRule stopping, DeviceChoice device, IIterationMonitor? monitor, CancellationToken token)
    {
        if (device == DeviceChoice.Off) return (SolveOnCpu(args, problem, planFormat, stopping, monitor, token), null);
        var gpu = GpuSinkhorn.Solve(problem, args.Reg, new GpuSinkhornOptions
        {
            Tolerance = args.Tol, MaxIterations = args.MaxIter, Stopping = stopping, Plan = planFormat, Monitor = monitor,
            CancellationToken = token, RecordHistory = args.History,
            Variant = args.Method == "sinkhorn-log" ? SinkhornVariant.Log : SinkhornVariant.Stabilized,
        }, device);
        return (gpu.Result, gpu);
    }

    /// <summary>One CPU solve with the method and options the arguments name.</summary>
    private static TransportResult SolveOnCpu(Arguments args, OtProblem problem, PlanFormat planFormat, StoppingRule stopping,
        IIterationMonitor? monitor, CancellationToken token)
    {
        switch (args.Method)
        {
            case "exact":
                return NetworkSimplex.Solve(problem, new ExactOptions
                {
                    MaxPivots = args.MaxPivots, Plan = planFormat, Monitor = monitor, CancellationToken = token, RecordHistory = args.History,
                });
            case "sns":
                return SinkhornNewtonSparse.Solve(problem, args.Reg, new SnsOptions
                {
                    Tolerance = args.Tol, MaxIterations = args.MaxIter, Stopping = stopping, Plan = planFormat, Monitor = monitor,
                    CancellationToken = token, RecordHistory = args.History, WarmStartIterations = args.WarmStart,
                    Sparsity = args.Sparsity switch { "density" => HessianSparsity.Density, "per-row" => HessianSparsity.PerRowColumn, _ => HessianSparsity.DroppedMass },
                    DroppedMass = args.DroppedMass, Density = args.Density, EntriesPerRow = args.EntriesPerRow, CgTolerance = args.CgTol,
                    ReducedSystem = args.NewtonSystem != "full",
                    InterleaveSinkhorn = args.Interleave != "off",
                });
            default:
                return (TransportResult)LogSinkhorn.Solve(problem, args.Reg, new SinkhornOptions
                {
                    Tolerance = args.Tol, MaxIterations = args.MaxIter, Stopping = stopping, Plan = planFormat, Monitor = monitor,
                    CancellationToken = token, RecordHistory = args.History,
                    Variant = args.Method == "sinkhorn-log" ? SinkhornVariant.Log : SinkhornVariant.Stabilized,
                });
        }
    }

    /// <summary>Reads the inputs; returns the problem and the factor the cost was divided by (1 without normalisation).</summary>
    private static (OtProblem Problem, double Scale) Load(Arguments args)
    {
        var mismatch = args.Renormalize ? MassMismatch.Renormalize : MassMismatch.Error;
        CostMatrix c;
        if (args.Cost is not null)
        {
            if (args.X is not null || args.Y is not null) throw new ArgumentException("Give either --cost or --x/--y, not both.");
            c = args.Cost.EndsWith(".mtx", StringComparison.OrdinalIgnoreCase) ? ReadMatrixMarket(args.Cost) : CostMatrix.ReadCsv(args.Cost);
        }
        else
        {
            if (args.X is null || args.Y is null) throw new ArgumentException("Give --x and --y (point clouds) or --cost (a cost matrix).");
            var xs = PointCloud.ReadCsv(args.X);
            var ys = PointCloud.ReadCsv(args.Y);
            if (xs.Dimension != ys.Dimension)
                throw new ArgumentException($"{args.X} has points of dimension {xs.Dimension} but {args.Y} has dimension {ys.Dimension}.");
            c = CostMatrix.FromPoints(xs, ys, GroundMetrics.Parse(args.Metric));
        }
        double scale = 1;
        if (args.Normalize == "max") c = c.NormalizedByMax(out scale);
        var weightsA = args.A is null ? Histogram.Uniform(c.RowCount) : Histogram.ReadCsv(args.A);
        var weightsB = args.B is null ? Histogram.Uniform(c.ColumnCount) : Histogram.ReadCsv(args.B);
        if (weightsA.Length != c.RowCount)
            throw new ArgumentException($"{args.A} has {weightsA.Length} weights but there are {c.RowCount} source points.");
        if (weightsB.Length != c.ColumnCount)
            throw new ArgumentException($"{args.B} has {weightsB.Length} weights but there are {c.ColumnCount} target points.");
        return (OtProblem.Create(weightsA, weightsB, c, mismatch), scale);
    }

    private static CostMatrix ReadMatrixMarket(string path)
    {
        var sparse = MatrixMarket.ReadMatrix(path);
        int n = sparse.RowCount, m = sparse.ColumnCount;
        var dense = new double[(long)n * m];
        var rp = sparse.RowPointers;
        var ci = sparse.ColumnIndices;
        var va = sparse.Values;
        for (int i = 0; i < n; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++) dense[(long)i * m + ci[k]] = va[k];
        return CostMatrix.FromArray(n, m, dense);
    }

    private static void PrintTable(OtReport r)
    {
        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        var inv = CultureInfo.InvariantCulture;
        Row("method", r.Method);
        Row("n x m", $"{r.N} x {r.M}");
        if (r.Method != "exact") Row("reg", r.Reg.ToString("G4", inv));
        Row("status", r.Status);
        Row(r.Method == "exact" ? "pivots" : "iterations", r.Iterations.ToString(inv));
        if (r.NewtonSteps is not null) Row("Sinkhorn / Newton / CG", $"{r.SinkhornIterations} / {r.NewtonSteps} / {r.CgIterations}");
        Row("cost <C, P>", r.Cost.ToString("R", inv));
        if (r.Method != "exact") Row("entropic objective", r.EntropicObjective.ToString("R", inv));
        Row("marginal error (L1)", r.MarginalError.ToString("E3", inv));
        Row("solve s", r.Seconds.ToString("F4", inv));
        Row("device", r.Device);
        if (r.TransferSeconds > 0) Row("transfer s", r.TransferSeconds.ToString("F4", inv));
        if (r.Message is not null) Row("note", r.Message);
        AnsiConsole.Write(table);
    }
}
