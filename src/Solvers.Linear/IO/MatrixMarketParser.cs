using System.Buffers;
using System.Globalization;
using Solvers.Linear.Storage;

namespace Solvers.Linear.IO;

/// <summary>
/// Reads the header and entries of one Matrix Market input, validating every line. Each problem raises a
/// <see cref="MatrixMarketException"/> naming the line; entries are assembled in a <see cref="CooMatrix"/>
/// and a matrix is handed out only once the whole input has been read and checked.
/// </summary>
internal sealed class MatrixMarketParser
{
    private const string Banner = "%%MatrixMarket";
    private const int MaxInitialCapacity = 1 << 22;
    private static readonly SearchValues<char> Blanks = SearchValues.Create(" \t\f\v");

    private readonly LineReader _lines;
    private readonly string? _sourceName;
    private long _lastEntryLine;

    public MatrixMarketParser(TextReader reader, string? sourceName)
    {
        _lines = new LineReader(reader, sourceName);
        _sourceName = sourceName;
    }

    /// <summary>Reads the banner, the comment block and the size line.</summary>
    public MatrixMarketHeader ReadHeader()
    {
        Span<Range> t = stackalloc Range[8];
        if (!_lines.TryReadLine(out var line))
            throw ErrorAtNextLine("empty input: missing %%MatrixMarket banner");
        int count = Tokenize(line, t);
        if (count == 0 || !line[t[0]].Equals(Banner, StringComparison.OrdinalIgnoreCase))
            throw Error($"missing %%MatrixMarket banner; the first line is {Show(line)}");
        if (count != 5)
            throw Error($"banner must have 4 words after %%MatrixMarket (object format field symmetry), found {count - 1}");

        var obj = line[t[1]];
        if (!obj.Equals("matrix", StringComparison.OrdinalIgnoreCase))
            throw Error($"unknown object {Show(obj)} in the banner; only 'matrix' is supported");
        var format = ParseFormat(line[t[2]]);
        var field = ParseField(line[t[3]]);
        var symmetry = ParseSymmetry(line[t[4]]);
        if (field == MatrixMarketField.Pattern && format == MatrixMarketFormat.Array)
            throw Error("the pattern field is only valid with the coordinate format, not array");

        var comments = new List<string>();
        while (true)
        {
            if (!_lines.TryReadLine(out line))
                throw ErrorAtNextLine("missing size line: the input ends after the header");
            count = Tokenize(line, t);
            if (count == 0) continue;
            if (line[t[0].Start] == '%')
            {
                var text = line[t[0].Start..];
                comments.Add(text[1..].ToString());
                continue;
            }
            break;
        }

        long sizeLine = _lines.LineNumber;
        int expectedCount = format == MatrixMarketFormat.Coordinate ? 3 : 2;
        if (count != expectedCount)
            throw Error(format == MatrixMarketFormat.Coordinate
                ? $"size line must have 3 integers (rows columns entries), found {count} values"
                : $"size line must have 2 integers (rows columns) for the array format, found {count} values");
        int rows = ParseDimension(line[t[0]], "row count");
        int columns = ParseDimension(line[t[1]], "column count");
        if (symmetry != MatrixMarketSymmetry.General && rows != columns)
            throw Error($"a {SymmetryName(symmetry)} matrix must be square, but the size line says {rows} x {columns}");

        long positions = (long)rows * columns;
        long entries;
        if (format == MatrixMarketFormat.Coordinate)
        {
            entries = ParseSize(line[t[2]], "entry count");
            if (entries > positions)
                throw Error($"declared {entries} entries but a {rows} x {columns} matrix has only {positions} positions");
            long limit = symmetry == MatrixMarketSymmetry.General ? Array.MaxLength : Array.MaxLength / 2;
            if (entries > limit)
                throw Error($"declared {entries} entries; this reader supports at most {limit}");
        }
        else
        {
            long n = rows;
            entries = symmetry switch
            {
                MatrixMarketSymmetry.Symmetric => n * (n + 1) / 2,
                MatrixMarketSymmetry.SkewSymmetric => n * (n - 1) / 2,
                _ => positions,
            };
        }

        return new MatrixMarketHeader(format, field, symmetry, rows, columns, entries)
        {
            Comments = comments,
            SizeLineNumber = sizeLine,
        };
    }

