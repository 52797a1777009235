using Solvers.Transport.Problems;

namespace Solvers.Transport.Tests.Exact;

/// <summary>
/// An independent exact reference for tiny problems: every vertex of the transportation polytope is the flow on a
/// spanning tree of the bipartite graph K(n, m) (n + m - 1 arcs), so the LP optimum is the cheapest tree whose
/// flows are all non-negative. Enumerates all (nm choose n+m-1) arc subsets.
/// </summary>
internal static class BruteForceTransport
{
    public static double MinimumCost(OtProblem problem)
    {
        int n = problem.SourceCount, m = problem.TargetCount, arcs = n * m, size = n + m - 1;
        double best = double.PositiveInfinity;
        var chosen = new int[size];
        void Recurse(int start, int depth)
        {
            if (depth == size)
            {
                double? cost = TreeCost(problem, chosen);
                if (cost is { } c && c < best) best = c;
                return;
            }
            for (int e = start; e <= arcs - (size - depth); e++)
            {
                chosen[depth] = e;
                Recurse(e + 1, depth + 1);
            }
        }
        Recurse(0, 0);
        return best;
    }

    /// <summary>The cost of the basic solution on this arc set, or null when it is not a spanning tree or has a negative flow.</summary>
    private static double? TreeCost(OtProblem problem, int[] arcs)
    {
        int n = problem.SourceCount, m = problem.TargetCount;
        var remaining = new double[n + m];
        for (int i = 0; i < n; i++) remaining[i] = problem.SourceWeights[i];
        for (int j = 0; j < m; j++) remaining[n + j] = problem.TargetWeights[j];
        var degree = new int[n + m];
        var used = new bool[arcs.Length];
        foreach (int e in arcs) { degree[e / m]++; degree[n + e % m]++; }
        double cost = 0;
        // Peel leaves: a leaf's single arc carries its whole remaining weight.
        for (int round = 0; round < arcs.Length; round++)
        {
            int leafArc = -1, leaf = -1;
            for (int q = 0; q < arcs.Length && leafArc < 0; q++)
            {
                if (used[q]) continue;
                int i = arcs[q] / m, j = n + arcs[q] % m;
                if (degree[i] == 1) { leafArc = q; leaf = i; }
                else if (degree[j] == 1) { leafArc = q; leaf = j; }
            }
            if (leafArc < 0) return null; // a cycle: not a tree
            int s = arcs[leafArc] / m, t = n + arcs[leafArc] % m;
            int other = leaf == s ? t : s;
            double flow = remaining[leaf];
            if (flow < -1e-12) return null;
            remaining[other] -= flow;
            remaining[leaf] = 0;
            cost += flow * problem.Cost[s, t - n];
            used[leafArc] = true;
            degree[s]--;
            degree[t]--;
        }
        for (int v = 0; v < n + m; v++) if (degree[v] != 0 || Math.Abs(remaining[v]) > 1e-9) return null;
        return cost;
    }
}
