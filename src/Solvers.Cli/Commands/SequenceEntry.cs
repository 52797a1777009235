namespace Solvers.Cli.Commands;

/// <summary>
/// One solved system of <c>solvers sequence</c>, as it appears in the JSON <c>systems</c> list. Field names are a
/// contract: index, iterations, omega (when the method has one), seconds, context (when the problem has one), converged;
/// with --regret also gridIterations (the cost of every grid omega on this system, from the same initial guess) and
/// cumulativeRegret (against the best fixed grid omega in hindsight over the whole run).
/// </summary>
internal sealed record SequenceEntry
{
    public required int Index { get; init; }
    public required int Iterations { get; init; }
    public double? Omega { get; init; }
    public required double Seconds { get; init; }
    public double? Context { get; init; }
    public required bool Converged { get; init; }
    public double[]? GridIterations { get; init; }
    public double? CumulativeRegret { get; init; }
}
