using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>-y_i, for the gradient's coefficients.</summary>
    private readonly double[] _negatedLabels;
    private readonly double[,] _a;
    private readonly double[] _b;

    /// <summary>The features column by column (d columns of N samples) when the data are dense enough, else null.</summary>
    private readonly double[]? _denseColumns;

    /// <summary>The same features row by row (N rows of d), for the gradient's X^T v; null when <see cref="_denseColumns"/> is.</summary>
    private readonly double[]? _denseRows;

    /// <summary>The margins at the last point asked for (see <see cref="MarginsAt"/>).</summary>
    private Margins? _margins;

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
        _negatedLabels = Array.ConvertAll(_labels, y => -y);
        _a = (double[,])a.Clone();
        _b = (double[])b.Clone();
        int samples = _features.RowCount;
        if (_features.NonZeroCount >= 0.3 * samples * (double)d && (long)samples * d <= 50_000_000)
        {
            _denseColumns = new double[samples * d];
            _denseRows = new double[samples * d];
            var rp = _features.RowPointers;
            var ci = _features.ColumnIndices;
            var va = _features.Values;
            for (int row = 0; row < samples; row++)
                for (int p = rp[row]; p < rp[row + 1]; p++)
                {
                    _denseColumns[ci[p] * samples + row] += va[p];
                    _denseRows[row * d + ci[p]] += va[p];
                }
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
        var m = MarginsAt(x);
        var z = m.Z;
        var e = m.E;
        // log(1 + exp(-z)) without overflow: -z + log(1 + exp(z)) for z < 0, else log(1 + exp(-z)); the
        // logarithms vectorised into a pooled buffer.
        var pooled = ArrayPool<double>.Shared.Rent(z.Length);
        var logs = pooled.AsSpan(0, z.Length);
        TensorPrimitives.Add(e, 1.0, logs);
        TensorPrimitives.Log(logs, logs);
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += z[i] < 0 ? -z[i] + logs[i] : logs[i];
        ArrayPool<double>.Shared.Return(pooled);
        return s / z.Length;
    }

    /// <inheritdoc />
    public void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var m = MarginsAt(x);
        var z = m.Z;
        var e = m.E;
        // A pooled scratch vector: the solver calls this at every trial point.
        var pooled = ArrayPool<double>.Shared.Rent(z.Length);
        var coef = pooled.AsSpan(0, z.Length);
        // coef_i = -y_i sigma(-z_i) / N, element-wise vector operations with the scalar formula's roundings.
        Sigmoids(z, e, ofMinus: true, coef);
        TensorPrimitives.Multiply(_negatedLabels, coef, coef);
        TensorPrimitives.Divide(coef, (double)z.Length, coef);
        if (_denseRows is not null) TransposeTimesDense(_denseRows, coef, gradient);
        else _features.ApplyTranspose(coef, gradient);
        ArrayPool<double>.Shared.Return(pooled);
    }

    /// <summary>
    /// gradient = X^T v from the row-major copy: the same row-by-row accumulation as the CSR transpose product
    /// (identical sums up to the sign of a zero, since stored zeros add nothing) without its indirect indexing.
    /// </summary>
    private static void TransposeTimesDense(double[] rows, ReadOnlySpan<double> v, Span<double> gradient)
    {
        int d = gradient.Length, width = Vector256<double>.Count;
        gradient.Clear();
        ref double g = ref MemoryMarshal.GetReference(gradient);
        for (int i = 0; i < v.Length; i++)
        {
            double vi = v[i];
            if (vi == 0) continue;
            ref double row = ref rows[i * d];
            var scale = Vector256.Create(vi);
            int j = 0;
            // Separate multiply and add (no fused multiply-add), so each entry rounds as the scalar loop does.
            for (; j + width <= d; j += width)
                (Vector256.LoadUnsafe(ref g, (nuint)j) + Vector256.LoadUnsafe(ref row, (nuint)j) * scale).StoreUnsafe(ref g, (nuint)j);
            for (; j < d; j++) Unsafe.Add(ref g, j) += Unsafe.Add(ref row, j) * vi;
        }
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
        // Column-major storage of the (k + 1) x d matrix, filled directly: rows of A, then 2 x^T.
        var values = new double[(k + 1) * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < k; j++) values[i * (k + 1) + j] = _a[j, i];
            values[i * (k + 1) + k] = 2 * x[i];
        }
        return DerivativeMatrix.FromDense(new DenseMatrix(k + 1, d, values));
    }

    /// <inheritdoc />
    public DerivativeMatrix LagrangianHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers)
    {
        if (multipliers.Length != ConstraintCount)
            throw new ArgumentException($"{multipliers.Length} multipliers for {ConstraintCount} constraints.", nameof(multipliers));
        var m = MarginsAt(x);
        int d = VariableCount;
        // A plain d x d array filled directly (one triangle, then mirrored).
        var h = new double[d * d];
        if (_denseColumns is not null) LossHessianDense(_denseColumns, m, h);
        else LossHessianSparse(m, h);
        for (int j = 0; j < d; j++)
            for (int i = j + 1; i < d; i++) h[i * d + j] = h[j * d + i];
        double shift = 2 * multipliers[^1];
        for (int i = 0; i < d; i++) h[i * d + i] += shift;
        // Symmetric, so the row-major array is also the column-major storage DenseMatrix wraps.
        return DerivativeMatrix.FromDense(new DenseMatrix(d, d, h));
    }

    /// <summary>
    /// Dense data: H_ij = sum_s w_s X_si X_sj (lower triangle), four columns i against one weighted column j at a
    /// time: eight independent vector accumulators keep the FMA units busy where a single dot product waits on
    /// the latency of its own accumulator, and the weighted column is loaded once for four products.
    /// </summary>
    private void LossHessianDense(double[] columns, Margins m, double[] h)
    {
        int d = VariableCount, n = m.Z.Length;
        // Pooled scratch vectors (two of N per Hessian).
        var weightsPooled = ArrayPool<double>.Shared.Rent(n);
        var weighted = ArrayPool<double>.Shared.Rent(n);
        var weights = weightsPooled.AsSpan(0, n);
        // w_s = p (1 - p) / n with p = sigma(z_s), element-wise (weighted is free scratch until the loop below).
        Sigmoids(m.Z, m.E, ofMinus: false, weights);
        var complement = weighted.AsSpan(0, n);
        TensorPrimitives.Subtract(1.0, weights, complement);
        TensorPrimitives.Multiply(weights, complement, weights);
        TensorPrimitives.Divide(weights, (double)n, weights);
        Span<double> dots = stackalloc double[4];
        for (int j = 0; j < d; j++)
        {
            Blas1.Multiply(columns.AsSpan(j * n, n), weights, weighted.AsSpan(0, n));
            int i = j;
            for (; i + 4 <= d; i += 4)
            {
                FourDots(columns, i, n, weighted, dots);
                dots.CopyTo(h.AsSpan(j * d + i, 4));
            }
            for (; i < d; i++) h[j * d + i] = Blas1.Dot(columns.AsSpan(i * n, n), weighted.AsSpan(0, n));
        }
        ArrayPool<double>.Shared.Return(weightsPooled);
        ArrayPool<double>.Shared.Return(weighted);
    }

    /// <summary>dots[a] = (column i + a) . w for a = 0..3, columns of length n stored one after another.</summary>
    private static void FourDots(double[] columns, int i, int n, double[] w, Span<double> dots)
    {
        const int width = 4;
        ref double c0 = ref columns[i * n];
        ref double c1 = ref Unsafe.Add(ref c0, n);
        ref double c2 = ref Unsafe.Add(ref c1, n);
        ref double c3 = ref Unsafe.Add(ref c2, n);
        ref double wr = ref w[0];
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        int s = 0;
        for (; s + 2 * width <= n; s += 2 * width)
        {
            var w0 = Vector256.LoadUnsafe(ref wr, (nuint)s);
            var w1 = Vector256.LoadUnsafe(ref wr, (nuint)(s + width));
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c0, (nuint)s), w0, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c1, (nuint)s), w0, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c2, (nuint)s), w0, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c3, (nuint)s), w0, a3);
            b0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c0, (nuint)(s + width)), w1, b0);
            b1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c1, (nuint)(s + width)), w1, b1);
            b2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c2, (nuint)(s + width)), w1, b2);
            b3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c3, (nuint)(s + width)), w1, b3);
        }
        double d0 = Vector256.Sum(a0 + b0), d1 = Vector256.Sum(a1 + b1), d2 = Vector256.Sum(a2 + b2), d3 = Vector256.Sum(a3 + b3);
        for (; s < n; s++)
        {
            double ws = Unsafe.Add(ref wr, s);
            d0 += Unsafe.Add(ref c0, s) * ws;
            d1 += Unsafe.Add(ref c1, s) * ws;
            d2 += Unsafe.Add(ref c2, s) * ws;
            d3 += Unsafe.Add(ref c3, s) * ws;
        }
        dots[0] = d0;
        dots[1] = d1;
        dots[2] = d2;
        dots[3] = d3;
    }

    /// <summary>Sparse data: rank-one updates sample by sample (lower triangle).</summary>
    private void LossHessianSparse(Margins m, double[] h)
    {
        int d = VariableCount, n = m.Z.Length;
        var rp = _features.RowPointers;
        var ci = _features.ColumnIndices;
        var va = _features.Values;
        for (int s = 0; s < n; s++)
        {
            double p = Sigmoid(m.Z[s], m.E[s]);
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

    /// <summary>
    /// The margins z_i = y_i a_i^T x and e_i = exp(-|z_i|) at x. The solver asks for f, grad f and the Hessian at the
    /// same point, so the last result is kept and reused when x is bit-for-bit the same: one pass over the data and
    /// one exponential per sample instead of three and four. The cache is an immutable object swapped atomically,
    /// so concurrent callers at worst recompute.
    /// </summary>
    private Margins MarginsAt(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        var cached = Volatile.Read(ref _margins);
        if (cached is not null && MemoryMarshal.Cast<double, long>(x).SequenceEqual(MemoryMarshal.Cast<double, long>(cached.X)))
            return cached;
        var z = new double[_labels.Length];
        var e = new double[z.Length];
        _features.Apply(x, z);
        for (int i = 0; i < z.Length; i++)
        {
            z[i] *= _labels[i];
            e[i] = -Math.Abs(z[i]);
        }
        // Vectorised exponentials: scalar Math.Exp costs more than the data pass itself at these sizes.
        TensorPrimitives.Exp(e, e);
        var margins = new Margins(x.ToArray(), z, e);
        Volatile.Write(ref _margins, margins);
        return margins;
    }

    /// <summary>
    /// result_i = sigma(z_i) (or sigma(-z_i) when <paramref name="ofMinus"/>) from e_i = exp(-|z_i|): the numerator
    /// 1 or e_i by the sign of z_i over 1 + e_i, vectorised; the same roundings as <see cref="Sigmoid"/>.
    /// </summary>
    private static void Sigmoids(ReadOnlySpan<double> z, ReadOnlySpan<double> e, bool ofMinus, Span<double> result)
    {
        int i = 0, width = Vector256<double>.Count;
        var one = Vector256<double>.One;
        for (; i + width <= z.Length; i += width)
        {
            var zv = Vector256.Create(z.Slice(i, width));
            var ev = Vector256.Create(e.Slice(i, width));
            var unitNumerator = ofMinus ? Vector256.LessThanOrEqual(zv, Vector256<double>.Zero) : Vector256.GreaterThanOrEqual(zv, Vector256<double>.Zero);
            (Vector256.ConditionalSelect(unitNumerator, one, ev) / (one + ev)).CopyTo(result.Slice(i, width));
        }
        for (; i < z.Length; i++) result[i] = ofMinus ? SigmoidOfMinus(z[i], e[i]) : Sigmoid(z[i], e[i]);
    }

    /// <summary>1 / (1 + exp(-z)) from e = exp(-|z|), the same operations as the overflow-safe two-branch form.</summary>
    private static double Sigmoid(double z, double e) => z >= 0 ? 1 / (1 + e) : e / (1 + e);

    /// <summary>1 / (1 + exp(z)) from e = exp(-|z|).</summary>
    private static double SigmoidOfMinus(double z, double e) => z <= 0 ? 1 / (1 + e) : e / (1 + e);

    /// <summary>Margins at one point: x (a copy), z_i = y_i a_i^T x and e_i = exp(-|z_i|).</summary>
    private sealed record Margins(double[] X, double[] Z, double[] E);

    private void CheckLength(ReadOnlySpan<double> x)
    {
        if (x.Length != VariableCount)
            throw new ArgumentException($"{Name}: x has length {x.Length}; the problem has {VariableCount} weights.", nameof(x));
    }
}
