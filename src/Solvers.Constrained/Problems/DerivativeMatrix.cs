using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Problems;

/// <summary>Computes y = H v for a symmetric operator H given only through products.</summary>
/// <param name="v">The vector to multiply.</param>
/// <param name="result">Receives H v.</param>
public delegate void SymmetricProduct(ReadOnlySpan<double> v, Span<double> result);

/// <summary>How a <see cref="DerivativeMatrix"/> is stored.</summary>
public enum DerivativeStorage
{
    /// <summary>A dense MathNet matrix.</summary>
    Dense,

    /// <summary>A sparse <see cref="CsrMatrix"/>.</summary>
    Sparse,

    /// <summary>Only products with a symmetric matrix are available (Hessians only).</summary>
    Product,
}

/// <summary>
/// A Jacobian or Hessian as a problem returns it: dense, sparse CSR, or (for a symmetric Hessian) a
/// matrix-free product. Solvers that need entries call <see cref="ToCsr"/>, which forms a product-only
/// matrix column by column (n products).
/// </summary>
public sealed class DerivativeMatrix
{
    private readonly Matrix<double>? _dense;
    private readonly CsrMatrix? _sparse;
    private readonly SymmetricProduct? _product;
    private CsrMatrix? _csrCache;

    private DerivativeMatrix(int rows, int columns, Matrix<double>? dense, CsrMatrix? sparse, SymmetricProduct? product)
    {
        RowCount = rows;
        ColumnCount = columns;
        _dense = dense;
        _sparse = sparse;
        _product = product;
        _csrCache = sparse;
    }

    /// <summary>Wraps a dense matrix (not copied).</summary>
    public static DerivativeMatrix FromDense(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new DerivativeMatrix(matrix.RowCount, matrix.ColumnCount, matrix, null, null);
    }

    /// <summary>Wraps a sparse CSR matrix.</summary>
    public static DerivativeMatrix FromCsr(CsrMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new DerivativeMatrix(matrix.RowCount, matrix.ColumnCount, null, matrix, null);
    }

    /// <summary>A symmetric n x n matrix known only through products (a Hessian-vector product).</summary>
    public static DerivativeMatrix FromProduct(int size, SymmetricProduct product)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(product);
        return new DerivativeMatrix(size, size, null, null, product);
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount { get; }

    /// <summary>How the matrix is stored.</summary>
    public DerivativeStorage Storage => _dense is not null ? DerivativeStorage.Dense : _sparse is not null ? DerivativeStorage.Sparse : DerivativeStorage.Product;

    /// <summary>y = M x.</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length, ColumnCount, RowCount);
        if (_sparse is not null) { _sparse.Apply(x, y); return; }
        if (_product is not null) { _product(x, y); return; }
        var a = _dense!;
        for (int i = 0; i < RowCount; i++)
        {
            double s = 0;
            for (int j = 0; j < ColumnCount; j++) s += a[i, j] * x[j];
            y[i] = s;
        }
    }

    /// <summary>y = M^T x.</summary>
    public void ApplyTranspose(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length, RowCount, ColumnCount);
        if (_sparse is not null) { _sparse.ApplyTranspose(x, y); return; }
        if (_product is not null) { _product(x, y); return; }
        var a = _dense!;
        for (int j = 0; j < ColumnCount; j++)
        {
            double s = 0;
            for (int i = 0; i < RowCount; i++) s += a[i, j] * x[i];
            y[j] = s;
        }
    }

    /// <summary>The matrix in CSR form (dense zeros dropped; a product-only matrix is formed from n products and symmetrised).</summary>
    public CsrMatrix ToCsr()
    {
        if (_csrCache is not null) return _csrCache;
        if (_dense is not null) return _csrCache = DenseToCsr(_dense);
        var coo = new CooMatrix(RowCount, ColumnCount, Math.Max(4, RowCount * 4));
        int n = RowCount;
        var e = new double[n];
        var column = new double[n];
        var full = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            e[j] = 1;
            _product!(e, column);
            e[j] = 0;
            for (int i = 0; i < n; i++) full[i, j] = column[i];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = 0.5 * (full[i, j] + full[j, i]);
                if (v != 0) AddFinite(coo, i, j, v);
            }
        _csrCache = coo.ToCsr();
        return _csrCache;
    }

    /// <summary>The matrix as a dense MathNet matrix (a copy unless it is stored dense).</summary>
    public Matrix<double> ToDense()
    {
        if (_dense is not null) return _dense;
        return ToCsr().ToMathNetDense();
    }

    /// <summary>Frobenius norm.</summary>
    public double FrobeniusNorm() => _dense is not null ? _dense.FrobeniusNorm() : ToCsr().FrobeniusNorm();

    /// <summary>True when every stored entry is finite (a product-only matrix is formed first).</summary>
    public bool IsFinite()
    {
        if (_dense is not null)
        {
            foreach (double v in _dense.Enumerate()) if (!double.IsFinite(v)) return false;
            return true;
        }
        try { ToCsr(); return true; }
        catch (ArgumentException) { return false; }
    }

    private static void AddFinite(CooMatrix coo, int i, int j, double v)
    {
        CheckFinite(i, j, v);
        coo.Add(i, j, v);
    }

    private static void CheckFinite(int i, int j, double v)
    {
        if (!double.IsFinite(v)) throw new ArgumentException($"Derivative entry ({i}, {j}) is {v}.", nameof(v));
    }

    /// <summary>
    /// The non-zero entries row by row straight into CSR arrays. The solvers convert a dense Hessian or Jacobian every
    /// iteration, where a COO detour (and, for a DenseMatrix, its indexer) cost more than the arithmetic that made
    /// the matrix; a DenseMatrix is read from its column-major storage.
    /// </summary>
    private static CsrMatrix DenseToCsr(Matrix<double> dense)
    {
        int rows = dense.RowCount, columns = dense.ColumnCount;
        var storage = dense is MathNet.Numerics.LinearAlgebra.Double.DenseMatrix stored ? stored.Values : dense.ToColumnMajorArray();
        int count = 0;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
            {
                double v = storage[j * rows + i];
                if (v == 0) continue;
                CheckFinite(i, j, v);
                count++;
            }
        var rowPointers = new int[rows + 1];
        var columnIndices = new int[count];
        var values = new double[count];
        count = 0;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double v = storage[j * rows + i];
                if (v == 0) continue;
                columnIndices[count] = j;
                values[count++] = v;
            }
            rowPointers[i + 1] = count;
        }
        return CsrMatrix.Wrap(rows, columns, rowPointers, columnIndices, values);
    }

    private static void CheckLengths(int xLength, int yLength, int expectedX, int expectedY)
    {
        if (xLength != expectedX) throw new ArgumentException($"Input vector has length {xLength}; expected {expectedX}.", "x");
        if (yLength != expectedY) throw new ArgumentException($"Output vector has length {yLength}; expected {expectedY}.", "y");
    }
}
