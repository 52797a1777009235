using Solvers.Linear.Generators;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Cli.Tests;

public class SolveCommandTests
{
    private static double RelativeResidual(CsrMatrix a, double[] b, double[] x)
    {
        var ax = a.ToMathNetSparse() * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(x);
        var bv = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(b);
        return (bv - ax).L2Norm() / bv.L2Norm();
    }

    [Theory]
    [InlineData("cg", "none")]
    [InlineData("pcg", "jacobi")]
    [InlineData("pcg", "ssor")]
    [InlineData("pcg", "ic0")]
    [InlineData("gmres", "ilu0")]
    [InlineData("bicgstab", "jacobi")]
    public void JsonReportHasTheContractFieldsAndTheSolutionIsRight(string method, string precond)
    {
        string output = CliRunner.TempFile(".mtx");
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:24", "--rhs", "aones", "--method", method, "--precond", precond,
            "--tol", "1e-10", "--json", "--out", output);
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.Equal(method, json.GetProperty("method").GetString());
        Assert.Equal(precond, json.GetProperty("precond").GetString());
        Assert.Equal(576, json.GetProperty("n").GetInt32());
        Assert.Equal(5 * 576 - 4 * 24, json.GetProperty("nnz").GetInt32());
        Assert.True(json.GetProperty("converged").GetBoolean());
        Assert.InRange(json.GetProperty("iterations").GetInt32(), 1, 1000);
        Assert.InRange(json.GetProperty("relativeResidual").GetDouble(), 0, 1e-10);
        Assert.InRange(json.GetProperty("seconds").GetDouble(), 0, 60);

