using Solvers.Linear.Kernels;
using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Linear.Krylov;

/// <summary>A M^-1 for right-preconditioned methods, with the matching solution update x += M^-1 w.</summary>
internal readonly struct PreconditionedOperator(ILinearOperator a, IPreconditioner? m, int threads, double[] scratch)
{
    /// <summary>y = A M^-1 v.</summary>
    public void Apply(ReadOnlySpan<double> v, Span<double> y)
    {
        if (m is null)
        {
            InputChecks.Apply(a, v, y, threads);
            return;
        }
        m.Apply(v, scratch);
        InputChecks.Apply(a, scratch, y, threads);
    }

    /// <summary>x += M^-1 w.</summary>
    public void AddSolutionUpdate(ReadOnlySpan<double> w, Span<double> x)
    {
        if (m is null)
        {
            Blas1.Axpy(1.0, w, x);
            return;
        }
        m.Apply(w, scratch);
        Blas1.Axpy(1.0, scratch, x);
    }
}
