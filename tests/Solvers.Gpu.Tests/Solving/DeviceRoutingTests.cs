using Solvers.Gpu.Devices;
using Solvers.Gpu.Solving;
using Solvers.Linear.Generators;

namespace Solvers.Gpu.Tests.Solving;

[Collection("simulator")]
public class DeviceRoutingTests
{
    private static (Linear.Storage.CsrMatrix A, double[] B) Problem()
    {
        var a = Poisson.TwoD(8);
        var b = new double[a.RowCount];
        Array.Fill(b, 1.0);
        return (a, b);
    }

    [Fact]
    public void MissingCudaFallsBackToTheCpuPathAndSaysSo()
    {
        DeviceSelector.FailCudaForTesting = true;
        DeviceSelector.ForgetShared(DeviceChoice.Cuda);
        try
        {
            var selection = DeviceSelector.Open(DeviceChoice.Cuda);
            Assert.Null(selection.Device);
            Assert.True(selection.FellBack);
            Assert.Contains("CUDA", selection.FallbackReason);
            Assert.Contains(selection.Messages, m => m.StartsWith("CUDA failed", StringComparison.Ordinal));

            var (a, b) = Problem();
            var x = new double[a.RowCount];
            var result = GpuSolver.Solve(a, b, x, GpuPreconditioner.Jacobi, null, DeviceChoice.Cuda);
            Assert.True(result.Result.Converged);
            Assert.False(result.OnDevice);
            Assert.Equal("cpu", result.Device);
            Assert.Equal(DeviceChoice.Cuda, result.Requested);
            Assert.Contains("CUDA requested but unavailable", result.FallbackReason);
            Assert.Equal(0, result.TransferSeconds);
        }
        finally
        {
            DeviceSelector.FailCudaForTesting = false;
            DeviceSelector.ForgetShared(DeviceChoice.Cuda);
        }
    }

    [Fact]
    public void AutoWithoutCudaOpensTheSimulatorButSolvesOnTheCpu()
    {
        DeviceSelector.FailCudaForTesting = true;
        try
        {
            var selection = DeviceSelector.Open(DeviceChoice.Auto);
            using var device = selection.Device;
            Assert.NotNull(device);
            Assert.Equal(GpuDeviceKind.CpuSimulator, device.Kind);
            Assert.Contains("no usable CUDA device", selection.FallbackReason);
        }
        finally
        {
            DeviceSelector.FailCudaForTesting = false;
        }
    }

    [Fact]
    public void AutoBelowTheThresholdNeverTouchesADevice()
    {
        var (a, b) = Problem();
        var result = GpuSolver.Solve(a, b, new double[a.RowCount]);
        Assert.False(result.OnDevice);
        Assert.Equal("cpu", result.Device);
        Assert.Null(result.FallbackReason);
        Assert.Contains("below the device threshold", result.Note);
        Assert.True(result.Result.Converged);
    }

    [Fact]
    public void AutoAboveTheThresholdWithoutCudaSolvesOnTheCpuAndSaysWhy()
    {
        DeviceSelector.FailCudaForTesting = true;
        DeviceSelector.ForgetShared(DeviceChoice.Auto);
        try
        {
            var (a, b) = Problem();
            var options = new GpuSolverOptions { AutoThresholdRows = 0 };
            var first = GpuSolver.Solve(a, b, new double[a.RowCount], GpuPreconditioner.Jacobi, options);
            Assert.False(first.OnDevice);
            Assert.Contains("faster than the simulator", first.Note);
            Assert.True(DeviceSelector.TryGetShared(DeviceChoice.Auto, out var shared));
            Assert.Equal(GpuDeviceKind.CpuSimulator, shared.Device?.Kind);
            var second = GpuSolver.Solve(a, b, new double[a.RowCount], GpuPreconditioner.Jacobi, options);
            Assert.False(second.OnDevice);
            Assert.Equal(0, second.DeviceSetupSeconds);
            Assert.True(second.Result.Converged);
        }
        finally
        {
            DeviceSelector.FailCudaForTesting = false;
            DeviceSelector.ForgetShared(DeviceChoice.Auto);
        }
    }

    [Fact]
    public void ThresholdsComeFromTheMeasurement()
    {
        Assert.Equal(GpuThreshold.WarmCudaRows, GpuThreshold.DefaultRows(GpuDeviceKind.Cuda, deviceOpen: true));
        Assert.Equal(GpuThreshold.ColdCudaRows, GpuThreshold.DefaultRows(GpuDeviceKind.Cuda, deviceOpen: false));
        Assert.Equal(int.MaxValue, GpuThreshold.DefaultRows(GpuDeviceKind.CpuSimulator, deviceOpen: true));
        Assert.True(GpuThreshold.WarmCudaRows < GpuThreshold.ColdCudaRows);
    }

    [Fact]
    public void OffIsTheCpuSolver()
    {
        var (a, b) = Problem();
        var result = GpuSolver.Solve(a, b, new double[a.RowCount], GpuPreconditioner.None, null, DeviceChoice.Off);
        Assert.False(result.OnDevice);
        Assert.Equal("cg", result.Result.Method);
        Assert.Null(result.FallbackReason);
    }

    [Fact]
    public void CpuSimRunsOnTheSimulatorAtAnySize()
    {
        var (a, b) = Problem();
        var result = GpuSolver.Solve(a, b, new double[a.RowCount], GpuPreconditioner.Jacobi, null, DeviceChoice.CpuSim);
        Assert.True(result.OnDevice);
        Assert.Equal(DeviceChoice.CpuSim, result.Requested);
        Assert.True(result.Result.Converged);
        Assert.Equal("pcg(jacobi)", result.Result.Method);
    }

    [Theory]
    [InlineData("auto", DeviceChoice.Auto)]
    [InlineData("CUDA", DeviceChoice.Cuda)]
    [InlineData("cpu-sim", DeviceChoice.CpuSim)]
    [InlineData("off", DeviceChoice.Off)]
    public void ChoicesParseAndPrint(string text, DeviceChoice choice)
    {
        Assert.Equal(choice, DeviceChoices.Parse(text));
        Assert.Equal(text.ToLowerInvariant(), choice.ToOptionString());
    }

    [Fact]
    public void UnknownChoiceNamesTheText()
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceChoices.Parse("tpu"));
        Assert.Contains("tpu", e.Message);
    }
}
