namespace Solvers.Transport.Problems;

/// <summary>
/// The rows and columns of an <see cref="OtProblem"/> with positive weight, the problem restricted to them,
/// and the maps back to full size. Zero-weight points carry no mass in any plan, so solvers work here.
/// </summary>
internal sealed class SupportView
{
    private SupportView(OtProblem full, int[] rows, int[] columns, OtProblem reduced)
    {
        Full = full;
        Rows = rows;
        Columns = columns;
        Reduced = reduced;
    }

    public OtProblem Full { get; }

    /// <summary>Indices (in the full problem) of the rows with a_i &gt; 0, increasing.</summary>
    public int[] Rows { get; }

    /// <summary>Indices of the columns with b_j &gt; 0, increasing.</summary>
    public int[] Columns { get; }

    /// <summary>The problem on the support (the full problem itself when every weight is positive).</summary>
    public OtProblem Reduced { get; }

    public bool IsFull => Rows.Length == Full.SourceCount && Columns.Length == Full.TargetCount;

    public static SupportView Of(OtProblem problem)
    {
        var rows = Positive(problem.SourceWeights);
        var columns = Positive(problem.TargetWeights);
        if (rows.Length == problem.SourceCount && columns.Length == problem.TargetCount)
            return new SupportView(problem, rows, columns, problem);
        var a = new double[rows.Length];
        for (int r = 0; r < rows.Length; r++) a[r] = problem.SourceWeights[rows[r]];
        var b = new double[columns.Length];
        for (int c = 0; c < columns.Length; c++) b[c] = problem.TargetWeights[columns[c]];
        var reduced = OtProblem.Trusted(a, b, problem.Cost.Select(rows, columns));
        return new SupportView(problem, rows, columns, reduced);
    }

    /// <summary>Scatters a reduced row vector to full length, filling the other entries with <paramref name="fill"/>.</summary>
    public double[] ExpandRows(ReadOnlySpan<double> reduced, double fill = 0) => Expand(reduced, Rows, Full.SourceCount, fill);

    /// <summary>Scatters a reduced column vector to full length.</summary>
    public double[] ExpandColumns(ReadOnlySpan<double> reduced, double fill = 0) => Expand(reduced, Columns, Full.TargetCount, fill);

    /// <summary>Which full rows are outside the support.</summary>
    public IEnumerable<int> MissingRows() => Missing(Rows, Full.SourceCount);

    /// <summary>Which full columns are outside the support.</summary>
    public IEnumerable<int> MissingColumns() => Missing(Columns, Full.TargetCount);

    private static double[] Expand(ReadOnlySpan<double> reduced, int[] map, int length, double fill)
    {
        if (map.Length == length) return reduced.ToArray();
        var full = new double[length];
        Array.Fill(full, fill);
        for (int k = 0; k < map.Length; k++) full[map[k]] = reduced[k];
        return full;
    }

    private static IEnumerable<int> Missing(int[] map, int length)
    {
        int k = 0;
        for (int i = 0; i < length; i++)
        {
            if (k < map.Length && map[k] == i) { k++; continue; }
            yield return i;
        }
    }

    private static int[] Positive(ReadOnlySpan<double> w)
    {
        int count = 0;
        foreach (var x in w) if (x > 0) count++;
        var idx = new int[count];
        count = 0;
        for (int i = 0; i < w.Length; i++) if (w[i] > 0) idx[count++] = i;
        return idx;
    }
}
