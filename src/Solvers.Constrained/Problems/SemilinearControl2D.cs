using Solvers.Linear.Storage;

namespace Solvers.Constrained.Problems;

/// <summary>
/// PDE2D: distributed control of a semilinear elliptic equation on an N x N interior grid (brief section 10.3,
/// with an optional cubic reaction term). Mesh h = 2/(N+1) (domain of width 2, zero boundary values), state w
/// and control z at the N^2 interior nodes, x = (w, z), n = 2N^2, m = N^2:
/// <code>
/// minimise  1/2 ||w - w_target||^2 + (0.1/2) ||z||^2
/// s.t.      (Delta_h w)_ij - kappa w_ij^3 + z_ij = 0     (5-point Laplacian)
/// w_target(i, j) = sin(4 + (0.1/sqrt 15)(i - (N+1)/2)) + cos(3 + (0.1/sqrt 15)(j - (N+1)/2)),  i, j = 1..N
/// </code>
/// kappa = 0 is the reference code's linear Poisson problem; kappa &gt; 0 makes -Delta w + kappa w^3 = z a
/// monotone semilinear equation. Sparse CSR Jacobian, diagonal Lagrangian Hessian
/// diag(1 - 6 kappa lambda_ij w_ij, 0.1). Start: w = 0, z = 0.
/// </summary>
public sealed class SemilinearControl2D : IConstrainedProblem
{
    private readonly int _n;
    private readonly double _invH2;
    private readonly double _kappa;
    private readonly double[] _target;

    /// <summary>Creates the problem on an N x N grid.</summary>
    /// <param name="gridSize">N (at least 1).</param>
    /// <param name="kappa">Coefficient of the cubic term (non-negative).</param>
    public SemilinearControl2D(int gridSize, double kappa = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 1);
        if (!(kappa >= 0) || !double.IsFinite(kappa)) throw new ArgumentOutOfRangeException(nameof(kappa), kappa, "kappa must be finite and non-negative.");
        _n = gridSize;
        _kappa = kappa;
        double h = 2.0 / (gridSize + 1);
        _invH2 = 1 / (h * h);
        _target = new double[gridSize * gridSize];
        double c = 0.1 / Math.Sqrt(15), mid = (gridSize + 1) / 2.0;
        for (int i = 0; i < gridSize; i++)
            for (int j = 0; j < gridSize; j++)
                _target[i * gridSize + j] = Math.Sin(4 + c * (i + 1 - mid)) + Math.Cos(3 + c * (j + 1 - mid));
    }

    /// <inheritdoc />
    public string Name => $"pde2d_{_n}";

    /// <summary>Grid size N.</summary>
    public int GridSize => _n;

    /// <inheritdoc />
    public int VariableCount => 2 * _n * _n;

    /// <inheritdoc />
    public int ConstraintCount => _n * _n;

    /// <inheritdoc />
    public double[] InitialPoint() => new double[VariableCount];

    /// <inheritdoc />
    public double Objective(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        int nn = _n * _n;
        double s = 0;
        for (int p = 0; p < nn; p++)
        {
            double e = x[p] - _target[p];
            s += 0.5 * e * e + 0.05 * x[nn + p] * x[nn + p];
        }
        return s;
    }

    /// <inheritdoc />
    public void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        CheckLength(x);
        int nn = _n * _n;
        for (int p = 0; p < nn; p++)
        {
            gradient[p] = x[p] - _target[p];
            gradient[nn + p] = 0.1 * x[nn + p];
        }
    }

    /// <inheritdoc />
    public void Constraints(ReadOnlySpan<double> x, Span<double> values)
    {
        CheckLength(x);
        int nn = _n * _n;
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < _n; j++)
            {
                int p = i * _n + j;
                double w = x[p];
                double lap = -4 * w;
                if (i > 0) lap += x[p - _n];
                if (i < _n - 1) lap += x[p + _n];
                if (j > 0) lap += x[p - 1];
                if (j < _n - 1) lap += x[p + 1];
                values[p] = lap * _invH2 - _kappa * w * w * w + x[nn + p];
            }
    }

    /// <inheritdoc />
    public DerivativeMatrix Jacobian(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        int nn = _n * _n;
        var rp = new int[nn + 1];
        var ci = new List<int>(6 * nn);
        var va = new List<double>(6 * nn);
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < _n; j++)
            {
                int p = i * _n + j;
                // Columns in ascending order: up, left, centre, right, down, then the control.
                if (i > 0) { ci.Add(p - _n); va.Add(_invH2); }
                if (j > 0) { ci.Add(p - 1); va.Add(_invH2); }
                ci.Add(p); va.Add(-4 * _invH2 - 3 * _kappa * x[p] * x[p]);
                if (j < _n - 1) { ci.Add(p + 1); va.Add(_invH2); }
                if (i < _n - 1) { ci.Add(p + _n); va.Add(_invH2); }
                ci.Add(nn + p); va.Add(1.0);
                rp[p + 1] = ci.Count;
            }
        return DerivativeMatrix.FromCsr(CsrMatrix.FromArrays(nn, 2 * nn, rp, ci.ToArray(), va.ToArray()));
    }

    /// <inheritdoc />
    public DerivativeMatrix LagrangianHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers)
    {
        CheckLength(x);
        int nn = _n * _n;
        if (multipliers.Length != nn) throw new ArgumentException($"{multipliers.Length} multipliers for {nn} constraints.", nameof(multipliers));
        var rp = new int[2 * nn + 1];
        var ci = new int[2 * nn];
        var va = new double[2 * nn];
        for (int p = 0; p < 2 * nn; p++)
        {
            rp[p + 1] = p + 1;
            ci[p] = p;
            va[p] = p < nn ? 1 - 6 * _kappa * multipliers[p] * x[p] : 0.1;
        }
        return DerivativeMatrix.FromCsr(CsrMatrix.FromArrays(2 * nn, 2 * nn, rp, ci, va));
    }

    private void CheckLength(ReadOnlySpan<double> x)
    {
        if (x.Length != VariableCount)
            throw new ArgumentException($"{Name}: x has length {x.Length}; the problem has {VariableCount} variables.", nameof(x));
    }
}
