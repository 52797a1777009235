using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Solvers.Gpu.Devices;

/// <summary>
/// ILGPU imports the CUDA driver as "cuda", which .NET probes on Linux as libcuda.so. Driver-only installs
/// and GPU containers often ship only the versioned libcuda.so.1, so the default probe fails and no device
/// is found. This hook runs only after the default probe has failed and tries the versioned names.
/// </summary>
internal static class CudaLibraryResolver
{
    private static int _registered;

    /// <summary>The path or name of the driver library this hook loaded, or null when it did not act.</summary>
    public static string? Loaded { get; private set; }

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) != 0) return;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        if (!OperatingSystem.IsLinux() || name is not ("cuda" or "nvcuda" or "libcuda")) return IntPtr.Zero;
        foreach (var candidate in new[] { "libcuda.so.1", "/usr/lib/x86_64-linux-gnu/libcuda.so.1", "/usr/lib64/libcuda.so.1", "/usr/local/nvidia/lib64/libcuda.so.1" })
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                Loaded = candidate;
                return handle;
            }
        }
        return IntPtr.Zero;
    }
}
