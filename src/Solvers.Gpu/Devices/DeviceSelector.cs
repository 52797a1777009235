using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Solvers.Gpu.Devices;

/// <summary>
/// Opens a device with a safe fallback: the first CUDA device when it loads and passes a self-test,
/// otherwise ILGPU's CPU accelerator, otherwise nothing (the plain CPU path). Every step that fails is
/// logged and answered by the next one; nothing here throws for want of a GPU.
/// </summary>
/// <remarks>
/// Loading a device means creating the context and accelerator, compiling every kernel (IL → PTX → driver
/// JIT; a new architecture can fail here, ILGPU issue #880) and running a tiny SpMV and dot product whose
/// answer is known. Devices from <see cref="Shared"/> live for the process; <see cref="Open"/> returns one
/// the caller disposes.
/// </remarks>
public static class DeviceSelector
{
    private static readonly object Gate = new();
    private static readonly Dictionary<DeviceChoice, DeviceSelection> Cache = new();

    /// <summary>Receives every probe and fallback message (default: none). Set it to log them.</summary>
    public static Action<string>? Log { get; set; }

    /// <summary>Receives the full exception text of every failed probe (default: none), for diagnosis.</summary>
    public static Action<string>? Detail { get; set; }

    /// <summary>
    /// A device for <paramref name="choice"/> shared by the whole process (opened once, kernels loaded once).
    /// Do not dispose it; it is released at process exit.
    /// </summary>
    public static DeviceSelection Shared(DeviceChoice choice)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(choice, out var cached)) return cached;
            var selection = Open(choice);
            Cache[choice] = selection;
            if (Cache.Count == 1) AppDomain.CurrentDomain.ProcessExit += (_, _) => ReleaseShared();
            return selection;
        }
    }

    /// <summary>
    /// The shared selection for <paramref name="choice"/> if <see cref="Shared"/> has already made it
    /// (nothing is opened here).
    /// </summary>
    public static bool TryGetShared(DeviceChoice choice, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeviceSelection? selection)
    {
        lock (Gate) return Cache.TryGetValue(choice, out selection);
    }

    /// <summary>Opens a new device for <paramref name="choice"/>; the caller disposes <see cref="DeviceSelection.Device"/>.</summary>
    public static DeviceSelection Open(DeviceChoice choice)
    {
        var messages = new List<string>();
        void Say(string message)
        {
            messages.Add(message);
            Log?.Invoke(message);
        }

        switch (choice)
        {
            case DeviceChoice.Off:
                Say("device off: using the CPU path.");
                return new DeviceSelection(null, choice, null, messages);
            case DeviceChoice.Cuda:
            {
                var cuda = TryOpen(GpuDeviceKind.Cuda, Say, out string? why);
                return cuda is not null
                    ? new DeviceSelection(cuda, choice, null, messages)
                    : new DeviceSelection(null, choice, $"CUDA requested but unavailable ({why}); using the CPU path.", messages);
            }
            case DeviceChoice.CpuSim:
            {
                var sim = TryOpen(GpuDeviceKind.CpuSimulator, Say, out string? why);
                return sim is not null
                    ? new DeviceSelection(sim, choice, null, messages)
                    : new DeviceSelection(null, choice, $"ILGPU CPU accelerator unavailable ({why}); using the CPU path.", messages);
            }
            case DeviceChoice.Auto:
            {
                var cuda = TryOpen(GpuDeviceKind.Cuda, Say, out string? cudaWhy);
                if (cuda is not null) return new DeviceSelection(cuda, choice, null, messages);
                var sim = TryOpen(GpuDeviceKind.CpuSimulator, Say, out string? simWhy);
                if (sim is not null) return new DeviceSelection(sim, choice, $"no usable CUDA device ({cudaWhy}); using ILGPU's CPU accelerator.", messages);
                return new DeviceSelection(null, choice, $"no usable CUDA device ({cudaWhy}) and no ILGPU CPU accelerator ({simWhy}); using the CPU path.", messages);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown device choice.");
        }
    }

    /// <summary>
    /// Names and memory of every CUDA device the driver reports, without loading kernels (for gpu-info);
    /// empty when there is no driver. Failures go to <paramref name="messages"/>.
    /// </summary>
    public static IReadOnlyList<string> ListCudaDevices(ICollection<string>? messages = null)
    {
        CudaLibraryResolver.Register();
        try
        {
            using var context = Context.Create(builder => builder.Cuda());
            var names = new List<string>();
            foreach (CudaDevice d in context.GetCudaDevices())
                names.Add($"{d.Name}: {d.MemorySize / (1024.0 * 1024 * 1024):F1} GiB, {d.NumMultiprocessors} SMs, {d.Architecture}, driver {d.DriverVersion}");
            return names;
        }
        catch (Exception e)
        {
            messages?.Add($"CUDA enumeration failed: {e.GetType().Name}: {e.Message}");
            return Array.Empty<string>();
        }
    }

    private static GpuDevice? TryOpen(GpuDeviceKind kind, Action<string> say, out string? why)
    {
        string label = kind == GpuDeviceKind.Cuda ? "CUDA" : "ILGPU CPU accelerator";
        if (kind == GpuDeviceKind.Cuda) CudaLibraryResolver.Register();
        Context? context = null;
        GpuDevice? device = null;
        try
        {
            if (kind == GpuDeviceKind.Cuda && FailCudaForTesting)
                throw new InvalidOperationException("CUDA disabled for testing");
            context = kind == GpuDeviceKind.Cuda
                ? Context.Create(builder => builder.Cuda().EnableAlgorithms())
                : Context.Create(builder => builder.CPU(SimulatorDevice()).EnableAlgorithms());
            ILGPU.Runtime.Accelerator accelerator;
            if (kind == GpuDeviceKind.Cuda)
            {
                var devices = context.GetCudaDevices();
                if (devices.Count == 0) throw new InvalidOperationException("the CUDA driver reports no device (or libcuda could not be loaded)");
                accelerator = devices[0].CreateCudaAccelerator(context);
            }
            else
            {
                accelerator = context.CreateCPUAccelerator(0);
            }
            device = new GpuDevice(context, accelerator, kind);
            context = null; // owned by the device now
            device.LoadKernels();
            SelfTest.Run(device);
            string library = kind == GpuDeviceKind.Cuda && CudaLibraryResolver.Loaded is { } path ? $", driver library {path}" : "";
            say($"{label}: {device} (kernels loaded in {device.KernelLoadSeconds:F3} s, self-test passed{library}).");
            why = null;
            return device;
        }
        catch (Exception e)
        {
            device?.Dispose();
            context?.Dispose();
            why = $"{e.GetType().Name}: {FirstLine(e.Message)}";
            say($"{label} failed: {why}");
            Detail?.Invoke($"{label} failure in full: {e}");
            return null;
        }
    }

    /// <summary>
    /// The simulated device: warps of 4 threads, 2 warps per group, 1 multiprocessor. Small, so that a test
    /// machine with few cores does not spend its time switching between simulator threads, yet with several
    /// warps per group and several groups per grid, so every reduction path is exercised.
    /// </summary>
    private static CPUDevice SimulatorDevice() => new(numThreadsPerWarp: 4, numWarpsPerMultiprocessor: 2, numMultiprocessors: 1);

    /// <summary>Test hook: drops (and disposes) the shared device for <paramref name="choice"/> so the next call probes again.</summary>
    internal static void ForgetShared(DeviceChoice choice)
    {
        lock (Gate)
        {
            if (Cache.Remove(choice, out var selection)) selection.Device?.Dispose();
        }
    }

    /// <summary>Test hook: makes every CUDA probe fail as if no driver were installed.</summary>
    internal static bool FailCudaForTesting { get; set; }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline].TrimEnd();
    }

    private static void ReleaseShared()
    {
        lock (Gate)
        {
            foreach (var selection in Cache.Values) selection.Device?.Dispose();
            Cache.Clear();
        }
    }
}
