using Solvers.Linear.Solving;

namespace Solvers.Linear.Dcdm;

/// <summary>Options of <see cref="DeepConjugateDirections"/>: the common solver options plus the memory of directions.</summary>
public sealed record DcdmOptions : SolverOptions
{
    /// <summary>Options with the paper's defaults (s = 2, relative tolerance 1e-4, 100 iterations).</summary>
    public DcdmOptions()
    {
        RelativeTolerance = 1e-4;
        MaxIterations = 100;
    }

    /// <summary>Copies the common options.</summary>
    public DcdmOptions(SolverOptions options) : base(options) { }

    /// <summary>How many previous directions each new one is A-orthogonalised against (the paper's s; 2 in its code).</summary>
    public int Directions { get; init; } = 2;

    internal void ValidateAll()
    {
        Validate();
        if (Directions < 0 || Directions > 100)
            throw new ArgumentOutOfRangeException(nameof(Directions), $"DCDM keeps 0 to 100 previous directions, not {Directions}.");
    }
}
