using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Stationary;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tuning;

/// <summary>
/// One solve of a <see cref="RelaxationMethod"/> at a given omega, and the cost (iterations) of every omega of a grid
/// on one system: the full-information row of a <see cref="CostTable"/>, from which the best fixed omega in
/// hindsight, the instance-optimal grid policy and a policy's regret follow.
/// </summary>
public static class RelaxationCosts
{
    /// <summary>
    /// Solves A x = b with <paramref name="method"/> at relaxation factor <paramref name="omega"/>;
    /// <paramref name="x"/> holds the initial guess on entry and the solution on return.
    /// </summary>
    /// <exception cref="ArgumentException">Dimensions disagree, omega is outside (0, 2), or A does not suit the method.</exception>
    public static SolveResult Solve(RelaxationMethod method, CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, double omega,
        SolverOptions? options = null) => method switch
        {
            RelaxationMethod.Sor => Sor.Solve(a, b, x, omega, options),
            RelaxationMethod.Ssor => Ssor.Solve(a, b, x, omega, options),
            RelaxationMethod.SsorPcg => ConjugateGradient.Solve(a, b, x, new SsorPreconditioner(a, omega), options),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown relaxation method."),
        };

    /// <summary>
    /// The iterations <paramref name="method"/> takes on A x = b from <paramref name="initialGuess"/> at every omega
    /// of <paramref name="grid"/> (a system that does not converge costs the iteration limit, as it does a policy).
    /// </summary>
    /// <returns>One cost per grid omega, in grid order.</returns>
    /// <exception cref="ArgumentException">Dimensions disagree, or A does not suit the method.</exception>
    public static double[] OnGrid(RelaxationMethod method, CsrMatrix a, ReadOnlySpan<double> b, ReadOnlySpan<double> initialGuess,
        OmegaGrid grid, SolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var costs = new double[grid.Count];
        var x = new double[initialGuess.Length];
        for (int arm = 0; arm < grid.Count; arm++)
        {
            initialGuess.CopyTo(x);
            costs[arm] = Solve(method, a, b, x, grid[arm], options).Iterations;
        }
        return costs;
    }
}
