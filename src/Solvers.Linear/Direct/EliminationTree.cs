using System.Runtime.CompilerServices;
namespace Solvers.Linear.Direct;

/// <summary>
/// Elimination tree, postorder and column counts of the Cholesky factor of a symmetric pattern, without forming
/// the factor: J. W. H. Liu, "The role of elimination trees in sparse factorization", SIAM J. Matrix Anal. Appl.
/// 11(1), 1990 (tree by path compression); J. R. Gilbert, E. G. Ng and B. W. Peyton, "An efficient algorithm to
/// compute row and column counts for sparse Cholesky factorization", SIAM J. Matrix Anal. Appl. 15(4), 1994
/// (counts via row-subtree leaves and least common ancestors); Davis (2006), sections 4.1-4.5.
/// </summary>
internal static class EliminationTree
{
    /// <summary>
    /// Parent of each column in the elimination tree (-1 for roots). <paramref name="upperPointers"/> /
    /// <paramref name="upperRows"/> give, for each column k, the rows i &lt; k of the strictly upper triangle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Parents(int n, int[] upperPointers, int[] upperRows)
    {
        var parent = new int[n];
        var ancestor = new int[n];
        for (int k = 0; k < n; k++)
        {
            parent[k] = -1;
            ancestor[k] = -1;
            for (int p = upperPointers[k]; p < upperPointers[k + 1]; p++)
            {
                // Walk from i towards the root, pointing every visited node's ancestor at k.
                for (int i = upperRows[p]; i != -1 && i < k;)
                {
                    int next = ancestor[i];
                    ancestor[i] = k;
                    if (next == -1) parent[i] = k;
                    i = next;
                }
            }
        }
        return parent;
    }

    /// <summary>A postorder of the forest: post[k] is the k-th node visited; children are visited in increasing order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Postorder(int[] parent)
    {
        int n = parent.Length;
        var head = new int[n];
        var next = new int[n];
        Array.Fill(head, -1);
        for (int j = n - 1; j >= 0; j--)
        {
            int p = parent[j];
            if (p < 0) continue;
            next[j] = head[p];
            head[p] = j;
        }
        var post = new int[n];
        var stack = new int[n];
        int k = 0;
        for (int root = 0; root < n; root++)
        {
            if (parent[root] != -1) continue;
            int top = 0;
            stack[0] = root;
            while (top >= 0)
            {
                int v = stack[top];
                int child = head[v];
                if (child >= 0)
                {
                    head[v] = next[child];
                    stack[++top] = child;
                }
                else
                {
                    top--;
                    post[k++] = v;
                }
            }
        }
        return post;
    }

    /// <summary>
    /// Number of entries (diagonal included) in each column of the Cholesky factor. <paramref name="lowerPointers"/> /
    /// <paramref name="lowerRows"/> give, for each column j, the rows i &gt; j of the strictly lower triangle.
    /// </summary>
    /// <remarks>
    /// Column j's count is the number of row subtrees it belongs to. Walking the nodes in postorder, each entry a_ij is
    /// checked for being a leaf of row i's subtree (its first descendant comes after the previous leaf's); a leaf adds
    /// one at j and, unless it is the first leaf of row i, subtracts one at the least common ancestor of it and the
    /// previous leaf (found by path-compressed ancestor links). Summing these differences up the tree gives the counts.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] ColumnCounts(int[] parent, int[] post, int[] lowerPointers, int[] lowerRows)
    {
        int n = parent.Length;
        var delta = new int[n];
        var first = new int[n];
        var maxFirst = new int[n];
        var previousLeaf = new int[n];
        var ancestor = new int[n];
        Array.Fill(first, -1);
        Array.Fill(maxFirst, -1);
        Array.Fill(previousLeaf, -1);
        for (int i = 0; i < n; i++) ancestor[i] = i;

        // first[j]: postorder index of the first descendant of j; leaves start with a count of one.
        for (int k = 0; k < n; k++)
        {
            int j = post[k];
            delta[j] = first[j] == -1 ? 1 : 0;
            for (; j != -1 && first[j] == -1; j = parent[j]) first[j] = k;
        }

        for (int k = 0; k < n; k++)
        {
            int j = post[k];
            if (parent[j] != -1) delta[parent[j]]--;
            for (int p = lowerPointers[j]; p < lowerPointers[j + 1]; p++)
            {
                int i = lowerRows[p];
                if (i <= j || first[j] <= maxFirst[i]) continue;   // j is not a leaf of row i's subtree
                maxFirst[i] = first[j];
                int previous = previousLeaf[i];
                previousLeaf[i] = j;
                delta[j]++;
                if (previous == -1) continue;                      // first leaf of row i
                int q = previous;
                while (q != ancestor[q]) q = ancestor[q];
                for (int s = previous; s != q;)
                {
                    int up = ancestor[s];
                    ancestor[s] = q;
                    s = up;
                }
                delta[q]--;                                        // q = lca(previous, j) was counted twice
            }
            if (parent[j] != -1) ancestor[j] = parent[j];
        }

        for (int k = 0; k < n; k++)
        {
            int j = post[k];
            if (parent[j] != -1) delta[parent[j]] += delta[j];
        }
        return delta;
    }
}
