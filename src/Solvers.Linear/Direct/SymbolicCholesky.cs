using System.Runtime.CompilerServices;
using System.Diagnostics;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// The symbolic analysis of a symmetric sparse matrix for A = L L^T or A = L D L^T: fill-reducing ordering,
/// elimination tree, column counts, relaxed supernodes and the map from A's entries into the factor. It depends
/// only on the pattern, so it is computed once and reused by every factorisation of a matrix with the same pattern
/// (<see cref="Factorize"/>, <see cref="FactorizeLdlt"/>, <see cref="SparseFactor.Refactorize"/>).
/// </summary>
/// <remarks>
/// Only the lower triangle of A (entries a_ij with i &gt;= j) is read; A is taken to be symmetric. The factor is
/// stored by supernodes: runs of consecutive columns (in the final order, a postorder of the elimination tree) that
/// share one row structure, each kept as a dense column-major block whose first rows are the supernode's own columns.
/// </remarks>
public sealed class SymbolicCholesky
{
    private readonly int[] _patternRowPointers;
    private readonly int[] _patternColumnIndices;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal SymbolicCholesky(CsrMatrix a, Permutation ordering, OrderingMethod method, SupernodeRelaxation relaxation)
    {
        var clock = Stopwatch.StartNew();
        int n = a.RowCount;
        Size = n;
        OrderingMethod = method;
        _patternRowPointers = a.RowPointerArray;
        _patternColumnIndices = a.ColumnIndexArray;

        // 1. Tree and counts in the fill-reducing order, then renumber by a postorder of the tree so that
        //    supernodes are runs of consecutive columns.
        var (upperPointers, upperRows, lowerPointers, lowerRows) = PermutedTriangles(a, ordering.OldToNewArray);
        var parent0 = EliminationTree.Parents(n, upperPointers, upperRows);
        var post = EliminationTree.Postorder(parent0);
        var counts0 = EliminationTree.ColumnCounts(parent0, post, lowerPointers, lowerRows);
        var postInverse = new int[n];
        for (int k = 0; k < n; k++) postInverse[post[k]] = k;
        var newToOld = new int[n];
        var parent = new int[n];
        var counts = new int[n];
        var p0 = ordering.NewToOldArray;
        for (int k = 0; k < n; k++)
        {
            int old = post[k];
            newToOld[k] = p0[old];
            parent[k] = parent0[old] < 0 ? -1 : postInverse[parent0[old]];
            counts[k] = counts0[old];
        }
        Permutation = Permutation.Wrap(newToOld);
        Parent = parent;
        ColumnCounts = counts;
        long nnzL = 0;
        double flops = 0;
        for (int j = 0; j < n; j++)
        {
            nnzL += counts[j];
            flops += (double)counts[j] * counts[j];
        }
        NonZeroCount = nnzL;
        FlopCount = flops;

        // 2. Supernodes: fundamental ones, then relaxed merges.
        SuperStart = Supernodes(parent, counts, relaxation);
        int ns = SuperStart.Length - 1;
        SuperOf = new int[n];
        for (int s = 0; s < ns; s++)
            for (int j = SuperStart[s]; j < SuperStart[s + 1]; j++) SuperOf[j] = s;

        // 3. Lower triangle of P A P^T by columns with the index of each entry in A.Values.
        var (columnPointers, entryRows, entrySources) = PermutedLowerWithSources(a, Permutation.OldToNewArray);

        // 4. Row structure of each supernode: its own columns, then the rows below (row subtrees of L).
        RowPointer = new int[ns + 1];
        for (int s = 0; s < ns; s++)
        {
            int last = SuperStart[s + 1] - 1;
            RowPointer[s + 1] = RowPointer[s] + (SuperStart[s + 1] - SuperStart[s]) + counts[last] - 1;
        }
        Rows = new int[RowPointer[ns]];
        FillRowStructures(n, ns, parent, post, postInverse, upperPointers, upperRows);

        // 5. Block offsets, the assembly map and workspace sizes.
        ValuePointer = new long[ns + 1];
        long stored = 0;
        int maxRows = 0, maxColumns = 0;
        for (int s = 0; s < ns; s++)
        {
            int nscol = SuperStart[s + 1] - SuperStart[s], nsrow = RowPointer[s + 1] - RowPointer[s];
            if ((long)nscol * nsrow > int.MaxValue)
                throw new InvalidOperationException($"Supernode {s} would hold a dense {nsrow} x {nscol} block, more than one block can address.");
            ValuePointer[s + 1] = ValuePointer[s] + (long)nscol * nsrow;
            stored += (long)nscol * nsrow - (long)nscol * (nscol - 1) / 2;
            maxRows = Math.Max(maxRows, nsrow);
            maxColumns = Math.Max(maxColumns, nscol);
        }
        if (ValuePointer[ns] > Array.MaxLength)
            throw new InvalidOperationException($"The factor needs {ValuePointer[ns]} stored values, more than one array can hold.");
        StoredCount = stored;
        MaxSupernodeRows = maxRows;
        MaxSupernodeColumns = maxColumns;

        AssemblyPointer = new int[ns + 1];
        AssemblySource = new int[entrySources.Length];
        AssemblyTarget = new int[entrySources.Length];
        var relative = new int[n];
        int t = 0;
        for (int s = 0; s < ns; s++)
        {
            int k1 = SuperStart[s], k2 = SuperStart[s + 1];
            int psi = RowPointer[s], nsrow = RowPointer[s + 1] - psi;
            for (int r = 0; r < nsrow; r++) relative[Rows[psi + r]] = r;
            for (int j = k1; j < k2; j++)
                for (int p = columnPointers[j]; p < columnPointers[j + 1]; p++)
                {
                    AssemblySource[t] = entrySources[p];
                    AssemblyTarget[t] = (j - k1) * nsrow + relative[entryRows[p]];
                    t++;
                }
            AssemblyPointer[s + 1] = t;
        }

        // Largest descendant update (rows of d from the first row inside s to the end, times the rows inside s).
        long maxUpdate = 0, maxScaled = 0;
        for (int d = 0; d < ns; d++)
        {
            int ndcol = SuperStart[d + 1] - SuperStart[d];
            int pStart = RowPointer[d] + ndcol, pEnd = RowPointer[d + 1];
            for (int p = pStart; p < pEnd;)
            {
                int target = SuperOf[Rows[p]];
                int q = p;
                while (q < pEnd && SuperOf[Rows[q]] == target) q++;
                maxUpdate = Math.Max(maxUpdate, (long)(q - p) * (pEnd - p));
                maxScaled = Math.Max(maxScaled, (long)(q - p) * ndcol);
                p = q;
            }
        }
        if (maxUpdate > Array.MaxLength)
            throw new InvalidOperationException($"A supernodal update would need {maxUpdate} values of work space, more than one array can hold.");
        MaxUpdateSize = (int)maxUpdate;
        MaxScaledSize = (int)Math.Min(Math.Max(maxScaled, (long)maxColumns * maxColumns / 4 + maxColumns), Array.MaxLength);
        AnalyzeSeconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>Order n of the matrix.</summary>
    public int Size { get; }

    /// <summary>The ordering method the analysis used.</summary>
    public OrderingMethod OrderingMethod { get; }

    /// <summary>
    /// The permutation applied to A (the fill-reducing ordering followed by an elimination-tree postorder): the factor
    /// is that of P A P^T with P = this permutation.
    /// </summary>
    public Permutation Permutation { get; }

    /// <summary>Entries of L, diagonal included (the fill; zeros stored by relaxed supernodes are not counted).</summary>
    public long NonZeroCount { get; }

    /// <summary>Entries of L as stored, including the explicit zeros of relaxed supernodes.</summary>
    public long StoredCount { get; }

    /// <summary>Floating-point operations of the numeric factorisation, sum over columns of (column count)^2 (as CHOLMOD reports).</summary>
    public double FlopCount { get; }

    /// <summary>Number of supernodes.</summary>
    public int SupernodeCount => SuperStart.Length - 1;

    /// <summary>Seconds spent in the analysis (ordering excluded when the permutation was given).</summary>
    public double AnalyzeSeconds { get; internal set; }

    internal int[] Parent { get; }
    internal int[] ColumnCounts { get; }
    internal int[] SuperStart { get; }
    internal int[] SuperOf { get; }
    internal int[] RowPointer { get; }
    internal int[] Rows { get; }
    internal long[] ValuePointer { get; }
    internal int[] AssemblyPointer { get; }
    internal int[] AssemblySource { get; }
    internal int[] AssemblyTarget { get; }
    internal int MaxUpdateSize { get; }
    internal int MaxScaledSize { get; }
    internal int MaxSupernodeRows { get; }
    internal int MaxSupernodeColumns { get; }

    /// <summary>Numeric Cholesky factorisation A = L L^T of a matrix with the analysed pattern.</summary>
    /// <exception cref="ArgumentException">A's pattern differs from the analysed one.</exception>
    /// <exception cref="MatrixNotPositiveDefiniteException">A pivot is not positive (the column is named).</exception>
    public CholeskyFactor Factorize(CsrMatrix a) => new(this, a);

    /// <summary>Numeric LDL^T factorisation (no pivoting; for symmetric quasi-definite or definite matrices).</summary>
    /// <exception cref="ArgumentException">A's pattern differs from the analysed one.</exception>
    /// <exception cref="SingularMatrixException">A pivot is zero (the column is named).</exception>
    public LdltFactor FactorizeLdlt(CsrMatrix a) => new(this, a);

    /// <summary>Throws unless <paramref name="a"/> has exactly the analysed pattern.</summary>
    /// <summary>
    /// True when <paramref name="a"/> has the analysed size and pattern (the same row pointers and column indices),
    /// so that a factor built on this analysis can be refactorised with it.
    /// </summary>
    public bool HasPattern(CsrMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.RowCount != Size || a.ColumnCount != Size) return false;
        if (ReferenceEquals(a.RowPointerArray, _patternRowPointers) && ReferenceEquals(a.ColumnIndexArray, _patternColumnIndices)) return true;
        return a.RowPointers.SequenceEqual(_patternRowPointers) && a.ColumnIndices.SequenceEqual(_patternColumnIndices.AsSpan(0, _patternRowPointers[Size]));
    }

