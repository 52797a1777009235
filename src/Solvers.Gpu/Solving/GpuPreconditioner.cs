namespace Solvers.Gpu.Solving;

/// <summary>Preconditioners the resident device CG can apply without leaving the device.</summary>
public enum GpuPreconditioner
{
    /// <summary>Plain CG.</summary>
    None,

    /// <summary>Jacobi: M = diag(A), applied as an element-wise product with the inverted diagonal.</summary>
    Jacobi,
}
