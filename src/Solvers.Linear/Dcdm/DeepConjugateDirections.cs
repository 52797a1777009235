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
/// direction. Stops on the true residual ||b - A x||, recomputed every iteration. Every step lowers the A-norm of the
/// error, so the last iterate is also the best one in that norm; it is what a solve that stops early returns.
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
        var proposals = new MultilevelProposals(model.Network, layout, options.CoarseLevels, options.Threads);
        var order = LevelOrder(options.CoarseOrder, proposals.Count);
        bool fromStart = options.CoarseOrder == CoarseOrder.Additive;
        int n = a.RowCount, s = (int)Math.Min(options.Directions, (options.MaxIterations + 1L) * order.Length);
        var tracker = new IterationTracker(options, Blas1.Norm2(b));
        var r = new double[n];
        var candidates = Enumerable.Range(0, proposals.Count).Select(_ => new double[n]).ToArray();
        var aq = new double[n];
        var p = new double[s][];
        var ap = new double[s][];
        var pap = new double[s];
        int stored = 0, next = 0, fallbacks = 0;
        var networkClock = new Stopwatch();

        double rNorm = InputChecks.Residual(a, b, x, r, options.Threads);
        double initial = rNorm;
        var status = tracker.Check(0, rNorm);
        int iteration = 0;
        while (status == SolveStatus.Iterating)
        {
            iteration++;
            if (fromStart)
            {
                networkClock.Start();
                for (int level = 0; level < proposals.Count; level++) proposals.Propose(level, r, rNorm, candidates[level]);
                networkClock.Stop();
            }
            for (int step = 0; step < order.Length; step++)
            {
                int level = order[step];
                var q = candidates[level];
                if (!fromStart)
                {
                    // r already carries the previous steps' line searches, so this level only sees the error they left.
                    networkClock.Start();
                    proposals.Propose(level, r, step == 0 ? rNorm : Blas1.Norm2(r), q);
                    networkClock.Stop();
                }
                double qAq = Orthogonalise(a, q, aq, p, ap, pap, stored, options.Threads);
                if (!(qAq > 0) || !Blas1.AllFinite(q))
                {
                    if (level > 0) continue; // a coarse proposal with nothing new in it is simply dropped
                    // The network's proposal lies in the span of the kept directions (or is broken): take the steepest
                    // descent direction instead, which is never A-conjugate-degenerate while r != 0.
                    fallbacks++;
                    r.CopyTo(q);
                    qAq = Orthogonalise(a, q, aq, p, ap, pap, stored, options.Threads);
                    if (!(qAq > 0)) { status = double.IsFinite(qAq) ? SolveStatus.Breakdown : SolveStatus.NaNOrInfinity; break; }
                }
                // Exact line search along q; the residual follows recursively so the next proposal's step is exact too.
                double alpha = Blas1.Dot(q, r) / qAq;
                Blas1.Axpy(alpha, q, x);
                Blas1.Axpy(-alpha, aq, r);
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
            }
            if (status != SolveStatus.Iterating) break;
            rNorm = InputChecks.Residual(a, b, x, r, options.Threads);
            status = tracker.Check(iteration, rNorm);
        }

        string remark = $"network {networkClock.Elapsed.TotalSeconds:F3} s" + (fallbacks > 0 ? $", {fallbacks} steepest-descent fallbacks" : "");
        string name = options.CoarseLevels == 0 ? $"dcdm(s={options.Directions})"
            : fromStart ? $"dcdm(s={options.Directions}, coarse={proposals.Count - 1})"
            : $"dcdm(s={options.Directions}, coarse={proposals.Count - 1}, {options.CoarseOrder})";
        return tracker.FinishWithTrueResidual(a, b, x, r, null, name, status, iteration, initial, remark);
    }

    /// <summary>The levels one iteration proposes from, in order (level 0 is the problem's grid).</summary>
    private static int[] LevelOrder(CoarseOrder order, int levels) => order switch
    {
        CoarseOrder.CoarseToFine => Enumerable.Range(0, levels).Reverse().ToArray(),
        CoarseOrder.Symmetric => Enumerable.Range(0, levels).Concat(Enumerable.Range(0, levels - 1).Reverse()).ToArray(),
        _ => Enumerable.Range(0, levels).ToArray(),
    };

    /// <summary>
    /// q -= sum_j (q^T A p_j / p_j^T A p_j) p_j over the kept directions, then aq = A q; returns q^T A q, or 0 when q
    /// had (to rounding) nothing outside their span. With more than two kept directions the projection runs twice
    /// (classical Gram-Schmidt, "twice is enough"): one pass loses A-orthogonality over hundreds of directions, and
    /// then exact line searches stop adding up to a minimisation over the whole span.
    /// </summary>
    private static double Orthogonalise(CsrMatrix a, double[] q, double[] aq, double[][] p, double[][] ap, double[] pap, int stored, int threads)
    {
        double before = Blas1.Norm2(q);
        for (int pass = 0; pass < (stored > 2 ? 2 : 1); pass++)
            for (int j = 0; j < stored; j++) Blas1.Axpy(-Blas1.Dot(q, ap[j]) / pap[j], p[j], q);
        if (stored > 0 && !(Blas1.Norm2(q) > 1e-10 * before)) return 0;
        InputChecks.Apply(a, q, aq, threads);
        return Blas1.Dot(q, aq);
    }
}
