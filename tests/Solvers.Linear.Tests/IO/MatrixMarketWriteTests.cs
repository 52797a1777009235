using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.IO;

public class MatrixMarketWriteTests
{
    [Theory]
    [InlineData("sherman5.mtx")]
    [InlineData("hor_131.mtx")]
    [InlineData("1138_bus.mtx")]
    public void CoordinateGeneral_RoundTripIsExact(string file)
    {
        var a = TestData.Matrix(file);
        var b = RoundTrip(a, MatrixMarketSymmetry.General, MatrixMarketFormat.Coordinate, out string text);
        AssertIdentical(a, b);
        Assert.StartsWith("%%MatrixMarket matrix coordinate real general\n", text);
    }

    [Theory]
    [InlineData("1138_bus.mtx")]
    [InlineData("gr_30_30.mtx")]
    [InlineData("bcsstk25.mtx")]
    public void CoordinateSymmetric_WritesLowerTriangleAndRoundTrips(string file)
    {
        var header = MatrixMarket.ReadHeader(TestData.File(file));
        var a = TestData.Matrix(file);
        var b = RoundTrip(a, MatrixMarketSymmetry.Symmetric, MatrixMarketFormat.Coordinate, out string text);
        AssertIdentical(a, b);
        var written = MatrixMarket.ReadHeader(new StringReader(text));
        Assert.Equal(MatrixMarketSymmetry.Symmetric, written.Symmetry);
        Assert.Equal(header.EntryCount, written.EntryCount);
    }

    [Fact]
    public void RandomValues_RoundTripBitForBit()
    {
        var random = new Random(20260101);
        var coo = new CooMatrix(40, 30);
        var used = new HashSet<(int, int)>();
        for (int k = 0; k < 400; k++)
        {
            var position = (random.Next(40), random.Next(30));
            if (!used.Add(position)) continue; // distinct positions: no summing, no overflow
            double v;
            do v = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            while (!double.IsFinite(v));
            coo.Add(position.Item1, position.Item2, k % 10 == 0 ? -0.0 : k % 10 == 1 ? double.Epsilon : v);
        }
        var a = coo.ToCsr();
        AssertIdentical(a, RoundTrip(a, MatrixMarketSymmetry.General, MatrixMarketFormat.Coordinate, out _));
        AssertSameEntries(a, RoundTrip(a, MatrixMarketSymmetry.General, MatrixMarketFormat.Array, out _));
    }

    [Fact]
    public void ArrayGeneral_RoundTripsEntryByEntry()
    {
        var a = RandomSparse(7, 5, 0.5, seed: 1, symmetric: false);
        var b = RoundTrip(a, MatrixMarketSymmetry.General, MatrixMarketFormat.Array, out string text);
        AssertSameEntries(a, b);
        var header = MatrixMarket.ReadHeader(new StringReader(text));
        Assert.Equal(MatrixMarketFormat.Array, header.Format);
        Assert.Equal(35, header.EntryCount);
    }

    [Fact]
    public void ArraySymmetric_RoundTripsEntryByEntry()
    {
        var a = RandomSparse(9, 9, 0.4, seed: 2, symmetric: true);
        var b = RoundTrip(a, MatrixMarketSymmetry.Symmetric, MatrixMarketFormat.Array, out string text);
        AssertSameEntries(a, b);
        Assert.Equal(45, MatrixMarket.ReadHeader(new StringReader(text)).EntryCount);
    }

    [Fact]
    public void ArrayOfRealMatrix_RoundTripsEntryByEntry()
    {
        var a = TestData.Matrix("hor_131.mtx");
        AssertSameEntries(a, RoundTrip(a, MatrixMarketSymmetry.General, MatrixMarketFormat.Array, out _));
    }

    [Theory]
    [InlineData(MatrixMarketFormat.Coordinate)]
    [InlineData(MatrixMarketFormat.Array)]
    public void SkewSymmetric_RoundTrips(MatrixMarketFormat format)
    {
        var coo = new CooMatrix(4, 4);
        coo.Add(1, 0, 2.5);
        coo.Add(0, 1, -2.5);
        coo.Add(3, 1, -1e-300);
        coo.Add(1, 3, 1e-300);
        coo.Add(2, 2, 0.0); // explicit zero on the diagonal is allowed and not written
        var a = coo.ToCsr();
        var b = RoundTrip(a, MatrixMarketSymmetry.SkewSymmetric, format, out string text);
        AssertSameEntries(a, b);
        Assert.Contains("skew-symmetric", text);
    }

    [Fact]
    public void Symmetric_RejectsNonSymmetricMatrix()
    {
        var a = TestData.Matrix("hor_131.mtx");
        var ex = Assert.Throws<ArgumentException>(() => MatrixMarket.WriteMatrix(new StringWriter(), a, MatrixMarketSymmetry.Symmetric));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("not symmetric", ex.Message);

        var coo = new CooMatrix(2, 2);
        coo.Add(0, 1, 1.0);
        coo.Add(1, 0, 1.0 + 1e-15);
        Assert.Throws<ArgumentException>(() => MatrixMarket.WriteMatrix(new StringWriter(), coo.ToCsr(), MatrixMarketSymmetry.Symmetric));
    }

