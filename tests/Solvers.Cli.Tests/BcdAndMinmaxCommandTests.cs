using Solvers.Linear.IO;

namespace Solvers.Cli.Tests;

public class BcdAndMinmaxCommandTests
{
    [Theory]
    [InlineData("lasso", "gsl")]
    [InlineData("ridge", "cyclic")]
    [InlineData("l1log", "gs")]
    public void BcdJsonHasTheContractFieldsAndConverges(string problem, string rule)
    {
        var run = CliRunner.Invoke("bcd", "--problem", problem, "--data", CliRunner.DataFile("heart.svm"), "--lambda", "0.1",
            "--rule", rule, "--tol", "1e-8", "--json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.Equal(problem, json.GetProperty("problem").GetString());
        Assert.True(double.IsFinite(json.GetProperty("objective").GetDouble()));
        Assert.True(json.GetProperty("iterations").GetInt32() > 0);
        Assert.True(json.GetProperty("seconds").GetDouble() >= 0);
        Assert.True(json.TryGetProperty("gap", out _) || json.TryGetProperty("optimality", out _));
    }

    [Theory]
    [InlineData("lasso")]
    [InlineData("ridge")]
    [InlineData("l1log")]
    public void NewtonCdUpdateMatchesTheDefaultRunsObjective(string problem)
    {
        string[] common = ["bcd", "--problem", problem, "--data", CliRunner.DataFile("heart.svm"), "--lambda", "0.1", "--tol", "1e-10", "--json"];
        var reference = CliRunner.Invoke([.. common, "--rule", "cyclic"]);
        var run = CliRunner.Invoke([.. common, "--rule", "cyclic", "--partition", "order", "--block-size", "13", "--update", "newton-cd"]);
        Assert.Equal(0, reference.ExitCode);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("newtoncd", run.Json.GetProperty("update").GetString());
        double expected = reference.Json.GetProperty("objective").GetDouble();
        Assert.Equal(expected, run.Json.GetProperty("objective").GetDouble(), Math.Abs(expected) * 1e-9);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", false)]
    [InlineData("0", true)]
    public void TreeSolveMatchesSparseCholesky(string chain, bool bfs)
    {
        string[] args = ["tree-solve", "--nodes", "5000", "--chain", chain, "--repeat", "1", "--json"];
        var run = CliRunner.Invoke(bfs ? [.. args, "--bfs-labels"] : args);
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.True(json.GetProperty("relativeErrorVsCholesky").GetDouble() <= 1e-10);
        Assert.True(json.GetProperty("relativeResidual").GetDouble() <= 1e-13);
        Assert.True(json.GetProperty("solveCpuSeconds").GetDouble() >= 0);
        if (chain == "1") Assert.Equal(4999, json.GetProperty("depth").GetInt32());   // a path
    }

    [Fact]
    public void GsdRuleDefaultsToItsDiagonalUpdate()
    {
        string[] common = ["bcd", "--problem", "lasso", "--data", CliRunner.DataFile("heart.svm"), "--lambda", "0.1", "--rule", "gsd",
            "--block-size", "3", "--tol", "1e-9", "--json"];
        var byDefault = CliRunner.Invoke(common);
        var explicitDiagonal = CliRunner.Invoke([.. common, "--update", "diagonal"]);
        Assert.Equal(0, byDefault.ExitCode);
        Assert.Equal("diagonal", byDefault.Json.GetProperty("update").GetString());
        Assert.Equal(explicitDiagonal.Json.GetProperty("objective").GetDouble(), byDefault.Json.GetProperty("objective").GetDouble());
        Assert.Equal(explicitDiagonal.Json.GetProperty("iterations").GetInt32(), byDefault.Json.GetProperty("iterations").GetInt32());
    }

    [Fact]
    public void NonNegativeLassoIsNoBetterThanTheLassoAndRecordsTheSupport()
    {
        // the bound x >= 0 can only raise the optimum of the same objective; --history adds the zero-pattern record
        string[] common = ["bcd", "--problem", "lasso", "--data", CliRunner.DataFile("heart.svm"), "--lambda", "1", "--rule", "gsl",
            "--block-size", "13", "--update", "newton", "--tol", "1e-12", "--json"];
        var free = CliRunner.Invoke(common);
        var bounded = CliRunner.Invoke([.. common, "--nonneg", "--history"]);
        Assert.Equal(0, free.ExitCode);
        Assert.Equal(0, bounded.ExitCode);
        var json = bounded.Json;
        Assert.True(json.GetProperty("nonNegative").GetBoolean());
        Assert.True(json.GetProperty("objective").GetDouble() >= free.Json.GetProperty("objective").GetDouble() * (1 - 1e-12));
        int iterations = json.GetProperty("iterations").GetInt32();
        Assert.Equal(iterations + 1, json.GetProperty("supportSizes").GetArrayLength());
        Assert.InRange(json.GetProperty("lastSupportChange").GetInt32(), 1, iterations);
    }

    [Fact]
    public void RidgeObjectiveMatchesTheNormalEquations()
    {
        // Independent reference: minimise 0.5 ||A x - y||^2 + 0.5 lambda ||x||^2 by a dense solve of (A^T A + lambda I) x = A^T y,
        // assuming the CLI's ridge objective has that form; compare objectives.
        var data = LibSvm.Read(CliRunner.DataFile("heart.svm"));
        var a = Solvers.Linear.Storage.MathNetInterop.ToMathNetDense(data.Features);
        var y = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(data.Labels);
        double lambda = 0.1;
        var x = (a.TransposeThisAndMultiply(a) + lambda * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(a.ColumnCount))
            .Solve(a.TransposeThisAndMultiply(y));
        double expected = 0.5 * (a * x - y).DotProduct(a * x - y) + 0.5 * lambda * x.DotProduct(x);
        var run = CliRunner.Invoke("bcd", "--problem", "ridge", "--data", CliRunner.DataFile("heart.svm"), "--lambda", "0.1", "--tol", "1e-10", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, run.Json.GetProperty("objective").GetDouble(), expected * 1e-8);
    }

    [Theory]
    [InlineData("quadratic", "halpern")]
    [InlineData("quadratic", "eag")]
    [InlineData("matrix-game", "vr-halpern")]
    [InlineData("matrix-game", "eg")]
    [InlineData("cocoercive", "vr-halpern")]
    public void MinmaxJsonHasTheContractFields(string problem, string method)
    {
        var run = CliRunner.Invoke("minmax", "--problem", problem, "--n", "30", "--method", method, "--epochs", "20", "--json");
        Assert.True(run.ExitCode is 0 or 2, run.Error);
        var json = run.Json;
        Assert.True(json.GetProperty("residual").GetDouble() >= 0);
        Assert.InRange(json.GetProperty("epochs").GetDouble(), 19, 21);
        Assert.True(json.GetProperty("calls").GetInt64() > 0);
        Assert.True(json.GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void MinmaxGameSeedFixesTheInstanceWhileTheSamplingSeedVaries()
    {
        static double Start(params string[] extra)
        {
            var run = CliRunner.Invoke([.. new[] { "minmax", "--problem", "matrix-game", "--n", "20", "--method", "vr-eg", "--epochs", "2", "--tol", "0",
                "--json", "--history" }, .. extra]);
            Assert.True(run.ExitCode is 0 or 2, run.Error);
            return run.Json.GetProperty("history")[0][1].GetDouble();
        }
        double seed1 = Start("--seed", "1"), seed2 = Start("--seed", "2");
        Assert.NotEqual(seed1, seed2);                                   // --seed alone still draws the weights too
        Assert.Equal(seed1, Start("--seed", "2", "--game-seed", "1"));   // same instance, other sampling
        var numpy = CliRunner.Invoke("minmax", "--problem", "matrix-game", "--n", "20", "--method", "eg", "--epochs", "2", "--tol", "0",
            "--game-weights", "numpy", "--json", "--history");
        Assert.True(numpy.ExitCode is 0 or 2, numpy.Error);
        Assert.Equal("numpy", numpy.Json.GetProperty("gameWeights").GetString());
        Assert.Equal(1, numpy.Json.GetProperty("gameSeed").GetInt32());
        Assert.NotEqual(seed1, numpy.Json.GetProperty("history")[0][1].GetDouble());
    }

    [Fact]
    public void MinmaxRecordEverySetsTheRecordSpacing()
    {
        // EAG spends exactly 2 epochs per iteration, so records every 2 epochs land on 0, 2, ..., 20 and the first is the
        // residual of the library's instance at u_0
        var run = CliRunner.Invoke("minmax", "--problem", "cocoercive", "--n", "30", "--method", "eag", "--epochs", "20", "--tol", "0",
            "--record-every", "2", "--json", "--history");
        Assert.True(run.ExitCode is 0 or 2, run.Error);
        var epochs = run.Json.GetProperty("history").EnumerateArray().Select(p => p[0].GetDouble()).ToArray();
        Assert.Equal(Enumerable.Range(0, 11).Select(k => 2.0 * k), epochs);
        var problem = Solvers.Constrained.Halpern.MinMaxProblems.CocoerciveLeastSquares(30);
        Assert.Equal(problem.Residual(problem.InitialPoint), run.Json.GetProperty("history")[0][1].GetDouble(), 12);
        Assert.Equal(1, CliRunner.Invoke("minmax", "--problem", "cocoercive", "--record-every", "0", "--json").ExitCode);   // bad input
    }

    [Fact]
    public void MinmaxExitsTwoWhenTheTolIsNotReachedWithinTheEpochBudget()
    {
        // 5 epochs on the quadratic hard instance leave the residual near its initial 3.5, far above 1e-3
        var run = CliRunner.Invoke("minmax", "--problem", "quadratic", "--n", "30", "--method", "vr-halpern", "--epochs", "5",
            "--tol", "1e-3", "--json");
        Assert.Equal(2, run.ExitCode);
        var json = run.Json;
        Assert.False(json.GetProperty("converged").GetBoolean());
        Assert.Equal("MaxIterations", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("residual").GetDouble() > 1e-3);
    }

    [Fact]
    public void MinmaxExitsZeroOnceTheTolIsReached()
    {
        // the same run with a tol above the residual of the start point converges at once
        var run = CliRunner.Invoke("minmax", "--problem", "quadratic", "--n", "30", "--method", "vr-halpern", "--epochs", "5",
            "--tol", "100", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json.GetProperty("converged").GetBoolean());
        Assert.True(run.Json.GetProperty("residual").GetDouble() <= 100);
    }

    [Fact]
    public void MinmaxExitsTwoForEveryMethodAfterTheBudget()
    {
        foreach (var method in new[] { "halpern", "vr-halpern", "inexact-halpern", "eg", "eag", "vr-eg" })
        {
            var run = CliRunner.Invoke("minmax", "--problem", "matrix-game", "--n", "20", "--method", method, "--epochs", "3", "--tol", "1e-12", "--json");
            Assert.True(run.ExitCode == 2, $"{method}: exit {run.ExitCode} {run.Error}");
            Assert.False(run.Json.GetProperty("converged").GetBoolean(), method);
        }
    }

    [Fact]
    public void LabelPropagationOnDataSetEGivesTheSameRunOnBothGreedyPaths()
    {
        string[] common = ["bcd", "--problem", "labelprop", "--data", "moons:300:2", "--rule", "gsl", "--update", "gradient", "--tol", "1e-6", "--json"];
        var scan = CliRunner.Invoke([.. common, "--greedy-path", "scan"]);
        var tree = CliRunner.Invoke([.. common, "--greedy-path", "tree"]);
        Assert.Equal(0, scan.ExitCode);
        Assert.Equal(0, tree.ExitCode);
        Assert.Equal(200, tree.Json.GetProperty("features").GetInt32());   // 300 nodes, 100 labelled
        Assert.Equal(scan.Json.GetProperty("iterations").GetInt32(), tree.Json.GetProperty("iterations").GetInt32());
        Assert.Equal(scan.Json.GetProperty("objective").GetDouble(), tree.Json.GetProperty("objective").GetDouble());
        Assert.Contains("tournament tree", tree.Json.GetProperty("method").GetString());
        Assert.DoesNotContain("tournament tree", scan.Json.GetProperty("method").GetString());
    }

    [Fact]
    public void BadDataFileNamesTheLine()
    {
        string bad = CliRunner.TempFile(".svm");
        File.WriteAllText(bad, "+1 1:0.5\n-1 2:x\n");
        var run = CliRunner.Invoke("bcd", "--problem", "lasso", "--data", bad);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 2", run.Error);
        File.Delete(bad);
    }

    [Theory]
    [InlineData("bcd", "--problem", "lasso", "--lambda", "0.1", "--rule", "gsl", "--max-iter", "2000")]
    [InlineData("minmax", "--problem", "quadratic", "--n", "20", "--method", "vr-halpern", "--epochs", "50")]
    public void PlotSavesTheConvergenceCurveAsAPng(string command, params string[] rest)
    {
        string png = CliRunner.TempFile(".png");
        string[] data = command == "bcd" ? ["--data", CliRunner.DataFile("heart.svm")] : [];
        var run = CliRunner.Invoke([command, .. rest, .. data, "--plot", png, "--json"]);
        Assert.True(run.ExitCode is 0 or 2, run.Error);   // 2: the epoch budget ran out first, still a result
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        File.Delete(png);
    }
}
