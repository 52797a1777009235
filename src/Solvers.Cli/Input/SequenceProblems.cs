using Solvers.Linear.Generators.Sequences;

namespace Solvers.Cli.Input;

/// <summary>The --problem values of <c>solvers sequence</c> that this build can generate.</summary>
internal static class SequenceProblems
{
    public static readonly string[] Names = ["shifted-laplacian", "heat2d", "darcy2d", "helmholtz2d"];

    /// <summary>Default --n: the paper's 10 x 10 grid for the shifted Laplacians, nx = 100 for the heat equation.</summary>
    public static int DefaultGrid(string problem) => problem == "heat2d" ? 100 : 10;

    /// <summary>Unknowns per system, or null for problems this build does not generate.</summary>
    public static int? Unknowns(string problem, int grid) => problem switch
    {
        "shifted-laplacian" => grid * grid,
        "heat2d" => (grid - 1) * (grid - 1),
        _ => null,
    };

    /// <summary>The sequence, or null when the problem's generator is not part of this build (darcy2d, helmholtz2d).</summary>
    public static ISystemSequence? TryCreate(string problem, int grid, int count, int seed) => problem switch
    {
        "shifted-laplacian" => new ShiftedLaplacianSequence(grid, count, seed),
        "heat2d" => grid >= 2 ? new HeatEquation2D(grid, count) : throw new ArgumentException($"--n must be at least 2 for heat2d (mesh intervals per side), was {grid}."),
        _ => null,
    };
}
