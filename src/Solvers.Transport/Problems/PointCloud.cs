using System.Globalization;

namespace Solvers.Transport.Problems;

/// <summary>
/// A set of <see cref="Count"/> points in <see cref="Dimension"/> dimensions, stored row-major (point i is
/// <c>Point(i)</c>). Coordinates are finite.
/// </summary>
public sealed class PointCloud
{
    private readonly double[] _coordinates;

    private PointCloud(int count, int dimension, double[] coordinates)
    {
        Count = count;
        Dimension = dimension;
        _coordinates = coordinates;
    }

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>Number of coordinates per point.</summary>
    public int Dimension { get; }

    /// <summary>All coordinates, point after point.</summary>
    public ReadOnlySpan<double> Coordinates => _coordinates;

    /// <summary>The coordinates of point <paramref name="i"/>.</summary>
    public ReadOnlySpan<double> Point(int i) => _coordinates.AsSpan(i * Dimension, Dimension);

    /// <summary>Builds a cloud from row-major coordinates (copied).</summary>
    /// <exception cref="ArgumentException">The length is not count x dimension, or a coordinate is NaN or infinite.</exception>
    public static PointCloud FromArray(int count, int dimension, ReadOnlySpan<double> coordinates)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A point cloud needs at least one point.");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Points need at least one coordinate.");
        if (coordinates.Length != (long)count * dimension)
            throw new ArgumentException($"Got {coordinates.Length} coordinates; {count} points of dimension {dimension} need {(long)count * dimension}.", nameof(coordinates));
        for (int k = 0; k < coordinates.Length; k++)
            if (!double.IsFinite(coordinates[k]))
                throw new ArgumentException($"Coordinate {k % dimension} of point {k / dimension} is {coordinates[k]}; coordinates must be finite.", nameof(coordinates));
        return new PointCloud(count, dimension, coordinates.ToArray());
    }

    /// <summary>
    /// Reads a CSV file with one point per line and one coordinate per column. Blank lines and lines starting
    /// with '#' are skipped; a first line that is not numeric is taken as a header.
    /// </summary>
    /// <exception cref="FormatException">A value is not a number or a line has the wrong number of columns (the message gives file and line).</exception>
    /// <exception cref="ArgumentException">A coordinate is NaN or infinite, or the file has no points.</exception>
    public static PointCloud ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        return ParseCsv(reader, path);
    }

    /// <summary>Parses CSV text as in <see cref="ReadCsv(string)"/>; <paramref name="source"/> names it in messages.</summary>
    public static PointCloud ParseCsv(TextReader reader, string source = "<input>")
    {
        var rows = CsvTable.Read(reader, source);
        if (rows.Count == 0) throw new ArgumentException($"{source}: no points.", nameof(reader));
        int d = rows[0].Values.Length;
        var data = new double[rows.Count * d];
        for (int i = 0; i < rows.Count; i++)
        {
            var (line, values) = rows[i];
            if (values.Length != d)
                throw new FormatException($"{source}, line {line}: {values.Length} columns; the first point has {d}.");
            for (int k = 0; k < d; k++)
            {
                if (!double.IsFinite(values[k]))
                    throw new ArgumentException($"{source}, line {line}: coordinate {k} is {values[k].ToString(CultureInfo.InvariantCulture)}; coordinates must be finite.", nameof(reader));
                data[i * d + k] = values[k];
            }
        }
        return new PointCloud(rows.Count, d, data);
    }

    /// <summary>Writes the cloud as CSV (one point per line, round-trip precision).</summary>
    public void WriteCsv(TextWriter writer)
    {
        for (int i = 0; i < Count; i++)
        {
            var p = Point(i);
            for (int k = 0; k < Dimension; k++)
            {
                if (k > 0) writer.Write(',');
                writer.Write(p[k].ToString("R", CultureInfo.InvariantCulture));
            }
            writer.WriteLine();
        }
    }
}
