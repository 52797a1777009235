namespace Solvers.Linear.IO;

/// <summary>
/// The number type of a Matrix Market file (the third word of the banner). The <c>complex</c> field exists
/// in the format but is not supported here; reading such a file raises a <see cref="MatrixMarketException"/>.
/// </summary>
public enum MatrixMarketField
{
    /// <summary><c>real</c>: floating-point values.</summary>
    Real,

    /// <summary><c>integer</c>: integer values, read as <see cref="double"/>.</summary>
    Integer,

    /// <summary><c>pattern</c>: positions only (coordinate format only); every listed entry reads as 1.</summary>
    Pattern,
}
