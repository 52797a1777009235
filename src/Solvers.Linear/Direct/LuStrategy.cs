namespace Solvers.Linear.Direct;

/// <summary>
/// How <see cref="SparseLu"/> orders columns and chooses pivots, after UMFPACK's strategies (T. A. Davis,
/// "A column pre-ordering strategy for the unsymmetric-pattern multifrontal method", ACM TOMS 30(2), 2004).
/// </summary>
public enum LuStrategy
{
    /// <summary>
    /// <see cref="Symmetric"/> when the pattern is mostly symmetric (at least half of the off-diagonal entries have
    /// their mirror entry) and at least 90% of the diagonal is nonzero; <see cref="Unsymmetric"/> otherwise. The default.
    /// </summary>
    Auto,

    /// <summary>
    /// Column ordering on the pattern of A^T A (AMD), whose Cholesky fill bounds the fill of L and U for any row pivots;
    /// strict partial pivoting (tolerance 1) by default. The choice for patterns far from symmetric.
    /// </summary>
    Unsymmetric,

    /// <summary>
    /// Symmetric ordering on the pattern of A + A^T, applied to the columns, with the diagonal preferred as pivot while
    /// it is at least the tolerance (default 0.1) times the largest candidate in its column: threshold partial pivoting
    /// that keeps the fill of a Cholesky-like factorisation when the matrix allows it.
    /// </summary>
    Symmetric,
}
