using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Kernels;

public class SpMVTests
{
    /// <summary>Rows of every length from 0 to 20 exercise the short-row cases and the gathered long rows.</summary>
    private static CsrMatrix VariedRows(int seed)
    {
        var rng = new Random(seed);
        int n = 200;
        var coo = new CooMatrix(n, n + 7);
        for (int i = 0; i < n; i++)
        {
            int length = i % 21;
            foreach (int j in Enumerable.Range(0, n + 7).OrderBy(_ => rng.Next()).Take(length))
                coo.Add(i, j, 2 * rng.NextDouble() - 1);
        }
        return coo.ToCsr();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void VectorisedEqualsScalarReferenceAndDense(int seed)
    {
        var a = VariedRows(seed);
        var x = RandomMatrices.Vector(a.ColumnCount, seed + 10);
        var y = new double[a.RowCount];
        var reference = new double[a.RowCount];
        a.Apply(x, y);
        SpMV.MultiplyReference(a.RowPointers, a.ColumnIndices, a.Values, x, reference, 0, a.RowCount);
        Assert.True(RandomMatrices.MaxAbsDifference(y, reference) < 1e-13);
        var dense = a.ToMathNetDense() * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(x);
        Assert.True(RandomMatrices.MaxAbsDifference(y, dense.ToArray()) < 1e-13);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FusedProductAndDotEqualSeparateCalls(int seed)
    {
        var a = RandomMatrices.Sparse(301, 9, seed, i => 1 + i % 4, symmetric: false);
        var x = RandomMatrices.Vector(301, seed);
        var y = new double[301];
        var reference = new double[301];
        double dot = SpMV.MultiplyDot(a.RowPointers, a.ColumnIndices, a.Values, x, y);
        SpMV.MultiplyReference(a.RowPointers, a.ColumnIndices, a.Values, x, reference, 0, 301);
        Assert.True(RandomMatrices.MaxAbsDifference(y, reference) < 1e-13);
        Assert.Equal(reference.Zip(x, (u, v) => u * v).Sum(), dot, 10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void ParallelEqualsSerial(int threads)
    {
        var a = Linear.Generators.Poisson.TwoD(90);
        var x = RandomMatrices.Vector(a.ColumnCount, 5);
        var serial = new double[a.RowCount];
        var parallel = new double[a.RowCount];
        a.Apply(x, serial);
        a.ApplyParallel(x, parallel, threads);
        Assert.Equal(serial, parallel);
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(4_096)]
    public void InterleavedSweepOfLargeMatricesEqualsReference(int n)
    {
        // Above the interleave threshold the rows are swept as two lock-step halves; odd n leaves a tail row.
        var a = RandomMatrices.Sparse(n, 6, 17, i => 1 + i % 3, symmetric: false);
        var x = RandomMatrices.Vector(n, 18);
        var y = new double[n];
        var reference = new double[n];
        a.Apply(x, y);
        SpMV.MultiplyReference(a.RowPointers, a.ColumnIndices, a.Values, x, reference, 0, n);
        Assert.True(RandomMatrices.MaxAbsDifference(y, reference) < 1e-13);
        double dot = SpMV.MultiplyDot(a.RowPointers, a.ColumnIndices, a.Values, x, y);
        Assert.True(RandomMatrices.MaxAbsDifference(y, reference) < 1e-13);
        Assert.Equal(reference.Zip(x, (u, v) => u * v).Sum(), dot, 8);
    }

    [Fact]
    public void TransposeProductEqualsProductWithTranspose()
    {
        var a = VariedRows(4);
        var x = RandomMatrices.Vector(a.RowCount, 6);
        var y1 = new double[a.ColumnCount];
        var y2 = new double[a.ColumnCount];
        a.ApplyTranspose(x, y1);
        a.Transpose().Apply(x, y2);
        Assert.True(RandomMatrices.MaxAbsDifference(y1, y2) < 1e-13);
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        var a = Linear.Generators.Poisson.TwoD(3);
        var e = Assert.Throws<ArgumentException>(() => a.Apply(new double[8], new double[9]));
        Assert.Contains("length 8", e.Message);
        Assert.Throws<ArgumentException>(() => a.Apply(new double[9], new double[10]));
    }
}
