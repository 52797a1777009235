using System.Runtime.CompilerServices;
namespace Solvers.Linear.Direct;

/// <summary>
/// Reverse Cuthill-McKee ordering (Cuthill and McKee, 1969; George's reversal, 1971): a breadth-first search
/// that visits neighbours by increasing degree, started in each connected component from a pseudo-peripheral
/// node (Gibbs, Poole and Stockmeyer, 1976, as refined by George and Liu, 1979), then reversed.
/// </summary>
internal static class ReverseCuthillMcKee
{
    /// <summary>The "new to old" order of <paramref name="graph"/>'s nodes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Order(GraphPattern graph)
    {
        int n = graph.NodeCount;
        var xadj = graph.Pointers;
        var adj = graph.Neighbours;
        var order = new int[n];
        var visited = new bool[n];
        var level = new int[n];
        var queue = new int[n];
        var scratch = new int[n];
        int k = 0;
        for (int start = 0; start < n; start++)
        {
            if (visited[start]) continue;
            int root = PseudoPeripheral(start);
            // Cuthill-McKee from root.
            int head = k, tail = k;
            order[tail++] = root;
            visited[root] = true;
            while (head < tail)
            {
                int v = order[head++];
                int first = tail;
                for (int p = xadj[v]; p < xadj[v + 1]; p++)
                {
                    int u = adj[p];
                    if (visited[u]) continue;
                    visited[u] = true;
                    order[tail++] = u;
                }
                // Neighbours just added, by increasing degree (insertion sort: lists are short).
                for (int a = first + 1; a < tail; a++)
                {
                    int u = order[a], du = graph.Degree(u), b = a - 1;
                    while (b >= first && graph.Degree(order[b]) > du) { order[b + 1] = order[b]; b--; }
                    order[b + 1] = u;
                }
            }
            k = tail;
        }
        Array.Reverse(order);
        return order;

        // George-Liu: repeat a level-structure BFS from a node of least degree in the last level while the
        // eccentricity grows. Uses level[] as a per-search stamp (queue/scratch as work space).
        int PseudoPeripheral(int s)
        {
            int root = s;
            int eccentricity = BreadthFirst(root, out int lastStart, out int count);
            while (true)
            {
                int best = queue[lastStart];
                for (int t = lastStart + 1; t < count; t++)
                    if (graph.Degree(queue[t]) < graph.Degree(best)) best = queue[t];
                int e = BreadthFirst(best, out int ls, out int c);
                if (e <= eccentricity) return root;
                root = best;
                eccentricity = e;
                lastStart = ls;
                count = c;
            }
        }

        // Level structure from r over unvisited nodes; returns the depth, where the last level starts in queue and the size.
        int BreadthFirst(int r, out int lastLevelStart, out int size)
        {
            int head = 0, tail = 0;
            queue[tail++] = r;
            scratch[r] = r + 1;
            level[r] = 0;
            int depth = 0;
            lastLevelStart = 0;
            while (head < tail)
            {
                int v = queue[head++];
                if (level[v] > depth) { depth = level[v]; lastLevelStart = head - 1; }
                for (int p = xadj[v]; p < xadj[v + 1]; p++)
                {
                    int u = adj[p];
                    if (visited[u] || scratch[u] == r + 1) continue;
                    scratch[u] = r + 1;
                    level[u] = level[v] + 1;
                    queue[tail++] = u;
                }
            }
            // Clear the stamps so the next search from another root starts clean.
            for (int t = 0; t < tail; t++) scratch[queue[t]] = 0;
            size = tail;
            return depth;
        }
    }
}
