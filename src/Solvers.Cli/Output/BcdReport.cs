using System.Text.Json;
using System.Text.Json.Serialization;

namespace Solvers.Cli.Output;

/// <summary>
/// The JSON object `solvers bcd --json` prints. Contract fields: problem, objective, gap (null where the problem has
/// no cheap dual), optimality, iterations, seconds; the others may be added to.
/// </summary>
internal sealed record BcdReport
{
    public required string Problem { get; init; }
    public required double Objective { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? Gap { get; init; }
    public required double Optimality { get; init; }
    public required int Iterations { get; init; }
    public required double Seconds { get; init; }
    public required long CoordinateUpdates { get; init; }
    public required bool Converged { get; init; }
    public required string Status { get; init; }
    public required string Data { get; init; }
    public required int Samples { get; init; }
    public required int Features { get; init; }
    public required double Lambda { get; init; }
    public required string Rule { get; init; }
    public required string Update { get; init; }
    public required string Partition { get; init; }
    public required int BlockSize { get; init; }
    public required double Tol { get; init; }
    public required double LoadSeconds { get; init; }
    public int Repeats { get; init; } = 1;

    /// <summary>The solver's description of the configuration, e.g. "GaussSouthwellLipschitz/Gradient/Variable tau=1 (tournament tree)".</summary>
    public string Method { get; init; } = "";
    public IReadOnlyList<double>? History { get; init; }

    /// <summary>With --history: non-zero count of x^k per iteration, and the last iteration at which the zero pattern changed.</summary>
    public IReadOnlyList<int>? SupportSizes { get; init; }
    public int? LastSupportChange { get; init; }
    public bool NonNegative { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Options);
}
