using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// Seeded random SPD systems whose graph is one spanning tree, the test bed of the message-passing block solve
/// (<see cref="TreeSolver"/>; claim 3 of the BCD design brief): node v &gt; 0 hangs from a parent drawn uniformly from
/// 0..v-1 (a random recursive tree, depth about e ln n), or with probability <c>chain</c> from v - 1, which makes long
/// paths (chain = 1: a path, depth n - 1) to exercise deep trees. Parents have smaller indices than their children. Edge weights are -U(0.1, 1) (a graph Laplacian's sign) and the
/// diagonal is the weighted degree plus U(0.01, 1), so Q is strictly diagonally dominant, hence SPD, with a
/// condition number that grows with the degree (up to ~1e3 here). With <c>breadthFirstLabels</c> the same tree is
/// numbered in breadth-first order from the root, so a node's parent label is non-decreasing in its own label (the
/// locality a mesh renumbering gives); by default the labels are the insertion order, whose parent links jump
/// uniformly across memory (the worst case for caches).
/// </summary>
public static class RandomTreeSystem
{
    /// <summary>The n x n tree matrix for <paramref name="seed"/>; the same arguments give the same matrix.</summary>
    /// <exception cref="ArgumentException">n is not positive, or chain is outside [0, 1].</exception>
    public static CsrMatrix Matrix(int n, int seed, double chain = 0, bool breadthFirstLabels = false)
    {
        if (n < 1) throw new ArgumentException($"n must be positive, was {n}.", nameof(n));
        if (!(chain >= 0 && chain <= 1)) throw new ArgumentException($"chain must be in [0, 1], was {chain}.", nameof(chain));
        var rng = new Random(seed);
        var parent = new int[n];
        var weight = new double[n];
        var degreeWeight = new double[n];
        var childCount = new int[n];
        parent[0] = -1;
        for (int v = 1; v < n; v++)
        {
            int p = rng.NextDouble() < chain ? v - 1 : rng.Next(v);
            parent[v] = p;
            weight[v] = -(0.1 + 0.9 * rng.NextDouble());
            degreeWeight[v] -= weight[v];
            degreeWeight[p] -= weight[v];
            childCount[p]++;
        }
        var diagonalExtra = new double[n];
        for (int v = 0; v < n; v++) diagonalExtra[v] = 0.01 + 0.99 * rng.NextDouble();
        if (breadthFirstLabels) Relabel(parent, weight, degreeWeight, diagonalExtra, childCount);
        // CSR directly (a COO of 3n entries would sort them): row v holds its parent, its children and the diagonal
        var rowPointers = new int[n + 1];
        for (int v = 0; v < n; v++) rowPointers[v + 1] = rowPointers[v] + 1 + childCount[v] + (parent[v] >= 0 ? 1 : 0);
        var columns = new int[rowPointers[n]];
        var values = new double[rowPointers[n]];
        var fill = new int[n];
        for (int v = 0; v < n; v++)
        {
            int at = rowPointers[v];
            if (parent[v] >= 0) { columns[at] = parent[v]; values[at] = weight[v]; at++; }
            columns[at] = v;
            values[at] = degreeWeight[v] + diagonalExtra[v];
            fill[v] = at + 1;
        }
        // children in increasing index order, after the diagonal (every child index exceeds its parent's)
        for (int v = 1; v < n; v++)
        {
            int p = parent[v];
            columns[fill[p]] = v;
            values[fill[p]] = weight[v];
            fill[p]++;
        }
        return CsrMatrix.FromArrays(n, n, rowPointers, columns, values);
    }

    /// <summary>Renumbers the tree (all arrays indexed by node, in place) in breadth-first order from node 0.</summary>
    private static void Relabel(int[] parent, double[] weight, double[] degreeWeight, double[] diagonalExtra, int[] childCount)
    {
        int n = parent.Length;
        // children lists in CSR form (children of v in increasing order)
        var start = new int[n + 1];
        for (int v = 0; v < n; v++) start[v + 1] = start[v] + childCount[v];
        var next = start[..n];
        var children = new int[Math.Max(n - 1, 0)];
        for (int v = 1; v < n; v++) children[next[parent[v]]++] = v;
        var order = new int[n];   // new label -> old label
        int count = 1;
        for (int head = 0; head < count; head++)
        {
            int v = order[head];
            for (int k = start[v]; k < start[v + 1]; k++) order[count++] = children[k];
        }
        var label = new int[n];   // old label -> new label
        for (int i = 0; i < n; i++) label[order[i]] = i;
        var oldParent = (int[])parent.Clone();
        var oldWeight = (double[])weight.Clone();
        var oldDegree = (double[])degreeWeight.Clone();
        var oldExtra = (double[])diagonalExtra.Clone();
        var oldChildren = (int[])childCount.Clone();
        for (int i = 0; i < n; i++)
        {
            int v = order[i];
            parent[i] = oldParent[v] < 0 ? -1 : label[oldParent[v]];
            weight[i] = oldWeight[v];
            degreeWeight[i] = oldDegree[v];
            diagonalExtra[i] = oldExtra[v];
            childCount[i] = oldChildren[v];
        }
    }
}
