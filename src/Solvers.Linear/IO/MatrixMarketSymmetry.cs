namespace Solvers.Linear.IO;

/// <summary>
/// Which entries a Matrix Market file stores (the fourth word of the banner). <c>hermitian</c> applies only
/// to complex matrices, which are not supported.
/// </summary>
public enum MatrixMarketSymmetry
{
    /// <summary><c>general</c>: every entry is stored.</summary>
    General,

    /// <summary><c>symmetric</c>: a_ij = a_ji; one triangle (conventionally the lower, diagonal included) is stored.</summary>
    Symmetric,

    /// <summary><c>skew-symmetric</c>: a_ij = -a_ji with a zero diagonal; the strictly lower triangle is stored.</summary>
    SkewSymmetric,
}
