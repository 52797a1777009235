namespace Solvers.Gpu.Kernels;

/// <summary>
/// Layout of the device-resident Sinkhorn state buffer: the scalars of the iteration, then a ring of
/// (L1, L2) column-marginal errors, one pair per iteration, that the host reads back every few iterations.
/// </summary>
internal static class SinkhornSlots
{
    /// <summary>A <see cref="DeviceStatus"/> code; non-zero freezes the iteration.</summary>
    public const int Status = 0;
    /// <summary>Sinkhorn iterations completed (row half-steps done), as the CPU counts them.</summary>
    public const int Iteration = 1;
    /// <summary>The last iteration whose marginal error is in the ring.</summary>
    public const int Checked = 2;
    /// <summary>The regularisation reg (set by the host).</summary>
    public const int Regularization = 3;
    /// <summary>The tolerance of the stopping rule (set by the host).</summary>
    public const int Tolerance = 4;
    /// <summary>The iteration limit (set by the host).</summary>
    public const int MaxIterations = 5;
    /// <summary>0: L1 marginal error every iteration; 1: POT's column L2 error after iterations 1, 11, 21, ...</summary>
    public const int Rule = 6;
    /// <summary>Number of scalar slots before the error ring.</summary>
    public const int HistoryOffset = 8;
}
