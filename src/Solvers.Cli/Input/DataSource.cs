using System.Globalization;
using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.IO;

namespace Solvers.Cli.Input;

/// <summary>Turns a --data argument into a labelled data set: a LIBSVM file or a synthetic generator.</summary>
internal static class DataSource
{
    public const string Help = "FILE.svm (LIBSVM format), synthetic-a[:M:N[:SEED]], synthetic-b[:M:N[:SEED]] (Nutini et al. data sets A/B, default 1000 x 10000, seed 1) or synthetic-c[:M:N[:SEED]] (data set C, 50 classes, default 1000 x 1000)";

    public static LabelledData Load(string spec)
    {
        var parts = spec.Split(':');
        string kind = parts[0].ToLowerInvariant();
        if (kind is "synthetic-a" or "synthetic-b" or "synthetic-c")
        {
            int m = 1000, n = kind == "synthetic-c" ? 1000 : 10000, seed = 1;
            if (parts.Length is not (1 or 3 or 4)
                || (parts.Length >= 3 && (!TryInt(parts[1], out m) || !TryInt(parts[2], out n)))
                || (parts.Length == 4 && !TryInt(parts[3], out seed)))
                throw new ArgumentException($"Data '{spec}': expected {kind}[:M:N[:SEED]] with positive integers.");
            return kind switch
            {
                "synthetic-a" => SyntheticData.A(m, n, seed),
                "synthetic-b" => SyntheticData.B(m, n, seed),
                _ => SyntheticData.C(m, n, 50, seed),
            };
        }
        if (!File.Exists(spec)) throw new ArgumentException($"Data '{spec}' is neither an existing file nor a generator ({Help}).");
        return LibSvm.Read(spec);
    }

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0;

    /// <summary>Writes the data in LIBSVM format (17 significant digits, zero features omitted).</summary>
    public static void Save(string path, LabelledData data)
    {
        using var writer = new StreamWriter(Output.OutputPath.Prepare(path));
        var a = data.Features;
        var inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < a.RowCount; i++)
        {
            writer.Write(data.Labels[i].ToString("R", inv));
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                if (a.Values[k] != 0) writer.Write($" {(a.ColumnIndices[k] + 1).ToString(inv)}:{a.Values[k].ToString("R", inv)}");
            writer.WriteLine();
        }
    }
}
