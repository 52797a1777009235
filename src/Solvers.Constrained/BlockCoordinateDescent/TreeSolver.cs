using System.Runtime.Intrinsics.X86;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// Exact solve of Q_bb x = r when the graph of Q restricted to block b (edges where Q_ij != 0, i != j, i, j in b) is a
/// forest: Gaussian elimination ordered from the leaves (equivalently Gaussian belief propagation, exact on trees),
/// O(|b|) time and memory (Nutini, Laradji and Schmidt 2022, section 5). The constructor factorises (Q_bb = L D L^T
/// with one off-diagonal entry per row of L, no fill), so each Solve is two O(|b|) sweeps, as block coordinate descent
/// solves the same block again at every visit.
/// </summary>
public sealed class TreeSolver
{
    private readonly int[] _parent;      // elimination position of the parent, -1 for roots; parents precede children
    private readonly double[] _factor;   // l_p = Q[node, parent] / d_p, the node's entry of L (unused for roots)
    private readonly double[] _inversePivot; // 1 / d_p
    private readonly bool _positiveDefinite;
    private readonly int[]? _blockIndex; // elimination position -> index in the block array; null when they coincide
    // scratch of Solve when the orders differ (otherwise x itself holds the sweeps), allocated once: at 10^6 nodes fresh
    // arrays per solve cost page faults comparable to the solve
    private readonly double[]? _work;

    // Each node updates its parent's entry, which for randomly numbered trees is a random address: once the entries
    // outgrow the caches every update waits on memory. Prefetching the parent entry Ahead nodes early cut the solve at
    // 10^6 nodes from 37-44 to 21-30 ms (random recursive tree, when the sweeps still carried pivots). Not below
    // PrefetchFrom nodes, where the entries are cached, nor when parents are local (breadth-first numbering, paths),
    // where the hints only cost time (10^5 nodes: 0.74 -> 1.28 ms; 10^6 breadth-first: 7.5 -> 13.4 ms).
    private readonly bool _prefetch;

