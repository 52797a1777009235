using MathNet.Numerics.LinearAlgebra.Double;
using Solvers.Linear.IO;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Problems;

/// <summary>
/// Equality-constrained logistic regression (ECLR, brief section 10.2):
/// minimise (1/N) sum_i log(1 + exp(-y_i a_i^T w)) subject to A w = b and ||w||^2 = 1 (m = k + 1).
/// Labels are mapped to -1/+1 (<see cref="LabelledData.BinaryLabels"/>). Start w0 = ones as in the paper.
/// The Lagrangian Hessian is the loss Hessian plus 2 lambda_{k+1} I (dense, d x d).
/// </summary>
public sealed class ConstrainedLogisticRegression : IConstrainedProblem
{
    private readonly CsrMatrix _features;
    private readonly double[] _labels;
    private readonly double[,] _a;
    private readonly double[] _b;

    /// <summary>The features column by column (d columns of N samples) when the data are dense enough, else null.</summary>
    private readonly double[]? _denseColumns;

    /// <summary>Creates the problem.</summary>
    /// <param name="name">Problem name.</param>
    /// <param name="data">Samples and binary labels.</param>
    /// <param name="a">Constraint matrix A (k x d).</param>
    /// <param name="b">Right-hand side b (k).</param>
    /// <exception cref="ArgumentException">Dimensions disagree or the labels are not binary.</exception>
    public ConstrainedLogisticRegression(string name, LabelledData data, double[,] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int d = data.FeatureCount;
        if (a.GetLength(1) != d)
            throw new ArgumentException($"The constraint matrix has {a.GetLength(1)} columns; the data set has {d} features.", nameof(a));
        if (a.GetLength(0) != b.Length)
            throw new ArgumentException($"The constraint matrix has {a.GetLength(0)} rows but b has {b.Length} entries.", nameof(b));
        if (a.GetLength(0) >= d)
            throw new ArgumentException($"{a.GetLength(0)} linear constraints on {d} weights leave no room for ||w||^2 = 1; use at most {d - 1}.", nameof(a));
        Name = name;
        _features = data.Features;
        try { _labels = data.BinaryLabels(); }
        catch (FormatException e) { throw new ArgumentException(e.Message, nameof(data), e); }
        _a = (double[,])a.Clone();
        _b = (double[])b.Clone();
        int samples = _features.RowCount;
        if (_features.NonZeroCount >= 0.3 * samples * (double)d && (long)samples * d <= 50_000_000)
        {
            _denseColumns = new double[samples * d];
            var rp = _features.RowPointers;
            var ci = _features.ColumnIndices;
            var va = _features.Values;
            for (int row = 0; row < samples; row++)
                for (int p = rp[row]; p < rp[row + 1]; p++) _denseColumns[ci[p] * samples + row] += va[p];
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int VariableCount => _features.ColumnCount;

    /// <inheritdoc />
    public int ConstraintCount => _b.Length + 1;

    /// <summary>Number of samples N.</summary>
    public int SampleCount => _labels.Length;

    /// <inheritdoc />
    public double[] InitialPoint()
    {
        var w = new double[VariableCount];
        Array.Fill(w, 1.0);
        return w;
    }

    /// <summary>The paper's starting multipliers: all ones.</summary>
    public double[] InitialMultipliers()
    {
        var l = new double[ConstraintCount];
        Array.Fill(l, 1.0);
        return l;
    }

    /// <inheritdoc />
    public double Objective(ReadOnlySpan<double> x)
    {
        var z = Margins(x);
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += Log1PExp(-z[i]);
        return s / z.Length;
    }

    /// <inheritdoc />
    public void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var z = Margins(x);
        var coef = new double[z.Length];
        for (int i = 0; i < z.Length; i++) coef[i] = -_labels[i] * Sigmoid(-z[i]) / z.Length;
        _features.ApplyTranspose(coef, gradient);
    }

    /// <inheritdoc />
    public void Constraints(ReadOnlySpan<double> x, Span<double> values)
    {
        CheckLength(x);
        int k = _b.Length, d = VariableCount;
        for (int j = 0; j < k; j++)
        {
            double s = -_b[j];
            for (int i = 0; i < d; i++) s += _a[j, i] * x[i];
            values[j] = s;
        }
        double norm2 = 0;
        for (int i = 0; i < d; i++) norm2 += x[i] * x[i];
        values[k] = norm2 - 1;
    }

    /// <inheritdoc />
    public DerivativeMatrix Jacobian(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        int k = _b.Length, d = VariableCount;
        var jac = new DenseMatrix(k + 1, d);
        for (int j = 0; j < k; j++)
            for (int i = 0; i < d; i++) jac[j, i] = _a[j, i];
        for (int i = 0; i < d; i++) jac[k, i] = 2 * x[i];
        return DerivativeMatrix.FromDense(jac);
    }

    /// <inheritdoc />
    public DerivativeMatrix LagrangianHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers)
    {
        if (multipliers.Length != ConstraintCount)
            throw new ArgumentException($"{multipliers.Length} multipliers for {ConstraintCount} constraints.", nameof(multipliers));
        var z = Margins(x);
        int d = VariableCount, n = z.Length;
        // Column-major storage filled directly (lower triangle, then mirrored): the MathNet indexer costs more
        // than the arithmetic here.
        var h = new double[d * d];
        if (_denseColumns is not null) LossHessianDense(_denseColumns, z, h);
        else LossHessianSparse(z, h);
        for (int j = 0; j < d; j++)
            for (int i = j + 1; i < d; i++) h[i * d + j] = h[j * d + i];
        double shift = 2 * multipliers[^1];
        for (int i = 0; i < d; i++) h[i * d + i] += shift;
        return DerivativeMatrix.FromDense(new DenseMatrix(d, d, h));
    }

