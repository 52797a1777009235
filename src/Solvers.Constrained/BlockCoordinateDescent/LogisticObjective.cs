using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// Logistic loss f(x) = sum_i log(1 + exp(-y_i a_i^T x)) + (ridge/2) ||x||^2 with labels y_i in {-1, +1}; with an
/// L1 term this is L1-regularised logistic regression (liblinear -s 6 with C = 1/lambda). State: the margins
/// z = A x. L_j = ||A_:j||^2 / 4 + ridge; H_b = A_b^T A_b / 4 + ridge I; exact Hessian A_b^T D A_b with
/// D_ii = sigma(z_i)(1 - sigma(z_i)).
/// </summary>
public sealed class LogisticObjective : SmoothObjective, IMarginObjective
{
    private readonly SparseColumns _a;
    private readonly double[] _y;
    private readonly double[] _z;
    private readonly double[] _weights;
    private readonly double _ridge;
    private double _lossSum;

    /// <summary>Creates the objective for samples-by-features <paramref name="a"/> and labels <paramref name="y"/> (each -1 or +1).</summary>
    /// <exception cref="ArgumentException">y has the wrong length or a label other than -1/+1, or ridge is invalid.</exception>
    public LogisticObjective(CsrMatrix a, ReadOnlySpan<double> y, double ridge = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (y.Length != a.RowCount)
            throw new ArgumentException($"y has length {y.Length}; A has {a.RowCount} rows.", nameof(y));
        for (int i = 0; i < y.Length; i++)
            if (y[i] is not (1.0 or -1.0))
                throw new ArgumentException($"Label y[{i}] = {y[i]}; logistic labels must be -1 or +1.", nameof(y));
        if (!(ridge >= 0) || double.IsInfinity(ridge))
            throw new ArgumentException($"ridge must be finite and non-negative, was {ridge}.", nameof(ridge));
        _a = new SparseColumns(a);
        _y = y.ToArray();
        _z = new double[a.RowCount];
        _weights = new double[a.RowCount];
        _ridge = ridge;
    }

    /// <inheritdoc/>
    public override int VariableCount => _a.ColumnCount;

    /// <inheritdoc/>
    public override string Name => "logistic";

    /// <inheritdoc/>
    public override void Reset(ReadOnlySpan<double> x)
    {
        _a.Multiply(x, _z);
        _lossSum = 0;
        for (int i = 0; i < _z.Length; i++) _lossSum += LogLoss(_y[i] * _z[i]);
    }

    /// <summary>log(1 + exp(-t)) without overflow.</summary>
    private static double LogLoss(double t) => t > 0 ? Math.Log(1 + Math.Exp(-t)) : -t + Math.Log(1 + Math.Exp(t));

    /// <summary>sigma(-t) = 1 / (1 + exp(t)), the derivative magnitude of the loss at margin t.</summary>
    private static double SigmoidNeg(double t) => t > 0 ? Math.Exp(-t) / (1 + Math.Exp(-t)) : 1 / (1 + Math.Exp(t));

    /// <inheritdoc/>
    public override double Value(ReadOnlySpan<double> x)
    {
        double v = _lossSum;
        if (_ridge > 0) v += 0.5 * _ridge * Linear.Kernels.Blas1.Dot(x, x);
        return v;
    }

    /// <summary>Writes dloss/dz_i = -y_i sigma(-y_i z_i) into <see cref="_weights"/>.</summary>
    private void LossDerivatives()
    {
        for (int i = 0; i < _z.Length; i++) _weights[i] = -_y[i] * SigmoidNeg(_y[i] * _z[i]);
    }

    /// <inheritdoc/>
    public override double PartialDerivative(int j, ReadOnlySpan<double> x)
    {
        double g = 0;
        var rows = _a.RowIndices(j);
        var values = _a.Values(j);
        for (int k = 0; k < rows.Length; k++)
        {
            int i = rows[k];
            g -= values[k] * _y[i] * SigmoidNeg(_y[i] * _z[i]);
        }
        return g + _ridge * x[j];
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        LossDerivatives();
        _a.MultiplyTranspose(_weights, gradient);
        if (_ridge > 0) for (int j = 0; j < gradient.Length; j++) gradient[j] += _ridge * x[j];
    }