    internal void CheckPattern(CsrMatrix a, string paramName)
    {
        ArgumentNullException.ThrowIfNull(a, paramName);
        if (a.RowCount != Size || a.ColumnCount != Size)
            throw new ArgumentException($"The matrix is {a.RowCount} x {a.ColumnCount}; the analysis is for {Size} x {Size}.", paramName);
        if (!HasPattern(a))
            throw new ArgumentException("The matrix pattern differs from the analysed one; analyse the new pattern first.", paramName);
    }

    /// <summary>
    /// Fills <see cref="Rows"/>: each supernode's own columns, then the rows below it in increasing order. Row i of L
    /// reaches the columns of its row subtree: from every j with a_ij != 0 (j &lt; i) up the elimination tree to i. The walk
    /// runs over supernodes and stops at one already given row i, so each (supernode, row) pair costs O(1) and, since
    /// rows are taken in increasing order, every list comes out sorted without a sort. <paramref name="upperRows"/> holds
    /// row indices in the fill-reducing numbering; <paramref name="post"/> maps a final (postordered) index to it and
    /// <paramref name="postInverse"/> back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillRowStructures(int n, int ns, int[] parent, int[] post, int[] postInverse, int[] upperPointers, int[] upperRows)
    {
        var superParent = new int[ns];
        var next = new int[ns];
        var mark = new int[ns];
        for (int s = 0; s < ns; s++)
        {
            int p = parent[SuperStart[s + 1] - 1];
            superParent[s] = p < 0 ? -1 : SuperOf[p];
            int pos = RowPointer[s];
            for (int j = SuperStart[s]; j < SuperStart[s + 1]; j++) Rows[pos++] = j;
            next[s] = pos;
            mark[s] = -1;
        }
        var rows = Rows;
        var superOf = SuperOf;
        var superEnd = SuperStart.AsSpan(1);
        for (int i = 0; i < n; i++)
        {
            int old = post[i];
            for (int p = upperPointers[old], end = upperPointers[old + 1]; p < end; p++)
            {
                int s = superOf[postInverse[upperRows[p]]];
                while (s >= 0 && superEnd[s] <= i && mark[s] != i)
                {
                    mark[s] = i;
                    rows[next[s]++] = i;
                    s = superParent[s];
                }
            }
        }
        for (int s = 0; s < ns; s++)
            if (next[s] != RowPointer[s + 1])
                throw new InvalidOperationException($"Supernode {s}: row structure has {next[s] - RowPointer[s]} rows, column counts predict {RowPointer[s + 1] - RowPointer[s]}.");
    }

