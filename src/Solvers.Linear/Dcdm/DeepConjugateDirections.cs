using System.Diagnostics;
using Solvers.Linear.Dcdm.Network;
using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Dcdm;

/// <summary>
/// The deep conjugate direction method (Kaneda et al., ICML 2023): each search direction is a trained network's
/// approximation of A^-1 r, A-orthogonalised against the last s directions, followed by an exact line search in the
/// A-norm. The network is nonlinear, so this is not PCG, but every step still minimises the A-norm error along its
/// direction. Stops on the true residual ||b - A x||, recomputed every iteration.
/// </summary>
public static class DeepConjugateDirections
{
    /// <summary>
    /// Solves A x = b for an SPD matrix whose unknowns live on <paramref name="layout"/>'s grid.
    /// <paramref name="x"/> holds the initial guess on entry and the solution (or best iterate) on return.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix and the grid layout disagree in size, b or x has a NaN/Inf, or the
    /// matrix is not symmetric with a positive diagonal (when <see cref="SolverOptions.CheckInput"/>).</exception>
    public static SolveResult Solve(CsrMatrix a, GridLayout layout, DcdmModel model, ReadOnlySpan<double> b, Span<double> x,
        DcdmOptions? options = null)
    {
        options ??= new DcdmOptions();
        options.ValidateAll();
        InputChecks.SquareSystem(a, b, x);
        if (layout.UnknownCount != a.RowCount)
            throw new ArgumentException(
                $"The DCDM model needs the matrix's unknowns on a grid: the matrix has {a.RowCount} rows, the {layout.Height} x {layout.Width} grid layout {layout.UnknownCount} unknowns.");
        if (options.CheckInput) InputChecks.SymmetricPositiveDiagonal(a, "DCDM");

        // Keeping more directions than there can be iterations is the same as keeping them all.
        int n = a.RowCount, s = (int)Math.Min(options.Directions, options.MaxIterations + 1L);
        var direction = new NetworkDirection(model.Network, layout, options.Threads);
        var tracker = new IterationTracker(options, Blas1.Norm2(b));
        var r = new double[n];
        var q = new double[n];
        var aq = new double[n];
        var p = new double[s][];
        var ap = new double[s][];
        var pap = new double[s];
        int stored = 0, next = 0, fallbacks = 0;
        var networkClock = new Stopwatch();

        double rNorm = InputChecks.Residual(a, b, x, r, options.Threads);
        double initial = rNorm;
        var best = new BestIterate();
        best.Observe(rNorm, x, 0, default);
        var status = tracker.Check(0, rNorm);
        int iteration = 0;
        while (status == SolveStatus.Iterating)
        {
            iteration++;
            networkClock.Start();
            direction.Apply(r, direction.InputScale(rNorm), q);
            networkClock.Stop();
            double qAq = Orthogonalise(a, q, aq, p, ap, pap, stored, options.Threads);
            if (!(qAq > 0) || !Blas1.AllFinite(q))
            {
                // The network's proposal lies in the span of the kept directions (or is broken): take the steepest
                // descent direction instead, which is never A-conjugate-degenerate while r != 0.
                fallbacks++;
                r.CopyTo(q);
                qAq = Orthogonalise(a, q, aq, p, ap, pap, stored, options.Threads);
                if (!(qAq > 0)) { status = double.IsFinite(qAq) ? SolveStatus.Breakdown : SolveStatus.NaNOrInfinity; break; }
            }
            double alpha = Blas1.Dot(q, r) / qAq;
            Blas1.Axpy(alpha, q, x);
            rNorm = InputChecks.Residual(a, b, x, r, options.Threads);
            best.Observe(rNorm, x, alpha, q);
            if (s > 0)
            {
                p[next] ??= new double[n];
                ap[next] ??= new double[n];
                q.CopyTo(p[next]);
                aq.CopyTo(ap[next]);
                pap[next] = qAq;
                next = (next + 1) % s;
                stored = Math.Min(stored + 1, s);
            }
            status = tracker.Check(iteration, rNorm);
        }

        string remark = $"network {networkClock.Elapsed.TotalSeconds:F3} s" + (fallbacks > 0 ? $", {fallbacks} steepest-descent fallbacks" : "");
        return tracker.FinishWithTrueResidual(a, b, x, r, best, $"dcdm(s={options.Directions})", status, iteration, initial, remark);
    }

    /// <summary>q -= sum_j (q^T A p_j / p_j^T A p_j) p_j over the kept directions, then aq = A q; returns q^T A q.</summary>
    private static double Orthogonalise(CsrMatrix a, double[] q, double[] aq, double[][] p, double[][] ap, double[] pap, int stored, int threads)
    {
        for (int j = 0; j < stored; j++) Blas1.Axpy(-Blas1.Dot(q, ap[j]) / pap[j], p[j], q);
        InputChecks.Apply(a, q, aq, threads);
        return Blas1.Dot(q, aq);
    }
}
