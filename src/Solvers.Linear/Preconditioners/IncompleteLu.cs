using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Preconditioners;

/// <summary>
/// Zero fill-in incomplete LU, M = L U on the pattern of A (natural ordering, no pivoting), L unit lower.
/// A pivot that vanishes is replaced by sqrt(eps) times the largest entry of its row, and counted in
/// <see cref="ReplacedPivots"/>, so the preconditioner stays usable and the caller is told.
/// </summary>
public sealed class IncompleteLu : IPreconditioner
{
    private readonly StrictTriangle _lower;
    private readonly StrictTriangle _upper;
    private readonly double[] _inverseDiagonal;

    /// <summary>Factorises <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException">A is not square or has a zero or missing diagonal entry (the row is named).</exception>
    public IncompleteLu(CsrMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!a.IsSquare)
            throw new ArgumentException($"ILU(0) needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        int n = a.RowCount;
        var diagonalIndex = DiagonalIndices(a);
        // The factorisation works on a rented copy of A's values (see Workspace) with one spare slot past the
        // end: positions outside row i's pattern point there, so the update loop needs no test (what lands in
        // the slot is never read back).
        int nnz = a.NonZeroCount;
        var lu = Workspace.Rent(nnz + 1);
        a.Values.CopyTo(lu);
        lu[nnz] = 0;
        ReplacedPivots = Factor(n, a.RowPointerArray, a.ColumnIndexArray, a.ValueArray, diagonalIndex, lu, nnz);
        _inverseDiagonal = GC.AllocateUninitializedArray<double>(n);
        for (int i = 0; i < n; i++) _inverseDiagonal[i] = 1.0 / lu[diagonalIndex[i]];
        (_lower, _upper) = Split(n, a.RowPointerArray, a.ColumnIndexArray, lu, diagonalIndex, _inverseDiagonal);
        Workspace.Return(lu);
    }

    /// <summary>Position of each row's diagonal entry; a zero or missing one is an error naming the first such row.</summary>
    private static int[] DiagonalIndices(CsrMatrix a)
    {
        int n = a.RowCount;
        var rp = a.RowPointerArray;
        var ci = a.ColumnIndexArray;
        var va = a.ValueArray;
        var diagonalIndex = GC.AllocateUninitializedArray<int>(n);
        for (int i = 0; i < n; i++)
        {
            int k = rp[i], end = rp[i + 1];
            while (k < end && ci[k] < i) k++;
            if (k == end || ci[k] != i || va[k] == 0.0)
                throw new ArgumentException($"ILU(0) needs a non-zero diagonal; entry ({i}, {i}) is zero or not stored.", "a");
            diagonalIndex[i] = k;
        }
        return diagonalIndex;
    }

