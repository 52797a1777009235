using System.Diagnostics;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// Sparse Cholesky factorisation A = P^T L L^T P of symmetric positive definite matrices: a fill-reducing ordering,
/// a symbolic analysis done once per pattern (<see cref="Analyze(CsrMatrix, OrderingMethod)"/>), and a left-looking
/// supernodal numeric factorisation with vectorised dense kernels. Only the lower triangle of A is read.
/// </summary>
/// <example>
/// <code>
/// var symbolic = SparseCholesky.Analyze(a);          // ordering + structure, once per pattern
/// var factor = symbolic.Factorize(a);                 // numeric
/// factor.Solve(b, x);
/// factor.Refactorize(aWithNewValues);                 // same pattern: numeric only
/// </code>
/// </example>
public static class SparseCholesky
{
    /// <summary>Symbolic analysis of <paramref name="a"/> with the ordering <paramref name="ordering"/> (AMD by default).</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static SymbolicCholesky Analyze(CsrMatrix a, OrderingMethod ordering = OrderingMethod.Amd) =>
        Analyze(a, ordering, null);

    /// <summary>Symbolic analysis with a caller-chosen supernode relaxation (null: <see cref="SupernodeRelaxation.Default"/>).</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static SymbolicCholesky Analyze(CsrMatrix a, OrderingMethod ordering, SupernodeRelaxation? relaxation)
    {
        CheckSquare(a);
        var clock = Stopwatch.StartNew();
        var permutation = Ordering.Symmetric(a, ordering);
        double orderingSeconds = clock.Elapsed.TotalSeconds;
        var symbolic = new SymbolicCholesky(a, permutation, ordering, relaxation ?? SupernodeRelaxation.Default);
        symbolic.AnalyzeSeconds += orderingSeconds;
        return symbolic;
    }

    /// <summary>Symbolic analysis with a given fill-reducing permutation (e.g. one computed for an earlier matrix).</summary>
    /// <exception cref="ArgumentException">A is not square, or the permutation's length differs from n.</exception>
    public static SymbolicCholesky Analyze(CsrMatrix a, Permutation ordering)
    {
        CheckSquare(a);
        ArgumentNullException.ThrowIfNull(ordering);
        if (ordering.Length != a.RowCount)
            throw new ArgumentException($"The permutation has length {ordering.Length}; the matrix has {a.RowCount} rows.", nameof(ordering));
        return new SymbolicCholesky(a, ordering, OrderingMethod.Natural, SupernodeRelaxation.Default);
    }

    /// <summary>Analysis and numeric factorisation in one call.</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    /// <exception cref="MatrixNotPositiveDefiniteException">A pivot is not positive (the column is named).</exception>
    /// <exception cref="SingularMatrixException">A is structurally singular.</exception>
    public static CholeskyFactor Factorize(CsrMatrix a, OrderingMethod ordering = OrderingMethod.Amd) => Analyze(a, ordering).Factorize(a);

    internal static void CheckSquare(CsrMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!a.IsSquare) throw new ArgumentException($"A sparse factorisation needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
    }
}
