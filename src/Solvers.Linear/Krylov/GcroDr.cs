using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Solvers.Linear.Kernels;
using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Linear.Krylov;

/// <summary>
/// GCRO-DR(m, k): restarted GMRES that deflates with a recycled subspace of k harmonic Ritz vectors and carries it
/// from one linear system to the next (Parks, de Sturler, Mackey, Johnson and Maiti, "Recycling Krylov subspaces
/// for sequences of linear systems", SIAM J. Sci. Comput. 28(5), 2006). Right preconditioning: the method works on
/// A M^-1, so the residual it minimises is the true ||b - A x||.
/// </summary>
/// <remarks>
/// The instance is stateful: create one per sequence and call <see cref="Solve"/> for each system. The recycle space
/// U (with C = A M^-1 U orthonormal) survives between calls; when the matrix or preconditioner changed, C is rebuilt
/// from U by k products and a QR factorisation. With k = 0 every cycle is a GMRES(m) cycle.
/// Iterations count Arnoldi steps (one product with A M^-1 each); <see cref="LastOperatorApplications"/> adds the
/// products spent rebuilding C and recomputing residuals.
/// </remarks>
public sealed class GcroDr
{
    private readonly int _m;
    private readonly int _k;
    private double[][] _u = [];
    private double[][] _c = [];
    private int _dimension = -1;
    private double[][] _basis = [];
    private double[] _work = [];
    private double[] _work2 = [];
    private double[] _coefficients = [];
    private readonly Stack<double[]> _pool = new();