    /// <inheritdoc/>
    /// <remarks>Updates the margins and the cached loss sum on the rows of column j only.</remarks>
    public override void ApplyStep(int j, double delta)
    {
        var rows = _a.RowIndices(j);
        var values = _a.Values(j);
        double change = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            int i = rows[k];
            double before = _z[i];
            _z[i] = before + delta * values[k];
            change += LogLoss(_y[i] * _z[i]) - LogLoss(_y[i] * before);
        }
        _lossSum += change;
    }

    SparseColumns IMarginObjective.Columns => _a;

    double IMarginObjective.Ridge => _ridge;

    double IMarginObjective.LossSum => _lossSum;

    /// <summary>loss_i'' = sigma(z_i)(1 - sigma(z_i)).</summary>
    void IMarginObjective.LossCurvatures(Span<double> second)
    {
        for (int i = 0; i < _z.Length; i++)
        {
            double s = SigmoidNeg(_z[i]);
            second[i] = s * (1 - s);
        }
    }

    double IMarginObjective.LossAlong(ReadOnlySpan<double> dz, double alpha)
    {
        double sum = 0;
        for (int i = 0; i < _z.Length; i++) sum += LogLoss(_y[i] * (_z[i] + alpha * dz[i]));
        return sum;
    }

    void IMarginObjective.Move(ReadOnlySpan<double> dz, double alpha, double lossSum)
    {
        for (int i = 0; i < _z.Length; i++) _z[i] += alpha * dz[i];
        if (double.IsNaN(lossSum))
        {
            lossSum = 0;
            for (int i = 0; i < _z.Length; i++) lossSum += LogLoss(_y[i] * _z[i]);
        }
        _lossSum = lossSum;
    }

    /// <inheritdoc/>
    public override double CoordinateLipschitz(int j) => 0.25 * _a.ColumnSquaredNorm(j) + _ridge;

    /// <inheritdoc/>
    public override void BlockCurvatureBound(ReadOnlySpan<int> block, Span<double> h)
    {
        _a.Gram(block, h, 0.25);
        for (int p = 0; p < block.Length; p++) h[p * block.Length + p] += _ridge;
    }

    /// <inheritdoc/>
    public override void BlockHessian(ReadOnlySpan<int> block, Span<double> h)
    {
        foreach (int j in block)
            foreach (int i in _a.RowIndices(j))
            {
                double s = SigmoidNeg(_z[i]);
                _weights[i] = s * (1 - s);
            }
        _a.WeightedGram(block, _weights, h);
        for (int p = 0; p < block.Length; p++) h[p * block.Length + p] += _ridge;
    }

    /// <summary>
    /// Duality gap of L1-regularised logistic regression (ridge = 0): with theta_i = dloss/dz_i scaled by
    /// s = min(1, lambda / ||A^T theta||_inf) and u_i = -y_i theta_i in [0, 1], the dual is
    /// D = -sum_i (u_i log u_i + (1 - u_i) log(1 - u_i)).
    /// </summary>
    public override double? DualityGap(ReadOnlySpan<double> x, double lambda)
    {
        if (_ridge > 0 || lambda <= 0) return null;
        LossDerivatives();
        double maxCorrelation = 0;
        for (int j = 0; j < VariableCount; j++) maxCorrelation = Math.Max(maxCorrelation, Math.Abs(_a.ColumnDot(j, _weights)));
        double s = maxCorrelation > lambda ? lambda / maxCorrelation : 1.0;
        double primal = Value(x) + lambda * System.Numerics.Tensors.TensorPrimitives.SumOfMagnitudes(x);
        double negEntropy = 0;
        for (int i = 0; i < _z.Length; i++)
        {
            double u = -_y[i] * _weights[i] * s;
            if (u > 0) negEntropy += u * Math.Log(u);
            if (u < 1) negEntropy += (1 - u) * Math.Log(1 - u);
        }
        return primal + negEntropy;
    }
}
