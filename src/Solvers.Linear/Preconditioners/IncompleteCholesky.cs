using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Preconditioners;

/// <summary>
/// Zero fill-in incomplete Cholesky, M = L L^T with L on the lower-triangular pattern of A (natural ordering).
/// </summary>
/// <remarks>
/// The factorisation runs on the symmetrically scaled matrix S A S with S = diag(a_ii)^-1/2, which leaves IC(0)
/// unchanged in exact arithmetic but makes a single shift meaningful for every row. When a pivot falls to or
/// below <see cref="IncompleteCholeskyOptions.MinimumPivot"/> (as happens on ill-conditioned stiffness matrices,
/// where PETSc's unshifted ICC(0) breaks down), the factorisation restarts on S A S + alpha I with
/// alpha = InitialShift, 2 InitialShift, 4 InitialShift, ... (Manteuffel's shifted incomplete Cholesky;
/// the doubling follows Lin and Moré, 1999) and <see cref="Shift"/> reports the alpha used.
/// </remarks>
public sealed class IncompleteCholesky : IPreconditioner
{
    private readonly StrictTriangle _lower;
    private readonly StrictTriangle _upper;
    private readonly double[] _inverseDiagonal;
    private readonly double[] _inverseSquaredDiagonal;

    /// <summary>Factorises <paramref name="a"/>, which must be symmetric with a positive diagonal; only its lower triangle is read.</summary>
    /// <exception cref="ArgumentException">A is not square, or a diagonal entry is not positive (the row is named).</exception>
    /// <exception cref="InvalidOperationException">No shift up to <see cref="IncompleteCholeskyOptions.MaximumShift"/> gave positive pivots.</exception>
    public IncompleteCholesky(CsrMatrix a, IncompleteCholeskyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        options ??= new IncompleteCholeskyOptions();
        if (!a.IsSquare)
            throw new ArgumentException($"IC(0) needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        int n = a.RowCount;
        var diagonal = a.Diagonal();
        var scale = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(diagonal[i] > 0))
                throw new ArgumentException($"IC(0) needs a positive diagonal; entry ({i}, {i}) is {diagonal[i]}. The matrix is not SPD.", nameof(a));
            scale[i] = 1.0 / Math.Sqrt(diagonal[i]);
        }

        // Lower triangle including the diagonal, which comes last in each row since columns are sorted.
        var pattern = StrictTriangle.Extract(a, lower: true);
        var strictValues = pattern.Values;
        var rp = pattern.RowPointers;
        var ci = pattern.ColumnIndices;
        for (int i = 0; i < n; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
                strictValues[k] *= scale[i] * scale[ci[k]];

        var factor = new double[strictValues.Length];
        var pivots = new double[n];
        double shift = 0;
        int attempts = 0;
        while (!TryFactor(n, rp, ci, strictValues, shift, options.MinimumPivot, factor, pivots))
        {
            attempts++;
            shift = shift == 0 ? options.InitialShift : 2 * shift;
            if (shift > options.MaximumShift)
                throw new InvalidOperationException(
                    $"IC(0) broke down even with diagonal shift {shift / 2:G3}; the matrix is probably not positive definite.");
        }
        Shift = shift;
        Restarts = attempts;

        // Undo the scaling: the factor of A itself is S^-1 L.
        _inverseDiagonal = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sInv = 1.0 / scale[i];
            for (int k = rp[i]; k < rp[i + 1]; k++) factor[k] *= sInv;
            _inverseDiagonal[i] = 1.0 / (pivots[i] * sInv);
        }
        var lower = new StrictTriangle(rp, ci, factor);
        // Apply as M^-1 = Lu^-T D^-2 Lu^-1 with Lu = L D^-1 unit lower (D = diag(L)): the forward sweep then
        // needs no diagonal at all, which saves a stream of memory traffic in a bandwidth-bound kernel.
        _upper = lower.Transpose(n).ScaleRows(_inverseDiagonal);
        _lower = lower.ScaleColumns(_inverseDiagonal);
        _inverseSquaredDiagonal = new double[n];
        for (int i = 0; i < n; i++) _inverseSquaredDiagonal[i] = _inverseDiagonal[i] * _inverseDiagonal[i];
    }

    /// <summary>The diagonal shift alpha added to the scaled matrix (0 when none was needed).</summary>
    public double Shift { get; }

    /// <summary>How many times the factorisation restarted with a larger shift.</summary>
    public int Restarts { get; }

    /// <summary>Stored entries of L, including the diagonal.</summary>
    public int FactorNonZeroCount => _lower.Values.Length + _inverseDiagonal.Length;

    /// <inheritdoc />
    public int Size => _inverseDiagonal.Length;

    /// <inheritdoc />
    public string Name => "ic0";

    /// <inheritdoc />
    public string? Remark => Shift > 0
        ? $"IC(0) broke down without a shift; factorised the diagonally scaled matrix + {Shift:G3} I after {Restarts} restart(s)."
        : null;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> r, Span<double> z)
    {
        Triangular.LowerSolve(_lower.RowPointers, _lower.ColumnIndices, _lower.Values, default, r, z);
        Triangular.UpperSolve(_upper.RowPointers, _upper.ColumnIndices, _upper.Values, _inverseSquaredDiagonal, z, z);
    }

    /// <inheritdoc />
    public double ApplyAndDot(ReadOnlySpan<double> r, Span<double> z)
    {
        Triangular.LowerSolve(_lower.RowPointers, _lower.ColumnIndices, _lower.Values, default, r, z);
        return Triangular.UpperSolveDot(_upper.RowPointers, _upper.ColumnIndices, _upper.Values, _inverseSquaredDiagonal, z, z, r);
    }

    /// <summary>
    /// Row-by-row IC(0) of the scaled matrix (unit diagonal) plus shift. Strict lower entries in, factor out;
    /// false when a pivot is at or below <paramref name="minimumPivot"/>.
    /// </summary>
    private static bool TryFactor(int n, int[] rp, int[] ci, double[] a, double shift, double minimumPivot, double[] l, double[] pivots)
    {
        var position = new int[n];
        Array.Fill(position, -1);
        for (int i = 0; i < n; i++)
        {
            int start = rp[i], end = rp[i + 1];
            for (int k = start; k < end; k++) position[ci[k]] = k;
            double diagonal = 1.0 + shift;
            for (int k = start; k < end; k++)
            {
                int j = ci[k];
                double s = a[k];
                // Subtract sum over m < j of L_im L_jm, on the common pattern of rows i and j.
                for (int q = rp[j]; q < rp[j + 1]; q++)
                {
                    int p = position[ci[q]];
                    if (p >= 0 && p < k) s -= l[p] * l[q];
                }
                double lij = s / pivots[j];
                l[k] = lij;
                diagonal -= lij * lij;
            }
            for (int k = start; k < end; k++) position[ci[k]] = -1;
            if (!(diagonal > minimumPivot)) return false;
            pivots[i] = Math.Sqrt(diagonal);
        }
        return true;
    }
}

/// <summary>Settings of <see cref="IncompleteCholesky"/>.</summary>
public sealed record IncompleteCholeskyOptions
{
    /// <summary>A squared pivot of the scaled matrix (whose diagonal is 1) at or below this is a breakdown. Default 1e-6.</summary>
    public double MinimumPivot { get; init; } = 1e-6;

    /// <summary>First shift tried after a breakdown. Default 1e-3.</summary>
    public double InitialShift { get; init; } = 1e-3;

    /// <summary>Largest shift before giving up. Default 1e3.</summary>
    public double MaximumShift { get; init; } = 1e3;
}
