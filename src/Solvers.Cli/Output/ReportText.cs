namespace Solvers.Cli.Output;

/// <summary>Small text helpers shared by the verbs' reports.</summary>
internal static class ReportText
{
    /// <summary>Two optional remarks as one message, separated by a space; null when both are null.</summary>
    public static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " " + second;
}
