using ILGPU;
using ILGPU.Runtime;

namespace Solvers.Gpu.Devices;

/// <summary>
/// A dense 1-D device buffer whose lifetime the owning <see cref="GpuDevice"/> counts, so that tests
/// (and users) can check that every solve gives back what it allocated.
/// </summary>
internal sealed class DeviceBuffer<T> : IDisposable
    where T : unmanaged
{
    private readonly GpuDevice _device;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    public DeviceBuffer(GpuDevice device, long length)
    {
        _device = device;
        Length = Math.Max(length, 1);
        _buffer = device.Accelerator.Allocate1D<T>(Length);
        Bytes = Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        device.Track(+1, Bytes);
    }

    public long Length { get; }

    public long Bytes { get; }

    public ArrayView<T> View => (_buffer ?? throw new ObjectDisposedException(nameof(DeviceBuffer<T>))).View;

    /// <summary>Copies <paramref name="source"/> to the start of the buffer (blocking).</summary>
    public void Upload(ReadOnlySpan<T> source)
    {
        if (source.Length == 0) return;
        View.SubView(0, source.Length).CopyFromCPU(source);
    }

    /// <summary>Copies the first destination.Length elements to <paramref name="destination"/> (blocking).</summary>
    public void Download(Span<T> destination)
    {
        if (destination.Length == 0) return;
        View.SubView(0, destination.Length).CopyToCPU(destination);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is null) return;
        buffer.Dispose();
        _device.Track(-1, -Bytes);
    }
}
