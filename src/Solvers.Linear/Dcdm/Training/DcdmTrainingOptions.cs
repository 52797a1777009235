namespace Solvers.Linear.Dcdm.Training;

/// <summary>Settings of <see cref="DcdmTrainer"/>; the defaults are the shipped 64 x 64 model's (about 9 minutes on two cores).</summary>
public sealed record DcdmTrainingOptions
{
    /// <summary>Training right-hand sides (the brief's 5k-20k).</summary>
    public int Samples { get; init; } = 6000;

    /// <summary>Passes over the training samples.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Samples per Adam step (the paper's 10).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Adam step size; the brief suggests 1e-3 for the small 2-D network.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Multiplies the learning rate after every epoch.</summary>
    public double LearningRateDecay { get; init; } = 0.85;

    /// <summary>Lanczos steps for the Ritz vectors (the brief's m).</summary>
    public int LanczosSteps { get; init; } = 1000;

    /// <summary>Fraction of the samples held out to measure the validation loss (the paper's 90/10 split).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Seed of the Lanczos start, the sample coefficients, the initial weights and the shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Worker threads; each handles a share of every batch.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Grid levels of the network (2 is the brief's).</summary>
    public int Levels { get; init; } = 2;

    /// <summary>Share one residual pair across all intermediate levels, with as many levels as the grid allows.</summary>
    public bool SharedLevels { get; init; }

    /// <summary>Give the network the fluid mask as a second input channel.</summary>
    public bool MaskChannel { get; init; }

    /// <summary>
    /// Factor on the initial weights of the last convolution of every residual branch. Below 1 the network starts close
    /// to its skip paths, which keeps deeper (more level) networks from stalling in the first epochs.
    /// </summary>
    public double ResidualInitScale { get; init; } = 1.0;

    /// <summary>Reports progress after every batch.</summary>
    public IProgress<DcdmTrainingProgress>? Progress { get; init; }

    /// <summary>Stops training between batches; the network trained so far is returned.</summary>
    public CancellationToken CancellationToken { get; init; }

    internal void Validate()
    {
        if (Samples < 2) throw new ArgumentOutOfRangeException(nameof(Samples), $"Training needs at least 2 samples, got {Samples}.");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), $"Epochs must be at least 1, got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"Batch size must be at least 1, got {BatchSize}.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"Learning rate must be positive, got {LearningRate}.");
        if (!(LearningRateDecay > 0 && LearningRateDecay <= 1))
            throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), $"Learning-rate decay must be in (0, 1], got {LearningRateDecay}.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), $"Validation fraction must be in [0, 1), got {ValidationFraction}.");
        if (!(ResidualInitScale > 0 && ResidualInitScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(ResidualInitScale), $"Residual init scale must be in (0, 1], got {ResidualInitScale}.");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), $"Threads must be at least 1, got {Threads}.");
    }
}

/// <summary>Where training stands: epoch (1-based), batch within the epoch, and the mean loss of the epoch so far.</summary>
public readonly record struct DcdmTrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, TimeSpan Elapsed);
