namespace Solvers.Gpu.Devices;

/// <summary>
/// The outcome of choosing a device: the device (null means the plain CPU path), what was asked for,
/// and, when the request could not be met, why.
/// </summary>
/// <param name="Device">The opened device, or null for the CPU path.</param>
/// <param name="Requested">The choice that was asked for.</param>
/// <param name="FallbackReason">Why the requested device is not the one returned; null when it is.</param>
/// <param name="Messages">Every probe step and failure, in order (also sent to <see cref="DeviceSelector.Log"/>).</param>
public sealed record DeviceSelection(GpuDevice? Device, DeviceChoice Requested, string? FallbackReason, IReadOnlyList<string> Messages)
{
    /// <summary>True when a device other than the requested one (or none) was returned.</summary>
    public bool FellBack => FallbackReason is not null;
}
