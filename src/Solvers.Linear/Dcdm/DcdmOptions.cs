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

    /// <summary>
    /// How many previous directions each new one is A-orthogonalised against (the paper's s; 2 in its code). Storage is
    /// allocated as directions accumulate, so a value above the iteration count (keep them all, a flexible-CG-like
    /// variant) costs only what the iterations use.
    /// </summary>
    public int Directions { get; init; } = 2;

    /// <summary>
    /// Extra proposals per iteration from the same network on the grid coarsened 2x, 4x, ... (0 = the paper's method),
    /// interpolated back bilinearly. Each costs a quarter of the previous one; they carry the smooth error a network
    /// trained on a smaller grid cannot see, so the iteration count barely grows with the grid size. Levels whose grid
    /// would have a side under 2 cells are skipped, so a large value means "all that fit". Not in the paper.
    /// </summary>
    public int CoarseLevels { get; init; }

    /// <summary>
    /// Whether the coarse-level proposals of an iteration all see the residual at its start (<see cref="CoarseOrder.Additive"/>,
    /// the default) or each sees the residual the previous proposal's line search left. Ignored without coarse levels.
    /// Not in the paper.
    /// </summary>
    public CoarseOrder CoarseOrder { get; init; } = CoarseOrder.Additive;

    internal void ValidateAll()
    {
        Validate();
        if (Directions < 0 || Directions > 100_000)
            throw new ArgumentOutOfRangeException(nameof(Directions), $"DCDM keeps 0 to 100000 previous directions, not {Directions}.");
        if (CoarseLevels < 0 || CoarseLevels > 12)
            throw new ArgumentOutOfRangeException(nameof(CoarseLevels), $"DCDM uses 0 to 12 coarse levels, not {CoarseLevels}.");
        if (!Enum.IsDefined(CoarseOrder))
            throw new ArgumentOutOfRangeException(nameof(CoarseOrder), $"Unknown coarse order {(int)CoarseOrder}.");
    }
}
