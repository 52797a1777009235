using Solvers.Linear.Solving;

namespace Solvers.Constrained.Halpern;

/// <summary>Options of <see cref="MinMaxSolver"/>.</summary>
public sealed record MinMaxOptions
{
    /// <summary>Oracle budget in epochs (component calls / n). Default 100.</summary>
    public double Epochs { get; init; } = 100;

    /// <summary>Stop once the residual (checked at each record point) is at most this. Default 0: run the budget.</summary>
    public double Tolerance { get; init; }

    /// <summary>Step size; null takes the problem's default for the method (<see cref="MinMaxProblem.Steps"/>).</summary>
    public double? StepSize { get; init; }

    /// <summary>Algorithm 2 inner step gamma; null takes the problem's default.</summary>
    public double? InnerStepSize { get; init; }

    /// <summary>PAGE minibatch size b (Algorithm 1); null takes floor(sqrt n).</summary>
    public int? BatchSize { get; init; }

    /// <summary>Snapshot probability p of VR-EG and of the Algorithm 2 inner solver; null takes 1/n.</summary>
    public double? SnapshotProbability { get; init; }

    /// <summary>Seed of the sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Epochs between residual records (each costs one uncounted full evaluation). Default: budget / 200.</summary>
    public double? RecordEvery { get; init; }

    /// <summary>Called at each record with the residual (relative = residual / initial residual; iteration = iterations so far).</summary>
    public IIterationMonitor? Monitor { get; init; }

    /// <summary>Stops the run with <see cref="SolveStatus.Cancelled"/>.</summary>
    public CancellationToken CancellationToken { get; init; }
}
