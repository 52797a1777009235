using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Preconditioners;

/// <summary>
/// Successive over-relaxation as a (nonsymmetric) preconditioner, M = D / w + L: one forward sweep per application.
/// For GMRES and BiCGStab (right preconditioning); for CG use the symmetric <see cref="SsorPreconditioner"/>.
/// </summary>
public sealed class SorPreconditioner : IPreconditioner
{
    private readonly StrictTriangle _lower;
    private readonly double[] _scale;

    /// <summary>Builds SOR(<paramref name="omega"/>) for <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException">A is not square or has a zero diagonal entry (the row is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">omega is not in (0, 2).</exception>
    public SorPreconditioner(CsrMatrix a, double omega = 1.0)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!(omega > 0 && omega < 2))
            throw new ArgumentOutOfRangeException(nameof(omega), omega, "SOR relaxation factor must lie in (0, 2).");
        PreconditionerChecks.SquareWithNonzeroDiagonal(a, "SOR");
        Omega = omega;
        var d = a.Diagonal();
        _scale = d.Select(v => omega / v).ToArray();
        // (D / w + L) z = r  <=>  z_i = (w / d_i) r_i - sum_j (w a_ij / d_i) z_j.
        _lower = StrictTriangle.Extract(a, lower: true).ScaleRows(_scale);
    }

    /// <summary>The relaxation factor w.</summary>
    public double Omega { get; }

    /// <inheritdoc />
    public int Size => _scale.Length;

    /// <inheritdoc />
    public string Name => "sor";

    /// <inheritdoc />
    public string? Remark => $"omega = {Omega}";

    /// <summary>False: one forward sweep, M = D / w + L, is not symmetric.</summary>
    public bool IsSymmetric => false;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> r, Span<double> z) =>
        Triangular.LowerSolve(_lower.RowPointers, _lower.ColumnIndices, _lower.Values, _scale, r, z);
}
