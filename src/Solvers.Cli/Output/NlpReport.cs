using System.Text.Json;
using System.Text.Json.Serialization;

namespace Solvers.Cli.Output;

/// <summary>
/// The JSON object `solvers nlp --json` prints. Field names are a contract with scripts: problem, n, m, f,
/// kktStationarity, kktFeasibility, outerIterations, innerIterations, seconds, status must stay.
/// </summary>
internal sealed record NlpReport
{
    public required string Problem { get; init; }
    public required string Solver { get; init; }
    public required int N { get; init; }
    public required int M { get; init; }
    public required double F { get; init; }
    public required double KktStationarity { get; init; }
    public required double KktFeasibility { get; init; }
    public required int OuterIterations { get; init; }
    public required long InnerIterations { get; init; }
    public required double InnerFlops { get; init; }
    public required int FunctionEvaluations { get; init; }
    public required int GradientEvaluations { get; init; }
    public required int HessianEvaluations { get; init; }
    public required int ExactFallbacks { get; init; }

    /// <summary>Outer iterations solved exactly under --polish-below.</summary>
    public int PolishedIterations { get; init; }

    /// <summary>KKT residual at the start of every outer iteration and at the end.</summary>
    public double[] History { get; init; } = [];
    public required double Seconds { get; init; }

    /// <summary>Process CPU seconds (all threads) of the reported solve.</summary>
    public double CpuSeconds { get; init; }
    public required string Status { get; init; }
    public required bool Converged { get; init; }
    public required double Tol { get; init; }
    public double? OptimalF { get; init; }
    public string? Message { get; init; }

    /// <summary>Seconds per phase and inner work by kind (see ConstrainedProfile).</summary>
    public NlpProfileReport? Profile { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Options);
}

/// <summary>The "profile" object of `solvers nlp --json`.</summary>
internal sealed record NlpProfileReport
{
    public double EvaluationSeconds { get; init; }
    public double HessianSeconds { get; init; }
    public double SetupSeconds { get; init; }
    public double SketchSeconds { get; init; }
    public double ExactSolveSeconds { get; init; }
    public int LineSearchTrials { get; init; }
    public long SketchSteps { get; init; }
    public long SketchRows { get; init; }
    public long ResidualChecks { get; init; }
    public int PredictedMisses { get; init; }
    public double? MinInnerRelativeTolerance { get; init; }
    public double? MaxInnerRelativeTolerance { get; init; }
}
