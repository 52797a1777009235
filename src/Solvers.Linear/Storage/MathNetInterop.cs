using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace Solvers.Linear.Storage;

/// <summary>Conversions between <see cref="CsrMatrix"/> and Math.NET Numerics matrices.</summary>
public static class MathNetInterop
{
    /// <summary>A Math.NET sparse (CSR-backed) copy of <paramref name="a"/>.</summary>
    public static SparseMatrix ToMathNetSparse(this CsrMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new SparseMatrix(a.RowCount, a.ColumnCount);
        var storage = (SparseCompressedRowMatrixStorage<double>)result.Storage;
        a.RowPointers.CopyTo(storage.RowPointers);
        storage.ColumnIndices = a.ColumnIndices.ToArray();
        storage.Values = a.Values.ToArray();
        return result;
    }

    /// <summary>A Math.NET dense copy of <paramref name="a"/> (for references and small problems).</summary>
    public static DenseMatrix ToMathNetDense(this CsrMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var dense = new DenseMatrix(a.RowCount, a.ColumnCount);
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        for (int i = 0; i < a.RowCount; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
                dense[i, ci[k]] = va[k];
        return dense;
    }

    /// <summary>
    /// CSR copy of any Math.NET matrix. Dense input keeps only the non-zero entries; sparse input keeps
    /// its stored pattern.
    /// </summary>
    public static CsrMatrix ToCsr(this Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var coo = new CooMatrix(matrix.RowCount, matrix.ColumnCount);
        foreach (var (i, j, v) in matrix.EnumerateIndexed(Zeros.AllowSkip))
            coo.Add(i, j, v);
        return coo.ToCsr();
    }
}
