using System.Runtime.CompilerServices;
using Solvers.Linear.Kernels;
using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Krylov;

/// <summary>
/// The (preconditioned) conjugate gradient method of Hestenes and Stiefel (1952) for symmetric positive
/// definite A and M; Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., Algorithm 9.1.
/// </summary>
/// <remarks>
/// Converges on the unpreconditioned residual ||b - A x|| &lt;= max(atol, rtol ||b||). The recursive residual
/// is checked against a recomputed one before convergence is reported; if they disagree the true residual
/// replaces the recursive one and the iteration continues. x += alpha p, r -= alpha q and r.r are one fused pass.
/// </remarks>
public static class ConjugateGradient
{
    /// <summary>
    /// Solves A x = b. <paramref name="x"/> holds the initial guess on entry and the solution (or the best
    /// iterate, when not converged) on return.
    /// </summary>
    /// <param name="a">Symmetric positive definite operator.</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="preconditioner">SPD preconditioner, or null for plain CG.</param>
    /// <param name="options">Tolerances, limits and reporting; <see cref="SolverOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">Dimensions disagree, b or x has a NaN/Inf, the preconditioner is not symmetric
    /// (<see cref="IPreconditioner.IsSymmetric"/>), or (with CheckInput) a CSR matrix is not symmetric or has a
    /// non-positive diagonal entry.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the loop is hot from its first call; skip tier 0
    public static SolveResult Solve(ILinearOperator a, ReadOnlySpan<double> b, Span<double> x,
        IPreconditioner? preconditioner = null, SolverOptions? options = null)
    {
        options ??= SolverOptions.Default;
        options.Validate();
        InputChecks.SquareSystem(a, b, x);
        preconditioner = InputChecks.EffectivePreconditioner(a, preconditioner);
        InputChecks.SymmetricPreconditioner(preconditioner, "CG");
        if (options.CheckInput && a is CsrMatrix csr) InputChecks.SymmetricPositiveDiagonal(csr, "CG");

        string method = preconditioner is null ? "cg" : $"pcg({preconditioner.Name})";
        int n = b.Length;
        int threads = options.Threads;
        double bNorm = Blas1.Norm2(b);
        var tracker = new IterationTracker(options, bNorm);

        // r, p, q and z in one rented block (see Workspace); each is written before it is read.
        var block = Workspace.Rent((preconditioner is null ? 3 : 4) * n);
        var r = block.AsSpan(0, n);
        var p = block.AsSpan(n, n);
        var q = block.AsSpan(2 * n, n);
        var z = preconditioner is null ? r : block.AsSpan(3 * n, n);
        double rNorm = InputChecks.Residual(a, b, x, r, threads);
        double initial = rNorm;
        var status = tracker.Check(0, rNorm);
        // ||b - A x|| recomputed for the current x; it is that whenever the status is a converged one.
        double trueNorm = rNorm;
        int iteration = 0;
        var best = new BestIterate();
        best.Observe(rNorm, x, 0, default);

        double rz = StartDirection(preconditioner, r, z, p, rNorm, ref status);
        while (status == SolveStatus.Iterating)
        {
            iteration++;
            double pq = ApplyAndDot(a, p, q, threads);
            if (!double.IsFinite(pq)) { status = SolveStatus.NaNOrInfinity; break; }
            if (pq <= 0) { status = SolveStatus.IndefiniteMatrix; break; }
            double alpha = rz / pq;
            rNorm = Math.Sqrt(Blas1.CgUpdate(alpha, p, q, x, r));
            best.Observe(rNorm, x, alpha, p);
            status = tracker.Check(iteration, rNorm);
            if (status.IsConverged())
            {
                trueNorm = InputChecks.Residual(a, b, x, q, threads);
                if (trueNorm <= tracker.Threshold) break;
                // The recursive residual drifted: continue from the true one with a fresh direction.
                q.CopyTo(r);
                rNorm = trueNorm;
                status = iteration >= options.MaxIterations ? SolveStatus.MaxIterations : SolveStatus.Iterating;
                rz = StartDirection(preconditioner, r, z, p, rNorm, ref status);
                continue;
            }
            if (status != SolveStatus.Iterating) break;

            double rzNew;
            if (preconditioner is null) rzNew = rNorm * rNorm;
            else
            {
                rzNew = preconditioner.ApplyAndDot(r, z);
                if (!double.IsFinite(rzNew)) { status = SolveStatus.NaNOrInfinity; break; }
                if (rzNew <= 0) { status = SolveStatus.IndefinitePreconditioner; break; }
            }
            Blas1.Xpby(z, rzNew / rz, p);
            rz = rzNew;
        }

        var result = tracker.FinishWithTrueResidual(a, b, x, r, best, method, status, iteration, initial, preconditioner?.Remark, trueNorm);
        Workspace.Return(block);
        return result;
    }

    private static double StartDirection(IPreconditioner? m, Span<double> r, Span<double> z, Span<double> p, double rNorm, ref SolveStatus status)
    {
        if (status != SolveStatus.Iterating) return 0;
        if (m is null)
        {
            r.CopyTo(p);
            return rNorm * rNorm;
        }
        double rz = m.ApplyAndDot(r, z);
        z.CopyTo(p);
        if (!double.IsFinite(rz)) status = SolveStatus.NaNOrInfinity;
        else if (rz <= 0) status = SolveStatus.IndefinitePreconditioner;
        return rz;
    }

    /// <summary>q = A p and p·q; one fused pass for a serial CSR matrix.</summary>
    private static double ApplyAndDot(ILinearOperator a, Span<double> p, Span<double> q, int threads)
    {
        if (threads <= 1 && a is CsrMatrix csr)
            return SpMV.MultiplyDot(csr.RowPointers, csr.ColumnIndices, csr.Values, p, q);
        InputChecks.Apply(a, p, q, threads);
        return Blas1.Dot(p, q);
    }
}
