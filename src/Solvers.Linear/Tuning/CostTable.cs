namespace Solvers.Linear.Tuning;

/// <summary>
/// The cost of every grid omega on every system of a sequence (rows = systems, columns = arms), for the
/// comparators of online learning: the best fixed omega in hindsight, the per-system (instance-optimal) grid
/// minimum, and the regret of a policy. Costs of deterministic solvers can also be replayed to a policy
/// (<see cref="Replay"/>) instead of solving again.
/// </summary>
public sealed class CostTable
{
    private readonly List<double[]> _rows = [];

    /// <summary>An empty table over <paramref name="grid"/>.</summary>
    public CostTable(OmegaGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Grid = grid;
    }

    /// <summary>The arms (columns).</summary>
    public OmegaGrid Grid { get; }

    /// <summary>Number of systems (rows).</summary>
    public int Count => _rows.Count;

    /// <summary>Cost of arm <paramref name="arm"/> on system <paramref name="index"/>.</summary>
    public double this[int index, int arm] => _rows[index][arm];

    /// <summary>Appends the costs of every arm on the next system.</summary>
    /// <exception cref="ArgumentException">The row's length is not the grid size, or a cost is negative or not finite.</exception>
    public void Add(ReadOnlySpan<double> costs)
    {
        if (costs.Length != Grid.Count)
            throw new ArgumentException($"Got {costs.Length} costs; the grid has {Grid.Count} arms.", nameof(costs));
        for (int i = 0; i < costs.Length; i++)
            if (!(costs[i] >= 0) || double.IsInfinity(costs[i]))
                throw new ArgumentException($"Cost of arm {i} is {costs[i]}; costs must be finite and non-negative.", nameof(costs));
        _rows.Add(costs.ToArray());
    }

    /// <summary>Total cost of always playing arm <paramref name="arm"/>.</summary>
    public double Total(int arm)
    {
        double s = 0;
        foreach (var row in _rows) s += row[arm];
        return s;
    }

    /// <summary>The arm with the smallest total: the best fixed omega in hindsight (the first on a tie).</summary>
    public int BestFixedArm()
    {
        int best = 0;
        double bestTotal = double.PositiveInfinity;
        for (int a = 0; a < Grid.Count; a++)
        {
            double total = Total(a);
            if (total < bestTotal) { bestTotal = total; best = a; }
        }
        return best;
    }

    /// <summary>The cheapest arm's cost on system <paramref name="index"/>: the instance-optimal grid policy's cost there.</summary>
    public double InstanceOptimalCost(int index) => _rows[index].Min();

    /// <summary>Sum over systems of the cheapest arm on each: the instance-optimal policy restricted to the grid.</summary>
    public double InstanceOptimalTotal()
    {
        double s = 0;
        for (int t = 0; t < _rows.Count; t++) s += InstanceOptimalCost(t);
        return s;
    }

    /// <summary>
    /// Cumulative regret of a policy that incurred <paramref name="policyCosts"/> against the best fixed arm in
    /// hindsight over all rows: entry t is sum_(s &lt;= t) (policy cost_s - cost_s(best arm)).
    /// </summary>
    /// <exception cref="ArgumentException">The policy has a different number of costs than the table has rows.</exception>
    public double[] CumulativeRegret(ReadOnlySpan<double> policyCosts)
    {
        if (policyCosts.Length != _rows.Count)
            throw new ArgumentException($"Got {policyCosts.Length} policy costs; the table has {_rows.Count} systems.", nameof(policyCosts));
        int best = BestFixedArm();
        var regret = new double[_rows.Count];
        double s = 0;
        for (int t = 0; t < regret.Length; t++) regret[t] = s += policyCosts[t] - _rows[t][best];
        return regret;
    }

    /// <summary>
    /// Plays <paramref name="policy"/> against the recorded costs: before row t it is asked for an omega (with
    /// context <paramref name="contexts"/>[t] when given), the nearest grid arm's cost is what it observes and
    /// incurs. Equivalent to solving again when the solver is deterministic. Returns the chosen arms and costs.
    /// </summary>
    /// <exception cref="ArgumentException">Contexts are given but not one per row.</exception>
    public (int[] Arms, double[] Costs) Replay(IOmegaPolicy policy, IReadOnlyList<double>? contexts = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (contexts is not null && contexts.Count != _rows.Count)
            throw new ArgumentException($"Got {contexts.Count} contexts; the table has {_rows.Count} systems.", nameof(contexts));
        var arms = new int[_rows.Count];
        var costs = new double[_rows.Count];
        for (int t = 0; t < _rows.Count; t++)
        {
            double omega = policy.Choose(new OmegaQuery(t, null, contexts?[t]));
            int arm = Grid.IndexOfNearest(omega);
            arms[t] = arm;
            costs[t] = _rows[t][arm];
            policy.Observe(costs[t]);
        }
        return (arms, costs);
    }
}
