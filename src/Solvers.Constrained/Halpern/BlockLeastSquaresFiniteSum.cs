using System.Numerics.Tensors;

namespace Solvers.Constrained.Halpern;

/// <summary>
/// The gradient of a block least-squares sum as a finite-sum operator: F_i(u) = A_i^T (A_i u - b_i) with A_i an
/// m x d block, F = (1/n) sum_i F_i. Each F_i is the gradient of the convex (1/2) ||A_i u - b_i||^2, so by
/// Baillon-Haddad it is 1/||A_i||_2^2-cocoercive, and so is the mean when every block has the same norm: this is the
/// cocoercive class of Algorithm 1 (Cai, Alacaoglu and Diakonikolas, ICLR 2024) with an explicit component constant L.
/// </summary>
public sealed class BlockLeastSquaresFiniteSum : FiniteSumOperator
{
    private readonly int _d;
    private readonly int _m;
    private readonly double[] _blocks;   // block i: rows i*m .. i*m+m-1 of the stacked (n m) x d matrix, row-major
    private readonly double[] _rhs;      // b stacked, length n m
    private readonly double[] _rows;     // scratch, length m

    /// <summary>
    /// Creates the operator from the stacked blocks: <paramref name="stacked"/> is the (n m) x d row-major matrix
    /// [A_0; A_1; ...] and <paramref name="rhs"/> the stacked [b_0; b_1; ...].
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or the arrays do not have n m d and n m entries.</exception>
    public BlockLeastSquaresFiniteSum(int componentCount, int rowsPerComponent, int dimension, ReadOnlySpan<double> stacked, ReadOnlySpan<double> rhs)
    {
        if (componentCount < 1) throw new ArgumentException($"Component count must be positive, was {componentCount}.", nameof(componentCount));
        if (rowsPerComponent < 1) throw new ArgumentException($"Rows per component must be positive, was {rowsPerComponent}.", nameof(rowsPerComponent));
        if (dimension < 1) throw new ArgumentException($"Dimension must be positive, was {dimension}.", nameof(dimension));
        long rows = (long)componentCount * rowsPerComponent;
        if (stacked.Length != rows * dimension) throw new ArgumentException($"The stacked matrix has {stacked.Length} entries; expected n m d = {rows * dimension}.", nameof(stacked));
        if (rhs.Length != rows) throw new ArgumentException($"The right-hand side has {rhs.Length} entries; expected n m = {rows}.", nameof(rhs));
        ComponentCount = componentCount;
        _m = rowsPerComponent;
        _d = dimension;
        _blocks = stacked.ToArray();
        _rhs = rhs.ToArray();
        _rows = new double[rowsPerComponent];
    }

    /// <inheritdoc/>
    public override int Dimension => _d;

    /// <inheritdoc/>
    public override int ComponentCount { get; }

    /// <summary>Rows m of each block A_i.</summary>
    public int RowsPerComponent => _m;

    /// <inheritdoc/>
    protected override void EvaluateCore(ReadOnlySpan<double> u, Span<double> result)
    {
        result.Clear();
        for (int i = 0; i < ComponentCount; i++) AddBlock(i, u, 1.0 / ComponentCount, result);
    }

    /// <inheritdoc/>
    protected override void EvaluateComponentCore(int i, ReadOnlySpan<double> u, Span<double> result)
    {
        result.Clear();
        AddBlock(i, u, 1.0, result);
    }

    /// <inheritdoc/>
    protected override void AddComponentDifferenceCore(int i, ReadOnlySpan<double> u, ReadOnlySpan<double> v, double scale, Span<double> accumulator)
    {
        // F_i(u) - F_i(v) = A_i^T A_i (u - v): linear in u - v, so one product pair instead of two component evaluations
        var a = _blocks.AsSpan(i * _m * _d, _m * _d);
        for (int r = 0; r < _m; r++)
        {
            var row = a.Slice(r * _d, _d);
            _rows[r] = TensorPrimitives.Dot(row, u) - TensorPrimitives.Dot(row, v);
        }
        for (int r = 0; r < _m; r++)
            if (_rows[r] != 0) TensorPrimitives.MultiplyAdd(a.Slice(r * _d, _d), scale * _rows[r], accumulator, accumulator);
    }

    /// <summary>accumulator += scale A_i^T (A_i u - b_i).</summary>
    private void AddBlock(int i, ReadOnlySpan<double> u, double scale, Span<double> accumulator)
    {
        var a = _blocks.AsSpan(i * _m * _d, _m * _d);
        for (int r = 0; r < _m; r++)
        {
            var row = a.Slice(r * _d, _d);
            double residual = TensorPrimitives.Dot(row, u) - _rhs[i * _m + r];
            if (residual != 0) TensorPrimitives.MultiplyAdd(row, scale * residual, accumulator, accumulator);
        }
    }
}
