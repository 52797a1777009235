using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// Exact solve of Q_bb x = r when the graph of Q restricted to block b (edges where Q_ij != 0, i != j, i, j in b) is a
/// forest: Gaussian elimination ordered from the leaves (equivalently Gaussian belief propagation, exact on trees),
/// O(|b|) time and memory (Nutini, Laradji and Schmidt 2022, section 5).
/// </summary>
public sealed class TreeSolver
{
    private readonly int[] _nodes;      // block members in BFS order per tree (parents before children)
    private readonly int[] _parent;     // position of the parent in _nodes, -1 for roots
    private readonly double[] _coupling; // Q[node, parent]
    private readonly double[] _diagonal; // Q[node, node]
    private readonly int[] _position;    // global index -> position in _nodes (-1 outside the block)

    /// <summary>Analyses block <paramref name="block"/> of symmetric <paramref name="q"/>.</summary>
    /// <exception cref="ArgumentException">q is not square, an index is out of range or repeated, or the block's graph has a cycle.</exception>
    public TreeSolver(CsrMatrix q, ReadOnlySpan<int> block)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (!q.IsSquare) throw new ArgumentException($"Q must be square, was {q.RowCount} x {q.ColumnCount}.", nameof(q));
        int n = q.RowCount, t = block.Length;
        _position = new int[n];
        Array.Fill(_position, -1);
        var inBlock = new bool[n];
        foreach (int j in block)
        {
            if ((uint)j >= (uint)n || inBlock[j]) throw new ArgumentException($"Block index {j} is out of range or repeated.", nameof(block));
            inBlock[j] = true;
        }
        _nodes = new int[t];
        _parent = new int[t];
        _coupling = new double[t];
        _diagonal = new double[t];
        var rp = q.RowPointers;
        var ci = q.ColumnIndices;
        var va = q.Values;
        int count = 0;
        long edges = 0;
        foreach (int root in block)
        {
            if (_position[root] >= 0) continue;
            _position[root] = count;
            _nodes[count] = root;
            _parent[count] = -1;
            count++;
            for (int head = count - 1; head < count; head++)
            {
                int v = _nodes[head];
                for (int k = rp[v]; k < rp[v + 1]; k++)
                {
                    int w = ci[k];
                    if (w == v) { _diagonal[head] = va[k]; continue; }
                    if (!inBlock[w] || va[k] == 0) continue;
                    edges++;
                    if (_position[w] >= 0) continue;
                    _position[w] = count;
                    _nodes[count] = w;
                    _parent[count] = head;
                    _coupling[count] = va[k];
                    count++;
                }
            }
        }
        int trees = 0;
        for (int p = 0; p < t; p++) if (_parent[p] < 0) trees++;
        // a forest on t nodes with `trees` components has t - trees edges (each counted twice in the symmetric pattern)
        if (edges != 2L * (t - trees))
            throw new ArgumentException($"The graph of the block has a cycle ({edges / 2} edges on {t} nodes in {trees} trees).", nameof(block));
    }

    /// <summary>Number of unknowns in the block.</summary>
    public int Count => _nodes.Length;

    /// <summary>
    /// Solves Q_bb x_b = r_b: <paramref name="rhs"/> and <paramref name="x"/> are indexed like the block (the order passed to
    /// the constructor). Returns false when a pivot is not positive (Q_bb not positive definite).
    /// </summary>
    public bool Solve(ReadOnlySpan<int> block, ReadOnlySpan<double> rhs, Span<double> x)
    {
        int t = _nodes.Length;
        var d = new double[t];
        var r = new double[t];
        for (int p = 0; p < block.Length; p++)
        {
            int pos = _position[block[p]];
            r[pos] = rhs[p];
        }
        _diagonal.CopyTo(d, 0);
        // leaves up: children (later in BFS order) are eliminated into their parents
        for (int p = t - 1; p >= 0; p--)
        {
            if (!(d[p] > 0)) return false;
            int parent = _parent[p];
            if (parent < 0) continue;
            double factor = _coupling[p] / d[p];
            d[parent] -= factor * _coupling[p];
            r[parent] -= factor * r[p];
        }
        // roots down
        var y = new double[t];
        for (int p = 0; p < t; p++)
        {
            int parent = _parent[p];
            y[p] = (r[p] - (parent >= 0 ? _coupling[p] * y[parent] : 0)) / d[p];
        }
        for (int p = 0; p < block.Length; p++) x[p] = y[_position[block[p]]];
        return true;
    }
}
