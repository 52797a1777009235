using ILGPU;
using ILGPU.Runtime;
using Solvers.Gpu.Devices;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// Launch helpers shared by the resident solvers: the reductions (both passes) and geometry. All launches go
/// to the default stream; nothing here synchronises except <see cref="ReadScalar"/>.
/// </summary>
internal static class Launch
{
    /// <summary>Grid-stride configuration: the device's fixed number of groups.</summary>
    public static KernelConfig Stride(GpuDevice device) => new(device.StrideGroups, device.GroupSize);

    /// <summary>One group of the finishing size.</summary>
    public static KernelConfig Single(GpuDevice device) => new(1, device.SingleGroupSize);

    /// <summary>Enqueues the two passes of x·y into state[slot]; partials needs StrideGroups entries.</summary>
    public static void Dot(GpuDevice device, ArrayView<double> x, ArrayView<double> y, int n,
        ArrayView<double> partials, ArrayView<double> state, int slot)
    {
        var k = device.Kernels;
        k.DotPartials(Stride(device), x, y, partials, n);
        k.SumPartials(Single(device), partials, state, 0, device.StrideGroups, slot);
    }

    /// <summary>Enqueues r = b - ax and ||r||² into state[slot].</summary>
    public static void Residual(GpuDevice device, ArrayView<double> b, ArrayView<double> ax, ArrayView<double> r, int n,
        ArrayView<double> partials, ArrayView<double> state, int slot)
    {
        var k = device.Kernels;
        k.ResidualPartials(Stride(device), b, ax, r, partials, n);
        k.SumPartials(Single(device), partials, state, 0, device.StrideGroups, slot);
    }

    /// <summary>Waits for the stream and returns state[slot] (one synchronisation).</summary>
    public static double ReadScalar(GpuDevice device, ArrayView<double> state, int slot)
    {
        Span<double> value = stackalloc double[1];
        device.Synchronize();
        state.SubView(slot, 1).CopyToCPU(value);
        return value[0];
    }
}
