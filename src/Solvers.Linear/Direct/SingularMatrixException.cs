namespace Solvers.Linear.Direct;

/// <summary>
/// Thrown by a sparse direct factorisation when the matrix is singular: structurally (no permutation puts a
/// nonzero on every diagonal position, e.g. an empty row or column) or numerically (a pivot is exactly zero, or no
/// usable pivot is left in a column).
/// </summary>
public sealed class SingularMatrixException : ArithmeticException
{
    /// <summary>
    /// Creates the exception for column <paramref name="column"/> (original numbering) found by
    /// <paramref name="method"/>; <paramref name="detail"/>, when given, replaces the default explanation of a zero pivot.
    /// </summary>
    public SingularMatrixException(int column, bool isStructural, string method, string? detail = null)
        : base(isStructural
            ? $"{method} failed: the matrix is structurally singular; column {column} (original numbering) cannot be matched to a row of its own (an empty or dependent pattern)."
            : $"{method} failed: column {column} (original numbering) has a zero pivot; " + (detail ?? "the matrix is numerically singular."))
    {
        Column = column;
        IsStructural = isStructural;
    }

    /// <summary>The column (original numbering) where the factorisation found no usable pivot.</summary>
    public int Column { get; }

    /// <summary>True when the pattern alone makes the matrix singular; false for a numerically zero pivot.</summary>
    public bool IsStructural { get; }
}