    /// <summary>Analyses block <paramref name="block"/> of symmetric <paramref name="q"/>.</summary>
    /// <remarks>
    /// When every member of the block has at most one graph neighbour earlier in the block's order (true for a tree
    /// whose nodes are listed parents first, e.g. a sorted block of a tree numbered from its root), the block's own order
    /// is the elimination order: rows are read in that order and Solve needs no permutation, which keeps large blocks
    /// cache friendly. Otherwise the nodes are reordered by breadth-first search from each tree's first member.
    /// </remarks>
    /// <exception cref="ArgumentException">q is not square, an index is out of range or repeated, or the block's graph has a cycle.</exception>
    public TreeSolver(CsrMatrix q, ReadOnlySpan<int> block)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (!q.IsSquare) throw new ArgumentException($"Q must be square, was {q.RowCount} x {q.ColumnCount}.", nameof(q));
        int n = q.RowCount, t = block.Length;
        var position = BlockPositions.Of(block, n);
        _parent = new int[t];
        _factor = new double[t];
        _inversePivot = new double[t];
        var rp = q.RowPointers;
        var ci = q.ColumnIndices;
        var va = q.Values;
        if (!InBlockOrder(rp, ci, va, block, position, out long edges))
        {
            _blockIndex = new int[t];
            _work = new double[t];
            edges = BreadthFirst(rp, ci, va, block, position);
        }
        var (trees, jumps) = TreesAndJumps(_parent);
        _prefetch = t >= PrefetchFrom && jumps > t / 8 && Sse.IsSupported;
        // a forest on t nodes with `trees` components has t - trees edges (each counted twice in the symmetric pattern)
        if (edges != 2L * (t - trees))
            throw new ArgumentException($"The graph of the block has a cycle ({edges / 2} edges on {t} nodes in {trees} trees).", nameof(block));
        _positiveDefinite = Factorize();
    }

    /// <summary>
    /// Leaves up: each node's pivot is final once its children (later in the elimination order) are eliminated into it.
    /// On entry _factor holds Q[node, parent] and _inversePivot holds Q[node, node]; on exit l_p and 1 / d_p.
    /// </summary>
    private bool Factorize()
    {
        var pivot = _inversePivot;
        var factor = _factor;
        var parents = _parent;
        bool prefetch = _prefetch;
        for (int p = pivot.Length - 1; p >= 0; p--)
        {
            if (prefetch && p >= Ahead) Prefetch(pivot, parents[p - Ahead]);
            double dp = pivot[p];
            if (!(dp > 0)) return false;
            int parent = parents[p];
            if (parent >= 0)
            {
                double coupling = factor[p];
                factor[p] = coupling / dp;
                pivot[parent] -= factor[p] * coupling;
            }
            pivot[p] = 1 / dp;
        }
        return true;
    }

    /// <summary>False when a pivot of the elimination was not positive: Q_bb is not positive definite, and Solve refuses.</summary>
    public bool IsPositiveDefinite => _positiveDefinite;

    /// <summary>
    /// The block's own order as elimination order: each node's parent is its one neighbour earlier in the block. False
    /// (state to be overwritten) when a node has two earlier neighbours; counts the in-block off-diagonal entries.
    /// </summary>
    private bool InBlockOrder(ReadOnlySpan<int> rp, ReadOnlySpan<int> ci, ReadOnlySpan<double> va, ReadOnlySpan<int> block, BlockPositions position, out long edges)
    {
        var parents = _parent;
        var coupling = _factor;
        var diagonal = _inversePivot;
        edges = 0;
        for (int p = 0; p < block.Length; p++)
        {
            int v = block[p], parent = -1;
            for (int k = rp[v]; k < rp[v + 1]; k++)
            {
                int w = ci[k];
                if (w == v) { diagonal[p] = va[k]; continue; }
                int at = position.At(w);
                if (at < 0 || va[k] == 0) continue;
                edges++;
                if (at > p) continue;
                if (parent >= 0) return false;
                parent = at;
                coupling[p] = va[k];
            }
            parents[p] = parent;
        }
        return true;
    }

    /// <summary>Roots, and nodes whose parent lies more than <see cref="FarJump"/> positions from the previous node's.</summary>
    private static (int Trees, int Jumps) TreesAndJumps(int[] parents)
    {
        int trees = 0, jumps = 0;
        for (int p = 0; p < parents.Length; p++)
        {
            if (parents[p] < 0) trees++;
            else if (p > 0 && Math.Abs(parents[p] - parents[p - 1]) > FarJump) jumps++;
        }
        return (trees, jumps);
    }

    /// <summary>Breadth-first order per tree (parents before children); fills _blockIndex. Returns the in-block off-diagonal count.</summary>
    private long BreadthFirst(ReadOnlySpan<int> rp, ReadOnlySpan<int> ci, ReadOnlySpan<double> va, ReadOnlySpan<int> block, BlockPositions position)
    {
        int t = block.Length;
        var order = _blockIndex!;
        var visited = new bool[t];   // by block index
        var eliminationPosition = new int[t];
        Array.Clear(_inversePivot);
        int count = 0;
        long edges = 0;
        for (int root = 0; root < t; root++)
        {
            if (visited[root]) continue;
            visited[root] = true;
            order[count] = root;
            eliminationPosition[root] = count;
            _parent[count] = -1;
            count++;
            for (int head = count - 1; head < count; head++)
            {
                int v = block[order[head]];
                for (int k = rp[v]; k < rp[v + 1]; k++)
                {
                    int w = ci[k];
                    if (w == v) { _inversePivot[head] = va[k]; continue; }
                    int at = position.At(w);
                    if (at < 0 || va[k] == 0) continue;
                    edges++;
                    if (visited[at]) continue;
                    visited[at] = true;
                    order[count] = at;
                    eliminationPosition[at] = count;
                    _parent[count] = head;
                    _factor[count] = va[k];
                    count++;
                }
            }
        }
        return edges;
    }

    /// <summary>Number of unknowns in the block.</summary>
    public int Count => _parent.Length;

    /// <summary>
    /// Solves Q_bb x = r_b: <paramref name="rhs"/> and <paramref name="x"/> are indexed like the block (the order passed to
    /// the constructor). Returns false, leaving x untouched, when Q_bb is not positive definite (a pivot was not
    /// positive). When the block's order is not the elimination order the sweeps use scratch held by the instance, so one
    /// instance must not solve on two threads at once.
    /// </summary>
    public bool Solve(ReadOnlySpan<int> block, ReadOnlySpan<double> rhs, Span<double> x)
    {
        int t = _parent.Length;
        if (block.Length != t || rhs.Length < t || x.Length < t)
            throw new ArgumentException($"The block has {t} members; got a block of {block.Length}, {rhs.Length} right-hand sides and {x.Length} unknowns.");
        if (!_positiveDefinite) return false;
        var order = _blockIndex;
        Span<double> y = order is null ? x[..t] : _work;
        if (order is null) rhs[..t].CopyTo(y);
        else for (int p = 0; p < t; p++) y[p] = rhs[order[p]];
        var parents = _parent;
        var factor = _factor;
        var inversePivot = _inversePivot;
        bool prefetch = _prefetch;
        // leaves up: L z = r, children (later in the order) eliminated into their parents
        for (int p = t - 1; p >= 0; p--)
        {
            if (prefetch && p >= Ahead) Prefetch(y, parents[p - Ahead]);
            int parent = parents[p];
            if (parent >= 0) y[parent] -= factor[p] * y[p];
        }
        // roots down: D L^T y = z, each parent solved before its children read it
        for (int p = 0; p < t; p++)
        {
            if (prefetch && p + Ahead < t) Prefetch(y, parents[p + Ahead]);
            int parent = parents[p];
            y[p] = y[p] * inversePivot[p] - (parent >= 0 ? factor[p] * y[parent] : 0);
        }
        if (order is not null)
            for (int p = 0; p < t; p++) x[order[p]] = y[p];
        return true;
    }

    private const int Ahead = 64;   // 16 -> 64: 10^6 random-label analysis + solve 29.5-31.2 -> 26.6-29.2 ms (A/B, same session); 128+ no better
    private const int PrefetchFrom = 1 << 17;   // 1 MB of 8-byte entries (3 MB when the sweeps carried pivots): beyond a 1-2 MB L2
    private const int FarJump = 512;            // consecutive nodes whose parents lie over 12 kB apart

    private static unsafe void Prefetch(Span<double> y, int index)
    {
        if (index < 0) return;
        fixed (double* at = &y[index]) Sse.Prefetch0(at);
    }

    /// <summary>
    /// Global index -> position in the block array (-1 outside). A contiguous range lo, lo+1, ... (e.g. the whole matrix)
    /// is answered by arithmetic: no n-length map to fill, and no random reads of one while scanning the rows.
    /// </summary>
    private readonly struct BlockPositions
    {
        private readonly int _low, _count;
        private readonly int[]? _map;

        private BlockPositions(int low, int count, int[]? map) { _low = low; _count = count; _map = map; }

        public int At(int w) => _map is null ? ((uint)(w - _low) < (uint)_count ? w - _low : -1) : _map[w];

        public static BlockPositions Of(ReadOnlySpan<int> block, int n)
        {
            int t = block.Length, low = t > 0 ? block[0] : 0;
            bool range = low >= 0 && (long)low + t <= n;
            for (int p = 0; range && p < t; p++) range = block[p] == low + p;
            if (range) return new BlockPositions(low, t, null);
            var map = new int[n];
            Array.Fill(map, -1);
            for (int p = 0; p < t; p++)
            {
                int j = block[p];
                if ((uint)j >= (uint)n || map[j] >= 0) throw new ArgumentException($"Block index {j} is out of range or repeated.", nameof(block));
                map[j] = p;
            }
            return new BlockPositions(0, t, map);
        }
    }
}
