using Solvers.Linear.Dcdm;
using Solvers.Linear.Generators.Fluid;

namespace Solvers.Cli.Input;

/// <summary>The cell grid behind a --matrix spec, for methods (DCDM) that see vectors as images.</summary>
internal static class GridLayouts
{
    public static GridLayout Of(FluidPressureSystem system) => new(system.Domain.N, system.Domain.N, system.CellOfUnknown);

    /// <summary>The layout of a fluid2d or poisson2d matrix; any other matrix has none, which is a clear error.</summary>
    public static GridLayout For(string spec, FluidPressureSystem? fluid, int rows)
    {
        if (fluid is not null) return Of(fluid);
        var parts = spec.Split(':');
        if (parts.Length == 2 && parts[0].Equals("poisson2d", StringComparison.OrdinalIgnoreCase) && int.TryParse(parts[1], out int n) && n * n == rows)
            return GridLayout.Full(n, n);
        throw new ArgumentException(
            $"--method dcdm needs a matrix on a 2-D grid (fluid2d:N[:box|disc|rects|MASK.csv] or poisson2d:N); '{spec}' has no grid.");
    }
}
