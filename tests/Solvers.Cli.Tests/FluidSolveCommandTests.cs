using Solvers.Linear.Generators.Fluid;
using Solvers.Linear.IO;

namespace Solvers.Cli.Tests;

public class FluidSolveCommandTests
{
    [Theory]
    [InlineData("cg", "none")]
    [InlineData("pcg", "ic0")]
    public void Fluid2dSpecSolvesTheDivergenceSystem(string method, string precond)
    {
        string output = CliRunner.TempFile(".mtx");
        var run = CliRunner.Invoke("solve", "--matrix", "fluid2d:32:disc", "--rhs", "divergence", "--seed", "3",
            "--method", method, "--precond", precond, "--tol", "1e-8", "--json", "--out", output);
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json.GetProperty("converged").GetBoolean());

        // Independent check against the library's system for the same spec and seed.
        var system = FluidSolutionCheck.AssertResidual(FluidDomain.Disc(32), rhsSeed: 3, output, 1e-8);
        Assert.Equal(system.UnknownCount, run.Json.GetProperty("n").GetInt32());
    }

    [Fact]
    public void Fluid2dMistakesAreBadInput()
    {
        string mask = CliRunner.TempFile(".csv");
        File.WriteAllText(mask, "1,1,1\n1,0,1\n1,1,1\n");
        var wrongSize = CliRunner.Invoke("solve", "--matrix", $"fluid2d:8:{mask}", "--method", "cg");
        Assert.Equal(1, wrongSize.ExitCode);
        Assert.Contains("3 x 3", wrongSize.Error);

        var fromFile = CliRunner.Invoke("solve", "--matrix", $"fluid2d:3:{mask}", "--method", "cg", "--json");
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(8, fromFile.Json.GetProperty("n").GetInt32());
        File.Delete(mask);

        var notFluid = CliRunner.Invoke("solve", "--matrix", "poisson2d:8", "--rhs", "divergence", "--method", "cg");
        Assert.Equal(1, notFluid.ExitCode);
        Assert.Contains("fluid2d", notFluid.Error);

        var badKind = CliRunner.Invoke("solve", "--matrix", "fluid2d:8:teapot", "--method", "cg");
        Assert.Equal(1, badKind.ExitCode);
        Assert.Contains("teapot", badKind.Error);
    }
}
