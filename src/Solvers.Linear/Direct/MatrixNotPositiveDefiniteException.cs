namespace Solvers.Linear.Direct;

/// <summary>
/// Thrown by a sparse Cholesky factorisation when a pivot is not positive: the matrix is not positive definite
/// (or is so ill-conditioned that rounding made it look indefinite).
/// </summary>
public sealed class MatrixNotPositiveDefiniteException : ArithmeticException
{
    /// <summary>Creates the exception for column <paramref name="column"/> (original numbering) with pivot value <paramref name="pivot"/>.</summary>
    public MatrixNotPositiveDefiniteException(int column, double pivot)
        : base($"Cholesky failed: the pivot of column {column} (original numbering) is {pivot:G6}, not positive, so the matrix is not positive definite. {DefaultHint}")
    {
        Column = column;
        Pivot = pivot;
    }

    /// <summary>The advice carried by every instance.</summary>
    public const string DefaultHint =
        "If the matrix is symmetric but indefinite (e.g. a KKT or saddle-point system) use LDL^T (--method ldlt); if it is not symmetric use LU (--method lu).";

    /// <summary>The column (original numbering) whose pivot was not positive.</summary>
    public int Column { get; }

    /// <summary>The pivot value found (zero, negative or NaN).</summary>
    public double Pivot { get; }

    /// <summary>What to do instead: <see cref="DefaultHint"/>.</summary>
    public string Hint => DefaultHint;
}
