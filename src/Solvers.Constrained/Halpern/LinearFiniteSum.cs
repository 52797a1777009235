namespace Solvers.Constrained.Halpern;

/// <summary>
/// An affine operator F(u) = M u - c split by columns: component i owns a group of columns C_i and
/// F_i(u) = n sum_{k in C_i} M_:k u_k - c, so that the mean of the F_i is F. This is the structure of both
/// experiments of Cai et al. (2024): the matrix game (M = [0, A^T; -A, 0]) and the quadratic saddle point.
/// </summary>
public sealed class LinearFiniteSum : FiniteSumOperator
{
    private readonly int _d;
    private readonly double[] _rows;     // M row-major (for F)
    private readonly double[] _columns;  // M column-major (for components)
    private readonly double[] _c;
    private readonly int[][] _groups;

    /// <summary>Creates the operator from a dense d x d row-major <paramref name="m"/>, the offset c and the column groups.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, or the groups do not partition {0..d-1}.</exception>
    public LinearFiniteSum(int d, ReadOnlySpan<double> m, ReadOnlySpan<double> c, int[][] groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (d < 1) throw new ArgumentException($"Dimension must be positive, was {d}.", nameof(d));
        if (m.Length != d * d) throw new ArgumentException($"M has {m.Length} entries; expected d^2 = {d * d}.", nameof(m));
        if (c.Length != d) throw new ArgumentException($"c has length {c.Length}; expected {d}.", nameof(c));
        if (groups.Length < 1) throw new ArgumentException("There must be at least one component.", nameof(groups));
        var seen = new bool[d];
        foreach (var group in groups)
            foreach (int k in group)
            {
                if ((uint)k >= (uint)d || seen[k]) throw new ArgumentException($"Column {k} is out of range or in two groups.", nameof(groups));
                seen[k] = true;
            }
        int missing = Array.IndexOf(seen, false);
        if (missing >= 0) throw new ArgumentException($"Column {missing} belongs to no group.", nameof(groups));
        _d = d;
        _rows = m.ToArray();
        _columns = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int k = 0; k < d; k++) _columns[k * d + i] = _rows[i * d + k];
        _c = c.ToArray();
        _groups = groups.Select(g => g.ToArray()).ToArray();
    }

    /// <inheritdoc/>
    public override int Dimension => _d;

    /// <inheritdoc/>
    public override int ComponentCount => _groups.Length;

    /// <summary>Entry M_ik.</summary>
    public double this[int i, int k] => _rows[i * _d + k];

    /// <inheritdoc/>
    protected override void EvaluateCore(ReadOnlySpan<double> u, Span<double> result)
    {
        for (int i = 0; i < _d; i++)
            result[i] = System.Numerics.Tensors.TensorPrimitives.Dot(_rows.AsSpan(i * _d, _d), u) - _c[i];
    }

    /// <inheritdoc/>
    protected override void EvaluateComponentCore(int i, ReadOnlySpan<double> u, Span<double> result)
    {
        for (int k = 0; k < _d; k++) result[k] = -_c[k];
        double n = _groups.Length;
        foreach (int k in _groups[i])
            if (u[k] != 0) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_columns.AsSpan(k * _d, _d), n * u[k], result, result);
    }

    /// <inheritdoc/>
    protected override void AddComponentDifferenceCore(int i, ReadOnlySpan<double> u, ReadOnlySpan<double> v, double scale, Span<double> accumulator)
    {
        double n = _groups.Length;
        foreach (int k in _groups[i])
        {
            double delta = u[k] - v[k];
            if (delta != 0) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_columns.AsSpan(k * _d, _d), scale * n * delta, accumulator, accumulator);
        }
    }
}
