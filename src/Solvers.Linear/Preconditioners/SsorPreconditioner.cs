using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Preconditioners;

/// <summary>
/// Symmetric successive over-relaxation: M = (D + wL) D^-1 (D + wU) / (w (2 - w)), applied by one forward and
/// one backward sweep. Symmetric positive definite when A is and 0 &lt; w &lt; 2.
/// </summary>
public sealed class SsorPreconditioner : IPreconditioner
{
    private readonly StrictTriangle _lower;
    private readonly StrictTriangle _upper;
    private readonly double[] _inverseDiagonal;

    /// <summary>Builds SSOR(<paramref name="omega"/>) for <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException">A is not square or has a zero diagonal entry (the row is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">omega is not in (0, 2).</exception>
    public SsorPreconditioner(CsrMatrix a, double omega = 1.0)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!(omega > 0 && omega < 2))
            throw new ArgumentOutOfRangeException(nameof(omega), omega, "SSOR relaxation factor must lie in (0, 2).");
        PreconditionerChecks.SquareWithNonzeroDiagonal(a, "SSOR");
        Omega = omega;
        var d = a.Diagonal();
        _inverseDiagonal = new double[d.Length];
        for (int i = 0; i < d.Length; i++) _inverseDiagonal[i] = 1.0 / d[i];
        _lower = StrictTriangle.Extract(a, lower: true, scale: omega).ScaleRows(_inverseDiagonal);
        _upper = StrictTriangle.Extract(a, lower: false, scale: omega).ScaleRows(_inverseDiagonal);
    }

    /// <summary>The relaxation factor w.</summary>
    public double Omega { get; }

    /// <inheritdoc />
    public int Size => _inverseDiagonal.Length;

    /// <inheritdoc />
    public string Name => "ssor";

    /// <inheritdoc />
    public string? Remark => $"omega = {Omega}";

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> r, Span<double> z)
    {
        // (D + wL) y = r; then (D + wU) z = w (2 - w) D y, i.e. z_i = w (2 - w) y_i - sum (w a_ij / d_i) z_j.
        Triangular.LowerSolve(_lower.RowPointers, _lower.ColumnIndices, _lower.Values, _inverseDiagonal, r, z);
        Blas1.Scale(Omega * (2 - Omega), z);
        Triangular.UpperSolve(_upper.RowPointers, _upper.ColumnIndices, _upper.Values, default, z, z);
    }
}
