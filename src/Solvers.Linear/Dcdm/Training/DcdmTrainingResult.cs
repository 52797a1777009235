namespace Solvers.Linear.Dcdm.Training;

/// <summary>What a training run produced and how it went.</summary>
public sealed record DcdmTrainingResult
{
    /// <summary>The trained model.</summary>
    public required DcdmModel Model { get; init; }

    /// <summary>Mean training loss of each epoch.</summary>
    public required IReadOnlyList<double> TrainingLoss { get; init; }

    /// <summary>Mean validation loss after each epoch (empty without a validation split).</summary>
    public required IReadOnlyList<double> ValidationLoss { get; init; }

    /// <summary>Mean training loss of every batch, in order (the loss curve).</summary>
    public required IReadOnlyList<double> BatchLoss { get; init; }

    /// <summary>Mean loss of the untrained network on the validation samples (or the training ones).</summary>
    public required double InitialLoss { get; init; }

    /// <summary>Lanczos steps taken and Ritz values kept.</summary>
    public required int LanczosSteps { get; init; }

    /// <summary>Time spent building the training set (Lanczos and sample synthesis).</summary>
    public required TimeSpan DataTime { get; init; }

    /// <summary>Time spent in the epochs.</summary>
    public required TimeSpan TrainingTime { get; init; }

    /// <summary>True when training stopped early on cancellation.</summary>
    public bool Cancelled { get; init; }
}
