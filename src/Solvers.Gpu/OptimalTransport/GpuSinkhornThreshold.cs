using Solvers.Gpu.Devices;

namespace Solvers.Gpu.OptimalTransport;

/// <summary>
/// Problem sizes (cost entries n m) above which <see cref="DeviceChoice.Auto"/> sends a Sinkhorn solve to a CUDA
/// device. <b>Not yet measured on a GPU</b>: both values are estimates, to be replaced by a sweep
/// (benchmarks/Solvers.Gpu.Bench, <c>--sinkhorn</c>) on a machine with one.
/// </summary>
/// <remarks>
/// The estimate: the device CG measured about 43 µs of fixed cost per iteration (launches and read-backs) on an
/// H200, and a device Sinkhorn iteration has four launches; our single-thread CPU Sinkhorn (the stabilised
/// variant) costs roughly 0.5-1 ns per entry per iteration. The device should therefore win per iteration from
/// about 10⁵ entries once it is open, and the upload of C (8 bytes per entry) is repaid within a few
/// iterations. Opening a device (about 0.4-1 s) is repaid only when the CPU solve takes longer than that,
/// i.e. from a few million entries at the hundreds of iterations that reg = 1e-2 needs.
/// </remarks>
public static class GpuSinkhornThreshold
{
    /// <summary>Entries from which a solve goes to a CUDA device this process has already opened (512 x 512). Not yet measured on a GPU.</summary>
    public const long WarmCudaEntries = 1L << 18;

    /// <summary>Entries from which a solve goes to a CUDA device when none is open yet (about 2,900 x 2,900). Not yet measured on a GPU.</summary>
    public const long ColdCudaEntries = 1L << 23;

    /// <summary>
    /// The threshold for a device kind: <see cref="WarmCudaEntries"/> or <see cref="ColdCudaEntries"/> for CUDA,
    /// depending on whether the device is already open; never for the CPU simulator.
    /// </summary>
    public static long DefaultEntries(GpuDeviceKind kind, bool deviceOpen) =>
        kind != GpuDeviceKind.Cuda ? long.MaxValue : deviceOpen ? WarmCudaEntries : ColdCudaEntries;
}
