using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Preconditioners;

/// <summary>Diagonal (Jacobi) preconditioner M = diag(A).</summary>
public sealed class JacobiPreconditioner : IPreconditioner
{
    private readonly double[] _inverseDiagonal;

    /// <summary>Builds M = diag(A).</summary>
    /// <exception cref="ArgumentException">A is not square or has a zero (or missing) diagonal entry; the message names the row.</exception>
    public JacobiPreconditioner(CsrMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        PreconditionerChecks.SquareWithNonzeroDiagonal(a, "Jacobi");
        _inverseDiagonal = a.Diagonal();
        for (int i = 0; i < _inverseDiagonal.Length; i++) _inverseDiagonal[i] = 1.0 / _inverseDiagonal[i];
    }

    /// <inheritdoc />
    public int Size => _inverseDiagonal.Length;

    /// <inheritdoc />
    public string Name => "jacobi";

    /// <inheritdoc />
    public string? Remark => null;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> r, Span<double> z) => Blas1.Multiply(r, _inverseDiagonal, z);
}
