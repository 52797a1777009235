namespace Solvers.Gpu;

/// <summary>Which device SpMV kernel a <see cref="GpuCsrOperator"/> uses.</summary>
public enum GpuSpMVKernel
{
    /// <summary>Chosen from the mean stored entries per row (scalar below 16, vector with about 8 entries per lane above).</summary>
    Auto,

    /// <summary>One thread per row (Bell and Garland's CSR-scalar): stencils and other short rows.</summary>
    Scalar,

    /// <summary>A power-of-two group of lanes per row with a warp-shuffle sum (CSR-vector): long rows.</summary>
    Vector,
}
