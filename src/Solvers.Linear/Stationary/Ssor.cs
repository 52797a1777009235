using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Stationary;

/// <summary>
/// Symmetric successive over-relaxation as a stand-alone solver: each iteration is a forward SOR sweep followed
/// by a backward one, x_(k+1) = x_k + M^-1 (b - A x_k) with M = (D + omega L) D^-1 (D + omega U) / (omega (2 - omega))
/// (Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., §4.1.2). Converges for SPD A and 0 &lt; omega &lt; 2.
/// As a CG preconditioner use <see cref="Preconditioners.SsorPreconditioner"/>, which is the same M.
/// </summary>
/// <remarks>
/// Stops on ||b - A x_k|| &lt;= max(atol, rtol ||b||); the forward sweep of iteration k + 1 yields ||b - A x_k||, and
/// the forward sweep past convergence is undone. Two sweeps over A per iteration.
/// </remarks>
public static class Ssor
{
    /// <summary>
    /// Solves A x = b by SSOR(<paramref name="omega"/>). <paramref name="x"/> holds the initial guess on entry and
    /// the last iterate on return.
    /// </summary>
    /// <param name="a">Square matrix with a non-zero diagonal (SPD for guaranteed convergence).</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="omega">Relaxation factor in (0, 2); 1 is symmetric Gauss–Seidel.</param>
    /// <param name="options">Tolerances, limits and reporting; <see cref="SolverOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">Dimensions disagree, b or x has a NaN/Inf, or a diagonal entry is zero (the row is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">omega is not in (0, 2).</exception>
    public static SolveResult Solve(CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, double omega, SolverOptions? options = null)
        => RelaxationIteration.Run(a, b, x, omega, options, symmetric: true);
}
