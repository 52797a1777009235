using Solvers.Linear.Dcdm;
using Solvers.Linear.Generators.Fluid;
using Solvers.Linear.IO;

namespace Solvers.Cli.Tests;

public class DcdmCommandTests
{
    private static string ShippedModel => Path.Combine(AppContext.BaseDirectory, "models", "dcdm-fluid64.dcdm");

    [Fact]
    public void TrainWritesALoadableModelALossPlotAndTheJsonFields()
    {
        string model = CliRunner.TempFile(".dcdm");
        string plot = CliRunner.TempFile(".png");
        var run = CliRunner.Invoke("dcdm", "train", "--grid", "16", "--samples", "60", "--epochs", "2", "--lanczos", "80",
            "--out", model, "--plot", plot, "--json", "--seed", "3");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.Equal(16, json.GetProperty("grid").GetInt32());
        Assert.Equal(2, json.GetProperty("epochs").GetInt32());
        Assert.Equal(2, json.GetProperty("trainingLoss").GetArrayLength());
        Assert.True(json.GetProperty("trainingSeconds").GetDouble() > 0);
        var loaded = DcdmModel.Load(model);
        Assert.Equal(16, loaded.TrainingGrid);
        Assert.Equal(json.GetProperty("finalLoss").GetDouble(), loaded.FinalLoss);
        Assert.Equal(json.GetProperty("parameters").GetInt32(), loaded.Network.ParameterCount);
        var png = File.ReadAllBytes(plot);
        Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G');
        File.Delete(model);
        File.Delete(plot);
    }

    [Fact]
    public void SolveWithTheShippedModelConvergesOnAnObstacleProblem()
    {
        string output = CliRunner.TempFile(".mtx");
        var run = CliRunner.Invoke("solve", "--matrix", "fluid2d:32:rects@4", "--rhs", "divergence", "--seed", "2",
            "--method", "dcdm", "--model", ShippedModel, "--tol", "1e-6", "--json", "--out", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("dcdm", run.Json.GetProperty("method").GetString());
        Assert.True(run.Json.GetProperty("converged").GetBoolean());

        FluidSolutionCheck.AssertResidual(FluidDomain.Rectangles(32, seed: 4), rhsSeed: 2, output, 1e-6);
    }

    [Fact]
    public void TheCoarseToFineOrderSolvesToTheToleranceAndUnknownOrdersAreRejected()
    {
        string output = CliRunner.TempFile(".mtx");
        var run = CliRunner.Invoke("solve", "--matrix", "fluid2d:32:disc", "--rhs", "divergence", "--seed", "5", "--method", "dcdm",
            "--model", ShippedModel, "--directions", "1000", "--coarse-levels", "8", "--coarse-order", "coarse-to-fine", "--tol", "1e-7",
            "--json", "--out", output);
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json.GetProperty("converged").GetBoolean());

        FluidSolutionCheck.AssertResidual(FluidDomain.Disc(32), rhsSeed: 5, output, 1e-7);

        var unknown = CliRunner.Invoke("solve", "--matrix", "fluid2d:16", "--method", "dcdm", "--model", ShippedModel,
            "--coarse-levels", "2", "--coarse-order", "sideways");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("sideways", unknown.Error);
    }

    [Fact]
    public void MissingBrokenOrUnfitModelsAreBadInputWithAReason()
    {
        var noModel = CliRunner.Invoke("solve", "--matrix", "fluid2d:16", "--method", "dcdm");
        Assert.Equal(1, noModel.ExitCode);
        Assert.Contains("--model", noModel.Error);

        string broken = CliRunner.TempFile(".dcdm");
        File.WriteAllBytes(broken, File.ReadAllBytes(ShippedModel)[..500]);
        var truncated = CliRunner.Invoke("solve", "--matrix", "fluid2d:16", "--method", "dcdm", "--model", broken);
        Assert.Equal(1, truncated.ExitCode);
        Assert.Contains("truncated", truncated.Error);
        File.Delete(broken);

        var noGrid = CliRunner.Invoke("solve", "--matrix", "poisson3d:6", "--method", "dcdm", "--model", ShippedModel);
        Assert.Equal(1, noGrid.ExitCode);
        Assert.Contains("2-D grid", noGrid.Error);
    }
}
