using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// Every kernel of this assembly, compiled and loaded once per accelerator and kept as typed launchers
/// (loading costs IL → PTX plus the driver JIT, hundreds of milliseconds: ILGPU issue #192; typed launchers
/// avoid the boxing of <c>Launch(params object[])</c>, issue #434). Owned and disposed by <see cref="Devices.GpuDevice"/>.
/// </summary>
internal sealed class GpuKernels
{
    public GpuKernels(Accelerator accelerator)
    {
        var clock = Stopwatch.StartNew();
        SpMVScalar = accelerator.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(SpMVKernels.Scalar);
        SpMVVector = accelerator.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int>(SpMVKernels.Vector);
        DotPartials = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, int>(ReductionKernels.DotPartials);
        SumPartials = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, int, int, int>(ReductionKernels.SumPartials);
        ResidualPartials = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int>(ReductionKernels.ResidualPartials);
        CgFinishAlpha = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, int>(CgKernels.FinishAlpha);
        CgUpdate = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(CgKernels.Update);
        CgFinishBeta = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, int, int, int>(CgKernels.FinishBeta);
        CgDirection = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int>(CgKernels.Direction);
        CgStart = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(CgKernels.Start);
        SetSlot = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, double>(CgKernels.SetSlot);
        Copy = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>>(BandwidthKernels.Copy);
        Triad = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, double>(BandwidthKernels.Triad);
        LoadSeconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>Wall time spent compiling and loading all kernels.</summary>
    public double LoadSeconds { get; }

    public Action<KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> SpMVScalar { get; }
    public Action<KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int> SpMVVector { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, int> DotPartials { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, int, int, int> SumPartials { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int> ResidualPartials { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, int> CgFinishAlpha { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> CgUpdate { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, int, int, int> CgFinishBeta { get; }
    public Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int> CgDirection { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> CgStart { get; }
    public Action<Index1D, ArrayView<double>, int, double> SetSlot { get; }
    public Action<Index1D, ArrayView<double>, ArrayView<double>> Copy { get; }
    public Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, double> Triad { get; }
}
