using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Solvers.Cli.Output;
using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.Direct;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Cli.Commands;

/// <summary>
/// <c>solvers tree-solve</c>: the message-passing solve of a random SPD tree system (<see cref="RandomTreeSystem"/>,
/// <see cref="TreeSolver"/>) timed in thread CPU seconds and checked against a sparse Cholesky solve (claim 3 of the BCD
/// brief: exact to 1e-10 and linear in n).
/// </summary>
internal static class TreeSolveCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes n (the system is n x n).", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the tree, the weights and the right-hand side.", DefaultValueFactory = _ => 1 };
        var chain = new Option<double>("--chain") { Description = "Probability that node v hangs from v - 1 instead of a uniform earlier node (0: random recursive tree, depth ~ e ln n; near 1: deep paths).", DefaultValueFactory = _ => 0 };
        var repeat = new Option<int>("--repeat") { Description = "Time the analysis and the solve this many times and report the fastest.", DefaultValueFactory = _ => 5 };
        var reference = new Option<string>("--reference") { Description = "cholesky (sparse Cholesky, AMD ordering) or none.", DefaultValueFactory = _ => "cholesky" };
        reference.AcceptOnlyFromAmong("cholesky", "none");
        var bfs = new Option<bool>("--bfs-labels") { Description = "Number the tree breadth-first from the root (parent labels non-decreasing: cache friendly) instead of in insertion order." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("tree-solve", "Message-passing solve of a seeded random SPD tree system, timed (thread CPU) and checked against sparse Cholesky.\n" +
            "Example: solvers tree-solve --nodes 1000000 --json");
        foreach (var option in new Option[] { nodes, seed, chain, bfs, repeat, reference, json })
            command.Options.Add(option);
        command.SetAction(parse => CommandHost.Run("tree-solve", _ => Run(parse.GetValue(nodes), parse.GetValue(seed), parse.GetValue(chain), parse.GetValue(bfs),
            parse.GetValue(repeat), parse.GetValue(reference)!, parse.GetValue(json))));
        return command;
    }

    private static int Run(int n, int seed, double chain, bool bfs, int repeat, string reference, bool json)
    {
        if (n < 1) throw new ArgumentException($"--nodes must be positive, was {n}.");
        if (repeat < 1) throw new ArgumentException($"--repeat must be at least 1, was {repeat}.");
        var q = RandomTreeSystem.Matrix(n, seed, chain, bfs);
        var rng = new Random(seed + 1);
        var b = new double[n];
        for (int i = 0; i < n; i++) b[i] = 2 * rng.NextDouble() - 1;
        var block = Enumerable.Range(0, n).ToArray();
        var x = new double[n];

        double analyse = double.PositiveInfinity, solve = double.PositiveInfinity, warm = double.PositiveInfinity, wall = double.PositiveInfinity;
        for (int r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            double t0 = ThreadCpuClock.Seconds();
            var tree = new TreeSolver(q, block);
            double t1 = ThreadCpuClock.Seconds();
            if (!tree.Solve(block, b, x)) throw new InvalidOperationException("A pivot of the tree elimination was not positive.");
            double t2 = ThreadCpuClock.Seconds();
            analyse = Math.Min(analyse, t1 - t0);
            solve = Math.Min(solve, t2 - t1);
            wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
            // again on the same instance: scratch already touched, so no page faults of fresh memory
            double t3 = ThreadCpuClock.Seconds();
            tree.Solve(block, b, x);
            warm = Math.Min(warm, ThreadCpuClock.Seconds() - t3);
        }

        // independent checks: the residual of the tree solution, and the distance to a sparse Cholesky solution
        var qx = new double[n];
        q.Apply(x, qx);
        double residual = 0, bNorm = 0;
        for (int i = 0; i < n; i++) { residual += (b[i] - qx[i]) * (b[i] - qx[i]); bNorm += b[i] * b[i]; }
        double? error = null, choleskySeconds = null;
        if (reference == "cholesky")
        {
            var xc = new double[n];
            double c0 = ThreadCpuClock.Seconds();
            SparseCholesky.Factorize(q).Solve(b, xc);
            choleskySeconds = ThreadCpuClock.Seconds() - c0;
            double diff = 0, norm = 0;
            for (int i = 0; i < n; i++) { diff += (x[i] - xc[i]) * (x[i] - xc[i]); norm += xc[i] * xc[i]; }
            error = Math.Sqrt(diff / norm);
        }
        var report = new Dictionary<string, object?>
        {
            ["nodes"] = n, ["seed"] = seed, ["chain"] = chain, ["bfsLabels"] = bfs, ["depth"] = Depth(q), ["repeats"] = repeat,
            ["analyseCpuSeconds"] = analyse, ["solveCpuSeconds"] = solve, ["warmSolveCpuSeconds"] = warm, ["totalCpuSeconds"] = analyse + solve, ["bestWallSeconds"] = wall,
            ["relativeResidual"] = Math.Sqrt(residual / bNorm), ["relativeErrorVsCholesky"] = error, ["choleskyCpuSeconds"] = choleskySeconds,
        };
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(report, CliJson.Options));
        else
            foreach (var (key, value) in report)
                Console.Out.WriteLine($"{key,-26} {Convert.ToString(value, CultureInfo.InvariantCulture)}");
        return Program.ExitConverged;
    }

    /// <summary>Depth of the tree: row v of the generator's matrix holds exactly one column below v, its parent.</summary>
    private static int Depth(CsrMatrix q)
    {
        int n = q.RowCount, deepest = 0;
        var depth = new int[n];
        for (int v = 1; v < n; v++)
        {
            int parent = q.ColumnIndices[q.RowPointers[v]];
            depth[v] = depth[parent] + 1;
            deepest = Math.Max(deepest, depth[v]);
        }
        return deepest;
    }
}
