namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>
/// A smooth part of the form f(x) = sum_i loss_i(z_i) + (ridge/2) ||x||^2 with margins z = A x (plus a constant
/// shift) kept as the state: least squares (loss = r^2/2 on the residual) and logistic regression. Gives the
/// matrix-free access to the Hessian A^T D A + ridge I that <see cref="ProximalNewtonCd"/> needs.
/// </summary>
internal interface IMarginObjective
{
    /// <summary>The data matrix A by columns.</summary>
    SparseColumns Columns { get; }

    /// <summary>The ridge weight.</summary>
    double Ridge { get; }

    /// <summary>sum_i loss_i(z_i) at the current state.</summary>
    double LossSum { get; }

    /// <summary>Writes loss_i''(z_i) at the current state (the diagonal D of the Hessian A^T D A).</summary>
    void LossCurvatures(Span<double> second);

    /// <summary>sum_i loss_i(z_i + alpha dz_i) (the state is not changed).</summary>
    double LossAlong(ReadOnlySpan<double> dz, double alpha);

    /// <summary>z += alpha dz, with <paramref name="lossSum"/> the value <see cref="LossAlong"/> gave (NaN: recompute).</summary>
    void Move(ReadOnlySpan<double> dz, double alpha, double lossSum);
}

/// <summary>
/// The proximal-Newton block update with a matrix-free inner solver, in the manner of newGLMNET (Yuan, Ho and Lin,
/// "An improved GLMNET for L1-regularized logistic regression", JMLR 13, 2012): the block model
/// g_b^T d + 1/2 d^T (A_b^T D A_b + ridge I) d + lambda ||x_b + d||_1 is minimised by cyclic coordinate descent over
/// a working set (coordinates that are non-zero or violate |g_j| &lt;= lambda), with inner shrinking, keeping
/// A_b d so that each coordinate costs O(nnz of its column); with lambda = 0 the model's linear system is solved by
/// Jacobi-preconditioned conjugate gradients instead. The step then gets an Armijo backtracking line search on F
/// (sigma = 0.01, halving), evaluated in O(m) per trial from A_b d; quadratic f takes the full step (the model is F).
/// No block Hessian is formed, so blocks can be the whole variable set.
/// </summary>
internal sealed class ProximalNewtonCd
{
    private const double ArmijoSigma = 0.01;
    private const int MaxInnerSweeps = 100;

    /// <summary>Working sets up to this size use the dense model (<see cref="DenseCoordinateDescent"/>).</summary>
    internal const int DenseLimit = 32;

    private readonly IMarginObjective _f;
    private readonly SparseColumns _a;
    private readonly double[] _curvature, _ad, _u;
    private readonly double[] _hdiag, _d, _xb, _r, _p, _q;
    private readonly int[] _working;
    private double[]? _dense, _denseFactor, _denseFactorScratch;
    private int[]? _columns;

    public ProximalNewtonCd(IMarginObjective f, int variables)
    {
        _f = f;
        _a = f.Columns;
        int m = _a.RowCount;
        _curvature = new double[m];
        _ad = new double[m];
        _u = new double[m];
        _hdiag = new double[variables];
        _d = new double[variables];
        _xb = new double[variables];
        _r = new double[variables];
        _p = new double[variables];
        _q = new double[variables];
        _working = new int[variables];
    }

    /// <summary>Inner sweeps (coordinate descent) or iterations (conjugate gradients) of the last update.</summary>
    public int InnerIterations { get; private set; }

