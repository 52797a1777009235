using System.Diagnostics;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// Sparse LU factorisation P A Q = L U of general square matrices with threshold partial pivoting (Gilbert-Peierls
/// left-looking), after a fill-reducing column ordering Q chosen by the <see cref="LuStrategy"/>: AMD on the pattern of
/// A^T A with strict partial pivoting, or, for mostly symmetric patterns, AMD on A + A^T with the diagonal preferred.
/// </summary>
/// <example>
/// <code>
/// var lu = SparseLu.Factorize(a);      // ordering, pivoting, numeric
/// lu.Solve(b, x);
/// lu.Refactorize(aWithNewValues);      // same pattern: keeps the pivots when they stay stable
/// </code>
/// </example>
public static class SparseLu
{
    /// <summary>
    /// The strategy and column ordering of <paramref name="a"/>: <paramref name="ordering"/> is applied to A^T A
    /// (unsymmetric strategy; RCM uses A + A^T) or to A + A^T (symmetric strategy).
    /// </summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static SymbolicLu Analyze(CsrMatrix a, OrderingMethod ordering = OrderingMethod.Amd, LuStrategy strategy = LuStrategy.Auto)
    {
        SparseCholesky.CheckSquare(a);
        var clock = Stopwatch.StartNew();
        if (strategy == LuStrategy.Auto) strategy = SymbolicLu.Choose(a);
        var q = strategy == LuStrategy.Symmetric ? Ordering.Symmetric(a, ordering) : Ordering.Column(a, ordering);
        return new SymbolicLu(a, q, ordering, strategy, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The analysis with a given column permutation (e.g. one computed for an earlier matrix of the same pattern);
    /// <paramref name="strategy"/> only sets the default pivot tolerance (Auto decides from the pattern as usual).
    /// </summary>
    /// <exception cref="ArgumentException">A is not square, or the permutation's length differs from n.</exception>
    public static SymbolicLu Analyze(CsrMatrix a, Permutation columnOrder, LuStrategy strategy = LuStrategy.Unsymmetric)
    {
        SparseCholesky.CheckSquare(a);
        ArgumentNullException.ThrowIfNull(columnOrder);
        if (columnOrder.Length != a.ColumnCount)
            throw new ArgumentException($"The permutation has length {columnOrder.Length}; the matrix has {a.ColumnCount} columns.", nameof(columnOrder));
        if (strategy == LuStrategy.Auto) strategy = SymbolicLu.Choose(a);
        return new SymbolicLu(a, columnOrder, OrderingMethod.Natural, strategy, 0);
    }

    /// <summary>
    /// Analysis and numeric factorisation in one call; see <see cref="SymbolicLu.Factorize"/> for the pivoting rule
    /// (null tolerance: 1 for the unsymmetric strategy, 0.1 for the symmetric one).
    /// </summary>
    /// <exception cref="ArgumentException">A is not square, or the tolerance is outside (0, 1].</exception>
    /// <exception cref="SingularMatrixException">A is structurally or numerically singular (the column is named).</exception>
    public static LuFactor Factorize(CsrMatrix a, OrderingMethod ordering = OrderingMethod.Amd, double? pivotTolerance = null,
        LuStrategy strategy = LuStrategy.Auto) =>
        Analyze(a, ordering, strategy).Factorize(a, pivotTolerance);
}
