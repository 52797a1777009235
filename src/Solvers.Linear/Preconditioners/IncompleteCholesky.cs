using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
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
        // On small matrices the set-up costs as much as the solve, and much of it is first touches of freshly
        // allocated memory: hence few passes and few arrays, each reused once its first role is over.
        int n = a.RowCount;
        // Temporaries: the scaling, the pivots (then D^-1) and the dense row of TryFactor, rented (see Workspace).
        var temporary = Workspace.Rent(3 * n);
        var scale = temporary.AsSpan(0, n);
        var pivots = temporary.AsSpan(n, n);
        var work = temporary.AsSpan(2 * n, n);
        work.Clear();
        var lp = LowerPattern(a, scale);
        int nnz = lp[n];
        var lc = GC.AllocateUninitializedArray<int>(nnz);
        var scaled = GC.AllocateUninitializedArray<double>(nnz);
        CopyScaledLower(a, scale, lp, lc, scaled);

        var factor = GC.AllocateUninitializedArray<double>(nnz);
        double shift = 0;
        int attempts = 0;
        while (!TryFactor(n, lp, lc, scaled, shift, options.MinimumPivot, factor, pivots, work))
        {
            attempts++;
            shift = shift == 0 ? options.InitialShift : 2 * shift;
            if (shift > options.MaximumShift)
                throw new InvalidOperationException(
                    $"IC(0) broke down even with diagonal shift {shift / 2:G3}; the matrix is probably not positive definite.");
        }
        Shift = shift;
        Restarts = attempts;

        // Undo the scaling (the factor of A itself is S^-1 L) and fold D^-1 into the columns in one pass:
        // M^-1 = Lu^-T D^-2 Lu^-1 with Lu = L D^-1 unit lower (D = diag(L)), so the forward sweep needs no
        // diagonal, which saves a stream of memory traffic in a bandwidth-bound kernel. Lu^T then has the same
        // values, so the upper factor is a plain transpose; the products are formed in the order of
        // FactorReference, so the two agree to the last bit.
        var inverseDiagonal = pivots;
        _inverseSquaredDiagonal = GC.AllocateUninitializedArray<double>(n);
        for (int i = 0; i < n; i++)
        {
            double sInv = 1.0 / scale[i];
            for (int k = lp[i]; k < lp[i + 1]; k++) factor[k] = factor[k] * sInv * inverseDiagonal[lc[k]];
            inverseDiagonal[i] = 1.0 / (pivots[i] * sInv);
            _inverseSquaredDiagonal[i] = inverseDiagonal[i] * inverseDiagonal[i];
        }
        Workspace.Return(temporary);
        _lower = new StrictTriangle(lp, lc, factor);
        _upper = Transpose(n, lp, lc, factor, scaled);
    }

    /// <summary>
    /// Row pointers of the strict lower triangle, and the scaling S = diag(a_ii)^-1/2 into <paramref name="scale"/>.
    /// Columns are sorted, so the strict lower part of a row is the prefix before its diagonal.
    /// </summary>
    private static int[] LowerPattern(CsrMatrix a, Span<double> scale)
    {
        int n = a.RowCount;
        var rp = a.RowPointerArray;
        var ci = a.ColumnIndexArray;
        var va = a.ValueArray;
        var lp = GC.AllocateUninitializedArray<int>(n + 1);
        lp[0] = 0;
        for (int i = 0; i < n; i++)
        {
            int k = rp[i], end = rp[i + 1];
            while (k < end && ci[k] < i) k++;
            double d = k < end && ci[k] == i ? va[k] : 0.0;
            if (!(d > 0))
                throw new ArgumentException($"IC(0) needs a positive diagonal; entry ({i}, {i}) is {d}. The matrix is not SPD.", nameof(a));
            scale[i] = 1.0 / Math.Sqrt(d);
            lp[i + 1] = lp[i] + (k - rp[i]);
        }
        return lp;
    }

    /// <summary>The strict lower triangle of S A S: columns into <paramref name="lc"/>, values into <paramref name="scaled"/>.</summary>
    private static unsafe void CopyScaledLower(CsrMatrix a, ReadOnlySpan<double> scale, int[] lp, int[] lc, double[] scaled)
    {
        int n = a.RowCount;
        fixed (int* rp = a.RowPointerArray)
        fixed (int* ci = a.ColumnIndexArray)
        fixed (double* va = a.ValueArray)
        fixed (double* s = scale)
        fixed (int* lpp = lp)
        fixed (int* lcp = lc)
        fixed (double* sv = scaled)
        {
            for (int i = 0; i < n; i++)
            {
                double si = s[i];
                int src = rp[i];
                for (int k = lpp[i]; k < lpp[i + 1]; k++, src++)
                {
                    int j = ci[src];
                    lcp[k] = j;
                    sv[k] = va[src] * (si * s[j]);
                }
            }
        }
    }

    /// <summary>
    /// The transpose of the strict lower triangle (lp, lc, values); its values land in <paramref name="into"/>,
    /// whose old contents are no longer needed.
    /// </summary>
    private static StrictTriangle Transpose(int n, int[] lp, int[] lc, double[] values, double[] into)
    {
        var up = new int[n + 1];
        var uc = GC.AllocateUninitializedArray<int>(lp[n]);
        CsrMatrix.TransposeInto(n, n, lp, lc, values, up, uc, into);
        return new StrictTriangle(up, uc, into);
    }

    /// <summary>The diagonal shift alpha added to the scaled matrix (0 when none was needed).</summary>
    public double Shift { get; }

    /// <summary>How many times the factorisation restarted with a larger shift.</summary>
    public int Restarts { get; }

    /// <summary>Stored entries of L, including the diagonal.</summary>
    public int FactorNonZeroCount => _lower.Values.Length + _inverseSquaredDiagonal.Length;

    /// <inheritdoc />
    public int Size => _inverseSquaredDiagonal.Length;

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
    /// false when a pivot is at or below <paramref name="minimumPivot"/>. <paramref name="work"/> (length n,
    /// zero on entry and on return) holds row i of L scattered by column as it is computed.
    /// </summary>
    /// <remarks>
    /// L_ij = (a_ij - sum over m &lt; j of L_im L_jm) / L_jj. Every column m of row j is below j, so the entries
    /// of row i it can meet are the ones already computed; the rest of <paramref name="work"/> is zero. The sum
    /// therefore runs over all of row j without a test, and adds exactly zero where FactorReference skips a
    /// term: the same result, without a hard-to-predict branch in the innermost loop.
    /// </remarks>
    private static unsafe bool TryFactor(int n, int[] rp, int[] ci, double[] a, double shift, double minimumPivot, double[] l, Span<double> pivots, Span<double> work)
    {
        fixed (int* rpp = rp)
        fixed (int* cip = ci)
        fixed (double* ap = a)
        fixed (double* lp = l)
        fixed (double* pp = pivots)
        fixed (double* w = work)
        {
            for (int i = 0; i < n; i++)
            {
                int start = rpp[i], end = rpp[i + 1];
                double diagonal = 1.0 + shift;
                for (int k = start; k < end; k++)
                {
                    int j = cip[k];
                    double s = ap[k];
                    for (int q = rpp[j], qEnd = rpp[j + 1]; q < qEnd; q++) s -= w[cip[q]] * lp[q];
                    double lij = s / pp[j];
                    lp[k] = lij;
                    w[j] = lij;
                    diagonal -= lij * lij;
                }
                for (int k = start; k < end; k++) w[cip[k]] = 0;
                if (!(diagonal > minimumPivot)) return false;
                pp[i] = Math.Sqrt(diagonal);
            }
        }
        return true;
    }

    /// <summary>The strict lower factor with D^-1 folded into its columns (the forward sweep's operand).</summary>
    internal StrictTriangle LowerFactor => _lower;

    /// <summary>Its transpose with D^-1 folded into the rows (the backward sweep's operand).</summary>
    internal StrictTriangle UpperFactor => _upper;

    /// <summary>D^-2, the backward sweep's row scale.</summary>
    internal double[] InverseSquaredDiagonal => _inverseSquaredDiagonal;

    /// <summary>
    /// The first implementation of the set-up, kept as the reference the tests compare the constructor with
    /// bit for bit: Extract, scale, factor with a position map, unscale, transpose, then scale rows and columns.
    /// </summary>
    internal static (StrictTriangle Lower, StrictTriangle Upper, double[] InverseSquaredDiagonal, double Shift, int Restarts) FactorReference(
        CsrMatrix a, IncompleteCholeskyOptions? options = null)
    {
        options ??= new IncompleteCholeskyOptions();
        int n = a.RowCount;
        var diagonal = a.Diagonal();
        var scale = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(diagonal[i] > 0))
                throw new ArgumentException($"IC(0) needs a positive diagonal; entry ({i}, {i}) is {diagonal[i]}. The matrix is not SPD.", nameof(a));
            scale[i] = 1.0 / Math.Sqrt(diagonal[i]);
        }
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
        while (!TryFactorReference(n, rp, ci, strictValues, shift, options.MinimumPivot, factor, pivots))
        {
            attempts++;
            shift = shift == 0 ? options.InitialShift : 2 * shift;
            if (shift > options.MaximumShift)
                throw new InvalidOperationException(
                    $"IC(0) broke down even with diagonal shift {shift / 2:G3}; the matrix is probably not positive definite.");
        }
        var inverseDiagonal = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sInv = 1.0 / scale[i];
            for (int k = rp[i]; k < rp[i + 1]; k++) factor[k] *= sInv;
            inverseDiagonal[i] = 1.0 / (pivots[i] * sInv);
        }
        var lower = new StrictTriangle(rp, ci, factor);
        var upper = lower.Transpose(n).ScaleRows(inverseDiagonal);
        lower = lower.ScaleColumns(inverseDiagonal);
        var inverseSquared = new double[n];
        for (int i = 0; i < n; i++) inverseSquared[i] = inverseDiagonal[i] * inverseDiagonal[i];
        return (lower, upper, inverseSquared, shift, attempts);
    }

    private static bool TryFactorReference(int n, int[] rp, int[] ci, double[] a, double shift, double minimumPivot, double[] l, double[] pivots)
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
