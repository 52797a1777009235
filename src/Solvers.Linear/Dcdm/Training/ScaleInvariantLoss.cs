using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Dcdm.Training;

/// <summary>
/// The DCDM training loss (brief section 3): for a right-hand side b and the network's output y, the residual left after
/// the best step along y, L = ||b - c A y||^2 with c = y^T b / y^T A y. It is invariant under scaling of y, so the
/// network only has to learn the direction of A^-1 b.
/// </summary>
internal sealed class ScaleInvariantLoss
{
    private readonly CsrMatrix _a;
    private readonly double[] _z, _e, _ae;

    public ScaleInvariantLoss(CsrMatrix a)
    {
        _a = a;
        _z = new double[a.RowCount];
        _e = new double[a.RowCount];
        _ae = new double[a.RowCount];
    }

    /// <summary>
    /// Returns L(y) and writes dL/dy = -2 [c A e + (e^T z)(b - 2 c z) / t] with z = A y, t = y^T z, e = b - c z
    /// (A symmetric). A zero output (t = 0) gives L = ||b||^2 and a zero gradient.
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> b, ReadOnlySpan<double> y, Span<double> gradient)
    {
        _a.Apply(y, _z);
        double s = Blas1.Dot(y, b), t = Blas1.Dot(y, _z);
        if (!(t > 0))
        {
            gradient.Clear();
            return Blas1.Dot(b, b);
        }
        double c = s / t;
        for (int i = 0; i < _e.Length; i++) _e[i] = b[i] - c * _z[i];
        _a.Apply(_e, _ae);
        double ez = Blas1.Dot(_e, _z);
        for (int i = 0; i < gradient.Length; i++)
            gradient[i] = -2.0 * (c * _ae[i] + ez * (b[i] - 2.0 * c * _z[i]) / t);
        return Blas1.Dot(_e, _e);
    }
}
