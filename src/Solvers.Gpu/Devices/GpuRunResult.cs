namespace Solvers.Gpu.Devices;

/// <summary>
/// What every device-capable solve reports besides its ordinary result: where it ran, why there, and what the device
/// set-up and transfers cost. <typeparamref name="TResult"/> is the CPU solver's result type, filled exactly as the CPU
/// path fills it.
/// </summary>
public abstract record GpuRunResult<TResult>
{
    /// <summary>The solver's ordinary result (status, iterations, history, ...), the same type the CPU path returns.</summary>
    public required TResult Result { get; init; }

    /// <summary>Name of the device that ran the solve (e.g. "NVIDIA H100 80GB HBM3"), or "cpu" for the CPU path.</summary>
    public required string Device { get; init; }

    /// <summary>True when the iteration ran on an ILGPU accelerator (CUDA or the simulator).</summary>
    public required bool OnDevice { get; init; }

    /// <summary>The device that was asked for.</summary>
    public required DeviceChoice Requested { get; init; }

    /// <summary>Seconds spent copying the inputs to the device and the results back; 0 on the CPU path.</summary>
    public double TransferSeconds { get; init; }

    /// <summary>Seconds spent in this call opening the device and loading kernels (0 when an earlier call already did).</summary>
    public double DeviceSetupSeconds { get; init; }

    /// <summary>Wall time of the whole call: device set-up, transfers, iteration and the final checks.</summary>
    public double TotalSeconds { get; init; }

    /// <summary>Why the requested device is not the one that ran (missing, failed to load, too small); null when it is.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>Why <see cref="DeviceChoice.Auto"/> chose the path it did (e.g. below the size threshold); null otherwise.</summary>
    public string? Note { get; init; }
}
