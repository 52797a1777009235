using System.Text.Json;

namespace Solvers.Cli.Output;

/// <summary>The JSON object `solvers dcdm train --json` prints.</summary>
internal sealed record DcdmTrainReport
{
    public required int Grid { get; init; }
    public required string Domain { get; init; }
    public required int Samples { get; init; }
    public required int Epochs { get; init; }
    public required int Levels { get; init; }
    public bool SharedLevels { get; init; }
    public bool MaskChannel { get; init; }
    public required int Parameters { get; init; }
    public required int Seed { get; init; }
    public required int Threads { get; init; }
    public required int LanczosSteps { get; init; }
    public required double InitialLoss { get; init; }
    public required double FinalLoss { get; init; }
    public required IReadOnlyList<double> TrainingLoss { get; init; }
    public required IReadOnlyList<double> ValidationLoss { get; init; }
    public required double DataSeconds { get; init; }
    public required double TrainingSeconds { get; init; }
    public required string Out { get; init; }
    public required string Plot { get; init; }
    public bool Cancelled { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Options);
}
