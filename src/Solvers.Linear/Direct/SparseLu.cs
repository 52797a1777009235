using System.Diagnostics;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// Sparse LU factorisation P A Q = L U of general square matrices with threshold partial pivoting (Gilbert-Peierls
/// left-looking), after a fill-reducing column ordering Q (AMD on the pattern of A^T A by default).
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
    /// <summary>The column ordering of <paramref name="a"/> and its arrangement by columns.</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static SymbolicLu Analyze(CsrMatrix a, OrderingMethod ordering = OrderingMethod.Amd)
    {
        SparseCholesky.CheckSquare(a);
        var clock = Stopwatch.StartNew();
        var q = Ordering.Column(a, ordering);
        return new SymbolicLu(a, q, ordering, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Analysis and numeric factorisation in one call; see <see cref="SymbolicLu.Factorize"/> for the pivoting rule.</summary>
    /// <exception cref="ArgumentException">A is not square, or the tolerance is outside (0, 1].</exception>
    /// <exception cref="SingularMatrixException">A is structurally or numerically singular (the column is named).</exception>
    public static LuFactor Factorize(CsrMatrix a, OrderingMethod ordering = OrderingMethod.Amd, double pivotTolerance = 1.0) =>
        Analyze(a, ordering).Factorize(a, pivotTolerance);
}
