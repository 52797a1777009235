using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// The device Sinkhorn's kernels (<see cref="SinkhornKernels"/>), compiled and loaded once per accelerator on
/// first use and kept as typed launchers. Separate from <see cref="GpuKernels"/> so that a compile failure here
/// (a new construct on a new PTX target) costs only the device Sinkhorn, not the device CG.
/// </summary>
internal sealed class SinkhornKernelSet
{
    public SinkhornKernelSet(Accelerator accelerator)
    {
        var clock = Stopwatch.StartNew();
        LogSumExpRows = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(SinkhornKernels.LogSumExpRows);
        Finish = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, int, int>(SinkhornKernels.Finish);
        Commit = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>>(SinkhornKernels.Commit);
        Transpose = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, int, int>(SinkhornKernels.Transpose);
        PlanRows = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(SinkhornKernels.PlanRows);
        LoadSeconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>Wall time spent compiling and loading these kernels.</summary>
    public double LoadSeconds { get; }

    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> LogSumExpRows { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, int, int> Finish { get; }
    public Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>> Commit { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, int, int> Transpose { get; }
    public Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> PlanRows { get; }
}