    /// <summary>
    /// Updates x on <paramref name="block"/> (sorted, distinct) given the block gradient <paramref name="g"/>; the
    /// inner solve stops once the model's minimum-norm subgradient has infinity norm at most <paramref name="innerTolerance"/>.
    /// </summary>
    public void Update(Span<double> x, ReadOnlySpan<int> block, ReadOnlySpan<double> g, double lambda, double innerTolerance,
        bool quadratic, Random rng)
    {
        int t = block.Length;
        double ridge = _f.Ridge;
        _f.LossCurvatures(_curvature);
        var d = _d.AsSpan(0, t);
        var xb = _xb.AsSpan(0, t);
        d.Clear();
        Array.Clear(_ad);
        for (int p = 0; p < t; p++) xb[p] = x[block[p]];

        if (lambda == 0) ConjugateGradients(block, g, ridge, innerTolerance);
        else CoordinateDescent(block, g, xb, ridge, lambda, innerTolerance, rng);

        bool any = false;
        for (int p = 0; p < t && !any; p++) any = d[p] != 0;
        if (!any) return;

        double alpha = 1, loss = double.NaN;
        if (!quadratic)
        {
            double predicted = 0, xd = 0, dd = 0;
            for (int p = 0; p < t; p++)
            {
                if (d[p] == 0) continue;
                predicted += g[p] * d[p] + lambda * (Math.Abs(xb[p] + d[p]) - Math.Abs(xb[p]));
                xd += xb[p] * d[p];
                dd += d[p] * d[p];
            }
            double loss0 = _f.LossSum;
            // a predicted decrease below the rounding level of F cannot be verified: take the full step (as BcdSolver's line search)
            bool verify = predicted < -1e-13 * Math.Max(1, Math.Abs(loss0));
            bool accepted = false;
            for (int attempt = 0; attempt < 40; attempt++, alpha *= 0.5)
            {
                loss = _f.LossAlong(_ad, alpha);
                if (!verify) { accepted = true; break; }
                double l1 = 0;
                for (int p = 0; p < t; p++)
                    if (d[p] != 0) l1 += Math.Abs(xb[p] + alpha * d[p]) - Math.Abs(xb[p]);
                double change = loss - loss0 + ridge * (alpha * xd + 0.5 * alpha * alpha * dd) + lambda * l1;
                if (change <= ArmijoSigma * alpha * predicted) { accepted = true; break; }
            }
            if (!accepted) return;
        }
        for (int p = 0; p < t; p++)
            if (d[p] != 0) x[block[p]] = alpha == 1 ? xb[p] + d[p] : xb[p] + alpha * d[p];
        _f.Move(_ad, alpha, loss);
    }

    /// <summary>The model's diagonal (A^T D A)_jj + ridge, plus nu = 1e-12 (as in newGLMNET) so that an all-zero column stays strictly convex.</summary>
    private double Diagonal(int j, double ridge)
    {
        var rows = _a.RowIndices(j);
        var values = _a.Values(j);
        double h = 0;
        for (int k = 0; k < rows.Length; k++) h += _curvature[rows[k]] * values[k] * values[k];
        return h + ridge + 1e-12;
    }

