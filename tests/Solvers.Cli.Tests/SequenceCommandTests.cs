using Solvers.Cli.Commands;
using Solvers.Linear.Generators.Sequences;
using Solvers.Linear.Stationary;

namespace Solvers.Cli.Tests;

public class SequenceCommandTests
{
    [Fact]
    public void SorWithFixedOmegaReportsEverySystemAndTheTotals()
    {
        var run = CliRunner.Invoke("sequence", "--problem", "shifted-laplacian", "--count", "6", "--method", "sor", "--omega", "1.5", "--seed", "3", "--json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.Equal("shifted-laplacian", json.GetProperty("problem").GetString());
        var systems = json.GetProperty("systems").EnumerateArray().ToList();
        Assert.Equal(6, systems.Count);

        // Independent check: the same sequence solved directly.
        var sequence = new ShiftedLaplacianSequence(10, 6, seed: 3);
        long total = 0;
        for (int t = 0; t < 6; t++)
        {
            var system = sequence.Next();
            int iterations = Sor.Solve(system.Matrix, system.RightHandSide, system.InitialGuess.ToArray(), 1.5).Iterations;
            total += iterations;
            Assert.Equal(t, systems[t].GetProperty("index").GetInt32());
            Assert.Equal(iterations, systems[t].GetProperty("iterations").GetInt32());
            Assert.Equal(1.5, systems[t].GetProperty("omega").GetDouble());
            Assert.Equal(system.Context, systems[t].GetProperty("context").GetDouble());
            Assert.True(systems[t].GetProperty("converged").GetBoolean());
            Assert.InRange(systems[t].GetProperty("seconds").GetDouble(), 0, 10);
        }
        Assert.Equal(total, json.GetProperty("totalIterations").GetInt64());
        Assert.InRange(json.GetProperty("totalSeconds").GetDouble(), 0, 60);
        Assert.True(json.GetProperty("converged").GetBoolean());
    }

    [Theory]
    [InlineData("shifted-laplacian", "sor", "young")]
    [InlineData("shifted-laplacian", "sor", "bandit")]
    [InlineData("shifted-laplacian", "ssor-pcg", "contextual")]
    [InlineData("heat2d", "ssor-pcg", "contextual")]
    [InlineData("heat2d", "sor", "bandit")]
    public void EveryOmegaPolicyRunsOnEveryProblem(string problem, string method, string omega)
    {
        string n = problem == "heat2d" ? "12" : "10";
        var run = CliRunner.Invoke("sequence", "--problem", problem, "--n", n, "--count", "8", "--method", method, "--omega", omega, "--json");
        Assert.Equal(0, run.ExitCode);
        var systems = run.Json.GetProperty("systems").EnumerateArray().ToList();
        Assert.Equal(8, systems.Count);
        Assert.All(systems, s => Assert.InRange(s.GetProperty("omega").GetDouble(), 0.999, 1.999));
        Assert.All(systems, s => Assert.True(s.GetProperty("converged").GetBoolean()));
        Assert.Equal(omega, run.Json.GetProperty("omega").GetString());
    }

    [Fact]
    public void PlotAndTableOutputWork()
    {
        string plot = CliRunner.TempFile(".png");
        var run = CliRunner.Invoke("sequence", "--problem", "heat2d", "--n", "10", "--count", "5", "--method", "ssor-pcg", "--omega", "1.2", "--plot", plot);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("total iterations", run.Out);
        Assert.True(new FileInfo(plot).Length > 1000);
        File.Delete(plot);
    }

    [Theory]
    [InlineData("gmres", "none")]
    [InlineData("gcrodr", "jacobi")]
    [InlineData("skr", "ilu0")]
    [InlineData("skr", "sor")]
    public void KrylovMethodsSolveDarcySequences(string method, string precond)
    {
        var run = CliRunner.Invoke("sequence", "--problem", "darcy2d", "--n", "16", "--count", "6", "--method", method, "--precond", precond,
            "--tol", "1e-9", "--json");
        Assert.Equal(0, run.ExitCode);
        var systems = run.Json.GetProperty("systems").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 6), systems.Select(s => s.GetProperty("index").GetInt32()));
        Assert.All(systems, s => Assert.True(s.GetProperty("converged").GetBoolean()));
        Assert.Equal(systems.Sum(s => s.GetProperty("iterations").GetInt32()), run.Json.GetProperty("totalIterations").GetInt32());
        Assert.True(run.Json.GetProperty("totalSeconds").GetDouble() > 0);
    }

    [Fact]
    public void DarcyVariantSelectsTheStandardOrThePapersSystems()
    {
        var paper = CliRunner.Invoke("sequence", "--problem", "darcy2d", "--variant", "paper", "--n", "8", "--count", "2", "--method", "gmres", "--json");
        Assert.Equal(0, paper.ExitCode);
        Assert.Equal("paper", paper.Json.GetProperty("variant").GetString());
        var standard = CliRunner.Invoke("sequence", "--problem", "darcy2d", "--n", "8", "--count", "2", "--method", "gmres", "--json");
        Assert.Equal(0, standard.ExitCode);
        Assert.Equal("standard", standard.Json.GetProperty("variant").GetString());
        // Different systems, so different iteration totals.
        Assert.NotEqual(paper.Json.GetProperty("totalIterations").GetInt32(), standard.Json.GetProperty("totalIterations").GetInt32());
        var bad = CliRunner.Invoke("sequence", "--problem", "darcy2d", "--variant", "fv", "--method", "gmres");
        Assert.NotEqual(0, bad.ExitCode);
    }

    [Fact]
    public void RecyclingNeedsFewerIterationsThanGmresOnHelmholtz()
    {
        int Total(string method) => CliRunner.Invoke("sequence", "--problem", "helmholtz2d", "--n", "24", "--count", "6", "--method", method,
            "--precond", "ilu0", "--tol", "1e-7", "--json").Json.GetProperty("totalIterations").GetInt32();
        Assert.True(Total("skr") < Total("gmres"));
    }

    [Fact]
    public void RegretIsMeasuredAgainstSeparateFixedOmegaRuns()
    {
        string[] common = ["sequence", "--problem", "shifted-laplacian", "--count", "12", "--method", "sor", "--seed", "7", "--json"];
        var run = CliRunner.Invoke([.. common, "--omega", "bandit", "--regret"]);
        Assert.Equal(0, run.ExitCode);
        var regret = run.Json.GetProperty("regret");
        var grid = regret.GetProperty("grid").EnumerateArray().Select(g => g.GetDouble()).ToArray();
        Assert.Equal(20, grid.Length);
        var systems = run.Json.GetProperty("systems").EnumerateArray().ToList();

        // Independent comparators: the whole sequence rerun at each of a few grid omegas, without --regret.
        var totals = new Dictionary<int, long>();
        foreach (int arm in new[] { 0, 10, 16, 19 })
        {
            var fixedRun = CliRunner.Invoke([.. common, "--omega", grid[arm].ToString("R", System.Globalization.CultureInfo.InvariantCulture)]);
            totals[arm] = fixedRun.Json.GetProperty("totalIterations").GetInt64();
            var fixedSystems = fixedRun.Json.GetProperty("systems").EnumerateArray().ToList();
            for (int t = 0; t < systems.Count; t++)
                Assert.Equal(fixedSystems[t].GetProperty("iterations").GetDouble(), systems[t].GetProperty("gridIterations")[arm].GetDouble());
        }
        double best = regret.GetProperty("bestFixedIterations").GetDouble();
        Assert.All(totals.Values, total => Assert.True(best <= total));
        int bestArm = Array.IndexOf(grid, regret.GetProperty("bestFixedOmega").GetDouble());
        Assert.Equal(best, systems.Sum(s => s.GetProperty("gridIterations")[bestArm].GetDouble()));

        double policy = run.Json.GetProperty("totalIterations").GetInt64();
        Assert.Equal(policy, regret.GetProperty("policyIterations").GetDouble());
        Assert.Equal(policy - best, regret.GetProperty("regret").GetDouble());
        Assert.Equal(policy - best, systems[^1].GetProperty("cumulativeRegret").GetDouble());
        double optimal = systems.Sum(s => s.GetProperty("gridIterations").EnumerateArray().Min(c => c.GetDouble()));
        Assert.Equal(optimal, regret.GetProperty("instanceOptimalIterations").GetDouble());
        Assert.True(optimal <= best);
    }

    [Fact]
    public void RegretIsRefusedForKrylovMethods()
    {
        var run = CliRunner.Invoke("sequence", "--problem", "darcy2d", "--n", "8", "--count", "2", "--method", "gmres", "--regret");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--regret applies to --method sor and ssor-pcg", run.Error);
    }

    [Theory]
    [InlineData("time-stepping", "--problem", "heat2d", "--n", "8", "--method", "skr")]
    [InlineData("ic0", "--problem", "darcy2d", "--n", "8", "--method", "gcrodr", "--precond", "ic0")]
    [InlineData("--precond ilu0", "--problem", "shifted-laplacian", "--method", "sor", "--precond", "ilu0")]
    [InlineData("(0, 2)", "--problem", "shifted-laplacian", "--method", "sor", "--omega", "2.5")]
    [InlineData("--omega fast", "--problem", "shifted-laplacian", "--method", "sor", "--omega", "fast")]
    [InlineData("--count", "--problem", "heat2d", "--method", "sor", "--count", "0")]
    [InlineData("--n", "--problem", "heat2d", "--method", "sor", "--n", "1")]
    public void BadInputExitsWithOne(string message, params string[] args)
    {
        var run = CliRunner.Invoke(["sequence", .. args]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void NotConvergedExitsWithTwo()
    {
        var run = CliRunner.Invoke("sequence", "--problem", "shifted-laplacian", "--count", "3", "--method", "sor", "--omega", "1.0", "--max-iter", "5", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(3, run.Json.GetProperty("notConverged").GetInt32());
        Assert.All(run.Json.GetProperty("systems").EnumerateArray(), s => Assert.Equal(5, s.GetProperty("iterations").GetInt32()));
    }
}
