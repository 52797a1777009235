using System.Text.Json;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Solvers.Cli.Tests;

/// <summary>Runs the CLI in-process with stdout and stderr captured (tests in this assembly run one at a time).</summary>
internal static class CliRunner
{
    public sealed record Run(int ExitCode, string Out, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    public static Run Invoke(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var oldOut = Console.Out;
        var oldError = Console.Error;
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = Program.Main(args);
            return new Run(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    public static string TempFile(string extension) =>
        Path.Combine(Path.GetTempPath(), $"solvers-cli-{Guid.NewGuid():N}{extension}");

    /// <summary>tests/data, located by walking up from the test assembly.</summary>
    public static string DataFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "data", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(name);
    }
}
