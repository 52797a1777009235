namespace Solvers.Linear.Tuning;

/// <summary>
/// One arm's least-squares model of ChebCB: theta minimising ||F theta - y / scale||, where F holds the feature
/// rows of the rounds the arm was played and y their offset costs (l - 1). Kept as normal equations
/// (G = F^T F, g = F^T y, y^T y), so a new scale is a division and a new round an O(m^2) update. The fit is the
/// minimum-norm solution (pseudo-inverse of G from its eigen-decomposition), and, when it leaves the box
/// |theta_j| &lt;= bound_j, the box-constrained least-squares solution by coordinate descent.
/// </summary>
internal sealed class ArmRegression
{
    private readonly int _m;
    private readonly double[] _gram;
    private readonly double[] _moment;
    private readonly double[] _pseudoInverse;
    private bool _pseudoInverseCurrent;
    private double _targetSquares;

    public ArmRegression(int features)
    {
        _m = features;
        _gram = new double[features * features];
        _moment = new double[features];
        _pseudoInverse = new double[features * features];
        Theta = new double[features];
    }

    public int Count { get; private set; }

    /// <summary>Coefficients of the current fit (on the normalised scale).</summary>
    public double[] Theta { get; }

    /// <summary>||F theta - y / scale||^2 of the current fit.</summary>
    public double Residual { get; private set; }

    public void Add(ReadOnlySpan<double> features, double target)
    {
        for (int i = 0; i < _m; i++)
        {
            for (int j = 0; j < _m; j++) _gram[i * _m + j] += features[i] * features[j];
            _moment[i] += features[i] * target;
        }
        _targetSquares += target * target;
        Count++;
        _pseudoInverseCurrent = false;
    }

    public double Predict(ReadOnlySpan<double> features)
    {
        double s = 0;
        for (int j = 0; j < _m; j++) s += Theta[j] * features[j];
        return s;
    }

    /// <summary>Refits theta for targets y / <paramref name="scale"/> within |theta_j| &lt;= bounds_j.</summary>
    public void Fit(double scale, ReadOnlySpan<double> bounds)
    {
        if (Count == 0) return;
        if (!_pseudoInverseCurrent)
        {
            SymmetricPseudoInverse(_gram, _pseudoInverse, _m);
            _pseudoInverseCurrent = true;
        }
        Span<double> h = stackalloc double[_m];
        for (int i = 0; i < _m; i++) h[i] = _moment[i] / scale;
        bool inside = true;
        for (int i = 0; i < _m; i++)
        {
            double s = 0;
            for (int j = 0; j < _m; j++) s += _pseudoInverse[i * _m + j] * h[j];
            Theta[i] = s;
            if (Math.Abs(s) > bounds[i] * (1 + 1e-12)) inside = false;
        }
        if (!inside) BoxCoordinateDescent(h, bounds);
        double quadratic = 0, linear = 0;
        for (int i = 0; i < _m; i++)
        {
            double gi = 0;
            for (int j = 0; j < _m; j++) gi += _gram[i * _m + j] * Theta[j];
            quadratic += Theta[i] * gi;
            linear += Theta[i] * h[i];
        }
        Residual = Math.Max(quadratic - 2 * linear + _targetSquares / (scale * scale), 0);
    }

    /// <summary>min 1/2 t^T G t - h^T t over the box, by exact minimisation in one coordinate at a time.</summary>
    private void BoxCoordinateDescent(ReadOnlySpan<double> h, ReadOnlySpan<double> bounds)
    {
        for (int i = 0; i < _m; i++) Theta[i] = Math.Clamp(Theta[i], -bounds[i], bounds[i]);
        double size = 0;
        for (int i = 0; i < _m; i++) size = Math.Max(size, bounds[i]);
        for (int sweep = 0; sweep < 2000; sweep++)
        {
            double largestStep = 0;
            for (int i = 0; i < _m; i++)
            {
                double diagonal = _gram[i * _m + i];
                if (!(diagonal > 0)) continue;
                double s = h[i];
                for (int j = 0; j < _m; j++)
                    if (j != i) s -= _gram[i * _m + j] * Theta[j];
                double updated = Math.Clamp(s / diagonal, -bounds[i], bounds[i]);
                largestStep = Math.Max(largestStep, Math.Abs(updated - Theta[i]));
                Theta[i] = updated;
            }
            if (largestStep <= 1e-13 * Math.Max(size, 1e-300)) break;
        }
    }

    /// <summary>Pseudo-inverse of a small symmetric positive semidefinite matrix by cyclic Jacobi rotations.</summary>
    internal static void SymmetricPseudoInverse(ReadOnlySpan<double> matrix, Span<double> inverse, int m)
    {
        Span<double> a = stackalloc double[m * m];
        Span<double> v = stackalloc double[m * m];
        matrix.CopyTo(a);
        v.Clear();
        for (int i = 0; i < m; i++) v[i * m + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                {
                    total += a[i * m + j] * a[i * m + j];
                    if (i != j) off += a[i * m + j] * a[i * m + j];
                }
            if (off <= 1e-30 * total) break;
            for (int p = 0; p < m - 1; p++)
                for (int q = p + 1; q < m; q++)
                {
                    double apq = a[p * m + q];
                    if (apq == 0) continue;
                    double theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < m; k++)
                    {
                        double akp = a[k * m + p], akq = a[k * m + q];
                        a[k * m + p] = c * akp - s * akq;
                        a[k * m + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < m; k++)
                    {
                        double apk = a[p * m + k], aqk = a[q * m + k];
                        a[p * m + k] = c * apk - s * aqk;
                        a[q * m + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < m; k++)
                    {
                        double vkp = v[k * m + p], vkq = v[k * m + q];
                        v[k * m + p] = c * vkp - s * vkq;
                        v[k * m + q] = s * vkp + c * vkq;
                    }
                }
        }
        double largest = 0;
        for (int i = 0; i < m; i++) largest = Math.Max(largest, Math.Abs(a[i * m + i]));
        double cutoff = 1e-12 * largest;
        inverse.Slice(0, m * m).Clear();
        for (int k = 0; k < m; k++)
        {
            double lambda = a[k * m + k];
            if (!(lambda > cutoff)) continue;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                    inverse[i * m + j] += v[i * m + k] * v[j * m + k] / lambda;
        }
    }
}
