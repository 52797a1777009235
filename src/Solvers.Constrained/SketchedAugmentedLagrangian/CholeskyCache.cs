using Solvers.Linear.Direct;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Sparse Cholesky of the SPD matrices one solve meets at every outer iteration (the Gram matrix of the Jacobian,
/// the KKT Schur complement): their pattern is the Jacobian's, which seldom changes, so the factor of the last one
/// is refactorised in place (no ordering, no symbolic analysis, no new workspace) while the pattern stays the same.
/// </summary>
internal sealed class CholeskyCache
{
    private CholeskyFactor? _factor;

    /// <summary>The factor of <paramref name="a"/>, or null when <paramref name="a"/> is not numerically positive definite.</summary>
    public CholeskyFactor? TryFactorize(CsrMatrix a)
    {
        try
        {
            if (_factor is not null && _factor.Symbolic.HasPattern(a)) _factor.Refactorize(a);
            else _factor = SparseCholesky.Factorize(a);
            return _factor;
        }
        catch (MatrixNotPositiveDefiniteException)
        {
            return null;
        }
        catch (SingularMatrixException)
        {
            return null;
        }
    }
}
