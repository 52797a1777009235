namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>Dense kernels on the small |b| x |b| block matrices (row-major): Cholesky, largest eigenvalue, block L1 QP.</summary>
internal static class SmallDense
{
    /// <summary>In-place Cholesky H = L L^T (lower triangle written); false when H is not positive definite.</summary>
    public static bool Cholesky(Span<double> h, int t)
    {
        for (int j = 0; j < t; j++)
        {
            double d = h[j * t + j];
            for (int k = 0; k < j; k++) d -= h[j * t + k] * h[j * t + k];
            if (!(d > 0)) return false;
            d = Math.Sqrt(d);
            h[j * t + j] = d;
            for (int i = j + 1; i < t; i++)
            {
                double s = h[i * t + j];
                for (int k = 0; k < j; k++) s -= h[i * t + k] * h[j * t + k];
                h[i * t + j] = s / d;
            }
        }
        return true;
    }

    /// <summary>Solves L L^T x = b in place for a factor from <see cref="Cholesky"/>.</summary>
    public static void CholeskySolve(ReadOnlySpan<double> l, int t, Span<double> b)
    {
        for (int i = 0; i < t; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * t + k] * b[k];
            b[i] = s / l[i * t + i];
        }
        for (int i = t - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < t; k++) s -= l[k * t + i] * b[k];
            b[i] = s / l[i * t + i];
        }
    }

    /// <summary>
    /// Factors H + shift I with the smallest shift (0, then growing from 1e-12 trace / t) that makes it positive
    /// definite: the pseudo-inverse behaviour of the reference code for singular H_b.
    /// </summary>
    public static void RegularisedCholesky(ReadOnlySpan<double> h, int t, Span<double> factor)
    {
        double trace = 0;
        for (int i = 0; i < t; i++) trace += h[i * t + i];
        double shift = 0, step = Math.Max(trace / t, 1e-300) * 1e-12;
        while (true)
        {
            h.CopyTo(factor);
            for (int i = 0; i < t; i++) factor[i * t + i] += shift;
            if (Cholesky(factor, t)) return;
            shift = shift == 0 ? step : shift * 10;
        }
    }

    /// <summary>An upper bound on lambda_max(H) within 0.1% (power iteration, then certified by a Cholesky of c I - H).</summary>
    public static double LargestEigenvalueBound(ReadOnlySpan<double> h, int t)
    {
        if (t == 1) return h[0];
        Span<double> v = t <= 128 ? stackalloc double[t] : new double[t];
        Span<double> w = t <= 128 ? stackalloc double[t] : new double[t];
        v.Fill(1.0 / Math.Sqrt(t));
        double mu = 0;
        for (int it = 0; it < 60; it++)
        {
            for (int i = 0; i < t; i++)
            {
                double s = 0;
                for (int k = 0; k < t; k++) s += h[i * t + k] * v[k];
                w[i] = s;
            }
            double norm = 0;
            for (int i = 0; i < t; i++) norm += w[i] * w[i];
            norm = Math.Sqrt(norm);
            if (norm == 0) return 0;
            mu = norm;
            for (int i = 0; i < t; i++) v[i] = w[i] / norm;
        }
        double[] test = new double[t * t];
        double c = mu * 1.001;
        for (int attempt = 0; attempt < 200; attempt++, c *= 1.1)
        {
            for (int i = 0; i < t * t; i++) test[i] = -h[i];
            for (int i = 0; i < t; i++) test[i * t + i] += c;
            if (Cholesky(test, t)) return c;
        }
        return c;
    }

    /// <summary>
    /// Minimises g^T d + 1/2 d^T H d + lambda ||x + d||_1 over d by cyclic coordinate descent on w = x + d
    /// (the block proximal-Newton subproblem); <paramref name="d"/> receives the step.
    /// </summary>
    public static void L1QuadraticStep(ReadOnlySpan<double> h, int t, ReadOnlySpan<double> g, ReadOnlySpan<double> x, double lambda, Span<double> d)
    {
        d.Clear();
        // gradient of the model in d: q = g + H d
        Span<double> q = t <= 128 ? stackalloc double[t] : new double[t];
        g.CopyTo(q);
        for (int sweep = 0; sweep < 500; sweep++)
        {
            double change = 0, scale = 0;
            for (int i = 0; i < t; i++)
            {
                double hii = h[i * t + i];
                if (!(hii > 0)) continue;
                double w = x[i] + d[i];
                double target = SoftThreshold(w - q[i] / hii, lambda / hii);
                double delta = target - w;
                if (delta == 0) continue;
                d[i] += delta;
                for (int k = 0; k < t; k++) q[k] += h[k * t + i] * delta;
                change = Math.Max(change, Math.Abs(delta));
                scale = Math.Max(scale, Math.Abs(target));
            }
            if (change <= 1e-14 * Math.Max(scale, 1e-300)) break;
        }
    }

    /// <summary>sign(v) max(|v| - kappa, 0).</summary>
    public static double SoftThreshold(double v, double kappa) => v > kappa ? v - kappa : v < -kappa ? v + kappa : 0.0;
}
