using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.Stationary;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// The dense tests of the AdaSketch safeguards (positive definiteness of H - tau I and of the reduced Hessian,
/// the smallest eigenvalue of G G^T) on small row-major arrays. The matrices have tens of rows, where MathNet's
/// general factorisations cost more in allocation, dispatch and threading than in arithmetic; these loops do the
/// same mathematics in place.
/// </summary>
internal static class SmallSymmetric
{
    /// <summary>
    /// Scratch arrays up to this many entries (8 KB) live on the stack: the safeguards run every outer iteration,
    /// and heap scratch there is most of what an iteration allocates outside the inner solver.
    /// </summary>
    public const int StackLimit = 1024;

    /// <summary>Writes the CSR matrix into <paramref name="dense"/> (row-major, RowCount x ColumnCount; cleared first).</summary>
    public static void ToDense(CsrMatrix a, Span<double> dense)
    {
        int columns = a.ColumnCount;
        dense.Clear();
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        for (int i = 0; i < a.RowCount; i++)
            for (int p = rp[i]; p < rp[i + 1]; p++) dense[i * columns + ci[p]] = va[p];
    }

    /// <summary>
    /// True when A - shift I (A symmetric n x n, row-major; only its lower triangle is read) has a Cholesky
    /// factorisation with finite positive pivots. <paramref name="a"/> is not changed.
    /// </summary>
    public static bool IsPositiveDefinite(ReadOnlySpan<double> a, int n, double shift)
    {
        Span<double> l = n * n <= StackLimit ? stackalloc double[n * n] : new double[n * n];
        a[..(n * n)].CopyTo(l);
        for (int j = 0; j < n; j++) l[j * n + j] -= shift;
        if (!SmallDense.Cholesky(l, n)) return false;
        // The block kernel accepts an infinite pivot; a matrix with one is not a usable positive definite matrix here.
        for (int j = 0; j < n; j++)
            if (!double.IsFinite(l[j * n + j])) return false;
        return true;
    }

