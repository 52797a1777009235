using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Solvers.Gpu.Kernels;

namespace Solvers.Gpu.Devices;

/// <summary>
/// One ILGPU context and accelerator, with this assembly's kernels loaded once and cached for its lifetime.
/// Obtain one from <see cref="DeviceSelector"/>. Disposing releases the kernels, the accelerator and the
/// context, in that order; device buffers allocated through it are counted (<see cref="LiveBuffers"/>).
/// </summary>
public sealed class GpuDevice : IDisposable
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly object _gate = new();
    private GpuKernels? _kernels;
    private SinkhornKernelSet? _sinkhornKernels;
    private string? _sinkhornLoadFailure;
    private long _liveBuffers;
    private long _liveBytes;
    private bool _disposed;

    internal GpuDevice(Context context, Accelerator accelerator, GpuDeviceKind kind)
    {
        _context = context;
        _accelerator = accelerator;
        Kind = kind;
        Name = accelerator.Name;
        MemoryBytes = accelerator.MemorySize;
        WarpSize = accelerator.WarpSize;
        MaxGroupSize = accelerator.MaxNumThreadsPerGroup;
        MultiprocessorCount = accelerator.NumMultiprocessors;
        if (accelerator is CudaAccelerator cuda)
        {
            Architecture = cuda.Architecture.ToString();
            InstructionSet = cuda.InstructionSet.ToString();
            DriverVersion = cuda.DriverVersion.ToString();
        }
        // Launch geometry: a group of 256 threads where allowed (a multiple of the warp size), and enough
        // groups for grid-stride loops to fill every multiprocessor.
        // Powers of two (the tree reductions need them) and multiples of the warp size.
        GroupSize = PowerOfTwoAtMost(Math.Min(256, MaxGroupSize));
        SingleGroupSize = PowerOfTwoAtMost(Math.Min(GroupReduce.MaxGroupSize, MaxGroupSize));
        int perMultiprocessor = Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / GroupSize);
        StrideGroups = Math.Clamp(MultiprocessorCount * perMultiprocessor, 4, 4096);
    }

    /// <summary>Device name as the driver reports it (e.g. "NVIDIA H100 80GB HBM3"), or ILGPU's CPU accelerator name.</summary>
    public string Name { get; }

    /// <summary>CUDA GPU or ILGPU CPU simulator.</summary>
    public GpuDeviceKind Kind { get; }

    /// <summary>Device memory in bytes.</summary>
    public long MemoryBytes { get; }

    /// <summary>Threads per warp (32 on NVIDIA; smaller on the simulator).</summary>
    public int WarpSize { get; }

    /// <summary>Most threads in one group.</summary>
    public int MaxGroupSize { get; }

    /// <summary>Streaming multiprocessors (or simulated ones).</summary>
    public int MultiprocessorCount { get; }

    /// <summary>CUDA compute architecture, e.g. "SM_90"; null on the simulator.</summary>
    public string? Architecture { get; }

    /// <summary>PTX instruction set ILGPU targets, e.g. "ISA_80"; null on the simulator.</summary>
    public string? InstructionSet { get; }

    /// <summary>CUDA driver version; null on the simulator.</summary>
    public string? DriverVersion { get; }

    /// <summary>Device buffers currently allocated through this device (0 after every solve has been disposed).</summary>
    public long LiveBuffers => Interlocked.Read(ref _liveBuffers);

    /// <summary>Bytes in <see cref="LiveBuffers"/>.</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Seconds it took to compile and load the kernels (0 before <see cref="LoadKernels"/>).</summary>
    public double KernelLoadSeconds => _kernels?.LoadSeconds ?? 0;

    /// <summary>A one-line description: name, kind, memory, warp size, architecture.</summary>
    public override string ToString() => Kind == GpuDeviceKind.Cuda
        ? $"{Name} (CUDA, {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, {MultiprocessorCount} SMs, warp {WarpSize}, {Architecture}, {InstructionSet})"
        : $"{Name} (ILGPU CPU simulator, warp {WarpSize}, group {MaxGroupSize})";

    /// <summary>
    /// Compiles and loads every kernel now (otherwise this happens on first use). Throws what ILGPU or the
    /// driver throws, e.g. when the PTX JIT rejects the code; <see cref="DeviceSelector"/> catches it.
    /// </summary>
    public void LoadKernels() => _ = Kernels;

    internal Accelerator Accelerator
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _accelerator;
        }
    }

    internal GpuKernels Kernels
    {
        get
        {
            var kernels = _kernels;
            if (kernels is not null) return kernels;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _kernels ??= new GpuKernels(_accelerator);
            }
        }
    }

    /// <summary>
    /// The device Sinkhorn's kernels, loaded on first use and cached. A load failure is remembered and thrown
    /// again (as <see cref="InvalidOperationException"/>) on later calls without recompiling.
    /// </summary>
    internal SinkhornKernelSet SinkhornKernels
    {
        get
        {
            var kernels = _sinkhornKernels;
            if (kernels is not null) return kernels;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_sinkhornKernels is not null) return _sinkhornKernels;
                if (_sinkhornLoadFailure is not null) throw new InvalidOperationException(_sinkhornLoadFailure);
                try
                {
                    return _sinkhornKernels = new SinkhornKernelSet(_accelerator);
                }
                catch (Exception e)
                {
                    _sinkhornLoadFailure = $"the device Sinkhorn kernels failed to load: {e.GetType().Name}: {e.Message}";
                    throw new InvalidOperationException(_sinkhornLoadFailure, e);
                }
            }
        }
    }

    /// <summary>Threads per group of the grid-stride and SpMV kernels.</summary>
    internal int GroupSize { get; }

    /// <summary>Threads of the one-group kernels that finish a reduction.</summary>
    internal int SingleGroupSize { get; }

    /// <summary>Number of groups of the grid-stride kernels (fixed per device: deterministic reductions).</summary>
    internal int StrideGroups { get; }

    private static int PowerOfTwoAtMost(int value)
    {
        int p = 1;
        while (p * 2 <= value) p *= 2;
        return p;
    }

    internal DeviceBuffer<T> Allocate<T>(long length)
        where T : unmanaged => new(this, length);

    internal DeviceBuffer<T> Upload<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        var buffer = new DeviceBuffer<T>(this, data.Length);
        try
        {
            buffer.Upload(data);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    internal void Track(int buffers, long bytes)
    {
        Interlocked.Add(ref _liveBuffers, buffers);
        Interlocked.Add(ref _liveBytes, bytes);
    }

    internal void Synchronize() => Accelerator.Synchronize();

    /// <summary>Releases the accelerator and the context; the cached kernels go with the accelerator.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _accelerator.Dispose();
        _context.Dispose();
    }
}
