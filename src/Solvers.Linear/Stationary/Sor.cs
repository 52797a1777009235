using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Stationary;

/// <summary>
/// Successive over-relaxation as a stand-alone solver: x_(k+1) = x_k + M^-1 (b - A x_k) with M = D / omega + L
/// (Young 1950; Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., §4.1). Converges for every
/// symmetric positive definite A when 0 &lt; omega &lt; 2 (Ostrowski–Reich); <see cref="YoungOmega"/> gives the
/// asymptotically fastest omega for consistently ordered matrices.
/// </summary>
/// <remarks>
/// Stops on ||b - A x_k|| &lt;= max(atol, rtol ||b||), as the Krylov methods do; with x0 = 0 this is the
/// ||r_k|| / ||r_0|| test of Khodak et al. (Learning to Relax, ICLR 2024), so <see cref="SolveResult.Iterations"/>
/// is their cost. Each iteration is one sweep over A: the sweep that computes x_(k+1) also yields ||b - A x_k||
/// (see <see cref="Relaxation"/>), and the sweep past convergence is undone.
/// </remarks>
public static class Sor
{
    /// <summary>
    /// Solves A x = b by SOR(<paramref name="omega"/>). <paramref name="x"/> holds the initial guess on entry and
    /// the last iterate on return.
    /// </summary>
    /// <param name="a">Square matrix with a non-zero diagonal (SPD for guaranteed convergence).</param>
    /// <param name="b">Right-hand side.</param>
    /// <param name="x">Initial guess in, solution out.</param>
    /// <param name="omega">Relaxation factor in (0, 2); 1 is Gauss–Seidel.</param>
    /// <param name="options">Tolerances, limits and reporting; <see cref="SolverOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">Dimensions disagree, b or x has a NaN/Inf, or a diagonal entry is zero (the row is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">omega is not in (0, 2).</exception>
    public static SolveResult Solve(CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, double omega, SolverOptions? options = null)
        => RelaxationIteration.Run(a, b, x, omega, options, symmetric: false);
}
