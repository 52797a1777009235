using Solvers.Linear.IO;

namespace Solvers.Linear.Tests.IO;

public class MatrixMarketErrorTests
{
    private const string General = "%%MatrixMarket matrix coordinate real general\n";
    private const string Symmetric = "%%MatrixMarket matrix coordinate real symmetric\n";

    public static TheoryData<string, string, int, string> Cases() => new()
    {
        // name, input, expected line, key phrase of the message
        { "empty input", "", 1, "empty input: missing %%MatrixMarket banner" },
        { "no banner", "3 3 1\n1 1 1\n", 1, "missing %%MatrixMarket banner" },
        { "banner misspelt", "%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n", 1, "missing %%MatrixMarket banner" },
        { "banner too short", "%%MatrixMarket matrix coordinate real\n1 1 1\n1 1 1\n", 1, "banner must have 4 words" },
        { "banner too long", "%%MatrixMarket matrix coordinate real general extra\n1 1 1\n1 1 1\n", 1, "found 5" },
        { "unknown object", "%%MatrixMarket vector coordinate real general\n1 1 1\n1 1 1\n", 1, "unknown object 'vector'" },
        { "unknown format", "%%MatrixMarket matrix sparse real general\n1 1 1\n1 1 1\n", 1, "unknown format 'sparse'" },
        { "unknown field", "%%MatrixMarket matrix coordinate float general\n1 1 1\n1 1 1\n", 1, "unknown field 'float'" },
        { "complex field", "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", 1, "complex field is not supported" },
        { "unknown symmetry", "%%MatrixMarket matrix coordinate real upper\n1 1 1\n1 1 1\n", 1, "unknown symmetry 'upper'" },
        { "hermitian", "%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n", 1, "hermitian symmetry applies to complex" },
        { "pattern array", "%%MatrixMarket matrix array pattern general\n1 1\n1\n", 1, "pattern field is only valid with the coordinate format" },
        { "missing size line", General + "% comment\n\n", 4, "missing size line" },
        { "size line too short", General + "3 3\n1 1 1\n", 2, "size line must have 3 integers" },
        { "size line too long (array)", "%%MatrixMarket matrix array real general\n3 1 3\n1\n2\n3\n", 2, "size line must have 2 integers" },
        { "size not an integer", General + "3 x 1\n1 1 1\n", 2, "column count 'x' is not an integer" },
        { "size decimal", General + "3 3 1.0\n1 1 1\n", 2, "entry count '1.0' is not an integer" },
        { "negative rows", General + "-3 3 1\n1 1 1\n", 2, "row count -3 is negative" },
        { "negative entries", General + "3 3 -1\n", 2, "entry count -1 is negative" },
        { "rows too large", General + "99999999999 3 1\n1 1 1\n", 2, "row count 99999999999 is too large" },
        { "too many entries for size", General + "2 2 5\n1 1 1\n", 2, "declared 5 entries but a 2 x 2 matrix has only 4 positions" },
        { "symmetric not square", Symmetric + "3 4 1\n1 1 1\n", 2, "symmetric matrix must be square, but the size line says 3 x 4" },
        { "entry too few values", General + "% c\n3 3 2\n1 1 1\n2 2\n", 5, "entry must have 3 values (row column value), found 2" },
        { "entry too many values", General + "3 3 2\n1 1 1\n2 2 1 7\n", 4, "entry must have 3 values (row column value), found 4" },
        { "pattern entry with value", "%%MatrixMarket matrix coordinate pattern general\n3 3 1\n1 1 1\n", 3, "pattern entry must have 2 values (row column), found 3" },
        { "value not a number", General + "3 3 1\n1 1 abc\n", 3, "value 'abc' is not a number" },
        { "value with comma", General + "3 3 1\n1 1 1,5\n", 3, "value '1,5' is not a number" },
        { "index not an integer", General + "3 3 1\n1.5 1 1\n", 3, "row index '1.5' is not an integer" },
        { "row index too large", General + "3 3 1\n4 1 1\n", 3, "row index 4 out of range [1, 3]" },
        { "column index zero", General + "3 3 1\n1 0 1\n", 3, "column index 0 out of range [1, 3]" },
        { "negative index", General + "3 3 1\n-1 1 1\n", 3, "row index -1 out of range [1, 3]" },
        { "index overflows int", General + "3 3 1\n1 99999999999 1\n", 3, "column index '99999999999' out of range [1, 3]" },
        { "NaN value", General + "3 3 2\n1 1 1\n2 2 NaN\n", 4, "value 'NaN' is NaN" },
        { "infinite value", General + "3 3 1\n1 1 -Infinity\n", 3, "is infinite" },
        { "overflowing value", General + "3 3 1\n1 1 1e999\n", 3, "value '1e999' is infinite or overflows a double" },
        { "integer field with fraction", "%%MatrixMarket matrix coordinate integer general\n3 3 1\n1 1 1.5\n", 3, "value '1.5' is not an integer" },
        { "skew diagonal", "%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1\n2 2 1\n", 4, "skew-symmetric matrix has a diagonal entry at (2, 2)" },
        { "truncated", General + "3 3 4\n1 1 1\n2 2 2\n", 5, "truncated: expected 4 entries, found 2" },
        { "truncated, trailing blanks", General + "3 3 4\n1 1 1\n2 2 2\n\n\n", 7, "truncated: expected 4 entries, found 2" },
        { "truncated mid-line", General + "3 3 2\n1 1 1\n2 2", 4, "entry must have 3 values (row column value), found 2" },
        { "more entries than declared", General + "3 3 2\n1 1 1\n2 2 2\n\n3 3 3\n3 2 1\n", 6, "more entries than the 2 declared by the size line (line 2)" },
        { "duplicates overflow", General + "3 3 3\n1 1 1e308\n2 2 1\n1 1 1e308\n", 5, "repeated entries at (1, 1) sum to Infinity" },
        { "symmetric mirror overflows", Symmetric + "3 3 2\n2 1 -1e308\n1 2 -1e308\n\n", 4, "repeated entries at (1, 2) sum to -Infinity" },
        { "comment after size line", General + "3 3 2\n1 1 1\n% late comment\n2 2 2\n", 4, "comment line after the size line" },
        { "array two values on a line", "%%MatrixMarket matrix array real general\n2 2\n1 2\n3\n4\n", 3, "array entry must be a single value, found 2 values" },
        { "array truncated", "%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n", 7, "truncated: expected 6 entries, found 4" },
        { "array too many", "%%MatrixMarket matrix array real general\n1 2\n1\n2\n3\n", 5, "more entries than the 2 declared" },
        { "array NaN", "%%MatrixMarket matrix array real general\n2 1\n1\nnan\n", 4, "is NaN" },
        { "array integer not integer", "%%MatrixMarket matrix array integer general\n2 1\n1\n2.5\n", 4, "not an integer" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedInput_RaisesLineNumberedError(string name, string text, int line, string phrase)
    {
        var ex = Assert.Throws<MatrixMarketException>(() => MatrixMarket.ReadMatrix(new StringReader(text), "test.mtx"));
        Assert.True(line == ex.LineNumber, $"{name}: expected line {line}, got {ex.LineNumber}: {ex.Message}");
        Assert.Contains(phrase, ex.Message);
        Assert.StartsWith($"test.mtx line {line}: ", ex.Message);
        Assert.Equal("test.mtx", ex.SourceName);
        Assert.Equal(ex.Message, $"test.mtx line {line}: {ex.Reason}");
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Fact]
    public void MessageWithoutSourceName()
    {
        var ex = Assert.Throws<MatrixMarketException>(() => MatrixMarket.ReadMatrix(new StringReader(General + "3 3 1\n1 0 1\n")));
        Assert.Equal("line 3: column index 0 out of range [1, 3]", ex.Message);
        Assert.Null(ex.SourceName);
    }

    [Fact]
    public void ErrorFromFileNamesTheFile()
    {
        string dir = Directory.CreateTempSubdirectory("mm-error").FullName;
        try
        {
            string path = Path.Combine(dir, "bad.mtx");
            File.WriteAllText(path, Symmetric + "% c\n5 5 2\n1 1 1\n6 1 2\n");
            var ex = Assert.Throws<MatrixMarketException>(() => MatrixMarket.ReadMatrix(path));
            Assert.Equal("bad.mtx line 5: row index 6 out of range [1, 5]", ex.Message);
            Assert.Equal("bad.mtx", ex.SourceName);
            Assert.Equal(5, ex.LineNumber);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RealFileWithCorruptedEntry_NamesLine()
    {
        // Line 17 of bcsstk25.mtx (the 3rd entry) gets column 0.
        var lines = File.ReadAllLines(TestData.File("bcsstk25.mtx"));
        var parts = lines[16].Split(' ');
        parts[1] = "0";
        lines[16] = string.Join(' ', parts);
        var ex = Assert.Throws<MatrixMarketException>(() => MatrixMarket.ReadMatrix(new StringReader(string.Join('\n', lines)), "bcsstk25.mtx"));
        Assert.Equal("bcsstk25.mtx line 17: column index 0 out of range [1, 15439]", ex.Message);
    }

    [Fact]
    public void RealFileTruncated_NamesLineAfterLast()
    {
        var lines = File.ReadAllLines(TestData.File("gr_30_30.mtx")).Take(102).ToArray(); // banner, size, 100 entries
        var ex = Assert.Throws<MatrixMarketException>(() => MatrixMarket.ReadMatrix(new StringReader(string.Join('\n', lines) + "\n"), "gr_30_30.mtx"));
        Assert.Equal("gr_30_30.mtx line 103: truncated: expected 4322 entries, found 100", ex.Message);
    }

    [Fact]
    public void Vector_NotAVector()
    {
        var ex = Assert.Throws<MatrixMarketException>(() => MatrixMarket.ReadVector(new StringReader("%%MatrixMarket matrix array real general\n% c\n2 2\n1\n2\n3\n4\n"), "v.mtx"));
        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("expected a vector (n x 1 or 1 x n), found a 2 x 2 matrix", ex.Message);
    }

    [Fact]
    public void Vector_MalformedEntry()
    {
        var ex = Assert.Throws<MatrixMarketException>(() => MatrixMarket.ReadVector(new StringReader("%%MatrixMarket matrix array real general\n3 1\n1\nInfinity\n3\n")));
        Assert.Equal(4, ex.LineNumber);
        Assert.Contains("infinite", ex.Message);
    }

    [Fact]
    public void Header_ErrorsToo()
    {
        var ex = Assert.Throws<MatrixMarketException>(() => MatrixMarket.ReadHeader(new StringReader(General + "3 -3 1\n")));
        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("column count -3 is negative", ex.Message);
    }
}
