namespace Solvers.Gpu.Kernels;

/// <summary>
/// Layout of the device-resident CG state buffer: the scalars of the iteration, then a ring of r·r values
/// (one per iteration) that the host reads back in one copy every few iterations.
/// </summary>
internal static class CgSlots
{
    /// <summary>r·z of the current direction (r·r without a preconditioner).</summary>
    public const int Rz = 0;
    /// <summary>p·Ap.</summary>
    public const int Pq = 1;
    /// <summary>Step length rz / pq.</summary>
    public const int Alpha = 2;
    /// <summary>rz_new / rz.</summary>
    public const int Beta = 3;
    /// <summary>r·r after the last update.</summary>
    public const int Rr = 4;
    /// <summary>A <see cref="DeviceStatus"/> code; non-zero freezes the iteration.</summary>
    public const int Status = 5;
    /// <summary>Iterations completed on the device.</summary>
    public const int Iteration = 6;
    /// <summary>The convergence threshold on ||r|| (set by the host).</summary>
    public const int Threshold = 7;
    /// <summary>Iteration at which <see cref="Status"/> became non-zero.</summary>
    public const int StopIteration = 8;
    /// <summary>Number of scalar slots before the history ring.</summary>
    public const int HistoryOffset = 16;
}

/// <summary>Status codes written by the device into <see cref="CgSlots.Status"/> and <see cref="SinkhornSlots.Status"/>.</summary>
internal static class DeviceStatus
{
    /// <summary>Still iterating.</summary>
    public const double Iterating = 0;
    /// <summary>||r|| reached the threshold; later iterations are no-ops.</summary>
    public const double Converged = 1;
    /// <summary>The iteration limit was reached (device Sinkhorn).</summary>
    public const double MaxIterations = -1;
    /// <summary>p·Ap ≤ 0.</summary>
    public const double IndefiniteMatrix = -4;
    /// <summary>r·M⁻¹r ≤ 0.</summary>
    public const double IndefinitePreconditioner = -5;
    /// <summary>A NaN or infinity in p·Ap, r·r or r·z.</summary>
    public const double NaNOrInfinity = -6;
}
