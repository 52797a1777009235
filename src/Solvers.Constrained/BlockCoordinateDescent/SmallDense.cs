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
    /// Minimises g^T d + 1/2 d^T H d + lambda ||x + d||_1 over d (with x + d &gt;= 0 when <paramref name="nonNegative"/>):
    /// the block proximal-Newton subproblem. Cyclic coordinate descent on w = x + d gets close; an active-set method
    /// (<see cref="ActiveSetFinish"/>) started there then returns the exact minimiser. Coordinate descent alone converges
    /// only linearly and on ill-conditioned blocks (data set A's columns) stops short of it within its sweep limit, which
    /// would blur the superlinear / finite tail of proximal Newton BCD. <paramref name="d"/> receives the step.
    /// </summary>
    public static void L1QuadraticStep(ReadOnlySpan<double> h, int t, ReadOnlySpan<double> g, ReadOnlySpan<double> x, double lambda, bool nonNegative, Span<double> d)
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
                double target = BcdSolver.Prox(w - q[i] / hii, lambda / hii, nonNegative);
                double delta = target - w;
                if (delta == 0) continue;
                d[i] += delta;
                for (int k = 0; k < t; k++) q[k] += h[k * t + i] * delta;
                change = Math.Max(change, Math.Abs(delta));
                scale = Math.Max(scale, Math.Abs(target));
            }
            if (change <= 1e-14 * Math.Max(scale, 1e-300)) break;
        }
        var w0 = new double[t];
        for (int i = 0; i < t; i++) w0[i] = x[i] + d[i];
        if (ActiveSetFinish(h, t, g, x, lambda, nonNegative, w0))
            for (int i = 0; i < t; i++) d[i] = w0[i] - x[i];
    }

    /// <summary>
    /// Active-set method (Lawson-Hanson for the bound, feature-sign search for plain L1) for
    /// min_w phi(w) = 1/2 w^T H w + c^T w + lambda ||w||_1 (w &gt;= 0), c = g - H x, warm-started at <paramref name="w"/>:
    /// solve the sign-fixed quadratic on the non-zero set, step towards it until a coordinate reaches 0 (drop it), and
    /// once the non-zero set is optimal add the zero coordinate that violates its KKT condition most. Each step lowers
    /// phi, so it ends after finitely many steps at the exact minimiser. Returns true with <paramref name="w"/> replaced
    /// by it when the KKT conditions hold to rounding and phi is not above the start's; false (w unspecified) when H
    /// restricted to the non-zero set is singular or the step limit is hit.
    /// </summary>
    private static bool ActiveSetFinish(ReadOnlySpan<double> h, int t, ReadOnlySpan<double> g, ReadOnlySpan<double> x, double lambda, bool nonNegative, double[] w)
    {
        var c = new double[t];
        double scale = lambda;
        for (int i = 0; i < t; i++)
        {
            double hx = 0;
            for (int k = 0; k < t; k++) hx += h[i * t + k] * x[k];
            c[i] = g[i] - hx;
            scale = Math.Max(scale, Math.Abs(g[i]));
        }
        static double Phi(ReadOnlySpan<double> h, int t, double[] c, double lambda, double[] v)
        {
            double s = 0;
            for (int i = 0; i < t; i++)
            {
                if (v[i] == 0) continue;
                double hv = 0;
                for (int k = 0; k < t; k++) hv += h[i * t + k] * v[k];
                s += v[i] * (0.5 * hv + c[i]) + lambda * Math.Abs(v[i]);
            }
            return s;
        }
        double start = Phi(h, t, c, lambda, w);
        double tol = 1e-11 * scale;
        var sign = new int[t];
        for (int i = 0; i < t; i++) sign[i] = Math.Sign(w[i]);
        var active = new List<int>();
        var target = new double[t];
        for (int step = 0; step < 4 * t + 20; step++)
        {
            // the sign-fixed quadratic on the active set: H_AA w_A = -(c_A + lambda sign_A)
            active.Clear();
            for (int i = 0; i < t; i++) if (sign[i] != 0) active.Add(i);
            if (active.Count > 0 && !SolveOn(h, t, active, c, lambda, sign, target)) return false;
            int blocking = -1;
            double fraction = 1;
            foreach (int i in active)
            {
                if (Math.Sign(target[i]) == sign[i]) continue;
                // w_i moves from sign[i] side (or from 0 for a coordinate just added) to the other: stop where it hits 0
                double f = w[i] == 0 ? 0 : w[i] / (w[i] - target[i]);
                if (f < fraction) { fraction = f; blocking = i; }
            }
            if (blocking >= 0 && fraction == 0 && w[blocking] == 0) return false;   // a just-added coordinate points the wrong way
            foreach (int i in active) w[i] += fraction * (target[i] - w[i]);
            if (blocking >= 0)
            {
                w[blocking] = 0;
                sign[blocking] = 0;
                foreach (int i in active)
                    if (sign[i] != 0 && Math.Sign(w[i]) != sign[i]) { w[i] = 0; sign[i] = 0; }   // reached 0 in the same step
                continue;
            }
            // optimal on the active set; add the worst KKT violation among the zeros, or stop
            int add = -1;
            double worst = tol;
            for (int i = 0; i < t; i++)
            {
                if (sign[i] != 0) continue;
                double q = c[i];
                for (int k = 0; k < t; k++) q += h[i * t + k] * w[k];
                double violation = nonNegative ? -(q + lambda) : Math.Abs(q) - lambda;
                if (violation > worst) { worst = violation; add = i; }
                if (add == i) target[i] = q;   // remember the derivative's sign for the new coordinate
            }
            if (add < 0) return Phi(h, t, c, lambda, w) <= start + 1e-12 * Math.Max(Math.Abs(start), scale);
            sign[add] = nonNegative ? 1 : -Math.Sign(target[add]);
        }
        return false;
    }

    /// <summary>target_A = H_AA^-1 (-(c_A + lambda sign_A)) by a dense Cholesky; false when H_AA is not positive definite.</summary>
    private static bool SolveOn(ReadOnlySpan<double> h, int t, List<int> active, double[] c, double lambda, int[] sign, double[] target)
    {
        int s = active.Count;
        var hs = new double[s * s];
        var rhs = new double[s];
        for (int a = 0; a < s; a++)
        {
            rhs[a] = -(c[active[a]] + lambda * sign[active[a]]);
            for (int b = 0; b < s; b++) hs[a * s + b] = h[active[a] * t + active[b]];
        }
        if (!Cholesky(hs, s)) return false;
        CholeskySolve(hs, s, rhs);
        for (int a = 0; a < s; a++) target[active[a]] = rhs[a];
        return true;
    }

    /// <summary>sign(v) max(|v| - kappa, 0).</summary>
    public static double SoftThreshold(double v, double kappa) => v > kappa ? v - kappa : v < -kappa ? v + kappa : 0.0;
}
