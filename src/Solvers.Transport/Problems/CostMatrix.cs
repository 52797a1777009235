using System.Globalization;
using Solvers.Transport.Kernels;

namespace Solvers.Transport.Problems;

/// <summary>
/// A dense ground-cost matrix C (n x m, row-major): C[i, j] is the cost of moving a unit of mass from source
/// point i to target point j. Entries are finite (checked once on construction).
/// </summary>
public sealed class CostMatrix
{
    private readonly double[] _values;

    private CostMatrix(int rows, int columns, double[] values)
    {
        RowCount = rows;
        ColumnCount = columns;
        _values = values;
        MaxAbs = DenseKernels.MaxAbsOrNaN(values);
    }

    /// <summary>Number of source points n.</summary>
    public int RowCount { get; }

    /// <summary>Number of target points m.</summary>
    public int ColumnCount { get; }

    /// <summary>All entries, row after row.</summary>
    public ReadOnlySpan<double> Values => _values;

    internal double[] Array => _values;

    /// <summary>Largest |C[i, j]|.</summary>
    public double MaxAbs { get; }

    /// <summary>Row <paramref name="i"/>: the costs from source point i to every target point.</summary>
    public ReadOnlySpan<double> Row(int i) => _values.AsSpan(i * ColumnCount, ColumnCount);

    /// <summary>Entry C[i, j].</summary>
    public double this[int i, int j] => _values[(long)i * ColumnCount + j];

    /// <summary>Builds a cost matrix from row-major values (copied).</summary>
    /// <exception cref="ArgumentException">The length is not rows x columns, or an entry is NaN or infinite (the message names it).</exception>
    public static CostMatrix FromArray(int rows, int columns, ReadOnlySpan<double> values)
    {
        CheckShape(rows, columns, values.Length);
        CheckFinite(rows, columns, values);
        return new CostMatrix(rows, columns, values.ToArray());
    }

    /// <summary>Builds a cost matrix from a 2-D array (copied).</summary>
    public static CostMatrix FromArray(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.GetLength(0), m = values.GetLength(1);
        var flat = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) flat[i * m + j] = values[i, j];
        return FromArray(n, m, flat);
    }

    /// <summary>Takes ownership of an array nobody else will modify (checked, not copied).</summary>
    internal static CostMatrix Wrap(int rows, int columns, double[] values)
    {
        CheckShape(rows, columns, values.Length);
        CheckFinite(rows, columns, values);
        return new CostMatrix(rows, columns, values);
    }

    /// <summary>
    /// The cost between every point of <paramref name="x"/> and every point of <paramref name="y"/>, computed
    /// coordinate-wise as sum_k (x_k - y_k)^2 (and its square root for <see cref="GroundMetric.Euclidean"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The clouds have different dimensions.</exception>
    public static CostMatrix FromPoints(PointCloud x, PointCloud y, GroundMetric metric)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Dimension != y.Dimension)
            throw new ArgumentException($"Source points have dimension {x.Dimension} but target points have dimension {y.Dimension}.", nameof(y));
        if (metric is not (GroundMetric.SquaredEuclidean or GroundMetric.Euclidean))
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        int n = x.Count, m = y.Count, d = x.Dimension;
        if ((long)n * m > System.Array.MaxLength)
            throw new ArgumentException($"A {n} x {m} dense cost matrix is too large for one array.", nameof(y));
        var values = new double[n * m];
        // Coordinates of y by dimension (structure of arrays) so the inner loop runs over contiguous targets.
        var yByDimension = new double[d * m];
        for (int j = 0; j < m; j++)
            for (int k = 0; k < d; k++) yByDimension[k * m + j] = y.Point(j)[k];
        for (int i = 0; i < n; i++)
        {
            var row = values.AsSpan(i * m, m);
            var p = x.Point(i);
            for (int k = 0; k < d; k++) DenseKernels.AccumulateSquaredDifference(p[k], yByDimension.AsSpan(k * m, m), row);
            if (metric == GroundMetric.Euclidean) DenseKernels.SqrtInPlace(row);
        }
        return new CostMatrix(n, m, values);
    }

    /// <summary>
    /// This matrix divided by its largest absolute entry, so that max |C| = 1 and a regularisation is relative
    /// to the cost scale. Returns this matrix when it is all zero. <paramref name="scale"/> is the divisor.
    /// </summary>
    public CostMatrix NormalizedByMax(out double scale)
    {
        scale = MaxAbs;
        if (scale == 0 || scale == 1) { scale = scale == 0 ? 1 : scale; return this; }
        var values = new double[_values.Length];
        for (int k = 0; k < values.Length; k++) values[k] = _values[k] / scale;
        return new CostMatrix(RowCount, ColumnCount, values);
    }

    /// <summary>The sub-matrix of the given rows and columns (both in increasing order).</summary>
    internal CostMatrix Select(int[] rows, int[] columns)
    {
        if (rows.Length == RowCount && columns.Length == ColumnCount) return this;
        int m = columns.Length;
        var values = new double[rows.Length * m];
        for (int r = 0; r < rows.Length; r++)
        {
            var source = Row(rows[r]);
            var target = values.AsSpan(r * m, m);
            if (m == ColumnCount) source.CopyTo(target);
            else for (int c = 0; c < m; c++) target[c] = source[columns[c]];
        }
        return new CostMatrix(rows.Length, m, values);
    }

    /// <summary>
    /// Reads a dense cost matrix from CSV: one row of C per line. Comments ('#'), blank lines and a header are skipped.
    /// </summary>
    /// <exception cref="FormatException">A value is not a number or rows have different lengths.</exception>
    /// <exception cref="ArgumentException">An entry is NaN or infinite, or the file is empty.</exception>
    public static CostMatrix ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        return ParseCsv(reader, path);
    }

    /// <summary>Parses CSV text as in <see cref="ReadCsv(string)"/>; <paramref name="source"/> names it in messages.</summary>
    public static CostMatrix ParseCsv(TextReader reader, string source = "<input>")
    {
        var rows = CsvTable.Read(reader, source);
        if (rows.Count == 0) throw new ArgumentException($"{source}: no cost entries.", nameof(reader));
        int m = rows[0].Values.Length;
        var values = new double[rows.Count * m];
        for (int i = 0; i < rows.Count; i++)
        {
            var (line, row) = rows[i];
            if (row.Length != m) throw new FormatException($"{source}, line {line}: {row.Length} columns; the first row has {m}.");
            for (int j = 0; j < m; j++)
            {
                if (!double.IsFinite(row[j]))
                    throw new ArgumentException($"{source}, line {line}: cost entry ({i}, {j}) is {row[j].ToString(CultureInfo.InvariantCulture)}; costs must be finite.", nameof(reader));
                values[i * m + j] = row[j];
            }
        }
        return new CostMatrix(rows.Count, m, values);
    }

    private static void CheckShape(int rows, int columns, int length)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "A cost matrix needs at least one row.");
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "A cost matrix needs at least one column.");
        if (length != (long)rows * columns)
            throw new ArgumentException($"Got {length} cost values; a {rows} x {columns} matrix needs {(long)rows * columns}.", "values");
    }

    private static void CheckFinite(int rows, int columns, ReadOnlySpan<double> values)
    {
        if (!double.IsNaN(DenseKernels.MaxAbsOrNaN(values))) return;
        for (int k = 0; k < values.Length; k++)
            if (!double.IsFinite(values[k]))
                throw new ArgumentException($"Cost entry ({k / columns}, {k % columns}) is {values[k].ToString(CultureInfo.InvariantCulture)}; costs must be finite.", "values");
        _ = rows;
    }
}
