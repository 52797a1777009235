using System.Runtime.CompilerServices;
using Solvers.Linear.Kernels;
using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Linear.Krylov;

/// <summary>
/// Restarted GMRES(m) of Saad and Schultz (1986) with right preconditioning (Saad, Iterative Methods for
/// Sparse Linear Systems, 2nd ed., Algorithm 9.5): the Arnoldi basis spans A M^-1 and the least-squares
/// residual it minimises is the true, unpreconditioned ||b - A x||. Modified Gram-Schmidt, Givens rotations.
/// </summary>
public static class Gmres
{
    /// <summary>
    /// Solves A x = b. <paramref name="x"/> holds the initial guess on entry and the solution on return
    /// (GMRES's residual never increases, so the last iterate is the best).
    /// </summary>
    /// <param name="a">Square operator, any (non-singular) matrix.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="preconditioner">Right preconditioner M, or null.</param>
    /// <param name="options">Tolerances, restart length and reporting; defaults when null.</param>
    /// <exception cref="ArgumentException">Dimensions disagree or b or x holds a NaN/Inf.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the loop is hot from its first call; skip tier 0
    public static SolveResult Solve(ILinearOperator a, ReadOnlySpan<double> b, Span<double> x,
        IPreconditioner? preconditioner = null, GmresOptions? options = null)
    {
        options ??= new GmresOptions();
        options.Validate();
        if (options.Restart < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Restart, "GMRES restart length must be at least 1.");
        InputChecks.SquareSystem(a, b, x);
        preconditioner = InputChecks.EffectivePreconditioner(a, preconditioner);

        int n = b.Length;
        int m = Math.Min(options.Restart, Math.Max(n, 1));
        int threads = options.Threads;
        string method = preconditioner is null ? $"gmres({m})" : $"gmres({m}, {preconditioner.Name})";
        var tracker = new IterationTracker(options, Blas1.Norm2(b));

        // Basis v_0..v_m, then z and r, in one rented block (see Workspace); every vector is written before it is read.
        var block = Workspace.Rent((m + 3) * n);
        var basis = new ArraySegment<double>[m + 1];
        for (int i = 0; i <= m; i++) basis[i] = new ArraySegment<double>(block, i * n, n);
        var h = new double[m + 1, m];
        var cs = new double[m];
        var sn = new double[m];
        var g = new double[m + 1];
        var y = new double[m];
        var z = new ArraySegment<double>(block, (m + 1) * n, n);
        var r = new ArraySegment<double>(block, (m + 2) * n, n);

        double beta = InputChecks.Residual(a, b, x, r, threads);
        double initial = beta;
        var status = tracker.Check(0, beta);
        int iteration = 0;
        while (status == SolveStatus.Iterating)
        {
            double cycleStart = beta;
            basis[0].AsSpan().Clear();
            Blas1.Axpy(1.0 / beta, r, basis[0]);
            Array.Clear(g);
            g[0] = beta;
            int j = 0;
            bool happy = false;
            while (j < m)
            {
                iteration++;
                var w = basis[j + 1];
                if (preconditioner is null) InputChecks.Apply(a, basis[j], w, threads);
                else
                {
                    preconditioner.Apply(basis[j], z);
                    InputChecks.Apply(a, z, w, threads);
                }
                double projected = 0;
                for (int i = 0; i <= j; i++)
                {
                    double hij = Blas1.Dot(w, basis[i]);
                    h[i, j] = hij;
                    projected += hij * hij;
                    Blas1.Axpy(-hij, basis[i], w);
                }
                double hNext = Blas1.Norm2(w);
                h[j + 1, j] = hNext;
                if (!double.IsFinite(hNext)) { status = SolveStatus.NaNOrInfinity; break; }
                // Invariant subspace: what is left after orthogonalisation is rounding relative to ||A M^-1 v_j||.
                happy = hNext <= 1e-14 * Math.Sqrt(projected + hNext * hNext);
                if (!happy) Blas1.Scale(1.0 / hNext, w);

                for (int i = 0; i < j; i++) Rotate(ref h[i, j], ref h[i + 1, j], cs[i], sn[i]);
                (cs[j], sn[j]) = Givens(h[j, j], h[j + 1, j]);
                Rotate(ref h[j, j], ref h[j + 1, j], cs[j], sn[j]);
                Rotate(ref g[j], ref g[j + 1], cs[j], sn[j]);
                j++;
                status = tracker.Check(iteration, Math.Abs(g[j]));
                if (happy || status != SolveStatus.Iterating) break;
            }
            if (status == SolveStatus.NaNOrInfinity) break;

            // x += M^-1 V y with H y = g (upper triangular, j x j).
            for (int i = j - 1; i >= 0; i--)
            {
                double s = g[i];
                for (int k = i + 1; k < j; k++) s -= h[i, k] * y[k];
                y[i] = h[i, i] == 0 ? 0 : s / h[i, i];
            }
            r.AsSpan().Clear();
            for (int i = 0; i < j; i++) Blas1.Axpy(y[i], basis[i], r);
            if (preconditioner is null) Blas1.Axpy(1.0, r, x);
            else
            {
                preconditioner.Apply(r, z);
                Blas1.Axpy(1.0, z, x);
            }

            beta = InputChecks.Residual(a, b, x, r, threads);
            if (!double.IsFinite(beta)) { status = SolveStatus.NaNOrInfinity; break; }
            if (beta <= tracker.Threshold)
            {
                status = happy && !status.IsConverged() ? SolveStatus.HappyBreakdown : tracker.Converged(beta);
                break;
            }
            if (status.IsConverged() || happy)
            {
                // The least-squares estimate claimed convergence but the true residual disagrees: restart from it.
                status = iteration >= options.MaxIterations ? SolveStatus.MaxIterations : SolveStatus.Iterating;
                // An invariant Krylov space that left the residual where this cycle started: A (M^-1) is singular on
                // it and every further cycle would repeat this one, so stop rather than run to MaxIterations.
                if (happy && status == SolveStatus.Iterating && beta >= 0.999 * cycleStart)
                    status = SolveStatus.Breakdown;
            }
        }
        // A converged status comes from the initial residual or from beta <= threshold, both ||b - A x|| recomputed.
        string? remark = IterationTracker.KrylovRemark(status, preconditioner?.Remark);
        var result = tracker.FinishWithTrueResidual(a, b, x, r, null, method, status, iteration, initial, remark, beta);
        Workspace.Return(block);
        return result;
    }

    private static (double c, double s) Givens(double a, double b)
    {
        if (b == 0) return (1, 0);
        double t = Math.Sqrt(a * a + b * b);
        if (!double.IsFinite(t)) t = Math.Abs(a) * Math.Sqrt(1 + (b / a) * (b / a));
        return (a / t, b / t);
    }

    private static void Rotate(ref double a, ref double b, double c, double s)
    {
        double t = c * a + s * b;
        b = -s * a + c * b;
        a = t;
    }
}
