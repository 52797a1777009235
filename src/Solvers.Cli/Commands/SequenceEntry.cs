namespace Solvers.Cli.Commands;

/// <summary>
/// One solved system of <c>solvers sequence</c>, as it appears in the JSON <c>systems</c> list. Field names are a
/// contract: index, iterations, omega (when the method has one), seconds, context (when the problem has one), converged.
/// </summary>
internal sealed record SequenceEntry
{
    public required int Index { get; init; }
    public required int Iterations { get; init; }
    public double? Omega { get; init; }
    public required double Seconds { get; init; }
    public double? Context { get; init; }
    public required bool Converged { get; init; }
}
