using System.Text.Json;
using System.Text.Json.Serialization;

namespace Solvers.Cli.Output;

/// <summary>
/// The JSON object `solvers solve --json` prints. Field names are a contract with scripts: method, precond,
/// n, nnz, converged, iterations, relativeResidual, seconds must stay; others may be added.
/// </summary>
internal sealed record SolveReport
{
    public required string Method { get; init; }
    public required string Precond { get; init; }
    public required string Matrix { get; init; }
    public required int N { get; init; }
    public required int Nnz { get; init; }
    public required bool Converged { get; init; }
    public required string Status { get; init; }
    public required int Iterations { get; init; }
    public required double RelativeResidual { get; init; }
    public required double ResidualNorm { get; init; }
    public required double Seconds { get; init; }
    public required double SetupSeconds { get; init; }
    public required double SolveSeconds { get; init; }
    public required double LoadSeconds { get; init; }
    public required double Tol { get; init; }
    public required int Threads { get; init; }
    public string? Message { get; init; }
    public int Repeats { get; init; } = 1;
    public string Device { get; init; } = "cpu";
    public double TransferSeconds { get; init; }
    public long? FactorNnz { get; init; }
    public double? FactorSeconds { get; init; }
    public string? Ordering { get; init; }
    public string? Model { get; init; }
    public IReadOnlyList<double>? History { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Options);
}
