namespace Solvers.Linear.Storage;

/// <summary>
/// Coordinate-format builder for assembling a sparse matrix entry by entry. Duplicate entries are summed
/// when converted to <see cref="CsrMatrix"/>, as finite-element assembly expects.
/// </summary>
public sealed class CooMatrix
{
    private int[] _rows;
    private int[] _columns;
    private double[] _values;

    /// <summary>An empty <paramref name="rows"/> x <paramref name="columns"/> builder.</summary>
    public CooMatrix(int rows, int columns, int capacity = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        RowCount = rows;
        ColumnCount = columns;
        capacity = Math.Max(capacity, 4);
        _rows = new int[capacity];
        _columns = new int[capacity];
        _values = new double[capacity];
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount { get; }

    /// <summary>Number of entries added so far (duplicates counted separately).</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="value"/> at (i, j); repeated positions are summed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is outside the matrix.</exception>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public void Add(int i, int j, double value)
    {
        if ((uint)i >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(i), i, $"Row index must be in [0, {RowCount}).");
        if ((uint)j >= (uint)ColumnCount) throw new ArgumentOutOfRangeException(nameof(j), j, $"Column index must be in [0, {ColumnCount}).");
        if (!double.IsFinite(value)) throw new ArgumentException($"Value at ({i}, {j}) is {value}; entries must be finite.", nameof(value));
        if (Count == _rows.Length)
        {
            int capacity = _rows.Length * 2;
            Array.Resize(ref _rows, capacity);
            Array.Resize(ref _columns, capacity);
            Array.Resize(ref _values, capacity);
        }
        _rows[Count] = i;
        _columns[Count] = j;
        _values[Count] = value;
        Count++;
    }

    /// <summary>
    /// Converts to CSR: sorted columns, duplicates summed. Explicit zeros are kept (the pattern matters
    /// to incomplete factorisations).
    /// </summary>
    public CsrMatrix ToCsr()
    {
        int n = Count;
        var rowPointers = new int[RowCount + 1];
        for (int k = 0; k < n; k++) rowPointers[_rows[k] + 1]++;
        for (int i = 0; i < RowCount; i++) rowPointers[i + 1] += rowPointers[i];
        var next = rowPointers.AsSpan(0, RowCount).ToArray();
        var cols = new int[n];
        var vals = new double[n];
        for (int k = 0; k < n; k++)
        {
            int dst = next[_rows[k]]++;
            cols[dst] = _columns[k];
            vals[dst] = _values[k];
        }

        // Sort each row by column and merge duplicates in place.
        int write = 0;
        var compactPointers = new int[RowCount + 1];
        for (int i = 0; i < RowCount; i++)
        {
            int start = rowPointers[i], end = rowPointers[i + 1];
            Array.Sort(cols, vals, start, end - start);
            int rowStart = write;
            for (int k = start; k < end; k++)
            {
                if (write > rowStart && cols[write - 1] == cols[k])
                    vals[write - 1] += vals[k];
                else
                {
                    cols[write] = cols[k];
                    vals[write] = vals[k];
                    write++;
                }
            }
            compactPointers[i + 1] = write;
        }
        if (write < n)
        {
            Array.Resize(ref cols, write);
            Array.Resize(ref vals, write);
        }
        return CsrMatrix.Wrap(RowCount, ColumnCount, compactPointers, cols, vals, validate: false);
    }
}
