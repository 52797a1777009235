using Solvers.Linear.Kernels;
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
        ReplacedPivots = replaced;
        _lower = StrictTriangle.Extract(n, rp, ci, lu, lower: true);
        _inverseDiagonal = new double[n];
        for (int i = 0; i < n; i++) _inverseDiagonal[i] = 1.0 / lu[diagonalIndex[i]];
        _upper = StrictTriangle.Extract(n, rp, ci, lu, lower: false).ScaleRows(_inverseDiagonal);
    }

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
