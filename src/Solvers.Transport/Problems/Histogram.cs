namespace Solvers.Transport.Problems;

/// <summary>Reading and checking of weight vectors (histograms).</summary>
public static class Histogram
{
    /// <summary>
    /// Reads weights from a CSV file: one value per line, or all values on one line. Comments ('#'), blank
    /// lines and a header line are skipped.
    /// </summary>
    /// <exception cref="FormatException">A value is not a number, or the file mixes rows and columns.</exception>
    /// <exception cref="ArgumentException">The file holds no value.</exception>
    public static double[] ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        return ParseCsv(reader, path);
    }

    /// <summary>Parses weights as in <see cref="ReadCsv(string)"/>; <paramref name="source"/> names the input in messages.</summary>
    public static double[] ParseCsv(TextReader reader, string source = "<input>")
    {
        var rows = CsvTable.Read(reader, source);
        if (rows.Count == 0) throw new ArgumentException($"{source}: no weights.", nameof(reader));
        if (rows.Count == 1) return rows[0].Values;
        var weights = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var (line, values) = rows[i];
            if (values.Length != 1)
                throw new FormatException($"{source}, line {line}: {values.Length} values; expected one weight per line (or all on one line).");
            weights[i] = values[0];
        }
        return weights;
    }

    /// <summary>n equal weights 1/n.</summary>
    public static double[] Uniform(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "A histogram needs at least one bin.");
        var w = new double[n];
        Array.Fill(w, 1.0 / n);
        return w;
    }

    /// <summary>
    /// Checks that every weight is finite and non-negative and that the total is positive; returns the total.
    /// </summary>
    /// <param name="weights">The weights.</param>
    /// <param name="name">How messages call the vector (e.g. "a" or "source weights").</param>
    /// <exception cref="ArgumentException">A weight is negative, NaN or infinite, or all are zero (the message names the entry).</exception>
    public static double CheckWeights(ReadOnlySpan<double> weights, string name)
    {
        if (weights.Length == 0) throw new ArgumentException($"Weight vector {name} is empty.", name);
        double total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double w = weights[i];
            if (double.IsNaN(w)) throw new ArgumentException($"Weight {name}[{i}] is NaN.", name);
            if (double.IsInfinity(w)) throw new ArgumentException($"Weight {name}[{i}] is {w}; weights must be finite.", name);
            if (w < 0) throw new ArgumentException($"Weight {name}[{i}] is negative ({w}); weights must be non-negative.", name);
            total += w;
        }
        if (!(total > 0)) throw new ArgumentException($"Weight vector {name} has zero total mass.", name);
        return total;
    }
}