    /// <summary>
    /// Strict upper (by columns) and strict lower (by columns) triangles of the pattern of P A P^T taken from A's lower
    /// triangle: an entry a_rc with r &gt; c lands at (max, min) of (pinv[r], pinv[c]).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[], int[], int[], int[]) PermutedTriangles(CsrMatrix a, int[] pinv)
    {
        int n = a.RowCount;
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var upperPointers = new int[n + 1];
        var lowerPointers = new int[n + 1];
        for (int r = 0; r < n; r++)
            for (int k = rp[r]; k < rp[r + 1]; k++)
            {
                int c = ci[k];
                if (c >= r) break;
                int i = pinv[r], j = pinv[c];
                if (i < j) (i, j) = (j, i);
                upperPointers[i + 1]++;
                lowerPointers[j + 1]++;
            }
        for (int k = 0; k < n; k++)
        {
            upperPointers[k + 1] += upperPointers[k];
            lowerPointers[k + 1] += lowerPointers[k];
        }
        var upperRows = new int[upperPointers[n]];
        var lowerRows = new int[lowerPointers[n]];
        var upperNext = upperPointers.AsSpan(0, n).ToArray();
        var lowerNext = lowerPointers.AsSpan(0, n).ToArray();
        for (int r = 0; r < n; r++)
            for (int k = rp[r]; k < rp[r + 1]; k++)
            {
                int c = ci[k];
                if (c >= r) break;
                int i = pinv[r], j = pinv[c];
                if (i < j) (i, j) = (j, i);
                upperRows[upperNext[i]++] = j;
                lowerRows[lowerNext[j]++] = i;
            }
        return (upperPointers, upperRows, lowerPointers, lowerRows);
    }

