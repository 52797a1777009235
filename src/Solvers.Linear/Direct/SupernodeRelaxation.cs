namespace Solvers.Linear.Direct;

/// <summary>
/// When two supernodes are merged although the merge stores explicit zeros ("relaxed" or amalgamated
/// supernodes; Ashcraft and Grimes, 1989). Bigger supernodes mean bigger dense blocks for the same fill. A child
/// is merged into its parent when the merged supernode has at most <see cref="AlwaysColumns"/> columns, or at most
/// <see cref="SmallColumns"/> columns and a zero fraction below <see cref="SmallZeroFraction"/>, or at most
/// <see cref="MediumColumns"/> columns and a zero fraction below <see cref="MediumZeroFraction"/>, or any size with
/// a zero fraction below <see cref="LargeZeroFraction"/>. The defaults are the settings CHOLMOD publishes
/// (nrelax = 4, 16, 48; zrelax = 0.8, 0.1, 0.05).
/// </summary>
public sealed record SupernodeRelaxation
{
    /// <summary>Merge whenever the result has at most this many columns. Default 4.</summary>
    public int AlwaysColumns { get; init; } = 4;

    /// <summary>Column limit for <see cref="SmallZeroFraction"/>. Default 16.</summary>
    public int SmallColumns { get; init; } = 16;

    /// <summary>Zero fraction allowed up to <see cref="SmallColumns"/> columns. Default 0.8.</summary>
    public double SmallZeroFraction { get; init; } = 0.8;

    /// <summary>Column limit for <see cref="MediumZeroFraction"/>. Default 48.</summary>
    public int MediumColumns { get; init; } = 48;

    /// <summary>Zero fraction allowed up to <see cref="MediumColumns"/> columns. Default 0.1.</summary>
    public double MediumZeroFraction { get; init; } = 0.1;

    /// <summary>Zero fraction allowed at any size. Default 0.05.</summary>
    public double LargeZeroFraction { get; init; } = 0.05;

    /// <summary>The defaults.</summary>
    public static SupernodeRelaxation Default { get; } = new();

    /// <summary>Only fundamental supernodes (columns with identical structure): no explicit zeros.</summary>
    public static SupernodeRelaxation None { get; } = new()
    {
        AlwaysColumns = 0, SmallColumns = 0, SmallZeroFraction = 0, MediumColumns = 0, MediumZeroFraction = 0, LargeZeroFraction = 0,
    };

    internal bool Allows(long columns, double zeroFraction) =>
        columns <= AlwaysColumns
        || (columns <= SmallColumns && zeroFraction < SmallZeroFraction)
        || (columns <= MediumColumns && zeroFraction < MediumZeroFraction)
        || zeroFraction < LargeZeroFraction;
}
