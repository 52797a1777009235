using Solvers.Linear.Generators.Fluid;
using Solvers.Linear.IO;

namespace Solvers.Cli.Tests;

/// <summary>Independent check of a fluid2d solution the CLI wrote with --out.</summary>
internal static class FluidSolutionCheck
{
    /// <summary>
    /// Rebuilds the system for <paramref name="domain"/> and the divergence right-hand side of <paramref name="rhsSeed"/>
    /// with the library, asserts ||b - A x|| &lt;= tolerance ||b|| (1% slack) for the x in <paramref name="output"/>,
    /// then deletes the file. Returns the rebuilt system.
    /// </summary>
    public static FluidPressureSystem AssertResidual(FluidDomain domain, int rhsSeed, string output, double tolerance)
    {
        var system = FluidPressureSystem.Build(domain);
        var b = system.DivergenceRhs(rhsSeed);
        var x = MatrixMarket.ReadVector(output);
        var ax = new double[b.Length];
        system.Matrix.Apply(x, ax);
        double r = Math.Sqrt(ax.Zip(b, (p, q) => (p - q) * (p - q)).Sum()), bn = Math.Sqrt(b.Sum(v => v * v));
        Assert.True(r <= tolerance * bn * 1.01, $"relative residual {r / bn}");
        File.Delete(output);
        return system;
    }
}
