using Solvers.Gpu.Devices;

namespace Solvers.Gpu.Tests;

/// <summary>One ILGPU CPU accelerator (kernels loaded once) shared by the tests of the "simulator" collection.</summary>
public sealed class SimulatorFixture : IDisposable
{
    public SimulatorFixture()
    {
        var selection = DeviceSelector.Open(DeviceChoice.CpuSim);
        Device = selection.Device ?? throw new InvalidOperationException(string.Join("\n", selection.Messages));
    }

    public GpuDevice Device { get; }

    public void Dispose() => Device.Dispose();
}

/// <summary>
/// All device tests run in one collection (sequentially): they share the simulator and
/// <see cref="DeviceSelector"/>'s process-wide state.
/// </summary>
[CollectionDefinition("simulator")]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorFixture>
{
}
