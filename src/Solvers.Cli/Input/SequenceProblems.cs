using Solvers.Linear.Generators.Sequences;

namespace Solvers.Cli.Input;

/// <summary>The --problem values of <c>solvers sequence</c> that this build can generate.</summary>
internal static class SequenceProblems
{
    public static readonly string[] Names = ["shifted-laplacian", "heat2d", "darcy2d", "helmholtz2d"];

    /// <summary>
    /// The --variant values of darcy2d and helmholtz2d: standard (default; -div(K grad u) by harmonic-mean finite
    /// volumes, and Helmholtz with a GRF wavenumber field, as the issue and the paper's text describe them) or paper (the
    /// systems the SKR paper's scripts actually build, non-symmetric; used to compare with its published numbers).
    /// </summary>
    public static readonly string[] Variants = ["standard", "paper"];

    /// <summary>
    /// Default --n: 10 x 10 for the shifted Laplacians and nx = 100 for heat (Learning to Relax). SKR: the paper's Darcy
    /// "6400" and Helmholtz "10^4" sets have 78 x 78 and 98 x 98 unknowns (fields on 80 x 80 and 100 x 100 grids);
    /// the standard variants 80 x 80 and 100 x 100.
    /// </summary>
    public static int DefaultGrid(string problem, string variant = "standard") => (problem, variant) switch
    {
        ("darcy2d", "paper") => 78,
        ("helmholtz2d", "paper") => 98,
        ("darcy2d", _) => 80,
        ("heat2d" or "helmholtz2d", _) => 100,
        _ => 10,
    };

    /// <summary>Unknowns per system, or null for problems this build does not generate.</summary>
    public static int? Unknowns(string problem, int grid) => problem switch
    {
        "shifted-laplacian" => grid * grid,
        "heat2d" => (grid - 1) * (grid - 1),
        "darcy2d" or "helmholtz2d" => grid * grid,
        _ => null,
    };

    /// <summary>The sequence, or null for an unknown problem. <paramref name="variant"/> matters only for darcy2d and helmholtz2d.</summary>
    public static ISystemSequence? TryCreate(string problem, int grid, int count, int seed, string variant = "standard")
    {
        if (problem is "darcy2d" or "helmholtz2d" && !Variants.Contains(variant))
            throw new ArgumentException($"--variant must be one of {string.Join(", ", Variants)}, was '{variant}'.");
        bool paper = variant == "paper";
        return problem switch
        {
            "shifted-laplacian" => new ShiftedLaplacianSequence(grid, count, seed),
            "heat2d" => grid >= 2 ? new HeatEquation2D(grid, count) : throw new ArgumentException($"--n must be at least 2 for heat2d (mesh intervals per side), was {grid}."),
            "darcy2d" => new IndependentSystems("darcy2d", "mean log-permeability", (paper
                ? DarcyFlow2D.PaperSequence(AtLeast(3, grid), count, seed)
                : DarcyFlow2D.Sequence(AtLeast(2, grid), count, seed)).ToList()),
            "helmholtz2d" => paper
                ? new IndependentSystems("helmholtz2d", "wavenumber", Helmholtz2D.PaperSequence(AtLeast(3, grid), count, seed).ToList())
                : new IndependentSystems("helmholtz2d", "mean wavenumber", Helmholtz2D.Sequence(AtLeast(2, grid), count, seed).ToList()),
            _ => null,
        };
    }

    private static int AtLeast(int least, int grid) =>
        grid >= least ? grid : throw new ArgumentException($"--n must be at least {least} (grid points per side), was {grid}.");
}