    /// <summary>
    /// True when Z^T H Z - shift I is positive definite, Z an orthonormal basis of the null space of the m x n
    /// matrix G (row-major, m &lt; n). Z^T H Z is the trailing (n - m) block of Q^T H Q for the Householder QR
    /// G^T = Q R, formed by applying the m reflectors to both sides of H without forming Q.
    /// </summary>
    public static bool ReducedIsPositiveDefinite(ReadOnlySpan<double> h, int n, ReadOnlySpan<double> g, int m, double shift)
    {
        // Column k of G^T is row k of G: the reflectors act on copies of the rows.
        Span<double> vectors = m * n <= StackLimit ? stackalloc double[m * n] : new double[m * n];
        Span<double> q = n * n <= StackLimit ? stackalloc double[n * n] : new double[n * n];
        Span<double> v = n <= StackLimit ? stackalloc double[n] : new double[n];
        Span<double> w = n <= StackLimit ? stackalloc double[n] : new double[n];
        g[..(m * n)].CopyTo(vectors);
        h[..(n * n)].CopyTo(q);
        for (int k = 0; k < m; k++)
        {
            var column = vectors.Slice(k * n, n);
            double norm = 0;
            for (int i = k; i < n; i++) norm += column[i] * column[i];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            // v = x - alpha e_k with alpha = -sign(x_k) ||x||: no cancellation in v_k.
            double alpha = column[k] >= 0 ? -norm : norm;
            v.Clear();
            for (int i = k; i < n; i++) v[i] = column[i];
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < n; i++) vv += v[i] * v[i];
            double beta = 2 / vv;
            // Later columns: x <- (I - beta v v^T) x.
            for (int c = k + 1; c < m; c++)
            {
                var x = vectors.Slice(c * n, n);
                double s = 0;
                for (int i = k; i < n; i++) s += v[i] * x[i];
                s *= beta;
                for (int i = k; i < n; i++) x[i] -= s * v[i];
            }
            ReflectBothSides(q, n, v, k, beta, w);
        }
        int r = n - m;
        Span<double> reduced = r * r <= StackLimit ? stackalloc double[r * r] : new double[r * r];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++)
                reduced[i * r + j] = 0.5 * (q[(m + i) * n + m + j] + q[(m + j) * n + m + i]);
        return IsPositiveDefinite(reduced, r, shift);
    }

    /// <summary>M &lt;- P M P for P = I - beta v v^T with v zero before index k (rows and columns below k are unchanged).</summary>
    private static void ReflectBothSides(Span<double> mat, int n, ReadOnlySpan<double> v, int k, double beta, Span<double> w)
    {
        // P M: row i of M changes by -beta v_i (v^T M).
        w.Clear();
        for (int i = k; i < n; i++)
        {
            double vi = v[i];
            var row = mat.Slice(i * n, n);
            for (int j = 0; j < n; j++) w[j] += vi * row[j];
        }
        for (int i = k; i < n; i++)
        {
            double f = beta * v[i];
            var row = mat.Slice(i * n, n);
            for (int j = 0; j < n; j++) row[j] -= f * w[j];
        }
        // (P M) P: column j changes by -beta ((P M) v)_i v_j.
        for (int i = 0; i < n; i++)
        {
            var row = mat.Slice(i * n, n);
            double s = 0;
            for (int j = k; j < n; j++) s += row[j] * v[j];
            s *= beta;
            for (int j = k; j < n; j++) row[j] -= s * v[j];
        }
    }

    /// <summary>
    /// The smallest eigenvalue of the symmetric n x n matrix A (row-major; not changed): Householder reduction to
    /// tridiagonal form, then bisection on Sturm counts to the resolution of the doubles, which is accurate to
    /// rounding relative to ||A|| like a full eigendecomposition, at a small part of its cost (no eigenvectors).
    /// </summary>
    public static double MinEigenvalue(ReadOnlySpan<double> a, int n)
    {
        if (n == 0) return double.PositiveInfinity;
        if (!Blas1Finite(a)) return double.NaN;
        Span<double> s = n * n <= StackLimit ? stackalloc double[n * n] : new double[n * n];
        Span<double> v = n <= StackLimit ? stackalloc double[n] : new double[n];
        Span<double> p = n <= StackLimit ? stackalloc double[n] : new double[n];
        a[..(n * n)].CopyTo(s);
        for (int k = 0; k + 2 < n; k++)
        {
            double norm = 0;
            for (int i = k + 1; i < n; i++) norm += s[i * n + k] * s[i * n + k];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = s[(k + 1) * n + k] >= 0 ? -norm : norm;
            v.Clear();
            for (int i = k + 1; i < n; i++) v[i] = s[i * n + k];
            v[k + 1] -= alpha;
            double vv = 0;
            for (int i = k + 1; i < n; i++) vv += v[i] * v[i];
            double beta = 2 / vv;
            // Trailing block A22 <- P A22 P with P = I - beta v v^T, as the rank-two update A22 - v q^T - q v^T,
            // q = p - (beta / 2)(v^T p) v, p = beta A22 v.
            double vp = 0;
            for (int i = k + 1; i < n; i++)
            {
                double sum = 0;
                for (int j = k + 1; j < n; j++) sum += s[i * n + j] * v[j];
                p[i] = beta * sum;
                vp += v[i] * p[i];
            }
            double half = 0.5 * beta * vp;
            for (int i = k + 1; i < n; i++) p[i] -= half * v[i];
            for (int i = k + 1; i < n; i++)
                for (int j = k + 1; j < n; j++) s[i * n + j] -= v[i] * p[j] + p[i] * v[j];
            s[(k + 1) * n + k] = s[k * n + k + 1] = alpha;
            for (int i = k + 2; i < n; i++) s[i * n + k] = s[k * n + i] = 0;
        }
        Span<double> d = n <= StackLimit ? stackalloc double[n] : new double[n];
        Span<double> e = n <= StackLimit ? stackalloc double[n] : new double[n];
        for (int i = 0; i < n; i++) d[i] = s[i * n + i];
        for (int i = 0; i + 1 < n; i++) e[i] = s[(i + 1) * n + i];
        // Bisection on the Sturm counts of the tridiagonal matrix, shared with the Lanczos spectrum estimates.
        return Lanczos.TridiagonalMinimum(d, e[..(n - 1)]);
    }

    private static bool Blas1Finite(ReadOnlySpan<double> a)
    {
        foreach (double x in a) if (!double.IsFinite(x)) return false;
        return true;
    }
}
