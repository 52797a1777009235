using System.Globalization;
using Solvers.Linear.Storage;

namespace Solvers.Transport;

/// <summary>
/// A transport plan P (n x m, P[i, j] = mass moved from source i to target j), held densely (row-major) or as
/// a CSR matrix of its stored entries.
/// </summary>
public sealed class TransportPlan
{
    private readonly double[]? _dense;
    private readonly CsrMatrix? _sparse;

    private TransportPlan(int rows, int columns, double[]? dense, CsrMatrix? sparse)
    {
        RowCount = rows;
        ColumnCount = columns;
        _dense = dense;
        _sparse = sparse;
    }

    /// <summary>Number of source points n.</summary>
    public int RowCount { get; }

    /// <summary>Number of target points m.</summary>
    public int ColumnCount { get; }

    /// <summary>True when the plan is held as a <see cref="CsrMatrix"/>.</summary>
    public bool IsSparse => _sparse is not null;

    /// <summary>The sparse plan, or null for a dense one.</summary>
    public CsrMatrix? Sparse => _sparse;

    /// <summary>The dense values (row-major), or an empty span for a sparse plan.</summary>
    public ReadOnlySpan<double> DenseValues => _dense;

    /// <summary>Number of stored entries (n x m for a dense plan).</summary>
    public long StoredCount => _sparse?.NonZeroCount ?? (long)RowCount * ColumnCount;

    /// <summary>Entry P[i, j].</summary>
    public double this[int i, int j]
    {
        get
        {
            if ((uint)i >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(i));
            if ((uint)j >= (uint)ColumnCount) throw new ArgumentOutOfRangeException(nameof(j));
            return _sparse is not null ? _sparse[i, j] : _dense![(long)i * ColumnCount + j];
        }
    }

    /// <summary>Wraps a dense row-major array (not copied).</summary>
    public static TransportPlan FromDense(int rows, int columns, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != (long)rows * columns)
            throw new ArgumentException($"Got {values.Length} values for a {rows} x {columns} plan.", nameof(values));
        return new TransportPlan(rows, columns, values, null);
    }

    /// <summary>Wraps a CSR matrix.</summary>
    public static TransportPlan FromSparse(CsrMatrix plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new TransportPlan(plan.RowCount, plan.ColumnCount, null, plan);
    }

    /// <summary>Row sums P 1 (the source marginal).</summary>
    public double[] RowSums()
    {
        var r = new double[RowCount];
        if (_sparse is not null)
        {
            var rp = _sparse.RowPointers;
            var va = _sparse.Values;
            for (int i = 0; i < RowCount; i++)
                for (int k = rp[i]; k < rp[i + 1]; k++) r[i] += va[k];
        }
        else
        {
            for (int i = 0; i < RowCount; i++) r[i] = System.Numerics.Tensors.TensorPrimitives.Sum(_dense.AsSpan(i * ColumnCount, ColumnCount));
        }
        return r;
    }

    /// <summary>Column sums P^T 1 (the target marginal).</summary>
    public double[] ColumnSums()
    {
        var c = new double[ColumnCount];
        if (_sparse is not null)
        {
            var ci = _sparse.ColumnIndices;
            var va = _sparse.Values;
            for (int k = 0; k < va.Length; k++) c[ci[k]] += va[k];
        }
        else
        {
            for (int i = 0; i < RowCount; i++)
                System.Numerics.Tensors.TensorPrimitives.Add(c, _dense.AsSpan(i * ColumnCount, ColumnCount), c);
        }
        return c;
    }

    /// <summary>A dense row-major copy.</summary>
    public double[] ToDense()
    {
        if (_dense is not null) return (double[])_dense.Clone();
        var d = new double[(long)RowCount * ColumnCount];
        var rp = _sparse!.RowPointers;
        var ci = _sparse.ColumnIndices;
        var va = _sparse.Values;
        for (int i = 0; i < RowCount; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++) d[(long)i * ColumnCount + ci[k]] = va[k];
        return d;
    }

    /// <summary>
    /// Writes the plan as CSV: dense (one row of P per line) or, with <paramref name="triplets"/>, one
    /// "i,j,value" line per stored nonzero entry (0-based indices, header "i,j,value").
    /// </summary>
    public void WriteCsv(TextWriter writer, bool triplets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var inv = CultureInfo.InvariantCulture;
        if (triplets)
        {
            writer.WriteLine("i,j,value");
            if (_sparse is not null)
            {
                var rp = _sparse.RowPointers;
                var ci = _sparse.ColumnIndices;
                var va = _sparse.Values;
                for (int i = 0; i < RowCount; i++)
                    for (int k = rp[i]; k < rp[i + 1]; k++)
                        if (va[k] != 0) writer.WriteLine($"{i},{ci[k]},{va[k].ToString("R", inv)}");
            }
            else
            {
                for (int i = 0; i < RowCount; i++)
                    for (int j = 0; j < ColumnCount; j++)
                    {
                        double v = _dense![(long)i * ColumnCount + j];
                        if (v != 0) writer.WriteLine($"{i},{j},{v.ToString("R", inv)}");
                    }
            }
            return;
        }
        var row = new double[ColumnCount];
        for (int i = 0; i < RowCount; i++)
        {
            if (_dense is not null) _dense.AsSpan(i * ColumnCount, ColumnCount).CopyTo(row);
            else
            {
                Array.Clear(row);
                var rp = _sparse!.RowPointers;
                for (int k = rp[i]; k < rp[i + 1]; k++) row[_sparse.ColumnIndices[k]] = _sparse.Values[k];
            }
            for (int j = 0; j < ColumnCount; j++)
            {
                if (j > 0) writer.Write(',');
                writer.Write(row[j].ToString("R", inv));
            }
            writer.WriteLine();
        }
    }
}
