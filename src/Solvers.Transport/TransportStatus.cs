namespace Solvers.Transport;

/// <summary>
/// Why a transport solve stopped, numbered like <see cref="Solvers.Linear.Solving.SolveStatus"/>: positive is
/// success, negative a failure with a cause, zero still running.
/// </summary>
public enum TransportStatus
{
    /// <summary>The solve has not finished.</summary>
    Iterating = 0,

    /// <summary>The marginal error reached the tolerance (entropic solvers).</summary>
    Converged = 1,

    /// <summary>The exact solver proved optimality (no arc with negative reduced cost).</summary>
    Optimal = 2,

    /// <summary>The iteration (or pivot) limit was reached; the last plan is returned.</summary>
    MaxIterations = -1,

    /// <summary>A NaN or infinity appeared that the stabilisation could not remove.</summary>
    NaNOrInfinity = -6,

    /// <summary>The CancellationToken was signalled; the last plan is returned.</summary>
    Cancelled = -8,
}

/// <summary>Helpers for <see cref="TransportStatus"/>.</summary>
public static class TransportStatusExtensions
{
    /// <summary>True for <see cref="TransportStatus.Converged"/> and <see cref="TransportStatus.Optimal"/>.</summary>
    public static bool IsSuccess(this TransportStatus status) => status > 0;
}
