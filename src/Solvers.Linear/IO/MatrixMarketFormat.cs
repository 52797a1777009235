namespace Solvers.Linear.IO;

/// <summary>How a Matrix Market file lists its entries (the second word of the banner).</summary>
public enum MatrixMarketFormat
{
    /// <summary><c>coordinate</c>: a sparse list of <c>row column value</c> lines, 1-based indices.</summary>
    Coordinate,

    /// <summary><c>array</c>: every entry (or one triangle of it) as one value per line, in column-major order.</summary>
    Array,
}