    [Fact]
    public void SymmetricAndSkew_RejectNonSquareAndBadDiagonal()
    {
        var rect = new CooMatrix(2, 3).ToCsr();
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => MatrixMarket.WriteMatrix(new StringWriter(), rect, MatrixMarketSymmetry.Symmetric)).Message);
        var coo = new CooMatrix(2, 2);
        coo.Add(0, 0, 1.0);
        var ex = Assert.Throws<ArgumentException>(() => MatrixMarket.WriteMatrix(new StringWriter(), coo.ToCsr(), MatrixMarketSymmetry.SkewSymmetric, MatrixMarketFormat.Array));
        Assert.Contains("diagonal", ex.Message);
    }

    [Fact]
    public void FailedWriteToPath_LeavesNoFile()
    {
        string dir = Directory.CreateTempSubdirectory("mm-write").FullName;
        try
        {
            string path = Path.Combine(dir, "x.mtx");
            var a = TestData.Matrix("sherman5.mtx");
            Assert.Throws<ArgumentException>(() => MatrixMarket.WriteMatrix(path, a, MatrixMarketSymmetry.Symmetric));
            Assert.False(File.Exists(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PathOverloads_RoundTrip()
    {
        string dir = Directory.CreateTempSubdirectory("mm-write").FullName;
        try
        {
            var a = TestData.Matrix("1138_bus.mtx");
            string path = Path.Combine(dir, "a.mtx");
            MatrixMarket.WriteMatrix(path, a, MatrixMarketSymmetry.Symmetric, comment: "1138_bus\nwritten by a test");
            AssertIdentical(a, MatrixMarket.ReadMatrix(path));
            var header = MatrixMarket.ReadHeader(path);
            Assert.Equal(new[] { " 1138_bus", " written by a test" }, header.Comments);

            double[] v = [1.0, -0.0, 3.5e-310, -1.7976931348623157e308, 0.1];
            string vpath = Path.Combine(dir, "v.mtx");
            MatrixMarket.WriteVector(vpath, v);
            AssertBits(v, MatrixMarket.ReadVector(vpath));
            Assert.False(File.ReadAllBytes(vpath).Contains((byte)'\r'));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Vector_WrittenAsColumnArray_RoundTripsBitForBit()
    {
        var random = new Random(7);
        var v = new double[257];
        for (int i = 0; i < v.Length; i++) v[i] = i % 5 == 0 ? 0.0 : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300));
        var writer = new StringWriter();
        MatrixMarket.WriteVector(writer, v, "rhs");
        string text = writer.ToString();
        Assert.StartsWith("%%MatrixMarket matrix array real general\n% rhs\n257 1\n", text);
        AssertBits(v, MatrixMarket.ReadVector(new StringReader(text)));

        // The same file read as a matrix is a 257 x 1 column (zeros not stored).
        var a = MatrixMarket.ReadMatrix(new StringReader(text));
        Assert.Equal(257, a.RowCount);
        Assert.Equal(1, a.ColumnCount);
        for (int i = 0; i < v.Length; i++) Assert.Equal(v[i], a[i, 0]);

        var empty = new StringWriter();
        MatrixMarket.WriteVector(empty, ReadOnlySpan<double>.Empty);
        Assert.Empty(MatrixMarket.ReadVector(new StringReader(empty.ToString())));
    }

    [Fact]
    public void Vector_RejectsNonFinite()
    {
        var ex = Assert.Throws<ArgumentException>(() => MatrixMarket.WriteVector(new StringWriter(), new[] { 1.0, double.NaN }));
        Assert.Equal("v", ex.ParamName);
        Assert.Contains("Element 1", ex.Message);
    }

    [Fact]
    public void WrittenNumbersAreInvariantAndShortest()
    {
        var coo = new CooMatrix(2, 2);
        coo.Add(0, 0, 0.1);
        coo.Add(1, 0, -2.0);
        coo.Add(1, 1, 1e-20);
        var writer = new StringWriter();
        MatrixMarket.WriteMatrix(writer, coo.ToCsr(), comment: "test");
        Assert.Equal("%%MatrixMarket matrix coordinate real general\n% test\n2 2 3\n1 1 0.1\n2 1 -2\n2 2 1E-20\n", writer.ToString());
    }

    private static CsrMatrix RoundTrip(CsrMatrix a, MatrixMarketSymmetry symmetry, MatrixMarketFormat format, out string text)
    {
        var writer = new StringWriter();
        MatrixMarket.WriteMatrix(writer, a, symmetry, format);
        text = writer.ToString();
        return MatrixMarket.ReadMatrix(new StringReader(text));
    }

    private static CsrMatrix RandomSparse(int rows, int columns, double density, int seed, bool symmetric)
    {
        var random = new Random(seed);
        var coo = new CooMatrix(rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = symmetric ? i : 0; j < columns; j++)
            {
                if (random.NextDouble() > density) continue;
                double v = random.NextDouble() * 200 - 100;
                coo.Add(i, j, v);
                if (symmetric && i != j) coo.Add(j, i, v);
            }
        return coo.ToCsr();
    }

    /// <summary>Same pattern and bit-identical values.</summary>
    private static void AssertIdentical(CsrMatrix expected, CsrMatrix actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        Assert.True(expected.RowPointers.SequenceEqual(actual.RowPointers), "row pointers differ");
        Assert.True(expected.ColumnIndices.SequenceEqual(actual.ColumnIndices), "column indices differ");
        AssertBits(expected.Values.ToArray(), actual.Values.ToArray());
    }

    /// <summary>Same value at every position (dense comparison; explicit zeros and missing entries are alike).</summary>
    private static void AssertSameEntries(CsrMatrix expected, CsrMatrix actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        for (int i = 0; i < expected.RowCount; i++)
            for (int j = 0; j < expected.ColumnCount; j++)
                Assert.True(expected[i, j] == actual[i, j], $"({i}, {j}): {expected[i, j]:R} vs {actual[i, j]:R}");
    }

    private static void AssertBits(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[k]) == BitConverter.DoubleToInt64Bits(actual[k]),
                $"element {k}: {expected[k]:R} vs {actual[k]:R}");
    }
}
