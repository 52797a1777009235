namespace Solvers.Linear.IO;

/// <summary>
/// What the banner, comment block and size line of a Matrix Market file say, read without the entries
/// (see <see cref="MatrixMarket.ReadHeader(string)"/>).
/// </summary>
/// <param name="Format">Coordinate or array.</param>
/// <param name="Field">Real, integer or pattern.</param>
/// <param name="Symmetry">General, symmetric or skew-symmetric.</param>
/// <param name="RowCount">Number of rows.</param>
/// <param name="ColumnCount">Number of columns.</param>
/// <param name="EntryCount">
/// Number of entry lines the file must hold: the third number of the size line for the coordinate format;
/// for the array format rows x columns, n(n + 1)/2 when symmetric, n(n - 1)/2 when skew-symmetric.
/// Symmetric storage is not expanded, so a CSR matrix read from the file can hold up to twice as many.
/// </param>
public sealed record MatrixMarketHeader(
    MatrixMarketFormat Format,
    MatrixMarketField Field,
    MatrixMarketSymmetry Symmetry,
    int RowCount,
    int ColumnCount,
    long EntryCount)
{
    /// <summary>The comment lines between the banner and the size line, without their leading '%'.</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>The 1-based line number of the size line.</summary>
    public long SizeLineNumber { get; init; }
}
