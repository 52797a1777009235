using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// Sparse LDL^T factorisation A = P^T L D L^T P without pivoting, for symmetric quasi-definite matrices (KKT systems
/// with a positive definite (1,1) block and a negative definite (2,2) block, e.g. regularised) and for symmetric
/// definite ones. It shares the symbolic analysis and supernodal machinery of <see cref="SparseCholesky"/>; only the
/// lower triangle of A is read.
/// </summary>
public static class SparseLdlt
{
    /// <summary>Symbolic analysis (the same as for Cholesky).</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static SymbolicCholesky Analyze(CsrMatrix a, OrderingMethod ordering = OrderingMethod.Amd) => SparseCholesky.Analyze(a, ordering);

    /// <summary>Analysis and numeric factorisation in one call.</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    /// <exception cref="SingularMatrixException">A pivot is zero (the column is named) or A is structurally singular.</exception>
    public static LdltFactor Factorize(CsrMatrix a, OrderingMethod ordering = OrderingMethod.Amd) => Analyze(a, ordering).FactorizeLdlt(a);
}
