using Solvers.Cli.Commands;
using Solvers.Linear.Tuning;

namespace Solvers.Cli.Output;

/// <summary>
/// The <c>regret</c> object of <c>solvers sequence --regret --json</c>: the policy's total iterations against the best
/// fixed grid omega in hindsight and against the instance-optimal grid policy (the cheapest grid omega on each
/// system), all measured on the same systems from the same initial guesses.
/// </summary>
internal sealed record SequenceRegret
{
    /// <summary>The grid of omegas every system was also solved with.</summary>
    public required double[] Grid { get; init; }

    /// <summary>The grid omega with the smallest total over the run (the first on a tie).</summary>
    public required double BestFixedOmega { get; init; }

    /// <summary>Total iterations of always using <see cref="BestFixedOmega"/>.</summary>
    public required double BestFixedIterations { get; init; }

    /// <summary>Sum over systems of the cheapest grid omega's iterations.</summary>
    public required double InstanceOptimalIterations { get; init; }

    /// <summary>The policy's total iterations (= totalIterations).</summary>
    public required double PolicyIterations { get; init; }

    /// <summary>PolicyIterations - BestFixedIterations (negative when the policy beats every fixed omega).</summary>
    public required double Regret { get; init; }

    /// <summary>PolicyIterations / BestFixedIterations.</summary>
    public required double RatioToBestFixed { get; init; }

    /// <summary>PolicyIterations / InstanceOptimalIterations.</summary>
    public required double RatioToInstanceOptimal { get; init; }

    /// <summary>
    /// The summary of systems that carry <see cref="SequenceEntry.GridIterations"/> (in index order), and the same systems
    /// with their <see cref="SequenceEntry.CumulativeRegret"/> filled in. Null when a system lacks grid costs.
    /// </summary>
    public static (SequenceRegret Summary, List<SequenceEntry> Systems, CostTable Table)? From(IReadOnlyList<SequenceEntry> systems)
    {
        if (systems.Count == 0 || systems.Any(s => s.GridIterations is null)) return null;
        var grid = OmegaGrid.Default;
        var table = new CostTable(grid);
        foreach (var s in systems) table.Add(s.GridIterations);
        var policy = systems.Select(s => (double)s.Iterations).ToArray();
        var cumulative = table.CumulativeRegret(policy);
        int best = table.BestFixedArm();
        double bestTotal = table.Total(best), optimal = table.InstanceOptimalTotal(), total = policy.Sum();
        var summary = new SequenceRegret
        {
            Grid = grid.Values.ToArray(),
            BestFixedOmega = grid[best],
            BestFixedIterations = bestTotal,
            InstanceOptimalIterations = optimal,
            PolicyIterations = total,
            Regret = total - bestTotal,
            RatioToBestFixed = bestTotal > 0 ? total / bestTotal : double.NaN,
            RatioToInstanceOptimal = optimal > 0 ? total / optimal : double.NaN,
        };
        return (summary, systems.Select((s, t) => s with { CumulativeRegret = cumulative[t] }).ToList(), table);
    }
}
