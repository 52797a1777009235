using System.Numerics.Tensors;
using Solvers.Linear.Kernels;
using Solvers.Linear.Operators;

namespace Solvers.Linear.Storage;

/// <summary>
/// An immutable sparse matrix in compressed sparse row form: 32-bit row pointers and column indices,
/// double values, column indices sorted and unique within each row. Validated once on construction,
/// so kernels can trust the arrays.
/// </summary>
public sealed class CsrMatrix : ITransposableOperator
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly double[] _values;
    private RowPartition? _partition;
    private double _symmetryDefect = double.NaN;   // NaN until first asked: the arrays never change, so once is enough

    private CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values)
    {
        RowCount = rows;
        ColumnCount = columns;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
        _values = values;
    }

    /// <summary>
    /// Builds a matrix from CSR arrays, which are copied. Column indices must be sorted and unique in each
    /// row; values must be finite.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays do not describe a valid CSR matrix (the message says where).</exception>
    public static CsrMatrix FromArrays(int rows, int columns, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<double> values)
    {
        Validate(rows, columns, rowPointers, columnIndices, values);
        return new CsrMatrix(rows, columns, rowPointers.ToArray(), columnIndices.ToArray(), values.ToArray());
    }

    /// <summary>Takes ownership of arrays that the caller will not touch again (validated, not copied).</summary>
    internal static CsrMatrix Wrap(int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values, bool validate = true)
    {
        if (validate) Validate(rows, columns, rowPointers, columnIndices, values);
        return new CsrMatrix(rows, columns, rowPointers, columnIndices, values);
    }

    private static void Validate(int rows, int columns, ReadOnlySpan<int> rp, ReadOnlySpan<int> ci, ReadOnlySpan<double> va)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Row count must be non-negative.");
        if (columns < 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Column count must be non-negative.");
        if (rp.Length != rows + 1)
            throw new ArgumentException($"Row pointer array has length {rp.Length}; expected rows + 1 = {rows + 1}.", "rowPointers");
        if (rp[0] != 0) throw new ArgumentException($"rowPointers[0] must be 0, was {rp[0]}.", "rowPointers");
        int nnz = rp[rows];
        if (ci.Length < nnz || va.Length < nnz)
            throw new ArgumentException($"rowPointers[{rows}] = {nnz} but there are {ci.Length} column indices and {va.Length} values.", "columnIndices");
        for (int i = 0; i < rows; i++)
        {
            int start = rp[i], end = rp[i + 1];
            if (end < start) throw new ArgumentException($"Row pointers decrease at row {i} ({start} > {end}).", "rowPointers");
            int previous = -1;
            for (int k = start; k < end; k++)
            {
                int j = ci[k];
                if ((uint)j >= (uint)columns)
                    throw new ArgumentException($"Column index {j} out of range [0, {columns}) in row {i}.", "columnIndices");
                if (j <= previous)
                    throw new ArgumentException($"Column indices in row {i} are not sorted and unique ({previous} then {j}).", "columnIndices");
                if (!double.IsFinite(va[k]))
                    throw new ArgumentException($"Value at ({i}, {j}) is {va[k]}; entries must be finite.", "values");
                previous = j;
            }
        }
    }

    /// <inheritdoc />
    public int RowCount { get; }

    /// <inheritdoc />
    public int ColumnCount { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeroCount => _rowPointers[RowCount];

    /// <summary>True when the matrix is square.</summary>
    public bool IsSquare => RowCount == ColumnCount;

    /// <summary>Row pointers (length RowCount + 1).</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>Column indices of the stored entries, sorted within each row.</summary>
    public ReadOnlySpan<int> ColumnIndices => _columnIndices.AsSpan(0, NonZeroCount);

    /// <summary>Values of the stored entries.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, NonZeroCount);

    internal int[] RowPointerArray => _rowPointers;
    internal int[] ColumnIndexArray => _columnIndices;
    internal double[] ValueArray => _values;

    /// <summary>Entry (i, j); zero when not stored. Binary search within the row.</summary>
    public double this[int i, int j]
    {
        get
        {
            if ((uint)i >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(i));
            if ((uint)j >= (uint)ColumnCount) throw new ArgumentOutOfRangeException(nameof(j));
            int k = IndexOf(i, j);
            return k >= 0 ? _values[k] : 0.0;
        }
    }

    /// <summary>Position of entry (i, j) in <see cref="Values"/>, or -1 when not stored.</summary>
    public int IndexOf(int i, int j)
    {
        int k = Array.BinarySearch(_columnIndices, _rowPointers[i], _rowPointers[i + 1] - _rowPointers[i], j);
        return k >= 0 ? k : -1;
    }

    /// <summary>Computes y = A x (serial, vectorised).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckApply(x.Length, y.Length, ColumnCount, RowCount);
        SpMV.Multiply(_rowPointers, _columnIndices, _values, x, y, 0, RowCount);
    }

    /// <summary>
    /// Computes y = A x with up to <paramref name="threads"/> threads over row blocks balanced by entry count.
    /// </summary>
    public void ApplyParallel(ReadOnlySpan<double> x, Span<double> y, int threads)
    {
        CheckApply(x.Length, y.Length, ColumnCount, RowCount);
        if (threads <= 1 || RowCount < 4096)
        {
            SpMV.Multiply(_rowPointers, _columnIndices, _values, x, y, 0, RowCount);
            return;
        }
        var partition = _partition;
        if (partition is null || partition.Count != threads)
            _partition = partition = RowPartition.BalancedByEntries(_rowPointers, threads);
        unsafe
        {
            fixed (double* xp = x)
            fixed (double* yp = y)
            {
                nint xAddress = (nint)xp, yAddress = (nint)yp;
                int xLength = x.Length, yLength = y.Length;
                Parallel.For(0, partition.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
                {
                    var xs = new ReadOnlySpan<double>((void*)xAddress, xLength);
                    var ys = new Span<double>((void*)yAddress, yLength);
                    SpMV.Multiply(_rowPointers, _columnIndices, _values, xs, ys, partition.Start(b), partition.Start(b + 1));
                });
            }
        }
    }

    /// <summary>Computes y = A^T x.</summary>
    public void ApplyTranspose(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckApply(x.Length, y.Length, RowCount, ColumnCount);
        SpMV.MultiplyTranspose(_rowPointers, _columnIndices, _values, x, y, RowCount);
    }

    private static void CheckApply(int xLength, int yLength, int expectedX, int expectedY)
    {
        if (xLength != expectedX)
            throw new ArgumentException($"Input vector has length {xLength}; the operator needs {expectedX}.", "x");
        if (yLength != expectedY)
            throw new ArgumentException($"Output vector has length {yLength}; the operator produces {expectedY}.", "y");
    }

    /// <summary>Writes the main diagonal into <paramref name="diagonal"/> (zeros where not stored).</summary>
    public void GetDiagonal(Span<double> diagonal)
    {
        int n = Math.Min(RowCount, ColumnCount);
        if (diagonal.Length != n) throw new ArgumentException($"Diagonal span has length {diagonal.Length}; expected {n}.", nameof(diagonal));
        for (int i = 0; i < n; i++)
        {
            int k = IndexOf(i, i);
            diagonal[i] = k >= 0 ? _values[k] : 0.0;
        }
    }

    /// <summary>The main diagonal as a new array.</summary>
    public double[] Diagonal()
    {
        var d = new double[Math.Min(RowCount, ColumnCount)];
        GetDiagonal(d);
        return d;
    }

    /// <summary>Index of the first row without a stored diagonal entry or with a zero one, or -1.</summary>
    public int FirstZeroDiagonal()
    {
        int n = Math.Min(RowCount, ColumnCount);
        for (int i = 0; i < n; i++)
        {
            int k = IndexOf(i, i);
            if (k < 0 || _values[k] == 0.0) return i;
        }
        return -1;
    }

    /// <summary>The transpose as a new CSR matrix (counting sort; O(nnz)).</summary>
    public CsrMatrix Transpose()
    {
        int nnz = NonZeroCount;
        var rp = new int[ColumnCount + 1];
        var ci = new int[nnz];
        var va = new double[nnz];
        TransposeInto(RowCount, ColumnCount, _rowPointers, _columnIndices, _values, rp, ci, va);
        return new CsrMatrix(ColumnCount, RowCount, rp, ci, va);
    }

    /// <summary>
    /// Counting-sort transpose of the CSR arrays of a rows x columns matrix into caller-owned arrays (so a caller can
    /// hand over a buffer it no longer needs): <paramref name="tp"/> (columns + 1 entries, all zero on entry),
    /// <paramref name="tc"/> and <paramref name="tv"/> (nnz entries). Within each column the rows come in
    /// increasing order.
    /// </summary>
    internal static unsafe void TransposeInto(int rows, int columns, ReadOnlySpan<int> rp, ReadOnlySpan<int> ci, ReadOnlySpan<double> va,
        int[] tp, int[] tc, double[] tv)
    {
        int nnz = rp[rows];
        fixed (int* rpp = rp)
        fixed (int* cip = ci)
        fixed (double* vap = va)
        fixed (int* tpp = tp)
        fixed (int* tcp = tc)
        fixed (double* tvp = tv)
        {
            for (int k = 0; k < nnz; k++) tpp[cip[k] + 1]++;
            for (int j = 0; j < columns; j++) tpp[j + 1] += tpp[j];
            // tp[j] serves as column j's cursor and ends at the start of column j + 1; shifting by one restores it.
            for (int i = 0; i < rows; i++)
                for (int k = rpp[i]; k < rpp[i + 1]; k++)
                {
                    int dst = tpp[cip[k]]++;
                    tcp[dst] = i;
                    tvp[dst] = vap[k];
                }
            for (int j = columns; j > 0; j--) tpp[j] = tpp[j - 1];
            tpp[0] = 0;
        }
    }

    /// <summary>
    /// Largest |a_ij - a_ji| relative to the largest |a_ij|, over the stored pattern of both; 0 for a
    /// symmetric matrix. A non-square matrix returns +Inf.
    /// </summary>
    /// <remarks>Computed on the first call and remembered (the matrix is immutable): CG checks every matrix it is given,
    /// and a caller who solves many right-hand sides with one matrix pays for the O(nnz) sweep once.</remarks>
    public double SymmetryDefect()
    {
        double known = _symmetryDefect;
        if (!double.IsNaN(known)) return known;
        return _symmetryDefect = ComputeSymmetryDefect();
    }

    private double ComputeSymmetryDefect()
    {
        if (!IsSquare) return double.PositiveInfinity;
        // Each strict upper entry (j, c) is met exactly when row c, in increasing row order, reaches its lower entry
        // (c, j); a cursor per row walks the upper part, so one sweep pairs a_ij with a_ji in O(nnz) with n ints of
        // scratch instead of a transposed copy of all nnz entries (CG checks every SPD matrix it is given).
        int n = RowCount;
        var rp = _rowPointers;
        var ci = _columnIndices;
        var va = _values;
        var cursor = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        try
        {
            for (int j = 0; j < n; j++)
            {
                int k = rp[j];
                while (k < rp[j + 1] && ci[k] <= j) k++;
                cursor[j] = k;
            }
            double maxDiff = 0;
            for (int i = 0; i < n; i++)
                for (int k = rp[i]; k < rp[i + 1]; k++)
                {
                    double v = va[k];
                    int j = ci[k];
                    if (j >= i) break;   // the rest of row i is met from below
                    // Upper entries (j, c) with c < i were not met by row c: their mirror is not stored.
                    int end = rp[j + 1], at = cursor[j];
                    while (at < end && ci[at] < i) maxDiff = Math.Max(maxDiff, Math.Abs(va[at++]));
                    if (at < end && ci[at] == i) maxDiff = Math.Max(maxDiff, Math.Abs(v - va[at++]));
                    else maxDiff = Math.Max(maxDiff, Math.Abs(v));
                    cursor[j] = at;
                }
            for (int j = 0; j < n; j++)
                for (int k = cursor[j]; k < rp[j + 1]; k++) maxDiff = Math.Max(maxDiff, Math.Abs(va[k]));
            int nnz = rp[n];
            double maxAbs = nnz == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(va.AsSpan(0, nnz)));
            return maxAbs == 0 ? 0 : maxDiff / maxAbs;
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(cursor);
        }
    }

    /// <summary>The transposing formulation of <see cref="SymmetryDefect"/>, kept as its test reference.</summary>
    internal double SymmetryDefectReference()
    {
        if (!IsSquare) return double.PositiveInfinity;
        var t = Transpose();
        double maxAbs = 0, maxDiff = 0;
        for (int i = 0; i < RowCount; i++)
        {
            int p = _rowPointers[i], pEnd = _rowPointers[i + 1];
            int q = t._rowPointers[i], qEnd = t._rowPointers[i + 1];
            while (p < pEnd || q < qEnd)
            {
                int jp = p < pEnd ? _columnIndices[p] : int.MaxValue;
                int jq = q < qEnd ? t._columnIndices[q] : int.MaxValue;
                double a = 0, b = 0;
                if (jp <= jq) a = _values[p++];
                if (jq <= jp) b = t._values[q++];
                maxAbs = Math.Max(maxAbs, Math.Abs(a));
                maxDiff = Math.Max(maxDiff, Math.Abs(a - b));
            }
        }
        return maxAbs == 0 ? 0 : maxDiff / maxAbs;
    }

    /// <summary>True when <see cref="SymmetryDefect"/> is at most <paramref name="relativeTolerance"/>.</summary>
    public bool IsSymmetric(double relativeTolerance = 1e-12) => SymmetryDefect() <= relativeTolerance;

    /// <summary>A copy with every value multiplied by <paramref name="alpha"/>.</summary>
    public CsrMatrix Scale(double alpha)
    {
        var va = Values.ToArray();
        Blas1.Scale(alpha, va);
        return new CsrMatrix(RowCount, ColumnCount, _rowPointers, _columnIndices, va);
    }

    /// <summary>Same pattern, new values (length <see cref="NonZeroCount"/>), e.g. for a sequence of systems.</summary>
    public CsrMatrix WithValues(ReadOnlySpan<double> values)
    {
        if (values.Length != NonZeroCount)
            throw new ArgumentException($"Got {values.Length} values; the pattern has {NonZeroCount} entries.", nameof(values));
        int bad = Blas1.FirstNonFinite(values);
        if (bad >= 0) throw new ArgumentException($"Value {bad} is {values[bad]}; entries must be finite.", nameof(values));
        return new CsrMatrix(RowCount, ColumnCount, _rowPointers, _columnIndices, values.ToArray());
    }

    /// <summary>Frobenius norm.</summary>
    public double FrobeniusNorm() => Blas1.Norm2(Values);

    /// <inheritdoc />
    public override string ToString() => $"CsrMatrix {RowCount}x{ColumnCount}, nnz = {NonZeroCount}";
}
