using System.Diagnostics;
using System.Globalization;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;
using Xunit.Abstractions;

namespace Solvers.Linear.Tests.IO;

public class MatrixMarketReadTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, int, bool> Matrices()
    {
        var data = new TheoryData<string, int, int, bool>();
        foreach (var (file, n, nnz, symmetric) in TestData.Matrices) data.Add(file, n, nnz, symmetric);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrices))]
    public void RealMatrix_SizeAndEntryCountMatchSources(string file, int n, int nonZerosFull, bool symmetric)
    {
        var a = TestData.Matrix(file);
        Assert.Equal(n, a.RowCount);
        Assert.Equal(n, a.ColumnCount);
        Assert.Equal(nonZerosFull, a.NonZeroCount);
        if (symmetric) Assert.Equal(0.0, a.SymmetryDefect());
        else Assert.False(a.IsSymmetric());
    }

    [Theory]
    [MemberData(nameof(Matrices))]
    public void RealMatrix_EntriesMatchNaiveReader(string file, int n, int nonZerosFull, bool symmetric)
    {
        var a = TestData.Matrix(file);
        // Every entry of the smaller files, every 17th of the larger ones (keeps the test fast).
        int stride = nonZerosFull > 50_000 ? 17 : 1;
        var sample = NaiveRead(TestData.File(file), stride, out int rows, out int columns, out bool symmetricFile);
        Assert.Equal(n, rows);
        Assert.Equal(n, columns);
        Assert.Equal(symmetric, symmetricFile);
        Assert.True(sample.Count > 200);
        foreach (var (i, j, v) in sample)
        {
            int k = a.IndexOf(i, j);
            Assert.True(k >= 0, $"({i}, {j}) missing");
            Assert.Equal(v, a.Values[k]);
            if (symmetric) Assert.Equal(v, a[j, i]);
        }
    }

    [Theory]
    [InlineData("1138_bus.mtx", 1, 1, 1474.779)]
    [InlineData("1138_bus.mtx", 5, 1, -9.017133)]
    [InlineData("1138_bus.mtx", 1, 5, -9.017133)]
    [InlineData("1138_bus.mtx", 1138, 1138, 117.647)]
    [InlineData("gr_30_30.mtx", 1, 1, 8.0)]
    [InlineData("gr_30_30.mtx", 1, 2, -1.0)]
    [InlineData("gr_30_30.mtx", 204, 233, -1.0)]
    [InlineData("gr_30_30.mtx", 1, 900, 0.0)]
    [InlineData("crystm01.mtx", 1, 4, 2.67641174364729e-14)]
    [InlineData("bcsstk25.mtx", 1, 2, -158169457.0316)]
    [InlineData("bcsstk25.mtx", 15439, 15439, 848171019.8635)]
    [InlineData("sherman5.mtx", 231, 232, -0.0002942284)]
    [InlineData("sherman5.mtx", 232, 231, 0.0)]
    [InlineData("hor_131.mtx", 1, 1, -0.00306716674)]
    [InlineData("hor_131.mtx", 3, 1, 5.90480263e-6)]
    public void RealMatrix_SpotEntries(string file, int row, int column, double value)
    {
        var a = TestData.Matrix(file);
        Assert.Equal(value, a[row - 1, column - 1]);
    }

    [Fact]
    public void ExplicitZerosInCoordinateFileAreKept()
    {
        var a = TestData.Matrix("hor_131.mtx");
        int k = a.IndexOf(423, 102); // "424 103 0"
        Assert.True(k >= 0);
        Assert.Equal(0.0, a.Values[k]);
    }

    [Fact]
    public void Header_OfRealFile()
    {
        var h = MatrixMarket.ReadHeader(TestData.File("bcsstk25.mtx"));
        Assert.Equal(MatrixMarketFormat.Coordinate, h.Format);
        Assert.Equal(MatrixMarketField.Real, h.Field);
        Assert.Equal(MatrixMarketSymmetry.Symmetric, h.Symmetry);
        Assert.Equal(15439, h.RowCount);
        Assert.Equal(15439, h.ColumnCount);
        Assert.Equal(133840, h.EntryCount);
        Assert.Equal(14, h.SizeLineNumber);
        Assert.Equal(12, h.Comments.Count);
        Assert.Equal(" name: HB/bcsstk25", h.Comments[3]);

        var g = MatrixMarket.ReadHeader(TestData.File("gr_30_30.mtx"));
        Assert.Equal(MatrixMarketField.Integer, g.Field);
        Assert.Empty(g.Comments);
    }

    [Fact]
    public void Bcsstk25_LoadsCompletely()
    {
        // The read time is logged, not asserted: speed lives in the benchmarks, not in timed tests.
        string path = TestData.File("bcsstk25.mtx");
        var watch = Stopwatch.StartNew();
        var a = MatrixMarket.ReadMatrix(path);
        watch.Stop();
        output.WriteLine($"bcsstk25 ({a}) read in {watch.Elapsed.TotalMilliseconds:F1} ms (first call, JIT included)");
        Assert.Equal(15439, a.RowCount);
        Assert.Equal(252241, a.NonZeroCount);
        Assert.Equal(0, a.SymmetryDefect());   // the file stores one triangle; both come back
    }

    [Fact]
    public void Pattern_EntriesReadAsOne()
    {
        var a = Read("""
            %%MatrixMarket matrix coordinate pattern general
            3 4 3
            1 1
            2 4
            3 2
            """);
        Assert.Equal(3, a.RowCount);
        Assert.Equal(4, a.ColumnCount);
        Assert.Equal(3, a.NonZeroCount);
        Assert.Equal(1.0, a[0, 0]);
        Assert.Equal(1.0, a[1, 3]);
        Assert.Equal(1.0, a[2, 1]);
    }

    [Fact]
    public void PatternSymmetric_Mirrored()
    {
        var a = Read("%%MatrixMarket matrix coordinate pattern symmetric\n3 3 3\n1 1\n3 1\n3 2\n");
        Assert.Equal(5, a.NonZeroCount);
        Assert.Equal(1.0, a[0, 2]);
        Assert.Equal(1.0, a[1, 2]);
        Assert.Equal(0.0, a.SymmetryDefect());
    }

    [Fact]
    public void SkewSymmetric_MirroredNegated()
    {
        var a = Read("%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1.5\n3 2 -4\n");
        Assert.Equal(4, a.NonZeroCount);
        Assert.Equal(1.5, a[1, 0]);
        Assert.Equal(-1.5, a[0, 1]);
        Assert.Equal(-4.0, a[2, 1]);
        Assert.Equal(4.0, a[1, 2]);
        Assert.Equal(0.0, a[0, 0]);
    }

    [Fact]
    public void Integer_ValuesParsed()
    {
        var a = Read("%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 -7\n2 2 +12\n");
        Assert.Equal(-7.0, a[0, 0]);
        Assert.Equal(12.0, a[1, 1]);
    }

    [Fact]
    public void Symmetric_EntriesFromBothTrianglesAreMirroredAndSummed()
    {
        // (1,2) in the upper triangle is accepted and mirrored; (2,1) repeats the position and is summed.
        var a = Read("%%MatrixMarket matrix coordinate real symmetric\n2 2 3\n1 2 1.0\n2 1 2.0\n2 2 5\n");
        Assert.Equal(3.0, a[0, 1]);
        Assert.Equal(3.0, a[1, 0]);
        Assert.Equal(5.0, a[1, 1]);
        Assert.Equal(3, a.NonZeroCount);
    }

    [Fact]
    public void General_DuplicatesSummed()
    {
        var a = Read("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 2 1.0\n1 2 2.5\n2 1 1\n");
        Assert.Equal(3.5, a[0, 1]);
        Assert.Equal(2, a.NonZeroCount);
    }

    [Fact]
    public void ArrayGeneral_ColumnMajorZerosDropped()
    {
        var a = Read("%%MatrixMarket matrix array real general\n2 3\n1\n4\n2\n0\n3\n6\n");
        Assert.Equal(2, a.RowCount);
        Assert.Equal(3, a.ColumnCount);
        double[,] expected = { { 1, 2, 3 }, { 4, 0, 6 } };
        AssertDense(expected, a);
        Assert.Equal(5, a.NonZeroCount);
    }

    [Fact]
    public void ArraySymmetric_LowerTriangleColumnMajor()
    {
        // Columns of the lower triangle: (1,1) (2,1) (3,1) | (2,2) (3,2) | (3,3)
        var a = Read("%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n");
        double[,] expected = { { 1, 2, 3 }, { 2, 4, 5 }, { 3, 5, 6 } };
        AssertDense(expected, a);
    }

    [Fact]
    public void ArraySkewSymmetric_StrictlyLowerTriangle()
    {
        var a = Read("%%MatrixMarket matrix array real skew-symmetric\n3 3\n1\n2\n3\n");
        double[,] expected = { { 0, -1, -2 }, { 1, 0, -3 }, { 2, 3, 0 } };
        AssertDense(expected, a);
    }

    [Fact]
    public void ArrayInteger()
    {
        var a = Read("%%MatrixMarket matrix array integer general\n2 1\n-3\n5\n");
        Assert.Equal(-3.0, a[0, 0]);
        Assert.Equal(5.0, a[1, 0]);
    }

    [Fact]
    public void CommentsBlankLinesCaseAndLineEndings()
    {
        string text = "%%matrixmarket MATRIX Coordinate Real General\r\n% a comment\r\n\r\n%another\r\n  \r\n2 2 2\r\n\r\n1 1 1e0\r\n\t 2   2\t-.5  \r\n\r\n";
        var a = Read(text);
        Assert.Equal(1.0, a[0, 0]);
        Assert.Equal(-0.5, a[1, 1]);
        var h = MatrixMarket.ReadHeader(new StringReader(text));
        Assert.Equal(new[] { " a comment", "another" }, h.Comments);
        Assert.Equal(6, h.SizeLineNumber);

        // Old-Mac line ends (CR only) and no final newline.
        var b = Read("%%MatrixMarket matrix coordinate real general\r2 2 1\r2 1 3.25");
        Assert.Equal(3.25, b[1, 0]);
    }

    [Fact]
    public void EmptyMatrix()
    {
        var a = Read("%%MatrixMarket matrix coordinate real general\n0 0 0\n");
        Assert.Equal(0, a.RowCount);
        Assert.Equal(0, a.NonZeroCount);
        var b = Read("%%MatrixMarket matrix coordinate real general\n3 2 0\n");
        Assert.Equal(3, b.RowCount);
        Assert.Equal(2, b.ColumnCount);
        Assert.Equal(0, b.NonZeroCount);
    }

    [Fact]
    public void LongLines_SpanningBufferBoundaries()
    {
        // Many entries, a long comment and a long run of padding force several buffer refills and growth.
        var text = new System.Text.StringBuilder();
        text.Append("%%MatrixMarket matrix coordinate real general\n%").Append('x', 200_000).Append('\n');
        int n = 20_000;
        text.Append(CultureInfo.InvariantCulture, $"{n} {n} {n}\n");
        for (int i = 1; i <= n; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i} {n + 1 - i}{new string(' ', i % 7)} {i * 0.5}\r\n");
        var a = Read(text.ToString());
        Assert.Equal(n, a.NonZeroCount);
        for (int i = 0; i < n; i++) Assert.Equal((i + 1) * 0.5, a[i, n - 1 - i]);
    }

    [Fact]
    public void Vector_FromColumnRowAndCoordinate()
    {
        Assert.Equal(new[] { 1.0, 0.0, -2.5 }, MatrixMarket.ReadVector(new StringReader("%%MatrixMarket matrix array real general\n3 1\n1\n0\n-2.5\n")));
        Assert.Equal(new[] { 1.0, 0.0, -2.5 }, MatrixMarket.ReadVector(new StringReader("%%MatrixMarket matrix array real general\n1 3\n1\n0\n-2.5\n")));
        Assert.Equal(new[] { 0.0, 7.0, 0.0, 1.0 }, MatrixMarket.ReadVector(new StringReader("%%MatrixMarket matrix coordinate real general\n4 1 2\n4 1 1\n2 1 7\n")));
        Assert.Equal(new[] { 0.0, 7.0, 0.0 }, MatrixMarket.ReadVector(new StringReader("%%MatrixMarket matrix coordinate integer general\n1 3 1\n1 2 7\n")));
        Assert.Empty(MatrixMarket.ReadVector(new StringReader("%%MatrixMarket matrix array real general\n0 1\n")));
    }

    internal static CsrMatrix Read(string text) => MatrixMarket.ReadMatrix(new StringReader(text), "test.mtx");

    internal static void AssertDense(double[,] expected, CsrMatrix a)
    {
        Assert.Equal(expected.GetLength(0), a.RowCount);
        Assert.Equal(expected.GetLength(1), a.ColumnCount);
        for (int i = 0; i < a.RowCount; i++)
            for (int j = 0; j < a.ColumnCount; j++)
                Assert.Equal(expected[i, j], a[i, j]);
    }

    /// <summary>
    /// An independent, deliberately simple reader (ReadAllLines, string.Split) of coordinate files that returns
    /// every <paramref name="stride"/>-th entry line as 0-based (i, j, value). These files list each
    /// position once, so no summing is needed.
    /// </summary>
    private static List<(int I, int J, double V)> NaiveRead(string path, int stride, out int rows, out int columns, out bool symmetric)
    {
        var lines = File.ReadAllLines(path);
        symmetric = lines[0].Split(' ')[^1] == "symmetric";
        var data = lines.Skip(1).Where(l => !l.StartsWith('%') && l.Trim().Length > 0).ToArray();
        var size = data[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        rows = size[0];
        columns = size[1];
        Assert.Equal(size[2], data.Length - 1);
        var entries = new List<(int, int, double)>();
        for (int line = 1; line < data.Length; line++)
        {
            if (line % stride != 0 && line != data.Length - 1) continue;
            var parts = data[line].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            entries.Add((int.Parse(parts[0], CultureInfo.InvariantCulture) - 1, int.Parse(parts[1], CultureInfo.InvariantCulture) - 1,
                double.Parse(parts[2], CultureInfo.InvariantCulture)));
        }
        return entries;
    }
}
