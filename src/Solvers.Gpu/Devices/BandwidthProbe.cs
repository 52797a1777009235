using System.Diagnostics;
using ILGPU.Runtime;

namespace Solvers.Gpu.Devices;

/// <summary>Achievable device memory bandwidth, measured with STREAM's copy and triad kernels.</summary>
/// <param name="CopyGBs">Copy b = a: 16 bytes per element per pass, best pass, in 10⁹ bytes per second.</param>
/// <param name="TriadGBs">Triad a = b + s c: 24 bytes per element per pass, best pass, in 10⁹ bytes per second.</param>
/// <param name="Elements">Doubles per array.</param>
/// <param name="Repetitions">Timed passes of each kernel.</param>
public sealed record BandwidthResult(double CopyGBs, double TriadGBs, long Elements, int Repetitions);

/// <summary>
/// Measures the bandwidth the device delivers to simple streaming kernels (McCalpin's STREAM); the SpMV and CG
/// targets are stated against it. Write-allocate traffic is not counted (none on GPUs).
/// </summary>
public static class BandwidthProbe
{
    /// <summary>Kernel launches per timed batch.</summary>
    public const int LaunchesPerBatch = 10;

    /// <summary>
    /// Runs copy and triad on three arrays of <paramref name="elements"/> doubles: <paramref name="repetitions"/>
    /// timed batches of <see cref="LaunchesPerBatch"/> launches each (so the synchronisation is amortised); the best batch counts.
    /// </summary>
    /// <param name="device">An open device.</param>
    /// <param name="elements">Doubles per array (3 arrays are allocated); default 2^25 (256 MiB each).</param>
    /// <param name="repetitions">Timed passes per kernel; the best is reported.</param>
    /// <exception cref="ArgumentException">Null device, or non-positive sizes.</exception>
    public static BandwidthResult Measure(GpuDevice device, int elements = 1 << 25, int repetitions = 20)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(elements, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        var k = device.Kernels;
        using var a = device.Allocate<double>(elements);
        using var b = device.Allocate<double>(elements);
        using var c = device.Allocate<double>(elements);
        a.View.MemSetToZero();
        b.View.MemSetToZero();
        c.View.MemSetToZero();
        k.Copy(elements, a.View, b.View);
        k.Triad(elements, a.View, b.View, c.View, 3.0);
        device.Synchronize();

        double bestCopy = double.PositiveInfinity, bestTriad = double.PositiveInfinity;
        var clock = new Stopwatch();
        for (int i = 0; i < repetitions; i++)
        {
            clock.Restart();
            for (int j = 0; j < LaunchesPerBatch; j++) k.Copy(elements, a.View, b.View);
            device.Synchronize();
            bestCopy = Math.Min(bestCopy, clock.Elapsed.TotalSeconds / LaunchesPerBatch);
            clock.Restart();
            for (int j = 0; j < LaunchesPerBatch; j++) k.Triad(elements, a.View, b.View, c.View, 3.0);
            device.Synchronize();
            bestTriad = Math.Min(bestTriad, clock.Elapsed.TotalSeconds / LaunchesPerBatch);
        }
        return new BandwidthResult(16.0 * elements / bestCopy / 1e9, 24.0 * elements / bestTriad / 1e9, elements, repetitions);
    }
}
