using Solvers.Gpu.Devices;
using Solvers.Gpu.Solving;
using Solvers.Linear.Generators;

namespace Solvers.Gpu.Tests.Solving;

[Collection("simulator")]
public class DisposalTests(SimulatorFixture fixture)
{
    [Fact]
    public void HundredSolvesLeaveNoDeviceMemoryBehind()
    {
        var device = fixture.Device;
        var a = Poisson.TwoD(2);
        var b = new double[a.RowCount];
        Array.Fill(b, 1.0);
        long before = device.LiveBuffers;
        for (int i = 0; i < 100; i++)
        {
            var result = GpuSolver.Solve(device, a, b, new double[a.RowCount], i % 2 == 0 ? GpuPreconditioner.None : GpuPreconditioner.Jacobi);
            Assert.True(result.Result.Converged);
            Assert.Equal(before, device.LiveBuffers);
        }
        Assert.Equal(0, device.LiveBytes);
    }

    [Fact]
    public void OperatorDisposalReleasesItsBuffers()
    {
        var device = fixture.Device;
        var op = new GpuCsrOperator(device, Poisson.TwoD(6));
        Assert.True(device.LiveBuffers >= 5);
        op.Dispose();
        op.Dispose();
        Assert.Equal(0, device.LiveBuffers);
    }

    [Fact]
    public void DevicesOpenAndCloseRepeatedly()
    {
        for (int i = 0; i < 3; i++)
        {
            var selection = DeviceSelector.Open(DeviceChoice.CpuSim);
            Assert.NotNull(selection.Device);
            selection.Device.Dispose();
            Assert.Throws<ObjectDisposedException>(() => selection.Device.Allocate<double>(4));
        }
    }
}
