using System.Globalization;
using Solvers.Linear.Generators;
using Solvers.Linear.Generators.Fluid;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Cli.Input;

/// <summary>Turns a --matrix argument into a matrix: a Matrix Market file or a built-in generator.</summary>
internal static class MatrixSource
{
    public const string Help =
        "FILE.mtx (Matrix Market), poisson2d:N (5-point, N x N grid), poisson3d:N (7-point, N^3 grid), " +
        "anisotropic2d:N:EPS (diffusion with y-conductance EPS), " +
        "fluid2d:N[:box|disc|rects|rects@SEED|MASK.csv] (2-D pressure Poisson on N x N cells with an open top and solid obstacles; " +
        "default box; MASK.csv: 0/1 per cell, one grid row per line, N x N)";

    /// <summary>
    /// The fluid pressure system of a <c>fluid2d:N[:KIND]</c> spec, or null for any other spec. Callers that need the
    /// grid (--rhs divergence, the DCDM network) keep it; <see cref="Load"/> uses its matrix.
    /// </summary>
    public static FluidPressureSystem? LoadFluid(string spec)
    {
        // At most 3 parts, so a mask path may itself contain ':'.
        var parts = spec.Split(':', 3);
        if (!parts[0].Equals("fluid2d", StringComparison.OrdinalIgnoreCase)) return null;
        int n = GridSize(spec, parts[..Math.Min(2, parts.Length)]);
        if (n < 2) throw new ArgumentException($"Matrix '{spec}': fluid2d needs N >= 2.");
        string kind = parts.Length == 3 ? parts[2] : "box";
        try
        {
            return FluidPressureSystem.Build(FluidDomain.Parse(n, kind));
        }
        catch (ArgumentException e)
        {
            // Drop the " (Parameter 'kind')" suffix: the user typed a spec, not a parameter.
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "");
            throw new ArgumentException($"Matrix '{spec}': {message}", e);
        }
    }

    public static CsrMatrix Load(string spec)
    {
        if (LoadFluid(spec) is { } fluid) return fluid.Matrix;
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
