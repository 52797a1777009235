namespace Solvers.Linear.Preconditioners;

/// <summary>
/// An approximation M of A applied as z = M^-1 r. Set-up (factorisation) happens when the preconditioner
/// is created; <see cref="Apply"/> must not allocate.
/// </summary>
public interface IPreconditioner
{
    /// <summary>Order of the matrix it approximates.</summary>
    int Size { get; }

    /// <summary>Short name, e.g. "jacobi", "ic0".</summary>
    string Name { get; }

    /// <summary>What was done in set-up that a user should know (a shift, replaced pivots), or null.</summary>
    string? Remark { get; }

    /// <summary>z = M^-1 r. <paramref name="r"/> and <paramref name="z"/> must not overlap.</summary>
    void Apply(ReadOnlySpan<double> r, Span<double> z);

    /// <summary>
    /// False when M is not symmetric even for a symmetric A (a one-sided sweep such as SOR), so that CG, which needs
    /// a symmetric positive definite M, can refuse it. Default true.
    /// </summary>
    bool IsSymmetric => true;

    /// <summary>
    /// z = M^-1 r and returns r·z, which PCG needs next. Implementations may fuse the dot product into their
    /// last sweep to save a pass over memory.
    /// </summary>
    double ApplyAndDot(ReadOnlySpan<double> r, Span<double> z)
    {
        Apply(r, z);
        return Kernels.Blas1.Dot(r, z);
    }
}

/// <summary>M = I: the unpreconditioned method.</summary>
public sealed class IdentityPreconditioner(int size) : IPreconditioner
{
    /// <inheritdoc />
    public int Size { get; } = size;

    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public string? Remark => null;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> r, Span<double> z) => r.CopyTo(z);
}
