namespace Solvers.Gpu.Devices;

/// <summary>Which device a GPU-capable call may use (the CLI's <c>--device auto|cuda|cpu-sim|off</c>).</summary>
public enum DeviceChoice
{
    /// <summary>
    /// A CUDA device when one works and the problem is above the size where it wins; otherwise the
    /// plain CPU path. Never fails for want of a GPU.
    /// </summary>
    Auto,

    /// <summary>The first CUDA device; when there is none (or it fails to load) the CPU path, with the reason reported.</summary>
    Cuda,

    /// <summary>ILGPU's CPU accelerator, a simulator of the GPU execution model: correct but slow; for tests.</summary>
    CpuSim,

    /// <summary>No device: the plain CPU solvers.</summary>
    Off,
}

/// <summary>Parsing and printing of <see cref="DeviceChoice"/> in the CLI's spelling.</summary>
public static class DeviceChoices
{
    /// <summary>The accepted spellings, as the CLI lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "cuda", "cpu-sim", "off"];

    /// <summary>Parses auto, cuda, cpu-sim or off (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    public static DeviceChoice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "auto" => DeviceChoice.Auto,
            "cuda" or "gpu" => DeviceChoice.Cuda,
            "cpu-sim" or "cpusim" => DeviceChoice.CpuSim,
            "off" or "cpu" or "none" => DeviceChoice.Off,
            _ => throw new ArgumentException($"Unknown device '{text}'; expected auto, cuda, cpu-sim or off.", nameof(text)),
        };
    }

    /// <summary>The CLI spelling: auto, cuda, cpu-sim or off.</summary>
    public static string ToOptionString(this DeviceChoice choice) => choice switch
    {
        DeviceChoice.Auto => "auto",
        DeviceChoice.Cuda => "cuda",
        DeviceChoice.CpuSim => "cpu-sim",
        DeviceChoice.Off => "off",
        _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown device choice."),
    };
}
