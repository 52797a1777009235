namespace Solvers.Cli.Output;

/// <summary>Where the CLI writes a file the user named (--out, --plan, --plot, a model).</summary>
internal static class OutputPath
{
    /// <summary>
    /// Creates the file's folder when it is missing and returns the path. A missing folder would otherwise surface as
    /// an exception after the solve, when the result is about to be printed, and the run's result would be lost.
    /// </summary>
    public static string Prepare(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return path;
    }
}