    /// <summary>Lower triangle (diagonal included) of P A P^T by columns, with each entry's index into A.Values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Pointers, int[] Rows, int[] Sources) PermutedLowerWithSources(CsrMatrix a, int[] pinv)
    {
        int n = a.RowCount;
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var pointers = new int[n + 1];
        for (int r = 0; r < n; r++)
            for (int k = rp[r]; k < rp[r + 1]; k++)
            {
                int c = ci[k];
                if (c > r) break;
                pointers[Math.Min(pinv[r], pinv[c]) + 1]++;
            }
        for (int k = 0; k < n; k++) pointers[k + 1] += pointers[k];
        var rows = new int[pointers[n]];
        var sources = new int[pointers[n]];
        var next = pointers.AsSpan(0, n).ToArray();
        for (int r = 0; r < n; r++)
            for (int k = rp[r]; k < rp[r + 1]; k++)
            {
                int c = ci[k];
                if (c > r) break;
                int i = pinv[r], j = pinv[c];
                if (i < j) (i, j) = (j, i);
                int dst = next[j]++;
                rows[dst] = i;
                sources[dst] = k;
            }
        return (pointers, rows, sources);
    }

    /// <summary>Supernode boundaries: fundamental supernodes merged child-into-parent while <paramref name="relaxation"/> allows.</summary>
    private static int[] Supernodes(int[] parent, int[] counts, SupernodeRelaxation relaxation)
    {
        int n = parent.Length;
        if (n == 0) return [0];
        var children = new int[n];
        for (int j = 0; j < n; j++) if (parent[j] >= 0) children[parent[j]]++;
        var fundamental = new List<int> { 0 };
        for (int j = 1; j < n; j++)
        {
            bool extends = parent[j - 1] == j && counts[j - 1] == counts[j] + 1 && children[j] == 1;
            if (!extends) fundamental.Add(j);
        }
        fundamental.Add(n);
        int nf = fundamental.Count - 1;

        // Merged blocks are described at their first fundamental supernode: columns, rows (of the first column) and zeros.
        var columns = new long[nf];
        var rows = new long[nf];
        var zeros = new double[nf];
        var merged = new bool[nf];  // true when fundamental f starts no block of its own (merged into the block before it)
        for (int f = 0; f < nf; f++)
        {
            columns[f] = fundamental[f + 1] - fundamental[f];
            rows[f] = counts[fundamental[f]];
        }
        static double Entries(long c, long r) => (double)c * r - (double)c * (c - 1) / 2;
        for (int f = nf - 2; f >= 0; f--)
        {
            int lastColumn = fundamental[f + 1] - 1;
            if (parent[lastColumn] != fundamental[f + 1]) continue;   // f is not the last child of f + 1
            long c = columns[f] + columns[f + 1];
            long r = columns[f] + rows[f + 1];
            double total = Entries(c, r);
            double z = zeros[f] + zeros[f + 1] + total - Entries(columns[f], rows[f]) - Entries(columns[f + 1], rows[f + 1]);
            if (!relaxation.Allows(c, total > 0 ? z / total : 0)) continue;
            columns[f] = c;
            rows[f] = r;
            zeros[f] = z;
            merged[f + 1] = true;
        }
        var starts = new List<int>(nf + 1);
        for (int f = 0; f < nf; f++) if (!merged[f]) starts.Add(fundamental[f]);
        starts.Add(n);
        return starts.ToArray();
    }
}
