using System.Text.Json;
using System.Text.Json.Serialization;

namespace Solvers.Cli.Output;

/// <summary>
/// The JSON object `solvers ot --json` prints. Field names are a contract with scripts (issue #5): method, n, m,
/// reg, iterations, marginalError, cost, seconds must stay, and newtonSteps, cgIterations for SNS; others may be added.
/// </summary>
internal sealed record OtReport
{
    public required string Method { get; init; }
    public required int N { get; init; }
    public required int M { get; init; }
    public required double Reg { get; init; }
    public required long Iterations { get; init; }
    public required double MarginalError { get; init; }
    public required double Cost { get; init; }
    public required double Seconds { get; init; }
    public required bool Converged { get; init; }
    public required string Status { get; init; }
    public required double EntropicObjective { get; init; }
    public required double Tol { get; init; }
    public required string Stop { get; init; }
    public string? Metric { get; init; }
    public required string Normalize { get; init; }
    public required double CostScale { get; init; }
    public required double LoadSeconds { get; init; }
    public double? WarmupSeconds { get; init; }

    /// <summary>Timed solves (--repeat); the report is the fastest.</summary>
    public int Repeats { get; init; } = 1;
    /// <summary>Seconds the JIT compiler spent (all threads) from just before the timed solve calls (all --repeat runs)
    /// to their end. The window includes the CLI's wrapper around the timed part, so this can exceed seconds. The start-up cost of a fresh
    /// process: small with --warmup, smaller when the CLI is published ReadyToRun.</summary>
    public double? JitSeconds { get; init; }

    /// <summary>Methods the JIT compiled in the same window as <see cref="JitSeconds"/>.</summary>
    public long? JitMethods { get; init; }
    public int? NewtonSteps { get; init; }
    public int? CgIterations { get; init; }
    public int? SinkhornIterations { get; init; }
    public int? Fallbacks { get; init; }

    /// <summary>SNS: Sinkhorn iterations run after Newton steps (counted in iterations, not in sinkhornIterations).</summary>
    public int? InterleavedSinkhorn { get; init; }

    /// <summary>SNS: average number of plan entries kept in each sparsified Newton matrix.</summary>
    public double? AverageKeptEntries { get; init; }

    /// <summary>SNS: seconds by phase (warm start, sparsify, preconditioner, CG, line search, fall-back) and line-search plan evaluations.</summary>
    public Solvers.Transport.SnsProfile? Profile { get; init; }
    public string? Plan { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<double>? History { get; init; }

    /// <summary>The device that ran the solve ("cpu" for the CPU path), as in `solvers solve`.</summary>
    public required string Device { get; init; }

    /// <summary>Seconds copying data to and from the device; 0 on the CPU path.</summary>
    public required double TransferSeconds { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Options);
}
