using System.Diagnostics;
using System.Runtime.CompilerServices;
using Solvers.Transport.Kernels;
using Solvers.Transport.Problems;

namespace Solvers.Transport.Exact;

/// <summary>
/// Exact discrete optimal transport, min &lt;C, P&gt; over P &gt;= 0 with P 1 = a, P^T 1 = b, by the primal network
/// simplex method on the complete bipartite graph (the problem POT's ot.emd solves; Ahuja, Magnanti and Orlin,
/// "Network Flows", 1993, ch. 11).
/// </summary>
/// <remarks>
/// <para>The basis is a spanning tree over the n + m nodes and an artificial root joined to every node (cost 0 from
/// sources, a cost above every C[i, j] to sinks, so no optimum uses it). Only tree arcs can carry flow, so
/// nothing is stored per arc: the state is O(n + m) and arc (i, j) is priced from the dense cost row as
/// C[i, j] + y_i - y_j. Pricing is block search (best reduced cost among about sqrt(n m) arcs, in whole
/// rows, resuming where the last pivot stopped; the row minimum is a vectorised kernel). The tree is kept
/// strongly feasible with Cunningham's rule (the last blocking arc of the cycle, traversed from its apex), so
/// degenerate pivots cannot cycle. The subtree cut off by the leaving arc is re-rooted at the entering arc's
/// endpoint and its potentials shifted by the reduced cost, in time linear in its size.</para>
/// <para>At the end the tree flows are recomputed from the weights and the potentials from the tree, and one
/// full pricing pass confirms optimality.</para>
/// </remarks>
public static class NetworkSimplex
{
    /// <summary>Solves the exact problem.</summary>
    /// <param name="problem">Weights and cost.</param>
    /// <param name="options">Pivot limit, plan format and reporting; defaults when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static TransportResult Solve(OtProblem problem, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new ExactOptions();
        options.Validate();
        var support = problem.Support();
        var clock = Stopwatch.StartNew();
        var tree = new SpanningTree(support.Reduced, options);
        var status = tree.Run();
        tree.Finish();
        // Recomputed potentials can expose an arc that drift hid; continue from the clean state (rare).
        for (int round = 0; round < 3 && status == TransportStatus.Optimal && tree.MinimumReducedCost() < -tree.Epsilon; round++)
        {
            status = tree.Run();
            tree.Finish();
        }
        var elapsed = clock.Elapsed;
        return ExactResult.Build(support, tree, status, elapsed, options);
    }
}

/// <summary>The network simplex state and pivots (see <see cref="NetworkSimplex"/>).</summary>
internal sealed class SpanningTree
{
    private readonly int _n, _m, _root, _nodes;
    private readonly double[] _c;
    private readonly double[] _supply;
    private readonly ExactOptions _options;
    private readonly double _epsilon;
    private readonly double _artificialCost;

    // Per node (sources 0..n-1, sinks n..n+m-1, root n+m): the arc to the parent.
    private readonly int[] _parent;
    private readonly int[] _arc;        // i * m + j for a real arc, -1 for the node's artificial arc
    private readonly bool[] _up;        // true: the arc points from the node to its parent
    private readonly double[] _flow;
    private readonly double[] _potential;
    private readonly int[] _depth;
    private readonly int[] _firstChild, _nextSibling, _previousSibling;
    private readonly int[] _stack;
    private readonly int[] _path;

    private int _nextRow;
    private readonly int _rowsPerBlock;

    public SpanningTree(OtProblem problem, ExactOptions options)
    {
        _n = problem.SourceCount;
        _m = problem.TargetCount;
        _root = _n + _m;
        _nodes = _n + _m + 1;
        _c = problem.Cost.Array;
        _options = options;
        double scale = problem.Cost.MaxAbs;
        _epsilon = 1e-12 * (scale > 0 ? scale : 1);
        _artificialCost = 3 * (scale > 0 ? scale : 1);
        _supply = new double[_nodes];
        for (int i = 0; i < _n; i++) _supply[i] = problem.SourceWeights[i];
        for (int j = 0; j < _m; j++) _supply[_n + j] = -problem.TargetWeights[j];
        _parent = new int[_nodes];
        _arc = new int[_nodes];
        _up = new bool[_nodes];
        _flow = new double[_nodes];
        _potential = new double[_nodes];
        _depth = new int[_nodes];
        _firstChild = new int[_nodes];
        _nextSibling = new int[_nodes];
        _previousSibling = new int[_nodes];
        _stack = new int[_nodes];
        _path = new int[_nodes];
        long arcs = (long)_n * _m;
        int block = (int)Math.Max(10, Math.Sqrt(arcs));
        _rowsPerBlock = Math.Max(1, (block + _m - 1) / _m);

        Array.Fill(_firstChild, -1);
        _parent[_root] = -1;
        _arc[_root] = -1;
        for (int v = 0; v < _root; v++)
        {
            _parent[v] = _root;
            _arc[v] = -1;
            _depth[v] = 1;
            bool source = v < _n;
            _up[v] = source;
            _flow[v] = Math.Abs(_supply[v]);
            _potential[v] = source ? 0 : _artificialCost;
            AttachChild(_root, v);
        }
    }

