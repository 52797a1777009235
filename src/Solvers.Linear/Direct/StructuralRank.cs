using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// Maximum matching of rows to columns on the pattern (a maximum transversal; I. S. Duff, "On algorithms for
/// obtaining a maximum transversal", ACM TOMS 7(3), 1981): depth-first augmenting paths with a cheap look-ahead.
/// The matrix is structurally singular exactly when some column stays unmatched. Used to classify a failed
/// factorisation, so it runs only on the error path.
/// </summary>
internal static class StructuralRank
{
    /// <summary>A column that no maximum matching covers, or -1 when the pattern admits a full transversal.</summary>
    public static int UnmatchedColumn(CsrMatrix a)
    {
        int n = a.RowCount;
        if (a.ColumnCount != n) return Math.Min(n, a.ColumnCount);
        // Work on columns: the rows of each column are the transpose pattern.
        var (cp, cr) = GraphPattern.TransposePattern(n, n, a.RowPointers, a.ColumnIndices);
        var rowMatch = new int[n];
        var visited = new int[n];
        var lookahead = new int[n];
        var stackColumn = new int[n];
        var stackPosition = new int[n];
        Array.Fill(rowMatch, -1);
        Array.Fill(visited, -1);
        for (int j = 0; j < n; j++) lookahead[j] = cp[j];
        int firstUnmatched = -1;
        for (int start = 0; start < n; start++)
        {
            if (!Augment(start) && firstUnmatched < 0) firstUnmatched = start;
        }
        return firstUnmatched;

        bool Augment(int start)
        {
            int top = 0;
            stackColumn[0] = start;
            stackPosition[0] = cp[start];
            visited[start] = start;
            while (top >= 0)
            {
                int j = stackColumn[top];
                // Look-ahead: an unmatched row in column j ends the path at once.
                for (; lookahead[j] < cp[j + 1]; lookahead[j]++)
                {
                    int i = cr[lookahead[j]];
                    if (rowMatch[i] == -1)
                    {
                        rowMatch[i] = j;
                        // Unwind: each column on the stack takes the row through which the path left it.
                        for (int t = top - 1; t >= 0; t--)
                        {
                            int jc = stackColumn[t];
                            int row = cr[stackPosition[t] - 1];
                            rowMatch[row] = jc;
                        }
                        return true;
                    }
                }
                bool pushed = false;
                while (stackPosition[top] < cp[j + 1])
                {
                    int i = cr[stackPosition[top]++];
                    int jn = rowMatch[i];
                    if (jn < 0 || visited[jn] == start) continue;
                    visited[jn] = start;
                    top++;
                    stackColumn[top] = jn;
                    stackPosition[top] = cp[jn];
                    pushed = true;
                    break;
                }
                if (!pushed) top--;
            }
            return false;
        }
    }
}
