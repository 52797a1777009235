using System.Globalization;
using System.Text;
using Solvers.Linear.Storage;

namespace Solvers.Linear.IO;

/// <summary>
/// Reads and writes the NIST Matrix Market exchange format (Boisvert, Pozo and Remington, "The Matrix
/// Market Exchange Formats: Initial Design", NISTIR 5935, 1996): coordinate and array formats; real,
/// integer and pattern fields; general, symmetric and skew-symmetric storage. Complex and hermitian files
/// are rejected with a clear error.
/// </summary>
/// <remarks>
/// <para>
/// Reading is strict: a bad banner, size line or entry, an index out of range, a NaN or infinite value, a
/// comment after the size line, or too few or too many entries raise a <see cref="MatrixMarketException"/>
/// naming the line, and no matrix is returned. Blank lines are allowed anywhere. Symmetric files may list
/// entries from either triangle; each off-diagonal entry (i, j) is mirrored to (j, i) (negated for
/// skew-symmetric), and repeated positions are summed as in <see cref="CooMatrix"/> (a sum that overflows
/// is an error naming the last entry line). Coordinate files keep
/// explicit zeros; zeros in array files are not stored.
/// </para>
/// <para>
/// Writing uses the shortest round-trip representation of each value ("R", invariant culture), so a
/// matrix written and read back is bit-for-bit the same. Lines end in '\n'.
/// </para>
/// </remarks>
public static class MatrixMarket
{
    private const int FileBufferSize = 1 << 16;