    /// <summary>
    /// Reads the entries that follow the size line into a CSR matrix, expanding symmetric storage to both
    /// triangles and summing repeated positions. With <paramref name="keepArrayZeros"/> false, zeros listed
    /// in the array format are not stored.
    /// </summary>
    public CsrMatrix ReadEntries(MatrixMarketHeader header, bool keepArrayZeros)
    {
        long expected = header.EntryCount;
        bool mirrored = header.Symmetry != MatrixMarketSymmetry.General;
        long capacity = Math.Min(mirrored ? 2 * expected : expected, MaxInitialCapacity);
        var coo = new CooMatrix(header.RowCount, header.ColumnCount, (int)capacity);
        if (header.Format == MatrixMarketFormat.Coordinate) ReadCoordinate(header, coo);
        else ReadArray(header, coo, keepArrayZeros);
        var a = coo.ToCsr();

        // Finite entries can still sum to infinity at a repeated position; the line that completed the sum
        // is no longer known, so the error names the last entry line.
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        for (int i = 0; i < a.RowCount; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
                if (!double.IsFinite(va[k]))
                    throw new MatrixMarketException($"repeated entries at ({i + 1}, {ci[k] + 1}) sum to {va[k].ToString(CultureInfo.InvariantCulture)}, which overflows a double", _lastEntryLine, _sourceName);
        return a;
    }

    /// <summary>An error located on the size line (for checks made after the header was read).</summary>
    public MatrixMarketException ErrorOnSizeLine(MatrixMarketHeader header, string reason) =>
        new(reason, header.SizeLineNumber, _sourceName);

    private void ReadCoordinate(MatrixMarketHeader header, CooMatrix coo)
    {
        Span<Range> t = stackalloc Range[4];
        long expected = header.EntryCount, found = 0;
        int rows = header.RowCount, columns = header.ColumnCount;
        var field = header.Field;
        var symmetry = header.Symmetry;
        int need = field == MatrixMarketField.Pattern ? 2 : 3;
        while (_lines.TryReadLine(out var line))
        {
            int count = Tokenize(line, t);
            if (count == 0) continue;
            CheckEntryLine(line, t[0], found, expected, header);
            if (count != need)
                throw Error(need == 3
                    ? $"entry must have 3 values (row column value), found {count}"
                    : $"pattern entry must have 2 values (row column), found {count}");
            int i = ParseIndex(line[t[0]], "row", rows);
            int j = ParseIndex(line[t[1]], "column", columns);
            double v = field switch
            {
                MatrixMarketField.Pattern => 1.0,
                MatrixMarketField.Integer => ParseInteger(line[t[2]]),
                _ => ParseReal(line[t[2]]),
            };
            switch (symmetry)
            {
                case MatrixMarketSymmetry.General:
                    coo.Add(i, j, v);
                    break;
                case MatrixMarketSymmetry.Symmetric:
                    coo.Add(i, j, v);
                    if (i != j) coo.Add(j, i, v);
                    break;
                default:
                    if (i == j)
                        throw Error($"skew-symmetric matrix has a diagonal entry at ({i + 1}, {j + 1}); its diagonal must be zero and not stored");
                    coo.Add(i, j, v);
                    coo.Add(j, i, -v);
                    break;
            }
            found++;
            _lastEntryLine = _lines.LineNumber;
        }
        if (found < expected)
            throw ErrorAtNextLine($"truncated: expected {expected} entries, found {found}");
    }

    private void ReadArray(MatrixMarketHeader header, CooMatrix coo, bool keepZeros)
    {
        Span<Range> t = stackalloc Range[4];
        long expected = header.EntryCount, found = 0;
        int rows = header.RowCount;
        var symmetry = header.Symmetry;
        bool integer = header.Field == MatrixMarketField.Integer;
        int i = symmetry == MatrixMarketSymmetry.SkewSymmetric ? 1 : 0, j = 0;
        while (_lines.TryReadLine(out var line))
        {
            int count = Tokenize(line, t);
            if (count == 0) continue;
            CheckEntryLine(line, t[0], found, expected, header);
            if (count != 1)
                throw Error($"array entry must be a single value, found {count} values");
            double v = integer ? ParseInteger(line[t[0]]) : ParseReal(line[t[0]]);
            if (keepZeros || v != 0.0)
            {
                coo.Add(i, j, v);
                if (i != j)
                {
                    if (symmetry == MatrixMarketSymmetry.Symmetric) coo.Add(j, i, v);
                    else if (symmetry == MatrixMarketSymmetry.SkewSymmetric) coo.Add(j, i, -v);
                }
            }
            found++;
            _lastEntryLine = _lines.LineNumber;
            // Next position in column-major order, within the stored triangle.
            if (++i == rows)
            {
                j++;
                i = symmetry switch
                {
                    MatrixMarketSymmetry.Symmetric => j,
                    MatrixMarketSymmetry.SkewSymmetric => j + 1,
                    _ => 0,
                };
            }
        }
        if (found < expected)
            throw ErrorAtNextLine($"truncated: expected {expected} entries, found {found}");
    }

    /// <summary>Rejects comment lines in the data section and entries beyond the declared count.</summary>
    private void CheckEntryLine(ReadOnlySpan<char> line, Range first, long found, long expected, MatrixMarketHeader header)
    {
        if (line[first.Start] == '%')
            throw Error("comment line after the size line; comments are allowed only between the banner and the size line");
        if (found == expected)
            throw Error($"more entries than the {expected} declared by the size line (line {header.SizeLineNumber})");
    }

    private MatrixMarketFormat ParseFormat(ReadOnlySpan<char> word)
    {
        if (word.Equals("coordinate", StringComparison.OrdinalIgnoreCase)) return MatrixMarketFormat.Coordinate;
        if (word.Equals("array", StringComparison.OrdinalIgnoreCase)) return MatrixMarketFormat.Array;
        throw Error($"unknown format {Show(word)} in the banner; expected 'coordinate' or 'array'");
    }

    private MatrixMarketField ParseField(ReadOnlySpan<char> word)
    {
        if (word.Equals("real", StringComparison.OrdinalIgnoreCase)) return MatrixMarketField.Real;
        if (word.Equals("integer", StringComparison.OrdinalIgnoreCase)) return MatrixMarketField.Integer;
        if (word.Equals("pattern", StringComparison.OrdinalIgnoreCase)) return MatrixMarketField.Pattern;
        if (word.Equals("complex", StringComparison.OrdinalIgnoreCase))
            throw Error("the complex field is not supported; only real, integer and pattern matrices can be read");
        throw Error($"unknown field {Show(word)} in the banner; expected 'real', 'integer' or 'pattern'");
    }

    private MatrixMarketSymmetry ParseSymmetry(ReadOnlySpan<char> word)
    {
        if (word.Equals("general", StringComparison.OrdinalIgnoreCase)) return MatrixMarketSymmetry.General;
        if (word.Equals("symmetric", StringComparison.OrdinalIgnoreCase)) return MatrixMarketSymmetry.Symmetric;
        if (word.Equals("skew-symmetric", StringComparison.OrdinalIgnoreCase)) return MatrixMarketSymmetry.SkewSymmetric;
        if (word.Equals("hermitian", StringComparison.OrdinalIgnoreCase))
            throw Error("hermitian symmetry applies to complex matrices, which are not supported");
        throw Error($"unknown symmetry {Show(word)} in the banner; expected 'general', 'symmetric' or 'skew-symmetric'");
    }

    private static string SymmetryName(MatrixMarketSymmetry symmetry) =>
        symmetry == MatrixMarketSymmetry.SkewSymmetric ? "skew-symmetric" : "symmetric";

    /// <summary>A non-negative integer from the size line.</summary>
    private long ParseSize(ReadOnlySpan<char> token, string what)
    {
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw Error(LooksInteger(token) ? $"{what} {Show(token)} is too large" : $"{what} {Show(token)} is not an integer");
        if (value < 0) throw Error($"{what} {value} is negative");
        return value;
    }

    /// <summary>A row or column count: non-negative and small enough for CSR arrays.</summary>
    private int ParseDimension(ReadOnlySpan<char> token, string what)
    {
        long value = ParseSize(token, what);
        long limit = Array.MaxLength - 1;
        if (value > limit) throw Error($"{what} {value} is too large (at most {limit})");
        return (int)value;
    }

    /// <summary>A 1-based index in [1, <paramref name="size"/>], returned 0-based.</summary>
    private int ParseIndex(ReadOnlySpan<char> token, string what, int size)
    {
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            if (LooksInteger(token))
                throw Error($"{what} index {Show(token)} out of range [1, {size}]");
            throw Error($"{what} index {Show(token)} is not an integer");
        }
        if (value < 1 || value > size)
            throw Error($"{what} index {value} out of range [1, {size}]");
        return value - 1;
    }

