using Solvers.Linear.Generators.Sequences;

namespace Solvers.Cli.Input;

/// <summary>The --problem values of <c>solvers sequence</c> that this build can generate.</summary>
internal static class SequenceProblems
{
    public static readonly string[] Names = ["shifted-laplacian", "heat2d", "darcy2d", "helmholtz2d"];

    /// <summary>Default --n: 10 x 10 for the shifted Laplacians and nx = 100 for heat (Learning to Relax); 80 x 80 Darcy and 100 x 100 Helmholtz (SKR).</summary>
    public static int DefaultGrid(string problem) => problem switch { "heat2d" or "helmholtz2d" => 100, "darcy2d" => 80, _ => 10 };

    /// <summary>Unknowns per system, or null for problems this build does not generate.</summary>
    public static int? Unknowns(string problem, int grid) => problem switch
    {
        "shifted-laplacian" => grid * grid,
        "heat2d" => (grid - 1) * (grid - 1),
        "darcy2d" or "helmholtz2d" => grid * grid,
        _ => null,
    };

    /// <summary>The sequence, or null for an unknown problem.</summary>
    public static ISystemSequence? TryCreate(string problem, int grid, int count, int seed) => problem switch
    {
        "shifted-laplacian" => new ShiftedLaplacianSequence(grid, count, seed),
        "heat2d" => grid >= 2 ? new HeatEquation2D(grid, count) : throw new ArgumentException($"--n must be at least 2 for heat2d (mesh intervals per side), was {grid}."),
        "darcy2d" => new IndependentSystems("darcy2d", "mean log-permeability", DarcyFlow2D.Sequence(AtLeastTwo(grid), count, seed).ToList()),
        "helmholtz2d" => new IndependentSystems("helmholtz2d", "mean wavenumber", Helmholtz2D.Sequence(AtLeastTwo(grid), count, seed).ToList()),
        _ => null,
    };

    private static int AtLeastTwo(int grid) =>
        grid >= 2 ? grid : throw new ArgumentException($"--n must be at least 2 (grid points per side), was {grid}.");
}
