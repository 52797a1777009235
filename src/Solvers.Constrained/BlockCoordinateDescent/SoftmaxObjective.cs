using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// Multi-class logistic (softmax) loss f(W) = sum_i [log sum_k exp(z_ik) - z_i,y_i] + (ridge/2) ||W||^2 with Z = A W,
/// W a features x classes matrix stored as x[j K + k]. State: the scores Z. Curvature bound (Boehning):
/// H &lt;= 1/2 (A^T A kron I), so L_(j,k) = ||A_:j||^2 / 2 + ridge and H_b couples only variables of the same class.
/// </summary>
public sealed class SoftmaxObjective : SmoothObjective
{
    private readonly SparseColumns _a;
    private readonly int[] _y;
    private readonly int _classes;
    private readonly double[] _z;    // m x K row-major
    private readonly double _ridge;

    /// <summary>Creates the objective for samples-by-features <paramref name="a"/> and class labels 0..K-1.</summary>
    /// <exception cref="ArgumentException">y has the wrong length or a label outside [0, K), K &lt; 2, or ridge is invalid.</exception>
    public SoftmaxObjective(CsrMatrix a, ReadOnlySpan<int> y, int classes, double ridge = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (classes < 2) throw new ArgumentException($"There must be at least 2 classes, was {classes}.", nameof(classes));
        if (y.Length != a.RowCount) throw new ArgumentException($"y has length {y.Length}; A has {a.RowCount} rows.", nameof(y));
        for (int i = 0; i < y.Length; i++)
            if ((uint)y[i] >= (uint)classes) throw new ArgumentException($"Label y[{i}] = {y[i]} is outside [0, {classes}).", nameof(y));
        if (!(ridge >= 0) || double.IsInfinity(ridge)) throw new ArgumentException($"ridge must be finite and non-negative, was {ridge}.", nameof(ridge));
        _a = new SparseColumns(a);
        _y = y.ToArray();
        _classes = classes;
        _z = new double[a.RowCount * classes];
        _ridge = ridge;
    }

    /// <summary>Number of classes K.</summary>
    public int ClassCount => _classes;

    /// <inheritdoc/>
    public override int VariableCount => _a.ColumnCount * _classes;

    /// <inheritdoc/>
    public override string Name => "softmax";

    /// <inheritdoc/>
    public override void Reset(ReadOnlySpan<double> x)
    {
        Array.Clear(_z);
        for (int j = 0; j < _a.ColumnCount; j++)
            for (int k = 0; k < _classes; k++)
                if (x[j * _classes + k] != 0) ApplyStep(j * _classes + k, x[j * _classes + k]);
    }

    private double LogSumExp(int i)
    {
        var row = _z.AsSpan(i * _classes, _classes);
        double max = System.Numerics.Tensors.TensorPrimitives.Max(row);
        double s = 0;
        foreach (double v in row) s += Math.Exp(v - max);
        return max + Math.Log(s);
    }

    /// <inheritdoc/>
    public override double Value(ReadOnlySpan<double> x)
    {
        double v = 0;
        for (int i = 0; i < _y.Length; i++) v += LogSumExp(i) - _z[i * _classes + _y[i]];
        if (_ridge > 0) v += 0.5 * _ridge * Linear.Kernels.Blas1.Dot(x, x);
        return v;
    }

    /// <inheritdoc/>
    public override double PartialDerivative(int j, ReadOnlySpan<double> x)
    {
        int feature = j / _classes, k = j % _classes;
        var rows = _a.RowIndices(feature);
        var values = _a.Values(feature);
        double g = 0;
        for (int p = 0; p < rows.Length; p++)
        {
            int i = rows[p];
            double prob = Math.Exp(_z[i * _classes + k] - LogSumExp(i));
            g += values[p] * (prob - (_y[i] == k ? 1 : 0));
        }
        return g + _ridge * x[j];
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int m = _y.Length;
        var residual = new double[m * _classes];   // P - Y
        for (int i = 0; i < m; i++)
        {
            double lse = LogSumExp(i);
            for (int k = 0; k < _classes; k++) residual[i * _classes + k] = Math.Exp(_z[i * _classes + k] - lse) - (_y[i] == k ? 1 : 0);
        }
        for (int feature = 0; feature < _a.ColumnCount; feature++)
        {
            var rows = _a.RowIndices(feature);
            var values = _a.Values(feature);
            for (int k = 0; k < _classes; k++)
            {
                double g = 0;
                for (int p = 0; p < rows.Length; p++) g += values[p] * residual[rows[p] * _classes + k];
                gradient[feature * _classes + k] = g + _ridge * x[feature * _classes + k];
            }
        }
    }

    /// <inheritdoc/>
    public override void ApplyStep(int j, double delta)
    {
        int feature = j / _classes, k = j % _classes;
        var rows = _a.RowIndices(feature);
        var values = _a.Values(feature);
        for (int p = 0; p < rows.Length; p++) _z[rows[p] * _classes + k] += delta * values[p];
    }

    /// <inheritdoc/>
    public override double CoordinateLipschitz(int j) => 0.5 * _a.ColumnSquaredNorm(j / _classes) + _ridge;

    /// <inheritdoc/>
    public override void BlockCurvatureBound(ReadOnlySpan<int> block, Span<double> h)
    {
        int t = block.Length;
        var features = new int[t];
        for (int p = 0; p < t; p++) features[p] = block[p] / _classes;
        var gram = new double[t * t];
        _a.Gram(features, gram, 0.5);
        for (int p = 0; p < t; p++)
            for (int q = 0; q < t; q++)
                h[p * t + q] = block[p] % _classes == block[q] % _classes ? gram[p * t + q] + (p == q ? _ridge : 0) : 0;
    }
}
