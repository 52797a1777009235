using Solvers.Linear.Generators.Fluid;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Cli.Input;

/// <summary>Turns a --rhs argument into a right-hand side for a given matrix.</summary>
internal static class VectorSource
{
    public const string Help = "ones (b = 1), aones (b = A 1, so x = 1 solves it), random (uniform in [-1, 1), --seed), " +
        "divergence (fluid2d matrices: -div of a random face velocity field, --seed), or FILE.mtx";

    /// <summary>
    /// The right-hand side named by <paramref name="spec"/> for <paramref name="a"/>. "divergence" also needs
    /// <paramref name="fluid"/>, the system behind a fluid2d matrix (from <see cref="MatrixSource.LoadFluid"/>).
    /// </summary>
    public static double[] Load(string spec, CsrMatrix a, int seed, FluidPressureSystem? fluid = null)
    {
        int n = a.RowCount;
        switch (spec.ToLowerInvariant())
        {
            case "ones":
                return Enumerable.Repeat(1.0, n).ToArray();
            case "aones":
                var b = new double[n];
                a.Apply(Enumerable.Repeat(1.0, a.ColumnCount).ToArray(), b);
                return b;
            case "random":
                var rng = new Random(seed);
                return Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            case "divergence":
                return fluid?.DivergenceRhs(seed)
                    ?? throw new ArgumentException("Right-hand side 'divergence' needs a fluid2d:N[:KIND] matrix (it is -div of a velocity field on that grid).");
        }
        if (!File.Exists(spec))
            throw new ArgumentException($"Right-hand side '{spec}' is neither an existing file nor one of: {Help}.");
        var v = MatrixMarket.ReadVector(spec);
        if (v.Length != n)
            throw new ArgumentException($"Right-hand side '{spec}' has length {v.Length}; the matrix has {n} rows.");
        return v;
    }
}
