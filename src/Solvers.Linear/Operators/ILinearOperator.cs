namespace Solvers.Linear.Operators;

/// <summary>
/// A linear map y = A x given only by its action, in the spirit of SciPy's <c>LinearOperator</c>:
/// Krylov solvers see nothing else of the matrix.
/// </summary>
public interface ILinearOperator
{
    /// <summary>Number of rows of A (length of y).</summary>
    int RowCount { get; }

    /// <summary>Number of columns of A (length of x).</summary>
    int ColumnCount { get; }

    /// <summary>Computes y = A x. <paramref name="x"/> and <paramref name="y"/> must not overlap.</summary>
    void Apply(ReadOnlySpan<double> x, Span<double> y);
}

/// <summary>An operator that can also apply its transpose, y = A^T x.</summary>
public interface ITransposableOperator : ILinearOperator
{
    /// <summary>Computes y = A^T x. <paramref name="x"/> and <paramref name="y"/> must not overlap.</summary>
    void ApplyTranspose(ReadOnlySpan<double> x, Span<double> y);
}