    /// <summary>IKJ ILU(0) in place on <paramref name="lu"/> (A's values, then the slot <paramref name="spare"/>); returns the replaced pivots.</summary>
    private static unsafe int Factor(int n, int[] rowPointers, int[] columnIndices, double[] values, int[] diagonalIndex, double[] lu, int spare)
    {
        var positions = GC.AllocateUninitializedArray<int>(n);
        Array.Fill(positions, spare);
        int replaced = 0;
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* va = values)
        fixed (int* di = diagonalIndex)
        fixed (double* f = lu)
        fixed (int* position = positions)
        {
            for (int i = 0; i < n; i++)
            {
                int start = rp[i], end = rp[i + 1], diagonal = di[i];
                double rowMax = 0;
                for (int k = start; k < end; k++)
                {
                    position[ci[k]] = k;
                    rowMax = Math.Max(rowMax, Math.Abs(va[k]));
                }
                for (int k = start; k < diagonal; k++)
                {
                    int j = ci[k];
                    double lij = f[k] / f[di[j]];
                    f[k] = lij;
                    for (int q = di[j] + 1, qEnd = rp[j + 1]; q < qEnd; q++) f[position[ci[q]]] -= lij * f[q];
                }
                for (int k = start; k < end; k++) position[ci[k]] = spare;
                ref double pivot = ref f[diagonal];
                if (!double.IsFinite(pivot) || Math.Abs(pivot) <= 1e-14 * rowMax)
                {
                    pivot = SqrtEpsilon * Math.Max(rowMax, 1e-300);
                    replaced++;
                }
            }
        }
        return replaced;
    }

    /// <summary>L (strictly below each row's diagonal) and U^ = D^-1 (U - D) (strictly above) as separate CSR arrays.</summary>
    private static unsafe (StrictTriangle Lower, StrictTriangle Upper) Split(int n, int[] rowPointers, int[] columnIndices, double[] lu,
        int[] diagonalIndex, double[] inverseDiagonal)
    {
        var lp = GC.AllocateUninitializedArray<int>(n + 1);
        var up = GC.AllocateUninitializedArray<int>(n + 1);
        lp[0] = up[0] = 0;
        for (int i = 0; i < n; i++)
        {
            lp[i + 1] = lp[i] + (diagonalIndex[i] - rowPointers[i]);
            up[i + 1] = up[i] + (rowPointers[i + 1] - diagonalIndex[i] - 1);
        }
        var lc = GC.AllocateUninitializedArray<int>(lp[n]);
        var lv = GC.AllocateUninitializedArray<double>(lp[n]);
        var uc = GC.AllocateUninitializedArray<int>(up[n]);
        var uv = GC.AllocateUninitializedArray<double>(up[n]);
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (double* f = lu)
        fixed (int* di = diagonalIndex)
        fixed (double* d = inverseDiagonal)
        fixed (int* lcp = lc)
        fixed (double* lvp = lv)
        fixed (int* ucp = uc)
        fixed (double* uvp = uv)
        {
            int wl = 0, wu = 0;
            for (int i = 0; i < n; i++)
            {
                int diagonal = di[i];
                for (int k = rp[i]; k < diagonal; k++, wl++)
                {
                    lcp[wl] = ci[k];
                    lvp[wl] = f[k];
                }
                double scale = d[i];
                for (int k = diagonal + 1, end = rp[i + 1]; k < end; k++, wu++)
                {
                    ucp[wu] = ci[k];
                    uvp[wu] = f[k] * scale;
                }
            }
        }
        return (new StrictTriangle(lp, lc, lv), new StrictTriangle(up, uc, uv));
    }

    /// <summary>
    /// The first implementation of the set-up, kept as the reference the tests compare the constructor with
    /// bit for bit: L, U^ = D^-1 (U - D), D^-1 and the number of replaced pivots.
    /// </summary>
    internal static (StrictTriangle Lower, StrictTriangle Upper, double[] InverseDiagonal, int Replaced) FactorReference(CsrMatrix a)
    {
        PreconditionerChecks.SquareWithNonzeroDiagonal(a, "ILU(0)");
        int n = a.RowCount;
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var lu = a.Values.ToArray();
        var diagonalIndex = new int[n];
        for (int i = 0; i < n; i++) diagonalIndex[i] = a.IndexOf(i, i);
        var position = new int[n];
        Array.Fill(position, -1);
        int replaced = 0;
        for (int i = 0; i < n; i++)
        {
            int start = rp[i], end = rp[i + 1];
            for (int k = start; k < end; k++) position[ci[k]] = k;
            for (int k = start; k < diagonalIndex[i]; k++)
            {
                int j = ci[k];
                double lij = lu[k] / lu[diagonalIndex[j]];
                lu[k] = lij;
                for (int q = diagonalIndex[j] + 1; q < rp[j + 1]; q++)
                {
                    int p = position[ci[q]];
                    if (p >= 0) lu[p] -= lij * lu[q];
                }
            }
            for (int k = start; k < end; k++) position[ci[k]] = -1;
            ref double pivot = ref lu[diagonalIndex[i]];
            double rowMax = 0;
            for (int k = start; k < end; k++) rowMax = Math.Max(rowMax, Math.Abs(a.Values[k]));
            if (!double.IsFinite(pivot) || Math.Abs(pivot) <= 1e-14 * rowMax)
            {
                pivot = SqrtEpsilon * Math.Max(rowMax, 1e-300);
                replaced++;
            }
        }
        var lower = StrictTriangle.Extract(n, rp, ci, lu, lower: true);
        var inverseDiagonal = new double[n];
        for (int i = 0; i < n; i++) inverseDiagonal[i] = 1.0 / lu[diagonalIndex[i]];
        var upper = StrictTriangle.Extract(n, rp, ci, lu, lower: false).ScaleRows(inverseDiagonal);
        return (lower, upper, inverseDiagonal, replaced);
    }

    /// <summary>The strict lower factor L (unit diagonal implied).</summary>
    internal StrictTriangle LowerFactor => _lower;

    /// <summary>D^-1 (U - D), the backward sweep's operand.</summary>
    internal StrictTriangle UpperFactor => _upper;

    /// <summary>D^-1, the backward sweep's row scale.</summary>
    internal double[] InverseDiagonal => _inverseDiagonal;

    private const double SqrtEpsilon = 1.4901161193847656e-8;

    /// <summary>Number of pivots that vanished and were replaced.</summary>
    public int ReplacedPivots { get; }

    /// <inheritdoc />
    public int Size => _inverseDiagonal.Length;

    /// <inheritdoc />
    public string Name => "ilu0";

    /// <inheritdoc />
    public string? Remark => ReplacedPivots > 0 ? $"ILU(0) replaced {ReplacedPivots} vanishing pivot(s)." : null;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> r, Span<double> z)
    {
        Triangular.LowerSolve(_lower.RowPointers, _lower.ColumnIndices, _lower.Values, default, r, z);
        Triangular.UpperSolve(_upper.RowPointers, _upper.ColumnIndices, _upper.Values, _inverseDiagonal, z, z);
    }
}
