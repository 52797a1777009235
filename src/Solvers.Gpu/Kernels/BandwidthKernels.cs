using ILGPU;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// STREAM-style kernels (McCalpin, "Memory bandwidth and machine balance in current high performance
/// computers", IEEE TCCA Newsletter, 1995) used to measure the bandwidth the device actually delivers.
/// </summary>
internal static class BandwidthKernels
{
    /// <summary>Copy: b = a (16 bytes per element).</summary>
    public static void Copy(Index1D i, ArrayView<double> a, ArrayView<double> b) => b[i] = a[i];

    /// <summary>Triad: a = b + s c (24 bytes per element).</summary>
    public static void Triad(Index1D i, ArrayView<double> a, ArrayView<double> b, ArrayView<double> c, double s) =>
        a[i] = b[i] + s * c[i];
}
