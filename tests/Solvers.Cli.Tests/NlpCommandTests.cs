namespace Solvers.Cli.Tests;

public class NlpCommandTests
{
    [Fact]
    public void Hs6JsonHasContractFields()
    {
        var run = CliRunner.Invoke("nlp", "--problem", "hs6", "--json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        foreach (var field in new[] { "problem", "n", "m", "f", "kktStationarity", "kktFeasibility", "outerIterations", "innerIterations", "seconds", "status" })
            Assert.True(json.TryGetProperty(field, out _), $"missing {field}");
        Assert.True(json.GetProperty("cpuSeconds").GetDouble() >= 0);
        Assert.Equal("hs6", json.GetProperty("problem").GetString());
        Assert.Equal("Converged", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("kktStationarity").GetDouble() <= 1e-6);
    }

    [Fact]
    public void Pde2dJsonHasProfileAndPredictedMisses()
    {
        var run = CliRunner.Invoke("nlp", "--problem", "pde2d", "--n", "12", "--json");
        Assert.Equal(0, run.ExitCode);
        var profile = run.Json.GetProperty("profile");
        foreach (var field in new[] { "evaluationSeconds", "hessianSeconds", "setupSeconds", "sketchSeconds", "exactSolveSeconds", "lineSearchTrials", "sketchSteps", "residualChecks", "predictedMisses", "minInnerRelativeTolerance", "maxInnerRelativeTolerance" })
            Assert.True(profile.TryGetProperty(field, out _), $"missing profile.{field}");
        int outer = run.Json.GetProperty("outerIterations").GetInt32();
        Assert.Equal(outer, profile.GetProperty("predictedMisses").GetInt32());
        var full = CliRunner.Invoke("nlp", "--problem", "pde2d", "--n", "12", "--no-predict-miss", "--json");
        Assert.Equal(0, full.ExitCode);
        Assert.Equal(0, full.Json.GetProperty("profile").GetProperty("predictedMisses").GetInt32());
        Assert.Equal(100_000L * outer, full.Json.GetProperty("profile").GetProperty("sketchSteps").GetInt64());
    }

    [Fact]
    public void KaczmarzVariantsSolveAndAreNamed()
    {
        var run = CliRunner.Invoke("nlp", "--problem", "hs7", "--row-order", "reshuffled", "--scale-columns", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("adasketch-rk-reshuffled-scaled", run.Json.GetProperty("solver").GetString());
        Assert.Equal(-Math.Sqrt(3), run.Json.GetProperty("f").GetDouble(), 1e-6);
        Assert.True(run.Json.GetProperty("kktStationarity").GetDouble() <= 1e-6);
        Assert.NotEqual(0, CliRunner.Invoke("nlp", "--problem", "hs7", "--row-order", "sorted", "--json").ExitCode);
    }

    [Fact]
    public void PolishBelowSolvesTheLastIterationsExactlyAndReportsTheHistory()
    {
        var run = CliRunner.Invoke("nlp", "--problem", "hs7", "--tol", "1e-8", "--polish-below", "1e-4", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("adasketch-rk-polished", run.Json.GetProperty("solver").GetString());
        Assert.Equal(-Math.Sqrt(3), run.Json.GetProperty("f").GetDouble(), 1e-8);
        var history = run.Json.GetProperty("history").EnumerateArray().Select(h => h.GetDouble()).ToArray();
        int outer = run.Json.GetProperty("outerIterations").GetInt32();
        Assert.Equal(outer + 1, history.Length);
        Assert.True(history[^1] <= 1e-8);
        Assert.Equal(history.Take(outer).Count(h => h <= 1e-4), run.Json.GetProperty("polishedIterations").GetInt32());
        Assert.True(run.Json.GetProperty("polishedIterations").GetInt32() >= 1);
        Assert.NotEqual(0, CliRunner.Invoke("nlp", "--problem", "hs7", "--polish-below", "-1", "--json").ExitCode);
    }

    [Fact]
    public void PlotSavesTheKktHistoryAsAPng()
    {
        string png = CliRunner.TempFile(".png");
        var run = CliRunner.Invoke("nlp", "--problem", "hs26", "--plot", png, "--json");
        Assert.Equal(0, run.ExitCode);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        File.Delete(png);
    }

    [Fact]
    public void BoggsTolleProblemByName()
    {
        var run = CliRunner.Invoke("nlp", "--problem", "bt5", "--solver", "exact-newton", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(961.715172, run.Json.GetProperty("f").GetDouble(), 1e-5);
    }

    [Fact]
    public void ExactNewtonOnPde2d()
    {
        var run = CliRunner.Invoke("nlp", "--problem", "pde2d", "--n", "6", "--solver", "exact-newton", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(72, run.Json.GetProperty("n").GetInt32());
        Assert.Equal(36, run.Json.GetProperty("m").GetInt32());
    }

    [Fact]
    public void EclrWithConstraintFile()
    {
        var csv = CliRunner.TempFile(".csv");
        try
        {
            var rows = string.Join("\n", Enumerable.Range(0, 3).Select(j =>
                string.Join(",", Enumerable.Range(0, 13).Select(i => ((i + j) % 3 == 0 ? 0.1 : -0.05 * j).ToString(System.Globalization.CultureInfo.InvariantCulture))) + ",0"));
            File.WriteAllText(csv, rows);
            var run = CliRunner.Invoke("nlp", "--problem", "eclr", "--data", CliRunner.DataFile("heart.svm"), "--constraints", csv, "--solver", "exact-newton", "--json");
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(4, run.Json.GetProperty("m").GetInt32());
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void BadInputExitsWithOne()
    {
        Assert.Equal(1, CliRunner.Invoke("nlp", "--problem", "hs999", "--json").ExitCode);
        var noData = CliRunner.Invoke("nlp", "--problem", "eclr", "--json");
        Assert.Equal(1, noData.ExitCode);
        Assert.Contains("--data", noData.Error);
        var bad = CliRunner.TempFile(".svm");
        try
        {
            File.WriteAllText(bad, "+1 1:0.5\n-1 2:x\n");
            var run = CliRunner.Invoke("nlp", "--problem", "eclr", "--data", bad, "--json");
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("line 2", run.Error);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public void NotConvergedExitsWithTwo()
    {
        var run = CliRunner.Invoke("nlp", "--problem", "hs26", "--max-iter", "1", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("MaxIterations", run.Json.GetProperty("status").GetString());
    }
}