    /// <summary>Gradient of the model at coordinate p: g_p + (A_b^T D A_b d)_p + ridge d_p.</summary>
    private double ModelGradient(int j, int p, double gp, double ridge)
    {
        var rows = _a.RowIndices(j);
        var values = _a.Values(j);
        double s = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            int i = rows[k];
            s += values[k] * _curvature[i] * _ad[i];
        }
        return gp + s + ridge * _d[p];
    }

    private void CoordinateDescent(ReadOnlySpan<int> block, ReadOnlySpan<double> g, ReadOnlySpan<double> xb, double ridge, double lambda,
        double tolerance, Random rng)
    {
        int t = block.Length;
        // working set: non-zero coordinates and those whose gradient violates the optimality of x_j = 0
        int size = 0;
        for (int p = 0; p < t; p++)
            if (xb[p] != 0 || Math.Abs(g[p]) > lambda) _working[size++] = p;
        InnerIterations = 0;
        if (size == 0) return;
        if (size <= DenseLimit)
        {
            DenseCoordinateDescent(block, g, xb, ridge, lambda, tolerance, size);
            return;
        }
        for (int s = 0; s < size; s++) _hdiag[_working[s]] = Diagonal(block[_working[s]], ridge);
        int active = size;
        double m = Math.Max(1, _a.RowCount);
        double previousMax = double.PositiveInfinity;
        for (int sweep = 0; sweep < MaxInnerSweeps; sweep++)
        {
            InnerIterations++;
            var order = _working.AsSpan(0, active);
            rng.Shuffle(order);
            double maxViolation = 0;
            for (int s = 0; s < active; s++)
            {
                int p = _working[s];
                int j = block[p];
                double gm = ModelGradient(j, p, g[p], ridge);
                double w = xb[p] + _d[p];
                // inner shrinking: a zero coordinate well inside |gm| < lambda leaves the sweep (restored before stopping)
                if (w == 0 && Math.Abs(gm) < lambda - previousMax / m)
                {
                    active--;
                    (_working[s], _working[active]) = (_working[active], _working[s]);
                    s--;
                    continue;
                }
                maxViolation = Math.Max(maxViolation, Math.Abs(BcdSolver.Subgradient(w, gm, lambda)));
                double h = _hdiag[p];
                double delta = SmallDense.SoftThreshold(w - gm / h, lambda / h) - w;
                if (delta == 0) continue;
                _d[p] += delta;
                _a.AddColumn(j, delta, _ad);
            }
            if (maxViolation <= tolerance)
            {
                if (active == size) break;
                active = size;   // converged on the shrunk set: one more sweep over the whole working set
                previousMax = double.PositiveInfinity;
                continue;
            }
            previousMax = maxViolation;
        }
    }

    /// <summary>
    /// Small working sets (at most <see cref="DenseLimit"/> coordinates): the model's Hessian on the working set W,
    /// H = A_W^T D A_W + ridge I, is formed once (|W|^2/2 column products, about |W|/4 matrix-free sweeps), then
    /// coordinate descent sweeps cost |W|^2 and, whenever a sweep leaves the support and signs of w = x + d unchanged,
    /// a subspace Newton step solves the model on that orthant face exactly (H_SS delta = -(q_S + lambda sign(w_S)),
    /// q the model gradient, by Cholesky), cut back to the first sign change; the model's restriction to the face is a
    /// convex quadratic, so the step decreases it. Ill-conditioned Hessians (correlated features), where plain
    /// coordinate descent needs hundreds of sweeps, are solved in a few.
    /// </summary>
    private void DenseCoordinateDescent(ReadOnlySpan<int> block, ReadOnlySpan<double> g, ReadOnlySpan<double> xb, double ridge, double lambda,
        double tolerance, int size)
    {
        int s = size;
        _dense ??= new double[DenseLimit * DenseLimit];
        _denseFactor ??= new double[DenseLimit * DenseLimit];
        _columns ??= new int[DenseLimit];
        var h = _dense.AsSpan(0, s * s);
        var cols = _columns.AsSpan(0, s);
        for (int k = 0; k < s; k++) cols[k] = block[_working[k]];
        _a.WeightedGram(cols, _curvature, h);
        Span<double> w = stackalloc double[s];
        Span<double> q = stackalloc double[s];
        Span<double> step = stackalloc double[s];
        Span<int> support = stackalloc int[s];
        for (int k = 0; k < s; k++)
        {
            h[k * s + k] += ridge + 1e-12;
            w[k] = xb[_working[k]];
            q[k] = g[_working[k]];
        }
        const int maxSweeps = 200;
        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            InnerIterations++;
            double maxViolation = 0;
            bool supportChanged = false;
            for (int k = 0; k < s; k++)
            {
                double before = w[k];
                maxViolation = Math.Max(maxViolation, Math.Abs(BcdSolver.Subgradient(before, q[k], lambda)));
                double hkk = h[k * s + k];
                double delta = SmallDense.SoftThreshold(before - q[k] / hkk, lambda / hkk) - before;
                if (delta == 0) continue;
                w[k] = before + delta;
                if (Math.Sign(w[k]) != Math.Sign(before)) supportChanged = true;
                for (int e = 0; e < s; e++) q[e] += h[e * s + k] * delta;
            }
            if (maxViolation <= tolerance) break;
            if (supportChanged) continue;
            // subspace Newton step on the current orthant face
            int f = 0;
            for (int k = 0; k < s; k++)
                if (w[k] != 0) support[f++] = k;
            if (f == 0) continue;
            var hs = _denseFactor.AsSpan(0, f * f);
            for (int a = 0; a < f; a++)
                for (int b = 0; b < f; b++) hs[a * f + b] = h[support[a] * s + support[b]];
            var factor = (_denseFactorScratch ??= new double[DenseLimit * DenseLimit]).AsSpan(0, f * f);
            SmallDense.RegularisedCholesky(hs, f, factor);
            var newton = step[..f];
            for (int a = 0; a < f; a++)
            {
                int k = support[a];
                newton[a] = -(q[k] + lambda * Math.Sign(w[k]));
            }
            SmallDense.CholeskySolve(factor, f, newton);
            double theta = 1;
            int blocking = -1;
            for (int a = 0; a < f; a++)
            {
                double wk = w[support[a]];
                if (wk + newton[a] == 0 || Math.Sign(wk + newton[a]) != Math.Sign(wk))
                {
                    double reach = -wk / newton[a];
                    if (reach < theta) { theta = reach; blocking = a; }
                }
            }
            for (int a = 0; a < f; a++)
            {
                int k = support[a];
                double change = a == blocking ? -w[k] : theta * newton[a];
                if (change == 0) continue;
                w[k] = a == blocking ? 0 : w[k] + change;
                for (int e = 0; e < s; e++) q[e] += h[e * s + k] * change;
            }
        }
        for (int k = 0; k < s; k++)
        {
            int p = _working[k];
            double dp = w[k] - xb[p];
            _d[p] = dp;
            if (dp != 0) _a.AddColumn(block[p], dp, _ad);
        }
    }

    /// <summary>
    /// lambda = 0: (A_b^T D A_b + ridge I) d = -g_b by conjugate gradients, keeping A_b d in _ad. Unpreconditioned:
    /// Jacobi scaling made it slower on the badly scaled data set A (1000 x 2000, ridge 1: 3311 iterations against 226
    /// to a 1e-13 relative gradient with SciPy's CG), where the few large eigenvalues of the unscaled matrix are
    /// outliers that CG removes in one iteration each while diagonal scaling spreads the ridge part of the spectrum.
    /// </summary>
    private void ConjugateGradients(ReadOnlySpan<int> block, ReadOnlySpan<double> g, double ridge, double tolerance)
    {
        int t = block.Length;
        var d = _d.AsSpan(0, t);
        var r = _r.AsSpan(0, t);
        var p = _p.AsSpan(0, t);
        var q = _q.AsSpan(0, t);
        double rr = 0, norm = 0;
        for (int k = 0; k < t; k++)
        {
            r[k] = -g[k];
            p[k] = r[k];
            rr += r[k] * r[k];
            norm = Math.Max(norm, Math.Abs(r[k]));
        }
        InnerIterations = 0;
        int limit = 10 * t + 100;
        while (norm > tolerance && InnerIterations < limit && rr > 0)
        {
            InnerIterations++;
            if (t == _a.ColumnCount) _a.GramProductByRows(p, _curvature, _u, q);   // the whole set (block = 0..n-1): one pass over the rows
            else
            {
                Array.Clear(_u);
                for (int k = 0; k < t; k++)
                    if (p[k] != 0) _a.AddColumn(block[k], p[k], _u);
                for (int k = 0; k < t; k++)
                {
                    int j = block[k];
                    var rows = _a.RowIndices(j);
                    var values = _a.Values(j);
                    double s = 0;
                    for (int e = 0; e < rows.Length; e++)
                    {
                        int i = rows[e];
                        s += values[e] * _curvature[i] * _u[i];
                    }
                    q[k] = s;
                }
            }
            double pq = 0;
            for (int k = 0; k < t; k++)
            {
                q[k] += ridge * p[k];
                pq += p[k] * q[k];
            }
            if (!(pq > 0)) break;
            double step = rr / pq;
            double rrNext = 0;
            norm = 0;
            for (int k = 0; k < t; k++)
            {
                d[k] += step * p[k];
                r[k] -= step * q[k];
                rrNext += r[k] * r[k];
                norm = Math.Max(norm, Math.Abs(r[k]));
            }
            for (int i = 0; i < _u.Length; i++) _ad[i] += step * _u[i];
            double beta = rrNext / rr;
            rr = rrNext;
            for (int k = 0; k < t; k++) p[k] = r[k] + beta * p[k];
        }
    }
}
