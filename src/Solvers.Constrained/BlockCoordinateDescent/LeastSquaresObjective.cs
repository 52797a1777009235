using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// f(x) = 1/2 ||A x - y||^2 + (ridge/2) ||x||^2: least squares (ridge = 0), ridge regression, and with an L1 term
/// the lasso. State: the residual r = A x - y. L_j = ||A_:j||^2 + ridge; H_b = A_b^T A_b + ridge I.
/// </summary>
public sealed class LeastSquaresObjective : SmoothObjective, IMarginObjective
{
    private readonly SparseColumns _a;
    private readonly CsrMatrix _rows;
    private double _meanDependents = double.NaN;
    private readonly double[] _y;
    private readonly double[] _r;
    private readonly double _ridge;

    /// <summary>Creates the objective for the samples-by-features matrix <paramref name="a"/> and targets <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">y has the wrong length, or ridge is negative or not finite.</exception>
    public LeastSquaresObjective(CsrMatrix a, ReadOnlySpan<double> y, double ridge = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (y.Length != a.RowCount)
            throw new ArgumentException($"y has length {y.Length}; A has {a.RowCount} rows.", nameof(y));
        if (!(ridge >= 0) || double.IsInfinity(ridge))
            throw new ArgumentException($"ridge must be finite and non-negative, was {ridge}.", nameof(ridge));
        _a = new SparseColumns(a);
        _rows = a;
        _y = y.ToArray();
        _r = new double[a.RowCount];
        _ridge = ridge;
    }

    /// <inheritdoc/>
    public override int VariableCount => _a.ColumnCount;

    /// <inheritdoc/>
    public override string Name => _ridge > 0 ? "ridge" : "least-squares";

    /// <summary>The current residual A x - y.</summary>
    public ReadOnlySpan<double> Residual => _r;

    /// <inheritdoc/>
    public override void Reset(ReadOnlySpan<double> x)
    {
        _a.Multiply(x, _r);
        for (int i = 0; i < _r.Length; i++) _r[i] -= _y[i];
    }

    /// <inheritdoc/>
    public override double Value(ReadOnlySpan<double> x)
    {
        double v = 0.5 * Linear.Kernels.Blas1.Dot(_r, _r);
        if (_ridge > 0) v += 0.5 * _ridge * Linear.Kernels.Blas1.Dot(x, x);
        return v;
    }

    /// <inheritdoc/>
    public override double PartialDerivative(int j, ReadOnlySpan<double> x) => _a.ColumnDot(j, _r) + _ridge * x[j];

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        _a.MultiplyTranspose(_r, gradient);
        if (_ridge > 0) for (int j = 0; j < gradient.Length; j++) gradient[j] += _ridge * x[j];
    }

    /// <inheritdoc/>
    public override void ApplyStep(int j, double delta) => _a.AddColumn(j, delta, _r);

    SparseColumns IMarginObjective.Columns => _a;

    double IMarginObjective.Ridge => _ridge;

    double IMarginObjective.LossSum => 0.5 * Linear.Kernels.Blas1.Dot(_r, _r);

    /// <summary>loss_i = r_i^2 / 2: curvature 1.</summary>
    void IMarginObjective.LossCurvatures(Span<double> second) => second.Fill(1.0);

    double IMarginObjective.LossAlong(ReadOnlySpan<double> dz, double alpha)
    {
        double sum = 0;
        for (int i = 0; i < _r.Length; i++)
        {
            double v = _r[i] + alpha * dz[i];
            sum += v * v;
        }
        return 0.5 * sum;
    }

    void IMarginObjective.Move(ReadOnlySpan<double> dz, double alpha, double lossSum)
    {
        for (int i = 0; i < _r.Length; i++) _r[i] += alpha * dz[i];
    }

    /// <summary>j and every column sharing a row with column j (A^T A_:j; the ridge term changes only entry j).</summary>
    public override bool AddGradientDependents(int j, List<int> dependents)
    {
        dependents.Add(j);
        var rp = _rows.RowPointers;
        var ci = _rows.ColumnIndices;
        foreach (int i in _a.RowIndices(j))
            for (int k = rp[i]; k < rp[i + 1]; k++) dependents.Add(ci[k]);
        return true;
    }

    /// <summary>1 + sum_i nnz(row i)^2 / n.</summary>
    public override double MeanGradientDependents
    {
        get
        {
            if (double.IsNaN(_meanDependents))
            {
                double s = 0;
                var rp = _rows.RowPointers;
                for (int i = 0; i < _rows.RowCount; i++) s += (double)(rp[i + 1] - rp[i]) * (rp[i + 1] - rp[i]);
                _meanDependents = 1 + s / Math.Max(1, VariableCount);
            }
            return _meanDependents;
        }
    }

    /// <summary>(A^T A + ridge I) d.</summary>
    public override bool CurvatureBoundProduct(ReadOnlySpan<double> d, Span<double> result)
    {
        var ad = new double[_a.RowCount];
        _a.Multiply(d, ad);
        _a.MultiplyTranspose(ad, result);
        if (_ridge > 0) for (int j = 0; j < result.Length; j++) result[j] += _ridge * d[j];
        return true;
    }

    /// <inheritdoc/>
    public override double CoordinateLipschitz(int j) => _a.ColumnSquaredNorm(j) + _ridge;

    /// <inheritdoc/>
    public override void BlockCurvatureBound(ReadOnlySpan<int> block, Span<double> h)
    {
        _a.Gram(block, h, 1.0);
        for (int p = 0; p < block.Length; p++) h[p * block.Length + p] += _ridge;
    }

    /// <inheritdoc/>
    public override bool IsQuadratic => true;

    /// <summary>
    /// Lasso duality gap (ridge = 0): P(x) - D(s r) with the dual point s r, s = min(1, lambda / ||A^T r||_inf), and
    /// D(u) = -1/2 ||u||^2 - u^T y. For ridge > 0 or lambda = 0 this returns null.
    /// </summary>
    public override double? DualityGap(ReadOnlySpan<double> x, double lambda)
    {
        if (_ridge > 0 || lambda <= 0) return null;
        double maxCorrelation = 0;
        for (int j = 0; j < VariableCount; j++) maxCorrelation = Math.Max(maxCorrelation, Math.Abs(_a.ColumnDot(j, _r)));
        double s = maxCorrelation > lambda ? lambda / maxCorrelation : 1.0;
        double rr = Linear.Kernels.Blas1.Dot(_r, _r), ry = Linear.Kernels.Blas1.Dot(_r, _y);
        double primal = 0.5 * rr + lambda * System.Numerics.Tensors.TensorPrimitives.SumOfMagnitudes(x);
        double dual = -0.5 * s * s * rr - s * ry;
        return primal - dual;
    }
}
