using System.Globalization;
using System.Text.Json;
using Solvers.Linear.Generators.Fluid;
using Solvers.Linear.IO;

namespace Solvers.Benchmarks.Peers;

/// <summary>
/// `dcdm-export --matrix fluid2d:N[:KIND] --rhs random|divergence [--seed S] --dir DIR`: writes the fluid pressure
/// system as DIR/A.mtx (symmetric) and DIR/b.mtx so that the DCDM benchmark (benchmarks/peers/dcdm/run.sh) hands
/// the very same system to our CLI (--rhs DIR/b.mtx) and to the PETSc and SciPy peers. KIND is what
/// <see cref="FluidDomain.Parse"/> takes (box, disc, rects, rects@SEED, MASK.csv). "random" is the CLI's
/// (uniform in [-1, 1) from new Random(seed), as in solvers' VectorSource); "divergence" is
/// <see cref="FluidPressureSystem.DivergenceRhs"/>. Prints one JSON line describing the system.
/// </summary>
internal static class DcdmExport
{
    public static int Run(string[] args)
    {
        string spec = MatrixSpec.Option(args, "--matrix") ?? throw new ArgumentException("dcdm-export needs --matrix fluid2d:N[:KIND].");
        string rhs = MatrixSpec.Option(args, "--rhs") ?? "random";
        int seed = int.Parse(MatrixSpec.Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        string dir = MatrixSpec.Option(args, "--dir") ?? throw new ArgumentException("dcdm-export needs --dir DIR.");

        var parts = spec.Split(':', 3);
        if (parts.Length < 2 || parts[0] != "fluid2d")
            throw new ArgumentException($"Matrix '{spec}': expected fluid2d:N[:KIND].");
        int n = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var system = FluidPressureSystem.Build(FluidDomain.Parse(n, parts.Length == 3 ? parts[2] : "box"));
        var a = system.Matrix;
        double[] b = rhs switch
        {
            "random" => RandomLikeCli(a.RowCount, seed),
            "divergence" => system.DivergenceRhs(seed),
            _ => throw new ArgumentException($"Unknown --rhs '{rhs}' (random or divergence)."),
        };

        Directory.CreateDirectory(dir);
        MatrixMarket.WriteMatrix(Path.Combine(dir, "A.mtx"), a, MatrixMarketSymmetry.Symmetric, comment: $"{spec}");
        MatrixMarket.WriteVector(Path.Combine(dir, "b.mtx"), b, comment: $"{spec} --rhs {rhs} --seed {seed}");
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["matrix"] = spec,
            ["rhs"] = rhs,
            ["seed"] = seed,
            ["grid"] = n,
            ["n"] = a.RowCount,
            ["nnz"] = a.NonZeroCount,
            ["fluidCells"] = system.Domain.FluidCount,
            ["enclosedCellsRemoved"] = system.EnclosedCellsRemoved,
            ["dir"] = dir,
        }));
        return 0;
    }

    /// <summary>The CLI's --rhs random: uniform in [-1, 1) from new Random(seed).</summary>
    private static double[] RandomLikeCli(int n, int seed)
    {
        var rng = new Random(seed);
        var b = new double[n];
        for (int i = 0; i < n; i++) b[i] = 2 * rng.NextDouble() - 1;
        return b;
    }
}
