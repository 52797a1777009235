using System.Diagnostics;
using System.Globalization;
using System.Text;
using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Stationary;
using Solvers.Linear.Storage;
using Solvers.Linear.Tuning;

namespace Solvers.Benchmarks.Peers;

/// <summary>
/// The experiments of Learning to Relax (Khodak et al., ICLR 2024) on our solvers:
/// <c>relax shifted [--T 5000] [--seeds 3] [--distribution high|low] [--md FILE]</c> (experiment 1: SOR on shifted
/// 10 x 10 Laplacians) and <c>relax heat [--nx 100] [--steps 5000] [--all-grid] [--md FILE]</c> (SSOR-PCG along a
/// Crank–Nicolson heat simulation). Each writes a markdown section (stdout, or appended to --md).
/// </summary>
/// <remarks>
/// Experiment 1 solves every system once per grid omega and once at Young's omega, records the iteration counts in a
/// <see cref="CostTable"/>, and replays the learners on it: SOR is deterministic, so a learner's replayed cost is
/// exactly what solving at its choices would cost (checked live for the first seed). The heat experiment runs every
/// policy on its own simulation (warm start from its own previous step), as the paper does.
/// </remarks>
internal static class RelaxExperiment
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly double[] PaperFixedShifted = [1.0, 1.2, 1.4, 1.6, 1.8];
    private static readonly double[] PaperFixedHeat = [1.0, 1.3, 1.5, 1.75, 1.95];

    public static int Run(string[] args)
    {
        if (args.Length == 0) { Console.Error.WriteLine("usage: relax shifted|heat [options]"); return 2; }
        string? md = MatrixSpec.Option(args, "--md");
        string text = args[0] switch
        {
            "shifted" => Shifted(args),
            "heat" => Heat(args),
            _ => throw new ArgumentException($"Unknown experiment '{args[0]}'; expected shifted or heat."),
        };
        if (md is null) Console.Write(text);
        else File.AppendAllText(md, text);
        return 0;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        MatrixSpec.Option(args, name) is { } s ? int.Parse(s, Inv) : fallback;

    // ---------------------------------------------------------------- experiment 1

    private sealed record ShiftedTrial(int Seed, CostTable Table, double[] Young, double[] Golden, double[] Tsallis, double[] TsallisCb, double[] Cheb, double[] Cheb10,
        double Oracle6, double Oracle10, double TableSeconds, long? LiveTsallis, double[][] Variants);

    /// <summary>
    /// Tsallis-INF with Zimmert and Seldin's reduced-variance estimator, one row per baseline B, at the rate their
    /// Theorem 1 pairs with it (4 / sqrt(t)) and at the paper's 2 / sqrt(t); plus importance weighting at 4 / sqrt(t),
    /// so a gain can be told apart from the larger learning rate alone.
    /// </summary>
    private static readonly (string Label, string Short, TsallisInfEstimator Estimator, double Rate)[] TsallisVariants =
    [
        ("Tsallis-INF, reduced-variance estimator (B = mean cost so far; eta_t = 4/sqrt(t))", "RV mean", TsallisInfEstimator.ReducedVarianceMeanCost, 4),
        ("Tsallis-INF, reduced-variance estimator (B = observed cost of the most probable arm; eta_t = 4/sqrt(t))", "RV leader", TsallisInfEstimator.ReducedVarianceLeaderCost, 4),
        ("Tsallis-INF, reduced-variance estimator (B = half the observed range; eta_t = 4/sqrt(t))", "RV half range", TsallisInfEstimator.ReducedVarianceHalfRange, 4),
        ("Tsallis-INF, reduced-variance estimator (B = mean cost so far; eta_t = 2/sqrt(t), the paper's rate)", "RV mean, rate 2", TsallisInfEstimator.ReducedVarianceMeanCost, 2),
        ("Tsallis-INF, reduced-variance estimator (B = observed cost of the most probable arm; eta_t = 2/sqrt(t))", "RV leader, rate 2", TsallisInfEstimator.ReducedVarianceLeaderCost, 2),
        ("Tsallis-INF, reduced-variance estimator (B = half the observed range; eta_t = 2/sqrt(t))", "RV half range, rate 2", TsallisInfEstimator.ReducedVarianceHalfRange, 2),
        ("Tsallis-INF, importance-weighted (the paper's estimator) with eta_t = 4/sqrt(t) (rate ablation)", "IW, rate 4", TsallisInfEstimator.ImportanceWeighted, 4),
    ];

    private static string Shifted(string[] args)
    {
        int rounds = IntOption(args, "--T", 5000);
        int seeds = IntOption(args, "--seeds", 3);
        var distribution = (MatrixSpec.Option(args, "--distribution") ?? "high") == "low" ? ShiftDistribution.LowVariance : ShiftDistribution.HighVariance;
        var grid = OmegaGrid.Default;
        var options = new SolverOptions { RelativeTolerance = 1e-8, MaxIterations = 10_000, RecordHistory = false, CheckInput = false };
        var trials = new List<ShiftedTrial>();
        string? tables = MatrixSpec.Option(args, "--tables");
        for (int seed = 0; seed < seeds; seed++)
        {
            var clock = Stopwatch.StartNew();
            var sequence = new ShiftedLaplacianSequence(10, rounds, seed, distribution);
            var (low, high) = sequence.ContextRange;
            var table = new CostTable(grid);
            var young = new double[rounds];
            var contexts = new double[rounds];
            var x = new double[sequence.Size];
            string? file = tables is null ? null : Path.Combine(tables, $"shifted-{distribution}-T{rounds}-seed{seed}.csv");
            if (file is not null && File.Exists(file)) LoadTable(file, table, contexts, young);
            else
            {
                var zeros = new double[sequence.Size];
                for (int t = 0; t < rounds; t++)
                {
                    var system = sequence.Next();
                    contexts[t] = system.Context;
                    table.Add(RelaxationCosts.OnGrid(RelaxationMethod.Sor, system.Matrix, system.RightHandSide, zeros, grid, options));
                    Array.Clear(x);
                    young[t] = Sor.Solve(system.Matrix, system.RightHandSide, x, YoungOmega.Estimate(system.Matrix).Omega, options).Iterations;
                }
                if (file is not null) SaveTable(file, table, contexts, young);
            }
            double tableSeconds = clock.Elapsed.TotalSeconds;
            // Golden-section reference (12 SOR solves per system; the iterations of the best probe are its cost).
            string? goldenFile = file is null ? null : Path.ChangeExtension(file, null) + "-golden.csv";
            var golden = new double[rounds];
            if (goldenFile is not null && File.Exists(goldenFile))
                golden = File.ReadAllLines(goldenFile).Skip(1).Select(l => double.Parse(l.Split(',')[1], Inv)).ToArray();
            else
            {
                var goldenSequence = new ShiftedLaplacianSequence(10, rounds, seed, distribution);
                var omegas = new double[rounds];
                for (int t = 0; t < rounds; t++)
                {
                    var system = goldenSequence.Next();
                    (omegas[t], golden[t]) = GoldenSectionOmega.Search(w =>
                    {
                        Array.Clear(x);
                        return Sor.Solve(system.Matrix, system.RightHandSide, x, w, options).Iterations;
                    });
                }
                if (goldenFile is not null)
                    File.WriteAllLines(goldenFile, new[] { "omega,iterations" }.Concat(omegas.Zip(golden, (w, c) => FormattableString.Invariant($"{w:R},{c:R}"))));
            }
            var tsallis = table.Replay(new TsallisInf(grid, seed)).Costs;
            var variants = TsallisVariants.Select(v => table.Replay(new TsallisInf(grid, seed, v.Estimator, v.Rate)).Costs).ToArray();
            var tsallisCb = table.Replay(new TsallisInfCb(low, high, 5, grid, seed), contexts).Costs;
            var cheb = table.Replay(new ChebCb(low, high, 6, grid, seed), contexts).Costs;
            var cheb10 = table.Replay(new ChebCb(low, high, 10, grid, seed), contexts).Costs;
            long? live = null;
            if (seed == 0 && !args.Contains("--no-live"))
            {
                // The replay is exact: solving live at Tsallis-INF's choices costs the same.
                var replaySequence = new ShiftedLaplacianSequence(10, rounds, seed, distribution);
                var solver = new OmegaSequenceSolver(new TsallisInf(grid, seed), RelaxationMethod.Sor, options);
                for (int t = 0; t < rounds; t++)
                {
                    var system = replaySequence.Next();
                    Array.Clear(x);
                    solver.Solve(system.Matrix, system.RightHandSide, x, system.Context);
                }
                live = solver.Record.TotalIterations;
                if (live != (long)tsallis.Sum())
                    throw new InvalidOperationException($"Live Tsallis-INF total {live} differs from the replayed {tsallis.Sum()}.");
            }
            trials.Add(new ShiftedTrial(seed, table, young, golden, tsallis, tsallisCb, cheb, cheb10,
                HindsightChebyshev(table, contexts, low, high, 6), HindsightChebyshev(table, contexts, low, high, 10), tableSeconds, live, variants));
            Console.Error.WriteLine($"[relax shifted {distribution}] seed {seed}: table {tableSeconds:F1} s");
        }
        return ShiftedMarkdown(trials, rounds, distribution);
    }

    /// <summary>The best fixed arm's total over the first <paramref name="count"/> systems (best chosen on that prefix).</summary>
    private static double PrefixBestFixed(CostTable table, int count)
    {
        double best = double.PositiveInfinity;
        for (int a = 0; a < table.Grid.Count; a++)
        {
            double s = 0;
            for (int i = 0; i < count; i++) s += table[i, a];
            best = Math.Min(best, s);
        }
        return best;
    }

    /// <summary>
    /// The floor of ChebCB's model: every arm's cost fitted by unconstrained least squares on Chebyshev features
    /// T_0..T_(m-1) of the context over all T systems (full information, in hindsight), then per system the arm
    /// with the smallest predicted cost is charged its true cost. A learner that regresses with these features
    /// cannot, even without exploration or estimation error, pick better than this.
    /// </summary>
    private static double HindsightChebyshev(CostTable table, double[] contexts, double low, double high, int m)
    {
        var grid = table.Grid;
        var arms = Enumerable.Range(0, grid.Count).Select(_ => new ArmRegression(m)).ToArray();
        var phi = new double[m];
        var loose = Enumerable.Repeat(double.MaxValue, m).ToArray();
        for (int t = 0; t < table.Count; t++)
        {
            ChebyshevFeatures.Evaluate(contexts[t], low, high, phi);
            for (int a = 0; a < grid.Count; a++) arms[a].Add(phi, table[t, a] - 1);
        }
        foreach (var arm in arms) arm.Fit(1, loose);
        double total = 0;
        for (int t = 0; t < table.Count; t++)
        {
            ChebyshevFeatures.Evaluate(contexts[t], low, high, phi);
            int best = 0;
            for (int a = 1; a < grid.Count; a++)
                if (arms[a].Predict(phi) < arms[best].Predict(phi)) best = a;
            total += table[t, best];
        }
        return total;
    }

    /// <summary>One line per system: context, Young's cost, then the cost of every grid omega.</summary>
    private static void SaveTable(string file, CostTable table, double[] contexts, double[] young)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        using var writer = new StreamWriter(file);
        writer.WriteLine("context,young," + string.Join(",", table.Grid.Select(w => w.ToString("R", Inv))));
        for (int t = 0; t < table.Count; t++)
            writer.WriteLine(string.Join(",", new[] { contexts[t], young[t] }.Concat(Enumerable.Range(0, table.Grid.Count).Select(a => table[t, a])).Select(v => v.ToString("R", Inv))));
    }

    private static void LoadTable(string file, CostTable table, double[] contexts, double[] young)
    {
        var lines = File.ReadAllLines(file);
        if (lines.Length - 1 != contexts.Length) throw new InvalidDataException($"{file} has {lines.Length - 1} rows; expected {contexts.Length}.");
        for (int t = 0; t < contexts.Length; t++)
        {
            var v = lines[t + 1].Split(',').Select(s => double.Parse(s, Inv)).ToArray();
            contexts[t] = v[0];
            young[t] = v[1];
            table.Add(v.AsSpan(2));
        }
    }

    private static string ShiftedMarkdown(List<ShiftedTrial> trials, int rounds, ShiftDistribution distribution)
    {
        var grid = OmegaGrid.Default;
        var sb = new StringBuilder();
        string shift = distribution == ShiftDistribution.HighVariance ? "c = -0.15 + 0.6 Beta(0.5, 1.5) (high variance)" : "c = -0.15 + 0.6 Beta(2, 6) (low variance)";
        sb.AppendLine(Inv, $"### Experiment 1: SOR on shifted 10x10 Laplacians, {shift}");
        sb.AppendLine();
        string liveText = trials[0].LiveTsallis is { } live
            ? FormattableString.Invariant($"(live check, seed 0: Tsallis-INF solving at its own choices gave {live} iterations, identical to the replay).")
            : "(live check not run in this invocation).";
        sb.AppendLine(Inv, $"T = {rounds} systems per trial, {trials.Count} trial(s) (seeds 0..{trials.Count - 1}); n = 100, x0 = 0, b truncated normal, ||r||/||r0|| < 1e-8, at most 10^4 iterations; grid linspace(1, 1.95, 20). Totals are SOR iterations summed over the T systems, averaged over the trials. Learners were replayed on each trial's cost table {liveText}");
        sb.AppendLine();
        sb.AppendLine("| policy | mean total iterations | per system | / best fixed | / instance-optimal (Young) |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        double Mean(Func<ShiftedTrial, double> f) => trials.Average(f);
        double bestFixed = Mean(t => t.Table.Total(t.Table.BestFixedArm()));
        double youngTotal = Mean(t => t.Young.Sum());
        void Row(string name, double total) =>
            sb.AppendLine(Inv, $"| {name} | {total:F0} | {total / rounds:F1} | {total / bestFixed:F3} | {total / youngTotal:F3} |");
        foreach (double omega in PaperFixedShifted)
        {
            int arm = grid.IndexOfNearest(omega);
            Row($"fixed omega = {omega:F1}", Mean(t => t.Table.Total(arm)));
        }
        var bestArms = trials.Select(t => grid[t.Table.BestFixedArm()].ToString("F2", Inv)).Distinct();
        Row($"best fixed omega in hindsight (grid; omega = {string.Join(", ", bestArms)})", bestFixed);
        Row("instance-optimal on the grid (min over the 20 omegas per system)", Mean(t => t.Table.InstanceOptimalTotal()));
        Row("instance-optimal: Young's omega per system", youngTotal);
        Row("instance-optimal: golden section on [1, 1.95], 12 SOR solves per system (cost of the best probe; search cost not counted)", Mean(t => t.Golden.Sum()));
        Row("**Tsallis-INF**", Mean(t => t.Tsallis.Sum()));
        for (int v = 0; v < TsallisVariants.Length; v++) Row(TsallisVariants[v].Label, Mean(t => t.Variants[v].Sum()));
        Row("**Tsallis-INF-CB** (5 bins)", Mean(t => t.TsallisCb.Sum()));
        Row("**ChebCB** (m = 6, the paper's)", Mean(t => t.Cheb.Sum()));
        Row("ChebCB with m = 10 features (not the paper's setting)", Mean(t => t.Cheb10.Sum()));
        Row("model floor, m = 6: per-arm Chebyshev least squares fitted in hindsight on all T systems and all arms, greedy", Mean(t => t.Oracle6));
        Row("model floor, m = 10 (same, 10 features)", Mean(t => t.Oracle10));
        sb.AppendLine();
        double tsallisRatio = Mean(t => t.Tsallis.Sum()) / bestFixed, chebRatio = Mean(t => t.Cheb.Sum()) / youngTotal;
        double floor = Mean(t => t.Table.InstanceOptimalTotal()) / youngTotal;
        sb.AppendLine(Inv, $"Targets: Tsallis-INF / best fixed = **{tsallisRatio:F3}** (target <= 1.1: {(tsallisRatio <= 1.1 ? "met" : "missed")}); " +
            $"ChebCB / instance-optimal (Young) = **{chebRatio:F3}** (target <= 1.05: {(chebRatio <= 1.05 ? "met" : "missed")}). " +
            $"A policy restricted to the grid cannot go below {floor:F3} x Young here (the per-system grid minimum), so ChebCB's excess over the grid floor is {chebRatio / floor:F3}. " +
            $"ChebCB's own model (m = 6 Chebyshev features) fitted with full information in hindsight reaches {Mean(t => t.Oracle6) / youngTotal:F3} x Young " +
            $"({(Mean(t => t.Oracle6) / youngTotal > 1.05 ? "above the target: no learner that regresses on these features can meet it" : "within the target")}); " +
            $"ChebCB's excess over that model floor (exploration and estimation error) is {chebRatio / (Mean(t => t.Oracle6) / youngTotal):F3}.");
        sb.AppendLine();

        int[] checkpoints = [rounds / 10, rounds / 4, rounds / 2, rounds];
        sb.AppendLine("Cumulative cost ratios as T grows (regret is sublinear when the Tsallis-INF / best-fixed ratio falls towards 1):");
        sb.AppendLine();
        sb.AppendLine("| T | Tsallis-INF / best fixed (at T) | Tsallis-INF regret / T (iterations per system) | ChebCB / Young | ChebCB / best fixed |");
        sb.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (int c in checkpoints.Where(c => c > 0).Distinct())
        {
            double bf = Mean(t => PrefixBestFixed(t.Table, c));
            double ts = Mean(t => t.Tsallis[..c].Sum());
            double ch = Mean(t => t.Cheb[..c].Sum());
            double yo = Mean(t => t.Young[..c].Sum());
            sb.AppendLine(Inv, $"| {c} | {ts / bf:F3} | {(ts - bf) / c:F2} | {ch / yo:F3} | {ch / bf:F3} |");
        }
        sb.AppendLine();
        sb.AppendLine("Tsallis-INF estimator variants as T grows: cumulative cost / best fixed at T (regret / T in iterations per system); first column the paper's learner:");
        sb.AppendLine();
        sb.AppendLine("| T | Tsallis-INF | " + string.Join(" | ", TsallisVariants.Select(v => v.Short)) + " |");
        sb.AppendLine("|---:|---:|" + string.Concat(TsallisVariants.Select(_ => "---:|")));
        foreach (int c in checkpoints.Where(c => c > 0).Distinct())
        {
            double bf = Mean(t => PrefixBestFixed(t.Table, c));
            string Cell(Func<ShiftedTrial, double[]> costs)
            {
                double total = Mean(t => costs(t)[..c].Sum());
                return FormattableString.Invariant($"{total / bf:F3} ({(total - bf) / c:F2})");
            }
            sb.AppendLine(FormattableString.Invariant($"| {c} | {Cell(t => t.Tsallis)} | ") + string.Join(" | ", TsallisVariants.Select((_, v) => Cell(t => t.Variants[v]))) + " |");
        }
        sb.AppendLine();
        sb.AppendLine("Tsallis-INF estimator variants per trial (total / that trial's best fixed omega; mean over trials and min–max):");
        sb.AppendLine();
        sb.AppendLine("| variant | " + string.Join(" | ", trials.Select(t => FormattableString.Invariant($"seed {t.Seed}"))) + " | mean of totals | min–max |");
        sb.AppendLine("|---|" + string.Concat(trials.Select(_ => "---:|")) + "---:|---:|");
        void TrialRow(string name, Func<ShiftedTrial, double[]> costs)
        {
            var ratios = trials.Select(t => costs(t).Sum() / t.Table.Total(t.Table.BestFixedArm())).ToArray();
            sb.AppendLine($"| {name} | " + string.Join(" | ", ratios.Select(r => r.ToString("F3", Inv))) +
                FormattableString.Invariant($" | {Mean(t => costs(t).Sum()) / bestFixed:F3} | {ratios.Min():F3}–{ratios.Max():F3} |"));
        }
        TrialRow("Tsallis-INF (the paper's learner)", t => t.Tsallis);
        for (int v = 0; v < TsallisVariants.Length; v++) TrialRow(TsallisVariants[v].Short, t => t.Variants[v]);
        sb.AppendLine();
        sb.AppendLine("Per trial (total iterations):");
        sb.AppendLine();
        sb.AppendLine("| seed | best fixed (omega) | Young | golden section | Tsallis-INF | Tsallis-INF-CB | ChebCB | Tsallis-INF / best fixed | ChebCB / Young | cost-table s (compute, or load when cached) |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in trials)
        {
            int arm = t.Table.BestFixedArm();
            double bf = t.Table.Total(arm), yo = t.Young.Sum(), ts = t.Tsallis.Sum(), ch = t.Cheb.Sum();
            sb.AppendLine(Inv, $"| {t.Seed} | {bf:F0} ({grid[arm]:F2}) | {yo:F0} | {t.Golden.Sum():F0} | {ts:F0} | {t.TsallisCb.Sum():F0} | {ch:F0} | {ts / bf:F3} | {ch / yo:F3} | {t.TableSeconds:F1} |");
        }
        sb.AppendLine();
        return sb.ToString();
    }

    // ---------------------------------------------------------------- heat

    private sealed record HeatRun(string Name, long Iterations, double SolveSeconds, double TotalSeconds, double CpuSeconds, int NotConverged, double MeanOmega);

    private static string Heat(string[] args)
    {
        int nx = IntOption(args, "--nx", 100);
        int steps = IntOption(args, "--steps", 5000);
        int seed = IntOption(args, "--seed", 0);
        bool allGrid = args.Contains("--all-grid");
        var grid = OmegaGrid.Default;
        var runs = new List<HeatRun>();
        var probe = new HeatEquation2D(nx, steps);
        var (low, high) = probe.ContextRange;

        var fixedOmegas = allGrid ? grid.ToArray() : PaperFixedHeat;
        foreach (double omega in fixedOmegas)
            runs.Add(HeatPolicy(nx, steps, $"SSOR-PCG, fixed omega = {omega:G3}", new FixedOmega(omega)));
        runs.Add(HeatPolicy(nx, steps, "SSOR-PCG, **ChebCB** (context kappa)", new ChebCb(low, high, 6, grid, seed)));
        runs.Add(HeatPolicy(nx, steps, "SSOR-PCG, Tsallis-INF", new TsallisInf(grid, seed)));
        runs.Add(HeatPolicy(nx, steps, "SSOR-PCG, Tsallis-INF-CB (5 bins of kappa)", new TsallisInfCb(low, high, 5, grid, seed)));
        if (!args.Contains("--no-golden")) runs.Add(HeatGolden(nx, steps));
        runs.Add(HeatBaseline(nx, steps, "IC(0)-PCG", a => new IncompleteCholesky(a)));
        runs.Add(HeatBaseline(nx, steps, "CG (no preconditioner)", null));

        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"### Heat equation, SSOR-PCG, nx = {nx} (n = {(nx - 1) * (nx - 1)}), {steps} Crank–Nicolson steps of dt = 1e-3 (t = 0 to {steps * 1e-3:G4})");
        sb.AppendLine();
        sb.AppendLine(Inv, $"kappa(t) = max(0.1 sin 2 pi t, -10 sin 2 pi t) in [{low:G3}, {high:G3}] over these steps; warm start from the previous step; " +
            $"PCG to ||b - Ax|| <= 1e-8 ||b||, at most 10^4 iterations. Each policy runs its own simulation. Solve seconds = preconditioner set-up + PCG + policy, summed over steps " +
            $"(system assembly, identical for all, excluded); total seconds include assembly; CPU seconds are the process's CPU time over the whole run (assembly included), " +
            $"less sensitive than wall time to other load on the machine. One thread, pinned.");
        sb.AppendLine();
        sb.AppendLine("| policy | total PCG iterations | per step | solve s (wall) | total s (wall) | total CPU s | mean omega | steps not converged |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
            sb.AppendLine(Inv, $"| {r.Name} | {r.Iterations} | {r.Iterations / (double)steps:F1} | {r.SolveSeconds:F2} | {r.TotalSeconds:F2} | {r.CpuSeconds:F2} | {(double.IsNaN(r.MeanOmega) ? "—" : r.MeanOmega.ToString("F3", Inv))} | {r.NotConverged} |");
        var cheb = runs.Single(r => r.Name.Contains("ChebCB"));
        var fixedRuns = runs.Where(r => r.Name.Contains("fixed omega")).ToList();
        var bestFixed = fixedRuns.MinBy(r => r.Iterations)!;
        var ic = runs.Single(r => r.Name.StartsWith("IC(0)"));
        sb.AppendLine();
        sb.AppendLine(Inv, $"ChebCB / best fixed omega in iterations ({bestFixed.Name}): **{cheb.Iterations / (double)bestFixed.Iterations:F3}**; " +
            $"ChebCB below every fixed omega run: **{(fixedRuns.All(r => cheb.Iterations < r.Iterations) ? "yes" : "no")}**. " +
            $"ChebCB SSOR-PCG / IC(0)-PCG solve time (wall): **{cheb.SolveSeconds / ic.SolveSeconds:F3}** ({cheb.SolveSeconds:F2} s vs {ic.SolveSeconds:F2} s); " +
            $"whole-run CPU time: **{cheb.CpuSeconds / ic.CpuSeconds:F3}** ({cheb.CpuSeconds:F2} s vs {ic.CpuSeconds:F2} s).");
        sb.AppendLine();
        return sb.ToString();
    }

    private static readonly SolverOptions HeatOptions = new() { RelativeTolerance = 1e-8, MaxIterations = 10_000, RecordHistory = false };

    private static HeatRun HeatPolicy(int nx, int steps, string name, IOmegaPolicy policy)
    {
        var heat = new HeatEquation2D(nx, steps);
        var solver = new OmegaSequenceSolver(policy, RelaxationMethod.SsorPcg, HeatOptions);
        var total = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        double omegaSum = 0;
        for (int t = 0; t < steps; t++)
        {
            var system = heat.Next();
            var x = system.InitialGuess;
            var step = solver.Solve(system.Matrix, system.RightHandSide, x, system.Context);
            omegaSum += step.Omega;
            heat.Accept(x);
        }
        var record = solver.Record;
        var run = new HeatRun(name, record.TotalIterations, record.TotalElapsed.TotalSeconds, total.Elapsed.TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, record.NotConverged, omegaSum / steps);
        Console.Error.WriteLine($"[relax heat] {name}: {run.Iterations} iterations, {run.SolveSeconds:F2} s");
        return run;
    }

    /// <summary>
    /// Instance-optimal reference: every step is solved at the 12 omegas of a golden-section search (each from the
    /// same warm start); the step costs the iterations of the best probe and the simulation continues from its
    /// solution. Seconds are those of all 12 probes.
    /// </summary>
    private static HeatRun HeatGolden(int nx, int steps)
    {
        var heat = new HeatEquation2D(nx, steps);
        var total = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long iterations = 0;
        int notConverged = 0;
        double solveSeconds = 0, omegaSum = 0;
        for (int t = 0; t < steps; t++)
        {
            var system = heat.Next();
            var start = system.InitialGuess.ToArray();
            var probe = new double[start.Length];
            var best = new double[start.Length];
            bool bestConverged = false;
            double bestIterations = double.PositiveInfinity;
            var clock = Stopwatch.StartNew();
            var options = t == 0 ? HeatOptions : HeatOptions with { CheckInput = false };
            var (omega, cost) = GoldenSectionOmega.Search(w =>
            {
                start.CopyTo(probe, 0);
                var result = ConjugateGradient.Solve(system.Matrix, system.RightHandSide, probe, new SsorPreconditioner(system.Matrix, w), options);
                if (result.Iterations < bestIterations)
                {
                    bestIterations = result.Iterations;
                    bestConverged = result.Converged;
                    probe.CopyTo(best, 0);
                }
                return result.Iterations;
            });
            solveSeconds += clock.Elapsed.TotalSeconds;
            iterations += (long)cost;
            omegaSum += omega;
            if (!bestConverged) notConverged++;
            heat.Accept(best);
        }
        var run = new HeatRun("SSOR-PCG, instance-optimal by golden section (12 solves per step; iterations of the best probe, seconds of all 12)", iterations, solveSeconds,
            total.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, notConverged, omegaSum / steps);
        Console.Error.WriteLine($"[relax heat] golden section: {run.Iterations} iterations, {run.SolveSeconds:F2} s");
        return run;
    }

    private static HeatRun HeatBaseline(int nx, int steps, string name, Func<CsrMatrix, IPreconditioner>? preconditioner)
    {
        var heat = new HeatEquation2D(nx, steps);
        var total = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long iterations = 0;
        int notConverged = 0;
        double solveSeconds = 0;
        for (int t = 0; t < steps; t++)
        {
            var system = heat.Next();
            var x = system.InitialGuess;
            var clock = Stopwatch.StartNew();
            var m = preconditioner?.Invoke(system.Matrix);
            var result = ConjugateGradient.Solve(system.Matrix, system.RightHandSide, x, m, t == 0 ? HeatOptions : HeatOptions with { CheckInput = false });
            solveSeconds += clock.Elapsed.TotalSeconds;
            iterations += result.Iterations;
            if (!result.Converged) notConverged++;
            heat.Accept(x);
        }
        var run = new HeatRun(name, iterations, solveSeconds, total.Elapsed.TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, notConverged, double.NaN);
        Console.Error.WriteLine($"[relax heat] {name}: {run.Iterations} iterations, {run.SolveSeconds:F2} s");
        return run;
    }
}
