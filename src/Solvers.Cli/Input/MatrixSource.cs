using System.Globalization;
using Solvers.Linear.Generators;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Cli.Input;

/// <summary>Turns a --matrix argument into a matrix: a Matrix Market file or a built-in generator.</summary>
internal static class MatrixSource
{
    public const string Help =
        "FILE.mtx (Matrix Market), poisson2d:N (5-point, N x N grid), poisson3d:N (7-point, N^3 grid), " +
        "anisotropic2d:N:EPS (diffusion with y-conductance EPS)";

    public static CsrMatrix Load(string spec)
    {
        var parts = spec.Split(':');
        switch (parts[0].ToLowerInvariant())
        {
            case "poisson2d":
                return Poisson.TwoD(GridSize(spec, parts));
            case "poisson3d":
                return Poisson.ThreeD(GridSize(spec, parts));
            case "anisotropic2d":
                if (parts.Length != 3 || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double eps))
                    throw new ArgumentException($"Matrix '{spec}': expected anisotropic2d:N:EPS, e.g. anisotropic2d:256:0.01.");
                return Diffusion.Anisotropic2D(GridSize(spec, parts[..2]), eps);
        }
        if (!File.Exists(spec))
            throw new ArgumentException($"Matrix '{spec}' is neither an existing file nor a generator ({Help}).");
        return MatrixMarket.ReadMatrix(spec);
    }

    private static int GridSize(string spec, string[] parts)
    {
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new ArgumentException($"Matrix '{spec}': expected {parts[0]}:N with a positive integer N.");
        return n;
    }
}
