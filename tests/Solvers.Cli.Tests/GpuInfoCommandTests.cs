namespace Solvers.Cli.Tests;

public class GpuInfoCommandTests
{
    [Fact]
    public void CpuSimulatorReportsItselfAndItsBandwidth()
    {
        var run = CliRunner.Invoke("gpu-info", "--device", "cpu-sim", "--elements", "1024", "--json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.Equal("cpu-sim", json.GetProperty("kind").GetString());
        Assert.True(json.GetProperty("copyGBs").GetDouble() > 0);
        Assert.True(json.GetProperty("triadGBs").GetDouble() > 0);
        Assert.False(json.TryGetProperty("fallbackReason", out _));
    }

    [Fact]
    public void OffMeansTheCpuPathAndNoDevice()
    {
        var run = CliRunner.Invoke("gpu-info", "--device", "off", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("cpu", run.Json.GetProperty("kind").GetString());
        Assert.False(run.Json.TryGetProperty("copyGBs", out _));
    }

    [Fact]
    public void TextOutputNamesTheDevice()
    {
        var run = CliRunner.Invoke("gpu-info", "--device", "cpu-sim", "--no-bandwidth");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("device:", run.Out);
        Assert.Contains("cpu-sim", run.Out);
    }

    [Fact]
    public void UnknownDeviceIsBadInput()
    {
        var run = CliRunner.Invoke("gpu-info", "--device", "tpu");
        Assert.Equal(1, run.ExitCode);
    }
}