    /// <summary>Creates a solver with Krylov dimension <paramref name="m"/> per cycle and recycle dimension <paramref name="k"/>.</summary>
    /// <param name="m">Vectors per cycle, recycled ones included (default 40, as the SKR paper's PETSc runs).</param>
    /// <param name="k">Recycled harmonic Ritz vectors (default 20); 0 gives GMRES(m).</param>
    public GcroDr(int m = 40, int k = 20)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, "GCRO-DR needs m >= 1.");
        if (k < 0 || k >= m) throw new ArgumentOutOfRangeException(nameof(k), k, $"GCRO-DR needs 0 <= k < m = {m}.");
        _m = m;
        _k = k;
    }

    /// <summary>Vectors per cycle (m).</summary>
    public int CycleLength => _m;

    /// <summary>Target recycle dimension (k).</summary>
    public int RecycleTarget => _k;

    /// <summary>Current dimension of the recycle space (0 before the first solve).</summary>
    public int RecycleDimension => _u.Length;

    /// <summary>Products with A M^-1 of the last solve: Arnoldi steps plus recycle-space rebuilds and residual checks.</summary>
    public int LastOperatorApplications { get; private set; }

    /// <summary>Forgets the recycle space.</summary>
    public void ResetRecycleSpace()
    {
        _u = [];
        _c = [];
    }

    /// <summary>
    /// Solves A x = b, recycling the subspace kept from earlier solves and updating it. <paramref name="x"/> is the
    /// initial guess in, the solution out.
    /// </summary>
    /// <param name="a">The matrix of this system.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="preconditioner">Right preconditioner, or null.</param>
    /// <param name="options">Tolerances, limits, reporting.</param>
    /// <param name="operatorUnchanged">True when A and M are the ones of the previous call, so C = A M^-1 U is still valid.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SolveResult Solve(ILinearOperator a, ReadOnlySpan<double> b, Span<double> x, IPreconditioner? preconditioner = null,
        SolverOptions? options = null, bool operatorUnchanged = false)
    {
        options ??= SolverOptions.Default;
        options.Validate();
        InputChecks.SquareSystem(a, b, x);
        preconditioner = InputChecks.EffectivePreconditioner(a, preconditioner);
        int n = b.Length;
        EnsureWorkspace(n);
        var op = new PreconditionedOperator(a, preconditioner, options.Threads, _work2);
        string method = preconditioner is null ? $"gcrodr({_m},{_k})" : $"gcrodr({_m},{_k}, {preconditioner.Name})";
        var tracker = new IterationTracker(options, Blas1.Norm2(b));
        LastOperatorApplications = 0;

        var r = new double[n];
        double beta = InputChecks.Residual(a, b, x, r, options.Threads);
        double initial = beta;
        var status = tracker.Check(0, beta);
        int iteration = 0;

        if (_u.Length > 0 && status == SolveStatus.Iterating)
        {
            if (!operatorUnchanged || _c.Length != _u.Length) RebuildC(op);
            // Project out the recycled directions: x += M^-1 U C^T r, r -= C C^T r.
            var y = _coefficients.AsSpan(0, _c.Length);
            BlockKernels.Dots(_c, _c.Length, r, y);
            BlockKernels.SubtractCombination(_c, _c.Length, y, r);
            Array.Clear(_work);
            for (int i = 0; i < y.Length; i++) Blas1.Axpy(y[i], _u[i], _work);
            op.AddSolutionUpdate(_work, x);
            beta = Blas1.Norm2(r);
            if (status == SolveStatus.Iterating && beta <= tracker.Threshold)
            {
                beta = InputChecks.Residual(a, b, x, r, options.Threads);
                LastOperatorApplications++;
                if (beta <= tracker.Threshold) status = tracker.Converged(beta);
            }
        }

        int stalledCycles = 0;
        while (status == SolveStatus.Iterating)
        {
            double cycleStart = beta;
            status = Cycle(op, r, beta, x, tracker, ref iteration, out bool invariant);
            if (status == SolveStatus.NaNOrInfinity) break;
            beta = InputChecks.Residual(a, b, x, r, options.Threads);
            LastOperatorApplications++;
            if (!double.IsFinite(beta)) { status = SolveStatus.NaNOrInfinity; break; }
            if (beta <= tracker.Threshold) { status = tracker.Converged(beta); break; }
            if (status.IsConverged()) status = iteration >= options.MaxIterations ? SolveStatus.MaxIterations : SolveStatus.Iterating;
            // An invariant search space that left the residual where the cycle started: the operator is singular on it.
            // The next cycle starts from the same residual (with a possibly updated recycle space), so allow one more.
            stalledCycles = invariant && beta >= 0.999 * cycleStart ? stalledCycles + 1 : 0;
            if (status == SolveStatus.Iterating && stalledCycles >= 2) status = SolveStatus.Breakdown;
        }
        LastOperatorApplications += iteration;
        string? remark = IterationTracker.KrylovRemark(status, preconditioner?.Remark);
        return tracker.FinishWithTrueResidual(a, b, x, r, null, method, status, iteration, initial, remark);
    }

    private void EnsureWorkspace(int n)
    {
        if (_dimension == n) return;
        _dimension = n;
        _basis = new double[_m + 1][];
        for (int i = 0; i <= _m; i++) _basis[i] = new double[n];
        _work = new double[n];
        _work2 = new double[n];
        _coefficients = new double[_m];
        _pool.Clear();
        ResetRecycleSpace();
    }

    /// <summary>C = A M^-1 U, then C = QR and U = U R^-1 so that C stays orthonormal with A M^-1 U = C.</summary>
    private void RebuildC(PreconditionedOperator op)
    {
        int k = _u.Length;
        var c = new double[k][];
        for (int i = 0; i < k; i++)
        {
            c[i] = Rent();
            op.Apply(_u[i], c[i]);
        }
        LastOperatorApplications += k;
        Return(_c);
        var (q, u) = Orthonormalise(c, _u);
        _c = q;
        _u = u;
    }

    /// <summary>
    /// The invariants of the recycle space, for tests: max |C^T C - I| and max_i ||A M^-1 u_i - c_i|| with the given
    /// operator (use the one of the last solve).
    /// </summary>
    internal (double Orthogonality, double Relation) RecycleDefects(ILinearOperator a, IPreconditioner? preconditioner)
    {
        int k = _c.Length;
        if (k == 0) return (0, 0);
        var gram = new double[k, k];
        BlockKernels.Gram(_c, k, _c, k, gram);
        double orthogonality = 0;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                orthogonality = Math.Max(orthogonality, Math.Abs(gram[i, j] - (i == j ? 1 : 0)));
        var op = new PreconditionedOperator(a, preconditioner, 1, new double[_dimension]);
        var y = new double[_dimension];
        double relation = 0;
        for (int i = 0; i < k; i++)
        {
            op.Apply(_u[i], y);
            Blas1.Axpy(-1, _c[i], y);
            relation = Math.Max(relation, Blas1.Norm2(y));
        }
        return (orthogonality, relation);
    }

    /// <summary>A length-n vector from the pool of retired recycle vectors (contents undefined).</summary>
    private double[] Rent() => _pool.Count > 0 ? _pool.Pop() : new double[_dimension];

    private void Return(double[][] vectors)
    {
        foreach (var v in vectors)
            if (v.Length == _dimension) _pool.Push(v);
    }

    /// <summary>
    /// Modified Gram-Schmidt QR of the columns <paramref name="c"/> = Q R, applying the same R^-1 to
    /// <paramref name="u"/>. Columns that turn out dependent are dropped from both.
    /// </summary>
    private static (double[][] Q, double[][] U) Orthonormalise(double[][] c, double[][] u)
    {
        var q = new List<double[]>();
        var uOut = new List<double[]>();
        for (int j = 0; j < c.Length; j++)
        {
            var cj = c[j];
            var uj = u[j];
            double original = Blas1.Norm2(cj);
            for (int i = 0; i < q.Count; i++)
            {
                double rij = Blas1.Dot(q[i], cj);
                Blas1.Axpy(-rij, q[i], cj);
                Blas1.Axpy(-rij, uOut[i], uj);
            }
            double rjj = Blas1.Norm2(cj);
            if (!(rjj > 1e-12 * original)) continue;
            Blas1.Scale(1 / rjj, cj);
            Blas1.Scale(1 / rjj, uj);
            q.Add(cj);
            uOut.Add(uj);
        }
        return (q.ToArray(), uOut.ToArray());
    }

    /// <summary>
    /// One cycle: s = m - kc Arnoldi steps on (I - C C^T) A M^-1 from r / beta, least squares over [U~ V] with the
    /// Hessenberg G = [[D, B], [0, H]] by Givens rotations, solution update, then the deflation space update.
    /// Returns Iterating, a converged status (on the least-squares estimate) or a failure.
    /// </summary>
    private SolveStatus Cycle(PreconditionedOperator op, double[] r, double beta, Span<double> x, IterationTracker tracker, ref int iteration,
        out bool invariant)
    {
        invariant = false;
        int kc = _c.Length;
        int s = _m - kc;
        var v = _basis;
        var d = new double[kc];
        for (int i = 0; i < kc; i++) d[i] = 1.0 / Blas1.Norm2(_u[i]);
        int cols = kc + s;
        var g = new double[cols + 1, cols];   // Hessenberg G, unrotated copy kept for the deflation update
        var rot = new double[cols + 1, cols]; // rotated in place for the least squares
        var cs = new double[cols];
        var sn = new double[cols];
        var rhs = new double[cols + 1];
        for (int i = 0; i < kc; i++) g[i, i] = rot[i, i] = d[i];

        Array.Clear(v[0]);
        Blas1.Axpy(1.0 / beta, r, v[0]);
        rhs[kc] = beta;
        var status = SolveStatus.Iterating;
        int j = 0;
        while (j < s)
        {
            iteration++;
            var w = v[j + 1];
            op.Apply(v[j], w);
            int col = kc + j;
            if (kc > 0)
            {
                // B column and w -= C C^T w by classical Gram-Schmidt in two block passes; C is orthonormal, so this
                // equals the modified Gram-Schmidt projection up to rounding while reading w once per pass.
                var bColumn = _coefficients.AsSpan(0, kc);
                BlockKernels.Dots(_c, kc, w, bColumn);
                BlockKernels.SubtractCombination(_c, kc, bColumn, w);
                for (int i = 0; i < kc; i++) g[i, col] = rot[i, col] = bColumn[i];
            }
            double projected = 0;
            for (int i = 0; i <= j; i++)
            {
                double hij = Blas1.Dot(w, v[i]);
                g[kc + i, col] = rot[kc + i, col] = hij;
                projected += hij * hij;
                Blas1.Axpy(-hij, v[i], w);
            }
            double hNext = Blas1.Norm2(w);
            g[kc + j + 1, col] = rot[kc + j + 1, col] = hNext;
            if (!double.IsFinite(hNext)) return SolveStatus.NaNOrInfinity;
            bool happy = hNext <= 1e-14 * Math.Sqrt(projected + hNext * hNext);
            if (!happy) Blas1.Scale(1.0 / hNext, w);

            for (int i = 0; i < j; i++) Rotate(ref rot[kc + i, col], ref rot[kc + i + 1, col], cs[i], sn[i]);
            (cs[j], sn[j]) = Givens(rot[kc + j, col], rot[kc + j + 1, col]);
            Rotate(ref rot[kc + j, col], ref rot[kc + j + 1, col], cs[j], sn[j]);
            Rotate(ref rhs[kc + j], ref rhs[kc + j + 1], cs[j], sn[j]);
            j++;
            status = tracker.Check(iteration, Math.Abs(rhs[kc + j]));
            invariant = happy;
            if (happy || status != SolveStatus.Iterating) break;
        }

        // Back substitution on the (kc + j) x (kc + j) upper triangle; rows 0..kc-1 have right-hand side 0.
        int size = kc + j;
        var y = new double[size];
        for (int i = size - 1; i >= 0; i--)
        {
            double t = rhs[i];
            for (int q = i + 1; q < size; q++) t -= rot[i, q] * y[q];
            y[i] = rot[i, i] == 0 ? 0 : t / rot[i, i];
        }
        Array.Clear(_work);
        for (int i = 0; i < kc; i++) Blas1.Axpy(y[i] * d[i], _u[i], _work);
        for (int i = 0; i < j; i++) Blas1.Axpy(y[kc + i], v[i], _work);
        op.AddSolutionUpdate(_work, x);

        if (_k > 0 && j > 0) UpdateRecycleSpace(g, kc, j, d);
        return status;
    }

    /// <summary>
    /// New U, C from the harmonic Ritz vectors of this cycle (Parks et al. eqs. 2.13 and 2.20); for the first cycle
    /// (no recycle space yet) those of the Arnoldi Hessenberg matrix, as in GMRES-DR.
    /// </summary>
    private void UpdateRecycleSpace(double[,] gFull, int kc, int j, double[] d)
    {
        int cols = kc + j;
        int target = Math.Min(_k, cols - 1);
        if (target < 1) return;
        var g = Matrix<double>.Build.Dense(cols + 1, cols, (row, col) => gFull[row, col]);
        Matrix<double> p;
        if (kc == 0)
        {
            // (H + h^2 H^-T e_j e_j^T) z = theta z with H the leading j x j block.
            var h = g.SubMatrix(0, j, 0, j);
            double hLast = g[j, j - 1];
            var shifted = h.Clone();
            if (hLast != 0)   // after an invariant-space breakdown the correction vanishes (and H may be singular)
            {
                var e = Vector<double>.Build.Dense(j);
                e[j - 1] = 1;
                var f = h.Transpose().Solve(e);
                for (int row = 0; row < j; row++) shifted[row, j - 1] += hLast * hLast * f[row];
            }
            p = HarmonicRitz.SmallestVectors(shifted, null, target);
        }
        else
        {
            // G^T G z = theta G^T W^T V z, with W = [C, V_(j+1)] and V^ = [U D, V_j].
            var wv = Matrix<double>.Build.Dense(cols + 1, cols);
            var cu = new double[kc, kc];
            var vu = new double[j + 1, kc];
            BlockKernels.Gram(_c, kc, _u, kc, cu);
            BlockKernels.Gram(_basis, j + 1, _u, kc, vu);
            for (int col = 0; col < kc; col++)
            {
                for (int row = 0; row < kc; row++) wv[row, col] = cu[row, col] * d[col];
                for (int row = 0; row <= j; row++) wv[kc + row, col] = vu[row, col] * d[col];
            }
            for (int i = 0; i < j; i++) wv[kc + i, kc + i] = 1;
            var gt = g.Transpose();
            p = HarmonicRitz.SmallestVectors(gt * g, gt * wv, target);
        }
        // No usable harmonic Ritz vectors (a singular small problem): keep the recycle space as it is. Recycling only
        // accelerates; the solve itself is unaffected.
        int kNew = p.ColumnCount;
        if (kNew == 0) return;

        // Y = V^ P, and with the small thin QR G P = Q R: C = W Q and U = Y R^-1 (Parks et al. eq. 2.20). W = [C, V]
        // has orthonormal columns, so C = W Q is orthonormal without touching length-n vectors again; only when
        // G P is numerically rank deficient is the fallback a modified Gram-Schmidt on (W G P, V^ P).
        var gp = g * p;
        var w = new double[cols + 1][];
        var vHat = new double[cols][];
        for (int i = 0; i <= cols; i++) w[i] = i < kc ? _c[i] : _basis[i - kc];
        for (int i = 0; i < cols; i++) vHat[i] = i < kc ? _u[i] : _basis[i - kc];
        var pScaled = Matrix<double>.Build.Dense(cols, kNew, (row, col) => p[row, col] * (row < kc ? d[row] : 1.0));
        var qr = gp.QR(QRMethod.Thin);
        double largest = 0, smallest = double.PositiveInfinity;
        for (int i = 0; i < kNew; i++)
        {
            double rii = Math.Abs(qr.R[i, i]);
            largest = Math.Max(largest, rii);
            smallest = Math.Min(smallest, rii);
        }
        bool fullRank = double.IsFinite(largest) && smallest > 1e-12 * largest;
        var cCoefficients = (fullRank ? qr.Q : gp).ToArray();
        var uCoefficients = (fullRank ? pScaled * qr.R.Inverse() : pScaled).ToArray();
        var newC = new double[kNew][];
        var newU = new double[kNew][];
        for (int col = 0; col < kNew; col++)
        {
            newC[col] = Rent();
            newU[col] = Rent();
        }
        BlockKernels.Combine(w, cols + 1, cCoefficients, newC);
        BlockKernels.Combine(vHat, cols, uCoefficients, newU);
        Return(_c);
        Return(_u);
        (_c, _u) = fullRank ? (newC, newU) : Orthonormalise(newC, newU);
    }

    private static (double c, double s) Givens(double a, double b)
    {
        if (b == 0) return (1, 0);
        double t = Math.Sqrt(a * a + b * b);
        return (a / t, b / t);
    }

    private static void Rotate(ref double a, ref double b, double c, double s)
    {
        double t = c * a + s * b;
        b = -s * a + c * b;
        a = t;
    }
}
