using System.Globalization;
using Solvers.Linear.Storage;

namespace Solvers.Linear.IO;

/// <summary>A labelled data set: one row of features per sample.</summary>
/// <param name="Features">Samples x features, sparse (zero entries omitted as in the file).</param>
/// <param name="Labels">One label per sample, as read (e.g. +1/-1, 0/1, or class numbers).</param>
public sealed record LabelledData(CsrMatrix Features, double[] Labels)
{
    /// <summary>Number of samples.</summary>
    public int SampleCount => Labels.Length;

    /// <summary>Number of features (columns).</summary>
    public int FeatureCount => Features.ColumnCount;

    /// <summary>
    /// Labels mapped to -1/+1 for binary classification: a set with exactly the values {-1, +1} or {0, 1}
    /// (0 becomes -1); anything else is an error that names the values found.
    /// </summary>
    public double[] BinaryLabels()
    {
        var distinct = Labels.Distinct().OrderBy(v => v).ToArray();
        if (distinct.All(v => v is -1.0 or 1.0)) return (double[])Labels.Clone();
        if (distinct.All(v => v is 0.0 or 1.0)) return Labels.Select(v => v == 0 ? -1.0 : 1.0).ToArray();
        int odd = Array.FindIndex(Labels, v => v is not (-1.0 or 0.0 or 1.0));
        string where = odd >= 0
            ? $" (the first other label is {Labels[odd]} at sample {odd + 1} of {Labels.Length})"
            : " (both -1 and 0 appear)";
        throw new FormatException($"Labels are not binary (+1/-1 or 0/1); found {string.Join(", ", distinct.Take(6))}{(distinct.Length > 6 ? ", ..." : "")}{where}.");
    }
}

/// <summary>
/// Reader of the LIBSVM / SVMlight text format: <c>label index:value index:value ...</c> per line, 1-based
/// ascending feature indices, zero features omitted, optional <c># comment</c> at the end of a line.
/// </summary>
public static class LibSvm
{
    /// <summary>Reads a LIBSVM file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="featureCount">Number of features; 0 (default) takes the largest index present.</param>
    /// <exception cref="FormatException">A malformed line; the message names the file, the line and what is wrong.</exception>
    public static LabelledData Read(string path, int featureCount = 0)
    {
        using var reader = new StreamReader(path);
        return Read(reader, featureCount, Path.GetFileName(path));
    }

    /// <summary>Reads LIBSVM text from <paramref name="reader"/>.</summary>
    /// <exception cref="FormatException">A malformed line; the message names the line and what is wrong.</exception>
    public static LabelledData Read(TextReader reader, int featureCount = 0, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        string source = sourceName ?? "input";
        var labels = new List<double>();
        var rows = new List<int>();
        var cols = new List<int>();
        var vals = new List<double>();
        int lineNumber = 0, maxIndex = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            int hash = line.IndexOf('#');
            var content = (hash >= 0 ? line[..hash] : line).AsSpan().Trim();
            if (content.IsEmpty) continue;
            int sample = labels.Count;
            int previous = 0;
            bool first = true;
            foreach (var range in content.SplitAny(' ', '\t'))
            {
                var token = content[range];
                if (token.IsEmpty) continue;
                if (first)
                {
                    if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double label) || !double.IsFinite(label))
                        throw Error(source, lineNumber, $"label '{token}' is not a finite number");
                    labels.Add(label);
                    first = false;
                    continue;
                }
                int colon = token.IndexOf(':');
                if (colon <= 0)
                    throw Error(source, lineNumber, $"feature '{token}' is not index:value");
                if (!int.TryParse(token[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index < 1)
                    throw Error(source, lineNumber, $"feature index '{token[..colon]}' is not a positive integer (indices are 1-based)");
                if (index <= previous)
                    throw Error(source, lineNumber, $"feature index {index} follows {previous}; indices must ascend");
                if (featureCount > 0 && index > featureCount)
                    throw Error(source, lineNumber, $"feature index {index} exceeds the feature count {featureCount}");
                if (!double.TryParse(token[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw Error(source, lineNumber, $"feature value '{token[(colon + 1)..]}' is not a number");
                if (!double.IsFinite(value))
                    throw Error(source, lineNumber, $"feature {index} is {value}; values must be finite");
                previous = index;
                maxIndex = Math.Max(maxIndex, index);
                rows.Add(sample);
                cols.Add(index - 1);
                vals.Add(value);
            }
        }
        if (labels.Count == 0) throw Error(source, Math.Max(lineNumber, 1), "no samples");
        int columns = featureCount > 0 ? featureCount : maxIndex;
        var coo = new CooMatrix(labels.Count, columns, Math.Max(vals.Count, 4));
        for (int k = 0; k < vals.Count; k++) coo.Add(rows[k], cols[k], vals[k]);
        return new LabelledData(coo.ToCsr(), labels.ToArray());
    }

    private static FormatException Error(string source, int line, string what) => new($"{source} line {line}: {what}.");
}
