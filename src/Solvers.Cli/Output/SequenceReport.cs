using System.Text.Json;
using System.Text.Json.Serialization;
using Solvers.Cli.Commands;

namespace Solvers.Cli.Output;

/// <summary>
/// The JSON object `solvers sequence --json` prints. Field names are a contract with scripts: totalIterations,
/// totalSeconds and systems (index, iterations, omega, seconds, context, converged) must stay; others may be added
/// (regret with --regret).
/// </summary>
internal sealed record SequenceReport
{
    public required string Problem { get; init; }
    public required string Method { get; init; }
    public string? Omega { get; init; }
    public string? Precond { get; init; }
    public required int Grid { get; init; }
    /// <summary>--variant for darcy2d / helmholtz2d (standard or paper); null for the other problems.</summary>
    public string? Variant { get; init; }
    public int? N { get; init; }
    public required int Count { get; init; }
    public required double Tol { get; init; }
    public required int Seed { get; init; }
    public required long TotalIterations { get; init; }
    public required double TotalSeconds { get; init; }
    public required bool Converged { get; init; }
    public required int NotConverged { get; init; }
    public bool Cancelled { get; init; }
    public SequenceRegret? Regret { get; init; }
    public required IReadOnlyList<SequenceEntry> Systems { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Options);
}