    private double ParseReal(ReadOnlySpan<char> token)
    {
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw Error($"value {Show(token)} is not a number");
        if (double.IsNaN(value)) throw Error($"value {Show(token)} is NaN");
        if (double.IsInfinity(value)) throw Error($"value {Show(token)} is infinite or overflows a double");
        return value;
    }

    private double ParseInteger(ReadOnlySpan<char> token)
    {
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            return value;
        if (LooksInteger(token))
            throw Error($"integer value {Show(token)} is out of the 64-bit range");
        throw Error($"value {Show(token)} is not an integer, as the integer field requires");
    }

    private static bool LooksInteger(ReadOnlySpan<char> token)
    {
        if (token.Length > 0 && (token[0] == '-' || token[0] == '+')) token = token[1..];
        if (token.IsEmpty) return false;
        foreach (char c in token)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>
    /// Splits on blanks (space, tab, form feed, vertical tab). Returns the number of tokens on the line; only
    /// the first <c>tokens.Length</c> are recorded.
    /// </summary>
    internal static int Tokenize(ReadOnlySpan<char> line, Span<Range> tokens)
    {
        int count = 0, offset = 0;
        while (true)
        {
            int skip = line.IndexOfAnyExcept(Blanks);
            if (skip < 0) return count;
            offset += skip;
            line = line[skip..];
            int length = line.IndexOfAny(Blanks);
            if (length < 0) length = line.Length;
            if (count < tokens.Length) tokens[count] = new Range(offset, offset + length);
            count++;
            offset += length;
            line = line[length..];
        }
    }

    /// <summary>Quoted, shortened and with control characters replaced, for messages.</summary>
    private static string Show(ReadOnlySpan<char> text)
    {
        const int max = 40;
        bool cut = text.Length > max;
        if (cut) text = text[..max];
        Span<char> copy = stackalloc char[text.Length];
        for (int k = 0; k < text.Length; k++)
            copy[k] = char.IsControl(text[k]) ? '?' : text[k];
        return cut ? $"'{new string(copy)}...'" : $"'{new string(copy)}'";
    }

    private MatrixMarketException Error(string reason) => new(reason, _lines.LineNumber, _sourceName);

    private MatrixMarketException ErrorAtNextLine(string reason) => new(reason, _lines.LineNumber + 1, _sourceName);
}
