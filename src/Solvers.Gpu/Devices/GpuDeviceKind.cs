namespace Solvers.Gpu.Devices;

/// <summary>What kind of ILGPU accelerator a <see cref="GpuDevice"/> wraps.</summary>
public enum GpuDeviceKind
{
    /// <summary>An NVIDIA GPU through the CUDA driver API.</summary>
    Cuda,

    /// <summary>ILGPU's CPU accelerator (a simulator of warps and groups; for tests).</summary>
    CpuSimulator,
}