        // Independent check: b = A 1, so the written x must be all ones and have a small residual.
        var x = MatrixMarket.ReadVector(output);
        var a = Poisson.TwoD(24);
        var b = new double[576];
        a.Apply(Enumerable.Repeat(1.0, 576).ToArray(), b);
        Assert.True(RelativeResidual(a, b, x) <= 1e-10);
        Assert.All(x, v => Assert.Equal(1.0, v, 7));
        File.Delete(output);
    }

    [Fact]
    public void MatrixFileAndRhsFileAreRead()
    {
        string rhs = CliRunner.TempFile(".mtx");
        var b = Enumerable.Range(0, 434).Select(i => Math.Sin(i)).ToArray();
        MatrixMarket.WriteVector(rhs, b);
        string output = CliRunner.TempFile(".mtx");
        string file = CliRunner.DataFile("hor_131.mtx");
        var run = CliRunner.Invoke("solve", "--matrix", file, "--rhs", rhs, "--method", "gmres", "--precond", "ilu0", "--json", "--out", output);
        Assert.Equal(0, run.ExitCode);
        Assert.True(RelativeResidual(MatrixMarket.ReadMatrix(file), b, MatrixMarket.ReadVector(output)) <= 1e-8);
        File.Delete(rhs);
        File.Delete(output);
    }

    [Fact]
    public void TableOutputWithoutJson()
    {
        var run = CliRunner.Invoke("solve", "--matrix", "poisson3d:8", "--method", "cg");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("iterations", run.Out);
        Assert.Contains("ConvergedRelative", run.Out);
    }

    [Fact]
    public void NonConvergenceExitsWithTwoAndSaysSo()
    {
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:40", "--method", "cg", "--max-iter", "3", "--json", "--history");
        Assert.Equal(2, run.ExitCode);
        Assert.False(run.Json.GetProperty("converged").GetBoolean());
        Assert.Equal("MaxIterations", run.Json.GetProperty("status").GetString());
        Assert.Equal(4, run.Json.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public void PlotIsAPng()
    {
        string png = CliRunner.TempFile(".png");
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:16", "--method", "pcg", "--precond", "ic0", "--plot", png, "--json");
        Assert.Equal(0, run.ExitCode);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        File.Delete(png);
    }

    [Fact]
    public void MalformedMatrixFileNamesTheLine()
    {
        string bad = CliRunner.TempFile(".mtx");
        File.WriteAllText(bad, "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1.0\n3 1 2.0\n");
        var run = CliRunner.Invoke("solve", "--matrix", bad);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 4", run.Error);
        File.Delete(bad);
    }

    [Theory]
    [InlineData("--matrix", "does-not-exist.mtx")]
    [InlineData("--matrix", "poisson2d:zero")]
    [InlineData("--matrix", "poisson2d:8", "--rhs", "nope")]
    public void BadInputExitsWithOne(params string[] args)
    {
        var run = CliRunner.Invoke(["solve", .. args]);
        Assert.Equal(1, run.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(run.Error));
    }

    [Fact]
    public void NonSymmetricMatrixToCgIsRejected()
    {
        var run = CliRunner.Invoke("solve", "--matrix", CliRunner.DataFile("sherman5.mtx"), "--method", "cg");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not symmetric", run.Error);
    }

    [Fact]
    public void UnknownMethodIsAParseError()
    {
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:8", "--method", "magic");
        Assert.NotEqual(0, run.ExitCode);
    }

    [Fact]
    public void HelpDocumentsEveryFlag()
    {
        var run = CliRunner.Invoke("solve", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var flag in new[] { "--matrix", "--rhs", "--method", "--precond", "--tol", "--max-iter", "--out", "--json", "--plot" })
            Assert.Contains(flag, run.Out);
    }

    [Fact]
    public void DeviceOptionRunsOnTheSimulatorAndReportsTheDevice()
    {
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:12", "--rhs", "aones", "--method", "pcg", "--precond", "jacobi",
            "--device", "cpu-sim", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.NotEqual("cpu", run.Json.GetProperty("device").GetString());
        Assert.True(run.Json.GetProperty("transferSeconds").GetDouble() >= 0);
        Assert.InRange(run.Json.GetProperty("relativeResidual").GetDouble(), 0, 1e-8);

        var small = CliRunner.Invoke("solve", "--matrix", "poisson2d:12", "--json");
        Assert.Equal("cpu", small.Json.GetProperty("device").GetString());
    }

    [Fact]
    public void DeviceRequestForAnUnsupportedMethodIsBadInput()
    {
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:8", "--method", "gmres", "--device", "cuda");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--device cuda", run.Error);
    }

    [Theory]
    [InlineData("cholesky", "amd")]
    [InlineData("ldlt", "rcm")]
    [InlineData("lu", "natural")]
    public void DirectMethodsReportFillAndAnAccurateSolution(string method, string ordering)
    {
        string output = CliRunner.TempFile(".mtx");
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:20", "--rhs", "aones", "--method", method, "--ordering", ordering,
            "--json", "--out", output);
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json.GetProperty("factorNnz").GetInt64() >= 400);
        Assert.True(run.Json.GetProperty("factorSeconds").GetDouble() >= 0);
        Assert.Equal(ordering, run.Json.GetProperty("ordering").GetString());
        Assert.All(MatrixMarket.ReadVector(output), v => Assert.Equal(1.0, v, 10));
        File.Delete(output);
    }

    [Fact]
    public void CholeskyOfAnIndefiniteMatrixIsANumericalFailure()
    {
        string file = CliRunner.TempFile(".mtx");
        File.WriteAllText(file, "%%MatrixMarket matrix coordinate real symmetric\n2 2 3\n1 1 1\n2 1 2\n2 2 1\n");
        var run = CliRunner.Invoke("solve", "--matrix", file, "--method", "cholesky", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("NotPositiveDefinite", run.Json.GetProperty("status").GetString());
        Assert.Contains("column", run.Json.GetProperty("message").GetString());
        var lu = CliRunner.Invoke("solve", "--matrix", file, "--method", "lu", "--json");
        Assert.Equal(0, lu.ExitCode);
        File.Delete(file);
    }

    [Fact]
    public void PcgWithTheOneSidedSorPreconditionerIsRefused()
    {
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:16", "--method", "pcg", "--precond", "sor", "--json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'sor' is not symmetric", run.Error);
    }

    [Fact]
    public void OutputFilesGoIntoFoldersThatDoNotExistYet()
    {
        // A missing folder used to fail the write after the solve, and the result was never printed.
        string folder = Path.Combine(Path.GetTempPath(), "solvers-out-" + Guid.NewGuid().ToString("N"), "nested");
        string x = Path.Combine(folder, "x.mtx");
        var run = CliRunner.Invoke("solve", "--matrix", "poisson2d:8", "--out", x, "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json.GetProperty("converged").GetBoolean());
        Assert.Equal(64, MatrixMarket.ReadVector(x).Length);
        Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
    }
}
