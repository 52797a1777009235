namespace Solvers.Linear.Krylov;

/// <summary>
/// Orders a batch of systems so that neighbours are similar (SKR, Wang et al., ICLR 2024, Algorithm 1): greedy nearest
/// neighbour in parameter space from the first system. Large batches are first cut into groups along the coordinate of
/// largest spread, each group ordered greedily, and the groups concatenated (the paper's remedy for the O(N^2) cost).
/// </summary>
public static class SystemOrdering
{
    /// <summary>The greedy nearest-neighbour order of <paramref name="parameters"/> (indices into it).</summary>
    /// <param name="parameters">One parameter vector per system, all of one length, finite.</param>
    /// <param name="groupSize">Largest group ordered greedily as a whole (default 2000).</param>
    public static int[] GreedyNearestNeighbour(IReadOnlyList<double[]> parameters, int groupSize = 2000)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 2);
        int count = parameters.Count;
        if (count == 0) return [];
        int dimension = parameters[0].Length;
        for (int i = 0; i < count; i++)
        {
            if (parameters[i] is null || parameters[i].Length != dimension)
                throw new ArgumentException($"Parameter vector {i} has length {parameters[i]?.Length ?? 0}; expected {dimension}.", nameof(parameters));
            if (parameters[i].Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"Parameter vector {i} has a NaN or infinite entry.", nameof(parameters));
        }
        var all = Enumerable.Range(0, count).ToArray();
        if (count <= groupSize) return Greedy(parameters, all);

        int axis = Enumerable.Range(0, dimension)
            .OrderByDescending(d => parameters.Max(p => p[d]) - parameters.Min(p => p[d])).First();
        var sorted = all.OrderBy(i => parameters[i][axis]).ToArray();
        var order = new List<int>(count);
        for (int start = 0; start < count; start += groupSize)
            order.AddRange(Greedy(parameters, sorted[start..Math.Min(count, start + groupSize)]));
        return order.ToArray();
    }

    private static int[] Greedy(IReadOnlyList<double[]> parameters, int[] members)
    {
        int count = members.Length;
        var used = new bool[count];
        var order = new int[count];
        int current = 0;
        used[0] = true;
        order[0] = members[0];
        for (int step = 1; step < count; step++)
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            var from = parameters[members[current]];
            for (int j = 0; j < count; j++)
            {
                if (used[j]) continue;
                double distance = SquaredDistance(from, parameters[members[j]]);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = j;
                }
            }
            used[best] = true;
            order[step] = members[best];
            current = best;
        }
        return order;
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
