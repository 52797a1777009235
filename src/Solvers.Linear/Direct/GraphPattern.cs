using System.Runtime.CompilerServices;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// An undirected graph without self-loops in adjacency-list form (row pointers, neighbour indices), built from
/// the pattern of a sparse matrix; the input of the orderings.
/// </summary>
internal sealed class GraphPattern
{
    public GraphPattern(int n, int[] pointers, int[] neighbours)
    {
        NodeCount = n;
        Pointers = pointers;
        Neighbours = neighbours;
    }

    public int NodeCount { get; }
    public int[] Pointers { get; }
    public int[] Neighbours { get; }
    public int EdgeEntries => Pointers[NodeCount];
    public int Degree(int i) => Pointers[i + 1] - Pointers[i];

    /// <summary>The pattern of A + A^T without the diagonal: i ~ j when a_ij or a_ji is stored. O(nnz).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GraphPattern SymmetricOf(CsrMatrix a)
    {
        if (!a.IsSquare)
            throw new ArgumentException($"A symmetric ordering needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        int n = a.RowCount;
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var (tp, ti) = TransposePattern(n, n, rp, ci);

        // Row i of A and row i of A^T are both sorted: merge them, dropping i and duplicates, in one pass into an
        // array sized for the worst case (no entry shared by the two); the surplus tail is never read.
        var pointers = new int[n + 1];
        var neighbours = new int[rp[n] + tp[n]];
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            int p = rp[i], pEnd = rp[i + 1], q = tp[i], qEnd = tp[i + 1];
            while (p < pEnd && q < qEnd)
            {
                int cp = ci[p], cq = ti[q];
                int j = cp <= cq ? cp : cq;
                if (cp <= cq) p++;
                if (cq <= cp) q++;
                if (j != i) neighbours[count++] = j;
            }
            for (; p < pEnd; p++) if (ci[p] != i) neighbours[count++] = ci[p];
            for (; q < qEnd; q++) if (ti[q] != i) neighbours[count++] = ti[q];
            pointers[i + 1] = count;
        }
        return new GraphPattern(n, pointers, neighbours);
    }

    /// <summary>
    /// The pattern of A^T A without the diagonal: columns j and k are neighbours when some row has entries in
    /// both. Rows with more than <paramref name="denseRowLimit"/> entries are left out (as COLAMD does), since
    /// they would make A^T A dense and say nothing useful about the order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GraphPattern ColumnIntersectionOf(CsrMatrix a, int denseRowLimit)
    {
        int m = a.RowCount, n = a.ColumnCount;
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var (cp, cr) = TransposePattern(m, n, rp, ci);
        var mark = new int[n];
        Array.Fill(mark, -1);
        var pointers = new int[n + 1];
        int[]? neighbours = null;
        for (int pass = 0; pass < 2; pass++)
        {
            int count = 0;
            for (int j = 0; j < n; j++)
            {
                mark[j] = j + pass * n;
                for (int p = cp[j]; p < cp[j + 1]; p++)
                {
                    int i = cr[p];
                    if (rp[i + 1] - rp[i] > denseRowLimit) continue;
                    for (int q = rp[i]; q < rp[i + 1]; q++)
                    {
                        int k = ci[q];
                        if (mark[k] == j + pass * n) continue;
                        mark[k] = j + pass * n;
                        if (neighbours is not null) neighbours[count] = k;
                        count++;
                    }
                }
                if (neighbours is null) pointers[j + 1] = count;
            }
            if (pass == 0) neighbours = new int[count];
        }
        return new GraphPattern(n, pointers, neighbours!);
    }

    /// <summary>Pattern of the transpose of an m x n CSR pattern; the rows of the result come out sorted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (int[] Pointers, int[] Indices) TransposePattern(int m, int n, ReadOnlySpan<int> rp, ReadOnlySpan<int> ci)
    {
        int nnz = rp[m];
        var tp = new int[n + 1];
        for (int k = 0; k < nnz; k++) tp[ci[k] + 1]++;
        for (int j = 0; j < n; j++) tp[j + 1] += tp[j];
        var next = tp.AsSpan(0, n).ToArray();
        var ti = new int[nnz];
        for (int i = 0; i < m; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++) ti[next[ci[k]]++] = i;
        return (tp, ti);
    }
}
