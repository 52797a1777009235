using System.Globalization;

namespace Solvers.Transport.Problems;

/// <summary>
/// Minimal numeric CSV reading shared by points, histograms and cost matrices: comma, semicolon, tab or
/// space separated; '#' comments and blank lines skipped; a non-numeric first line is a header.
/// </summary>
internal static class CsvTable
{
    private static readonly char[] Separators = [',', ';', '\t', ' '];

    public static List<(int Line, double[] Values)> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<(int, double[])>();
        int lineNumber = 0;
        bool first = true;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            var fields = trimmed.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var values = new double[fields.Length];
            bool numeric = true;
            for (int k = 0; k < fields.Length && numeric; k++)
                numeric = double.TryParse(fields[k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]);
            if (!numeric)
            {
                if (first && rows.Count == 0)
                {
                    first = false;
                    continue; // header
                }
                throw new FormatException($"{source}, line {lineNumber}: '{Shorten(trimmed)}' is not a list of numbers.");
            }
            first = false;
            rows.Add((lineNumber, values));
        }
        return rows;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
