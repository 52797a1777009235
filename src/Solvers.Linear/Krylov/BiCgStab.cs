using System.Runtime.CompilerServices;
using Solvers.Linear.Kernels;
using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Linear.Krylov;

/// <summary>
/// BiCGStab of van der Vorst (1992) with right preconditioning (Saad, 2nd ed., Algorithm 7.7 with M applied
/// to p and s). One iteration costs two products with A and two with M^-1.
/// </summary>
public static class BiCgStab
{
    /// <summary>
    /// Solves A x = b. <paramref name="x"/> holds the initial guess on entry and the solution (or the best
    /// iterate, when not converged) on return. A breakdown (rho or omega vanishing) is a status, not an exception.
    /// </summary>
    /// <param name="a">Square operator.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="preconditioner">Right preconditioner M, or null.</param>
    /// <param name="options">Tolerances, limits and reporting; defaults when null.</param>
    /// <exception cref="ArgumentException">Dimensions disagree or b or x holds a NaN/Inf.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the loop is hot from its first call; skip tier 0
    public static SolveResult Solve(ILinearOperator a, ReadOnlySpan<double> b, Span<double> x,
        IPreconditioner? preconditioner = null, SolverOptions? options = null)
    {
        options ??= SolverOptions.Default;
        options.Validate();
        InputChecks.SquareSystem(a, b, x);
        preconditioner = InputChecks.EffectivePreconditioner(a, preconditioner);
        int n = b.Length;
        int threads = options.Threads;
        string method = preconditioner is null ? "bicgstab" : $"bicgstab({preconditioner.Name})";
        var tracker = new IterationTracker(options, Blas1.Norm2(b));

        // The work vectors in one rented block (see Workspace); each is written before it is read.
        var block = Workspace.Rent((preconditioner is null ? 6 : 8) * n);
        var r = block.AsSpan(0, n);
        var rHat = block.AsSpan(n, n);
        var p = block.AsSpan(2 * n, n);
        var v = block.AsSpan(3 * n, n);
        var s = block.AsSpan(4 * n, n);
        var t = block.AsSpan(5 * n, n);
        var pHat = preconditioner is null ? p : block.AsSpan(6 * n, n);
        var sHat = preconditioner is null ? s : block.AsSpan(7 * n, n);

        double rNorm = InputChecks.Residual(a, b, x, r, threads);
        double initial = rNorm;
        r.CopyTo(rHat);
        var status = tracker.Check(0, rNorm);
        var best = new BestIterate();
        best.Observe(rNorm, x, 0, default);
        double rho = 1, alpha = 1, omega = 1;
        int iteration = 0;
        double tiny = 1e-300;
        bool restart = true;
        while (status == SolveStatus.Iterating)
        {
            iteration++;
            double rhoNew = Blas1.Dot(rHat, r);
            if (!double.IsFinite(rhoNew)) { status = SolveStatus.NaNOrInfinity; break; }
            if (Math.Abs(rhoNew) <= tiny) { status = SolveStatus.Breakdown; break; }
            if (restart)
            {
                r.CopyTo(p);
                restart = false;
            }
            else
            {
                double beta = rhoNew / rho * (alpha / omega);
                // p = r + beta (p - omega v)
                Blas1.Axpy(-omega, v, p);
                Blas1.Xpby(r, beta, p);
            }
            preconditioner?.Apply(p, pHat);
            InputChecks.Apply(a, pHat, v, threads);
            double rHatV = Blas1.Dot(rHat, v);
            if (!double.IsFinite(rHatV)) { status = SolveStatus.NaNOrInfinity; break; }
            if (Math.Abs(rHatV) <= tiny) { status = SolveStatus.Breakdown; break; }
            alpha = rhoNew / rHatV;
            r.CopyTo(s);
            Blas1.Axpy(-alpha, v, s);
            double sNorm = Blas1.Norm2(s);
            if (sNorm <= tracker.Threshold)
            {
                Blas1.Axpy(alpha, pHat, x);
                s.CopyTo(r);
                rNorm = sNorm;
                best.Observe(rNorm, x, alpha, pHat);
                status = tracker.Check(iteration, rNorm);
                restart = ConfirmOrRestart(a, b, x, r, rHat, tracker, ref status, ref rNorm, iteration, options.MaxIterations);
                if (status != SolveStatus.Iterating) break;
                rho = 1;
                continue;
            }
            preconditioner?.Apply(s, sHat);
            InputChecks.Apply(a, sHat, t, threads);
            double tt = Blas1.Dot(t, t);
            if (!double.IsFinite(tt)) { status = SolveStatus.NaNOrInfinity; break; }
            omega = tt == 0 ? 0 : Blas1.Dot(t, s) / tt;
            Blas1.Axpy(alpha, pHat, x);
            Blas1.Axpy(omega, sHat, x);
            // r = s - omega t
            s.CopyTo(r);
            Blas1.Axpy(-omega, t, r);
            rNorm = Blas1.Norm2(r);
            best.Observe(rNorm, x, alpha, pHat, omega, sHat);
            status = tracker.Check(iteration, rNorm);
            restart = ConfirmOrRestart(a, b, x, r, rHat, tracker, ref status, ref rNorm, iteration, options.MaxIterations);
            if (status == SolveStatus.Iterating && !restart && Math.Abs(omega) <= tiny) status = SolveStatus.Breakdown;
            rho = rhoNew;
        }
        // A converged status was confirmed by ConfirmOrRestart (or the initial residual), which left the true
        // ||b - A x|| in rNorm.
        var result = tracker.FinishWithTrueResidual(a, b, x, t, best, method, status, iteration, initial, preconditioner?.Remark, rNorm);
        Workspace.Return(block);
        return result;
    }

    /// <summary>
    /// When the recursive residual claims convergence, checks the true one; if it disagrees, replaces r by it,
    /// resets the shadow residual and asks for a restart.
    /// </summary>
    private static bool ConfirmOrRestart(ILinearOperator a, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> r, Span<double> rHat,
        IterationTracker tracker, ref SolveStatus status, ref double rNorm, int iteration, int maxIterations)
    {
        if (!status.IsConverged()) return false;
        double trueNorm = InputChecks.Residual(a, b, x, r, 1);
        rNorm = trueNorm;
        if (trueNorm <= tracker.Threshold) return false;
        r.CopyTo(rHat);
        status = iteration >= maxIterations ? SolveStatus.MaxIterations : SolveStatus.Iterating;
        return true;
    }
}
