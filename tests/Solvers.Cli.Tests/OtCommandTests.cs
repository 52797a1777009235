using System.Globalization;

namespace Solvers.Cli.Tests;

public class OtCommandTests
{
    private static (string X, string Y) WriteClouds(int n, int seed)
    {
        var rng = new Random(seed);
        string x = CliRunner.TempFile(".csv"), y = CliRunner.TempFile(".csv");
        File.WriteAllLines(x, Enumerable.Range(0, n).Select(_ => string.Create(CultureInfo.InvariantCulture, $"{rng.NextDouble():R},{rng.NextDouble():R}")));
        File.WriteAllLines(y, Enumerable.Range(0, n).Select(_ => string.Create(CultureInfo.InvariantCulture, $"{rng.NextDouble():R},{rng.NextDouble():R}")));
        return (x, y);
    }

    [Theory]
    [InlineData("sinkhorn")]
    [InlineData("sinkhorn-log")]
    [InlineData("sns")]
    [InlineData("exact")]
    public void JsonHasTheContractFields(string method)
    {
        var (x, y) = WriteClouds(40, 1);
        var run = CliRunner.Invoke("ot", "--x", x, "--y", y, "--normalize", "max", "--reg", "1e-2", "--method", method, "--json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        foreach (var field in new[] { "method", "n", "m", "reg", "iterations", "marginalError", "cost", "seconds" })
            Assert.True(json.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal(method, json.GetProperty("method").GetString());
        Assert.Equal(40, json.GetProperty("n").GetInt32());
        Assert.True(json.GetProperty("marginalError").GetDouble() <= 1e-9);
        Assert.Equal(method == "sns", json.TryGetProperty("newtonSteps", out _));
        Assert.Equal(method == "sns", json.TryGetProperty("cgIterations", out _));
    }

    [Theory]
    [InlineData("reduced", "on")]
    [InlineData("full", "off")]
    public void SnsOptionsAndProfileInTheJson(string system, string interleave)
    {
        var (x, y) = WriteClouds(60, 5);
        var run = CliRunner.Invoke("ot", "--x", x, "--y", y, "--normalize", "max", "--reg", "1e-3", "--method", "sns",
            "--newton-system", system, "--interleave-sinkhorn", interleave, "--json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.True(json.GetProperty("marginalError").GetDouble() <= 1e-9);
        int interleaved = json.GetProperty("interleavedSinkhorn").GetInt32();
        Assert.Equal(interleave == "off", interleaved == 0);
        Assert.Equal(json.GetProperty("iterations").GetInt64(),
            json.GetProperty("sinkhornIterations").GetInt32() + json.GetProperty("newtonSteps").GetInt32() + interleaved);
        var profile = json.GetProperty("profile");
        foreach (var field in new[] { "warmStartSeconds", "sparsifySeconds", "preconditionerSeconds", "cgSeconds", "lineSearchSeconds", "fallbackSeconds" })
            Assert.True(profile.GetProperty(field).GetDouble() >= 0, field);
        Assert.True(json.GetProperty("averageKeptEntries").GetDouble() > 0);
    }

    [Fact]
    public void RepeatReportsTheSameSolutionAndItsCount()
    {
        var (x, y) = WriteClouds(30, 9);
        var once = CliRunner.Invoke("ot", "--x", x, "--y", y, "--normalize", "max", "--reg", "1e-2", "--method", "sns", "--json");
        var thrice = CliRunner.Invoke("ot", "--x", x, "--y", y, "--normalize", "max", "--reg", "1e-2", "--method", "sns", "--warmup", "--repeat", "3", "--json");
        Assert.Equal(0, once.ExitCode);
        Assert.Equal(0, thrice.ExitCode);
        Assert.Equal(1, once.Json.GetProperty("repeats").GetInt32());
        Assert.Equal(3, thrice.Json.GetProperty("repeats").GetInt32());
        Assert.Equal(once.Json.GetProperty("cost").GetDouble(), thrice.Json.GetProperty("cost").GetDouble());
        Assert.Equal(once.Json.GetProperty("iterations").GetInt64(), thrice.Json.GetProperty("iterations").GetInt64());
        Assert.Equal(1, CliRunner.Invoke("ot", "--x", x, "--y", y, "--method", "sns", "--repeat", "0", "--json").ExitCode);
    }

    [Fact]
    public void UnknownNewtonSystemIsBadInput()
    {
        var (x, y) = WriteClouds(10, 6);
        var run = CliRunner.Invoke("ot", "--x", x, "--y", y, "--method", "sns", "--newton-system", "dense", "--json");
        Assert.Equal(1, run.ExitCode);
    }

    [Theory]
    [InlineData("sinkhorn-log")]
    [InlineData("sinkhorn")]
    public void DeviceCpuSimReportsTheDeviceAndTheSameCostAsTheCpu(string method)
    {
        var (x, y) = WriteClouds(12, 3);
        string[] common = ["ot", "--x", x, "--y", y, "--normalize", "max", "--reg", "1e-1", "--method", method, "--json"];
        var sim = CliRunner.Invoke([.. common, "--device", "cpu-sim"]);
        var off = CliRunner.Invoke([.. common, "--device", "off"]);
        Assert.Equal(0, sim.ExitCode);
        Assert.Equal(0, off.ExitCode);
        Assert.NotEqual("cpu", sim.Json.GetProperty("device").GetString());
        Assert.True(sim.Json.GetProperty("transferSeconds").GetDouble() > 0);
        Assert.Equal("cpu", off.Json.GetProperty("device").GetString());
        Assert.Equal(0, off.Json.GetProperty("transferSeconds").GetDouble());
        double cost = off.Json.GetProperty("cost").GetDouble();
        Assert.Equal(cost, sim.Json.GetProperty("cost").GetDouble(), 1e-12 * cost);
        Assert.Equal(off.Json.GetProperty("iterations").GetInt64(), sim.Json.GetProperty("iterations").GetInt64());
        Assert.True(sim.Json.GetProperty("marginalError").GetDouble() <= 1e-9);
    }

    [Fact]
    public void DeviceAutoOnASmallProblemRunsOnTheCpuAndSaysWhy()
    {
        var (x, y) = WriteClouds(10, 4);
        var run = CliRunner.Invoke("ot", "--x", x, "--y", y, "--reg", "1e-1", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("cpu", run.Json.GetProperty("device").GetString());
        Assert.Contains("below the device threshold", run.Json.GetProperty("message").GetString());
    }

    [Fact]
    public void DeviceRequestForSnsOrExactIsBadInput()
    {
        var (x, y) = WriteClouds(6, 5);
        var run = CliRunner.Invoke("ot", "--x", x, "--y", y, "--method", "exact", "--device", "cpu-sim");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--device cpu-sim", run.Error);
    }

    [Fact]
    public void ExactAndEntropicCostsAreConsistentAndThePlanIsWritten()
    {
        var (x, y) = WriteClouds(30, 2);
        string plan = CliRunner.TempFile(".csv");
        var exact = CliRunner.Invoke("ot", "--x", x, "--y", y, "--method", "exact", "--json", "--plan", plan, "--plan-format", "sparse");
        var entropic = CliRunner.Invoke("ot", "--x", x, "--y", y, "--method", "sinkhorn", "--reg", "1e-3", "--json");
        Assert.Equal(0, exact.ExitCode);
        double c0 = exact.Json.GetProperty("cost").GetDouble(), c1 = entropic.Json.GetProperty("cost").GetDouble();
        Assert.True(c1 >= c0 - 1e-12 && c1 - c0 <= 1e-3 * Math.Log(900), $"{c0} vs {c1}");
        var lines = File.ReadAllLines(plan);
        Assert.Equal("i,j,value", lines[0]);
        Assert.Equal(31, lines.Length); // a permutation: 30 nonzeros
    }

    [Fact]
    public void CostMatrixInputAndWeights()
    {
        string c = CliRunner.TempFile(".csv"), a = CliRunner.TempFile(".csv"), b = CliRunner.TempFile(".csv");
        File.WriteAllLines(c, ["1,2", "3,1"]);
        File.WriteAllLines(a, ["0.6", "0.4"]);
        File.WriteAllLines(b, ["0.3", "0.7"]);
        var run = CliRunner.Invoke("ot", "--cost", c, "--a", a, "--b", b, "--method", "exact", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1.3, run.Json.GetProperty("cost").GetDouble(), 12);
    }

    [Fact]
    public void BadInputExitsWithOne()
    {
        var (x, y) = WriteClouds(5, 3);
        string a = CliRunner.TempFile(".csv");
        File.WriteAllLines(a, ["0.5", "0.5", "-0.2", "0.1", "0.1"]);
        var negative = CliRunner.Invoke("ot", "--x", x, "--y", y, "--a", a);
        Assert.Equal(1, negative.ExitCode);
        Assert.Contains("a[2]", negative.Error);
        var missing = CliRunner.Invoke("ot", "--x", x);
        Assert.Equal(1, missing.ExitCode);
        var absent = CliRunner.Invoke("ot", "--x", x, "--y", "/nonexistent/Y.csv");
        Assert.Equal(1, absent.ExitCode);
        string b = CliRunner.TempFile(".csv");
        File.WriteAllLines(b, ["0.1", "0.1", "0.1", "0.1", "0.1"]);
        var mass = CliRunner.Invoke("ot", "--x", x, "--y", y, "--b", b);
        Assert.Equal(1, mass.ExitCode);
        Assert.Contains("different total mass", mass.Error);
        Assert.Equal(0, CliRunner.Invoke("ot", "--x", x, "--y", y, "--b", b, "--renormalize", "--method", "exact", "--json").ExitCode);
    }

    [Fact]
    public void NonConvergenceExitsWithTwo()
    {
        var (x, y) = WriteClouds(30, 4);
        var run = CliRunner.Invoke("ot", "--x", x, "--y", y, "--normalize", "max", "--reg", "1e-3", "--max-iter", "3", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("MaxIterations", run.Json.GetProperty("status").GetString());
    }
}
