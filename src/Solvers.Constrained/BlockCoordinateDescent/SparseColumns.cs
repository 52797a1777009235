using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// Column access to a samples-by-features sparse matrix (the CSR of A^T, i.e. compressed sparse columns of A),
/// with the column kernels coordinate descent needs: dot with a dense vector, axpy into one, Gram blocks.
/// </summary>
internal sealed class SparseColumns
{
    private readonly int[] _pointers;
    private readonly int[] _rows;
    private readonly double[] _values;
    private readonly double[] _squaredNorms;
    private readonly double[] _scatter;
    // Row access for the one-pass Gram product: the caller's CSR matrix itself (immutable), not a copy of it.
    private readonly CsrMatrix _byRows;

    public SparseColumns(CsrMatrix a)
    {
        var t = a.Transpose();
        RowCount = a.RowCount;
        ColumnCount = a.ColumnCount;
        _pointers = t.RowPointers.ToArray();
        _rows = t.ColumnIndices.ToArray();
        _values = t.Values.ToArray();
        _squaredNorms = new double[ColumnCount];
        for (int j = 0; j < ColumnCount; j++)
        {
            var v = Values(j);
            _squaredNorms[j] = System.Numerics.Tensors.TensorPrimitives.Dot(v, v);
        }
        _scatter = new double[RowCount];
        _byRows = a;
    }

    public int RowCount { get; }

    public int ColumnCount { get; }

    public ReadOnlySpan<int> RowIndices(int j) => _rows.AsSpan(_pointers[j], _pointers[j + 1] - _pointers[j]);

    public ReadOnlySpan<double> Values(int j) => _values.AsSpan(_pointers[j], _pointers[j + 1] - _pointers[j]);

    public double ColumnSquaredNorm(int j) => _squaredNorms[j];

    /// <summary>A_:j^T v.</summary>
    public double ColumnDot(int j, ReadOnlySpan<double> v)
    {
        double s = 0;
        int end = _pointers[j + 1];
        for (int k = _pointers[j]; k < end; k++) s += _values[k] * v[_rows[k]];
        return s;
    }

    /// <summary>v += alpha A_:j.</summary>
    public void AddColumn(int j, double alpha, Span<double> v)
    {
        int end = _pointers[j + 1];
        for (int k = _pointers[j]; k < end; k++) v[_rows[k]] += alpha * _values[k];
    }

    /// <summary>y = A x.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        for (int j = 0; j < ColumnCount; j++)
            if (x[j] != 0) AddColumn(j, x[j], y);
    }

    /// <summary>
    /// u = A x and q = A^T (w o u) in one pass over the rows (each row is read once and is still in cache for its
    /// scatter); x and q have length <see cref="ColumnCount"/>, u and w length <see cref="RowCount"/>.
    /// </summary>
    public void GramProductByRows(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> u, Span<double> q)
    {
        q.Clear();
        var rp = _byRows.RowPointers;
        ref int ci = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(_byRows.ColumnIndices);
        ref double v = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(_byRows.Values);
        ref double xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref double qr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(q);
        if (x.Length < ColumnCount || q.Length < ColumnCount || u.Length < RowCount || w.Length < RowCount)
            throw new ArgumentException("GramProductByRows: a vector is too short.");
        for (int i = 0; i < RowCount; i++)
        {
            int start = rp[i], end = rp[i + 1];
            double s = 0;
            for (int k = start; k < end; k++)
                s += System.Runtime.CompilerServices.Unsafe.Add(ref v, k) * System.Runtime.CompilerServices.Unsafe.Add(ref xr, System.Runtime.CompilerServices.Unsafe.Add(ref ci, k));
            u[i] = s;
            s *= w[i];
            if (s == 0) continue;
            for (int k = start; k < end; k++)
                System.Runtime.CompilerServices.Unsafe.Add(ref qr, System.Runtime.CompilerServices.Unsafe.Add(ref ci, k)) += s * System.Runtime.CompilerServices.Unsafe.Add(ref v, k);
        }
    }

    /// <summary>g = A^T v.</summary>
    public void MultiplyTranspose(ReadOnlySpan<double> v, Span<double> g)
    {
        for (int j = 0; j < ColumnCount; j++) g[j] = ColumnDot(j, v);
    }

    /// <summary>h = scale A_b^T A_b (dense row-major |b| x |b|).</summary>
    public void Gram(ReadOnlySpan<int> block, Span<double> h, double scale)
    {
        int t = block.Length;
        for (int p = 0; p < t; p++)
        {
            int jp = block[p];
            var rows = RowIndices(jp);
            var values = Values(jp);
            for (int k = 0; k < rows.Length; k++) _scatter[rows[k]] = values[k];
            for (int q = p; q < t; q++)
            {
                double v = scale * ColumnDot(block[q], _scatter);
                h[p * t + q] = v;
                h[q * t + p] = v;
            }
            foreach (int i in rows) _scatter[i] = 0;
        }
    }

    /// <summary>h = A_b^T diag(w) A_b.</summary>
    public void WeightedGram(ReadOnlySpan<int> block, ReadOnlySpan<double> w, Span<double> h)
    {
        int t = block.Length;
        for (int p = 0; p < t; p++)
        {
            int jp = block[p];
            var rows = RowIndices(jp);
            var values = Values(jp);
            for (int k = 0; k < rows.Length; k++) _scatter[rows[k]] = values[k] * w[rows[k]];
            for (int q = p; q < t; q++)
            {
                double v = ColumnDot(block[q], _scatter);
                h[p * t + q] = v;
                h[q * t + p] = v;
            }
            foreach (int i in rows) _scatter[i] = 0;
        }
    }
}