    public int SourceCount => _n;

    /// <summary>Reduced costs above -Epsilon count as non-negative (1e-12 of the largest |C|).</summary>
    public double Epsilon => _epsilon;

    public int TargetCount => _m;

    public long Pivots { get; private set; }

    public double ArtificialFlow
    {
        get
        {
            double s = 0;
            for (int v = 0; v < _root; v++) if (_arc[v] < 0) s += _flow[v];
            return s;
        }
    }

    public TransportStatus Run()
    {
        long limit = _options.MaxPivots > 0 ? _options.MaxPivots : long.MaxValue;
        var token = _options.CancellationToken;
        var reporter = new IterationReporter(_options, 1);
        while (true)
        {
            int arc = FindEnteringArc();
            if (arc < 0) return TransportStatus.Optimal;
            if (Pivots >= limit) return TransportStatus.MaxIterations;
            Pivot(arc);
            Pivots++;
            if ((Pivots & 1023) == 0)
            {
                if (token.IsCancellationRequested) return TransportStatus.Cancelled;
                reporter.Report(Pivots, ArtificialFlow);
            }
        }
    }

    /// <summary>Block search: the most negative reduced cost in the first block (of whole rows) that has one; -1 when none anywhere.</summary>
    /// <remarks>Not marked AggressiveOptimization, unlike <see cref="Pivot"/> and the row kernel: its own loop is over
    /// the rows of one block, so a ReadyToRun build may precompile it (same steady-state time, measured; one method
    /// fewer to compile at start-up).</remarks>
    private int FindEnteringArc()
    {
        int n = _n, m = _m;
        var sinkPotential = _potential.AsSpan(n, m);
        double best = -_epsilon;
        int bestRow = -1;
        int row = _nextRow;
        int inBlock = 0;
        for (int scanned = 0; scanned < n; scanned++)
        {
            double reduced = DenseKernels.MinDifferenceValue(_c.AsSpan(row * m, m), sinkPotential) + _potential[row];
            if (reduced < best)
            {
                best = reduced;
                bestRow = row;
            }
            row = row + 1 == n ? 0 : row + 1;
            if (++inBlock == _rowsPerBlock)
            {
                inBlock = 0;
                if (bestRow >= 0) break;
            }
        }
        _nextRow = row;
        if (bestRow < 0) return -1;
        DenseKernels.MinDifference(_c.AsSpan(bestRow * m, m), sinkPotential, out int column);
        return bestRow * m + column;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Pivot(int arc)
    {
        int k = arc / _m;           // source node
        int l = _n + arc % _m;      // sink node
        double reducedCost = _c[arc] + _potential[k] - _potential[l];

        // Apex of the cycle.
        int u = k, v = l;
        while (_depth[u] > _depth[v]) u = _parent[u];
        while (_depth[v] > _depth[u]) v = _parent[v];
        while (u != v) { u = _parent[u]; v = _parent[v]; }
        int apex = u;

        // Leaving arc: the last blocking arc from the apex along the cycle's orientation
        // (apex -> ... -> k, then k -> l, then l -> ... -> apex).
        double theta = double.PositiveInfinity;
        int leaving = -1;
        bool leavingOnSourceSide = false;
        for (int x = k; x != apex; x = _parent[x])
        {
            // Cycle runs parent(x) -> x; an upward arc (x -> parent) loses flow.
            if (_up[x] && _flow[x] < theta) { theta = _flow[x]; leaving = x; leavingOnSourceSide = true; }
        }
        for (int x = l; x != apex; x = _parent[x])
        {
            // Cycle runs x -> parent(x); a downward arc (parent -> x) loses flow.
            if (!_up[x] && _flow[x] <= theta) { theta = _flow[x]; leaving = x; leavingOnSourceSide = false; }
        }
        if (leaving < 0) throw new InvalidOperationException("Network simplex: unbounded cycle (cannot happen with finite costs).");

        if (theta > 0)
        {
            for (int x = k; x != apex; x = _parent[x]) _flow[x] += _up[x] ? -theta : theta;
            for (int x = l; x != apex; x = _parent[x]) _flow[x] += _up[x] ? theta : -theta;
        }

        // Re-root the subtree below the leaving arc at the entering arc's endpoint on that side.
        int newRoot = leavingOnSourceSide ? k : l;
        int newParent = leavingOnSourceSide ? l : k;
        int t = 0;
        for (int x = newRoot; ; x = _parent[x])
        {
            _path[t++] = x;
            if (x == leaving) break;
        }
        DetachChild(_parent[leaving], leaving);
        for (int s = t - 1; s >= 1; s--)
        {
            int child = _path[s - 1], node = _path[s];
            DetachChild(node, child);
            _parent[node] = child;
            _arc[node] = _arc[child];
            _up[node] = !_up[child];
            _flow[node] = _flow[child];
            AttachChild(child, node);
        }
        _parent[newRoot] = newParent;
        _arc[newRoot] = arc;
        _up[newRoot] = leavingOnSourceSide; // k -> l points from k to its new parent l
        _flow[newRoot] = theta;
        AttachChild(newParent, newRoot);

        // Shift the potentials of the re-rooted subtree so the entering arc has zero reduced cost; fix depths.
        double delta = leavingOnSourceSide ? -reducedCost : reducedCost;
        int top = 0;
        _stack[top++] = newRoot;
        while (top > 0)
        {
            int x = _stack[--top];
            _potential[x] += delta;
            _depth[x] = _depth[_parent[x]] + 1;
            for (int ch = _firstChild[x]; ch >= 0; ch = _nextSibling[ch]) _stack[top++] = ch;
        }
    }

    private void AttachChild(int parent, int child)
    {
        int first = _firstChild[parent];
        _nextSibling[child] = first;
        _previousSibling[child] = -1;
        if (first >= 0) _previousSibling[first] = child;
        _firstChild[parent] = child;
    }

    private void DetachChild(int parent, int child)
    {
        int previous = _previousSibling[child], next = _nextSibling[child];
        if (previous >= 0) _nextSibling[previous] = next;
        else _firstChild[parent] = next;
        if (next >= 0) _previousSibling[next] = previous;
        _nextSibling[child] = -1;
        _previousSibling[child] = -1;
    }

    /// <summary>Recomputes tree flows from the weights and potentials from the tree (removing drift).</summary>
    public void Finish()
    {
        // Preorder from the root.
        var order = new int[_nodes];
        int count = 0, top = 0;
        _stack[top++] = _root;
        while (top > 0)
        {
            int x = _stack[--top];
            order[count++] = x;
            for (int ch = _firstChild[x]; ch >= 0; ch = _nextSibling[ch]) _stack[top++] = ch;
        }
        _potential[_root] = 0;
        for (int q = 1; q < count; q++)
        {
            int x = order[q];
            double cost = _arc[x] >= 0 ? _c[_arc[x]] : (x < _n ? 0 : _artificialCost);
            // Arc x -> parent: y_parent - y_x = cost; arc parent -> x: y_x - y_parent = cost.
            _potential[x] = _up[x] ? _potential[_parent[x]] - cost : _potential[_parent[x]] + cost;
        }
        var net = (double[])_supply.Clone();
        for (int q = count - 1; q >= 1; q--)
        {
            int x = order[q];
            double f = _up[x] ? net[x] : -net[x];
            _flow[x] = f > 0 ? f : 0;
            net[_parent[x]] += net[x];
        }
    }

    /// <summary>Minimum reduced cost over all arcs (a full pricing pass; &gt;= -epsilon at optimality).</summary>
    public double MinimumReducedCost()
    {
        double min = double.PositiveInfinity;
        var sinkPotential = _potential.AsSpan(_n, _m);
        for (int i = 0; i < _n; i++)
            min = Math.Min(min, DenseKernels.MinDifferenceValue(_c.AsSpan(i * _m, _m), sinkPotential) + _potential[i]);
        return min;
    }

    /// <summary>The flows of real tree arcs: (arc id, flow) for every tree arc with positive flow.</summary>
    public IEnumerable<(int Arc, double Flow)> Flows()
    {
        for (int v = 0; v < _root; v++)
            if (_arc[v] >= 0 && _flow[v] > 0) yield return (_arc[v], _flow[v]);
    }

    /// <summary>Potentials as F_i = -y_i (sources) and G_j = y_{n+j} (sinks), so F_i + G_j &lt;= C_ij.</summary>
    public (double[] F, double[] G) Potentials()
    {
        var f = new double[_n];
        var g = new double[_m];
        for (int i = 0; i < _n; i++) f[i] = -_potential[i];
        for (int j = 0; j < _m; j++) g[j] = _potential[_n + j];
        return (f, g);
    }
}
