using Solvers.Gpu.Devices;

namespace Solvers.Gpu.Tests.Solving;

[Collection("simulator")]
public class BandwidthProbeTests(SimulatorFixture fixture)
{
    [Fact]
    public void ReportsPositiveBandwidthAndFreesItsArrays()
    {
        var result = BandwidthProbe.Measure(fixture.Device, elements: 4096, repetitions: 2);
        Assert.True(result.CopyGBs > 0 && double.IsFinite(result.CopyGBs));
        Assert.True(result.TriadGBs > 0 && double.IsFinite(result.TriadGBs));
        Assert.Equal(0, fixture.Device.LiveBuffers);
    }
}
