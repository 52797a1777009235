namespace Solvers.Linear.Generators.Fluid;

/// <summary>
/// The obstacle-mask CSV behind <see cref="FluidDomain.ReadCsv"/>: 0/1 values, comma separated, one grid row per
/// line, square. Errors name the file, the 1-based line and, for a bad value, the 1-based column, because these
/// files are written by hand or by other tools and the user has to find the fault.
/// </summary>
internal static class FluidMaskCsv
{
    public static (bool[] Mask, int N) Read(string path)
    {
        var lines = File.ReadAllLines(path).ToList();
        // Trailing blank lines are an editor artefact, not missing rows.
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1])) lines.RemoveAt(lines.Count - 1);
        string name = Path.GetFileName(path);
        if (lines.Count == 0) throw new FormatException($"Mask '{name}' is empty; expected N lines of N comma-separated 0/1 values.");

        int n = -1;
        var mask = new List<bool>();
        for (int i = 0; i < lines.Count; i++)
        {
            var fields = lines[i].Split(',');
            if (n < 0) n = fields.Length;
            else if (fields.Length != n)
                throw new FormatException($"Mask '{name}' line {i + 1}: {fields.Length} values, but line 1 has {n}; every line must have the same count.");
            for (int j = 0; j < fields.Length; j++)
            {
                string v = fields[j].Trim();
                if (v != "0" && v != "1")
                    throw new FormatException($"Mask '{name}' line {i + 1}, column {j + 1}: expected 0 (solid) or 1 (fluid), found '{v}'.");
                mask.Add(v == "1");
            }
        }
        if (lines.Count != n)
            throw new FormatException($"Mask '{name}' has {lines.Count} lines of {n} values; a mask must be square (N lines of N values).");
        if (n < 2) throw new FormatException($"Mask '{name}' is 1 x 1; the grid must be at least 2 x 2 cells.");
        return (mask.ToArray(), n);
    }
}
