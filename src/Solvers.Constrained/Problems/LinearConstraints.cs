using System.Globalization;

namespace Solvers.Constrained.Problems;

/// <summary>Linear equality constraints A x = b for <see cref="ConstrainedLogisticRegression"/>: a CSV reader and a seeded generator.</summary>
public static class LinearConstraints
{
    /// <summary>
    /// Seeded generator: A has i.i.d. N(0, 1) entries (k x d) as in the paper; b = A w_f for a unit vector
    /// w_f drawn uniformly on the sphere, so {A w = b, ||w|| = 1} is never empty (i.i.d. Gaussian b, as in the
    /// paper, can make it empty when k is close to d).
    /// </summary>
    public static (double[,] A, double[] B) Generate(int k, int d, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var a = new double[k, d];
        for (int j = 0; j < k; j++)
            for (int i = 0; i < d; i++) a[j, i] = Gaussian();
        var w = new double[d];
        double norm = 0;
        for (int i = 0; i < d; i++) { w[i] = Gaussian(); norm += w[i] * w[i]; }
        norm = Math.Sqrt(norm);
        var b = new double[k];
        for (int j = 0; j < k; j++)
        {
            double s = 0;
            for (int i = 0; i < d; i++) s += a[j, i] * w[i] / norm;
            b[j] = s;
        }
        return (a, b);
    }

    /// <summary>
    /// Reads the rows of [A | b] from CSV: one constraint per line, d + 1 comma-separated numbers; blank lines
    /// and lines starting with # are skipped.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="featureCount">d; each row must have d + 1 fields.</param>
    /// <exception cref="FormatException">A malformed line; the message names the file, line and field.</exception>
    public static (double[,] A, double[] B) ReadCsv(string path, int featureCount)
    {
        using var reader = new StreamReader(path);
        return ReadCsv(reader, featureCount, Path.GetFileName(path));
    }

    /// <summary>Reads [A | b] rows from <paramref name="reader"/>.</summary>
    /// <exception cref="FormatException">A malformed line; the message names the line and field.</exception>
    public static (double[,] A, double[] B) ReadCsv(TextReader reader, int featureCount, string sourceName = "input")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        var rows = new List<double[]>();
        string? line;
        int lineNumber = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var content = line.Trim();
            if (content.Length == 0 || content.StartsWith('#')) continue;
            var fields = content.Split(',');
            if (fields.Length != featureCount + 1)
                throw new FormatException($"{sourceName} line {lineNumber}: {fields.Length} fields; expected d + 1 = {featureCount + 1} (the row of A, then b).");
            var row = new double[fields.Length];
            for (int f = 0; f < fields.Length; f++)
            {
                if (!double.TryParse(fields[f].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out row[f]) || !double.IsFinite(row[f]))
                    throw new FormatException($"{sourceName} line {lineNumber}, field {f + 1}: '{fields[f].Trim()}' is not a finite number.");
            }
            rows.Add(row);
        }
        if (rows.Count == 0) throw new FormatException($"{sourceName}: no constraint rows.");
        var a = new double[rows.Count, featureCount];
        var b = new double[rows.Count];
        for (int j = 0; j < rows.Count; j++)
        {
            for (int i = 0; i < featureCount; i++) a[j, i] = rows[j][i];
            b[j] = rows[j][featureCount];
        }
        return (a, b);
    }
}
