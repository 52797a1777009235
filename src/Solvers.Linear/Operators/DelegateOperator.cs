namespace Solvers.Linear.Operators;

/// <summary>Signature of a matrix-free product y = A x.</summary>
public delegate void SpanAction(ReadOnlySpan<double> x, Span<double> y);

/// <summary>A matrix-free operator built from a delegate, for users whose A exists only as code.</summary>
public sealed class DelegateOperator : ILinearOperator
{
    private readonly SpanAction _apply;

    /// <summary>Wraps <paramref name="apply"/> as an <paramref name="rows"/> x <paramref name="columns"/> operator.</summary>
    public DelegateOperator(int rows, int columns, SpanAction apply)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        RowCount = rows;
        ColumnCount = columns;
        _apply = apply ?? throw new ArgumentNullException(nameof(apply));
    }

    /// <inheritdoc />
    public int RowCount { get; }

    /// <inheritdoc />
    public int ColumnCount { get; }

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> x, Span<double> y) => _apply(x, y);
}
