using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// f(x) = 1/2 x^T Q x - c^T x with sparse symmetric positive (semi)definite Q, e.g. graph label propagation. State: the
/// gradient g = Q x - c. L_j = Q_jj; H_b = Q_bb (exact), so forest-structured blocks can be minimised exactly by
/// <see cref="TreeSolver"/> (<see cref="BlockUpdate.Exact"/>).
/// </summary>
public sealed class QuadraticObjective : SmoothObjective
{
    private readonly CsrMatrix _q;
    private readonly double[] _c;
    private readonly double[] _g;
    private readonly double[] _diagonal;

    /// <summary>Creates the objective; Q must be square and symmetric (checked to 1e-12 relative).</summary>
    /// <exception cref="ArgumentException">Q is not square or not symmetric, or c has the wrong length.</exception>
    public QuadraticObjective(CsrMatrix q, ReadOnlySpan<double> c)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (!q.IsSquare) throw new ArgumentException($"Q must be square, was {q.RowCount} x {q.ColumnCount}.", nameof(q));
        if (c.Length != q.RowCount) throw new ArgumentException($"c has length {c.Length}; Q has {q.RowCount} rows.", nameof(c));
        if (!q.IsSymmetric()) throw new ArgumentException("Q must be symmetric.", nameof(q));
        _q = q;
        _c = c.ToArray();
        _g = new double[q.RowCount];
        _diagonal = q.Diagonal();
    }

    /// <summary>The matrix Q.</summary>
    public CsrMatrix Matrix => _q;

    /// <inheritdoc/>
    public override int VariableCount => _q.RowCount;

    /// <inheritdoc/>
    public override string Name => "quadratic";

    /// <inheritdoc/>
    public override bool IsQuadratic => true;

    /// <inheritdoc/>
    public override void Reset(ReadOnlySpan<double> x)
    {
        _q.Apply(x, _g);
        for (int i = 0; i < _g.Length; i++) _g[i] -= _c[i];
    }

    /// <summary>1/2 x^T (g + c) - c^T x = 1/2 x^T g - 1/2 c^T x.</summary>
    public override double Value(ReadOnlySpan<double> x) =>
        0.5 * (Linear.Kernels.Blas1.Dot(x, _g) - Linear.Kernels.Blas1.Dot(x, _c));

    /// <inheritdoc/>
    public override double PartialDerivative(int j, ReadOnlySpan<double> x) => _g[j];

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<double> x, Span<double> gradient) => _g.CopyTo(gradient);

    /// <inheritdoc/>
    public override void ApplyStep(int j, double delta)
    {
        // column j of a symmetric Q = row j
        var rp = _q.RowPointers;
        var ci = _q.ColumnIndices;
        var va = _q.Values;
        for (int k = rp[j]; k < rp[j + 1]; k++) _g[ci[k]] += delta * va[k];
    }

    /// <summary>Row j of Q (= column j) and j itself.</summary>
    public override bool AddGradientDependents(int j, List<int> dependents)
    {
        dependents.Add(j);
        var rp = _q.RowPointers;
        var ci = _q.ColumnIndices;
        for (int k = rp[j]; k < rp[j + 1]; k++) dependents.Add(ci[k]);
        return true;
    }

    /// <inheritdoc/>
    public override double MeanGradientDependents => 1 + (double)_q.NonZeroCount / Math.Max(1, _q.RowCount);

    /// <summary>Q d.</summary>
    public override bool CurvatureBoundProduct(ReadOnlySpan<double> d, Span<double> result)
    {
        _q.Apply(d, result);
        return true;
    }

    /// <inheritdoc/>
    public override double CoordinateLipschitz(int j) => _diagonal[j];

    /// <inheritdoc/>
    public override void BlockCurvatureBound(ReadOnlySpan<int> block, Span<double> h)
    {
        int t = block.Length;
        for (int p = 0; p < t; p++)
            for (int r = 0; r < t; r++) h[p * t + r] = _q[block[p], block[r]];
    }
}
