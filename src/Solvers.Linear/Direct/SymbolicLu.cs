using System.Diagnostics;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// The pattern-only part of a sparse LU factorisation: the strategy, the fill-reducing column ordering Q and A's
/// entries arranged by the columns of A Q. Row pivots are chosen numerically, so they belong to the factor
/// (<see cref="LuFactor"/>). Reusable for every matrix with the same pattern.
/// </summary>
public sealed class SymbolicLu
{
    private readonly int[] _patternRowPointers;
    private readonly int[] _patternColumnIndices;

    internal SymbolicLu(CsrMatrix a, Permutation columnOrder, OrderingMethod method, LuStrategy strategy, double orderingSeconds)
    {
        var clock = Stopwatch.StartNew();
        int n = a.RowCount;
        Size = n;
        OrderingMethod = method;
        Strategy = strategy;
        ColumnPermutation = columnOrder;
        _patternRowPointers = a.RowPointerArray;
        _patternColumnIndices = a.ColumnIndexArray;

        // A by columns, columns in the order of Q: column k holds A(:, Q[k]); Source[p] indexes A.Values.
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var qinv = columnOrder.OldToNewArray;
        ColumnPointers = new int[n + 1];
        for (int p = 0; p < a.NonZeroCount; p++) ColumnPointers[qinv[ci[p]] + 1]++;
        for (int k = 0; k < n; k++) ColumnPointers[k + 1] += ColumnPointers[k];
        var next = ColumnPointers.AsSpan(0, n).ToArray();
        RowIndices = new int[a.NonZeroCount];
        Sources = new int[a.NonZeroCount];
        for (int i = 0; i < n; i++)
            for (int p = rp[i]; p < rp[i + 1]; p++)
            {
                int dst = next[qinv[ci[p]]]++;
                RowIndices[dst] = i;
                Sources[dst] = p;
            }
        AnalyzeSeconds = orderingSeconds + clock.Elapsed.TotalSeconds;
    }

    /// <summary>Order n.</summary>
    public int Size { get; }

    /// <summary>The ordering method used for the columns.</summary>
    public OrderingMethod OrderingMethod { get; }

    /// <summary>The strategy in force (never <see cref="LuStrategy.Auto"/>: that is resolved by the analysis).</summary>
    public LuStrategy Strategy { get; }

    /// <summary>The pivot tolerance <see cref="Factorize"/> uses when none is given: 1 for the unsymmetric strategy, 0.1 for the symmetric one.</summary>
    public double DefaultPivotTolerance => Strategy == LuStrategy.Symmetric ? 0.1 : 1.0;

    /// <summary>The column permutation Q: column k of the factored matrix A Q is column Q[k] of A.</summary>
    public Permutation ColumnPermutation { get; }

    /// <summary>Seconds of the analysis, ordering included.</summary>
    public double AnalyzeSeconds { get; }

    internal int[] ColumnPointers { get; }
    internal int[] RowIndices { get; }
    internal int[] Sources { get; }

    /// <summary>
    /// Numeric LU factorisation P A Q = L U with threshold partial pivoting: in each column the diagonal entry is
    /// kept as pivot when its magnitude is at least <paramref name="pivotTolerance"/> times the largest candidate,
    /// else the largest candidate is taken (1: strict partial pivoting; smaller values favour the diagonal and
    /// sparsity). Null uses <see cref="DefaultPivotTolerance"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A's pattern differs from the analysed one, or the tolerance is outside (0, 1].</exception>
    /// <exception cref="SingularMatrixException">A is structurally or numerically singular (the column is named).</exception>
    public LuFactor Factorize(CsrMatrix a, double? pivotTolerance = null)
    {
        double tolerance = pivotTolerance ?? DefaultPivotTolerance;
        if (!(tolerance > 0 && tolerance <= 1))
            throw new ArgumentException($"The pivot tolerance must lie in (0, 1]; got {tolerance}.", nameof(pivotTolerance));
        CheckPattern(a, nameof(a));
        return new LuFactor(this, a, tolerance);
    }

    /// <summary>
    /// The strategy <see cref="LuStrategy.Auto"/> picks for <paramref name="a"/>: symmetric when at least half of the
    /// off-diagonal entries have their mirror entry and at least 90% of the diagonal entries are nonzero.
    /// </summary>
    internal static LuStrategy Choose(CsrMatrix a)
    {
        int n = a.RowCount;
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        long offDiagonal = 0, mirrored = 0;
        int diagonal = 0;
        for (int i = 0; i < n; i++)
            for (int p = rp[i]; p < rp[i + 1]; p++)
            {
                int j = ci[p];
                if (j == i)
                {
                    if (va[p] != 0) diagonal++;
                    continue;
                }
                offDiagonal++;
                if (a.IndexOf(j, i) >= 0) mirrored++;
            }
        bool symmetric = 2 * mirrored >= offDiagonal && 10L * diagonal >= 9L * n;
        return symmetric ? LuStrategy.Symmetric : LuStrategy.Unsymmetric;
    }

    internal void CheckPattern(CsrMatrix a, string paramName)
    {
        ArgumentNullException.ThrowIfNull(a, paramName);
        if (a.RowCount != Size || a.ColumnCount != Size)
            throw new ArgumentException($"The matrix is {a.RowCount} x {a.ColumnCount}; the analysis is for {Size} x {Size}.", paramName);
        if (ReferenceEquals(a.RowPointerArray, _patternRowPointers) && ReferenceEquals(a.ColumnIndexArray, _patternColumnIndices)) return;
        if (!a.RowPointers.SequenceEqual(_patternRowPointers) || !a.ColumnIndices.SequenceEqual(_patternColumnIndices.AsSpan(0, _patternRowPointers[Size])))
            throw new ArgumentException("The matrix pattern differs from the analysed one; analyse the new pattern first.", paramName);
    }
}