    /// <summary>Reads only the banner, comments and size line of the file at <paramref name="path"/>.</summary>
    /// <exception cref="MatrixMarketException">The header is malformed.</exception>
    public static MatrixMarketHeader ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = OpenText(path);
        return ReadHeader(reader, Path.GetFileName(path));
    }

    /// <summary>Reads only the banner, comments and size line from <paramref name="reader"/>.</summary>
    /// <param name="reader">The input, positioned at the banner.</param>
    /// <param name="sourceName">Label used in error messages (e.g. a file name); null for none.</param>
    /// <exception cref="MatrixMarketException">The header is malformed.</exception>
    public static MatrixMarketHeader ReadHeader(TextReader reader, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new MatrixMarketParser(reader, sourceName).ReadHeader();
    }

    /// <summary>Reads the matrix in the file at <paramref name="path"/> (error messages name the file).</summary>
    /// <exception cref="MatrixMarketException">The file is malformed; the message names the line.</exception>
    public static CsrMatrix ReadMatrix(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = OpenText(path);
        return ReadMatrix(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads a matrix from <paramref name="reader"/>, expanding symmetric storage to both triangles.
    /// </summary>
    /// <param name="reader">The input, positioned at the banner; read to its end.</param>
    /// <param name="sourceName">Label used in error messages (e.g. a file name); null for none.</param>
    /// <exception cref="MatrixMarketException">The input is malformed; the message names the line.</exception>
    public static CsrMatrix ReadMatrix(TextReader reader, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var parser = new MatrixMarketParser(reader, sourceName);
        var header = parser.ReadHeader();
        return parser.ReadEntries(header, keepArrayZeros: false);
    }

    /// <summary>Reads a vector from the file at <paramref name="path"/>; see <see cref="ReadVector(TextReader, string?)"/>.</summary>
    /// <exception cref="MatrixMarketException">The file is malformed or does not hold a vector.</exception>
    public static double[] ReadVector(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = OpenText(path);
        return ReadVector(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads a vector: an n x 1 or 1 x n matrix in either format (the array format is what
    /// <see cref="WriteVector(TextWriter, ReadOnlySpan{double}, string?)"/> writes). Positions a coordinate
    /// file does not list are zero.
    /// </summary>
    /// <param name="reader">The input, positioned at the banner; read to its end.</param>
    /// <param name="sourceName">Label used in error messages (e.g. a file name); null for none.</param>
    /// <exception cref="MatrixMarketException">The input is malformed, or its size is not n x 1 or 1 x n.</exception>
    public static double[] ReadVector(TextReader reader, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var parser = new MatrixMarketParser(reader, sourceName);
        var header = parser.ReadHeader();
        if (header.RowCount != 1 && header.ColumnCount != 1)
            throw parser.ErrorOnSizeLine(header, $"expected a vector (n x 1 or 1 x n), found a {header.RowCount} x {header.ColumnCount} matrix");
        var a = parser.ReadEntries(header, keepArrayZeros: true);
        bool column = header.ColumnCount == 1;
        var v = new double[column ? a.RowCount : a.ColumnCount];
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        for (int i = 0; i < a.RowCount; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
                v[column ? i : ci[k]] = va[k];
        return v;
    }

    /// <summary>
    /// Writes <paramref name="a"/> to the file at <paramref name="path"/> (created or overwritten); see
    /// <see cref="WriteMatrix(TextWriter, CsrMatrix, MatrixMarketSymmetry, MatrixMarketFormat, string?)"/>.
    /// The matrix is checked before the file is opened.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix does not have the requested symmetry.</exception>
    public static void WriteMatrix(string path, CsrMatrix a, MatrixMarketSymmetry symmetry = MatrixMarketSymmetry.General,
        MatrixMarketFormat format = MatrixMarketFormat.Coordinate, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckWritable(a, symmetry, format);
        using var writer = CreateText(path);
        WriteMatrixCore(writer, a, symmetry, format, comment);
    }

    /// <summary>
    /// Writes <paramref name="a"/> as a real matrix. With <see cref="MatrixMarketSymmetry.Symmetric"/> only the
    /// lower triangle (diagonal included) is written, with <see cref="MatrixMarketSymmetry.SkewSymmetric"/> only
    /// the strictly lower triangle; the matrix must then be exactly (skew-)symmetric. The coordinate format
    /// lists the stored entries (explicit zeros included) row by row; the array format lists every entry of
    /// the (triangle of the) matrix column by column.
    /// </summary>
    /// <param name="writer">The output; not closed.</param>
    /// <param name="a">The matrix.</param>
    /// <param name="symmetry">Storage to write; the matrix is checked against it.</param>
    /// <param name="format">Coordinate (sparse) or array (dense).</param>
    /// <param name="comment">Text written as '%' comment lines after the banner (one per line of text); null for none.</param>
    /// <exception cref="ArgumentException">
    /// Symmetric or skew-symmetric storage was asked for a matrix that is not square, or not exactly
    /// symmetric (a_ij = a_ji) or skew-symmetric (a_ij = -a_ji, zero diagonal); the message names an offending entry.
    /// </exception>
    public static void WriteMatrix(TextWriter writer, CsrMatrix a, MatrixMarketSymmetry symmetry = MatrixMarketSymmetry.General,
        MatrixMarketFormat format = MatrixMarketFormat.Coordinate, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckWritable(a, symmetry, format);
        WriteMatrixCore(writer, a, symmetry, format, comment);
    }

    /// <summary>
    /// Writes <paramref name="v"/> to the file at <paramref name="path"/> (created or overwritten) as an n x 1
    /// array; see <see cref="WriteVector(TextWriter, ReadOnlySpan{double}, string?)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An element is NaN or infinite.</exception>
    public static void WriteVector(string path, ReadOnlySpan<double> v, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckFinite(v);
        using var writer = CreateText(path);
        WriteVectorCore(writer, v, comment);
    }

    /// <summary>Writes <paramref name="v"/> as an n x 1 real array, one value per line.</summary>
    /// <param name="writer">The output; not closed.</param>
    /// <param name="v">The vector.</param>
    /// <param name="comment">Text written as '%' comment lines after the banner; null for none.</param>
    /// <exception cref="ArgumentException">An element is NaN or infinite (the format has no way to read it back).</exception>
    public static void WriteVector(TextWriter writer, ReadOnlySpan<double> v, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckFinite(v);
        WriteVectorCore(writer, v, comment);
    }

    private static StreamReader OpenText(string path) =>
        new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true,
            new FileStreamOptions { BufferSize = FileBufferSize, Options = FileOptions.SequentialScan });

    private static StreamWriter CreateText(string path) =>
        new(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = FileBufferSize });

    private static void CheckFinite(ReadOnlySpan<double> v)
    {
        for (int i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i]))
                throw new ArgumentException($"Element {i} is {v[i]}; Matrix Market files hold finite values only.", nameof(v));
    }

    private static void CheckWritable(CsrMatrix a, MatrixMarketSymmetry symmetry, MatrixMarketFormat format)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!Enum.IsDefined(symmetry)) throw new ArgumentOutOfRangeException(nameof(symmetry), symmetry, "Unknown symmetry.");
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format.");
        if (symmetry == MatrixMarketSymmetry.General) return;
        string name = SymmetryWord(symmetry);
        if (!a.IsSquare)
            throw new ArgumentException($"Only a square matrix can be written as {name}; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        bool skew = symmetry == MatrixMarketSymmetry.SkewSymmetric;
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        for (int i = 0; i < a.RowCount; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
            {
                int j = ci[k];
                double v = va[k];
                if (i == j)
                {
                    if (skew && v != 0.0)
                        throw new ArgumentException($"The matrix is not skew-symmetric: diagonal entry ({i}, {i}) is {v} (0-based indices).", nameof(a));
                    continue;
                }
                int kt = a.IndexOf(j, i);
                double t = kt >= 0 ? va[kt] : 0.0;
                if (v != (skew ? -t : t))
                    throw new ArgumentException($"The matrix is not {name}: a({i}, {j}) = {v} but a({j}, {i}) = {t} (0-based indices).", nameof(a));
            }
    }

    private static void WriteMatrixCore(TextWriter writer, CsrMatrix a, MatrixMarketSymmetry symmetry, MatrixMarketFormat format, string? comment)
    {
        string formatWord = format == MatrixMarketFormat.Coordinate ? "coordinate" : "array";
        writer.Write($"%%MatrixMarket matrix {formatWord} real {SymmetryWord(symmetry)}\n");
        WriteComment(writer, comment);
        if (format == MatrixMarketFormat.Coordinate) WriteCoordinate(writer, a, symmetry);
        else WriteArray(writer, a, symmetry);
    }

    private static void WriteCoordinate(TextWriter writer, CsrMatrix a, MatrixMarketSymmetry symmetry)
    {
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        // Symmetric storage keeps column <= row (skew: column < row).
        int diagonalShift = symmetry == MatrixMarketSymmetry.SkewSymmetric ? 0 : 1;
        bool all = symmetry == MatrixMarketSymmetry.General;
        long count = 0;
        if (all) count = a.NonZeroCount;
        else
            for (int i = 0; i < a.RowCount; i++)
                for (int k = rp[i]; k < rp[i + 1]; k++)
                    if (ci[k] < i + diagonalShift) count++;

        writer.Write($"{a.RowCount.ToString(CultureInfo.InvariantCulture)} {a.ColumnCount.ToString(CultureInfo.InvariantCulture)} {count.ToString(CultureInfo.InvariantCulture)}\n");
        Span<char> buffer = stackalloc char[64];
        for (int i = 0; i < a.RowCount; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
            {
                int j = ci[k];
                if (!all && j >= i + diagonalShift) continue;
                int n = 0;
                n += Format(i + 1, buffer[n..]);
                buffer[n++] = ' ';
                n += Format(j + 1, buffer[n..]);
                buffer[n++] = ' ';
                n += Format(va[k], buffer[n..]);
                buffer[n++] = '\n';
                writer.Write(buffer[..n]);
            }
    }

    private static void WriteArray(TextWriter writer, CsrMatrix a, MatrixMarketSymmetry symmetry)
    {
        int rows = a.RowCount, columns = a.ColumnCount;
        writer.Write($"{rows.ToString(CultureInfo.InvariantCulture)} {columns.ToString(CultureInfo.InvariantCulture)}\n");
        // Row j of the transpose is column j of A: scatter it into a dense column, write, clear.
        var t = a.Transpose();
        var rp = t.RowPointers;
        var ci = t.ColumnIndices;
        var va = t.Values;
        var column = new double[rows];
        Span<char> buffer = stackalloc char[40];
        for (int j = 0; j < columns; j++)
        {
            for (int k = rp[j]; k < rp[j + 1]; k++) column[ci[k]] = va[k];
            int first = symmetry switch
            {
                MatrixMarketSymmetry.Symmetric => j,
                MatrixMarketSymmetry.SkewSymmetric => j + 1,
                _ => 0,
            };
            for (int i = first; i < rows; i++)
            {
                int n = Format(column[i], buffer);
                buffer[n++] = '\n';
                writer.Write(buffer[..n]);
            }
            for (int k = rp[j]; k < rp[j + 1]; k++) column[ci[k]] = 0.0;
        }
    }

    private static void WriteVectorCore(TextWriter writer, ReadOnlySpan<double> v, string? comment)
    {
        writer.Write("%%MatrixMarket matrix array real general\n");
        WriteComment(writer, comment);
        writer.Write($"{v.Length.ToString(CultureInfo.InvariantCulture)} 1\n");
        Span<char> buffer = stackalloc char[40];
        foreach (double x in v)
        {
            int n = Format(x, buffer);
            buffer[n++] = '\n';
            writer.Write(buffer[..n]);
        }
    }

    private static void WriteComment(TextWriter writer, string? comment)
    {
        if (comment is null) return;
        foreach (var line in comment.ReplaceLineEndings("\n").Split('\n'))
            writer.Write(line.Length == 0 ? "%\n" : $"% {line}\n");
    }

    private static string SymmetryWord(MatrixMarketSymmetry symmetry) => symmetry switch
    {
        MatrixMarketSymmetry.Symmetric => "symmetric",
        MatrixMarketSymmetry.SkewSymmetric => "skew-symmetric",
        _ => "general",
    };

    private static int Format(int value, Span<char> destination)
    {
        value.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int Format(double value, Span<char> destination)
    {
        value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        return written;
    }
}
