using Solvers.Gpu.Devices;
using Solvers.Transport;

namespace Solvers.Gpu.OptimalTransport;

/// <summary>
/// The outcome of <see cref="GpuSinkhorn.Solve(Solvers.Transport.Problems.OtProblem, double, Solvers.Transport.Sinkhorn.SinkhornOptions?, DeviceChoice)"/>:
/// the ordinary <see cref="TransportResult"/> plus where it ran and what the transfers cost.
/// </summary>
public sealed record GpuTransportResult
{
    /// <summary>Plan, potentials, cost, iterations and history, exactly as the CPU Sinkhorn reports them.</summary>
    public required TransportResult Result { get; init; }

    /// <summary>Name of the device that ran the solve, or "cpu" for the CPU path.</summary>
    public required string Device { get; init; }

    /// <summary>True when the iteration ran on an ILGPU accelerator (CUDA or the simulator).</summary>
    public required bool OnDevice { get; init; }

    /// <summary>The device that was asked for.</summary>
    public required DeviceChoice Requested { get; init; }

    /// <summary>Seconds spent copying the cost and weights to the device (and transposing the cost there) and the results back; 0 on the CPU path.</summary>
    public double TransferSeconds { get; init; }

    /// <summary>Seconds spent in this call opening the device and loading kernels (0 when an earlier call already did).</summary>
    public double DeviceSetupSeconds { get; init; }

    /// <summary>Wall time of the whole call.</summary>
    public double TotalSeconds { get; init; }

    /// <summary>Why the requested device is not the one that ran (missing, failed to load, too small); null when it is.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>Why <see cref="DeviceChoice.Auto"/> chose the path it did (e.g. below the size threshold); null otherwise.</summary>
    public string? Note { get; init; }
}
