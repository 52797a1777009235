using System.Text.Json;
using System.Text.Json.Serialization;

namespace Solvers.Cli.Output;

/// <summary>
/// The JSON object `solvers minmax --json` prints. Contract fields: residual, epochs, calls, seconds; the others may
/// be added to.
/// </summary>
internal sealed record MinmaxReport
{
    public required double Residual { get; init; }
    public required double Epochs { get; init; }
    public required long Calls { get; init; }
    public required double Seconds { get; init; }
    public required string Problem { get; init; }
    public required string Method { get; init; }
    public required int N { get; init; }
    public required int Iterations { get; init; }
    public required bool Converged { get; init; }
    public required string Status { get; init; }
    public required double StepSize { get; init; }
    public required double Tol { get; init; }
    public required int Seed { get; init; }
    public int? GameSeed { get; init; }
    public string? GameWeights { get; init; }
    public IReadOnlyList<double[]>? History { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Options);
}