    /// <summary>Dense data: H_ij = sum_s w_s X_si X_sj as d(d+1)/2 vectorised dot products of length N (lower triangle).</summary>
    private void LossHessianDense(double[] columns, double[] z, double[] h)
    {
        int d = VariableCount, n = z.Length;
        var weights = new double[n];
        for (int s = 0; s < n; s++)
        {
            double p = Sigmoid(z[s]);
            weights[s] = p * (1 - p) / n;
        }
        var weighted = new double[n];
        for (int j = 0; j < d; j++)
        {
            Blas1.Multiply(columns.AsSpan(j * n, n), weights, weighted);
            for (int i = j; i < d; i++) h[j * d + i] = Blas1.Dot(columns.AsSpan(i * n, n), weighted);
        }
    }

    /// <summary>Sparse data: rank-one updates sample by sample (lower triangle).</summary>
    private void LossHessianSparse(double[] z, double[] h)
    {
        int d = VariableCount, n = z.Length;
        var rp = _features.RowPointers;
        var ci = _features.ColumnIndices;
        var va = _features.Values;
        for (int s = 0; s < n; s++)
        {
            double p = Sigmoid(z[s]);
            double weight = p * (1 - p) / n;
            for (int u = rp[s]; u < rp[s + 1]; u++)
            {
                double wu = weight * va[u];
                int column = ci[u] * d;
                for (int v = rp[s]; v < rp[s + 1]; v++)
                    if (ci[v] >= ci[u]) h[column + ci[v]] += wu * va[v];
            }
        }
    }

    private double[] Margins(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        var z = new double[_labels.Length];
        _features.Apply(x, z);
        for (int i = 0; i < z.Length; i++) z[i] *= _labels[i];
        return z;
    }

    private static double Sigmoid(double t) => t >= 0 ? 1 / (1 + Math.Exp(-t)) : Math.Exp(t) / (1 + Math.Exp(t));

    private static double Log1PExp(double t) => t > 0 ? t + Math.Log(1 + Math.Exp(-t)) : Math.Log(1 + Math.Exp(t));

    private void CheckLength(ReadOnlySpan<double> x)
    {
        if (x.Length != VariableCount)
            throw new ArgumentException($"{Name}: x has length {x.Length}; the problem has {VariableCount} weights.", nameof(x));
    }
}
